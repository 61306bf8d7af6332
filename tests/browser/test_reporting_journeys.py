"""Journeys around reports: minutes, exports, the dashboard – clicking as a person would."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

from exchanges.models import Meeting

pytestmark = pytest.mark.browser


def downloaded(page, click) -> bytes:
    with page.expect_download() as info:
        click()
    return info.value.path().read_bytes()


def exported(page) -> bytes:
    """The export runs as a background job: its page shows the progress, then the file."""
    page.get_by_role("button", name="Excel-Datei erstellen").click()
    page.wait_for_url("**/auftraege/*/")
    expect(page.get_by_role("status")).to_contain_text("fertig")
    return downloaded(page, lambda: page.get_by_role("link", name="Datei herunterladen").click())


def test_staff_download_their_own_export_and_list(new_page, world):
    page = new_page(world.staff_a)
    page.get_by_role("link", name="Bericht").click()
    page.get_by_label("Berichtszeitraum").select_option("2016-H1")
    data = exported(page)
    book = load_workbook(io.BytesIO(data))
    projects = {row[0] for row in book["Netzwerkkontakte"].iter_rows(min_row=2, values_only=True)}
    assert projects == {world.project_a.name}

    page.get_by_role("link", name="Netzwerkkontakte").first.click()
    data = downloaded(page, lambda: page.get_by_role("link", name="Liste als CSV").click())
    text = data.decode("utf-8-sig")
    assert "Jobcenter Sonneberg" in text
    assert "Tafel Nordhausen" not in text


def test_coordination_documents_a_meeting_and_downloads_minutes_and_export(new_page, world):
    page = new_page(world.coordination)
    page.get_by_role("link", name="Erfahrungsaustausch").first.click()
    page.get_by_role("link", name="Erfahrungsaustausch anlegen").click()
    page.get_by_label("Nummer*").fill("6")
    page.get_by_label("Datum*").fill("2016-04-06")
    page.get_by_label("Ort*", exact=True).fill("Sonneberg")
    page.get_by_label("Status").select_option("held")
    page.get_by_label("ThINKA Sonneberg").check()
    page.get_by_label("ThINKA Nordhausen").check()
    agenda = page.locator("fieldset.formset[data-prefix=agenda]")
    agenda.locator(".formset-row").nth(0).get_by_label("Tagesordnungspunkt*").fill(
        "15 Monate ThINKA Sonneberg"
    )
    agenda.locator(".formset-row").nth(1).get_by_label("Tagesordnungspunkt*").fill(
        "ThINKA – Erfolge und Hemmnisse"
    )
    page.get_by_label("nächster Termin").fill("2016-11-02")
    page.get_by_label("Ort des nächsten Termins").fill("Nordhausen")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Erfahrungsaustausch gespeichert.")).to_be_visible()

    page.get_by_role("link", name="Thementisch anlegen").click()
    page.get_by_label("Thema*").fill("Steuerungsgruppe")
    page.get_by_label("ThINKA Sonneberg").check()
    results = page.locator("fieldset.formset[data-prefix=results]")
    results.locator(".formset-row").nth(0).get_by_label("Ergebnis*").fill(
        "Der „kurze Dienstweg“ fördert gute Steuerungsgruppenarbeit"
    )
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", name="Thementisch 1: Steuerungsgruppe")).to_be_visible()

    meeting = Meeting.objects.get(number=6)
    assert meeting.agenda_items.count() == 2
    data = downloaded(
        page,
        lambda: page.get_by_role("link", name="Als Word-Dokument herunterladen (.docx)").click(),
    )
    headings = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert "Thementisch 1: Steuerungsgruppe" in headings
    assert "15 Monate ThINKA Sonneberg" in headings

    page.get_by_role("link", name="Bericht").click()
    page.get_by_label("Berichtszeitraum").select_option("2016-H2")
    data = exported(page)
    book = load_workbook(io.BytesIO(data))
    from tests.reports.test_exports import SHEETS

    assert book.sheetnames == SHEETS


def test_ministry_reads_dashboard_minutes_and_export_but_no_contact_persons(new_page, world):
    from tests import factories

    meeting = factories.MeetingFactory(number=6, place="Sonneberg")
    page = new_page(world.ministry)
    page.get_by_role("link", name="Übersicht").click()
    expect(page.get_by_role("heading", name="Abdeckung der Handlungsfelder")).to_be_visible()
    assert page.locator(f"a[href='{world.contact_a.get_absolute_url()}']").count() == 0
    page.get_by_role("link", name="Erfahrungsaustausch").first.click()
    page.get_by_role("link", name=meeting.date.strftime("%d.%m.%Y")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(meeting.title)
    page.get_by_role("link", name="Bericht").click()
    expect(page.get_by_label("Ansprechpersonen einschließen")).to_have_count(0)
    data = exported(page)
    book = load_workbook(io.BytesIO(data))
    assert "Ansprechpersonen" not in book.sheetnames
    every_value = " ".join(
        str(v)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
    )
    assert world.person_a.name not in every_value
    for path in (
        world.contact_a.get_absolute_url(),
        f"/netzwerk/steuerungsgruppe/{world.project_a.pk}/",
    ):
        page.goto(path)
        assert world.person_a.name not in page.content()


HEAT_COLOURS = {  # static/css/thinka.css, as the browser computes them
    "heat-0": "rgb(255, 255, 255)",
    "heat-1": "rgb(222, 235, 247)",
    "heat-2": "rgb(158, 202, 225)",
    "heat-3": "rgb(33, 113, 181)",
    "heat-4": "rgb(8, 48, 107)",
}


def test_the_heat_map_really_shades_its_cells(new_page, world):
    """ "Je dunkler, desto mehr" – Bootstrap's cell background must not paint over it."""
    from contacts.models import FieldOfAction

    world.contact_a.fields_of_action.add(FieldOfAction.objects.get(code="arbeit"))
    page = new_page(world.coordination)
    page.goto("/netzwerk/uebersicht/")
    cells = page.locator(".heatmap td[class*='heat-']")
    expect(cells.first).to_be_visible()
    seen = set()
    for index in range(cells.count()):
        cell = cells.nth(index)
        level = next(c for c in cell.get_attribute("class").split() if c.startswith("heat-"))
        colour = cell.evaluate("el => getComputedStyle(el).backgroundColor")
        assert colour == HEAT_COLOURS[level], f"{level}: {colour}"
        seen.add(level)
    assert seen - {"heat-0"}, "no shaded cell to check"
