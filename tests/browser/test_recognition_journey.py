"""Issue 29 in the browser: project staff type part of a partner's name on the recording
page and pick their own town's entry from the first three suggestions – the page says it is
already a partner of the project, with the link, before anything is saved."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from contacts.models import NetworkContact
from tests import factories

pytestmark = pytest.mark.browser


def test_staff_type_part_of_a_partners_name_and_pick_their_towns_entry(new_page, world):
    for town in ["Gera", "Jena", "Erfurt", "Suhl", "Gotha", "Weimar"]:
        factories.OrganisationFactory(name=f"Kreisjugendring {town} e. V.", city=town)
    own = factories.OrganisationFactory(name="Sonneberger Kreisjugendring e. V.", city="Sonneberg")
    contact = factories.NetworkContactFactory(project=world.project_a, organisation=own)
    contacts_before = NetworkContact.objects.count()

    page = new_page(world.staff_a)
    page.goto("/netzwerk/neu/erfassen/")
    name = page.get_by_label("Name der Organisation")
    name.click()
    name.press_sequentially("kreisjug", delay=30)  # part of the name, no capitals
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    first_three = [options.nth(i).inner_text() for i in range(min(3, options.count()))]
    mine = next(i for i, text in enumerate(first_three) if "Sonneberg" in text)
    assert "schon Partner dieses Vorhabens" in first_three[mine]
    options.nth(mine).click()

    expect(page.get_by_text("Sonneberger Kreisjugendring e. V.", exact=True)).to_be_visible()
    note = page.get_by_role("link", name="schon Partner dieses Vorhabens")
    expect(note).to_be_visible()
    expect(note).to_have_attribute("href", contact.get_absolute_url())
    assert NetworkContact.objects.count() == contacts_before  # nothing saved
