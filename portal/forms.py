"""Forms of the portal: the filter of the change log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from portal.audit import tracked_choices


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("Bereich"), required=False)
    since = forms.DateField(label=_("seit"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model = self.fields["model"]
        assert isinstance(model, forms.ChoiceField)  # declared above
        model.choices = [("", _("alle")), *tracked_choices()]
