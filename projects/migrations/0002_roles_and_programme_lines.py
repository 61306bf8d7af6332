"""The global role groups and the two programme lines exist in every database."""

from django.db import migrations

GROUPS = ["Koordinierungsstelle", "Ministerium"]
LINES = [
    ("thinka", "ThINKA", "Thüringer Initiative für Integration, Nachhaltigkeit, Kooperation "
     "und Aktivierung, seit 2013."),
    ("thinka-plus", "ThINKA-Plus", "Erweiterte Förderlinie, z. B. ThINKA Mühlhausen ab 2016."),
]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ProgrammeLine = apps.get_model("projects", "ProgrammeLine")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)
    for code, name, description in LINES:
        ProgrammeLine.objects.get_or_create(
            code=code, defaults={"name": name, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
