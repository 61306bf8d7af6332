"""A grid written as the office's programs write it: .xlsx (openpyxl), .xls (xlwt), .ods
(written here: a zip with content.xml, as LibreOffice does) and CSV in UTF-8, UTF-8 with BOM,
Windows-1252 and UTF-16 (Excel's "Unicode-Text"), separated by ; , or tab."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from xml.sax.saxutils import escape

import xlwt
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from tests.imports.generator.shapes import Grid

SUFFIX = {"xlsx": ".xlsx", "xls": ".xls", "ods": ".ods"}


def write(grids: list[Grid], fmt: str) -> tuple[str, bytes]:
    """(file name ending, bytes) of the sheets in ``fmt`` (a FORMATS entry; CSV: one)."""
    if fmt == "xlsx":
        return ".xlsx", _xlsx(grids)
    if fmt == "xls":
        return ".xls", _xls(grids)
    if fmt == "ods":
        return ".ods", _ods(grids)
    _csv, encoding, separator = fmt.split("-")
    (grid,) = grids
    return ".csv", _csv_bytes(grid, encoding, {"tab": "\t"}.get(separator, separator))


def _xlsx(grids: list[Grid]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for grid in grids:
        _xlsx_sheet(workbook.create_sheet(grid.sheet_name), grid)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_sheet(sheet, grid: Grid) -> None:
    for row in grid.rows:
        sheet.append([None if value == "" else value for value in row])
    for r1, c1, r2, c2 in grid.merges:
        sheet.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
    for row in grid.hidden:
        sheet.row_dimensions[row + 1].hidden = True
    if grid.filter_row is not None:  # rows hidden by a filter, as Excel saves them
        last = sheet.cell(grid.filter_row + 1, len(grid.rows[grid.filter_row])).coordinate
        sheet.auto_filter.ref = f"A{grid.filter_row + 1}:{last}"
    for (row, column), rgb in grid.fills.items():
        sheet.cell(row + 1, column + 1).fill = PatternFill("solid", fgColor=rgb)
    for row, column in grid.bold:
        sheet.cell(row + 1, column + 1).font = Font(bold=True)


_DATE_STYLE = xlwt.easyxf(num_format_str="DD.MM.YYYY")


def _xls(grids: list[Grid]) -> bytes:
    workbook = xlwt.Workbook(encoding="utf-8")
    for grid in grids:
        _xls_sheet(workbook.add_sheet(grid.sheet_name), grid)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xls_sheet(sheet, grid: Grid) -> None:
    merged = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in grid.merges}
    covered = {
        (r, c)
        for r1, c1, r2, c2 in grid.merges
        for r in range(r1, r2 + 1)
        for c in range(c1, c2 + 1)
        if (r, c) != (r1, c1)
    }
    for r, row in enumerate(grid.rows):
        for c, value in enumerate(row):
            if (r, c) in covered:
                continue
            args = (value, _DATE_STYLE) if isinstance(value, datetime.datetime) else (value,)
            if (r, c) in merged:
                r2, c2 = merged[(r, c)]
                sheet.write_merge(r, r2, c, c2, *args)
            elif value != "":
                sheet.write(r, c, *args)
        if r in grid.hidden:
            sheet.row(r).hidden = True


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
)
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def _ods_cell(value: object, span: str) -> str:
    if value == "" or value is None:
        return f"<table:table-cell{span}/>"
    if isinstance(value, datetime.datetime):
        return (
            f'<table:table-cell{span} office:value-type="date" '
            f'office:date-value="{value.date().isoformat()}"><text:p>'
            f"{value.strftime('%d.%m.%Y')}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float):
        return (
            f'<table:table-cell{span} office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
    return f'<table:table-cell{span} office:value-type="string">{paragraphs}</table:table-cell>'


def _ods(grids: list[Grid]) -> bytes:
    tables = "".join(_ods_table(grid) for grid in grids)
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_ODS_NS} '
        f'office:version="1.2"><office:body><office:spreadsheet>{tables}'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )  # first and stored, as the format requires
        archive.writestr("META-INF/manifest.xml", _MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _ods_table(grid: Grid) -> str:
    merged = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in grid.merges}
    covered = {
        (r, c)
        for r1, c1, r2, c2 in grid.merges
        for r in range(r1, r2 + 1)
        for c in range(c1, c2 + 1)
        if (r, c) != (r1, c1)
    }
    rows = []
    for r, row in enumerate(grid.rows):
        cells = []
        for c, value in enumerate(row):
            if (r, c) in covered:
                cells.append("<table:covered-table-cell/>")
                continue
            span = ""
            if (r, c) in merged:
                height, width = merged[(r, c)]
                span = (
                    f' table:number-rows-spanned="{height}" table:number-columns-spanned="{width}"'
                )
            cells.append(_ods_cell(value, span))
        hidden = ' table:visibility="collapse"' if r in grid.hidden else ""
        rows.append(f"<table:table-row{hidden}>{''.join(cells)}</table:table-row>")
    return f'<table:table table:name="{escape(grid.sheet_name)}">{"".join(rows)}</table:table>'


# What Windows-1252 cannot hold is written as a program saving in that encoding would.
_CP1252 = str.maketrans({"✓": "x", "✔": "x", "●": "x"})


def _text(value: object) -> str:
    if isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y")  # as German Excel saves a date cell as CSV
    return "" if value is None else str(value)


def _csv_bytes(grid: Grid, encoding: str, separator: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    for row in grid.rows:
        writer.writerow([_text(value) for value in row])
    text = buffer.getvalue()
    if encoding == "cp1252":
        return text.translate(_CP1252).encode("cp1252", errors="replace")
    if encoding == "utf16":
        return text.encode("utf-16")  # with its byte order mark, like Excel
    if encoding == "utf8bom":
        return text.encode("utf-8-sig")
    return text.encode("utf-8")
