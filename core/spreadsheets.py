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

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
RISKY_FIRST_CHARACTERS = frozenset((*FORMULA_STARTS, "#"))
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
TOTAL_FONT = Font(bold=True)


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(value: object) -> object:
    """CSV has no cell types: a leading apostrophe makes spreadsheet programs show text."""
    return f"'{value}" if is_formula_like(value) else value


# --- xlsx building blocks -----------------------------------------------------------------


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
    ):
        self.ws = workbook.create_sheet(title)
        self.columns = len(headers)
        self.rows = 0
        self._date_cells: dict[int, WriteOnlyCell] = {}
        for index, (_label, width) in enumerate(headers, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        self.ws.freeze_panes = "B2" if self.columns > 2 else "A2"
        self.ws.print_title_rows = "1:1"
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.paperSize = "9"  # A4
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        # On paper: what this is on every page, and where one is ("Seite 2 von 5").
        self.ws.oddHeader.left.text = page_title or title
        self.ws.oddHeader.right.text = page_subtitle
        self.ws.oddFooter.left.text = title
        self.ws.oddFooter.right.text = _("Seite &P von &N")
        # Wrapped column heads need the height of their longest line count: Excel and
        # LibreOffice keep a written-only row at one line otherwise.
        lines = max(
            (math.ceil(len(label) / max(width * 0.95, 1)) for label, width in headers), default=1
        )
        self.ws.row_dimensions[1].height = 15 * max(lines, 1)
        self.ws.append([self._header(label) for label, _width in headers])

    def _header(self, label: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, value=label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell

    def cell(self, value: Any, *, bold: bool = False) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, value=value)
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
            return self.cell(value) if value[0] in RISKY_FIRST_CHARACTERS else value
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

    def finish(self, *, filter: bool = True) -> None:
        if filter and self.rows:
            self.ws.auto_filter.ref = f"A1:{get_column_letter(self.columns)}{self.rows + 1}"
