"""Writing spreadsheets safely: the building blocks of every xlsx and CSV the apps produce.

Every text cell is protected against formula injection (OWASP "CSV injection", ASVS
1.2.10): a text that starts like a formula is written as text, never evaluated.
"""

from __future__ import annotations

import datetime
import math
import re
import zipfile
from collections.abc import Iterable
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
RISKY_FIRST_CHARACTERS = frozenset((*FORMULA_STARTS, "#"))
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
TOTAL_FONT = Font(bold=True)
WRAPPED = Alignment(wrap_text=True, vertical="top")

# On paper (issue 30, point 6): every sheet prints its text at 8 pt or more on A4 landscape and
# no cell is cut off. Column widths count digits of the default font (Calibri 11 pt). Excel draws
# a digit 5.25 pt wide; LibreOffice without Calibri or Carlito (CI, servers) draws DejaVu Sans,
# whose digit is 7 pt: the widest renderer, so pages are planned with it.
FONT_PT = 11
UNIT_PT = 7.0
MARGIN_INCHES = 0.5  # left and right
PRINTABLE_PT = 841.9 - 2 * MARGIN_INCHES * 72  # A4 landscape between the margins
SMALLEST_PT = 8.5  # the smallest printed text we plan for (the bar is 8 pt)
SCALE = math.floor(100 * SMALLEST_PT / FONT_PT)  # percent, when a sheet is wider than a page
# A soft hyphen is for HTML; a spreadsheet shows it as a character (or a stray "-").
SOFT_HYPHEN = "\xad"
WRAP_SHARE = 0.6  # a text longer than this many characters per width unit is wrapped


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(value: object) -> object:
    """CSV has no cell types: a leading apostrophe makes spreadsheet programs show text."""
    return f"'{value}" if is_formula_like(value) else value


# --- xlsx building blocks -----------------------------------------------------------------


def header_lines(label: str, width: float) -> int:
    """How many lines a bold column head takes when wrapped in its column (a generous
    estimate: a bold character is at most one digit wide in the fonts that matter)."""
    room = max(width - 1, 1)
    lines, used = 1, 0.0
    for word in label.split():
        size: float = len(word)
        if used and used + 1 + size > room:
            lines, used = lines + 1, 0.0
        if size > room:  # a word wider than its column breaks between characters
            lines += math.ceil(size / room) - 1
            size = size % room or room
        used += size + (1 if used else 0)
    return lines


def page_columns(widths: list[float], repeat: int = 1) -> list[list[int]]:
    """The columns (0-based) printed on each page side by side: one group when the sheet fits
    the page's width at ``SMALLEST_PT``, else groups at ``SCALE`` percent that each fit beside
    the first ``repeat`` columns, which every page repeats."""
    if sum(widths) * UNIT_PT * SMALLEST_PT / FONT_PT <= PRINTABLE_PT:
        return [list(range(len(widths)))]
    room = PRINTABLE_PT / (UNIT_PT * SCALE / 100) - sum(widths[:repeat])
    groups: list[list[int]] = [[]]
    used = 0.0
    for index in range(repeat, len(widths)):
        if groups[-1] and used + widths[index] > room:
            groups.append([])
            used = 0.0
        groups[-1].append(index)
        used += widths[index]
    groups[0][:0] = range(repeat)
    return groups


