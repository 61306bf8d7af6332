"""The one way a version counts up: edits go through ``save_versioned``; changes the
application makes itself (archive, merge, a meeting's lists) through ``bump_version`` or
``claim_version`` – each refuses an edit form opened before it."""

import pytest

from contacts.models import NetworkContact
from core.versioning import StaleObjectError, bump_version, claim_version, save_versioned
from exchanges.models import Meeting
from tests.factories import MeetingFactory


def test_bump_version_counts_on_from_the_stored_row_not_the_loaded_copy(world):
    loaded = NetworkContact.objects.get(pk=world.contact_a.pk)
    NetworkContact.objects.filter(pk=loaded.pk).update(version=7)  # saved meanwhile
    loaded.is_archived = True
    bump_version(loaded, update_fields=["is_archived"])
    stored = NetworkContact.objects.get(pk=loaded.pk)
    assert (stored.version, stored.is_archived) == (8, True)


def test_bump_version_with_fields_leaves_the_other_columns_alone(world):
    loaded = NetworkContact.objects.get(pk=world.contact_a.pk)
    NetworkContact.objects.filter(pk=loaded.pk).update(notes="von nebenan")
    loaded.is_archived = True
    bump_version(loaded, update_fields=["is_archived"])
    assert NetworkContact.objects.get(pk=loaded.pk).notes == "von nebenan"


def test_an_edit_form_opened_before_a_bump_is_refused(world):
    form_version = world.contact_a.version
    bump_version(NetworkContact.objects.get(pk=world.contact_a.pk), update_fields=["is_archived"])
    stale = NetworkContact.objects.get(pk=world.contact_a.pk)
    stale.notes = "alter Stand"
    with pytest.raises(StaleObjectError):
        save_versioned(stale, expected_version=form_version)


@pytest.mark.django_db
def test_claim_version_counts_a_new_version_or_refuses_an_old_one():
    meeting = MeetingFactory()
    claimed = claim_version(meeting, expected_version=meeting.version)
    assert Meeting.objects.get(pk=meeting.pk).version == meeting.version + 1 == claimed.version
    with pytest.raises(StaleObjectError) as refused:
        claim_version(meeting, expected_version=meeting.version)
    assert refused.value.current.version == claimed.version


def test_every_record_starts_at_version_one_however_it_is_created(world):
    """Forms, imports (bulk) and the undo log all count from 1."""
    from contacts.models import Organisation
    from core.history import bulk_create_with_history
    from core.versioning import save_versioned

    saved = save_versioned(
        Organisation(name="Gespeichert", organisation_type=world.organisation.organisation_type),
        expected_version=None,
    )
    (bulk,) = bulk_create_with_history(
        [
            Organisation(
                name="In Masse", organisation_type=world.organisation.organisation_type
            ).refresh_keys()
        ],
        Organisation,
    )
    created = Organisation.objects.create(
        name="Angelegt", organisation_type=world.organisation.organisation_type
    )
    assert [Organisation.objects.get(pk=o.pk).version for o in (saved, bulk, created)] == [1, 1, 1]
