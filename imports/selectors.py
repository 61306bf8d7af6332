"""Reads of the import: the uploaded list as a table, its import plan, the preview of every
row, how much of the list found its field, the rows with errors as a workbook – nothing here
writes (``imports.services`` does)."""

from __future__ import annotations

import io
from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.spreadsheets import PlainSheet
from imports.models import ImportBatch, ImportStatus
from imports.plan import ImportPlan
from imports.rows import RowResult, evaluate
from imports.tables import Table, read_table

# The list as read, per file (checksum), name and header row: a draft's file never changes,
# and upload, preview and commit would otherwise read it three times (for 10,000 rows
# a second of the import, docs/performance.md). A few entries per process; the rows are
# read-only for everything that uses them.
_TABLES: OrderedDict[tuple[str, str, int | None], Table] = OrderedDict()
_TABLES_KEPT = 4


def remember_table(key: tuple[str, str, int | None], table: Table) -> Table:
    """Keep ``table`` as the list read for ``key`` (the upload has just read it)."""
    _TABLES[key] = table
    _TABLES.move_to_end(key)
    while len(_TABLES) > _TABLES_KEPT:
        _TABLES.popitem(last=False)
    return table


def table_of(batch: ImportBatch) -> Table:
    key = (batch.checksum, batch.file_name, batch.header_row)
    if key in _TABLES:
        _TABLES.move_to_end(key)
        return _TABLES[key]
    return remember_table(key, read_table(bytes(batch.content), batch.file_name, batch.header_row))


def earlier_imports(batch: ImportBatch) -> QuerySet[ImportBatch]:
    """The same file (by checksum) imported before into this project."""
    return ImportBatch.objects.filter(
        project=batch.project, checksum=batch.checksum, status=ImportStatus.COMMITTED
    ).exclude(pk=batch.pk)


def plan_of(batch: ImportBatch, table: Table | None = None, *, explain: bool = False) -> ImportPlan:
    """The batch's import plan (``explain``: with each column's evidence)."""
    return ImportPlan.of_batch(batch, table or table_of(batch), explain=explain)


def preview(
    batch: ImportBatch, table: Table | None = None, plan: ImportPlan | None = None
) -> list[RowResult]:
    table = table or table_of(batch)
    return evaluate(table, plan or plan_of(batch, table), batch.project)


@dataclass
class Placement:
    """How much of the list found its field: filled cells, those in a used column, and
    those kept in the notes because they could not be read."""

    filled: int
    placed: int
    kept: int

    @property
    def share(self) -> float:
        return self.placed / self.filled if self.filled else 1.0


def placement(table: Table, plan: ImportPlan, results: list[RowResult]) -> Placement:
    used = [column.index for column in plan.used]
    filled = sum(1 for row in table.rows for value in row if value not in ("", None))
    placed = sum(1 for row in table.rows for i in used if row[i] not in ("", None))
    kept = sum(len(result.review) for result in results)
    return Placement(filled=filled, placed=max(placed - kept, 0), kept=kept)


def placed_values(table: Table, mapping: dict[str, str]) -> int:
    """How many filled cells of the list are in a mapped column."""
    columns = [i for i, column in enumerate(table.header) if mapping.get(column)]
    return sum(1 for row in table.rows for i in columns if row[i] not in ("", None))


def errors_workbook(batch: ImportBatch) -> bytes:
    """The rows with errors and the rows to check as they were in the file, plus a column
    with the reasons. Written straight as OOXML (``PlainSheet``): a full list of 20,000
    rows × 100 columns within seconds; every value text, never a formula."""
    table = table_of(batch)
    results = preview(batch)
    buffer = io.BytesIO()
    with PlainSheet(
        buffer,
        _("Fehler"),
        [(_("Zeile"), 8), *((name, 20) for name in table.header), (_("Fehler"), 60)],
    ) as sheet:
        for result in results:
            if result.errors or result.needs_review:
                reasons = [*result.errors, *(str(r) for r in result.review if result.needs_review)]
                sheet.append([result.number, *result.source, " ".join(reasons)])
    return buffer.getvalue()
