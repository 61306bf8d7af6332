"""One live register entry per organisation and place, held by the database (issue 20).

The place is compared as the register compares names (core.text.fold). Should a database
already hold two live entries with the same name and place, the migration stops and names
them: merge them first (Organisationen → Zusammenführen), then migrate again – nothing is
merged or dropped behind anyone's back.
"""

from django.db import migrations, models
from django.db.models import Count, Q

from core.text import fold


def fill_and_check(apps, schema_editor):
    Organisation = apps.get_model("contacts", "Organisation")
    changed = []
    for organisation in Organisation.objects.only("pk", "city").iterator(chunk_size=2000):
        organisation.normalised_city = fold(organisation.city)
        changed.append(organisation)
    Organisation.objects.bulk_update(changed, ["normalised_city"], batch_size=1000)
    doubles = list(
        Organisation.objects.filter(merged_into__isnull=True)
        .values("normalised_name", "normalised_city")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("normalised_name")[:20]
    )
    if doubles:
        names = "; ".join(f"{d['normalised_name']} ({d['normalised_city'] or '-'})" for d in doubles)
        raise RuntimeError(
            "Im Register stehen Organisationen doppelt (gleicher Name, gleicher Ort). Bitte "
            f"zuerst zusammenführen, dann erneut migrieren: {names}"
        )


class Migration(migrations.Migration):
    dependencies = [("contacts", "0011_move_imports_and_exports")]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="normalised_city",
            field=models.CharField(blank=True, default="", editable=False, max_length=100),
        ),
        migrations.RunPython(fill_and_check, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                condition=Q(merged_into__isnull=True),
                fields=("normalised_name", "normalised_city"),
                name="organisation_one_live_entry_per_name_and_place",
                violation_error_message="Diese Organisation gibt es an diesem Ort schon im Register. Bitte wählen Sie den vorhandenen Eintrag.",
            ),
        ),
    ]
