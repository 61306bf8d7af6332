"""Changed ids (IDOR): staff of project A and the ministry swap ids of project B's objects
into URLs and forms and get no data – for every object type."""

from __future__ import annotations

import pytest
from django.urls import reverse

from contacts.models import NetworkContact
from exchanges.models import AgendaItem
from tests import factories

SECRETS = ("Tafel Nordhausen", "Bussard", "bernd")


def b_urls(world) -> list[str]:
    contact, person = world.contact_b, world.person_b
    factories.InteractionFactory(network_contact=contact, occasion="Geheime Absprache")
    return [
        reverse("contacts:detail", args=[contact.pk]),
        reverse("contacts:update", args=[contact.pk]),
        reverse("contacts:archive", args=[contact.pk]),
        reverse("contacts:person_create", args=[contact.pk]),
        reverse("contacts:person_update", args=[contact.pk, person.pk]),
        reverse("contacts:person_report", args=[contact.pk, person.pk]),
        reverse("contacts:person_erase", args=[contact.pk, person.pk]),
        reverse("contacts:person_update", args=[world.contact_a.pk, person.pk]),
        reverse("contacts:steering_group", args=[world.project_b.pk]),
        reverse("projects:update", args=[world.project_b.pk]),
        reverse("projects:office_update", args=[world.project_b.pk, world.office_b.pk]),
        reverse("projects:member_add", args=[world.project_b.pk]),
        f"{reverse('contacts:list')}?q=Nordhausen",
        f"{reverse('reports:list_csv')}?project={world.project_b.pk}",
    ]


@pytest.mark.parametrize("role", ["staff_a", "lead_a", "ministry"])
def test_swapped_ids_in_urls_reveal_nothing(client, world, role):
    client.force_login(world.user(role))
    for url in b_urls(world):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        assert response.status_code in (200, 400, 403, 404), url
        for secret in (*SECRETS, "Geheime Absprache"):
            assert secret not in text, (url, secret)


def test_creating_a_contact_in_another_project_by_form_is_refused(client, world):
    client.force_login(world.staff_a)
    response = client.post(
        reverse("contacts:create"),
        {
            "project": world.project_b.pk,
            "organisation": world.organisation.pk,
            "intensity": "regular",
            "status": "active",
        },
    )
    assert response.status_code == 404
    assert not NetworkContact.objects.filter(
        project=world.project_b, organisation=world.organisation
    ).exists()


def test_an_agenda_item_of_another_meeting_cannot_be_edited_through_this_one(client, world):
    mine = factories.MeetingFactory(number=6)
    other = factories.MeetingFactory(number=5, place="Gera")
    foreign = AgendaItem.objects.create(meeting=other, title="Fremder Punkt", position=1)
    client.force_login(world.coordination)
    response = client.post(
        reverse("exchanges:update", args=[mine.pk]),
        {
            "number": "6",
            "date": "2016-04-06",
            "place": "Sonneberg",
            "status": "held",
            "expected_version": mine.version,
            "guests-TOTAL_FORMS": "0",
            "guests-INITIAL_FORMS": "0",
            "agenda-TOTAL_FORMS": "1",
            "agenda-INITIAL_FORMS": "1",
            "agenda-0-id": foreign.pk,
            "agenda-0-title": "Übernommen",
            "agenda-0-ORDER": "1",
        },
    )
    assert response.status_code == 400
    foreign.refresh_from_db()
    assert (foreign.meeting, foreign.title) == (other, "Fremder Punkt")
    assert not mine.agenda_items.exists()
    assert "passt nicht mehr zu diesem Datensatz" in response.content.decode()


def test_staff_cannot_move_their_contact_into_another_project(client, world):
    client.force_login(world.staff_a)
    contact = world.contact_a
    client.post(
        reverse("contacts:update", args=[contact.pk]),
        {
            "project": world.project_b.pk,
            "intensity": contact.intensity,
            "status": contact.status,
            "expected_version": contact.version,
        },
    )
    contact.refresh_from_db()
    assert contact.project == world.project_a
