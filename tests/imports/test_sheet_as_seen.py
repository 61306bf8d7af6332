"""The sheet read as a person sees it (issue 28, point 3): merged cells apply to every row
they cover, persons continue the organisation above, column groups are one person (or one
organisation) each, period columns are a timeline, a legend turns formatting into data, and
hidden or filtered rows are data the preview mentions.

Every shape is built in several wordings and, where the format can hold it, as .xlsx, .ods
and .csv (tests/imports/sheetfiles.py)."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest

from contacts.models import ContactStatus, NetworkContact
from imports import selectors, services
from imports.shapes import LAST_COLUMN, SINCE_COLUMN
from imports.tables import read_table
from tests.imports.sheetfiles import Sheet, build
from tests.libreoffice import convert, needs_libreoffice

D = datetime.date
ORGANISATION_HEADINGS = ["Einrichtung", "Name der Organisation", "Träger", "Kooperationspartner"]
PERSON_HEADINGS = ["Ansprechpartner", "Kontaktperson", "Ansprechperson", "Ansprechpartner/in"]
PHONE_HEADINGS = ["Telefon", "Tel.", "Telefonnummer", "Tel"]
MAIL_HEADINGS = ["E-Mail", "Mail", "E-Mail-Adresse", "Email"]
WORDINGS = list(
    zip(ORGANISATION_HEADINGS, PERSON_HEADINGS, PHONE_HEADINGS, MAIL_HEADINGS, strict=True)
)


def column(table, name: str) -> list[object]:
    return [row[table.header.index(name)] for row in table.rows]


def organisation_column(table) -> list[object]:
    heading = next(h for h in table.header if h in ORGANISATION_HEADINGS)
    return column(table, heading)


def import_list(world, data: bytes, name: str):
    batch = services.upload(project=world.project_a, by=world.staff_a, file_name=name, data=data)
    return batch, selectors.preview(batch)


# --- merged cells ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
@pytest.mark.parametrize("wording", WORDINGS)
def test_a_merged_organisation_cell_applies_to_every_person_row_it_covers(kind, wording):
    organisation, person, phone, _mail = wording
    sheet = Sheet(
        [
            [organisation, "Ort", person, phone],
            ["Tafel Suhl e. V.", "Suhl", "Anna Amsel", "03681 1001"],
            [None, None, "Bernd Bussard", "03681 1002"],
            [None, None, "Carla Kranich", "03681 1003"],
            ["Jugendamt Suhl", "Suhl", "Dora Dohle", "03681 2001"],
        ],
        merge=[(1, 0, 3, 0), (1, 1, 3, 1)],
    )
    table = read_table(*build(sheet, kind))
    assert organisation_column(table) == ["Tafel Suhl e. V."] * 3 + ["Jugendamt Suhl"]
    assert column(table, "Ort") == ["Suhl"] * 4
    assert table.row_notes[3] == ["Wert aus einer verbundenen Zelle darüber"]
    assert any("verbundenen Zellen" in notice for notice in table.notices)


def test_the_preview_shows_each_row_with_what_reading_the_sheet_did_to_it(client, world):
    sheet = Sheet(
        [
            ["Einrichtung", "Ort", "Ansprechpartner", "Telefon"],
            ["Tafel Suhl e. V.", "Suhl", "Anna Amsel", "03681 1001"],
            [None, None, "Bernd Bussard", "03681 1002"],
            ["Jugendamt Suhl", "Suhl", "Dora Dohle", "03681 2001"],
        ],
        merge=[(1, 0, 2, 0), (1, 1, 2, 1)],
    )
    data, name = build(sheet, "xlsx")
    batch, _results = import_list(world, data, name)
    client.force_login(world.staff_a)
    page = client.get(batch.get_absolute_url()).content.decode()
    preview = page.split("Vorschau: was mit jeder Zeile geschieht", 1)[1].split("</tbody>")[0]
    rows = preview.split("<tr")[2:]  # after the heading's row
    assert len(rows) == 3
    noted = [row for row in rows if "Wert aus einer verbundenen Zelle darüber" in row]
    assert len(noted) == 1  # the row the merged cell covers, and only that one
    assert "<td>Zeile 3</td>" in noted[0]
    # Each column's role chosen from the groups of roles, after "not used".
    assert '<optgroup label="Felder">' in page
    assert '<optgroup label="Ankreuzspalte (x, ja, 1, ✓) für einen Eintrag">' in page


@needs_libreoffice
def test_merged_cells_of_an_old_excel_file_apply_to_their_rows(tmp_path):
    sheet = Sheet(
        [
            ["Einrichtung", "Ansprechpartner"],
            ["Tafel Suhl e. V.", "Anna Amsel"],
            [None, "Bernd Bussard"],
        ],
        merge=[(1, 0, 2, 0)],
    )
    source = tmp_path / "liste.xlsx"
    source.write_bytes(build(sheet, "xlsx")[0])
    convert(source, tmp_path, "xls")
    table = read_table((tmp_path / "liste.xls").read_bytes(), "liste.xls")
    assert column(table, "Einrichtung") == ["Tafel Suhl e. V."] * 2


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_a_merged_organisation_becomes_one_contact_with_every_person(world, kind):
    sheet = Sheet(
        [
            ["Einrichtung", "Ansprechpartner", "Telefon Ansprechpartner"],
            ["Tafel Suhl e. V.", "Anna Amsel", "03681 1001"],
            [None, "Bernd Bussard", "03681 1002"],
            ["Jugendamt Suhl", "Dora Dohle", "03681 2001"],
        ],
        merge=[(1, 0, 2, 0)],
    )
    batch, results = import_list(world, *build(sheet, kind))
    assert not [r.errors for r in results if r.errors]
    services.commit(batch=batch, by=world.staff_a)
    tafel = NetworkContact.objects.get(
        project=world.project_a, organisation__name="Tafel Suhl e. V."
    )
    assert sorted(p.name for p in tafel.persons.all()) == ["Anna Amsel", "Bernd Bussard"]


# --- rows that continue the organisation above -------------------------------------------------


@pytest.mark.parametrize("kind", ["xlsx", "ods", "csv"])
@pytest.mark.parametrize("wording", WORDINGS)
def test_rows_with_persons_only_belong_to_the_organisation_above(kind, wording):
    organisation, person, phone, mail = wording
    sheet = Sheet(
        [
            [organisation, "PLZ", "Ort", person, phone, mail],
            ["Diakonie Gera", "07545", "Gera", "Eva Eule", "0365 1", "eule@example.org"],
            ["", "", "", "Fritz Fink", "0365 2", ""],
            ["", "", "", "", "", "info2@example.org"],
            ["Stadtbibliothek Gera", "07545", "Gera", "Gabi Gans", "", ""],
        ]
    )
    table = read_table(*build(sheet, kind))
    assert organisation_column(table) == ["Diakonie Gera"] * 3 + ["Stadtbibliothek Gera"]
    assert column(table, "Ort") == ["Gera"] * 4
    assert table.row_notes[3] == ["ohne Organisation: gehört zur Organisation darüber (Zeile 2)"]
    assert any("nur Ansprechpersonen" in notice for notice in table.notices)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_blank_organisation_is_filled_only_where_a_person_continues_one(kind):
    sheet = Sheet(
        [
            ["Einrichtung", "Straße", "Ansprechpartner", "Bemerkung"],
            ["", "", "Hans Habicht", ""],  # nothing above it: stays blank for the engine
            ["Tafel Suhl e. V.", "Weg 1", "Ina Ibis", ""],
            ["", "Markt 3", "Jan Jäger", ""],  # an address of its own: not a continuation
            ["", "", "", "nur eine Bemerkung"],  # no person: not a continuation
        ]
    )
    table = read_table(*build(sheet, kind))
    assert column(table, "Einrichtung") == ["", "Tafel Suhl e. V.", "", ""]
    assert set(table.row_notes) == set()


@pytest.mark.parametrize("heading", ["Bezeichnung", "Wer?", "Stelle"])
def test_an_organisation_column_the_synonyms_do_not_know_is_found_by_its_content(heading):
    sheet = Sheet(
        [
            ["Nr.", heading, "Ansprechpartner", "Telefon"],
            [1, "Tafel Suhl e. V.", "Anna Amsel", "03681 1"],
            ["", "", "Bernd Bussard", "03681 2"],
            [2, "Jugendamt Suhl", "Dora Dohle", "03681 3"],
        ]
    )
    table = read_table(*build(sheet, "csv"))
    assert column(table, heading) == ["Tafel Suhl e. V.", "Tafel Suhl e. V.", "Jugendamt Suhl"]


@pytest.mark.parametrize("company", ["Firma", "Organisation", "Unternehmen"])
def test_in_an_address_book_export_a_blank_company_is_no_continuation(company):
    """Persons first, the company after them: a person per row, and one without a company
    is a private person, not an employee of the company above."""
    sheet = Sheet(
        [
            ["Vorname", "Nachname", company, "E-Mail"],
            ["Anna", "Amsel", "Tafel Suhl e. V.", "amsel@example.org"],
            ["Bernd", "Bussard", "", "bussard@example.org"],
        ]
    )
    table = read_table(*build(sheet, "csv"))
    assert column(table, company) == ["Tafel Suhl e. V.", ""]


def test_a_row_with_no_organisation_above_is_an_error_and_the_others_join(world):
    sheet = Sheet(
        [
            ["Einrichtung", "Ansprechpartner"],
            ["", "Hans Habicht"],
            ["Tafel Suhl e. V.", "Ina Ibis"],
            ["", "Jan Jäger"],
        ]
    )
    _batch, results = import_list(world, *build(sheet, "csv"))
    assert [r.is_error for r in results] == [True, False, False]
    assert results[1].person_names == "Ina Ibis, Jan Jäger"


# --- column groups -----------------------------------------------------------------------------

NUMBERED = [
    ("Ansprechpartner {n}", "Telefon {n}", "E-Mail {n}"),
    ("Kontaktperson {n}", "Tel. {n}", "Mail {n}"),
    ("{n}. Ansprechpartner", "{n}. Telefon", "{n}. E-Mail"),
    ("Ansprechperson{n}", "Telefon{n}", "E-Mail{n}"),
]


@pytest.mark.parametrize("kind", ["xlsx", "ods", "csv"])
@pytest.mark.parametrize("pattern", NUMBERED)
def test_numbered_column_groups_are_one_person_each(kind, pattern):
    groups = [[heading.format(n=n) for heading in pattern] for n in (1, 2, 3)]
    sheet = Sheet(
        [
            ["Einrichtung", "Ort", *groups[0], *groups[1], *groups[2], "Bemerkung"],
            [
                "Tafel Suhl e. V.",
                "Suhl",
                "Anna Amsel",
                "03681 1",
                "amsel@example.org",
                "Bernd Bussard",
                "03681 2",
                "",
                "",
                "",
                "",
                "Tafel",
            ],
            [
                "Jugendamt Suhl",
                "Suhl",
                "Dora Dohle",
                "",
                "dohle@example.org",
                "",
                "",
                "",
                "Emil Elster",
                "03681 9",
                "",
                "",
            ],
            ["Kita Suhl", "Suhl", "", "", "", "", "", "", "", "", "", ""],
        ]  # fmt: skip
    )
    table = read_table(*build(sheet, kind))
    assert table.header == [
        "Einrichtung", "Ort", "Ansprechperson Name", "Ansprechperson Telefon",
        "Ansprechperson E-Mail", "Bemerkung",
    ]  # fmt: skip
    assert [(row[0], row[2], row[3]) for row in table.rows] == [
        ("Tafel Suhl e. V.", "Anna Amsel", "03681 1"),
        ("Tafel Suhl e. V.", "Bernd Bussard", "03681 2"),
        ("Jugendamt Suhl", "Dora Dohle", ""),
        ("Jugendamt Suhl", "Emil Elster", "03681 9"),
        ("Kita Suhl", "", ""),
    ]
    assert table.places[1] == "Zeile 2, 2. Ansprechperson"
    assert len(set(table.row_numbers)) == len(table.rows)
    assert any("je Gruppe eine Ansprechperson" in notice for notice in table.notices)


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
@pytest.mark.parametrize("group", ["Kontaktperson {n}", "Ansprechpartner {n}", "{n}. Kontakt"])
def test_a_two_row_header_with_a_group_per_person(kind, group):
    sheet = Sheet(
        [
            ["Einrichtung", "Ort", group.format(n=1), None, None, group.format(n=2), None, None],
            [None, None, "Name", "Tel.", "Mail", "Name", "Tel.", "Mail"],
            [
                "Tafel Gera",
                "Gera",
                "Anna Amsel",
                "0365 1",
                "",
                "Bernd Bussard",
                "0365 2",
                "b@example.org",
            ],
        ],  # fmt: skip
        merge=[(0, 2, 0, 4), (0, 5, 0, 7)],
    )
    table = read_table(*build(sheet, kind))
    assert column(table, "Ansprechperson Name") == ["Anna Amsel", "Bernd Bussard"]
    assert column(table, "Ansprechperson E-Mail") == ["", "b@example.org"]
    assert column(table, "Einrichtung") == ["Tafel Gera"] * 2


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@pytest.mark.parametrize("wording", WORDINGS)
def test_unnumbered_repeated_headings_are_one_person_each(kind, wording):
    organisation, person, phone, _mail = wording
    sheet = Sheet(
        [
            [organisation, person, phone, person, phone],
            ["Tafel Gera", "Anna Amsel", "0365 1", "Bernd Bussard", "0365 2"],
        ]
    )
    table = read_table(*build(sheet, kind))
    assert column(table, "Ansprechperson Name") == ["Anna Amsel", "Bernd Bussard"]
    assert column(table, "Ansprechperson Telefon") == ["0365 1", "0365 2"]


def test_interleaved_numbered_columns_are_still_one_person_each():
    sheet = Sheet(
        [
            ["Einrichtung", "Ansprechpartner 1", "Ansprechpartner 2", "Telefon 1", "Telefon 2"],
            ["Tafel Gera", "Anna Amsel", "Bernd Bussard", "0365 1", "0365 2"],
        ]
    )
    table = read_table(*build(sheet, "csv"))
    assert [(row[1], row[2]) for row in table.rows] == [
        ("Anna Amsel", "0365 1"),
        ("Bernd Bussard", "0365 2"),
    ]


def test_repeated_columns_of_one_field_beside_person_groups_stay_the_organisations():
    """ "Themen | Themen 2" are several topics of the organisation, not of its persons."""
    sheet = Sheet(
        [
            [
                "Einrichtung",
                "Themen",
                "Themen 2",
                "Ansprechpartner 1",
                "Tel. 1",
                "Ansprechpartner 2",
                "Tel. 2",
            ],
            ["Tafel Gera", "Armut", "Familie", "Anna Amsel", "0365 1", "Bernd Bussard", "0365 2"],
        ]  # fmt: skip
    )
    table = read_table(*build(sheet, "xlsx"))
    assert table.header[:3] == ["Einrichtung", "Themen", "Themen 2"]
    assert [row[1:] for row in table.rows] == [
        ["Armut", "Familie", "Anna Amsel", "0365 1"],
        ["Armut", "Familie", "Bernd Bussard", "0365 2"],
    ]


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_groups_whose_sub_headings_differ_are_matched_by_what_they_hold(kind):
    sheet = Sheet(
        [
            ["Einrichtung", "Kontaktperson 1", None, "Kontaktperson 2", None],
            [None, "Name", "Telefon", "Ansprechpartner", "Durchwahl"],
            ["Tafel Gera", "Anna Amsel", "0365 1", "Bernd Bussard", "0365 2"],
        ],
        merge=[(0, 1, 0, 2), (0, 3, 0, 4)],
    )
    table = read_table(*build(sheet, kind))
    assert table.rows == [
        ["Tafel Gera", "Anna Amsel", "0365 1"],
        ["Tafel Gera", "Bernd Bussard", "0365 2"],
    ]


def test_numbered_groups_of_organisations_are_separate_contacts():
    sheet = Sheet(
        [
            ["Handlungsfeld", "Partner 1", "Ort 1", "Partner 2", "Ort 2"],
            ["Bildung", "Kita Suhl", "Suhl", "Volkshochschule Gera", "Gera"],
        ]
    )
    table = read_table(*build(sheet, "xlsx"))
    assert table.header == ["Handlungsfeld", "Partner", "Ort"]
    assert table.rows == [
        ["Bildung", "Kita Suhl", "Suhl"],
        ["Bildung", "Volkshochschule Gera", "Gera"],
    ]


def test_a_merged_header_over_several_columns_is_no_group_of_persons():
    """ "Adresse" merged over three columns is named Adresse, Adresse 2, Adresse 3 – not three
    addresses, and "Ansprechpartner" over name and phone not two persons."""
    sheet = Sheet(
        [
            ["Einrichtung", "Adresse", None, None, "Ansprechpartner", None],
            ["Tafel Gera", "Weg 1", "07545", "Gera", "Anna Amsel", "0365 1"],
        ],
        merge=[(0, 1, 0, 3), (0, 4, 0, 5)],
    )
    table = read_table(*build(sheet, "xlsx"))
    assert len(table.rows) == 1


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_a_heading_merged_over_name_and_function_is_one_person(kind):
    sheet = Sheet(
        [
            ["Einrichtung", "Ansprechpartner", None],
            ["Tafel Gera", "Anna Amsel", "Leiterin"],
        ],
        merge=[(0, 1, 0, 2)],
    )
    table = read_table(*build(sheet, kind))
    assert table.rows == [["Tafel Gera", "Anna Amsel", "Leiterin"]]


def test_each_person_of_a_group_arrives_under_its_organisation(world):
    sheet = Sheet(
        [
            ["Einrichtung", "Ansprechpartner 1", "Telefon 1", "Ansprechpartner 2", "Telefon 2"],
            ["Tafel Suhl e. V.", "Anna Amsel", "03681 1001", "Bernd Bussard", "03681 1002"],
            ["Jugendamt Suhl", "Dora Dohle", "", "", ""],
        ]
    )
    batch, results = import_list(world, *build(sheet, "xlsx"))
    assert not [r.errors for r in results if r.errors]
    services.commit(batch=batch, by=world.staff_a)
    tafel = NetworkContact.objects.get(
        project=world.project_a, organisation__name="Tafel Suhl e. V."
    )
    assert {p.name: p.phone for p in tafel.persons.all()} == {
        "Anna Amsel": "03681 1001",
        "Bernd Bussard": "03681 1002",
    }


# --- timelines ---------------------------------------------------------------------------------

TIMELINES = [
    # headings, the rows' marks, expected (since, last)
    ([2015, 2016, 2017], ["x", "", "x"], ("2015", "2017")),
    (["2015", "2016", "2017"], ["", "✓", "ja"], ("2016", "2017")),
    (["1. HJ 2016", "2. HJ 2016", "1. HJ 2017"], ["", "x", "x"], ("07/2016", "01/2017")),
    (["Q1 2016", "Q2 2016", "Q3 2016"], ["X", "", ""], ("01/2016", "01/2016")),
    (["Jan 17", "Feb 17", "Mär 17"], ["", "1", "+"], ("02/2017", "03/2017")),
    (["2016/1", "2016/2", "2017/1"], ["x", "", "x"], ("01/2016", "01/2017")),  # half-years
    (["2016/1", "2016/2", "2016/3", "2016/4"], ["", "x", "x", ""], ("04/2016", "07/2016")),
    (["1. Halbjahr 2016", "2. Halbjahr 2016"], [D(2016, 3, 14), D(2016, 9, 2)], (D(2016, 3, 14), D(2016, 9, 2))),
]  # fmt: skip


@pytest.mark.parametrize("kind", ["xlsx", "ods", "csv"])
@pytest.mark.parametrize(("headings", "marks", "expected"), TIMELINES)
def test_period_columns_are_a_timeline_from_the_earliest_to_the_latest_mark(
    kind, headings, marks, expected
):
    if kind == "csv" and any(isinstance(m, D) for m in marks):
        marks = [f"{m:%d.%m.%Y}" for m in marks]
    sheet = Sheet(
        [
            ["Einrichtung", "Ort", *headings, "Bemerkung"],
            ["Tafel Gera", "Gera", *marks, "gut"],
            ["Kita Gera", "Gera", *[""] * len(headings), ""],
        ]
    )
    table = read_table(*build(sheet, kind))
    assert table.header == ["Einrichtung", "Ort", SINCE_COLUMN, LAST_COLUMN, "Bemerkung"]
    assert (column(table, SINCE_COLUMN)[0], column(table, LAST_COLUMN)[0]) == expected
    assert column(table, SINCE_COLUMN)[1] == ""
    assert any("Zeitleiste" in notice for notice in table.notices)


@pytest.mark.parametrize("kind", ["xlsx", "ods", "csv"])
def test_a_group_heading_over_marked_fields_and_periods_is_a_two_row_header(kind):
    sheet = Sheet(
        [
            ["Einrichtung", "Ort", "Handlungsfelder", None, "Kontakte", None, None],
            [None, None, "Familie", "Beratung", "2016/1", "2016/2", "2017/1"],
            ["Tafel Gera", "Gera", "x", "", "", "x", "x"],
            ["Kita Gera", "Gera", "", "x", "x", "", ""],
        ],
        merge=[(0, 2, 0, 3), (0, 4, 0, 6)],
    )
    table = read_table(*build(sheet, kind))
    assert table.header == [
        "Einrichtung", "Ort", "Handlungsfelder Familie", "Handlungsfelder Beratung",
        SINCE_COLUMN, LAST_COLUMN,
    ]  # fmt: skip
    assert [row[4:] for row in table.rows] == [["07/2016", "01/2017"], ["01/2016", "01/2016"]]


def test_months_headed_by_excel_dates_are_a_timeline():
    months = [D(2017, 1, 1), D(2017, 2, 1), D(2017, 3, 1)]
    sheet = Sheet([["Einrichtung", *months], ["Tafel Gera", "x", "", "x"]])
    table = read_table(*build(sheet, "xlsx"))
    assert column(table, SINCE_COLUMN) == ["01/2017"]
    assert column(table, LAST_COLUMN) == ["03/2017"]


def test_a_single_year_column_is_no_timeline():
    sheet = Sheet([["Einrichtung", "seit", "Treffen 2016"], ["Tafel Gera", "2015", "x"]])
    table = read_table(*build(sheet, "csv"))
    assert SINCE_COLUMN not in table.header


def test_a_timeline_gives_kontakt_seit_to_the_contact(world):
    sheet = Sheet([["Einrichtung", "2014", "2015", "2016"], ["Tafel Gera", "", "x", "x"]])
    batch, _results = import_list(world, *build(sheet, "csv"))
    services.commit(batch=batch, by=world.staff_a)
    contact = NetworkContact.objects.get(project=world.project_a, organisation__name="Tafel Gera")
    assert contact.since == D(2015, 1, 1)


# --- legends: formatting as data ---------------------------------------------------------------

GREEN, RED, YELLOW, PALE_GREEN, BLUE = "00B050", "FF0000", "FFFF00", "C6EFCE", "0070C0"
LEGENDS = [
    # legend rows below the list, colours for Tafel / Kita / Amt, expected status words
    ([["Legende: grün = aktiv, rot = beendet"]], [GREEN, RED, ""], ["aktiv", "beendet", ""]),
    ([["grün hinterlegt: aktiv"], ["rot hinterlegt: Kooperation beendet"]], [PALE_GREEN, RED, GREEN], ["aktiv", "beendet", "aktiv"]),
    ([["Legende"], ["Grüne Zeilen = laufend"], ["Gelbe Zeilen = ruht"]], [GREEN, YELLOW, ""], ["aktiv", "ruhend", ""]),
]  # fmt: skip


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
@pytest.mark.parametrize(("legend", "colours", "expected"), LEGENDS)
def test_a_colour_legend_makes_a_status_column_and_is_no_row(kind, legend, colours, expected):
    rows = [
        ["Einrichtung", "Ort"],
        ["Tafel Gera", "Gera"],
        ["Kita Gera", "Gera"],
        ["Jugendamt Gera", "Gera"],
        [],
        *legend,
    ]
    fills = {(r, c): colour for r, colour in enumerate(colours, start=1) if colour for c in (0, 1)}
    table = read_table(*build(Sheet(rows, fills=fills), kind))
    assert column(table, "Einrichtung") == ["Tafel Gera", "Kita Gera", "Jugendamt Gera"]
    assert column(table, "Status laut Farbe") == expected
    legend_rows = [s for s in table.skipped if s.reason.startswith("Legende")]
    assert len(legend_rows) == len(legend)


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
@pytest.mark.parametrize(
    "legend", ["fett = Steuerungsgruppe", "Fett gedruckt: Mitglied der Steuerungsgruppe"]
)
def test_bold_explained_by_a_legend_beside_the_list_marks_the_steering_group(kind, legend):
    rows = [
        ["Einrichtung", "Ort", None, legend],
        ["Tafel Gera", "Gera"],
        ["Kita Gera", "Gera"],
    ]
    table = read_table(*build(Sheet(rows, bold={(1, 0)}), kind))
    assert table.header[:2] == ["Einrichtung", "Ort"]
    assert column(table, "Steuerungsgruppe laut Formatierung") == ["ja", ""]


def test_coloured_cells_under_a_legend_heading_explain_themselves():
    rows = [
        ["Einrichtung", "Ort"],
        ["Tafel Gera", "Gera"],
        ["Kita Gera", "Gera"],
        [],
        ["Legende:"],
        ["aktiv"],
        ["beendet"],
    ]
    fills = {(1, 0): BLUE, (2, 0): RED, (5, 0): BLUE, (6, 0): RED}
    table = read_table(*build(Sheet(rows, fills=fills), "xlsx"))
    assert column(table, "Status laut Farbe") == ["aktiv", "beendet"]
    assert len(table.rows) == 2


def test_a_colour_legend_sets_the_contacts_status(world):
    rows = [["Einrichtung"], ["Tafel Gera"], ["Kita Gera"], [], ["rot = beendet"]]
    batch, _results = import_list(world, *build(Sheet(rows, fills={(2, 0): RED}), "xlsx"))
    services.commit(batch=batch, by=world.staff_a)
    status = dict(
        NetworkContact.objects.filter(
            project=world.project_a, organisation__name__endswith="Gera"
        ).values_list("organisation__name", "status")
    )
    assert status == {"Tafel Gera": ContactStatus.ACTIVE, "Kita Gera": ContactStatus.ENDED}


def test_without_a_legend_colours_are_not_read():
    rows = [["Einrichtung", "Ort"], ["Tafel Gera", "Gera"]]
    table = read_table(*build(Sheet(rows, fills={(1, 0): RED}), "xlsx"))
    assert table.header == ["Einrichtung", "Ort"]


# --- hidden and filtered rows ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
@pytest.mark.parametrize("autofilter", [False, True])
def test_hidden_and_filtered_rows_are_data_and_the_table_says_so(kind, autofilter):
    rows = [
        ["Einrichtung", "Ort"],
        ["Tafel Gera", "Gera"],
        ["Kita Gera", "Gera"],
        ["Amt Gera", "Gera"],
    ]
    table = read_table(*build(Sheet(rows, hidden={2, 3}, autofilter=autofilter), kind))
    assert column(table, "Einrichtung") == ["Tafel Gera", "Kita Gera", "Amt Gera"]
    assert table.hidden_rows == 2
    assert table.row_notes[3] == ["in der Datei ausgeblendet oder herausgefiltert"]
    assert any("ausgeblendet oder herausgefiltert" in notice for notice in table.notices)


def test_the_preview_shows_what_reading_the_sheet_did(client, world):
    rows = [["Einrichtung", "Ort"], ["Tafel Gera", "Gera"], ["Kita Gera", "Gera"]]
    data, name = build(Sheet(rows, hidden={2}), "xlsx")
    batch = services.upload(project=world.project_a, by=world.staff_a, file_name=name, data=data)
    client.force_login(world.staff_a)
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "1 Zeile ist in der Datei ausgeblendet oder herausgefiltert" in page
    assert page.count("in der Datei ausgeblendet oder herausgefiltert</li>") == 1  # its row


def test_a_two_row_header_with_years_under_a_group_is_a_timeline():
    sheet = Sheet(
        [
            ["Einrichtung", "Ort", "Kontakte", None, None],
            [None, None, 2015, 2016, 2017],
            ["Tafel Gera", "Gera", "", "x", "x"],
        ],
        merge=[(0, 2, 0, 4)],
    )
    table = read_table(*build(sheet, "xlsx"))
    assert table.header == ["Einrichtung", "Ort", SINCE_COLUMN, LAST_COLUMN]
    assert table.rows == [["Tafel Gera", "Gera", "2016", "2017"]]


def test_notes_in_timeline_cells_are_kept_in_a_column_of_their_own():
    sheet = Sheet([["Einrichtung", "2015", "2016"], ["Tafel Gera", "Fachtag", "x"]])
    table = read_table(*build(sheet, "csv"))
    assert column(table, SINCE_COLUMN) == ["2015"]
    assert column(table, "Verlauf") == ["2015: Fachtag"]


@pytest.mark.parametrize("part", ["xl/styles.xml", "xl/workbook.xml"])
def test_a_layout_part_with_entities_is_not_expanded_and_the_values_still_arrive(part):
    """defusedxml refuses a DTD with entities; the layout is then left out, the values
    (read by calamine) are not."""
    data = build(Sheet([["Einrichtung", "Ort"], ["Tafel Gera", "Gera"], ["grün = aktiv"]]), "xlsx")[
        0
    ]
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == part:
                bomb = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                content = bomb + content.split(b"?>", 1)[-1]
            target.writestr(entry, content)
    table = read_table(buffer.getvalue(), "liste.xlsx")
    assert column(table, "Einrichtung") == ["Tafel Gera"]
    assert "Status laut Farbe" not in table.header
