"""Data-subject rights for contact persons (Art. 15 and 17 DSGVO) and the retention review."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import ContactPerson, ContactStatus, PrivacyAction, PrivacyLog
from contacts.privacy import retention_due
from tests import factories


def report(client, user, contact, person):
    client.force_login(user)
    return client.get(reverse("contacts:person_report", args=[contact.pk, person.pk]))


def test_access_report_contains_the_data_and_its_history(client, world):
    person = world.person_a
    person.phone = "03675 123456"
    person._history_user = world.lead_a
    person.save()
    response = report(client, world.staff_a, world.contact_a, person)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert f"auskunft-art15-ansprechperson-{person.pk}.json" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["gespeicherte_daten"]["Name"] == "Anna Amsel"
    assert data["gespeicherte_daten"]["Telefon"] == "03675 123456"
    assert data["vorhaben"] == world.project_a.name
    assert data["organisation"] == "Jobcenter Sonneberg"
    assert [entry["vorgang"] for entry in data["aenderungsverlauf"]] == ["angelegt", "geändert"]
    assert data["aenderungsverlauf"][1]["werte"]["Telefon"] == "03675 123456"
    log = PrivacyLog.objects.get()
    assert (log.action, log.person_id, log.user) == (
        PrivacyAction.ACCESS_REPORT,
        person.pk,
        world.staff_a,
    )


def test_erasure_removes_personal_values_from_record_and_history(client, world):
    person = world.person_a
    person.email = "anna.amsel@example.org"
    person.save()
    client.force_login(world.lead_a)
    url = reverse("contacts:person_erase", args=[world.contact_a.pk, person.pk])
    assert "Anna Amsel" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == ContactPerson.ERASED_NAME
    assert (person.function, person.phone, person.email, person.consent_on) == ("", "", "", None)
    assert person.erased_at is not None
    for entry in person.history.all():
        assert entry.name == ContactPerson.ERASED_NAME
        assert entry.email == ""
    # Statistics keep the row; the log names no personal data.
    assert ContactPerson.objects.filter(network_contact=world.contact_a).count() == 1
    log = PrivacyLog.objects.get(action=PrivacyAction.ERASURE)
    assert log.person_id == person.pk
    assert "Amsel" not in str(vars(log))


def test_an_erased_person_disappears_from_pages_and_exports(client, world):
    from contacts.privacy import erase

    erase(person=world.person_a, by=world.lead_a)
    client.force_login(world.staff_a)
    detail = client.get(world.contact_a.get_absolute_url()).content.decode()
    assert ContactPerson.ERASED_NAME not in detail
    assert "Noch keine Ansprechperson erfasst." in detail
    edit = reverse("contacts:person_update", args=[world.contact_a.pk, world.person_a.pk])
    assert client.get(edit).status_code == 404
    assert report(client, world.staff_a, world.contact_a, world.person_a).status_code == 404


def test_staff_may_report_but_not_erase(client, world):
    client.force_login(world.staff_a)
    url = reverse("contacts:person_erase", args=[world.contact_a.pk, world.person_a.pk])
    assert client.post(url).status_code == 403
    world.person_a.refresh_from_db()
    assert world.person_a.name == "Anna Amsel"
    assert not PrivacyLog.objects.exists()


@pytest.mark.parametrize("role", ["staff_a", "lead_a", "ministry"])
def test_nobody_outside_the_project_gets_a_report(client, world, role):
    response = report(client, world.user(role), world.contact_b, world.person_b)
    assert response.status_code == 404
    assert "Bussard" not in response.content.decode()
    assert not PrivacyLog.objects.exists()


def test_retention_lists_contacts_ended_long_ago(client, world):
    today = timezone.localdate()
    old = factories.NetworkContactFactory(
        project=world.project_a,
        status=ContactStatus.ENDED,
        ended_on=today - datetime.timedelta(days=4 * 366),
    )
    factories.ContactPersonFactory(network_contact=old)
    factories.NetworkContactFactory(
        project=world.project_a,
        status=ContactStatus.ENDED,
        ended_on=today - datetime.timedelta(days=365),
    )
    due = list(retention_due(years=3))
    assert due == [old]
    assert due[0].stored_persons == 1
    client.force_login(world.coordination)
    html = client.get(reverse("contacts:privacy")).content.decode()
    assert old.organisation.name in html


def test_the_access_report_reads_as_a_page_to_print_as_well(client, world):
    person = world.person_a
    person.consent_on = datetime.date(2016, 4, 1)
    person._history_user = world.lead_a
    person.save()
    client.force_login(world.staff_a)
    page = client.get(reverse("contacts:person_report_page", args=[world.contact_a.pk, person.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Auskunft nach Art. 15 DSGVO" in text
    assert "Anna Amsel" in text
    assert "01.04.2016" in text  # dates as TT.MM.JJJJ, not ISO
    assert "2016-04-01" not in text
    assert "Drucken oder als PDF speichern" in text
    assert (
        PrivacyLog.objects.filter(action=PrivacyAction.ACCESS_REPORT, person_id=person.pk).count()
        == 1
    )
