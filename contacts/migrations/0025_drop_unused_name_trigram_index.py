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


def _drop_pattern_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP INDEX IF EXISTS contacts_organisation_normalised_name_64ee4222_like"
        )


class Migration(migrations.Migration):
    dependencies = [("contacts", "0024_organisation_identity_and_stale_keys")]

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
        # by identity through the unique constraint's partial index (0023). Dropped by name:
        # Django's AlterField (db_index off) would drop every index of the column on
        # PostgreSQL – the constraint's partial unique index with them.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="organisation",
                    name="normalised_name",
                    field=models.CharField(editable=False, max_length=220),
                )
            ],
            database_operations=[
                migrations.RunSQL(
                    "DROP INDEX IF EXISTS contacts_organisation_normalised_name_64ee4222",
                    migrations.RunSQL.noop,
                ),
                migrations.RunPython(_drop_pattern_index, migrations.RunPython.noop),
            ],
        ),
    ]