class Sheet:
    """A write-only worksheet with a styled header, real dates, filters and print setup."""

    def __init__(
        self,
        workbook: Workbook,
        title: str,
        headers: list[tuple[str, float]],
        *,
        page_title: str = "",
        page_subtitle: str = "",
        repeat_columns: int = 1,
    ):
        self.ws = workbook.create_sheet(title)
        self.columns = len(headers)
        self.rows = 0
        self._date_cells: dict[int, WriteOnlyCell] = {}
        self._wrapped_cells: dict[int, WriteOnlyCell] = {}
        # A text longer than this is written wrapped (a styled cell only where needed: one
        # per cell would cost a third of the export's time).
        self._wrap_beyond = [width * WRAP_SHARE for _label, width in headers]
        for index, (_label, width) in enumerate(headers, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        self.ws.freeze_panes = "B2" if self.columns > 2 else "A2"
        self._print_setup([width for _label, width in headers], repeat_columns)
        # On paper: what this is on every page, and where one is ("Seite 2 von 5").
        self.ws.oddHeader.left.text = page_title or title
        self.ws.oddHeader.right.text = page_subtitle
        self.ws.oddFooter.left.text = title
        self.ws.oddFooter.right.text = _("Seite &P von &N")
        # Wrapped column heads need the height of their longest line count: Excel and
        # LibreOffice keep a written-only row at one line otherwise.
        lines = max((header_lines(label, width) for label, width in headers), default=1)
        self.ws.row_dimensions[1].height = 15 * lines
        self.ws.append([self._header(label) for label, _width in headers])

    def _print_setup(self, widths: list[float], repeat_columns: int) -> None:
        """A4 landscape with the column heads on every page. A sheet that fits the page's
        width at ``SMALLEST_PT`` or more is scaled to fit it; a wider one prints at ``SCALE``
        percent, its columns split into pages side by side (read across, then down), each
        page repeating the first ``repeat_columns`` columns (the project, the organisation)."""
        setup, ws = self.ws.page_setup, self.ws
        setup.orientation = "landscape"
        setup.paperSize = "9"  # A4
        ws.page_margins.left = ws.page_margins.right = MARGIN_INCHES
        ws.print_title_rows = "1:1"
        groups = page_columns(widths, repeat_columns)
        if len(groups) == 1:
            setup.fitToWidth = 1
            setup.fitToHeight = 0
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            return
        setup.scale = SCALE
        setup.pageOrder = "overThenDown"
        ws.print_title_cols = f"A:{get_column_letter(repeat_columns)}"
        for group in groups[:-1]:
            ws.col_breaks.append(Break(id=group[-1] + 1, max=1048575))

    def _header(self, label: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, value=label.replace(SOFT_HYPHEN, ""))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell

    def cell(self, value: Any, *, bold: bool = False, wrap: bool = False) -> WriteOnlyCell:
        if isinstance(value, str):
            value = value.replace(SOFT_HYPHEN, "")
        cell = WriteOnlyCell(self.ws, value=value)
        if wrap or bold:
            cell.alignment = WRAPPED
        if isinstance(value, datetime.datetime):
            cell.value = timezone.localtime(value).replace(tzinfo=None)
            cell.number_format = DATETIME_FORMAT
        elif isinstance(value, datetime.date):
            cell.number_format = DATE_FORMAT
        elif isinstance(value, str):
            # Always a text cell, never a formula; Excel keeps "+49 …" or "=…" as typed.
            cell.data_type = "s"
            if is_formula_like(value):
                cell.quotePrefix = True
        if bold:
            cell.font = TOTAL_FONT
        return cell

    def append(self, values: Iterable[Any], *, bold: bool = False) -> None:
        if bold:
            row = [self.cell(value, bold=True) for value in values]
        else:
            row = [self._fast(column, value) for column, value in enumerate(values)]
        self.ws.append(row)
        self.rows += 1

    def _fast(self, column: int, value: Any) -> Any:
        # Plain values are written as they are (numbers as numbers, text as text); only
        # dates (German format) and text that a spreadsheet might take for a formula or an
        # error ("#N/A") need a cell object – creating one per cell costs a third of the
        # export's time. Called for every cell (1.5 million in the ministry export).
        if value.__class__ is str:
            if not value:
                return None  # an empty cell is not written at all
            if SOFT_HYPHEN in value:
                value = value.replace(SOFT_HYPHEN, "")
            wrap = len(value) > self._wrap_beyond[column]
            if value[0] in RISKY_FIRST_CHARACTERS:
                return self.cell(value, wrap=wrap)
            return self._wrapped_cell(column, value) if wrap else value
        if value is None:
            return None
        if value.__class__ is datetime.date:
            return self._date_cell(column, value)
        if isinstance(value, datetime.date):  # datetimes: local time, no time zone
            return self.cell(value)
        return value

    def _date_cell(self, column: int, value: datetime.date) -> WriteOnlyCell:
        """One styled cell per date column, given each row's date: openpyxl writes a row
        as soon as it is appended, so the cell is free again for the next row."""
        cell = self._date_cells.get(column)
        if cell is None:
            cell = self._date_cells[column] = self.cell(value)
        else:
            cell.value = value
        return cell

    def _wrapped_cell(self, column: int, value: str) -> WriteOnlyCell:
        """Like ``_date_cell``: one wrapped text cell per column, given each row's text."""
        cell = self._wrapped_cells.get(column)
        if cell is None:
            cell = self._wrapped_cells[column] = self.cell(value, wrap=True)
        else:
            cell.value = value
        return cell

    def finish(self, *, filter: bool = True) -> None:
        if filter and self.rows:
            self.ws.auto_filter.ref = f"A1:{get_column_letter(self.columns)}{self.rows + 1}"


# --- large plain tables straight as OOXML ---------------------------------------------------

# Characters XML 1.0 cannot hold (control characters but tab, line feed, carriage return);
# a cell of an uploaded list may carry them – they are dropped, never written.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Between the texts of a row while searching them: legal in XML, not a space, not special.
_APART = "\ue000"
_EDGE_SPACE = re.compile("(?:^|\ue000)\\s|\\s(?:\ue000|$)")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument"
_CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.spreadsheetml.styles+xml"/>\
</Types>"""
_ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PACKAGE_RELS}">\
<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/>\
</Relationships>"""
_WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PACKAGE_RELS}">\
<Relationship Id="rId1" Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="{_RELS}/styles" Target="styles.xml"/>\
</Relationships>"""
# Styles: 0 plain, 1 the header (bold white on the export's blue, wrapped), 2 text that
# starts like a formula – shown as typed and kept as text when edited (quotePrefix).
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{_MAIN}">\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/></font></fonts>\
<fills count="3"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill>\
<fill><patternFill patternType="solid"><fgColor rgb="FF{HEADER_FILL.fgColor.rgb[-6:]}"/></patternFill></fill>\
</fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" \
applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1" \
applyNumberFormat="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""


