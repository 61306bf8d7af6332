"""Finding the list in what offices really send: the header by its content, footers and
notes left out with their reason, every sheet accounted for."""

from __future__ import annotations

import datetime

import pytest

from imports import selectors, services
from imports.reading import ImportFileError, RawSheet
from imports.tables import SECTION_COLUMN, SHEET_COLUMN, build_table, read_table
from tests.imports.test_corpus import TITLE, text_file, xlsx


def sheet(name: str, rows: list[list[object]], **kwargs) -> RawSheet:
    return RawSheet(name=name, rows=rows, **kwargs)


def test_the_header_is_the_row_that_looks_like_one_not_the_first_filled_row():
    table = build_table(
        [
            sheet(
                "Liste",
                [
                    TITLE,
                    ["Ansprechpartnerin im Vorhaben: Frau Muster"],
                    [],
                    ["Einrichtung", "Ort", "seit"],
                    ["Tafel Sonneberg e. V.", "Sonneberg", "2016"],
                ],
            )
        ]
    )
    assert table.header_row == 4
    assert table.header == ["Einrichtung", "Ort", "seit"]
    assert [row.place for row in table.skipped] == [
        "Blatt „Liste“, Zeile 1",
        "Blatt „Liste“, Zeile 2",
    ]
    assert {row.reason for row in table.skipped} == {"über der Tabelle (Titel, Hinweis)"}


def test_a_data_row_is_never_taken_for_the_header():
    rows = [
        [f"Tafel {n} e. V.", f"tafel{n}@example.org", f"03675 12345{n}", f"0{n}.04.2016"]
        for n in range(1, 4)
    ]
    with pytest.raises(ImportFileError, match="keine Zeile mit Spaltenüberschriften"):
        build_table([sheet("Liste", rows)])


def test_a_one_column_list_has_a_one_cell_header():
    table = build_table([sheet("", [["Organisation"], ["Tafel Suhl"], ["Jugendamt Suhl"]])])
    assert (table.header, len(table.rows)) == (["Organisation"], 2)


def test_footers_sums_and_notes_below_the_list_are_left_out_with_their_reason():
    table = build_table(
        [
            sheet(
                "",
                [
                    ["Organisation", "Ort", "Treffen"],
                    ["Tafel Suhl", "Suhl", 3],
                    ["Gesamtschule Suhl", "Suhl", 2],  # "Gesamt…" begins a name, not a sum
                    ["Summe: 2", "", 5],
                    ["", "", 5],
                    ["Stand: 31.12.2016"],
                    ["Hinweis: Die Liste wird jährlich von der Koordinierungsstelle abgefragt."],
                ],
            )
        ]
    )
    assert [row[0] for row in table.rows] == ["Tafel Suhl", "Gesamtschule Suhl"]
    assert [(s.place, s.reason) for s in table.skipped] == [
        ("Zeile 4", "Fußzeile oder Anmerkung"),
        ("Zeile 5", "Summenzeile (nur Zahlen)"),
        ("Zeile 6", "Fußzeile oder Anmerkung"),
        ("Zeile 7", "Fußzeile oder Anmerkung"),
    ]


def test_a_group_row_above_the_header_qualifies_the_columns_it_is_merged_over():
    rows = [
        ["Einrichtung", "Kontaktperson", "", "", "Bemerkung"],
        ["", "Name", "Tel.", "Mail", ""],
        ["Tafel Suhl", "Petra Pfau", "03681 1", "pfau@example.org", "dienstags"],
    ]
    merged = [((0, 1), (0, 3))]
    table = build_table([sheet("Liste", rows, merged=merged)])
    assert table.header == [
        "Einrichtung",
        "Kontaktperson Name",
        "Kontaktperson Tel.",
        "Kontaktperson Mail",
        "Bemerkung",
    ]
    assert table.header_row == 2


