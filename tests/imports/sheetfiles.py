"""Spreadsheets as offices make them – merged cells, hidden rows, filters, fill colours and
bold type – written here in .xlsx (openpyxl), .ods (the OpenDocument XML, by hand: no
LibreOffice needed) and CSV, from one description of the sheet."""

from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from tests.imports.test_corpus import text_file


@dataclass
class Sheet:
    """A sheet: rows of values; merges as (first row, first column, last row, last column),
    0-based; hidden row indices; fills (row, column) → "RRGGBB"; bold cells."""

    rows: list[list[object]]
    merge: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: set[int] = field(default_factory=set)
    fills: dict[tuple[int, int], str] = field(default_factory=dict)
    bold: set[tuple[int, int]] = field(default_factory=set)
    autofilter: bool = False
    name: str = "Liste"


def xlsx_file(sheet: Sheet) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet.name
    for row in sheet.rows:
        ws.append(row)
    for top, left, bottom, right in sheet.merge:
        ws.merge_cells(
            start_row=top + 1, start_column=left + 1, end_row=bottom + 1, end_column=right + 1
        )
    for index in sheet.hidden:
        ws.row_dimensions[index + 1].hidden = True
    for (r, c), colour in sheet.fills.items():
        ws.cell(r + 1, c + 1).fill = PatternFill("solid", fgColor="FF" + colour)
    for r, c in sheet.bold:
        ws.cell(r + 1, c + 1).font = Font(bold=True)
    if sheet.autofilter:
        width = max(len(row) for row in sheet.rows)
        ws.auto_filter.ref = f"A1:{get_column_letter(width)}{len(sheet.rows)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(sheet: Sheet) -> bytes:
    """What a CSV export keeps: the values, a merged cell's value in its first row only."""
    return text_file([["" if v is None else v for v in row] for row in sheet.rows])


def _ods_cell(value: object, style: str, span: tuple[int, int] | None) -> str:
    attributes = f' table:style-name="{style}"' if style else ""
    if span:
        attributes += (
            f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"'
        )
    if value in ("", None):
        return f"<table:table-cell{attributes}/>"
    if isinstance(value, datetime.date):
        return (
            f'<table:table-cell{attributes} office:value-type="date" '
            f'office:date-value="{value.isoformat()}"><text:p>{value:%d.%m.%Y}</text:p>'
            "</table:table-cell>"
        )
    if isinstance(value, int | float):
        return (
            f'<table:table-cell{attributes} office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell{attributes} office:value-type="string"><text:p>{escape(str(value))}'
        "</text:p></table:table-cell>"
    )


def ods_file(sheet: Sheet) -> bytes:
    looks = sorted(
        {(sheet.fills.get(cell, ""), cell in sheet.bold) for cell in {*sheet.fills, *sheet.bold}}
    )
    style_of = {look: f"ce{n}" for n, look in enumerate(looks, start=1)}
    styles = "".join(
        f'<style:style style:name="{name}" style:family="table-cell" style:parent-style-name="Default">'
        + (f'<style:table-cell-properties fo:background-color="#{fill.lower()}"/>' if fill else "")
        + ('<style:text-properties fo:font-weight="bold"/>' if bold else "")
        + "</style:style>"
        for (fill, bold), name in style_of.items()
    )
    covered = {
        (r, c)
        for top, left, bottom, right in sheet.merge
        for r in range(top, bottom + 1)
        for c in range(left, right + 1)
        if (r, c) != (top, left)
    }
    spans = {
        (top, left): (bottom - top + 1, right - left + 1)
        for top, left, bottom, right in sheet.merge
    }
    width = max(len(row) for row in sheet.rows)
    body = []
    for r, row in enumerate(sheet.rows):
        cells = []
        for c in range(width):
            value = row[c] if c < len(row) else ""
            if (r, c) in covered:
                cells.append("<table:covered-table-cell/>")
                continue
            look = (sheet.fills.get((r, c), ""), (r, c) in sheet.bold)
            cells.append(_ods_cell(value, style_of.get(look, ""), spans.get((r, c))))
        visibility = ' table:visibility="filter"' if r in sheet.hidden else ""
        body.append(f"<table:table-row{visibility}>{''.join(cells)}</table:table-row>")
    ranges = ""
    if sheet.autofilter:
        ranges = (
            '<table:database-ranges><table:database-range table:name="__Anonymous_Sheet_DB__0" '
            f"table:target-range-address={quoteattr(sheet.name + '.A1:' + sheet.name + '.Z9')} "
            'table:display-filter-buttons="true"/></table:database-ranges>'
        )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2">'
        f"<office:automatic-styles>{styles}</office:automatic-styles>"
        f"<office:body><office:spreadsheet><table:table table:name={quoteattr(sheet.name)}>"
        f'<table:table-column table:number-columns-repeated="{width}"/>{"".join(body)}'
        f"</table:table>{ranges}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


WRITERS = {"xlsx": xlsx_file, "ods": ods_file, "csv": csv_file}


def build(sheet: Sheet, kind: str) -> tuple[bytes, str]:
    """The sheet as a file of that kind, and a file name for it."""
    return WRITERS[kind](sheet), f"liste.{kind}"
