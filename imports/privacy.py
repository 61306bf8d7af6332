"""The imports wing's part of data-subject rights (issue 32): the uploaded lists it keeps.

An import keeps the file it was made from (for the preview, the error workbook and the
recognition of the same file). That file can name a contact person. So:

- Art. 17: when a contact person is erased (``contacts.privacy.erasing``), every stored
  list of the person's project is searched; a list that mentions the person (name,
  e-mail address or telephone number in a cell) is stored again without those cells – as
  a CSV of its table, so what is kept (and the error workbook built from it) no longer
  holds the person; title and footer rows are dropped with it.
- Art. 15: the report lists the stored lists that mention the person
  (``contacts.privacy.reporting``).
- Storage limitation: ``purge_uploads`` (``manage.py purge_uploads``) deletes the file of
  every import older than ``THINKA_UPLOAD_RETENTION_DAYS`` (drafts go entirely; a finished
  import keeps its record and its undo, not the file).

Connected in ``imports.apps``: contacts sends, imports answers – never the other way.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from contacts.models import ContactPerson
from core.text import fold
from imports.models import ImportBatch, ImportStatus
from imports.reading import ImportFileError
from imports.tables import Table, read_table

MIN_DIGITS = 6  # a telephone number is matched by its digits, from this length on


def _digits(value: object) -> str:
    return re.sub(r"\D", "", str(value))


def _marks(person: ContactPerson) -> tuple[list[str], str]:
    """What identifies the person in a cell: folded name and e-mail, and phone digits."""
    texts = [fold(value) for value in (person.name, person.email) if value and value.strip()]
    digits = _digits(person.phone)
    return [t for t in texts if len(t) >= 3], digits if len(digits) >= MIN_DIGITS else ""


def _mentions(value: object, texts: list[str], digits: str) -> bool:
    if value in ("", None):
        return False
    folded = fold(value)
    if any(f" {text} " in f" {folded} " for text in texts):
        return True
    return bool(digits) and digits in _digits(value)


def _table(batch: ImportBatch) -> Table | None:
    if not batch.content:
        return None
    try:
        return read_table(bytes(batch.content), batch.file_name, batch.header_row)
    except ImportFileError:
        return None


def _candidates(person: ContactPerson) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(project_id=person.network_contact.project_id).order_by("pk")


def uploads_mentioning(person: ContactPerson) -> list[tuple[ImportBatch, Table, int]]:
    """(batch, its table, rows naming the person) for every stored list that does."""
    texts, digits = _marks(person)
    if not texts and not digits:
        return []
    found = []
    for batch in _candidates(person):
        table = _table(batch)
        if table is None:
            continue
        rows = sum(1 for row in table.rows if any(_mentions(value, texts, digits) for value in row))
        if rows:
            found.append((batch, table, rows))
    return found


def _as_csv(header: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [
                ""
                if value is None
                else value.isoformat()
                if isinstance(value, datetime.date)
                else value
                for value in row
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def prune_person(*, person: ContactPerson) -> int:
    """Store every list of the person's project that mentions the person again without
    the cells that do; returns how many lists were changed."""
    texts, digits = _marks(person)
    changed = 0
    for batch, table, _rows in uploads_mentioning(person):
        rows = [
            ["" if _mentions(value, texts, digits) else value for value in row]
            for row in table.rows
        ]
        batch.content = _as_csv(table.header, rows)
        stem = PurePath(batch.file_name).stem.removesuffix("-bereinigt")
        batch.file_name = f"{stem}-bereinigt.csv"
        batch.header_row = 1
        batch.save(update_fields=["content", "file_name", "header_row"])
        changed += 1
    return changed


def on_erasing(sender: object, *, person: ContactPerson, **kwargs: Any) -> None:
    prune_person(person=person)


def on_reporting(sender: object, *, person: ContactPerson, **kwargs: Any) -> list[dict[str, Any]]:
    return [
        {
            "ort": "Importierte Liste (gespeicherte Datei)",
            "datei": batch.file_name,
            "hochgeladen_am": batch.created_at,
            "zeilen_mit_der_person": rows,
            "geloescht_spaetestens_am": batch.created_at
            + datetime.timedelta(days=settings.THINKA_UPLOAD_RETENTION_DAYS),
        }
        for batch, _table, rows in uploads_mentioning(person)
    ]


def purge_uploads(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Storage limitation: lists older than THINKA_UPLOAD_RETENTION_DAYS lose their file.
    Drafts are deleted; finished imports keep their record and undo. (drafts, files)"""
    cutoff = (now or timezone.now()) - datetime.timedelta(
        days=settings.THINKA_UPLOAD_RETENTION_DAYS
    )
    old = ImportBatch.objects.filter(created_at__lt=cutoff)
    drafts, _by_model = old.filter(status=ImportStatus.DRAFT).delete()
    files = old.exclude(status=ImportStatus.DRAFT).exclude(content=b"").update(content=b"")
    return drafts, files
