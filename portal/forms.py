"""Forms of the portal: the filter of the change log."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from portal.audit import tracked_choices
from portal.models import AccessibilityFeedback, PublicPage

MESSAGE_LIMIT = 5000
_LINK = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|net|org|ru|info|biz|xyz|top)\S*", re.I
)


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("Bereich"), required=False)
    since = forms.DateField(label=_("seit"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model = self.fields["model"]
        assert isinstance(model, forms.ChoiceField)  # declared above
        model.choices = [("", _("alle")), *tracked_choices()]


class FeedbackForm(forms.ModelForm):
    """A barrier reported by anyone, logged in or not. Refuses, in German, a text made of
    links only and one too long; a field people never see catches simple robots."""

    website = forms.CharField(
        required=False,
        label=_("Bitte dieses Feld leer lassen"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = AccessibilityFeedback
        fields = ["message", "page", "name", "email"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6, "maxlength": MESSAGE_LIMIT})}
        help_texts = {
            "message": _("Was funktioniert nicht, und womit arbeiten Sie (z. B. Screenreader)?"),
            "page": _("Adresse oder Name der Seite, wenn Sie ihn kennen."),
            "email": _("Freiwillig: dann bestätigen wir den Eingang und antworten Ihnen."),
        }

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].strip()
        if len(message) > MESSAGE_LIMIT:
            raise forms.ValidationError(
                _(
                    "Ihre Rückmeldung hat %(count)s Zeichen; möglich sind höchstens %(limit)s. "
                    "Bitte kürzen Sie sie oder schreiben Sie uns zweimal."
                )
                % {"count": f"{len(message):,}".replace(",", "."), "limit": "5.000"}
            )
        links = _LINK.findall(message)
        words = re.findall(r"[^\W\d_]{2,}", _LINK.sub(" ", message))
        if links and (len(words) < 5 or len(links) > 3):
            raise forms.ValidationError(
                _(
                    "Bitte beschreiben Sie die Barriere in eigenen Worten. Nachrichten, die nur "
                    "aus Links bestehen oder mehr als drei Links enthalten, nehmen wir nicht an."
                )
            )
        if len(words) < 2:
            raise forms.ValidationError(_("Bitte beschreiben Sie die Barriere in ein paar Worten."))
        return message

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Bitte lassen Sie dieses Feld leer."))
        return ""


class PublicPageForm(forms.ModelForm):
    class Meta:
        model = PublicPage
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24})}
