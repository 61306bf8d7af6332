"""Optimistic locking: a save based on an outdated version is refused, never silently lost.

Each versioned row carries a counter. Edit forms send the version they were rendered with;
``save_versioned`` locks the row, compares, and only then writes and increments.
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from core.actors import acted_by


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        abstract = True


class StaleObjectError(Exception):
    """Someone else saved the object since the form was opened."""

    def __init__(self, current: VersionedModel) -> None:
        super().__init__("stale object")
        self.current = current


@transaction.atomic
def save_versioned[M: VersionedModel](instance: M, *, expected_version: int | None) -> M:
    """Save ``instance`` if the stored row still has ``expected_version``; bump the version."""
    if instance.pk is None:
        instance.version = 1
        instance.full_clean()
        instance.save()
        return instance
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version is None or current.version != expected_version:
        raise StaleObjectError(current)
    instance.version = current.version + 1
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def claim_version[M: VersionedModel](instance: M, *, expected_version: int | None) -> M:
    """Count a new version of a record whose parts change, not its own fields (a meeting's
    lists): lock, compare, bump – refused like any save based on an outdated version."""
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version is None or current.version != expected_version:
        raise StaleObjectError(current)
    acted_by(current, getattr(instance, "_history_user", None))
    return bump_version(current)


@transaction.atomic
def bump_version[M: VersionedModel](instance: M, *, update_fields: list[str] | None = None) -> M:
    """Save a change the application makes itself (archive, merge, claim) as a new version.

    Counts on from the stored version under the row lock, so an edit form opened before
    this change is refused instead of overwriting it. ``update_fields`` limits the write to
    the fields the change is about (the rest of ``instance`` may be older than the row).
    """
    stored = type(instance)._default_manager.select_for_update().values_list("version", flat=True)
    instance.version = stored.get(pk=instance.pk) + 1
    if update_fields is not None:
        update_fields = [*update_fields, "version", "updated_at"]
    instance.save(update_fields=update_fields)
    return instance
