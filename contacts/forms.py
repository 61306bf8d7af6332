"""Forms of the contacts app. Vocabulary choices offer active entries (and the ones in use)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import (
    Abbreviation,
    ContactPerson,
    ContactStatus,
    CooperationForm,
    DataSource,
    FieldOfAction,
    InformationExemption,
    Interaction,
    InteractionChannel,
    LegalBasis,
    NetworkContact,
    NoticeTemplate,
    Organisation,
    OrganisationType,
    Vocabulary,
)
from core.actors import display_name
from core.forms import DateInput, VersionedModelForm, choice_field


def active_or_in_use(model: type[Vocabulary], in_use: QuerySet[Any] | None = None) -> QuerySet[Any]:
    """Active entries, plus deactivated ones the record already uses (so nothing is lost)."""
    condition = Q(is_active=True)
    if in_use is not None:
        condition |= Q(pk__in=in_use.values("pk"))
    return model._default_manager.filter(condition)


class RecordingForm(forms.Form):
    """The frame of the one-page recording: the project, and an organisation picked from
    the register (by the type-ahead or from the suggestions) – else a new one is entered."""

    project: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Vorhaben"), queryset=None, empty_label=None
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation aus dem Register"),
        queryset=Organisation.objects.filter(merged_into__isnull=True).select_related(
            "organisation_type"
        ),
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _(
                "Diese Organisation gibt es im Register nicht mehr (zusammengeführt oder "
                "gelöscht). Bitte wählen Sie sie erneut aus."
            )
        },
    )
    # Set once the person has seen the register's similar entries for the name they typed
    # (the type-ahead, or the suggestions after sending): then a new entry is meant.
    register_checked = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, projects: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "project").queryset = projects
        if projects.count() == 1:
            self.fields["project"].widget = forms.HiddenInput()


class OptionalPart(forms.BaseForm):
    """A part of a page that may stay empty: validated and saved only when one of the
    fields in ``filled_by`` holds something (a preset date or choice alone is no entry)."""

    filled_by: tuple[str, ...] = ()

    def has_changed(self) -> bool:
        return self.is_bound and any(
            str(self.data.get(self.add_prefix(name), "")).strip() for name in self.filled_by
        )


def optional[F: forms.BaseForm](form_class: type[F], data: Any, prefix: str) -> F:
    return form_class(data, prefix=prefix, empty_permitted=True, use_required_attribute=False)


class OrganisationForm(VersionedModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "organisation_type",
            "street",
            "postcode",
            "city",
            "district",
            "phone",
            "email",
            "website",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        in_use = (
            OrganisationType.objects.filter(pk=self.instance.organisation_type_id)
            if self.instance.organisation_type_id
            else None
        )
        choice_field(self, "organisation_type").queryset = active_or_in_use(
            OrganisationType, in_use
        )


class NetworkContactForm(VersionedModelForm):
    class Meta:
        model = NetworkContact
        fields = [
            "intensity",
            "status",
            "since",
            "ended_on",
            "fields_of_action",
            "cooperation_forms",
            "in_steering_group",
            "steering_mandate",
            "moderates_steering_group",
            "notes",
            "responsible",
        ]
        widgets = {
            "since": DateInput,
            "ended_on": DateInput,
            "fields_of_action": forms.CheckboxSelectMultiple,
            "cooperation_forms": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "notes": _("Keine sensiblen Daten über Personen eintragen."),
            "since": _("Seit wann arbeitet das Vorhaben mit der Organisation zusammen?"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contact = self.instance
        choice_field(self, "fields_of_action").queryset = active_or_in_use(
            FieldOfAction, contact.fields_of_action.all() if contact.pk else None
        )
        choice_field(self, "cooperation_forms").queryset = active_or_in_use(
            CooperationForm, contact.cooperation_forms.all() if contact.pk else None
        )
        # The team of the contact's project (a new contact: of any project; the service
        # checks the chosen one belongs to the project). Empty: whoever records it.
        team = get_user_model().objects.filter(is_active=True, memberships__isnull=False)
        if contact.project_id:
            team = team.filter(memberships__project_id=contact.project_id)
        responsible = choice_field(self, "responsible")
        responsible.queryset = team.distinct().order_by("last_name", "username")
        # Django's per-instance label hook: a plain function, not a method.
        responsible.label_from_instance = display_name  # type: ignore[method-assign,assignment]
        self.fields["responsible"].help_text = _(
            "Wer im Team sich um diesen Partner kümmert (Wiedervorlagen, Wochenübersicht). "
            "Leer: wer ihn erfasst."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # a form's clean() returns its cleaned_data
        if data.get("steering_mandate") and not data.get("in_steering_group"):
            self.add_error(
                "steering_mandate", _("Ein Mandat gibt es nur für Mitglieder der Steuerungsgruppe.")
            )
        if data.get("moderates_steering_group") and not data.get("in_steering_group"):
            self.add_error(
                "moderates_steering_group",
                _("Moderieren kann nur ein Mitglied der Steuerungsgruppe."),
            )
        ended_on = data.get("ended_on")
        if ended_on and ended_on > timezone.localdate():
            self.add_error("ended_on", _("Das Datum darf nicht in der Zukunft liegen."))
        if ended_on and data.get("status") != ContactStatus.ENDED:
            self.add_error("ended_on", _("„beendet am“ passt nur zum Status „beendet“."))
        since = data.get("since")
        if since and ended_on and ended_on < since:
            self.add_error("ended_on", _("Das Ende darf nicht vor „Kontakt seit“ liegen."))
        return data


class InteractionForm(forms.ModelForm):
    class Meta:
        model = Interaction
        fields = ["date", "channel", "occasion", "result", "follow_up_on"]
        widgets = {
            "date": DateInput,
            "follow_up_on": DateInput,
            "result": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"follow_up_on": _("Optional: wann Sie wieder Kontakt aufnehmen wollen.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "channel").queryset = active_or_in_use(InteractionChannel)
        self.fields["date"].initial = timezone.localdate

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # a form's clean() returns its cleaned_data
        day, follow_up = data.get("date"), data.get("follow_up_on")
        if day and day > timezone.localdate():
            self.add_error("date", _("Das Datum darf nicht in der Zukunft liegen."))
        if day and follow_up and follow_up < day:
            self.add_error(
                "follow_up_on", _("Die Wiedervorlage darf nicht vor dem Kontakt liegen.")
            )
        return data


class ContactPersonForm(VersionedModelForm):
    class Meta:
        model = ContactPerson
        fields = [
            "name",
            "function",
            "phone",
            "email",
            "legal_basis",
            "consent_on",
            "consent_withdrawn_on",
            "is_active",
            "source",
            "source_note",
            "collected_on",
            "informed_on",
            "information_exemption",
        ]
        widgets = {
            "consent_on": DateInput,
            "consent_withdrawn_on": DateInput,
            "collected_on": DateInput,
            "informed_on": DateInput,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "source" in self.fields:  # not sent (an older form): recorded by the project
            self.fields["source"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # a form's clean() returns its cleaned_data
        if "source" in self.fields and not data.get("source"):
            data["source"] = self.instance.source or DataSource.RECORDED
        if data.get("legal_basis") == LegalBasis.CONSENT and not data.get("consent_on"):
            self.add_error(
                "consent_on", _("Bitte geben Sie an, wann die Einwilligung erteilt wurde.")
            )
        for name in ("consent_on", "consent_withdrawn_on", "collected_on", "informed_on"):
            day = data.get(name)
            if day and day > timezone.localdate():
                self.add_error(name, _("Das Datum darf nicht in der Zukunft liegen."))
        if data.get("source") == DataSource.FROM_PERSON and not data.get("information_exemption"):
            # Collected from the person: informed at collection (Art. 13), not by letter.
            data["information_exemption"] = InformationExemption.COLLECTED_FROM_PERSON
        return data


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Zusammenführen in (bleibt erhalten)"),
        queryset=Organisation.objects.none(),
        help_text=_("Alle Netzwerkkontakte gehen auf diese Organisation über."),
    )
    combine_conflicts = forms.BooleanField(
        label=_(
            "Wo beide Organisationen Netzwerkkontakt desselben Vorhabens sind: die beiden "
            "Netzwerkkontakte zusammenlegen (Ansprechpersonen und Kontaktverlauf bleiben erhalten)"
        ),
        required=False,
    )

    def __init__(self, *args: Any, source: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "target").queryset = Organisation.objects.filter(
            merged_into__isnull=True
        ).exclude(pk=source.pk)


class VocabularyForm(forms.ModelForm):
    class Meta:
        model = OrganisationType  # replaced per vocabulary by ``vocabulary_form``
        fields = ["label", "code", "order", "is_active"]
        help_texts = {"code": _("Stabiler Schlüssel für Exporte; später nicht mehr änderbar.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True


class AbbreviationForm(forms.ModelForm):
    class Meta:
        model = Abbreviation
        fields = ["short", "long"]
        help_texts = {
            "short": _("So, wie Listen sie schreiben, z. B. „THW“ oder „Stadtverw.“"),
            "long": _("Ausgeschrieben, z. B. „Technisches Hilfswerk“"),
        }


def vocabulary_form(model: type[Vocabulary]) -> type[VocabularyForm]:
    fields = list(VocabularyForm.Meta.fields)
    if model is OrganisationType:
        fields.insert(1, "sector")  # where the network maps draw its organisations
    return forms.modelform_factory(  # type: ignore[return-value]  # a subclass of form=
        model, form=VocabularyForm, fields=fields
    )


class FirstPersonForm(OptionalPart, ContactPersonForm):
    """The contact person on the one-page recording: a new person is currently responsible."""

    filled_by = ("name", "function", "phone", "email", "consent_on")

    class Meta(ContactPersonForm.Meta):
        # Recorded by the project, today (the service sets "erhoben am"); the information
        # duties (source, informed on) on the person's own page.
        fields = ["name", "function", "phone", "email", "legal_basis", "consent_on"]


class FirstInteractionForm(OptionalPart, InteractionForm):
    """The first contact on the one-page recording (the date alone is preset: no entry)."""

    filled_by = ("channel", "occasion", "result", "follow_up_on")


class FollowUpFilterForm(forms.Form):
    """The Wiedervorlagen page's filters: project and responsible person (GET)."""

    project: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Vorhaben"), queryset=None, required=False, empty_label=_("alle Vorhaben")
    )
    responsible = forms.TypedChoiceField(
        label=_("zuständig"), coerce=int, required=False, empty_value=None
    )

    def __init__(
        self, *args: Any, projects: QuerySet[Any], people: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "project").queryset = projects
        responsible = self.fields["responsible"]
        assert isinstance(responsible, forms.TypedChoiceField)
        responsible.choices = [
            ("", _("alle")),
            ("0", _("niemand eingetragen")),
            *((str(user.pk), display_name(user)) for user in people),
        ]