def test_without_merged_cells_a_group_covers_only_its_sub_fields():
    rows = [
        ["", "Kontaktperson", "", ""],
        ["Einrichtung", "Name", "Telefon", "Bemerkung"],
        ["Tafel Suhl", "Petra Pfau", "03681 1", "dienstags"],
    ]
    table = build_table([sheet("", rows)])
    assert table.header == [
        "Einrichtung",
        "Kontaktperson Name",
        "Kontaktperson Telefon",
        "Bemerkung",
    ]


def test_tables_stacked_on_one_sheet_are_one_list_with_their_sub_headings():
    rows = [
        ["Behörden:"],
        ["Name", "Ort"],
        ["Landratsamt Greiz", "Greiz"],
        ["Vereine:"],
        ["Name", "Ort"],
        ["Heimatverein Greiz", "Greiz"],
    ]
    table = build_table([sheet("", rows)])
    assert table.header == ["Name", "Ort", SECTION_COLUMN]
    assert table.rows == [
        ["Landratsamt Greiz", "Greiz", "Behörden"],
        ["Heimatverein Greiz", "Greiz", "Vereine"],
    ]
    assert [s.reason for s in table.skipped] == [
        "über der Tabelle (Titel, Hinweis)",
        "Zwischenüberschrift, als „Abschnitt“ übernommen",
        "Überschrift wiederholt",
    ]


def test_every_sheet_counts_and_each_left_out_sheet_says_why():
    table = build_table(
        [
            sheet("Hinweise", [["Diese Liste führt Frau Muster."]]),
            sheet("Ämter", [["Name", "Ort"], ["Sozialamt Apolda", "Apolda"]]),
            sheet("Leer", [[]]),
            sheet("Werte", [["Verein"], ["Behörde"]], hidden=True),
            sheet("Träger", [["Name", "Telefon"], ["Diakonie Apolda", "03644 1"]]),
        ]
    )
    assert table.header == ["Name", "Ort", "Telefon", SHEET_COLUMN]
    assert table.rows == [
        ["Sozialamt Apolda", "Apolda", "", "Ämter"],
        ["Diakonie Apolda", "", "03644 1", "Träger"],
    ]
    assert table.places == ["Blatt „Ämter“, Zeile 2", "Blatt „Träger“, Zeile 2"]
    assert len(set(table.row_numbers)) == 2  # row keys are unique across the sheets
    assert [(s.name, s.note) for s in table.sheets] == [
        ("Hinweise", "enthält keine Tabelle (nur Text), nicht übernommen"),
        ("Ämter", ""),
        ("Leer", "leer"),
        ("Werte", "ausgeblendetes Blatt, nicht übernommen"),
        ("Träger", ""),
    ]


def test_the_users_header_row_counts_on_the_first_sheet_with_a_list():
    sheets = [
        sheet("Hinweise", [["Nur Text."]]),
        sheet("Ämter", [["Netzwerk", "2016"], ["Name", "Ort"], ["Sozialamt Apolda", "Apolda"]]),
        sheet("Träger", [["Name", "Ort"], ["Diakonie Apolda", "Apolda"]]),
    ]
    table = build_table(sheets, header_row=2)
    assert table.header_sheet == "Ämter"
    assert table.header_row == 2
    assert [row[0] for row in table.rows] == ["Sozialamt Apolda", "Diakonie Apolda"]


def test_a_csv_in_utf16_with_bom_is_read_as_text():
    data = text_file(
        [["Organisation", "Ort"], ["Bürgerhaus Jena", "Jena"]], delimiter="\t", encoding="utf-16"
    )
    assert data.startswith(b"\xff\xfe")
    assert read_table(data, "liste.csv").rows == [["Bürgerhaus Jena", "Jena"]]


