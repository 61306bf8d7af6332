"""Query helpers: keeping the planner on the right index, bulk copies inside the database."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import OperationalError, connection, models
from django.db.models.expressions import RawSQL
from django.dispatch import Signal
from django.utils import timezone

# Sent by ``insert_objects`` (and so by ``core.history.bulk_create_with_history``) before and
# after the rows go in, with ``sender=model, objects=[…]``: a model that keeps values or rows
# derived from its fields (the register's matching keys and word table, contacts.models)
# keeps them on this path too, which passes by ``save()`` and ``QuerySet.bulk_create``.
objects_inserting = Signal()
objects_inserted = Signal()


def text_in(values: Iterable[str]) -> RawSQL | list[str]:
    """The right-hand side of ``field__in=`` for thousands of texts (an import's names).

    On PostgreSQL ``IN (…10,000 values…)`` becomes ``= ANY(array)``, which a pg_trgm GIN
    index also answers (pg_trgm ≥ 1.6): with stale statistics the planner took that index
    and one import preview ran 88 s instead of 0.06 s. Joined with ``unnest`` the list is
    looked up row by row in the B-tree index. Other databases get the plain list.
    """
    listed = list(values)
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::text[])", (listed,))
    return listed


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """A concrete field of ``model`` (never a reverse relation: those have no column)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), f"{model.__name__}.{name} has no column"
    return field


def _column(field: models.Field[Any, Any]) -> str:
    assert field.column is not None  # a concrete field always has its column
    return field.column


def _primary_key(model: type[models.Model]) -> models.Field[Any, Any]:
    primary_key = model._meta.pk
    assert primary_key is not None  # every concrete model has one
    return primary_key


def insert_from(
    target: type[models.Model],
    source: type[models.Model],
    ids: Sequence[int],
    *,
    copy: dict[str, str],
    values: dict[str, object],
    batch_size: int = 500,
) -> None:
    """Insert one row into ``target`` per row ``ids`` of ``source``, by the database.

    ``INSERT INTO target (…) SELECT … FROM source WHERE pk IN (ids)``: ``copy`` names the
    target fields taken from source fields, ``values`` the target fields set to one value
    for all rows. For bookkeeping rows beside a bulk insert (history, import log), which
    would otherwise each become a model object and pass through Python a second time.
    """
    quote = connection.ops.quote_name
    columns = [quote(_column(_field(target, name))) for name in (*copy, *values)]
    selected = [quote(_column(_field(source, name))) for name in copy.values()]
    params = []
    for name, value in values.items():
        field = _field(target, name)
        # Typed, so that PostgreSQL need not guess a bare parameter's type (jsonb, NULL);
        # SQLite stores what it gets (its CAST to "datetime" would make a date a number).
        typed = connection.vendor != "sqlite"
        selected.append(f"CAST(%s AS {field.db_type(connection)})" if typed else "%s")
        params.append(field.get_db_prep_save(value, connection))
    sql = (
        f"INSERT INTO {quote(target._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608 - quoted names, bound values
        f"SELECT {', '.join(selected)} FROM {quote(source._meta.db_table)} "
        f"WHERE {quote(_column(_primary_key(source)))} IN "
    )
    with connection.cursor() as cursor:
        for start in range(0, len(ids), batch_size):
            chunk = list(ids[start : start + batch_size])
            cursor.execute(sql + f"({', '.join(['%s'] * len(chunk))})", [*params, *chunk])


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[int]],
    *,
    batch_size: int = 1000,
) -> None:
    """Rows of plain ids into ``model``'s table, many per statement, without a model object
    each – for link tables (many-to-many) beside a bulk insert, where Django's bulk_create
    spent more time building objects than the database spent storing them."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(_field(model, name))) for name in fields)
    placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608 - quoted names, bound values
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            chunk = rows[start : start + batch_size]
            cursor.execute(
                sql + ", ".join([placeholder] * len(chunk)),
                [int(value) for row in chunk for value in row],
            )


def insert_values(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[int | str]],
    *,
    batch_size: int = 1000,
    ignore_conflicts: bool = False,
) -> None:
    """Rows of plain values (ids, texts) into ``model``'s table, many per statement, without
    a model object each – for rows derived from others (the recogniser's word rows of
    10,000 new organisations), where building the objects cost more than storing them.
    ``ignore_conflicts``: a row a unique constraint already holds is left out (ON CONFLICT
    DO NOTHING, PostgreSQL and SQLite)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(_field(model, name))) for name in fields)
    placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608 - quoted names, bound values
    tail = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            chunk = rows[start : start + batch_size]
            cursor.execute(
                sql + ", ".join([placeholder] * len(chunk)) + tail,
                [value for row in chunk for value in row],
            )


