"""core.history writes the history entries a save() would write, copied by the database."""

import datetime

from contacts.models import ImportBatch, ImportChange, Organisation, OrganisationType
from core.db import insert_from
from core.history import bulk_create_with_history
from tests.factories import UserFactory, vocabulary


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
    Organisation.objects.filter(pk=bulk.pk).update(name="Verein gleich")
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


def _project():
    from tests.factories import ProjectFactory

    return ProjectFactory()
