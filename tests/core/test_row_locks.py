"""Optimistic locking under a real race (PostgreSQL): two transactions for the same row.

Each test holds the first writer inside the locked section – after it compared the
version, before it wrote – and lets a second writer start. With the row lock the second
waits and is then refused; without the lock (or without the transaction that keeps it)
both writes would pass and one change would be lost without a word. So each test fails if
either is removed from ``core.versioning``. The validation before the save is tested on
every database.
"""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from contacts.models import NetworkContact
from core import versioning
from core.versioning import StaleObjectError, bump_version, claim_version, save_versioned
from tests.factories import MeetingFactory

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="braucht PostgreSQL: SQLite kennt keine gleichzeitigen Schreiber und Sperren",
)
WAIT = 1.0  # seconds the second writer gets to (wrongly) finish while the first holds on


class Race:
    """The first writer pauses inside the locked section until released."""

    def __init__(self) -> None:
        self.inside = threading.Event()
        self.release = threading.Event()
        self.results: dict[str, object] = {}

    def pause(self) -> None:
        self.inside.set()
        assert self.release.wait(10), "the first writer was never released"

    def run(self, name: str, work) -> threading.Thread:
        def target() -> None:
            try:
                self.results[name] = work()
            except Exception as error:  # noqa: BLE001 – the test reads what happened
                self.results[name] = error
            finally:
                close_old_connections()
                connection.close()

        thread = threading.Thread(target=target)
        thread.start()
        return thread

    def second_waits_then_finishes(self, first: threading.Thread, second: threading.Thread):
        """The second writer must still be waiting for the row while the first holds it."""
        second.join(WAIT)
        waited = second.is_alive()
        self.release.set()
        first.join(20)
        second.join(20)
        return waited


def _contact(world_id: int) -> NetworkContact:
    return NetworkContact.objects.get(pk=world_id)


@pytest.fixture
def contact(committed_db):
    from tests.conftest import build_world

    return build_world().contact_a


@postgres_only
def test_two_saves_of_the_same_version_one_waits_for_the_lock_and_is_refused(contact):
    race = Race()
    version = contact.version

    def first():
        mine = _contact(contact.pk)
        mine.notes = "erste"
        original = mine.full_clean
        mine.full_clean = lambda *a, **k: (race.pause(), original(*a, **k))
        return save_versioned(mine, expected_version=version)

    def second():
        mine = _contact(contact.pk)
        mine.notes = "zweite"
        return save_versioned(mine, expected_version=version)

    one = race.run("first", first)
    assert race.inside.wait(10)
    two = race.run("second", second)
    assert race.second_waits_then_finishes(one, two), "the second save did not wait for the lock"
    assert isinstance(race.results["first"], NetworkContact), race.results
    assert isinstance(race.results["second"], StaleObjectError), race.results
    stored = _contact(contact.pk)
    assert (stored.notes, stored.version) == ("erste", version + 1)


@postgres_only
def test_an_application_change_holds_the_row_so_an_older_form_is_refused(contact):
    race = Race()
    version = contact.version

    def first():
        mine = _contact(contact.pk)
        mine.is_archived = True
        original = mine.save
        mine.save = lambda *a, **k: (race.pause(), original(*a, **k))
        return bump_version(mine, update_fields=["is_archived"])

    def second():
        mine = _contact(contact.pk)
        mine.notes = "aus einem älteren Formular"
        return save_versioned(mine, expected_version=version)

    one = race.run("first", first)
    assert race.inside.wait(10)
    two = race.run("second", second)
    assert race.second_waits_then_finishes(one, two), "the edit did not wait for the bump"
    assert isinstance(race.results["second"], StaleObjectError), race.results
    stored = _contact(contact.pk)
    assert (stored.is_archived, stored.notes, stored.version) == (True, "", version + 1)


@postgres_only
def test_two_claims_of_the_same_version_one_waits_and_is_refused(committed_db, monkeypatch):
    meeting = MeetingFactory()
    version = meeting.version
    race = Race()
    real_bump = versioning.bump_version
    claimed = threading.local()

    def bump_after_a_pause(instance, **kwargs):
        if not getattr(claimed, "second", False):
            race.pause()
        return real_bump(instance, **kwargs)

    monkeypatch.setattr(versioning, "bump_version", bump_after_a_pause)

    def second():
        claimed.second = True
        return claim_version(type(meeting).objects.get(pk=meeting.pk), expected_version=version)

    one = race.run(
        "first",
        lambda: claim_version(type(meeting).objects.get(pk=meeting.pk), expected_version=version),
    )
    assert race.inside.wait(10)
    two = race.run("second", second)
    assert race.second_waits_then_finishes(one, two), "the second claim did not wait"
    assert isinstance(race.results["second"], StaleObjectError), race.results
    assert type(meeting).objects.get(pk=meeting.pk).version == version + 1


def test_an_invalid_value_is_refused_before_anything_is_written(world):
    contact = _contact(world.contact_a.pk)
    version = contact.version
    contact.since = contact.since.replace(year=2999)  # "since" cannot lie in the future
    with pytest.raises(ValidationError):
        save_versioned(contact, expected_version=version)
    stored = _contact(contact.pk)
    assert (stored.since.year, stored.version) == (world.contact_a.since.year, version)


def test_a_new_record_is_validated_too(world):
    person = world.person_a
    person.pk = None
    person.email = "keine-adresse"
    with pytest.raises(ValidationError):
        save_versioned(person, expected_version=None)
    assert type(person).objects.filter(email="keine-adresse").count() == 0


@pytest.mark.parametrize(
    "write",
    [
        lambda contact: save_versioned(contact, expected_version=contact.version),
        lambda contact: bump_version(contact),
    ],
    ids=["save_versioned", "bump_version"],
)
def test_a_versioned_write_runs_in_a_transaction_of_its_own(contact, monkeypatch, write):
    """On every database: outside any transaction (committed_db, as a request in autocommit),
    the write still happens inside one – the row lock taken before it holds until it is done."""
    assert not connection.in_atomic_block
    seen: list[bool] = []
    save = NetworkContact.save

    def recording_save(self, *args, **kwargs):
        seen.append(connection.in_atomic_block)
        return save(self, *args, **kwargs)

    monkeypatch.setattr(NetworkContact, "save", recording_save)
    fresh = _contact(contact.pk)
    write(fresh)
    assert seen == [True]
    assert _contact(contact.pk).version == contact.version + 1


def test_a_new_record_starts_at_version_one_even_when_copied(world):
    person = world.person_a
    person.pk = None
    person.version = 7  # copied from a record saved several times
    person.email = "kopie@example.org"
    save_versioned(person, expected_version=None)
    assert type(person).objects.get(pk=person.pk).version == 1
