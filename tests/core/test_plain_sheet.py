"""core.spreadsheets.PlainSheet: the one-sheet xlsx written straight as OOXML (issue 32,
point 9 – the import's error workbook). What it writes is read back by openpyxl (as
Excel-like programs read it) and by calamine (the app's own reader): the same values,
text as text – never a formula, however it starts – and a valid package."""

from __future__ import annotations

import datetime
import io
import random
import zipfile

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from core.spreadsheets import FORMULA_STARTS, PlainSheet, column_letter

HOSTILE = [
    '=HYPERLINK("http://evil.example","klick")',
    "+49 3675 1234",
    "-1+2",
    "@SUM(A1:A2)",
    "\t=1+1",
    "#N/A",
    "<script>alert(1)</script> & \"Anführung\" 'x'",
    "]]></t></is></c><c><f>1+1</f></c>",
    "Zeile 1\nZeile 2",
    "  Leerzeichen  ",
    "Umlaute äöüß € 漢字",
]


def _write(headers, rows, title="Fehler"):
    buffer = io.BytesIO()
    with PlainSheet(buffer, title, headers) as sheet:
        for row in rows:
            sheet.append(row)
    return buffer.getvalue()


def _generated_rows(seed: int, count: int, width: int):
    rng = random.Random(seed)
    alphabet = "abcXYZ äöüß=+-@#\t\n<>&\"'€;,"
    rows = []
    for number in range(count):
        row = [number]
        for _ in range(width):
            kind = rng.random()
            if kind < 0.15:
                row.append(None)
            elif kind < 0.3:
                row.append(rng.choice(HOSTILE))
            elif kind < 0.4:
                row.append(rng.randint(-(10**6), 10**6))
            else:
                text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
                row.append(text)
        rows.append(row)
    return rows


def _expected(value):
    """What a reader should see: empty text is no cell, ends of text stay as written."""
    return None if value in (None, "") else value


def test_every_value_reads_back_unchanged_in_openpyxl_and_nothing_is_a_formula():
    headers = [("Zeile", 8), *((f"Spalte {n}", 20) for n in range(12))]
    rows = _generated_rows(7, 300, 12) + [[len(HOSTILE), *HOSTILE, None]]
    book = load_workbook(io.BytesIO(_write(headers, rows)))
    sheet = book.active
    assert sheet.title == "Fehler"
    read = list(sheet.iter_rows(values_only=True))
    assert read[0] == tuple(label for label, _w in headers)
    assert len(read) == 1 + len(rows)
    mismatches = [
        (r, c)
        for r, row in enumerate(rows)
        for c, value in enumerate(row)
        if read[r + 1][c] != _expected(value)
    ]
    assert not mismatches, mismatches[:5]
    formulas = [
        cell.coordinate for line in sheet.iter_rows() for cell in line if cell.data_type == "f"
    ]
    assert formulas == []
    quoted = [
        cell.coordinate
        for line in sheet.iter_rows(min_row=2)
        for cell in line
        if isinstance(cell.value, str)
        and cell.value.startswith(FORMULA_STARTS)
        and not cell.quotePrefix
    ]
    assert quoted == []  # every formula-like text keeps its quote prefix
    assert sheet.freeze_panes == "B2"
    assert sheet["A1"].font.b
    assert sheet["A1"].fill.fgColor.rgb.endswith("1F4E79")
    assert sheet.column_dimensions["B"].width == 20


def test_calamine_reads_the_same_text():
    rows = [[1, *HOSTILE]]
    data = _write([("Zeile", 8), *((str(n), 20) for n in range(len(HOSTILE)))], rows)
    values = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert [str(v) for v in values[1][1:]] == HOSTILE


def test_characters_xml_cannot_hold_are_dropped_and_dates_are_german():
    data = _write(
        [("a", 10), ("b", 10), ("c", 10)],
        [["vor\x00nach\x1f", datetime.date(2016, 7, 1), 2.5]],
        title="Fehler: [neu]/*?",
    )
    book = load_workbook(io.BytesIO(data))
    assert book.active.title == "Fehler   neu    "[:31]
    assert [c.value for c in book.active[2]] == ["vornach", "01.07.2016", 2.5]


def test_the_package_is_a_valid_zip_with_the_parts_excel_needs():
    data = _write([("a", 10)], [["x"]])
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        assert set(package.namelist()) >= {
            "[Content_Types].xml",
            "_rels/.rels",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
            "xl/worksheets/sheet1.xml",
        }


def test_column_letters():
    assert [column_letter(n) for n in (0, 25, 26, 51, 52, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]
