"""The list's text search finds what was meant: folded umlauts everywhere, typos – on
SQLite as on PostgreSQL (the one recogniser, contacts.recognition) – closest first."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories


def search(client, user, text: str, **extra) -> list[str]:
    client.force_login(user)
    page = client.get(reverse("contacts:list"), {"q": text, **extra})
    return [contact.organisation.name for contact in page.context["page"].object_list]


@pytest.fixture
def partners(world):
    names = ["Bäckerei Müller", "Nachbarschaftstreff Lobeda", "Nachbarschaftsgarten Süd", "Tafel"]
    for name in names:
        factories.NetworkContactFactory(
            project=world.project_a, organisation=factories.OrganisationFactory(name=name)
        )
    return names


def test_folded_umlauts_find_the_umlaut_spelling(client, world, partners):
    assert search(client, world.staff_a, "baeckerei") == ["Bäckerei Müller"]
    assert search(client, world.staff_a, "Mueller") == ["Bäckerei Müller"]


def test_a_typo_still_finds_the_partner_closest_first(client, world, partners):
    found = search(client, world.staff_a, "Nachbarschafstreff")
    assert found[0] == "Nachbarschaftstreff Lobeda"
    assert "Tafel" not in found


def test_a_chosen_sort_order_wins_over_closeness(client, world, partners):
    found = search(client, world.staff_a, "Nachbarschaftstreff", sort="-organisation")
    assert found == sorted(found, reverse=True)


def test_the_search_never_shows_another_projects_contacts(client, world, partners):
    factories.NetworkContactFactory(
        project=world.project_b, organisation=factories.OrganisationFactory(name="Bäckerei Nord")
    )
    assert search(client, world.staff_a, "baeckerei") == ["Bäckerei Müller"]
