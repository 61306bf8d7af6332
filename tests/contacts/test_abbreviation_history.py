"""An abbreviation changes how every organisation's name is read, so the register keeps who
added, changed and deleted one (issue 34): the services record the acting person in the
history, and the coordination office's audit log shows it."""

from __future__ import annotations

import datetime

import pytest

from contacts import services
from contacts.models import Abbreviation, forget_lexicon
from core.actors import display_name
from portal import audit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_lexicon():
    yield
    Abbreviation.objects.all().delete()
    forget_lexicon()


def test_adding_changing_and_deleting_an_abbreviation_records_who_did_it(world):
    entry = services.abbreviation_save(
        entry=Abbreviation(short="AHD", long="Ambulanter Hospizdienst"), by=world.coordination
    )
    entry.long = "Ambulanter Hospiz- und Palliativdienst"
    services.abbreviation_save(entry=entry, by=world.admin)
    services.abbreviation_delete(entry=entry, by=world.coordination)

    rows = Abbreviation.history.filter(short="AHD").order_by("history_date", "history_id")
    assert [(row.history_type, row.history_user) for row in rows] == [
        ("+", world.coordination),
        ("~", world.admin),
        ("-", world.coordination),
    ]


def test_the_audit_log_shows_abbreviations_with_their_author(world):
    services.abbreviation_save(
        entry=Abbreviation(short="KJH", long="Kinder- und Jugendhilfe"), by=world.coordination
    )
    found = audit.entries(model="contacts.Abbreviation", since=datetime.date.today())
    assert [(entry.record, entry.who) for entry in found] == [
        ("KJH = Kinder- und Jugendhilfe", display_name(world.coordination))
    ]
    assert ("contacts.Abbreviation", "Abkürzungen in Organisationsnamen") in [
        (label, str(name)) for label, name in audit.tracked_choices()
    ]
