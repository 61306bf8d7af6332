"""The uniform vocabularies of DOMAIN.md; codes are stable and appear in exports."""

from django.db import migrations

VOCABULARIES = {
    "OrganisationType": [
        ("verein", "Verein"),
        ("soziale-einrichtung", "soziale Einrichtung / freier Träger"),
        ("behoerde", "Behörde / Verwaltung"),
        ("jobcenter", "Jobcenter / Agentur für Arbeit"),
        ("schule-kita", "Schule / Kita"),
        ("wohnungsunternehmen", "Wohnungsunternehmen"),
        ("kirche", "Kirche / Religionsgemeinschaft"),
        ("unternehmen", "Unternehmen"),
        ("politik", "Politik"),
        ("initiative", "Initiative / Ehrenamt"),
        ("sonstige", "Sonstige"),
    ],
    "FieldOfAction": [
        ("buergeraktivierung", "Bürgeraktivierung und Beteiligung"),
        ("bildung-sprache", "Bildung und Sprache"),
        ("arbeit", "Arbeit und Beschäftigung"),
        ("wohnen", "Wohnen und Wohnumfeld"),
        ("familie-jugend", "Familie, Kinder und Jugend"),
        ("integration", "Integration und Flucht"),
        ("gesundheit", "Gesundheit"),
        ("senioren", "Senioren"),
        ("kultur-freizeit", "Kultur und Freizeit"),
        ("beratung", "Beratung / Einzelfallhilfe"),
    ],
    "CooperationForm": [
        ("informationsaustausch", "Informationsaustausch"),
        ("verweisberatung", "Verweisberatung"),
        ("veranstaltung", "gemeinsame Veranstaltung"),
        ("mikroprojekt", "gemeinsames (Mikro-)Projekt"),
        ("spenden", "Spenden / Sachleistungen"),
        ("raum", "Raum / Infrastruktur"),
        ("gremien", "Mitwirkung in Gremien (Stadtteilkonferenz, Steuerungsgruppe)"),
    ],
    "InteractionChannel": [
        ("persoenlich", "persönlich"),
        ("telefon", "Telefon"),
        ("e-mail", "E-Mail"),
        ("veranstaltung", "Veranstaltung"),
        ("gremium", "Gremium"),
    ],
}


def forwards(apps, schema_editor):
    for model_name, entries in VOCABULARIES.items():
        model = apps.get_model("contacts", model_name)
        for position, (code, label) in enumerate(entries, start=1):
            model.objects.update_or_create(
                code=code, defaults={"label": label, "order": position * 10}
            )


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