def test_the_wizard_explains_the_header_it_found_and_takes_another_in_one_step(client, world):
    rows = [
        TITLE,
        [],
        ["Einrichtung", "Ort"],
        ["Tafel Sonneberg e. V.", "Sonneberg"],
        ["Kita", "Neuhaus"],
    ]
    data = xlsx(("Partner", rows))
    client.force_login(world.staff_a)
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="p.xlsx", data=data
    )
    page = client.get(f"/netzwerk/import/{batch.pk}/zuordnung/").content.decode()
    assert "Spaltenüberschriften aus Zeile 3: Einrichtung | Ort" in page
    response = client.post(
        f"/netzwerk/import/{batch.pk}/zuordnung/", {"header_row": "4", "mode": "update"}
    )
    batch.refresh_from_db()
    assert response.status_code == 302
    assert batch.header_row == 4
    assert selectors.table_of(batch).header == ["Tafel Sonneberg e. V.", "Sonneberg"]


def test_dates_and_numbers_arrive_as_values_not_as_text():
    data = xlsx(("L", [["Name", "seit", "PLZ"], ["Tafel", datetime.datetime(2016, 4, 1), 7546.0]]))
    assert read_table(data, "l.xlsx").rows == [["Tafel", datetime.date(2016, 4, 1), 7546]]


def test_a_group_row_shorter_than_the_header_row_still_groups():
    """CSV rows end where their last value is: the group row is the shortest."""
    rows = [
        ["", "Kontaktperson"],
        ["Einrichtung", "Name", "Telefon"],
        ["Tafel Suhl", "Petra Pfau", "1"],
    ]
    table = build_table([sheet("", rows)])
    assert table.header == ["Einrichtung", "Kontaktperson Name", "Kontaktperson Telefon"]


def test_the_upper_row_of_a_two_row_header_is_part_of_the_header_not_left_out():
    rows = [
        ["Einrichtung", "Kontaktperson", "", ""],
        ["", "Name", "Tel.", "Mail"],
        ["Tafel Suhl", "Petra Pfau", "03681 1", "pfau@example.org"],
    ]
    table = build_table([sheet("Liste", rows)])
    assert table.header_row == 2
    assert table.skipped == []


def test_a_sub_heading_merged_over_a_narrow_list_is_a_section():
    rows = [["Name", "Ort"], ["Schulen"], ["Grundschule Suhl", "Suhl"]]
    table = build_table([sheet("Liste", rows, merged=[((1, 0), (1, 1))])])
    assert table.rows == [["Grundschule Suhl", "Suhl", "Schulen"]]


def test_the_row_limit_is_the_one_the_upload_form_names():
    from imports.forms import UploadForm
    from imports.reading import MAX_ROWS

    assert f"{MAX_ROWS:,}".replace(",", ".") + " Zeilen" in str(
        UploadForm.base_fields["file"].help_text
    )


def test_a_title_with_a_date_above_the_header_is_no_group_row():
    rows = [["Netzwerkliste", "", "31.12.2016"], ["Name", "Ort", "Telefon"], ["Tafel", "Suhl", "1"]]
    assert build_table([sheet("", rows)]).header == ["Name", "Ort", "Telefon"]


def test_a_column_without_heading_gets_a_name_of_its_own():
    rows = [["", "Organisation", "Ort"], ["1", "Tafel Suhl", "Suhl"], ["2", "Kita Suhl", "Suhl"]]
    assert build_table([sheet("", rows)]).header == ["Spalte 1", "Organisation", "Ort"]


@pytest.mark.parametrize("row", ["drei", "0", "-2"])
def test_a_header_row_that_is_no_row_gets_a_german_message_and_changes_nothing(client, world, row):
    rows = [TITLE, [], ["Einrichtung", "Ort"], ["Tafel Sonneberg e. V.", "Sonneberg"]]
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="p.xlsx", data=xlsx(("P", rows))
    )
    mapping = dict(batch.mapping)
    client.force_login(world.staff_a)
    url = f"/netzwerk/import/{batch.pk}/zuordnung/"
    page = client.post(url, {"header_row": row, "mode": "update"}, follow=True)
    assert "Bitte geben Sie die Zeile als Zahl ab 1 an." in page.content.decode()
    batch.refresh_from_db()
    assert (batch.header_row, batch.mapping) == (None, mapping)
