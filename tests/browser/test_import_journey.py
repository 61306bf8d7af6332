"""Staff import their old list in the browser: upload, mapping, preview, import."""

import pytest
from playwright.sync_api import expect

from contacts.models import NetworkContact
from tests.browser.test_accessibility import assert_accessible
from tests.imports.test_import import HEADER, ROWS, csv_bytes

pytestmark = pytest.mark.browser


def test_staff_import_a_small_list_through_mapping_and_preview(new_page, world, tmp_path):
    path = tmp_path / "kontakte-alt.csv"
    path.write_bytes(csv_bytes([HEADER, *ROWS], encoding="cp1252"))
    page = new_page(world.staff_a)
    page.get_by_role("link", name="Netzwerkkontakte").first.click()
    page.get_by_role("link", name="Liste importieren").click()
    page.get_by_label("Datei").set_input_files(str(path))
    page.get_by_role("button", name="Hochladen und weiter").click()
    expect(page.get_by_role("heading", name="Spalten zuordnen")).to_be_visible()
    expect(page.get_by_label("Name der Einrichtung")).to_have_value("organisation")
    assert_accessible(page, page.url.replace(page.url.split("/netzwerk")[0], ""))
    page.get_by_label("Handlungsfelder: „Armut“").select_option(label="Bildung und Sprache")
    page.get_by_role("button", name="Weiter zur Vorschau").click()
    expect(page.get_by_role("cell", name="ergänzt bestehenden")).to_be_visible()
    expect(page.get_by_text("Kontakt seit: 15.01.2016 → 01.04.2016")).to_be_visible()
    page.get_by_role("button", name="Jetzt importieren").click()
    expect(page.get_by_text("Importiert: 2 neu, 1 ergänzt, 0 übersprungen.")).to_be_visible()
    assert NetworkContact.objects.filter(project=world.project_a).count() == 3
    tafel = NetworkContact.objects.get(organisation__name="Tafel Sonneberg e. V.")
    assert tafel.persons.get().name == "Gerda Graupner"
