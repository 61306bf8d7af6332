"""The welfare sector's abbreviations into the register's table (editable by the coordination
office) and the register's keys and word rows read again: compounds count as their parts
("Job-Center" = "Jobcenter"), dotted abbreviations are words ("A.W.O."), issue 29."""

from django.db import migrations

from contacts import names


def load_abbreviations_and_read_names_again(apps, schema_editor) -> None:
    abbreviation_model = apps.get_model("contacts", "Abbreviation")
    organisation_model = apps.get_model("contacts", "Organisation")
    token_model = apps.get_model("contacts", "OrganisationToken")
    word_model = apps.get_model("contacts", "NameToken")
    abbreviation_model.objects.bulk_create(
        [abbreviation_model(short=s, long=lo) for s, lo in names.WELFARE_ABBREVIATIONS],
        ignore_conflicts=True,
    )
    rows = abbreviation_model.objects.values_list("short", "long", "is_active")
    switched_off = {names.words(short) for short, _long, active in rows if not active}
    lexicon = names.Lexicon.build(
        [p for p in names.DEFAULT_ABBREVIATIONS if names.words(p[0]) not in switched_off]
        + [(short, long) for short, long, active in rows if active]
    )
    token_model.objects.all().delete()
    words: set[str] = set()
    batch = []
    organisations = organisation_model.objects.values_list(
        "pk", "name", "city", "normalised_city", "merged_into_id"
    )
    for pk, name, city, normalised_city, merged_into in organisations.iterator(chunk_size=2000):
        read = names.read(name, city, lexicon)
        organisation_model.objects.filter(pk=pk).update(match_key=read.key[:200])
        if merged_into is not None:
            continue
        for token in read.tokens:
            batch.append(token_model(organisation_id=pk, token=token[:60], city=normalised_city))
            words.add(token[:60])
        if len(batch) > 5000:
            token_model.objects.bulk_create(batch)
            batch = []
    token_model.objects.bulk_create(batch)
    word_model.objects.bulk_create(
        [word_model(token=w, head=w[:2], tail=w[-2:], size=len(w)) for w in words],
        batch_size=2000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0022_responsible_and_person_change"),
    ]

    operations = [
        migrations.RunPython(load_abbreviations_and_read_names_again, migrations.RunPython.noop),
    ]
