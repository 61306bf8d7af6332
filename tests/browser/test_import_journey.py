"""Staff import their old list in the browser: upload, mapping, preview, import."""

import pytest
from playwright.sync_api import expect

from contacts.models import NetworkContact
from tests.browser.test_accessibility import assert_accessible
from tests.imports.sheetfiles import Sheet, xlsx_file
from tests.imports.test_corpus import TITLE, xlsx
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
    expect(page.get_by_text("Notizen: – → Sprechstunde")).to_be_visible()
    page.get_by_role("button", name="Jetzt importieren").click()
    expect(
        page.get_by_text(
            "Importiert: 2 neu, 1 ergänzt, 0 weitere Ansprechpersonen, 0 übersprungen."
        )
    ).to_be_visible()
    assert NetworkContact.objects.filter(project=world.project_a).count() == 3
    tafel = NetworkContact.objects.get(organisation__name="Tafel Sonneberg e. V.")
    assert tafel.persons.get().name == "Gerda Graupner"


def test_a_workbook_with_a_title_block_and_a_sheet_per_kind_through_to_undo(
    new_page, world, tmp_path
):
    """The shape offices really keep: a title block, one sheet per kind of partner, one row
    per contact person, a sum row at the end – imported as it is, then undone."""
    path = tmp_path / "netzwerk-2016.xlsx"
    path.write_bytes(
        xlsx(
            ("Hinweise", [["Diese Liste führt Frau Muster."]]),
            (
                "Ämter",
                [
                    TITLE,
                    [],
                    ["Einrichtung", "Ort", "Ansprechpartner", "Telefon Ansprechpartner"],
                    ["Sozialamt Sonneberg", "Sonneberg", "Ines Igel", "03675 1001"],
                    ["Sozialamt Sonneberg", "Sonneberg", "Uwe Uhu", "03675 1002"],
                    ["Summe: 1"],
                ],
            ),
            (
                "Vereine",
                [
                    TITLE,
                    ["Einrichtung", "Ort", "Ansprechpartner", "Telefon Ansprechpartner"],
                    ["Heimatverein Sonneberg", "Sonneberg", "Erna Elster", ""],
                ],
            ),
            merge={"Ämter": ["A1:D1"], "Vereine": ["A1:D1"]},
        )
    )
    page = new_page(world.staff_a)
    page.goto("/netzwerk/import/")
    page.get_by_label("Datei").set_input_files(str(path))
    page.get_by_role("button", name="Hochladen und weiter").click()
    expect(page.get_by_role("heading", name="Spalten zuordnen")).to_be_visible()
    expect(page.locator("#header-hint")).to_contain_text("Zeile 3 des Blatts „Ämter“")
    expect(page.get_by_label("Tabellenblatt")).to_have_value("organisation_type")
    assert_accessible(page, page.url.replace(page.url.split("/netzwerk")[0], ""))
    page.get_by_role("button", name="Weiter zur Vorschau").click()
    expect(page.get_by_role("cell", name="weitere Ansprechperson")).to_be_visible()
    page.get_by_text("Zeilen nicht übernommen").click()
    expect(page.get_by_role("cell", name="Summe: 1")).to_be_visible()
    expect(page.get_by_text("Hinweise: enthält keine Tabelle")).to_be_visible()
    assert_accessible(page, page.url.replace(page.url.split("/netzwerk")[0], ""))
    page.get_by_role("button", name="Jetzt importieren").click()
    expect(
        page.get_by_text("Importiert: 2 neu, 0 ergänzt, 1 weitere Ansprechpersonen")
    ).to_be_visible()
    amt = NetworkContact.objects.get(organisation__name="Sozialamt Sonneberg")
    assert amt.organisation.organisation_type.code == "behoerde"
    assert sorted(p.name for p in amt.persons.all()) == ["Ines Igel", "Uwe Uhu"]
    page.get_by_role("link", name="Import rückgängig machen").click()
    page.get_by_role("button", name="Rückgängig machen").click()
    expect(
        page.get_by_text(
            "Import rückgängig gemacht: 2 Netzwerkkontakte entfernt (mit 2 Organisationen und "
            "3 Ansprechpersonen)"
        )
    ).to_be_visible()
    assert not NetworkContact.objects.filter(organisation__name="Sozialamt Sonneberg").exists()


def test_a_list_with_merged_cells_and_a_column_group_per_person(new_page, world, tmp_path):
    """Issue 28: the organisation merged over the rows of its persons, two persons side by
    side in numbered column groups – the preview shows every person under its organisation
    and says how it read the sheet."""
    path = tmp_path / "partner-gera.xlsx"
    path.write_bytes(
        xlsx_file(
            Sheet(
                [
                    [
                        "Einrichtung",
                        "Ort",
                        "Ansprechpartner 1",
                        "Telefon 1",
                        "Ansprechpartner 2",
                        "Telefon 2",
                    ],
                    [
                        "Schuldnerberatung Gera",
                        "Gera",
                        "Petra Pfau",
                        "0365 1001",
                        "Rolf Rabe",
                        "0365 1002",
                    ],
                    [None, None, "Sina Specht", "0365 1003", "", ""],
                    ["Kita Regenbogen Gera", "Gera", "Tom Taube", "", "", ""],
                ],  # fmt: skip
                merge=[(1, 0, 2, 0), (1, 1, 2, 1)],
            )
        )
    )
    page = new_page(world.staff_a)
    page.goto("/netzwerk/import/")
    page.get_by_label("Datei").set_input_files(str(path))
    page.get_by_role("button", name="Hochladen und weiter").click()
    expect(page.get_by_role("heading", name="Spalten zuordnen")).to_be_visible()
    page.get_by_role("button", name="Weiter zur Vorschau").click()
    expect(page.get_by_role("heading", name="So wurde die Tabelle gelesen")).to_be_visible()
    expect(page.get_by_text("liegt unter einer verbundenen Zelle")).to_be_visible()
    expect(page.get_by_text("je Gruppe eine Ansprechperson")).to_be_visible()
    first = (
        page.get_by_role("row")
        .filter(has_text="Schuldnerberatung Gera")
        .filter(has_text="Ansprechpersonen:")
    )
    expect(first).to_contain_text("Petra Pfau, Rolf Rabe, Sina Specht")
    expect(page.get_by_role("row").filter(has_text="Zeile 2, 2. Ansprechperson")).to_contain_text(
        "gehört zur Organisation aus Zeile 2"
    )
    expect(page.get_by_role("row").filter(has_text="Kita Regenbogen Gera")).to_contain_text(
        "Tom Taube"
    )
    assert_accessible(page, page.url.replace(page.url.split("/netzwerk")[0], ""))
    page.get_by_role("button", name="Jetzt importieren").click()
    expect(page.get_by_text("Importiert: 2 neu")).to_be_visible()
    beratung = NetworkContact.objects.get(organisation__name="Schuldnerberatung Gera")
    assert {p.name: p.phone for p in beratung.persons.all()} == {
        "Petra Pfau": "0365 1001",
        "Rolf Rabe": "0365 1002",
        "Sina Specht": "0365 1003",
    }
