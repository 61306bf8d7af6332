"""The edges of header and sub-heading detection (issue 34: a mutation run showed them
open): each rule at its boundary and one step past it, on sheets small enough to read."""

from __future__ import annotations

import pytest

from imports.reading import ImportFileError, RawSheet
from imports.tables import SECTION_COLUMN, build_table

# A heading of exactly 60 characters, the longest a header cell may be.
LONG_HEADING = "Ansprechperson im Vorhaben mit Funktion und Erreichbarkeit a"
assert len(LONG_HEADING) == 60


def sheet(rows: list[list[object]], **kwargs) -> RawSheet:
    return RawSheet(name="Liste", rows=rows, **kwargs)


def test_a_timeline_header_names_a_field_beside_its_periods():
    rows = [["Organisation", "2015", "2016"], ["Tafel Gotha", "x", ""]]
    table = build_table([sheet(rows)])
    assert table.header_row == 1
    assert [row[0] for row in table.rows] == ["Tafel Gotha"]


def test_periods_beside_words_that_name_no_field_are_no_header():
    rows = [["Rückblick", "2015", "2016"], ["Tafel Gotha", "x", "x"]]
    with pytest.raises(ImportFileError):
        build_table([sheet(rows)])


def test_a_header_cell_may_be_60_characters_long():
    rows = [
        ["Organisation", LONG_HEADING],
        ["Tafel Gotha", "Frau Beck"],
        ["Kita Gotha", "Herr Senf"],
    ]
    assert build_table([sheet(rows)]).header == ["Organisation", LONG_HEADING]


def test_a_cell_of_61_characters_is_no_heading():
    rows = [
        ["Organisation", LONG_HEADING + "s"],
        ["Tafel Gotha", "Frau Beck"],
        ["Kita Gotha", "Herr Senf"],
    ]
    assert build_table([sheet(rows)]).header_row != 1


WIDE = ["Name", "Ort", "Telefon", "E-Mail", "Art", "Bemerkung"]
ROW = ["Grundschule Suhl", "Suhl", "03681 1", "gs@example.org", "Schule", "neu"]


def _sections(rows, **kwargs) -> list[tuple[str, str]]:
    table = build_table([sheet(rows, **kwargs)])
    assert SECTION_COLUMN in table.header or all(len(r) == len(rows[0]) for r in table.rows)
    if SECTION_COLUMN not in table.header:
        return [(str(r[0]), "") for r in table.rows]
    return [(str(r[0]), str(r[-1])) for r in table.rows]


def test_a_heading_merged_over_half_of_a_wide_list_is_a_section():
    rows = [WIDE, ["Nordkreis"], ROW]
    assert _sections(rows, merged=[((1, 0), (1, 2))]) == [("Grundschule Suhl", "Nordkreis")]


def test_a_heading_merged_over_less_than_half_of_a_wide_list_is_a_row():
    rows = [WIDE, ["Nordkreis"], ROW]
    assert _sections(rows, merged=[((1, 0), (1, 1))]) == [
        ("Nordkreis", ""),
        ("Grundschule Suhl", ""),
    ]


def test_a_group_name_alone_in_a_list_of_three_columns_is_a_section():
    rows = [["Name", "Ort", "Telefon"], ["Schulen"], ["Grundschule Suhl", "Suhl", ""]]
    assert _sections(rows) == [("Grundschule Suhl", "Schulen")]


def test_a_group_name_alone_in_a_list_of_two_columns_is_a_row():
    rows = [["Name", "Ort"], ["Schulen"], ["Grundschule Suhl", "Suhl"]]
    assert _sections(rows) == [("Schulen", ""), ("Grundschule Suhl", "")]


def test_a_name_alone_in_a_list_of_three_columns_is_a_row():
    rows = [["Name", "Ort", "Telefon"], ["Tafel Suhl"], ["Grundschule Suhl", "Suhl", ""]]
    assert _sections(rows) == [("Tafel Suhl", ""), ("Grundschule Suhl", "")]


def test_a_text_above_the_header_repeated_in_two_columns_is_a_section():
    rows = [
        ["Name", "Ort"],
        ["Tafel Suhl", "Suhl"],
        ["Nordkreis"],
        ["Name", "Ort"],
        ["Kita Gotha", "Gotha"],
    ]
    assert _sections(rows) == [("Tafel Suhl", ""), ("Kita Gotha", "Nordkreis")]


def test_a_text_above_a_row_that_repeats_one_heading_is_a_row():
    rows = [["Name", "Ort"], ["Tafel Suhl", "Suhl"], ["Nordkreis"], ["Name", "Gotha"]]
    assert _sections(rows) == [("Tafel Suhl", ""), ("Nordkreis", ""), ("Name", "")]


def test_the_header_repeated_in_two_of_two_cells_is_left_out():
    rows = [["Name", "Ort"], ["Tafel Suhl", "Suhl"], ["Name", "Ort"], ["Kita Gotha", "Gotha"]]
    table = build_table([sheet(rows)])
    assert table.rows == [["Tafel Suhl", "Suhl"], ["Kita Gotha", "Gotha"]]
    assert [s.reason for s in table.skipped] == ["Überschrift wiederholt"]


def test_the_header_repeated_in_three_of_five_filled_cells_is_left_out():
    header = ["Name", "Ort", "Telefon", "Art", "Bemerkung"]
    rows = [
        header,
        ["Tafel Suhl", "Suhl", "03681 1", "Verein", "neu"],
        ["Name", "Ort", "Telefon", "Seite 2", "Fortsetzung"],
        ["Kita Gotha", "Gotha", "03621 2", "Kita", ""],
    ]
    table = build_table([sheet(rows)])
    assert [row[0] for row in table.rows] == ["Tafel Suhl", "Kita Gotha"]


@pytest.mark.parametrize(
    ("heading", "second_row"), [(LONG_HEADING, True), (LONG_HEADING + "s", False)]
)
def test_a_second_header_row_may_hold_headings_of_60_characters(heading, second_row):
    rows = [
        ["Organisation", "Ansprechperson", ""],
        ["", "Name", heading],
        ["Tafel Gotha", "Frau Beck", "x"],
    ]
    header = build_table([sheet(rows)]).header
    assert ("Ansprechperson Name" in header) is second_row


NOTE = "Alle Angaben ohne Gewähr; die Liste wird vom Team des Vorhabens einmal im Quartal geprüft."


def test_a_long_text_alone_in_a_row_is_a_note_beside_other_cells_it_is_data():
    assert len(NOTE) > 80
    name = "Arbeitskreis der Beratungsstellen für Familien, Senioren und Menschen mit Behinderung Gotha"
    assert len(name) > 80
    rows = [["Name", "Ort"], ["Tafel Suhl", "Suhl"], [name, "Gotha"], [NOTE]]
    table = build_table([sheet(rows)])
    assert [row[0] for row in table.rows] == ["Tafel Suhl", name]
    assert [s.reason for s in table.skipped] == ["Anmerkung"]


def test_a_sub_heading_above_a_two_row_header_is_the_first_blocks_section():
    rows = [
        ["Behörden:"],
        ["Organisation", "Ansprechperson", ""],
        ["", "Name", "Telefon"],
        ["Landratsamt Greiz", "Frau Beck", "03661 1"],
    ]
    table = build_table([sheet(rows)])
    assert table.header[-1] == SECTION_COLUMN
    assert [row[-1] for row in table.rows] == ["Behörden"]