def follow_up_done_form(interaction: Interaction) -> InteractionForm:
    """Settling a follow-up from the Wiedervorlagen page: a contact, prefilled from the
    follow-up (way of contact, occasion), so that opening the row and saving suffices.
    Each row's form has its own ids (``auto_id``), sent without a prefix."""
    return InteractionForm(
        auto_id=f"id_done{interaction.pk}_%s",
        initial={
            "channel": interaction.channel_id,
            "occasion": _("Wiedervorlage: %(occasion)s") % {"occasion": interaction.occasion},
        },
    )


class SuccessorForm(ContactPersonForm):
    """Who follows a contact person that left: optional – empty when not yet known."""

    class Meta(ContactPersonForm.Meta):
        fields = ["name", "function", "phone", "email", "legal_basis", "consent_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(
            *args, prefix="successor", empty_permitted=True, use_required_attribute=False, **kwargs
        )
        self.fields["name"].label = _("Name der Nachfolge")
        self.fields.pop("expected_version", None)


class InformForm(forms.Form):
    """One action for one or many persons: notices to print or download, or "informiert am"."""

    PRINT = "print"
    DOCX = "docx"
    INFORMED = "informed"

    persons = forms.ModelMultipleChoiceField(
        label=_("Ansprechpersonen"),
        queryset=ContactPerson.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Bitte wählen Sie mindestens eine Ansprechperson.")},
    )
    action = forms.ChoiceField(
        choices=[
            (PRINT, _("Information zum Drucken")),
            (DOCX, _("Information als Word-Datei")),
            (INFORMED, _("als informiert eintragen")),
        ],
        widget=forms.HiddenInput,
    )
    informed_on = forms.DateField(
        label=_("informiert am"), required=False, widget=DateInput, initial=timezone.localdate
    )

    def __init__(self, *args: Any, persons: QuerySet[ContactPerson], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "persons").queryset = persons

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # a form's clean() returns its cleaned_data
        if data.get("action") == self.INFORMED:
            day = data.get("informed_on")
            if not day:
                self.add_error("informed_on", _("Bitte geben Sie an, wann informiert wurde."))
            elif day > timezone.localdate():
                self.add_error("informed_on", _("Das Datum darf nicht in der Zukunft liegen."))
        return data


class NoticeTemplateForm(forms.ModelForm):
    class Meta:
        model = NoticeTemplate
        fields = [
            "subject",
            "introduction",
            *NoticeTemplate.SECTIONS,
            "closing",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in NoticeTemplate.SECTIONS}
