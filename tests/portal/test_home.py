"""Start pages per role."""

import datetime

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_staff_start_page_shows_due_follow_ups_and_recent_changes(client, world):
    factories.InteractionFactory(
        network_contact=world.contact_a,
        date=datetime.date.today(),
        follow_up_on=datetime.date.today() + datetime.timedelta(days=2),
        occasion="Rückruf wegen Stadtteilfest",
    )
    factories.InteractionFactory(
        network_contact=world.contact_b,
        date=datetime.date.today(),
        follow_up_on=datetime.date.today(),
        occasion="Fremde Wiedervorlage",
    )
    client.force_login(world.staff_a)
    page = client.get(reverse("home")).content.decode()
    assert "Rückruf wegen Stadtteilfest" in page
    assert "Fremde Wiedervorlage" not in page
    assert "Zuletzt geändert" in page


def test_a_follow_up_is_marked_overdue_and_done_once_a_later_contact_is_recorded(client, world):
    today = datetime.date.today()
    days = datetime.timedelta
    factories.InteractionFactory(
        network_contact=world.contact_a,
        date=today - days(20),
        follow_up_on=today - days(3),
        occasion="Angebot nachfassen",
    )
    client.force_login(world.staff_a)
    item = client.get(reverse("home")).context["follow_ups"][0]
    assert (item.occasion, item.overdue) == ("Angebot nachfassen", True)
    assert "überfällig" in client.get(reverse("home")).content.decode()

    factories.InteractionFactory(
        network_contact=world.contact_a, date=today - days(1), occasion="Angebot besprochen"
    )
    page = client.get(reverse("home")).content.decode()
    assert "Angebot nachfassen" not in page
    assert "Keine Wiedervorlagen fällig." in page


def test_a_follow_up_due_later_is_not_overdue(client, world):
    factories.InteractionFactory(
        network_contact=world.contact_a,
        date=datetime.date.today(),
        follow_up_on=datetime.date.today() + datetime.timedelta(days=1),
    )
    client.force_login(world.staff_a)
    [item] = client.get(reverse("home")).context["follow_ups"]
    assert item.overdue is False
    assert "überfällig" not in client.get(reverse("home")).content.decode()


def test_ministry_start_page_shows_totals_without_personal_data(client, world):
    client.force_login(world.ministry)
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert response.context["totals"]["all_contacts"] == 2
    assert "Summen des Programms" in page
    assert "Amsel" not in page


def test_coordination_start_page_lists_possible_duplicates(client, world):
    # The same name, the place in the name the same: the office should look (issue 29:
    # as a pair, with "zusammenführen").
    twin = factories.old_duplicate("Jobcenter Sonneberg", city="Neuhaus am Rennweg")
    client.force_login(world.coordination)
    page = client.get(reverse("home")).content.decode()
    assert "Mögliche Dubletten im Register" in page
    merge = reverse("contacts:organisation_merge", args=[twin.pk])
    assert f"{merge}?target={world.organisation.pk}" in page
    assert ">zusammenführen<" in page


def test_project_rows_count_active_contacts_and_show_the_last_change(world):
    from contacts.models import ContactStatus, NetworkContact
    from contacts.selectors import project_overview

    quiet = factories.ProjectFactory(name="ThINKA Altenburg")
    factories.NetworkContactFactory(project=world.project_a, status=ContactStatus.DORMANT)
    factories.NetworkContactFactory(project=world.project_a, is_archived=True)
    latest = factories.NetworkContactFactory(project=world.project_a)
    changed = datetime.datetime(2030, 5, 4, 12, tzinfo=datetime.UTC)
    NetworkContact.objects.filter(pk=latest.pk).update(updated_at=changed)

    rows = {p.pk: p for p in project_overview(user=world.coordination)}

    # Active as every page counts it (contacts.querysets): the status "ruhend" does not end
    # a contact, archiving does – contact_a, the dormant one and latest.
    assert rows[world.project_a.pk].active_contacts == 3
    assert rows[world.project_a.pk].last_activity == changed
    assert rows[world.project_b.pk].active_contacts == 1
    assert (rows[quiet.pk].active_contacts, rows[quiet.pk].last_activity) == (0, None)
