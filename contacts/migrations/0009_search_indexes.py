"""On PostgreSQL: trigram indexes for the contact list's text search.

The search looks for the text anywhere in organisation names and places, notes and contact
person names (``UPPER(column) LIKE '%TEXT%'``); without an index each of those is a scan of
the whole table. The indexes match Django's ``icontains`` expression exactly. Other
databases (SQLite in development) search without them.
"""

import logging

from django.db import migrations, transaction

logger = logging.getLogger(__name__)

INDEXES = {
    "contacts_organisation_name_upper_trgm": ("contacts_organisation", "UPPER(name::text)"),
    "contacts_organisation_city_upper_trgm": ("contacts_organisation", "UPPER(city::text)"),
    "contacts_networkcontact_notes_upper_trgm": ("contacts_networkcontact", "UPPER(notes)"),
    "contacts_contactperson_name_upper_trgm": ("contacts_contactperson", "UPPER(name::text)"),
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for name, (table, expression) in INDEXES.items():
                schema_editor.execute(
                    f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                    f"USING gin (({expression}) gin_trgm_ops)"
                )
    except Exception:  # noqa: BLE001 - a missing privilege must not block the deployment
        logger.warning("pg_trgm nicht verfügbar: Textsuche ohne Trigramm-Indizes.")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0008_import_links")]

    operations = [migrations.RunPython(forwards, backwards)]
