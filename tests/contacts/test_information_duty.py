"""Informing contact persons whose data did not come from them (Art. 14 DSGVO, issue 31
point 1): where the data came from, who is still to be informed (start page, review,
the weekly digest's selector), the notices for one or many, "informiert am" for one or many –
and never a notice for an erased person."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document

from contacts import notices, privacy, selectors
from contacts.models import (
    ContactPerson,
    DataSource,
    InformationExemption,
    NoticeTemplate,
    PrivacyAction,
    PrivacyLog,
)
from imports import services as import_services
from reports.review import project_review
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = TODAY - datetime.timedelta(days=45)


def _imported(contact, name: str, collected_on=LONG_AGO, **values) -> ContactPerson:
    return factories.ContactPersonFactory(
        network_contact=contact,
        name=name,
        source=DataSource.IMPORTED,
        source_note="Liste „alt.xlsx“ (Import Nr. 1)",
        collected_on=collected_on,
        **values,
    )


# --- the source ---------------------------------------------------------------------------


def test_an_import_records_the_list_and_the_day_as_the_persons_source(world):
    data = b"Einrichtung;Ansprechpartner\nTafel Suhl;Leiterin Frau Beck\n"
    batch = import_services.upload(
        project=world.project_a, by=world.staff_a, file_name="netzwerk_2015.csv", data=data
    )
    import_services.commit(batch=batch, by=world.staff_a)
    person = ContactPerson.objects.get(name="Beck")
    assert person.source == DataSource.IMPORTED
    assert person.source_note == f"Liste „netzwerk_2015.csv“ (Import Nr. {batch.pk})"
    assert person.collected_on == TODAY
    assert person.needs_information
    assert person.inform_by > TODAY


def test_a_person_recorded_on_the_page_starts_the_month_today(world, client):
    client.force_login(world.staff_a)
    response = client.post(
        reverse("contacts:person_create", args=[world.contact_a.pk]),
        {"name": "Otto Ohm", "legal_basis": "public_function", "is_active": "on",
         "source": DataSource.FROM_PERSON},
    )  # fmt: skip
    assert response.status_code == 302
    person = ContactPerson.objects.get(name="Otto Ohm")
    assert person.collected_on == TODAY
    assert person.information_exemption == InformationExemption.COLLECTED_FROM_PERSON
    assert not person.needs_information  # collected from the person: Art. 13, not 14


# --- who is still to be informed ----------------------------------------------------------


def test_the_selector_lists_persons_from_lists_not_yet_informed_in_the_users_projects(world):
    overdue = _imported(world.contact_a, "Ada Alt")
    fresh = _imported(world.contact_a, "Bea Neu", collected_on=TODAY)
    _imported(world.contact_a, "Cem Informiert", informed_on=LONG_AGO)
    _imported(world.contact_a, "Dora Weiß-Bescheid",
              information_exemption=InformationExemption.HAS_INFORMATION)  # fmt: skip
    erased = _imported(world.contact_a, "Emil Gelöscht")
    privacy.erase(person=erased, by=world.lead_a)
    own = factories.ContactPersonFactory(
        network_contact=world.contact_a, name="Fritz Selbst", source=DataSource.FROM_PERSON
    )
    other = _imported(world.contact_b, "Greta Nordhausen")

    def names(**kwargs):
        return {p.name for p in selectors.persons_to_inform(**kwargs)} - {
            world.person_a.name,
            world.person_b.name,
        }

    assert names(user=world.staff_a) == {overdue.name, fresh.name}
    assert names(user=world.staff_a, overdue=True) == {overdue.name}
    assert names(user=world.coordination) == {overdue.name, fresh.name, other.name}
    assert names(projects=[world.project_b]) == {other.name}
    assert not selectors.persons_to_inform(user=world.ministry).exists()
    assert own.name not in names()


def test_the_review_counts_the_overdue_and_its_link_lists_exactly_their_contacts(world, client):
    _imported(world.contact_a, "Ada Alt")
    _imported(world.contact_a, "Bea Neu", collected_on=TODAY)
    world.person_a.informed_on = TODAY
    world.person_a.save()
    rows, total = project_review(factories.Project.objects.filter(pk=world.project_a.pk))
    figure = rows[0].persons["not_informed"]
    assert figure.count == 1
    client.force_login(world.coordination)
    listed = client.get(figure.url)
    assert listed.status_code == 200
    assert world.contact_a.organisation.name in listed.content.decode()
    page = client.get(reverse("reports:review")).content.decode()
    assert "nicht informiert (Art. 14)" in page


def test_the_start_page_names_the_persons_to_inform_per_project(world, client):
    _imported(world.contact_a, "Ada Alt")
    client.force_login(world.staff_a)
    page = client.get(reverse("home")).content.decode()
    assert "Ansprechpersonen informieren" in page
    assert "davon 1 länger als einen Monat" in page
    client.force_login(world.ministry)
    assert "Ansprechpersonen informieren" not in client.get(reverse("home")).content.decode()


# --- notices and "informiert am" in one action ---------------------------------------------


def test_notices_for_many_persons_in_one_action_as_page_and_word_file(world, client):
    ada = _imported(world.contact_a, "Ada Alt")
    bea = _imported(world.contact_a, "Bea Neu")
    client.force_login(world.staff_a)
    url = reverse("contacts:persons_inform")
    page = client.post(url, {"persons": [ada.pk, bea.pk], "action": "print"})
    text = page.content.decode()
    assert page.status_code == 200
    for expected in ("Guten Tag Ada Alt", "Guten Tag Bea Neu", "alt.xlsx", "Ihre Rechte",
                     "Verantwortlich", "Speicherdauer", world.project_a.name):  # fmt: skip
        assert expected in text
    word = client.post(url, {"persons": [ada.pk, bea.pk], "action": "docx"})
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")
    paragraphs = [p.text for p in Document(io.BytesIO(word.content)).paragraphs]
    assert "Guten Tag Ada Alt," in paragraphs
    assert "Guten Tag Bea Neu," in paragraphs
    logged = PrivacyLog.objects.filter(action=PrivacyAction.NOTICE)
    assert sorted(logged.values_list("person_id", flat=True)) == sorted([ada.pk, bea.pk] * 2)


def test_informed_on_is_set_for_many_in_one_action_with_history(world, client):
    ada = _imported(world.contact_a, "Ada Alt")
    bea = _imported(world.contact_a, "Bea Neu")
    day = TODAY - datetime.timedelta(days=2)
    client.force_login(world.staff_a)
    response = client.post(
        reverse("contacts:persons_inform"),
        {"persons": [ada.pk, bea.pk], "action": "informed", "informed_on": day.isoformat()},
    )
    assert response.status_code == 302
    for person in (ada, bea):
        person.refresh_from_db()
        assert person.informed_on == day
        assert person.history.first().history_user == world.staff_a
    assert not selectors.persons_to_inform(user=world.staff_a).filter(pk__in=[ada.pk, bea.pk])


def test_informed_on_refuses_a_day_in_the_future_in_german(world, client):
    ada = _imported(world.contact_a, "Ada Alt")
    client.force_login(world.staff_a)
    response = client.post(
        reverse("contacts:persons_inform"),
        {"persons": [ada.pk], "action": "informed",
         "informed_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 400
    assert "nicht in der Zukunft" in response.content.decode()
    ada.refresh_from_db()
    assert ada.informed_on is None


def test_no_notice_is_ever_made_for_an_erased_person(world, client):
    erased = _imported(world.contact_a, "Emil Gelöscht")
    privacy.erase(person=erased, by=world.lead_a)
    client.force_login(world.coordination)
    response = client.post(
        reverse("contacts:persons_inform"), {"persons": [erased.pk], "action": "print"}
    )
    assert response.status_code == 400
    assert ContactPerson.ERASED_NAME not in response.content.decode().split("<main")[1]
    # Also when asked directly, by id: the notices leave erased persons out.
    assert notices.notices_for(ContactPerson.objects.filter(pk=erased.pk)) == []
    assert not privacy.persons_mark_informed(
        persons=ContactPerson.objects.filter(pk=erased.pk), on=TODAY, by=world.coordination
    )


def test_the_coordination_office_keeps_the_template_with_history(world, client):
    client.force_login(world.coordination)
    url = reverse("contacts:notice_template")
    form = client.get(url).context["form"]
    data = {name: form.initial[name] for name in form.fields}
    data["controller"] = "ThASG e. V., Markt 1, 99706 Sondershausen"
    assert client.post(url, data).status_code == 302
    template = NoticeTemplate.current()
    assert template.controller.startswith("ThASG")
    assert template.history.first().history_user == world.coordination
    person = _imported(world.contact_a, "Ada Alt")
    assert "Markt 1" in dict(notices.notice(person, template).sections)["Verantwortlich"]


def test_the_default_template_marks_what_the_operator_must_fill_in(db):
    assert NoticeTemplate.current().needs_filling_in


# --- the demo -------------------------------------------------------------------------------


def test_the_demo_shows_imported_persons_not_yet_informed(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--quiet-logins")
    waiting = selectors.persons_to_inform(overdue=False).filter(source=DataSource.IMPORTED)
    assert waiting.count() >= 5
    assert selectors.persons_to_inform(overdue=True).exists()
    assert ContactPerson.objects.filter(informed_on__isnull=False).exists()