def column_letter(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xml_text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _plain(value: Any) -> str | int | float | None:
    """A cell's value as PlainSheet writes it: None for nothing, a finite number as a
    number, anything else as text (dates as written in German)."""
    if value is None or value == "":
        return None
    if value.__class__ is str:
        return value
    if value.__class__ in (int, float) and math.isfinite(value):
        return value
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%d.%m.%Y %H:%M")
        )
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


class PlainSheet:
    """A one-sheet xlsx of plain values (text and numbers), written straight as OOXML into
    a zip stream: for large tables such as an import's error workbook (20,000 rows × 100
    columns within 5 s – openpyxl writes about 9,000 cells a second, XlsxWriter about
    150,000, this about a million; docs/performance.md). Text is always an inline string,
    never a formula; text that starts like one carries the quote-prefix style, so a
    spreadsheet program keeps it as text even when the cell is edited. The header row is
    styled and frozen. Use as a context manager or call ``close()``."""

    def __init__(self, target: IO[bytes], title: str, headers: list[tuple[str, float]]):
        self.columns = len(headers)
        self.rows = 0
        self._letters = [column_letter(n) for n in range(max(self.columns, 1) + 16)]
        self._zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._zip.writestr("[Content_Types].xml", _CONTENT_TYPES)
        self._zip.writestr("_rels/.rels", _ROOT_RELS)
        self._zip.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        self._zip.writestr("xl/styles.xml", _STYLES)
        name = quoteattr(_NOT_XML.sub("", re.sub(r"[\[\]:*?/\\]", " ", title))[:31] or "1")
        self._zip.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>'
            f'<sheet name={name} sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        self._sheet = self._zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        frozen = "B2" if self.columns > 2 else "A2"
        widths = "".join(
            f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
            for n, (_label, width) in enumerate(headers, start=1)
        )
        self._sheet.write(
            (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_MAIN}">'
                '<sheetViews><sheetView workbookViewId="0"><pane '
                + ('xSplit="1" ' if frozen == "B2" else "")
                + f'ySplit="1" topLeftCell="{frozen}" activePane="bottomRight" state="frozen"/>'
                f"</sheetView></sheetViews>{'<cols>' + widths + '</cols>' if widths else ''}"
                "<sheetData>"
            ).encode()
        )
        self._write_row([label for label, _width in headers], style=' s="1"')

    def append(self, values: Iterable[Any]) -> None:
        self._write_row(values)

    def _write_row(self, values: Iterable[Any], *, style: str = "") -> None:
        self.rows += 1
        number = self.rows
        cells = [_plain(value) for value in values]
        letters = self._letters
        if len(cells) > len(letters):
            letters.extend(column_letter(n) for n in range(len(letters), len(cells) + 16))
        # Two searches per row, not per cell (2 million cells): most rows hold nothing to
        # escape and no text with spaces at its ends (only those need xml:space).
        joined = _APART.join(cell for cell in cells if cell.__class__ is str)
        escaping = _SPECIAL.search(joined) is not None
        space = ' xml:space="preserve"' if _EDGE_SPACE.search(joined) else ""
        parts = [f'<row r="{number}">']
        for column, cell in enumerate(cells):
            if cell is None:
                continue
            if cell.__class__ is not str:
                parts.append(f'<c r="{letters[column]}{number}"{style}><v>{cell!r}</v></c>')
                continue
            quoted = ' s="2"' if not style and cell[0] in RISKY_FIRST_CHARACTERS else style
            parts.append(
                f'<c r="{letters[column]}{number}"{quoted} t="inlineStr">'
                f"<is><t{space}>{xml_text(cell) if escaping else cell}</t></is></c>"
            )
        parts.append("</row>")
        self._sheet.write("".join(parts).encode())

    def close(self) -> None:
        self._sheet.write(b"</sheetData></worksheet>")
        self._sheet.close()
        self._zip.close()

    def __enter__(self) -> PlainSheet:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
