"""Recording a partner on one page (issue 17, item 1), counted as a person works: every
click, typed field, chosen option or key is one action; every page the browser loads is a
page load. The figures are printed and held to the bar of the issue."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from contacts.models import ContactPerson, Interaction, NetworkContact, Organisation

pytestmark = pytest.mark.browser

MAX_ACTIONS_RECORDING, MAX_LOADS_RECORDING = 12, 2
MAX_ACTIONS_HISTORY = 5


class Journey:
    """Does what a person does on a page, and counts it."""

    def __init__(self, page) -> None:
        self.page = page
        self.actions = 0
        self.loads = 0
        page.on("load", lambda _page: self._loaded())

    def _loaded(self) -> None:
        self.loads += 1

    def act(self, locator, verb: str, *args, **kwargs) -> None:
        getattr(locator, verb)(*args, **kwargs)
        self.actions += 1

    def key(self, name: str) -> None:
        self.page.keyboard.press(name)
        self.actions += 1

    def report(self, what: str) -> str:
        line = f"{what}: {self.actions} Aktionen, {self.loads} Seitenaufrufe"
        print(f"\n{line}")
        return line


def test_a_new_partner_with_person_and_first_contact_in_one_page(new_page, world):
    page = new_page(world.staff_a, width=1366, height=900)
    page.goto("/netzwerk/")
    journey = Journey(page)
    journey.act(page.get_by_role("link", name="Netzwerkkontakt anlegen").first, "click")
    journey.act(page.get_by_label("Name der Organisation"), "fill", "Stadtteilladen Wolkenrasen")
    journey.act(page.get_by_label("Organisationsart"), "select_option", label="Verein")
    journey.act(page.get_by_label("Ort"), "fill", "Sonneberg")
    journey.act(page.get_by_label("Wohnen und Wohnumfeld"), "check")
    person = page.get_by_role("group", name="Ansprechperson (optional)")
    journey.act(person.get_by_label("Name"), "fill", "Rita Rotkehlchen")
    journey.act(person.get_by_label("E-Mail"), "fill", "rita@wolkenrasen.example")
    first = page.get_by_role("group", name="Erster Kontakt (optional)")
    journey.act(first.get_by_label("Kontaktweg"), "select_option", label="Telefon")
    journey.act(first.get_by_label("Anlass"), "fill", "Kennenlernen im Stadtteil")
    journey.act(page.get_by_role("button", name="Speichern"), "click")
    expect(page.get_by_text("Netzwerkkontakt gespeichert")).to_be_visible()
    journey.report("Neue Organisation mit Ansprechperson und erstem Kontakt")

    contact = NetworkContact.objects.get(organisation__name="Stadtteilladen Wolkenrasen")
    assert contact.project == world.project_a  # preselected: the user's only project
    assert ContactPerson.objects.get(network_contact=contact).email == "rita@wolkenrasen.example"
    assert Interaction.objects.get(network_contact=contact).occasion == "Kennenlernen im Stadtteil"
    assert contact.last_interaction_on is not None or contact.interactions.exists()
    assert journey.actions <= MAX_ACTIONS_RECORDING, journey.actions
    assert journey.loads <= MAX_LOADS_RECORDING, journey.loads


def test_an_organisation_from_the_register_picked_with_the_keyboard_alone(new_page, world):
    page = new_page(world.staff_b)
    page.goto("/netzwerk/neu/erfassen/")
    journey = Journey(page)
    name = page.get_by_label("Name der Organisation")
    journey.act(name, "click")
    journey.act(name, "press_sequentially", "Jobcenter Sonn", delay=20)
    expect(page.get_by_role("option", name=re.compile("Jobcenter Sonneberg"))).to_be_visible()
    expect(name).to_have_attribute("aria-expanded", "true")
    journey.key("ArrowDown")
    expect(name).to_have_attribute("aria-activedescendant", "org-option-0")
    journey.key("Enter")
    expect(page.locator("#picked-organisation")).to_contain_text("Jobcenter Sonneberg")
    expect(page.get_by_label("Organisationsart")).to_be_hidden()
    journey.act(page.get_by_label("Intensität"), "select_option", "regular")
    journey.act(page.get_by_role("button", name="Speichern"), "click")
    expect(page.get_by_text("Netzwerkkontakt gespeichert")).to_be_visible()
    journey.report("Organisation aus dem Register per Tastatur")
    assert NetworkContact.objects.filter(
        project=world.project_b, organisation=world.organisation
    ).exists()
    assert Organisation.objects.filter(name__startswith="Jobcenter").count() == 1
    assert journey.actions <= MAX_ACTIONS_RECORDING


def test_a_contact_history_entry_from_the_list(new_page, world):
    page = new_page(world.staff_a)
    page.goto("/netzwerk/")
    journey = Journey(page)
    journey.act(
        page.get_by_role("link", name=re.compile("Kontakt eintragen – Jobcenter Sonneberg")),
        "click",
    )
    journey.act(page.get_by_label("Kontaktweg"), "select_option", label="Telefon")
    journey.act(page.get_by_label("Anlass"), "fill", "Absprache Sprechstunde")
    journey.act(page.get_by_role("button", name="Speichern").last, "click")
    expect(page.get_by_text("Absprache Sprechstunde")).to_be_visible()
    journey.report("Kontakt aus der Liste eintragen")
    assert world.contact_a.interactions.filter(occasion="Absprache Sprechstunde").exists()
    assert journey.actions <= MAX_ACTIONS_HISTORY, journey.actions


def test_without_javascript_similar_entries_are_shown_after_sending(browser, live_server, world):
    from tests.browser.conftest import login

    context = browser.new_context(
        java_script_enabled=False, locale="de-DE", base_url=live_server.url
    )
    try:
        page = context.new_page()
        login(page, world.staff_b.username)
        page.goto("/netzwerk/neu/erfassen/")
        page.get_by_label("Name der Organisation").fill("Jobcenter Sonneberg Ost")
        page.get_by_label("Organisationsart").select_option(label="Verein")
        page.get_by_label("Intensität").select_option("close")
        page.get_by_role("button", name="Speichern").click()
        expect(
            page.get_by_role("heading", name="Ähnliche Organisationen im Register")
        ).to_be_visible()
        assert (
            not NetworkContact.objects.filter(project=world.project_b)
            .exclude(pk=world.contact_b.pk)
            .exists()
        )
        page.get_by_role("button", name=re.compile("Diese verwenden Jobcenter Sonneberg")).click()
        expect(page.get_by_text("Netzwerkkontakt gespeichert")).to_be_visible()
        contact = NetworkContact.objects.get(
            project=world.project_b, organisation=world.organisation
        )
        assert contact.intensity == "close"  # what was typed before the question is kept
    finally:
        context.close()
