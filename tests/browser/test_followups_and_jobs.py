"""Issue 33 in the browser: the Wiedervorlagen page (a follow-up settled in ≤ 3 actions),
the ministry export with its progress page, and what a new user met on the way (words
broken mid-word at 1366 px, phone cards without the project, dashboard tables at 390 px)."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.browser


def test_a_follow_up_is_settled_from_the_wiedervorlagen_page_in_two_actions(new_page, world):
    today = datetime.date.today()
    factories.InteractionFactory(
        network_contact=world.contact_a,
        date=today - datetime.timedelta(days=60),
        follow_up_on=today - datetime.timedelta(days=45),  # older than 30 days: still shown
        occasion="Kooperationsvertrag nachfassen",
    )
    page = new_page(world.staff_a)
    page.get_by_role("link", name="Alle Wiedervorlagen: 1 offen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wiedervorlagen")
    row = page.locator("li.card", has_text="Kooperationsvertrag nachfassen")
    expect(row.get_by_text("überfällig")).to_be_visible()
    actions = 0
    row.get_by_text("Kontakt eintragen").click()
    actions += 1
    expect(row.get_by_label("Anlass")).to_have_value(
        "Wiedervorlage: Kooperationsvertrag nachfassen"
    )
    row.get_by_role("button", name="Kontakt speichern").click()
    actions += 1
    expect(page.get_by_text("Kontakt erfasst.")).to_be_visible()
    expect(page.get_by_text("Keine offenen Wiedervorlagen.")).to_be_visible()
    print(f"Wiedervorlage erledigt in {actions} Aktionen")
    assert actions <= 3


def test_the_export_runs_as_a_job_with_a_progress_bar_and_offers_the_file(new_page, world):
    page = new_page(world.coordination)
    page.get_by_role("link", name="Bericht").click()
    page.get_by_label("Berichtszeitraum").select_option("2016-H2")
    page.get_by_role("button", name="Excel-Datei erstellen").click()
    page.wait_for_url("**/auftraege/*/")
    bar = page.get_by_label("Fortschritt (geschätzt)")
    expect(bar).to_have_attribute("value", "100")
    status = page.get_by_role("status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_contain_text("fertig")
    with page.expect_download() as info:
        page.get_by_role("link", name="Datei herunterladen").click()
    book = load_workbook(io.BytesIO(info.value.path().read_bytes()), read_only=True)
    assert "Übersicht" in book.sheetnames


WORDS_SPLIT = """() => {
  const split = [];
  for (const cell of document.querySelectorAll("table.table-cards td")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/[\\p{L}-]{4,}/gu)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1 && !match[0].includes("-")) split.push(match[0]);
      }
    }
  }
  return split;
}"""


def test_the_list_breaks_no_word_in_the_middle_at_1366_px(new_page, world):
    from contacts.models import FieldOfAction

    fields = list(FieldOfAction.objects.all()[:4])
    for number in range(6):
        contact = factories.NetworkContactFactory(
            project=world.project_a,
            organisation=factories.OrganisationFactory(
                name=f"Kinder- und Jugendhilfeeinrichtung Mehrgenerationenhaus {number}",
                city="Sonneberg-Neufang",
            ),
        )
        contact.fields_of_action.set(fields)
    page = new_page(world.coordination, width=1366, height=900)
    page.goto("/netzwerk/")
    assert page.evaluate(WORDS_SPLIT) == []


def test_on_a_phone_the_card_names_the_project_for_staff_of_two_projects(new_page, world):
    factories.MembershipFactory(user=world.staff_a, project=world.project_b)
    page = new_page(world.staff_a, width=390, height=844)
    page.goto("/netzwerk/")
    row = page.locator("table.table-cards tbody tr", has_text="Jobcenter Sonneberg")
    expect(row.locator("td[data-label='Vorhaben']")).to_be_visible()
    expect(row.locator("td[data-label='Vorhaben']")).to_have_text(world.project_a.name)


def test_dashboard_tables_on_a_phone_say_they_scroll_sideways(new_page, world):
    page = new_page(world.coordination, width=390, height=844)
    page.goto("/netzwerk/uebersicht/")
    expect(page.locator(".scroll-hint").first).to_be_visible()
    wide = new_page(world.coordination, width=1366, height=900)
    wide.goto("/netzwerk/uebersicht/")
    expect(wide.locator(".scroll-hint").first).to_be_hidden()
