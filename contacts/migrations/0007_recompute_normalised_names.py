"""Recompute the register's matching keys: "e. V." (dot and space) is now folded like "e.V."."""

from django.db import migrations


def forwards(apps, schema_editor):
    from contacts.models import normalise_name

    Organisation = apps.get_model("contacts", "Organisation")
    changed = []
    for organisation in Organisation.objects.only("pk", "name", "normalised_name").iterator():
        key = normalise_name(organisation.name)
        if key != organisation.normalised_name:
            organisation.normalised_name = key
            changed.append(organisation)
    Organisation.objects.bulk_update(changed, ["normalised_name"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("contacts", "0006_imports")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
