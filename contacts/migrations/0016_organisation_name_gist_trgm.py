"""On PostgreSQL: a GiST trigram index for the nearest names of the type-ahead (issue 17).

The GIN index (0003) answers "contains"; only GiST orders by trigram distance (``<->``), so
the eight nearest names are read from the index instead of scoring every register entry.
Without the privilege for pg_trgm (0003 logged it) the suggestions work without it.
"""

from django.db import migrations

from core.indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("contacts", "0015_networkcontact_since_index")]

    operations = [
        trigram_indexes(
            {
                "contacts_organisation_name_gist_trgm": (
                    "contacts_organisation USING gist (normalised_name gist_trgm_ops)"
                )
            }
        )
    ]
