"""What a change history entry changed: field, old → new, from the entry before it.

simple_history keeps every version of a record; ``describe`` compares each version with
the one before it (of the same record) and attaches ``entry.changes`` as (label, old, new),
values as a reader reads them (choices by their label, dates as TT.MM.JJJJ, related records
by name). A few queries per call, whatever the number of entries.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

# Bookkeeping, not content: never listed as a change.
SKIPPED = {
    "id",
    "version",
    "created_at",
    "updated_at",
    "normalised_name",
    "normalised_city",
    "match_key",
    "keys_read_from",
}
LONG_TEXT = 80


def describe(entries: list, *, hidden: frozenset[str] = frozenset()) -> list:
    """``entries``: history rows of one model, newest first, possibly of several records.
    Each gets ``changes``; the oldest row of a record has none (its predecessor is not
    among ``entries``). ``hidden``: fields whose values the reader may not see.
    ``unchanged`` is true for an update whose predecessor is known and that changed no
    field shown (e.g. only the date of the last contact, or the fields of action saved
    again right after creating): a page may leave it out instead of "geändert –"."""
    if not entries:
        return entries
    model = entries[0].instance_type
    fields = [
        field
        for field in model._meta.concrete_fields
        if field.name not in SKIPPED and field.name not in hidden
    ]
    by_record: dict = {}
    for entry in reversed(entries):  # oldest first
        entry.changes = []
        entry.unchanged = False
        before = by_record.get(entry.id)
        by_record[entry.id] = entry
        if before is None or entry.history_type != "~":
            continue
        for field in fields:
            old, new = getattr(before, field.attname), getattr(entry, field.attname)
            if old != new:
                entry.changes.append((field, old, new))
        entry.unchanged = not entry.changes
    names = _related_names(entries, fields)
    for entry in entries:
        entry.changes = [
            (
                str(field.verbose_name),
                _shown(field, old, names),
                _shown(field, new, names),
            )
            for field, old, new in entry.changes
        ]
    return entries


def _related_names(entries: list, fields: list) -> dict:
    """Names of the related records the changes mention: one query per related model."""
    wanted: dict = {}
    for entry in entries:
        for field, old, new in entry.changes:
            if field.many_to_one:
                wanted.setdefault(field.related_model, set()).update({old, new} - {None})
    return {
        (related, pk): str(obj)
        for related, ids in wanted.items()
        for pk, obj in related._base_manager.in_bulk(ids).items()
    }


def _shown(field: models.Field, value: object, names: dict) -> str:
    if value in (None, ""):
        return "–"
    if field.many_to_one:
        return names.get((field.related_model, value), f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    text = readable(value)
    return text if len(text) <= LONG_TEXT else text[: LONG_TEXT - 1] + "…"


def readable(value: object) -> str:
    """A stored value as a reader reads it: "–", "ja"/"nein", TT.MM.JJJJ (with the time in
    local time for a moment)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)
