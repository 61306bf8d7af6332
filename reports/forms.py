"""Forms of the reports wing: the ministry workbook's period and projects, map filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from contacts.models import FieldOfAction, OrganisationType
from core.forms import DateInput, choice_field
from reports import periods

FREE_PERIOD = "frei"


def _choices(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """One of ``form``'s choice fields by name, to set its options."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField), f"{name} is no choice field"
    return field


class MinistryExportForm(forms.Form):
    """Reporting period and projects of the ministry workbook."""

    period = forms.ChoiceField(label=_("Berichtszeitraum"))
    date_from = forms.DateField(label=_("von"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("bis"), required=False, widget=DateInput())
    projects: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("Mehrzahl", "Vorhaben"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "columns-checkboxes"}),
        help_text=_("Ohne Auswahl: alle Vorhaben, die Sie exportieren dürfen."),
    )
    include_persons = forms.BooleanField(
        label=_(
            "Ansprechpersonen einschließen (nur für die eigene Arbeit, nie für das Ministerium)"
        ),
        required=False,
    )

    def __init__(
        self, *args: Any, projects: QuerySet[Any], persons_allowed: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        halves = [c for c in periods.recent_choices(today) if "-H" in c[0]]
        quarters = [c for c in periods.recent_choices(today) if "-Q" in c[0]]
        _choices(self, "period").choices = [
            (_("Halbjahre"), halves),
            (_("Quartale"), quarters),
            (FREE_PERIOD, _("freier Zeitraum (Daten unten)")),
        ]
        self.fields["period"].initial = halves[1][0] if len(halves) > 1 else halves[0][0]
        choice_field(self, "projects").queryset = projects.order_by("name")
        if not persons_allowed:
            del self.fields["include_persons"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # a form's clean() returns its cleaned_data
        choice = data.get("period")
        try:
            if choice == FREE_PERIOD:
                start, end = data.get("date_from"), data.get("date_to")
                if not start or not end:
                    raise periods.PeriodError(
                        _("Für einen freien Zeitraum brauchen Sie das Datum „von“ und „bis“.")
                    )
                data["report_period"] = periods.checked_free_range(start, end, timezone.localdate())
            elif choice:
                data["report_period"] = periods.parse(choice)
        except periods.PeriodError as error:
            self.add_error("period", str(error))
        if not data.get("projects"):
            data["projects"] = choice_field(self, "projects").queryset
        return data


class NetworkMapForm(forms.Form):
    field = forms.ModelChoiceField(
        label=_("Handlungsfeld"),
        queryset=FieldOfAction.objects.filter(is_active=True),
        required=False,
        empty_label=_("alle"),
    )
    type = forms.ModelChoiceField(
        label=_("Organisationsart"),
        queryset=OrganisationType.objects.filter(is_active=True),
        required=False,
        empty_label=_("alle"),
    )


class MapPeriodForm(forms.Form):
    """The network map as at today or at the end of a past half-year or quarter."""

    zeitraum = forms.ChoiceField(label=_("Stand"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        _choices(self, "zeitraum").choices = [("", _("heute"))] + [
            (code, _("Ende %(period)s") % {"period": label})
            for code, label in periods.recent_choices(today)
            if periods.parse(code).end < today  # a period still running has no end state yet
        ]
        self.fields["zeitraum"].error_messages["invalid_choice"] = _(
            "Diesen Zeitraum gibt es nicht oder er ist noch nicht beendet. Bitte wählen Sie "
            "„heute“ oder einen Zeitraum aus der Liste."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # a form's clean() returns its cleaned_data
        choice = data.get("zeitraum")
        data["period"] = periods.parse(choice) if choice else None
        return data
