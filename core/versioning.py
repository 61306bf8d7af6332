"""Optimistic locking: a save based on an outdated version is refused, never silently lost.

Each versioned row carries a counter. Edit forms send the version they were rendered with;
``save_versioned`` locks the row, compares, and only then writes and increments.
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        abstract = True


class StaleObjectError(Exception):
    """Someone else saved the object since the form was opened."""

    def __init__(self, current: models.Model) -> None:
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
