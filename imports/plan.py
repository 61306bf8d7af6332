"""The import plan: one frozen object that says how a list becomes network contacts.

Each column with its role and the evidence for it (or why it is not used), the answers for
vocabulary values, the rows linked to register entries, and how existing contacts are
updated. The wizard, the command ``import_contacts``, the preview, the commit and the undo
all read this one object; ``ImportBatch`` stores its parts in its JSON fields (``mapping``,
``value_map``, ``links``, ``mode``, ``list_date``, ``resolutions``) as before.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from imports import evidence
from imports import mapping as m
from imports.models import ImportBatch
from imports.tables import Table


@dataclass(frozen=True)
class UpdateRule:
    """How a list updates existing contacts: the mode, the list's date and the user's
    choices where the application holds a newer value."""

    mode: str
    list_date: datetime.date | None = None
    resolutions: Mapping[str, str] = field(default_factory=dict)

    def choice(self, number: int, name: str) -> str:
        return self.resolutions.get(f"{number}:{name}") or self.resolutions.get("*", "keep")

    def is_newer_here(self, changed: datetime.date | None) -> bool:
        """Changed in the application after the list's date (or when that is unknown)."""
        return self.list_date is None or changed is None or changed > self.list_date


@dataclass(frozen=True)
class Column:
    """A column of the list: its role (a field, a mark column, or "" for not used), the
    evidence for the role, or the reason it is not used."""

    index: int
    name: str
    role: str = ""
    evidence: tuple[str, ...] = ()
    reason: str = ""

    @property
    def used(self) -> bool:
        return bool(self.role)

    @property
    def label(self) -> str:
        return m.label_of(self.role) if self.role else ""

    @property
    def target(self) -> m.Target | None:
        return m.BY_CODE.get(self.role)


def _frozen(mapping: Mapping) -> Mapping:
    return MappingProxyType(
        {k: _frozen(v) if isinstance(v, Mapping) else v for k, v in mapping.items()}
    )


@dataclass(frozen=True)
class ImportPlan:
    columns: tuple[Column, ...]
    value_map: Mapping[str, Mapping[str, int | None]] = field(default_factory=dict)
    links: Mapping[int, int] = field(default_factory=dict)  # file row → organisation
    declined: frozenset[int] = frozenset()  # rows whose near matches the user declined
    rule: UpdateRule = UpdateRule(mode="update")

    @property
    def mode(self) -> str:
        return self.rule.mode

    @property
    def mapping(self) -> dict[str, str]:
        """Column name → role, as ``ImportBatch.mapping`` stores it."""
        return {column.name: column.role for column in self.columns}

    @functools.cached_property
    def used(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.role)

    @property
    def ignored(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if not column.role)

    @functools.cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(column.role for column in self.columns if column.role)

    def has(self, role: str) -> bool:
        return role in self.roles

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def with_role(self, name: str, role: str) -> ImportPlan:
        """The plan with one column's role changed; a field another column had moves here."""
        columns = tuple(
            dataclasses.replace(c, role=role, evidence=(), reason="")
            if c.name == name
            else (dataclasses.replace(c, role="", reason="") if role and c.role == role else c)
            for c in self.columns
        )
        return dataclasses.replace(self, columns=columns)

    @classmethod
    def build(
        cls,
        table: Table,
        mapping: Mapping[str, str] | None = None,
        *,
        value_map: Mapping | None = None,
        links: Mapping | None = None,
        rule: UpdateRule | None = None,
        explain: bool = False,
    ) -> ImportPlan:
        """A plan for ``table``: the stored ``mapping`` (or, without one, the roles the
        evidence suggests). ``explain``: each column's evidence and reasons, computed from
        the values (the preview shows them; a commit does not need them)."""
        if mapping is None:
            decisions = evidence.decide(table.header, table.rows)
            columns = tuple(
                Column(d.index, d.name, d.role, d.evidence, d.reason) for d in decisions
            )
        elif explain:
            decisions = evidence.decide(table.header, table.rows, keep=dict(mapping))
            columns = tuple(
                Column(d.index, d.name, d.role, d.evidence, d.reason) for d in decisions
            )
        else:
            columns = tuple(
                Column(index, name, mapping.get(name, "") or "")
                for index, name in enumerate(table.header)
            )
        return cls(
            columns=columns,
            value_map=_frozen(value_map or {}),
            links=MappingProxyType({int(row): int(pk) for row, pk in (links or {}).items() if pk}),
            declined=frozenset(int(row) for row, pk in (links or {}).items() if not pk),
            rule=rule or UpdateRule(mode="update"),
        )

    @classmethod
    def of_batch(cls, batch: ImportBatch, table: Table, *, explain: bool = False) -> ImportPlan:
        """The plan an ``ImportBatch`` stores, for its table."""
        return cls.build(
            table,
            batch.mapping,
            value_map=batch.value_map,
            links=batch.links,
            rule=UpdateRule(
                mode=batch.mode,
                list_date=batch.list_date,
                resolutions=MappingProxyType(dict(batch.resolutions)),
            ),
            explain=explain,
        )
