"""The one place that speaks to the import engine: a list run as a user who clicks through
the wizard would run it (and as ``import_contacts --mapping auto`` runs it).

upload → the suggested mapping kept → unknown vocabulary values left at the wizard's
default choice (its suggestion by similarity, else "leer lassen") → commit with "Zeilen mit
Fehlern auslassen" ticked (a user who clicks through ticks it when the preview shows errors;
what it leaves out is counted as lost). The commit evaluates the preview again inside its
transaction, so the preview is run once, not twice (a list costs half as much). Only the services, the mapping's
public helpers the wizard itself uses and the models are touched – no internals – so the
measure holds for any engine behind them. When the engine's public API changes, this
module is what follows it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from core.text import fold
from imports import mapping as m
from imports import selectors, services
from imports.reading import ImportFileError


@dataclass
class Run:
    committed: bool
    refused: str = ""  # the engine's message when it refused the list
    crashed: str = ""  # an exception the engine should never raise
    skipped_rows: int = 0  # rows the commit left out (errors, duplicates)


def click_through_value_map(batch) -> dict:
    """What the wizard's mapping page posts when the user changes nothing: for each value
    it does not know, its suggestion by similarity or "– leer lassen –"."""
    table = selectors.table_of(batch)
    unknown = m.unknown_values(table.rows, table.header, batch.mapping, batch.value_map)
    value_map = {code: dict(values) for code, values in batch.value_map.items()}
    for code, values in unknown.items():
        matcher = m.ValueMatcher(m.BY_CODE[code].vocabulary)
        for value in values:
            suggested, _confident = matcher.match(value)
            value_map.setdefault(code, {})[fold(value)] = suggested or None
    return value_map


def import_list(*, project, user, file_name: str, data: bytes) -> Run:
    try:
        batch = services.upload(project=project, by=user, file_name=file_name, data=data)
        table = selectors.table_of(batch)
        services.mapping_save(
            batch=batch,
            mapping=batch.mapping,
            value_map=click_through_value_map(batch),
            mode=batch.mode,
            list_date=batch.list_date or table.stated_date,
            by=user,
        )
        counts = services.commit(batch=batch, by=user, skip_errors=True)
    except (ImportFileError, ValidationError) as refusal:
        messages = getattr(refusal, "messages", None) or [str(refusal)]
        return Run(committed=False, refused=" ".join(messages))
    except Exception as crash:  # noqa: BLE001 – counted and printed, never hidden
        return Run(committed=False, crashed=f"{type(crash).__name__}: {crash}")
    return Run(committed=True, skipped_rows=counts.skipped)
