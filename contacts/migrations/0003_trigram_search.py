"""On PostgreSQL: pg_trgm and a trigram index for the organisation suggestions.

Other databases (SQLite in development) compare normalised names instead. If the database
user may not create the extension, the suggestions still work, only without the index.
"""

from django.db import migrations

from core.indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("contacts", "0002_vocabularies")]

    operations = [
        trigram_indexes(
            {
                "contacts_organisation_name_trgm": (
                    "contacts_organisation USING gin (normalised_name gin_trgm_ops)"
                )
            }
        )
    ]
