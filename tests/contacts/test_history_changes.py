"""The change history says what changed: field, old → new, who and when – personal values
only for readers who may see personal data."""

from __future__ import annotations

import datetime

from django.urls import reverse

from contacts import selectors
from contacts.models import OrganisationType
from core.versioning import save_versioned


def _edit(record, user, **values):
    for name, value in values.items():
        setattr(record, name, value)
    record._history_user = user
    return save_versioned(record, expected_version=record.version)


def test_a_contacts_history_names_each_changed_field_with_old_and_new(client, world):
    _edit(
        world.contact_a,
        world.staff_a,
        intensity="close",
        since=datetime.date(2016, 4, 1),
        notes="Sprechstunde dienstags",
    )
    client.force_login(world.staff_a)
    page = client.get(world.contact_a.get_absolute_url()).content.decode()
    assert "Intensität: gelegentlich → eng" in page
    assert "Kontakt seit: 15.01.2016 → 01.04.2016" in page
    assert "Notizen: – → Sprechstunde dienstags" in page


def test_the_register_history_names_types_by_their_label(client, world):
    organisation = world.organisation
    _edit(
        organisation,
        world.staff_a,
        organisation_type=OrganisationType.objects.get(code="jobcenter"),
    )
    client.force_login(world.staff_a)
    page = client.get(
        reverse("contacts:organisation_detail", args=[organisation.pk])
    ).content.decode()
    assert "Organisationsart: Verein → Jobcenter / Agentur für Arbeit" in page


def test_persons_changes_are_shown_only_to_readers_of_personal_data(world):
    _edit(world.person_a, world.staff_a, phone="03675 999999")
    with_persons = selectors.contact_detail(contact=world.contact_a, with_persons=True)["history"]
    change = next(e for e in with_persons if getattr(e, "subject", ""))
    assert change.subject == "Ansprechperson „Anna Amsel“"
    assert [(label, new) for label, _old, new in change.changes] == [("Telefon", "03675 999999")]
    without = selectors.contact_detail(contact=world.contact_a, with_persons=False)["history"]
    assert not any(getattr(e, "subject", "") for e in without)
    assert "03675 999999" not in str([e.changes for e in without])
