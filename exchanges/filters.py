"""The cross-meeting view of successes and obstacles; its state lives in the URL."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet
from core.forms import DateInput
from exchanges.models import Meeting, ReportKind
from projects.models import Project


class PeriodForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # a form's clean() returns its cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(
                _("Das Datum „von“ darf nicht nach dem Datum „bis“ liegen.")
            )
        return data


class ReportItemFilter(FilterSet):
    q = django_filters.CharFilter(
        label=_("Stichwort"), method="search", help_text=_("z. B. „Bürgeraktivierung“")
    )
    kind = django_filters.ChoiceFilter(label=_("Art"), choices=ReportKind, empty_label=_("alle"))
    project = django_filters.ModelChoiceFilter(
        label=_("Vorhaben"),
        queryset=Project.objects.order_by("name"),
        method="by_project",
        empty_label=_("alle"),
    )
    meeting = django_filters.ModelChoiceFilter(
        label=_("Erfahrungsaustausch"), queryset=Meeting.objects.all(), empty_label=_("alle")
    )
    date_from = django_filters.DateFilter(
        label=_("von"), field_name="meeting__date", lookup_expr="gte", widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        label=_("bis"), field_name="meeting__date", lookup_expr="lte", widget=DateInput()
    )

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        condition = Q()
        for word in value.split():
            condition &= Q(text__icontains=word) | Q(details__icontains=word)
        return queryset.filter(condition)

    def by_project(self, queryset: QuerySet, name: str, value: Project) -> QuerySet:
        # Only what the project reported itself: summaries name no single project.
        return queryset.filter(project=value)

    class Meta:
        form = PeriodForm
        fields: list[str] = []
