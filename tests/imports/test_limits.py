"""The upload parser's safety limits, each at the limit and one past it, and where each is
enforced: an oversized list is refused before its cells are converted, a zip that is not a
spreadsheet by the container check before any reader sees it."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest

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
