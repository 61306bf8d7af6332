"""Form building blocks shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.actors import display_name
from core.versioning import StaleObjectError, VersionedModel, save_versioned

STALE_MESSAGE = _(
    "Dieser Datensatz wurde inzwischen von %(user)s geändert (%(when)s). Ihre Änderungen "
    "wurden nicht gespeichert. Unten sehen Sie den aktuellen Stand; bitte prüfen Sie ihn und "
    "tragen Sie Ihre Änderungen erneut ein."
)


class DateInput(forms.DateInput):
    """A native date picker; browsers need ISO dates in the value attribute."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class VersionedModelForm(forms.ModelForm):
    """A ModelForm that carries the version it was rendered with (optimistic locking)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["expected_version"].initial = self.instance.version

    def save_versioned(self) -> VersionedModel:
        """Save through the version check; on conflict the form gets a German error."""
        instance = self.save(commit=False)
        save_versioned(instance, expected_version=self.cleaned_data.get("expected_version"))
        self.save_m2m()
        return instance


def stale_error_message(current: VersionedModel) -> str:
    """The message for a refused save, naming who changed the record and when."""
    history = getattr(current, "history", None)
    latest = history.select_related("history_user").first() if history is not None else None
    who = getattr(latest, "history_user", None) if latest else None
    when = timezone.localtime(current.updated_at)
    return str(STALE_MESSAGE) % {
        "user": display_name(who, default=str(_("einer anderen Person"))),
        "when": formats.date_format(when, "DATETIME_FORMAT"),
    }


def part_error_items(parts: list[tuple[str, forms.BaseForm]]) -> list[dict[str, str]]:
    """Errors of the parts of a page with several forms, for its one error summary (the page
    has one #error-summary): "Ansprechperson – E-Mail: …"; a part without a label names
    only the field."""
    items = []
    for label, form in parts:
        for error in form.non_field_errors():
            items.append({"anchor": "", "text": f"{label}: {error}" if label else str(error)})
        for field in form:
            name = f"{label} – {field.label}" if label else field.label
            for error in field.errors:
                items.append({"anchor": field.auto_id, "text": f"{name}: {error}"})
    return items


def formset_error_items(*formsets: forms.BaseFormSet) -> list[dict[str, str]]:
    """Errors of inline rows for the error summary: "Tagesordnungspunkt 2 – Titel: …"."""
    items = []
    for formset in formsets:
        label = getattr(formset, "item_label", _("Zeile"))
        for error in formset.non_form_errors():
            items.append({"anchor": "", "text": f"{label}: {error}"})
        items += part_error_items(
            [(f"{label} {index}", form) for index, form in enumerate(formset.forms, start=1)]
        )
    return items


__all__ = [
    "DateInput",
    "StaleObjectError",
    "VersionedModelForm",
    "formset_error_items",
    "part_error_items",
    "stale_error_message",
]


def choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """One of ``form``'s model choice fields by name, to narrow its options or label
    (``form.fields`` is typed as plain fields; a wrong name or kind fails loudly here)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField), f"{name} is no model choice field"
    return field
