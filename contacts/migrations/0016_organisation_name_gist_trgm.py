"""On PostgreSQL: a GiST trigram index for the nearest names of the type-ahead (issue 17).

The GIN index (0003) answers "contains"; only GiST orders by trigram distance (``<->``), so
the eight nearest names are read from the index instead of scoring every register entry.
Without the privilege for pg_trgm (0003 logged it) the suggestions work without it.
"""

import logging

from django.db import migrations, transaction

logger = logging.getLogger(__name__)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(
                "CREATE INDEX IF NOT EXISTS contacts_organisation_name_gist_trgm "
                "ON contacts_organisation USING gist (normalised_name gist_trgm_ops)"
            )
    except Exception:  # noqa: BLE001 - a missing pg_trgm must not block the deployment
        logger.warning("pg_trgm nicht verfügbar: Vorschläge ohne Trigramm-Abstandsindex.")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS contacts_organisation_name_gist_trgm")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0015_networkcontact_since_index")]

    operations = [migrations.RunPython(forwards, backwards)]
