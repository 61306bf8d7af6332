"""PostgreSQL trigram indexes, created and dropped by migrations (contacts 0003, 0009, 0016,
0017).

pg_trgm is an extension: a database user without the right to create it must not block a
deployment – the searches then work without the indexes (a warning in the log). Other
databases (SQLite in development) have no such indexes and search without them.
"""

from __future__ import annotations

import logging

from django.db import migrations, transaction
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

logger = logging.getLogger(__name__)


def _create(indexes: dict[str, str], schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for name, definition in indexes.items():
                schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")
    except Exception:  # noqa: BLE001 - a missing privilege must not block the deployment
        logger.warning("pg_trgm nicht verfügbar: ohne die Indizes %s.", ", ".join(indexes))


def _drop(indexes: dict[str, str], schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for name in indexes:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def trigram_indexes(indexes: dict[str, str], *, drop: bool = False) -> migrations.RunPython:
    """The migration step creating ``indexes`` (name → ``"table USING …"``), or with
    ``drop`` removing them; its reverse does the opposite."""

    def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        _create(indexes, schema_editor)

    def remove(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        _drop(indexes, schema_editor)

    return migrations.RunPython(remove, create) if drop else migrations.RunPython(create, remove)
