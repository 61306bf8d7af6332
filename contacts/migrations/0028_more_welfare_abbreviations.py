"""The recogniser's third round (issue 29): the short forms Thuringian lists use for
authorities, schools and funding bodies (PI, LPI, KVHS, SBBS, TLVwA, TMASGFF, GFAW, HPZ, JBA,
WG, FD, AJS …) into the register's table, where the coordination office sees, corrects and
switches them off; its own entries of the same short form stay. ``names.READING`` changed
with them: every entry is read again after this migrate (post_migrate)."""

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
        ("contacts", "0027_index_for_person_figures"),
    ]

    operations = [
        migrations.RunPython(load_abbreviations, migrations.RunPython.noop),
    ]
