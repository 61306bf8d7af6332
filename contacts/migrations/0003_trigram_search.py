"""On PostgreSQL: pg_trgm and a trigram index for the organisation suggestions.

Other databases (SQLite in development) compare normalised names instead. If the database
user may not create the extension, the suggestions still work, only without the index.
"""

import logging

from django.db import migrations, transaction

logger = logging.getLogger(__name__)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                "CREATE INDEX IF NOT EXISTS contacts_organisation_name_trgm "
                "ON contacts_organisation USING gin (normalised_name gin_trgm_ops)"
            )
    except Exception:  # noqa: BLE001 - a missing privilege must not block the deployment
        logger.warning("pg_trgm nicht verfügbar: Organisationsvorschläge ohne Trigramm-Index.")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS contacts_organisation_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0002_vocabularies")]

    operations = [migrations.RunPython(forwards, backwards)]
