"""The upload parser's safety limits, each at the limit and one past it, and where each is
enforced: an oversized list is refused before its cells are converted, a zip that is not a
spreadsheet by the container check before any reader sees it."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook

from imports import reading
from imports.reading import ImportFileError, check_container, parse_date
from imports.tables import read_table
from tests.imports.test_corpus import text_file, xlsx


def _csv(rows: int, columns: int = 2) -> bytes:
    header = [f"Spalte {n}" for n in range(1, columns + 1)]
    header[0] = "Organisation"
    return text_file([header, *([f"Verein {r}", *["x"] * (columns - 1)] for r in range(rows))])


def test_file_size_at_the_limit_is_read_one_byte_more_is_refused(monkeypatch):
    data = _csv(3)
    monkeypatch.setattr(reading, "MAX_BYTES", len(data))
    assert len(read_table(data, "l.csv").rows) == 3
    with pytest.raises(ImportFileError, match="größer als"):
        read_table(data + b" ", "l.csv")


@pytest.mark.parametrize("name", ["l.csv", "l.xlsx"])
def test_rows_at_the_limit_are_read_one_more_is_refused(monkeypatch, name):
    monkeypatch.setattr(reading, "MAX_ROWS", 4)

    def data(rows: int) -> bytes:
        if name.endswith(".csv"):
            return _csv(rows)
        return xlsx(
            ("L", [["Organisation", "Ort"], *([f"Verein {r}", "Suhl"] for r in range(rows))])
        )

    assert len(read_table(data(4), name).rows) == 4
    with pytest.raises(ImportFileError, match="mehr als 4 Zeilen"):
        read_table(data(5), name)


def test_columns_at_the_limit_are_read_one_more_is_refused():
    assert len(read_table(_csv(1, columns=reading.MAX_COLUMNS), "l.csv").header) == 100
    with pytest.raises(ImportFileError, match="mehr als 100 Spalten"):
        read_table(_csv(1, columns=reading.MAX_COLUMNS + 1), "l.csv")


def test_an_oversized_csv_is_refused_while_reading_not_after(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 10)
    monkeypatch.setattr(reading, "ROW_SLACK", 0)
    read_rows = []
    real_reader = reading.csv.reader

    def counting_reader(*args, **kwargs):
        for row in real_reader(*args, **kwargs):
            read_rows.append(row)
            yield row

    monkeypatch.setattr(reading.csv, "reader", counting_reader)
    with pytest.raises(ImportFileError, match="mehr als 10 Zeilen"):
        read_table(_csv(1000), "gross.csv")
    assert len(read_rows) == 11  # stopped at the first row past the limit


def test_an_oversized_sheet_is_refused_before_its_cells_are_converted(monkeypatch):
    data = xlsx(("L", [["Organisation"], *([f"Verein {r}"] for r in range(200))]))
    monkeypatch.setattr(reading, "MAX_ROWS", 100)
    monkeypatch.setattr(reading, "ROW_SLACK", 0)
    converted = []
    real_cell = reading._cell
    monkeypatch.setattr(reading, "_cell", lambda value: converted.append(value) or real_cell(value))
    with pytest.raises(ImportFileError, match="mehr als 100 Zeilen"):
        read_table(data, "gross.xlsx")
    assert converted == []  # refused from the sheet's size, not after reading it whole


def _zip(entries: dict[str, int]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, size in entries.items():
            archive.writestr(name, "0" * size)
    return buffer.getvalue()


def _spreadsheet_entries(count: int, size: int = 1) -> dict[str, int]:
    entries = {"[Content_Types].xml": size}
    entries.update({f"xl/part{n}.xml": size for n in range(count - 1)})
    return entries


def test_zip_entries_at_the_limit_pass_the_container_check_one_more_is_refused():
    check_container(_zip(_spreadsheet_entries(reading.MAX_ZIP_ENTRIES)), ".xlsx")
    with pytest.raises(ImportFileError, match="ungewöhnlich aufgebaut"):
        check_container(_zip(_spreadsheet_entries(reading.MAX_ZIP_ENTRIES + 1)), ".xlsx")


def test_unpacked_size_at_the_limit_passes_one_byte_more_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UNPACKED", 1000)
    check_container(_zip({"[Content_Types].xml": 500, "xl/workbook.xml": 500}), ".xlsx")
    with pytest.raises(ImportFileError, match="ungewöhnlich aufgebaut"):
        check_container(_zip({"[Content_Types].xml": 500, "xl/workbook.xml": 501}), ".xlsx")


@pytest.mark.parametrize(
    ("entries", "ending"),
    [
        ({"word/document.xml": 10, "[Content_Types].xml": 10}, ".xlsx"),  # a Word file
        ({"xl/workbook.xml": 10}, ".xlsx"),  # no content types
        ({"content.xml": 10, "mimetype": 10}, ".ods"),  # wrong mimetype
        ({"mimetype": 10}, ".ods"),
    ],
)
def test_a_zip_that_is_no_spreadsheet_is_refused_by_the_container_check_itself(
    monkeypatch, entries, ending
):
    def no_reader(*args, **kwargs):
        raise AssertionError("the reader must not see this file")

    monkeypatch.setattr(
        reading, "CalamineWorkbook", type("Never", (), {"from_filelike": no_reader})
    )
    with pytest.raises(ImportFileError, match="ist aber keine"):
        read_table(_zip(entries), "liste" + ending)


def test_a_real_ods_container_passes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", reading.ODS_MIMETYPE)
        archive.writestr("content.xml", "<x/>")
    check_container(buffer.getvalue(), ".ods")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (10_001, datetime.date(1927, 5, 19)),
        (79_999, datetime.date(2119, 1, 10)),
        (42_466.75, datetime.date(2016, 4, 6)),  # a date with a time of day
    ],
)
def test_excel_serial_dates_inside_the_range_are_dates(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", [9_999, 100_000, 1_000_000])
def test_numbers_outside_the_serial_range_are_no_dates(value):
    with pytest.raises(ValueError, match="ist kein Datum"):
        parse_date(value)


# --- the limits by their value (issue 34) ------------------------------------------------
# The tests above move a limit to a small number and check its edge. These check the edges
# the application promises (docs/architecture.md, "Import"), by value: a limit raised or
# lowered by one, or an edge moved from "more than" to "at least", fails here.


def _declared_zip(sizes: dict[str, int]) -> bytes:
    """A zip whose directory claims the given unpacked sizes (the container check reads the
    directory only – a zip bomb's claim, without writing its megabytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sizes:
            archive.writestr(name, "0")
        for info in archive.filelist:
            info.file_size = sizes[info.filename]
    return buffer.getvalue()


def test_a_spreadsheet_may_hold_200_zip_entries_not_201():
    check_container(_zip(_spreadsheet_entries(200)), ".xlsx")
    with pytest.raises(ImportFileError, match="ungewöhnlich aufgebaut"):
        check_container(_zip(_spreadsheet_entries(201)), ".xlsx")


def test_a_spreadsheet_may_unpack_to_100_megabytes_not_a_byte_more():
    half = 50 * 1024 * 1024
    check_container(_declared_zip({"[Content_Types].xml": half, "xl/workbook.xml": half}), ".xlsx")
    with pytest.raises(ImportFileError, match="ungewöhnlich aufgebaut"):
        check_container(
            _declared_zip({"[Content_Types].xml": half, "xl/workbook.xml": half + 1}), ".xlsx"
        )


def test_the_first_50_sheets_are_read_a_51st_is_not():
    data = xlsx(
        *((f"Blatt {n}", [["Organisation", "Ort"], [f"Verein {n}", "Gotha"]]) for n in range(1, 52))
    )
    names = [sheet.name for sheet in reading.read_sheets(data, "viele.xlsx")]
    assert names == [f"Blatt {n}" for n in range(1, 51)]


def _lines(count: int, cells: int = 1) -> bytes:
    return "\r\n".join(";".join(["x"] * cells) for _ in range(count)).encode()


def test_a_csv_may_hold_20_050_lines_20_000_rows_and_50_for_title_header_and_blanks():
    assert len(reading.read_sheets(_lines(20_050), "l.csv")[0].rows) == 20_050
    with pytest.raises(ImportFileError, match="mehr als 20.000 Zeilen"):
        reading.read_sheets(_lines(20_051), "l.csv")


def test_a_csv_line_is_cut_after_300_cells():
    (row,) = reading.read_sheets(_lines(1, cells=301), "l.csv")[0].rows
    assert len(row) == 300


def _tall_sheet(rows: int, columns: int = 1) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Liste")
    for _ in range(rows):
        sheet.append(["x"] * columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_sheet_may_hold_20_050_rows_not_20_051():
    assert len(reading.read_sheets(_tall_sheet(20_050), "l.xlsx")[0].rows) == 20_050
    with pytest.raises(ImportFileError, match="mehr als 20.000 Zeilen"):
        reading.read_sheets(_tall_sheet(20_051), "l.xlsx")


def test_a_sheet_may_be_300_cells_wide_not_301():
    (row,) = reading.read_sheets(_tall_sheet(1, columns=300), "l.xlsx")[0].rows
    assert len(row) == 300
    with pytest.raises(ImportFileError, match="mehr als 100 Spalten"):
        reading.read_sheets(_tall_sheet(1, columns=301), "l.xlsx")


PREAMBLE = "Vorbemerkung zu dieser Liste, länger als eine Spaltenüberschrift je sein darf"


def _after_preamble(lines: int, *, data: bool = True) -> bytes:
    rows = [[f"{PREAMBLE} ({n})", ""] for n in range(lines)]
    rows.append(["Organisation", "Ort"])
    if data:
        rows.append(["Tafel Gotha e. V.", "Gotha"])
    return text_file(rows)


def test_the_header_is_searched_in_the_first_30_filled_rows():
    assert read_table(_after_preamble(29), "l.csv").header == ["Organisation", "Ort"]
    with pytest.raises(ImportFileError, match="keine Zeile mit Spaltenüberschriften"):
        read_table(_after_preamble(30), "l.csv")


def test_a_header_without_rows_is_named_so_only_within_the_first_30_rows():
    with pytest.raises(ImportFileError, match="Unter den Spaltenüberschriften stehen keine"):
        read_table(_after_preamble(29, data=False), "l.csv")
    with pytest.raises(ImportFileError, match="keine Zeile mit Spaltenüberschriften"):
        read_table(_after_preamble(30, data=False), "l.csv")
