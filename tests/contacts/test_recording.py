"""Recording a network contact on one page (issue 17, item 1): organisation, relationship,
optional contact person and first contact – saved together or not at all."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import (
    ContactPerson,
    FieldOfAction,
    Interaction,
    InteractionChannel,
    NetworkContact,
    Organisation,
    OrganisationType,
)
from tests import factories

URL = reverse("contacts:create")


def _new(**changes) -> dict:
    data = {
        "project": "",
        "org-name": "Stadtteilladen Wolkenrasen",
        "org-organisation_type": OrganisationType.objects.get(code="verein").pk,
        "org-city": "Sonneberg",
        "fields_of_action": [FieldOfAction.objects.get(code="wohnen").pk],
        "intensity": "regular",
        "status": "active",
        "since": "2016-02-01",
        "person-name": "Rita Rotkehlchen",
        "person-email": "rita@wolkenrasen.example",
        "person-legal_basis": "public_function",
        "first-date": timezone.localdate().isoformat(),
        "first-channel": InteractionChannel.objects.get(code="telefon").pk,
        "first-occasion": "Kennenlernen",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff_a)
    return client


def test_organisation_relationship_person_and_first_contact_in_one_request(staff, world):
    response = staff.post(URL, _new(project=world.project_a.pk))
    contact = NetworkContact.objects.get(organisation__name="Stadtteilladen Wolkenrasen")
    assert response.status_code == 302
    assert response["Location"] == contact.get_absolute_url()
    assert contact.project == world.project_a
    assert list(contact.fields_of_action.values_list("code", flat=True)) == ["wohnen"]
    assert ContactPerson.objects.get(network_contact=contact).name == "Rita Rotkehlchen"
    interaction = Interaction.objects.get(network_contact=contact)
    assert interaction.created_by == world.staff_a
    contact.refresh_from_db()
    assert contact.last_interaction_on == interaction.date


def test_the_optional_parts_may_stay_empty(staff, world):
    """A preset date or legal basis alone is no entry: no empty person, no empty contact."""
    data = _new(project=world.project_a.pk, **{"person-name": "", "person-email": ""})
    data.update({"first-channel": "", "first-occasion": ""})
    assert staff.post(URL, data).status_code == 302
    contact = NetworkContact.objects.get(organisation__name="Stadtteilladen Wolkenrasen")
    assert not contact.persons.exists()
    assert not contact.interactions.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"person-email": "keine-adresse"}, "Ansprechperson – E-Mail"),
        ({"person-name": "", "person-function": "Leitung"}, "Ansprechperson – Name"),
        ({"first-occasion": ""}, "Erster Kontakt – Anlass"),
        ({"org-organisation_type": ""}, "Organisation – Organisationsart"),
        ({"since": "2999-01-01"}, "Das Datum darf nicht in der Zukunft liegen"),
    ],
)
def test_one_bad_part_saves_nothing_and_says_where(staff, world, change, message):
    before = (Organisation.objects.count(), NetworkContact.objects.count())
    response = staff.post(URL, _new(project=world.project_a.pk, **change))
    assert response.status_code == 400
    assert message in response.text
    assert response.text.count('id="error-summary"') == 1
    assert (Organisation.objects.count(), NetworkContact.objects.count()) == before
    assert not ContactPerson.objects.filter(name="Rita Rotkehlchen").exists()
    assert 'value="Stadtteilladen Wolkenrasen"' in response.text  # nothing typed is lost


def test_a_similar_name_asks_first_then_creates_when_confirmed(staff, world):
    data = _new(project=world.project_a.pk, **{"org-name": "Jobcenter Sonneberg Ost"})
    asked = staff.post(URL, data)
    assert asked.status_code == 400
    assert "Ähnliche Organisationen im Register" in asked.text
    assert "Jobcenter Sonneberg" in asked.text
    assert not Organisation.objects.filter(name="Jobcenter Sonneberg Ost").exists()
    confirmed = staff.post(URL, {**data, "register_checked": "on"})
    assert confirmed.status_code == 302
    assert Organisation.objects.filter(name="Jobcenter Sonneberg Ost").exists()


def test_a_picked_register_entry_is_used_and_its_fields_ignored(client, world):
    client.force_login(world.staff_b)
    data = _new(project=world.project_b.pk, organisation=world.organisation.pk)
    data["org-name"] = ""  # hidden once picked: not required
    assert client.post(URL, data).status_code == 302
    contact = NetworkContact.objects.get(project=world.project_b, organisation=world.organisation)
    assert contact.persons.get().name == "Rita Rotkehlchen"
    assert Organisation.objects.filter(name__startswith="Jobcenter").count() == 1


def test_an_organisation_already_in_the_project_is_refused_in_german(staff, world):
    data = _new(project=world.project_a.pk, organisation=world.organisation.pk)
    response = staff.post(URL, data)
    assert response.status_code == 400
    assert "bereits ein Netzwerkkontakt von ThINKA Sonneberg" in response.text
    assert not ContactPerson.objects.filter(name="Rita Rotkehlchen").exists()


def test_the_project_is_the_one_last_worked_in(client, world):
    """A Sonneberg worker who also helps in Nordhausen and last worked there."""
    factories.MembershipFactory(user=world.staff_a, project=world.project_b)
    client.force_login(world.staff_a)
    first = client.get(URL).context["choice"]
    assert first["project"].value() == world.project_a.pk  # joined first
    data = _new(project=world.project_b.pk)
    assert client.post(URL, data).status_code == 302
    assert client.get(URL).context["choice"]["project"].value() == world.project_b.pk


def test_one_project_needs_no_choice_and_others_are_out_of_reach(staff, world):
    page = staff.get(URL)
    assert '<select name="project"' not in page.text  # the only project: preselected
    assert staff.post(URL, _new(project=world.project_b.pk)).status_code == 404
    assert not Organisation.objects.filter(name="Stadtteilladen Wolkenrasen").exists()


def test_a_register_entry_merged_meanwhile_is_not_taken_and_said_in_german(staff, world):
    """Picked while typing, merged by the coordination office before sending."""
    gone = factories.OrganisationFactory(name="Bürgerhaus Alt")
    Organisation.objects.filter(pk=gone.pk).update(merged_into=world.organisation)
    data = _new(project=world.project_a.pk, organisation=gone.pk, **{"org-name": ""})
    response = staff.post(URL, data)
    assert response.status_code == 400
    assert "gibt es im Register nicht mehr" in response.text
    assert (
        not NetworkContact.objects.filter(project=world.project_a)
        .exclude(pk=world.contact_a.pk)
        .exists()
    )
    assert not ContactPerson.objects.filter(name="Rita Rotkehlchen").exists()
