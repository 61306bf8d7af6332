"""Bulk inserts with their history entries, the history copied by the database.

simple_history's ``bulk_create_with_history`` builds a second model object per row and
sends every value through Python again: for an import of 10,000 rows (organisation,
network contact, contact person) that was about a third of the import's time. Here the
rows are inserted with ``core.db.insert_objects`` (bulk_create without its per-value
preparing) and their history entries (type "+", as ``save()``
writes them) are copied from the stored rows with ``INSERT … SELECT`` (core.db.insert_from).
Bulk deletes (undoing an import) write their "-" entries the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.db.models import ForeignObjectRel
from django.utils import timezone

from core.db import insert_from, insert_objects

BATCH = 500


def bulk_create_with_history(
    objects: Sequence[models.Model],
    model: type[models.Model],
    *,
    user: AbstractBaseUser | None = None,
    batch_size: int = BATCH,
) -> list[models.Model]:
    """Insert ``objects`` and one history entry each, in the caller's transaction."""
    with transaction.atomic(savepoint=False):
        insert_objects(objects, model, batch_size=batch_size)
        created = list(objects)
        ids = [obj.pk for obj in created]
        if None in ids:  # the database did not return the new keys
            raise RuntimeError(f"bulk_create returned no primary keys for {model.__name__}")
        _copy_to_history(model, ids, "+", user=user, batch_size=batch_size)
    return created


def _copy_to_history(
    model: type[models.Model],
    ids: Sequence[int],
    history_type: str,
    *,
    user: AbstractBaseUser | None,
    batch_size: int,
) -> None:
    """One history entry per row ``ids`` of ``model``, its values copied by the database."""
    history = model.history.model  # type: ignore[attr-defined]  # simple_history's manager
    insert_from(
        history,
        model,
        ids,
        copy={field.attname: field.attname for field in history.tracked_fields},
        values={
            "history_date": timezone.now(),
            "history_change_reason": None,
            "history_type": history_type,
            "history_user_id": getattr(user, "pk", None),
        },
        batch_size=batch_size,
    )


def bulk_delete_with_history(
    model: type[models.Model],
    ids: Sequence[int],
    *,
    user: AbstractBaseUser | None = None,
    batch_size: int = BATCH,
) -> int:
    """Delete rows ``ids`` of ``model`` with one history entry each (type "-", as
    ``delete()`` writes it), a few statements per batch instead of several per row.

    ``QuerySet.delete()`` loads every row and sends its signals one by one, because
    simple_history listens to them: undoing an import of 10,000 rows took about a minute.
    Here the database copies the rows into the history, and what points at the rows is
    handled as its ``on_delete`` says: many-to-many rows go, SET_NULL is cleared, CASCADE
    deletes the dependent rows the same way, PROTECT and RESTRICT refuse as Django would
    (``ProtectedError``). In the caller's transaction; returns how many rows went.
    """
    ids = list(dict.fromkeys(ids))
    deleted = 0
    with transaction.atomic(savepoint=False):
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            _handle_references(model, chunk, set(ids), user=user, batch_size=batch_size)
            if hasattr(model, "history"):
                _copy_to_history(model, chunk, "-", user=user, batch_size=batch_size)
            rows = model._base_manager.filter(pk__in=chunk)
            # Private, but what Django's own Collector calls: one DELETE, no signals.
            deleted += rows._raw_delete(rows.db)
    return deleted


def _handle_references(
    model: type[models.Model],
    chunk: Sequence[int],
    all_ids: set[int],
    *,
    user: AbstractBaseUser | None,
    batch_size: int,
) -> None:
    for relation in model._meta.get_fields(include_hidden=True):
        if relation.concrete or not (relation.one_to_many or relation.one_to_one):
            continue
        # A reverse relation (the concrete ones were skipped): it has on_delete and a model.
        assert isinstance(relation, ForeignObjectRel)
        assert relation.related_model is not None
        on_delete = relation.on_delete
        if on_delete is models.DO_NOTHING:
            continue  # the history tables keep their copies of deleted rows
        related = relation.related_model
        name = relation.field.name
        referencing = related._base_manager.filter(**{f"{name}__in": chunk})
        if related._meta.auto_created:  # a many-to-many table: no signals, one DELETE
            referencing.delete()
        elif on_delete is models.SET_NULL:
            referencing.update(**{name: None})
        elif on_delete is models.CASCADE:
            dependent = list(referencing.values_list("pk", flat=True))
            if dependent:
                bulk_delete_with_history(related, dependent, user=user, batch_size=batch_size)
        elif on_delete in (models.PROTECT, models.RESTRICT):
            blocking = [
                pk
                for pk in referencing.values_list("pk", flat=True)
                if not (related is model and pk in all_ids)  # deleted together
            ]
            if blocking:
                raise models.ProtectedError(
                    f"{model.__name__} rows are still referenced by {related.__name__}",
                    set(related._base_manager.filter(pk__in=blocking[:10])),
                )
        else:  # SET_DEFAULT, SET(…): no model with history uses them so far
            raise NotImplementedError(f"on_delete={on_delete!r} of {relation.field}")
