"""One organisation is one (issue 29): every way of writing a register entry keeps the
recogniser's keys and word table true, and the register's uniqueness rule is the
recogniser's identity – the same cases on SQLite and PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management.sql import emit_post_migrate_signal
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from contacts import recognition, services
from contacts.models import (
    NameToken,
    NetworkContact,
    Organisation,
    OrganisationToken,
    OrganisationType,
    identity_of,
    stale_organisations,
)
from core.history import bulk_create_with_history
from imports import services as import_services
from tests import factories

pytestmark = pytest.mark.django_db(transaction=False)


def _true_to_their_names() -> int:
    """The invariant every write path keeps: each entry's keys are what the recogniser
    reads from its name and place now, a live entry's word rows are its words (a merged
    one has none), every word is in the word list. Returns the entries checked."""
    organisations = list(Organisation.objects.all())
    rows: dict[int, set[str]] = {}
    for organisation_id, token in OrganisationToken.objects.values_list("organisation_id", "token"):
        rows.setdefault(organisation_id, set()).add(token)
    vocabulary = set(NameToken.objects.values_list("token", flat=True))
    for organisation in organisations:
        read = organisation.read_name()
        identity = identity_of(organisation.name, organisation.city)
        assert organisation.normalised_name.split("#")[0] == identity, organisation.name
        assert organisation.match_key == read.key[:200], organisation.name
        if organisation.merged_into_id is None:
            words = {w[:60] for w in read.tokens}
            assert rows.get(organisation.pk, set()) == words, organisation.name
            assert words <= vocabulary, organisation.name
        else:
            assert organisation.pk not in rows, organisation.name
    assert not stale_organisations().exists()
    return len(organisations)


def _suggested(text: str) -> list[str]:
    return [found.organisation.name for found in recognition.suggest(text, typed=False)]


def _type() -> OrganisationType:
    return OrganisationType.objects.get(code="verein")


# --- every write path ------------------------------------------------------------------


def test_save_and_the_form_of_the_admin(admin_client):
    tafel = factories.OrganisationFactory(name="Sonneberger Tafel e. V.", city="Sonneberg")
    assert _true_to_their_names() == 1
    response = admin_client.post(
        reverse("admin:contacts_organisation_change", args=[tafel.pk]),
        {
            "name": "Lebensmittelausgabe Lauscha",
            "organisation_type": tafel.organisation_type_id,
            "city": "Lauscha",
            "postcode": "98724",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    _true_to_their_names()
    assert _suggested("Lebensmittelausgabe Lauscha") == ["Lebensmittelausgabe Lauscha"]
    assert _suggested("Sonneberger Tafel") == []


def test_save_with_update_fields_writes_the_keys_too():
    tafel = factories.OrganisationFactory(name="Tafel Gera", city="Gera")
    tafel.name = "Suppenküche Gera"
    tafel.save(update_fields=["name"])
    _true_to_their_names()
    assert _suggested("Suppenküche Gera") == ["Suppenküche Gera"]


def test_queryset_update_reads_the_names_again():
    for town in ["Gera", "Jena", "Suhl"]:
        factories.OrganisationFactory(name=f"Tafel {town}", city=town)
    changed = Organisation.objects.filter(city__in=["Gera", "Jena"]).update(
        name="Kleiderkammer", city="Weimar"
    )
    assert changed == 2
    _true_to_their_names()  # two of one identity now: the later kept with "#<id>"
    assert sorted(_suggested("Kleiderkammer Weimar")) == ["Kleiderkammer", "Kleiderkammer"]
    assert _suggested("Tafel Gera") == []
    # A field the recogniser does not read leaves the keys alone and costs nothing more.
    Organisation.objects.update(phone="03675 1234")
    _true_to_their_names()


def test_queryset_update_of_merged_into_drops_the_word_rows():
    target = factories.OrganisationFactory(name="Jugendclub Neuhaus", city="Neuhaus am Rennweg")
    source = factories.OrganisationFactory(name="JUZ Neuhaus-Schierschnitz", city="")
    Organisation.objects.filter(pk=source.pk).update(merged_into=target)
    _true_to_their_names()
    assert not OrganisationToken.objects.filter(organisation=source).exists()


def test_bulk_update_reads_the_names_again():
    entries = [factories.OrganisationFactory(name=f"Verein {n}", city="Artern") for n in ("A", "B")]
    for entry, name in zip(entries, ["Seniorenbeirat Artern", "Kinderschutzbund"], strict=True):
        entry.name = name
    Organisation.objects.bulk_update(entries, ["name"])
    _true_to_their_names()
    assert _suggested("Seniorenbeirat") == ["Seniorenbeirat Artern"]


def test_bulk_create_reads_the_names_and_refuses_a_second_of_one_identity():
    created = Organisation.objects.bulk_create(
        [
            Organisation(name="VHS Gotha", city="Gotha", organisation_type=_type()),
            Organisation(name="Tafel e.V.", city="Erfurt", organisation_type=_type()),
        ]
    )
    assert all(o.pk for o in created)
    _true_to_their_names()
    assert _suggested("Volkshochschule Gotha") == ["VHS Gotha"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.bulk_create(
            [Organisation(name="Erfurter Tafel", city="", organisation_type=_type())]
        )


def test_the_bulk_insert_of_import_and_demo_keeps_the_word_table():
    rows = [
        Organisation(name=f"Kita Sonnenschein {n}", city="Eisenberg", organisation_type=_type())
        for n in range(3)
    ]
    bulk_create_with_history(rows, Organisation)  # core.db.insert_objects, past save()
    _true_to_their_names()
    assert len(_suggested("Kita Sonnenschein Eisenberg")) == 3


def test_the_import_and_the_merge_service(world):
    data = b"Name;Ort\r\nSeniorentreff Lichtblick e. V.;Sonneberg\r\n"
    batch = import_services.upload(
        project=world.project_a, by=world.staff_a, file_name="l.csv", data=data
    )
    import_services.preview(batch)
    import_services.commit(batch=batch, by=world.staff_a)
    _true_to_their_names()
    imported = Organisation.objects.get(name="Seniorentreff Lichtblick e. V.")
    assert _suggested("Seniorentreff Lichtblick") == [imported.name]
    twin = factories.OrganisationFactory(name="Treff Lichtblick Senioren-Verein", city="")
    services.organisation_merge(source=twin, target=imported, by=world.coordination)
    _true_to_their_names()
    assert not OrganisationToken.objects.filter(organisation=twin).exists()


def test_a_data_migration_or_raw_sql_is_caught_after_migrate():
    tafel = factories.OrganisationFactory(name="Tafel Greiz", city="Greiz")
    table = connection.ops.quote_name(Organisation._meta.db_table)
    with connection.cursor() as cursor:  # as a data migration with the historical model would
        cursor.execute(
            f"UPDATE {table} SET name = %s WHERE id = %s",  # noqa: S608 - quoted name, bound values
            ["Wärmestube Greiz", tafel.pk],
        )
    assert list(stale_organisations()) == [tafel]
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    _true_to_their_names()
    assert _suggested("Wärmestube Greiz") == ["Wärmestube Greiz"]


# --- the uniqueness rule is the recogniser's identity ----------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("Sonneberger Tafel e. V.", "Sonneberg"), ("Tafel Sonneberg e.V.", "")),
        (("AWO Ortsverein Sonneberg e. V.", ""), ("Arbeiterwohlfahrt OV Sonneberg", "Sonneberg")),
        (("Volkshochschule Gera", "Gera"), ("VHS Gera gGmbH", "Gera")),
        (("Diakonisches Werk Jena", "Jena"), ("Jena Diakonie", "")),
        (("Bäckerei Müller", "Suhl"), ("Baeckerei Mueller GmbH", "Suhl")),
    ],
)
def test_a_second_entry_of_one_organisation_is_refused(first, second):
    factories.OrganisationFactory(name=first[0], city=first[1])
    assert identity_of(*first) == identity_of(*second)
    duplicate = Organisation(name=second[0], city=second[1], organisation_type=_type())
    with pytest.raises(ValidationError, match="schon im Register"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("Tafel Sonneberg", ""), ("Tafel Gera", "")),
        (("Bäckerei Fischer GmbH", "Erfurt"), ("Bäckerei Fischer GmbH", "Gotha")),
        (("AWO Ortsverein Gera", "Gera"), ("AWO Kreisverband Gera", "Gera")),
        (("Grundschule 3", "Jena"), ("Grundschule 5", "Jena")),
    ],
)
def test_different_organisations_are_two_entries(first, second):
    factories.OrganisationFactory(name=first[0], city=first[1])
    other = factories.OrganisationFactory(name=second[0], city=second[1])
    assert other.pk
    _true_to_their_names()


def test_a_merged_entry_frees_its_identity(world):
    old = factories.OrganisationFactory(name="Stadtteilbüro Lusan", city="Gera")
    target = factories.OrganisationFactory(name="Quartiersbüro Lusan", city="Gera")
    services.organisation_merge(source=old, target=target, by=world.coordination)
    again = factories.OrganisationFactory(name="Stadtteilbuero Lusan e.V.", city="Gera")
    assert again.normalised_name == old.normalised_name == "buero lusan stadt teil@gera"
    assert NetworkContact.objects.filter(organisation=old).count() == 0
