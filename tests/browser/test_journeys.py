"""Each role's journeys, clicking and typing as a person would."""

import re

import pytest
from playwright.sync_api import expect

from contacts.models import FieldOfAction, NetworkContact, Organisation
from tests import factories
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_staff_finds_a_contact_by_search_and_filter(new_page, world):
    page = new_page(world.staff_a)
    page.get_by_role("link", name="Netzwerkkontakte").first.click()
    page.get_by_label("Suche").fill("Amsel")
    page.get_by_label("Status").select_option("active")
    page.get_by_role("button", name="Anwenden").click()
    expect(page.get_by_text("1 Netzwerkkontakt", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=Amsel.*status=active"))
    page.get_by_role("link", name="Jobcenter Sonneberg", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jobcenter Sonneberg")
    expect(page.get_by_role("cell", name=re.compile(r"^Anna Amsel\b"))).to_be_visible()


def test_staff_creates_a_contact_from_a_suggestion_adds_a_person_and_logs_a_contact(
    new_page, world
):
    page = new_page(world.staff_b)
    page.goto("/netzwerk/neu/")  # the former first step forwards to the recording page
    expect(page).to_have_url(re.compile("/netzwerk/neu/erfassen/"))
    page.get_by_label("Name der Organisation").press_sequentially(
        "Jobcenter Landkreis Sonneberg", delay=10
    )
    page.get_by_role("option", name=re.compile("Jobcenter Sonneberg")).click()
    expect(page.locator("#picked-organisation")).to_contain_text("Jobcenter Sonneberg")
    page.get_by_label("Intensität").select_option("regular")
    page.get_by_label("Arbeit und Beschäftigung").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Netzwerkkontakt gespeichert")).to_be_visible()
    contact = NetworkContact.objects.get(project=world.project_b, organisation=world.organisation)
    assert Organisation.objects.filter(name__startswith="Jobcenter").count() == 1

    page.get_by_role("link", name="Ansprechperson hinzufügen").click()
    page.get_by_label("Name").fill("Paula Pirol")
    page.get_by_label("Telefon").fill("03631 123456")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("cell", name=re.compile(r"^Paula Pirol\b"))).to_be_visible()

    page.get_by_role("link", name="Kontakt erfassen").click()
    page.get_by_text("Kontakt erfassen", exact=True).last.click()
    page.get_by_label("Kontaktweg").select_option(label="Telefon")
    page.get_by_label("Anlass").fill("Termin für Sprechstunde")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Termin für Sprechstunde")).to_be_visible()
    assert contact.interactions.count() == 1


def test_coordination_merges_duplicates_and_deactivates_a_vocabulary_entry(new_page, world):
    duplicate = factories.old_duplicate("Jobcenter Landkreis Sonneberg", city="Sonneberg")
    factories.NetworkContactFactory(project=world.project_b, organisation=duplicate)
    page = new_page(world.coordination)
    page.goto(duplicate.get_absolute_url())
    page.get_by_role("link", name="Zusammenführen").click()
    page.get_by_label("Zusammenführen in (bleibt erhalten)").select_option(
        label=str(world.organisation)
    )
    page.get_by_role("button", name="Zusammenführen").click()
    expect(page.get_by_text("wurde in „Jobcenter Sonneberg“ zusammengeführt")).to_be_visible()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == world.organisation

    page.get_by_role("button", name="Verwaltung").click()
    page.get_by_role("link", name="Wertelisten").click()
    page.get_by_role("link", name="Bearbeiten Senioren").click()
    page.get_by_label("aktiv").uncheck()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Eintrag gespeichert")).to_be_visible()
    assert not FieldOfAction.objects.get(code="senioren").is_active


def test_ministry_sees_totals_and_finds_no_way_to_contact_persons(new_page, world):
    page = new_page(world.ministry)
    expect(page.get_by_text("Summen des Programms")).to_be_visible()
    expect(page.get_by_role("link", name="Netzwerkkontakte")).to_have_count(0)
    page.goto(world.contact_a.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Seite nicht gefunden")
    assert "Amsel" not in page.content()


def test_a_stale_edit_in_a_second_window_is_refused(new_page, world):
    first, second = new_page(world.staff_a), new_page(world.lead_a)
    url = f"/netzwerk/{world.contact_a.pk}/bearbeiten/"
    first.goto(url)
    second.goto(url)
    first.get_by_label("Notizen").fill("Zuerst gespeichert")
    first.get_by_role("button", name="Speichern").click()
    expect(first.get_by_text("Netzwerkkontakt gespeichert")).to_be_visible()
    second.get_by_label("Notizen").fill("Zu spät")
    second.get_by_role("button", name="Speichern").click()
    expect(second.locator("#error-summary")).to_contain_text("wurde inzwischen von")
    expect(second.locator("#error-summary")).to_be_focused()
    world.contact_a.refresh_from_db()
    assert world.contact_a.notes == "Zuerst gespeichert"


@pytest.mark.parametrize(
    "path",
    ["/netzwerk/", "/netzwerk/{contact}/", "/netzwerk/{contact}/bearbeiten/", "/"],
)
def test_phone_layout_has_no_horizontal_scrolling(new_page, world, path):
    page = new_page(world.staff_a, width=390, height=844)
    page.goto(path.format(contact=world.contact_a.pk))
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391"
        " && !e.closest('.table-responsive')).map(e => e.tagName + '.' + e.className).slice(0, 5)"
    )
    assert width <= 390, wide
    expect(page.get_by_role("button", name="Navigation ein- oder ausblenden")).to_be_visible()
    screenshot(page, "phone" + path.replace("/", "_").replace("{contact}", "kontakt"))


@pytest.mark.parametrize("width", [1280, 1366])  # below 1200 px the menu folds (test_layout)
def test_the_coordination_offices_many_sections_fit_a_desktop_screen(new_page, world, width):
    page = new_page(world.coordination, width=width, height=700)
    for language in ("Deutsch", "English"):
        if language == "English":
            page.get_by_role("button", name="English").click()
            expect(page.locator("html")).to_have_attribute("lang", "en")
        page.goto("/netzwerk/")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, language
        expect(
            page.get_by_role(
                "button", name="Verwaltung" if language == "Deutsch" else "Administration"
            )
        ).to_be_visible()


def test_the_contact_form_works_with_the_keyboard_alone(new_page, world):
    page = new_page(world.staff_a)
    page.goto(f"/netzwerk/{world.contact_a.pk}/bearbeiten/")
    page.get_by_label("Intensität").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "id_status"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.get_by_label("Kontakt seit").fill("2999-01-01")
    page.get_by_label("Kontakt seit").press("Enter")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("nicht in der Zukunft")


def test_coordination_adds_and_moves_an_agenda_item_in_the_browser(new_page, world):
    meeting = factories.MeetingFactory(number=6, place="Sonneberg")
    meeting.agenda_items.create(title="Begrüßung", position=1)
    meeting.agenda_items.create(title="Erfolge und Hemmnisse", position=2)
    page = new_page(world.coordination)
    page.goto(f"/austausch/{meeting.pk}/bearbeiten/")
    agenda = page.locator("fieldset.formset[data-prefix=agenda]")
    agenda.get_by_role("button", name="Tagesordnungspunkt hinzufügen").click()
    new_row = agenda.locator(".formset-row").last
    expect(new_row.get_by_label("Tagesordnungspunkt*")).to_be_focused()
    new_row.get_by_label("Tagesordnungspunkt*").fill("Informationen aus dem TMASGFF")
    # Two stored rows and two spare ones come first; move the new item up to second place.
    rows = agenda.locator(".formset-row")
    expect(rows).to_have_count(5)
    for index in (4, 3, 2):
        rows.nth(index).get_by_role("button", name="nach oben").click()
    expect(rows.nth(1).get_by_label("Tagesordnungspunkt*")).to_have_value(
        "Informationen aus dem TMASGFF"
    )
    expect(rows.nth(1).locator("legend")).to_have_text("Tagesordnungspunkt 2")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Erfahrungsaustausch gespeichert.")).to_be_visible()
    assert [item.title for item in meeting.agenda_items.all()] == [
        "Begrüßung",
        "Informationen aus dem TMASGFF",
        "Erfolge und Hemmnisse",
    ]


def test_minutes_print_without_navigation_and_buttons(new_page, world):
    meeting = factories.MeetingFactory(number=6, place="Sonneberg")
    page = new_page(world.coordination)
    page.goto(f"/austausch/{meeting.pk}/")
    expect(page.get_by_role("button", name="Drucken")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Hauptnavigation")).to_be_hidden()
    expect(page.get_by_role("button", name="Drucken")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "6. ThINKA-Erfahrungsaustausch in Sonneberg"
    )
