"""Recompute the register's matching keys: "e. V." (dot and space) is now folded like "e.V."."""

import re

from django.db import migrations

from core.text import fold

# The key of that time (contacts 0024 replaced it by the recogniser's identity).
_LEGAL_FORMS = re.compile(r"\b(e\s?v|ev|gmbh|ggmbh|mbh|ag|kg|ug|eg|gbr|ohg|kdör|aör)\b")


def normalise_name(name: str) -> str:
    return " ".join(_LEGAL_FORMS.sub(" ", fold(name)).split())


def forwards(apps, schema_editor):
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
