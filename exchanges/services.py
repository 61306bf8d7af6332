"""Writes of the exchanges app. Every save checks the meeting's version first.

Keyword-only, with the acting user, on instances and plain values (never forms): a view
hands over what its forms validated (``OrderedFormSet.rows()``, ``relations(form)``).
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import models, transaction

from core.actors import acted_by
from core.versioning import claim_version, save_versioned
from exchanges.forms import OrderedRows
from exchanges.models import Meeting, ThemeTable


def _save_rows(parent: models.Model, rows: OrderedRows) -> None:
    """Save the rows, numbering them 1, 2, 3 … in the order the user gave them."""
    for item in rows.deleted:
        item.delete()
    for position, (item, relations) in enumerate(rows.ordered, start=1):
        setattr(item, rows.parent_field, parent)
        item.position = position  # type: ignore[attr-defined]  # every ordered row model has it
        item.save()
        for name, values in relations.items():
            getattr(item, name).set(values)


@transaction.atomic
def meeting_save(
    *,
    meeting: Meeting,
    expected_version: int | None,
    relations: dict[str, list],
    lists: list[OrderedRows],
    by: User,
) -> Meeting:
    """The meeting's own fields with its guests and agenda, all or nothing."""
    save_versioned(acted_by(meeting, by), expected_version=expected_version)
    for name, values in relations.items():
        getattr(meeting, name).set(values)
    for rows in lists:
        _save_rows(meeting, rows)
    return meeting


def _claim(meeting: Meeting, expected_version: int | None, by: User) -> Meeting:
    """Lock the meeting and count a new version; refuse if someone saved meanwhile."""
    return claim_version(acted_by(meeting, by), expected_version=expected_version)


@transaction.atomic
def report_items_save(
    *, meeting: Meeting, expected_version: int | None, items: OrderedRows, by: User
) -> Meeting:
    meeting = _claim(meeting, expected_version, by)
    _save_rows(meeting, items)
    return meeting


@transaction.atomic
def theme_table_save(
    *,
    meeting: Meeting,
    expected_version: int | None,
    table: ThemeTable,
    relations: dict[str, list],
    results: OrderedRows,
    by: User,
) -> ThemeTable:
    meeting = _claim(meeting, expected_version, by)
    table.meeting = meeting
    acted_by(table, by).save()
    for name, values in relations.items():
        getattr(table, name).set(values)
    _save_rows(table, results)
    return table


@transaction.atomic
def theme_table_delete(*, table: ThemeTable, expected_version: int | None, by: User) -> ThemeTable:
    """Remove a theme table; returns it (without its row) for the confirmation."""
    _claim(table.meeting, expected_version, by)
    acted_by(table, by).delete()
    return table


@transaction.atomic
def meeting_delete(*, meeting: Meeting, expected_version: int | None, by: User) -> Meeting:
    """Delete a meeting with its lists; returns it (without its row) for the confirmation."""
    meeting = _claim(meeting, expected_version, by)
    meeting.delete()
    return meeting
