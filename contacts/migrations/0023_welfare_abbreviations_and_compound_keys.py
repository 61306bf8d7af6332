"""The welfare sector's abbreviations into the register's table (editable by the coordination
office), issue 29. The register's keys and word rows are read again after the migrate, with
compounds as their parts ("Job-Center" = "Jobcenter") and these abbreviations: 0024 leaves
every entry's ``keys_read_from`` empty, and ``contacts.models.read_stale_organisations``
(post_migrate) reads each one again with the application's own code."""

from django.db import migrations

from contacts import names


def load_abbreviations(apps, schema_editor) -> None:
    abbreviation_model = apps.get_model("contacts", "Abbreviation")
    abbreviation_model.objects.bulk_create(
        [abbreviation_model(short=s, long=lo) for s, lo in names.WELFARE_ABBREVIATIONS],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0022_responsible_and_person_change"),
    ]

    operations = [
        migrations.RunPython(load_abbreviations, migrations.RunPython.noop),
    ]