# Values the database driver stores as they are; other fields prepare theirs (JSON, …).
_PLAIN_FIELDS = (
    models.AutoField,
    models.BooleanField,
    models.CharField,
    models.DateField,  # and DateTimeField
    models.ForeignKey,
    models.IntegerField,  # and its small, big and positive kinds
    models.TextField,
)


def insert_objects(
    objects: Sequence[models.Model], model: type[models.Model], *, batch_size: int = 1000
) -> None:
    """``bulk_create`` for plain new rows: many per ``INSERT … RETURNING``, the new keys
    set on the objects.

    Django's bulk_create prepares each value of each object through the field (pre_save,
    get_db_prep_save): for an import of 10,000 rows that cost more than the database spent
    storing them. Here the values go to the driver as they are, except for fields that
    need preparing; the timestamps (auto_now, auto_now_add) are one moment for all rows.
    No signals, no parents (multi-table inheritance) – as with bulk_create.
    """
    if not objects:
        return
    objects_inserting.send(sender=model, objects=objects)
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    stamped = [
        f.attname
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    relations = [f for f in fields if f.is_relation]
    now = timezone.now()
    for obj in objects:
        for name in stamped:
            setattr(obj, name, now)
        for field in relations:
            # A related object saved after it was assigned (organisation → contact).
            related = field.get_cached_value(obj, default=None)  # type: ignore[attr-defined]  # a relation's cache (ForeignKey), not in the stubs
            if getattr(obj, field.attname) is None and related is not None:
                setattr(obj, field.attname, related.pk)
    plain = [isinstance(f, _PLAIN_FIELDS) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(f)) for f in fields)
    placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "  # noqa: S608 - quoted names, bound values
    returning = f" RETURNING {quote(_column(_primary_key(model)))}"
    batch_size = min(batch_size, connection.ops.bulk_batch_size(fields, objects))
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch_size):
            chunk = objects[start : start + batch_size]
            params = [
                value if is_plain else field.get_db_prep_save(value, connection)
                for obj in chunk
                for field, is_plain in zip(fields, plain, strict=True)
                for value in (getattr(obj, field.attname),)
            ]
            cursor.execute(sql + ", ".join([placeholder] * len(chunk)) + returning, params)
            for obj, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = connection.alias
    objects_inserted.send(sender=model, objects=objects)


# PostgreSQL's SQLSTATEs for "canceled by statement_timeout" and "lock_timeout expired".
TIMEOUT_CODES = frozenset({"57014", "55P03"})


def is_database_timeout(error: BaseException | None) -> bool:
    """The database gave up on a statement or a lock wait (not a bug: try again)."""
    if not isinstance(error, OperationalError):
        return False
    return getattr(error.__cause__, "pgcode", None) in TIMEOUT_CODES


@contextmanager
def long_statements(milliseconds: int | None = None) -> Iterator[None]:
    """Within the current transaction, statements may take longer (import commit, export).

    ``SET LOCAL`` ends with the transaction; outside PostgreSQL this does nothing.
    """
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        value = settings.DB_LONG_STATEMENT_TIMEOUT_MS if milliseconds is None else milliseconds
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(value)])
    yield
