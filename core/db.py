"""Query helpers that keep the database's planner on the right index."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models.expressions import RawSQL


def text_in(values: Iterable[str]):
    """The right-hand side of ``field__in=`` for thousands of texts (an import's names).

    On PostgreSQL ``IN (…10,000 values…)`` becomes ``= ANY(array)``, which a pg_trgm GIN
    index also answers (pg_trgm ≥ 1.6): with stale statistics the planner took that index
    and one import preview ran 88 s instead of 0.06 s. Joined with ``unnest`` the list is
    looked up row by row in the B-tree index. Other databases get the plain list.
    """
    values = list(values)
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::text[])", (values,))
    return values
