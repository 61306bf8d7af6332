"""Limits defined once (issue 34): every other module names these, never a copy of the
number. ``tests/site/test_limits_once.py`` finds a literal copy (an upload size, a page size
passed to a paginator, a text cut to a model field's length).

Retention periods and the months of the named figures are settings (thinka_site.settings,
``THINKA_RETENTION_*``, ``THINKA_UPLOAD_RETENTION_DAYS``, ``THINKA_DORMANT_MONTHS``,
``DIGEST_QUIET_MONTHS``, ``IMPORT_DRAFT_DAYS``): operators change them, code reads them.
Field lengths are the models' ``max_length``; code that cuts a text reads it with
``max_length(Model, "field")``.
"""

from __future__ import annotations

from django.db import models

MB = 1024 * 1024

# An uploaded list (imports): the file, and the rows of its table.
UPLOAD_MAX_BYTES = 10 * MB
UPLOAD_MAX_ROWS = 20_000

# Rows on a page: the network contacts and the follow-ups (rich rows), every other list
# (registers, accounts, logs, documentation) – core.pagination and Django's Paginator.
CONTACT_PAGE_SIZE = 25
# A list search shows its first this many matches, best first; past them "mehr als …".
SEARCH_SHOWN = 500
PAGE_SIZE = 50

# A download built in a temporary file stays in memory up to this size, then goes to disk.
SPOOL_IN_MEMORY_BYTES = 8 * MB


def max_length(model: type[models.Model], field: str) -> int:
    """The ``max_length`` of ``model``'s text field ``field`` (to cut a text to fit)."""
    found = model._meta.get_field(field)
    length = found.max_length if isinstance(found, models.Field) else None
    assert isinstance(length, int), f"{model.__name__}.{field} has no max_length"
    return length


def megabytes(size: int) -> int:
    """A byte limit in whole megabytes, as the German texts name it ("10 MB")."""
    return size // MB
