"""Reads of the import: the uploaded list as a table, its import plan, the preview of every
row, how much of the list found its field, the rows with errors as a workbook – nothing here
writes (``imports.services`` does)."""

from __future__ import annotations

import hashlib
import io
import json
from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Count, Max, Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import (
    Abbreviation,
    ContactPerson,
    CooperationForm,
    FieldOfAction,
    NetworkContact,
    Organisation,
    OrganisationType,
)
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
    """Every row's outcome under the batch's plan; kept for the commit (``previewed``)."""
    table = table or table_of(batch)
    plan = plan or plan_of(batch, table)
    state = register_state(batch)  # before reading: a change meanwhile is seen as one
    results = evaluate(table, plan, batch.project)
    _EVALUATIONS[batch.pk] = Evaluation(_evaluation_key(batch, plan), state, results)
    _EVALUATIONS.move_to_end(batch.pk)
    while len(_EVALUATIONS) > _EVALUATIONS_KEPT:
        _EVALUATIONS.popitem(last=False)
    return results


# --- the preview's evaluation, for the commit --------------------------------------------
#
# The commit writes what the preview showed: the rows as evaluated then, if neither the
# plan (mapping, answers, links, mode, date of the list, choices) nor anything the
# evaluation read (the register, its abbreviations and vocabularies, this project's network
# contacts and their persons) has changed since – else it evaluates the rows again. Kept
# per process, like the tables above: a commit served by another worker evaluates again.


@dataclass(frozen=True)
class Evaluation:
    key: str  # the batch, its table and the plan the rows were evaluated under
    state: tuple[object, ...]  # register_state() before the evaluation
    results: list[RowResult]


_EVALUATIONS: OrderedDict[int, Evaluation] = OrderedDict()
_EVALUATIONS_KEPT = 2


def _evaluation_key(batch: ImportBatch, plan: ImportPlan) -> str:
    rule = plan.rule
    described = {
        "batch": [batch.pk, batch.created_at.isoformat() if batch.created_at else ""],
        "table": [batch.checksum, batch.file_name, batch.header_row],
        "mapping": plan.mapping,
        "value_map": {code: dict(chosen) for code, chosen in plan.value_map.items()},
        "links": {str(row): pk for row, pk in plan.links.items()},
        "declined": sorted(plan.declined),
        "rule": [rule.mode, str(rule.list_date), dict(rule.resolutions)],
        # A row's outcome may depend on the day (a partnership ended "today").
        "today": timezone.localdate().isoformat(),
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True, default=str).encode()).hexdigest()


def _table_state(rows: QuerySet[Model], changed: str | None = "updated_at") -> tuple[object, ...]:
    figures = rows.aggregate(
        count=Count("pk"), last=Max("pk"), **({"changed": Max(changed)} if changed else {})
    )
    return tuple(figures[name] for name in ("count", "last", "changed") if name in figures)


def register_state(batch: ImportBatch) -> tuple[object, ...]:
    """What an evaluation of ``batch``'s rows read, in a few figures per table: how many
    rows, the last key and the last change. Any entry added, removed or saved since (its
    ``updated_at``) changes them."""
    contacts = NetworkContact.objects.filter(project_id=batch.project_id)
    return (
        _table_state(Organisation.objects.all()),
        _table_state(Abbreviation.objects.all()),
        _table_state(contacts),
        _table_state(ContactPerson.objects.filter(network_contact__project_id=batch.project_id)),
        *(
            _table_state(model.objects.all(), changed=None)
            for model in (OrganisationType, FieldOfAction, CooperationForm)
        ),
    )


def previewed(batch: ImportBatch, plan: ImportPlan) -> Evaluation | None:
    """The preview's evaluation of ``batch`` if it was made under ``plan`` and nothing it
    read has changed since; None: evaluate again. Taken (the commit changes its rows):
    ``give_back`` returns it untouched."""
    kept = _EVALUATIONS.pop(batch.pk, None)
    if kept is None or kept.key != _evaluation_key(batch, plan):
        return None
    if kept.state != register_state(batch):
        return None
    return kept


def give_back(batch: ImportBatch, evaluation: Evaluation) -> None:
    """An evaluation ``previewed`` handed out, its rows unchanged (a commit refused before
    writing anything): the next commit may take it again."""
    _EVALUATIONS[batch.pk] = evaluation


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
