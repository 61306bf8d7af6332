"""Writing spreadsheets safely: the building blocks of every xlsx and CSV the apps produce.

Every text cell is protected against formula injection (OWASP "CSV injection", ASVS
1.2.10): a text that starts like a formula is written as text, never evaluated.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from typing import Any

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
        cell = WriteOnlyCell(self.ws, value=label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell

    def cell(self, value: Any, *, bold: bool = False, wrap: bool = False) -> WriteOnlyCell:
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
