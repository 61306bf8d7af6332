"""The coordination office reads who changed what."""

import pytest
from django.urls import reverse

from tests import factories


def test_audit_log_names_who_changed_which_fields(client, world):
    contact = world.contact_a
    contact.notes = "Neue Notiz"
    contact.intensity = "close"
    contact._history_user = world.staff_a
    contact.save()
    client.force_login(world.coordination)
    response = client.get(reverse("portal:audit_log"))
    entries = response.context["entries"]
    change = next(e for e in entries if e.action == "geändert" and e.what == "Netzwerkkontakt")
    assert change.who == (world.staff_a.get_full_name() or world.staff_a.username)
    assert set(change.changed) == {"Notizen", "Intensität"}
    assert "Jobcenter Sonneberg" in change.record


def test_audit_log_filters_by_area_and_date(client, world):
    factories.MeetingFactory(number=6)
    client.force_login(world.coordination)
    response = client.get(reverse("portal:audit_log"), {"model": "exchanges.Meeting"})
    assert {e.what for e in response.context["entries"]} == {"Erfahrungsaustausch"}
    response = client.get(reverse("portal:audit_log"), {"since": "2999-01-01"})
    assert response.context["entries"] == []
    bad = client.get(reverse("portal:audit_log"), {"model": "auth.User"})
    assert bad.status_code == 400


@pytest.mark.parametrize("changes", [2, 20])
def test_audit_log_needs_the_same_queries_for_few_and_many_changes(
    client, world, django_assert_max_num_queries, changes
):
    for number in range(changes):
        contact = factories.NetworkContactFactory(project=world.project_a)
        contact.notes = f"Änderung {number}"
        contact.save()
    client.force_login(world.coordination)
    with django_assert_max_num_queries(35):  # the same for 2 and for 20 changes
        response = client.get(reverse("portal:audit_log"))
    assert sum(e.action == "geändert" for e in response.context["entries"]) >= changes


def test_audit_log_names_a_changed_field_of_action(client, world):
    from contacts.models import FieldOfAction

    contact = world.contact_a
    contact.save()  # a first change, so that the next one has a predecessor
    contact.fields_of_action.add(FieldOfAction.objects.first())
    contact.notes = "mit Handlungsfeld"
    contact.save()
    client.force_login(world.coordination)
    entries = client.get(reverse("portal:audit_log")).context["entries"]
    changes = [e.changed for e in entries if e.what == "Netzwerkkontakt" and e.action == "geändert"]
    # Adding the field of action is its own history entry, the note the next one.
    assert ["Notizen"] in changes
    assert ["Handlungsfelder"] in changes
