"""On PostgreSQL: drop the GiST trigram index of 0016.

It ordered the type-ahead's names by trigram distance over ``normalised_name``. The one
recogniser (contacts.recognition, issue 29) finds candidates in its word tables instead,
on SQLite as on PostgreSQL, and ``normalised_name`` is now its identity (0023): nothing
reads the index, and every insert into the register paid for it. The same holds for the
plain and pattern B-tree indexes of ``normalised_name``. The trigram indexes of
0009 stay – the list search's "contains" part (name, place, notes, persons) uses them.
"""

from django.db import migrations, models

from core.indexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("contacts", "0023_organisation_identity_and_stale_keys")]

    operations = [
        trigram_indexes(
            {
                "contacts_organisation_name_gist_trgm": (
                    "contacts_organisation USING gist (normalised_name gist_trgm_ops)"
                )
            },
            drop=True,
        ),
        # Its plain and pattern (``_like``) B-tree indexes too: live entries are looked up
        # by identity through the unique constraint's partial index (0023).
        migrations.AlterField(
            model_name="organisation",
            name="normalised_name",
            field=models.CharField(editable=False, max_length=220),
        ),
    ]
