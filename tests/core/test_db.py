"""core.db: text_in finds exactly the rows an ``__in`` list would, insert_objects stores
exactly what bulk_create would – on every database."""

import datetime

from django.forms.models import model_to_dict

from contacts.models import (
    NameToken,
    NetworkContact,
    Organisation,
    OrganisationToken,
    OrganisationType,
)
from core.db import insert_objects, insert_values, text_in
from imports.models import ImportBatch, ImportChange, ImportChangeKind
from tests.factories import (
    NetworkContactFactory,
    OrganisationFactory,
    ProjectFactory,
    vocabulary,
)


def test_text_in_matches_like_a_plain_in_list(db):
    for name in ["Tafel Gera", "Tafel Suhl", "Kita Jena", "O'Brien & Söhne"]:
        OrganisationFactory(name=name)
    wanted = [
        Organisation.objects.get(name=n).normalised_name for n in ["Tafel Gera", "O'Brien & Söhne"]
    ]
    wanted.append("fehlt")
    ours = Organisation.objects.filter(normalised_name__in=text_in(wanted))
    plain = Organisation.objects.filter(normalised_name__in=wanted)
    assert sorted(ours.values_list("name", flat=True)) == sorted(
        plain.values_list("name", flat=True)
    )
    assert ours.count() == 2


def test_text_in_of_thousands_of_names(db):
    OrganisationFactory(name="Verein 4711")
    names = [f"{n} verein@sonneberg" for n in range(5000)]  # the recogniser's identities
    assert list(Organisation.objects.filter(normalised_name__in=text_in(names))) == [
        Organisation.objects.get(name="Verein 4711")
    ]


def _contact(project, name: str) -> NetworkContact:
    organisation = Organisation(
        name=name, organisation_type=vocabulary(OrganisationType, "verein")
    ).refresh_keys()
    return NetworkContact(
        project=project, organisation=organisation, since=datetime.date(2016, 4, 1), notes="ä"
    )


def test_insert_objects_stores_what_bulk_create_stores(db):
    project = ProjectFactory()
    ours, django = _contact(project, "Verein Eins"), _contact(project, "Verein Zwei")
    # The organisations are saved after they were assigned: the contacts take their keys.
    insert_objects([ours.organisation], Organisation)
    Organisation.objects.bulk_create([django.organisation])
    insert_objects([ours], NetworkContact)
    NetworkContact.objects.bulk_create([django])
    assert not ours._state.adding
    assert ours.pk is not None
    stored = {
        c.pk: model_to_dict(c, exclude=["id", "organisation", "fields_of_action"])
        for c in NetworkContact.objects.filter(pk__in=[ours.pk, django.pk])
    }
    assert stored[ours.pk] == stored[django.pk]
    assert NetworkContact.objects.get(pk=ours.pk).organisation.name == "Verein Eins"
    assert ours.created_at == ours.updated_at is not None


def test_insert_objects_prepares_values_the_driver_cannot_take(db):
    batch = ImportBatch.objects.create(project=NetworkContactFactory().project, file_name="a.csv")
    change = ImportChange(
        batch=batch,
        kind=ImportChangeKind.UPDATED_CONTACT,
        object_id=1,
        version_after=2,
        old_values={"ort": "Gera"},
    )
    insert_objects([change], ImportChange, batch_size=1)
    assert ImportChange.objects.get(pk=change.pk).old_values == {"ort": "Gera"}


def test_insert_values_stores_plain_rows_and_leaves_out_what_a_constraint_holds(db):
    """The word rows of new organisations (contacts.models.index_organisations)."""
    organisation = OrganisationFactory(name="Tafel Gera")
    OrganisationToken.objects.filter(organisation=organisation).delete()
    insert_values(
        OrganisationToken,
        ["organisation", "token", "city"],
        [(organisation.pk, "tafel", "gera"), (organisation.pk, "o'brien", "")],
        batch_size=1,
    )
    stored = OrganisationToken.objects.filter(organisation=organisation)
    assert sorted(stored.values_list("token", "city")) == [("o'brien", ""), ("tafel", "gera")]
    before = NameToken.objects.count()
    assert NameToken.objects.filter(token="tafel").exists()  # the factory's save made it
    insert_values(
        NameToken,
        ["token", "head", "tail", "size"],
        [("tafel", "ta", "el", 5), ("neuwort", "ne", "rt", 7)],
        ignore_conflicts=True,
    )
    assert NameToken.objects.count() == before + 1
