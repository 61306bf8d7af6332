"""The coordination office reads who changed what."""

from django.urls import reverse

from tests import factories


def test_audit_log_names_who_changed_which_fields(client, world):
    contact = world.contact_a
    contact.notes = "Neue Notiz"
    contact.intensity = "close"
    contact._history_user = world.staff_a
    contact.save()
    client.force_login(world.coordination)
    response = client.get(reverse("projects:audit_log"))
    entries = response.context["entries"]
    change = next(e for e in entries if e.action == "geändert" and e.what == "Netzwerkkontakt")
    assert change.who == (world.staff_a.get_full_name() or world.staff_a.username)
    assert set(change.changed) == {"Notizen", "Intensität"}
    assert "Jobcenter Sonneberg" in change.record


def test_audit_log_filters_by_area_and_date(client, world):
    factories.MeetingFactory(number=6)
    client.force_login(world.coordination)
    response = client.get(reverse("projects:audit_log"), {"model": "exchanges.Meeting"})
    assert {e.what for e in response.context["entries"]} == {"Erfahrungsaustausch"}
    response = client.get(reverse("projects:audit_log"), {"since": "2999-01-01"})
    assert response.context["entries"] == []
    bad = client.get(reverse("projects:audit_log"), {"model": "auth.User"})
    assert bad.status_code == 400
