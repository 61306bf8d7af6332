"""On PostgreSQL: trigram indexes for the contact list's text search.

The search looks for the text anywhere in organisation names and places, notes and contact
person names (``UPPER(column) LIKE '%TEXT%'``); without an index each of those is a scan of
the whole table. The indexes match Django's ``icontains`` expression exactly. Other
databases (SQLite in development) search without them.
"""

from django.db import migrations

from core.indexes import trigram_indexes

INDEXES = {
    f"{table}_{column}_upper_trgm": f"{table} USING gin ((UPPER({column}{cast})) gin_trgm_ops)"
    for table, column, cast in [
        ("contacts_organisation", "name", "::text"),
        ("contacts_organisation", "city", "::text"),
        ("contacts_networkcontact", "notes", ""),
        ("contacts_contactperson", "name", "::text"),
    ]
}


class Migration(migrations.Migration):
    dependencies = [("contacts", "0008_import_links")]

    operations = [trigram_indexes(INDEXES)]
