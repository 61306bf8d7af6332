"""Forms of the exchanges app: the meeting, and its lists as ordered inline formsets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, VersionedModelForm, choice_field
from exchanges.models import (
    AgendaItem,
    Guest,
    Meeting,
    ReportItem,
    ThemeTable,
    ThemeTableResult,
)
from projects.models import Project


class MeetingForm(VersionedModelForm):
    class Meta:
        model = Meeting
        fields = [
            "number",
            "date",
            "place",
            "host_project",
            "status",
            "projects",
            "introduction",
            "ministry_information",
            "closing_notes",
            "next_meeting_on",
            "next_meeting_place",
            "authors",
            "written_at",
        ]
        widgets = {
            "date": DateInput(),
            "next_meeting_on": DateInput(),
            "projects": forms.CheckboxSelectMultiple(attrs={"class": "columns-checkboxes"}),
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "ministry_information": forms.Textarea(attrs={"rows": 6}),
            "closing_notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        projects = Project.objects.order_by("name")
        choice_field(self, "host_project").queryset = projects
        choice_field(self, "projects").queryset = projects
        choice_field(self, "host_project").empty_label = _("– keines –")


class MeetingVersionForm(forms.Form):
    """Pages that change only the meeting's lists still check that nobody else saved."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)


def relations(form: forms.ModelForm[Any]) -> dict[str, list[Any]]:
    """The many-to-many values a valid model form holds, by field name."""
    names = {field.name for field in form._meta.model._meta.many_to_many}
    return {name: list(form.cleaned_data[name]) for name in names if name in form.cleaned_data}


@dataclass
class OrderedRows:
    """An ordered list's rows: those to remove, and the rest in the order the user gave."""

    parent_field: str
    deleted: list[models.Model] = field(default_factory=list)
    ordered: list[tuple[models.Model, dict[str, list]]] = field(default_factory=list)


class OrderedFormSet(BaseInlineFormSet):
    item_label: str | Promise = _("Zeile")  # the error summary: "Gast 2 – Name: …"

    """An inline formset whose rows can be added, removed and moved.

    Django's ORDER field carries the position (labelled "Position"); rows left empty are
    ignored, so spare rows work without JavaScript.
    """

    def add_fields(self, form: forms.ModelForm[Any], index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("Position")
        form.fields["ORDER"].widget.attrs.update({"class": "form-control order-input", "min": 1})
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("entfernen")

    def clean(self) -> None:
        super().clean()
        # A stored row must belong to this record: an id of another record's row (edited
        # into the form) is refused instead of being saved as a new row.
        for form in self.initial_forms:
            if form.instance.pk is None:
                raise forms.ValidationError(
                    _(
                        "Die Liste wurde verändert und passt nicht mehr zu diesem Datensatz. "
                        "Bitte laden Sie die Seite neu."
                    )
                )

    def rows(self) -> OrderedRows:
        """What the user asked for, as instances: services take no forms."""
        return OrderedRows(
            parent_field=self.fk.name,
            deleted=[form.instance for form in self.deleted_forms if form.instance.pk],
            ordered=[(form.save(commit=False), relations(form)) for form in self.ordered_forms],
        )


def ordered_formset(
    model: type[models.Model],
    parent_model: type[models.Model],
    fields: list[str],
    *,
    widgets: dict[str, Any] | None = None,
    labels: dict[str, Any] | None = None,
    extra: int = 2,
) -> type[OrderedFormSet]:
    return inlineformset_factory(  # type: ignore[return-value]  # a subclass of formset=
        parent_model,
        model,
        formset=OrderedFormSet,
        fields=fields,
        widgets=widgets,
        labels=labels,
        extra=extra,
        can_order=True,
        can_delete=True,
    )


GuestFormSet = ordered_formset(Guest, Meeting, ["name", "organisation", "function"], extra=1)
GuestFormSet.item_label = _("Gast")
AgendaFormSet = ordered_formset(
    AgendaItem,
    Meeting,
    ["title", "notes"],
    widgets={"notes": forms.Textarea(attrs={"rows": 3})},
)
AgendaFormSet.item_label = _("Tagesordnungspunkt")
ThemeResultFormSet = ordered_formset(ThemeTableResult, ThemeTable, ["text"], extra=3)
ThemeResultFormSet.item_label = _("Ergebnis")


class ReportItemForm(forms.ModelForm):
    class Meta:
        model = ReportItem
        fields = ["kind", "project", "text", "details"]
        widgets = {"details": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "project").queryset = Project.objects.order_by("name")
        choice_field(self, "project").empty_label = _("mehrere Vorhaben (zusammengefasst)")


ReportFormSet: type[OrderedFormSet] = inlineformset_factory(  # type: ignore[assignment]  # a subclass of formset=
    Meeting,
    ReportItem,
    form=ReportItemForm,
    formset=OrderedFormSet,
    extra=3,
    can_order=True,
    can_delete=True,
)
ReportFormSet.item_label = _("Eintrag")


class ThemeTableForm(forms.ModelForm):
    class Meta:
        model = ThemeTable
        fields = ["title", "position", "projects"]
        labels = {"position": _("Position unter den Thementischen")}
        widgets = {"projects": forms.CheckboxSelectMultiple(attrs={"class": "columns-checkboxes"})}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the projects that took part can sit at a table; before that list exists, all.
        participants = meeting.projects.order_by("name")
        choice_field(self, "projects").queryset = (
            participants if participants.exists() else Project.objects.order_by("name")
        )
