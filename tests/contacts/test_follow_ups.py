"""The Wiedervorlagen page (issue 33, point 1) and the responsible person (point 2)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Interaction, NetworkContact
from tests import factories

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def follow_up(contact, *, due, occasion, date=None):
    today = timezone.localdate()
    return factories.InteractionFactory(
        network_contact=contact,
        date=date or min(due, today) - 5 * DAY,
        follow_up_on=due,
        occasion=occasion,
    )


def shown(client, **params) -> list[str]:
    response = client.get(reverse("contacts:follow_ups"), params)
    assert response.status_code == 200
    return [item.occasion for item in response.context["page"]]


def test_every_open_follow_up_of_ones_projects_overdue_first_also_older_than_30_days(client, world):
    today = timezone.localdate()
    # Each with another partner: a later contact with the same partner would settle it.
    others = [factories.NetworkContactFactory(project=world.project_a) for _ in range(2)]
    follow_up(world.contact_a, due=today + 40 * DAY, occasion="später")
    follow_up(others[0], due=today - 90 * DAY, occasion="lange überfällig")
    follow_up(others[1], due=today - 2 * DAY, occasion="überfällig")
    follow_up(world.contact_b, due=today, occasion="fremdes Vorhaben")
    client.force_login(world.staff_a)
    assert shown(client) == ["lange überfällig", "überfällig", "später"]
    # The start page keeps the old one too (it dropped off after 30 days before).
    home = client.get(reverse("home"))
    assert "lange überfällig" in home.content.decode()
    assert home.context["follow_up_counts"] == {"overdue": 2, "this_week": 0, "open": 3}
    assert reverse("contacts:follow_ups") in home.content.decode()


def test_filters_by_project_and_by_responsible_person(client, world):
    today = timezone.localdate()
    factories.MembershipFactory(user=world.staff_a, project=world.project_b)
    world.contact_b.responsible = world.staff_b
    world.contact_b.save()
    NetworkContact.objects.filter(pk=world.contact_a.pk).update(responsible=None)
    follow_up(world.contact_a, due=today, occasion="in A")
    follow_up(world.contact_b, due=today, occasion="in B")
    client.force_login(world.staff_a)
    assert sorted(shown(client)) == ["in A", "in B"]
    assert shown(client, project=world.project_a.pk) == ["in A"]
    assert shown(client, responsible=world.staff_b.pk) == ["in B"]
    assert shown(client, responsible=0) == ["in A"]


def test_a_follow_up_is_settled_from_its_row_in_two_actions_and_leaves_the_list(client, world):
    """Open "Kontakt eintragen" (the form is prefilled), save: back on the page, it is gone."""
    today = timezone.localdate()
    item = follow_up(world.contact_a, due=today - DAY, occasion="Angebot nachfassen")
    client.force_login(world.staff_a)
    page = client.get(reverse("contacts:follow_ups"))
    form = page.context["page"][0].done_form
    data = {name: form[name].value() for name in ("date", "channel", "occasion")}
    data["date"] = today.isoformat()
    data["next"] = reverse("contacts:follow_ups")
    response = client.post(reverse("contacts:interaction_create", args=[world.contact_a.pk]), data)
    assert response.status_code == 302
    assert response.url == reverse("contacts:follow_ups")
    assert Interaction.objects.filter(occasion="Wiedervorlage: Angebot nachfassen").exists()
    assert shown(client) == []
    assert item.channel_id == data["channel"]


def test_the_next_address_never_leads_off_the_site(client, world):
    client.force_login(world.staff_a)
    channel = factories.InteractionFactory(network_contact=world.contact_a).channel
    response = client.post(
        reverse("contacts:interaction_create", args=[world.contact_a.pk]),
        {
            "date": timezone.localdate().isoformat(),
            "channel": channel.pk,
            "occasion": "x",
            "next": "https://example.org/",
        },
    )
    assert response.url.startswith(world.contact_a.get_absolute_url())


def test_a_new_contact_is_looked_after_by_whoever_recorded_it(world):
    from contacts import services

    contact = services.network_contact_create(
        project=world.project_a,
        organisation=factories.OrganisationFactory.build(name="Neue Tafel"),
        contact=NetworkContact(),
        by=world.lead_a,
    )
    assert contact.responsible == world.lead_a


def test_only_a_team_member_can_be_responsible(world):
    from django.core.exceptions import ValidationError

    from contacts import services

    with pytest.raises(ValidationError, match="Team des Vorhabens"):
        services.network_contact_create(
            project=world.project_a,
            organisation=factories.OrganisationFactory.build(name="Neue Tafel"),
            contact=NetworkContact(responsible=world.staff_b),
            by=world.lead_a,
        )


# --- a contact person leaves: the successor, and what other projects see ----------------


def test_marking_a_person_gone_asks_for_the_successor_and_tells_other_projects(client, world):
    from contacts.models import ContactPerson

    # Project B works with the same organisation (Jobcenter Sonneberg).
    contact_b = factories.NetworkContactFactory(
        project=world.project_b, organisation=world.organisation
    )
    client.force_login(world.staff_a)
    url = reverse("contacts:person_leave", args=[world.contact_a.pk, world.person_a.pk])
    assert "Name der Nachfolge" in client.get(url).content.decode()
    response = client.post(
        url, {"successor-name": "Bruno Buntspecht", "successor-legal_basis": "public_function"}
    )
    assert response.status_code == 302
    assert "ist als ausgeschieden vermerkt" in client.get(response.url).content.decode()
    world.person_a.refresh_from_db()
    assert not world.person_a.is_active
    successor = ContactPerson.objects.get(name="Bruno Buntspecht")
    assert (successor.network_contact, successor.is_active) == (world.contact_a, True)

    client.force_login(world.staff_b)
    page = client.get(contact_b.get_absolute_url()).content.decode()
    assert "Ansprechperson gewechselt" in page
    for personal in ("Anna Amsel", "Bruno Buntspecht", world.project_a.name):
        assert personal not in page
    # The reporting project itself is not told about its own change.
    client.force_login(world.staff_a)
    assert (
        "Ansprechperson gewechselt"
        not in client.get(world.contact_a.get_absolute_url()).content.decode()
    )


def test_a_person_can_leave_without_a_known_successor(client, world):
    from contacts.models import ContactPerson, PersonChange

    client.force_login(world.staff_a)
    url = reverse("contacts:person_leave", args=[world.contact_a.pk, world.person_a.pk])
    assert client.post(url, {"successor-legal_basis": "public_function"}).status_code == 302
    assert ContactPerson.objects.filter(network_contact=world.contact_a).count() == 1
    assert PersonChange.objects.get().organisation == world.organisation
