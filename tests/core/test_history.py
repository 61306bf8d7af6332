"""core.history writes the history entries a save() would write, copied by the database."""

import datetime

import pytest
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext

from contacts.models import (
    ContactPerson,
    FieldOfAction,
    Interaction,
    NetworkContact,
    Organisation,
    OrganisationType,
    PrivacyAction,
    PrivacyLog,
)
from core.db import insert_from
from core.history import bulk_create_with_history, bulk_delete_with_history
from imports.models import ImportBatch, ImportChange
from tests.factories import (
    ContactPersonFactory,
    InteractionFactory,
    NetworkContactFactory,
    OrganisationFactory,
    UserFactory,
    vocabulary,
)


def _organisations(count: int) -> list[Organisation]:
    kind = vocabulary(OrganisationType, "verein")
    return [
        Organisation(
            name=f"Verein {n}",
            normalised_name=f"verein {n}",
            organisation_type=kind,
            postcode="96515",
            city="Sonneberg" if n % 2 else "",
        )
        for n in range(count)
    ]


def test_every_row_gets_one_creation_entry_with_its_values_and_user(db):
    user = UserFactory()
    created = bulk_create_with_history(_organisations(7), Organisation, user=user, batch_size=3)
    assert len({o.pk for o in created}) == 7
    for organisation in Organisation.objects.filter(pk__in=[o.pk for o in created]):
        (entry,) = organisation.history.all()
        assert entry.history_type == "+"
        assert entry.history_user == user
        assert entry.history_change_reason is None
        assert (entry.name, entry.city, entry.postcode, entry.version) == (
            organisation.name,
            organisation.city,
            organisation.postcode,
            organisation.version,
        )
        assert entry.organisation_type_id == organisation.organisation_type_id
        assert abs(entry.history_date - organisation.created_at) < datetime.timedelta(minutes=1)


def test_the_entries_look_like_those_a_save_writes(db):
    (bulk,) = bulk_create_with_history(_organisations(1), Organisation, user=None)
    saved = _organisations(1)[0]
    saved.name = bulk.name = "Verein gleich"
    # Renamed in the register too, as an entry of its own (one live entry per identity).
    Organisation.objects.filter(pk=bulk.pk).update(name="Verein gleich, alter Eintrag")
    saved.save()
    ignored = {"history_id", "history_date", "id", "created_at", "updated_at", "normalised_name"}
    fields = [
        f.attname for f in Organisation.history.model._meta.fields if f.attname not in ignored
    ]
    by_save = Organisation.history.filter(id=saved.pk).values(*fields).get()
    by_copy = Organisation.history.filter(id=bulk.pk).values(*fields).get()
    assert by_copy == {**by_save, "name": "Verein 0"}


def test_insert_from_sets_typed_values_for_every_source_row(db):
    batch = ImportBatch.objects.create(
        project=_project(), file_name="l.csv", checksum="x", content=b"", mapping={}
    )
    created = Organisation.objects.bulk_create(_organisations(5))
    insert_from(
        ImportChange,
        Organisation,
        [o.pk for o in created[:4]],
        copy={"object_id": "id", "version_after": "version"},
        values={"batch_id": batch.pk, "kind": "org", "old_values": {"a": [1, "ä"]}},
        batch_size=3,
    )
    changes = ImportChange.objects.filter(batch=batch)
    assert sorted(changes.values_list("object_id", flat=True)) == sorted(o.pk for o in created[:4])
    assert {(c.kind, c.version_after) for c in changes} == {("org", 1)}
    assert [c.old_values for c in changes] == [{"a": [1, "ä"]}] * 4


def test_bulk_delete_writes_the_deletion_entry_a_delete_writes(db):
    user = UserFactory()
    deleted, bulk = OrganisationFactory.create_batch(2, city="Jena")
    deleted_pk, deleted._history_user = deleted.pk, user
    deleted.delete()
    assert bulk_delete_with_history(Organisation, [bulk.pk], user=user) == 1
    assert not Organisation.objects.filter(pk=bulk.pk).exists()
    ignored = {"history_id", "history_date", "id", "name", "created_at", "updated_at"}
    fields = [
        f.attname for f in Organisation.history.model._meta.fields if f.attname not in ignored
    ]
    by_delete = Organisation.history.filter(id=deleted_pk, history_type="-").values(*fields).get()
    by_copy = Organisation.history.filter(id=bulk.pk, history_type="-").values(*fields).get()
    assert by_copy == by_delete
    assert by_copy["history_user_id"] == user.pk


def test_bulk_delete_takes_dependents_along_and_clears_loose_references(db):
    contact = NetworkContactFactory()
    contact.fields_of_action.add(FieldOfAction.objects.first())
    person = ContactPersonFactory(network_contact=contact)
    interaction = InteractionFactory(network_contact=contact)
    log = PrivacyLog.objects.create(
        action=PrivacyAction.ERASURE,
        project=contact.project,
        network_contact=contact,
        person_id=person.pk,
        user_label="Koordination",
    )
    other = NetworkContactFactory(project=contact.project)
    other.fields_of_action.add(FieldOfAction.objects.first())

    assert bulk_delete_with_history(NetworkContact, [contact.pk]) == 1

    assert not NetworkContact.objects.filter(pk=contact.pk).exists()
    assert not ContactPerson.objects.filter(pk=person.pk).exists()
    assert not Interaction.objects.filter(pk=interaction.pk).exists()
    assert ContactPerson.history.filter(id=person.pk, history_type="-").exists()
    assert Interaction.history.filter(id=interaction.pk, history_type="-").exists()
    assert not NetworkContact.fields_of_action.through.objects.filter(
        networkcontact_id=contact.pk
    ).exists()
    log.refresh_from_db()
    assert log.network_contact is None
    assert list(other.fields_of_action.all()) == [FieldOfAction.objects.first()]


def test_bulk_delete_refuses_rows_still_in_use(db):
    contact = NetworkContactFactory()
    free = OrganisationFactory()
    with pytest.raises(ProtectedError), transaction.atomic():
        bulk_delete_with_history(Organisation, [free.pk, contact.organisation_id])
    assert Organisation.objects.filter(pk__in=[free.pk, contact.organisation_id]).count() == 2
    assert not Organisation.history.filter(history_type="-").exists()


def test_bulk_delete_lets_rows_that_point_at_each_other_go_together(db):
    target = OrganisationFactory()
    merged = OrganisationFactory(merged_into=target)
    assert bulk_delete_with_history(Organisation, [target.pk, merged.pk], batch_size=1) == 2
    assert not Organisation.objects.filter(pk__in=[target.pk, merged.pk]).exists()


def test_bulk_delete_needs_the_same_statements_for_few_and_many_rows(db):
    def statements(count: int) -> int:
        contacts = NetworkContactFactory.create_batch(count)
        for contact in contacts:
            ContactPersonFactory(network_contact=contact)
        with CaptureQueriesContext(connection) as queries:
            bulk_delete_with_history(NetworkContact, [c.pk for c in contacts])
        return len(queries)

    assert statements(2) == statements(20)


def _project():
    from tests.factories import ProjectFactory

    return ProjectFactory()
