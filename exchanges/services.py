"""Writes of the exchanges app. Every save checks the meeting's version first."""

from __future__ import annotations

from django.db import transaction

from core.versioning import StaleObjectError, save_versioned
from exchanges.forms import MeetingForm, OrderedFormSet, ThemeTableForm
from exchanges.models import Meeting, ThemeTable


@transaction.atomic
def meeting_save(*, form: MeetingForm, formsets: list[OrderedFormSet]) -> Meeting:
    """The meeting's own fields with its guests and agenda, all or nothing."""
    meeting = form.save_versioned()
    for formset in formsets:
        formset.instance = meeting
        formset.save_in_order(meeting)
    return meeting


def _claim(meeting: Meeting, expected_version: int | None) -> Meeting:
    """Lock the meeting and count a new version; refuse if someone saved meanwhile."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if expected_version is None or current.version != expected_version:
        raise StaleObjectError(current)
    return save_versioned(current, expected_version=expected_version)


@transaction.atomic
def report_items_save(
    *, meeting: Meeting, expected_version: int | None, formset: OrderedFormSet
) -> Meeting:
    meeting = _claim(meeting, expected_version)
    formset.save_in_order(meeting)
    return meeting


@transaction.atomic
def theme_table_save(
    *,
    meeting: Meeting,
    expected_version: int | None,
    form: ThemeTableForm,
    results: OrderedFormSet,
) -> ThemeTable:
    meeting = _claim(meeting, expected_version)
    table = form.save(commit=False)
    table.meeting = meeting
    table.save()
    form.save_m2m()
    results.instance = table
    results.save_in_order(table)
    return table


@transaction.atomic
def theme_table_delete(*, table: ThemeTable, expected_version: int | None) -> None:
    _claim(table.meeting, expected_version)
    table.delete()


@transaction.atomic
def meeting_delete(*, meeting: Meeting, expected_version: int | None) -> None:
    _claim(meeting, expected_version)
    meeting.delete()
