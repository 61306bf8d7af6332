"""Finding the list in a sheet as offices really keep them: by content, not by position.

A title block, subtitles and notes above the header; a table that starts in column B; a
two-row header whose upper row groups columns ("Kontaktperson" over Name | Tel. | Mail);
sub-headings and repeated headers of tables stacked on one sheet; footers ("Stand: …",
"Summe: 12") below it; several sheets of the same kind. Every row that is not taken over is
listed with its reason – nothing is left out without the preview saying so.

Header guessing cannot be perfect (Grist's and OpenRefine's experience), so the guess is
shown and the user can pick another row (``header_row``).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from imports import mapping as m
from imports import reading
from imports.reading import ImportFileError, RawSheet, parse_date, read_sheets, too_many_columns

# Source columns the reader adds; fixed German names, because a saved mapping refers to
# columns by name whatever language its user reads.
SHEET_COLUMN = m.SHEET_COLUMN
SECTION_COLUMN = m.SECTION_COLUMN
HEADER_SCAN = 30  # non-empty rows searched for the header
ROWS_PER_SHEET = 100_000  # row keys of later sheets: sheet position × this + file row
_FOOTER = re.compile(
    r"^(stand|erstellt|summe|summen|gesamt|insgesamt|anzahl|quelle|gedruckt|druckdatum|seite"
    r"|legende|hinweis|hinweise|anmerkung|anmerkungen|zuletzt|aktualisiert|bearbeitet)\b"
)
_STAND = re.compile(r"\bstand\b\W*(?:vom\s+|am\s+)?(.+)$", re.I)
_DATA_LIKE = re.compile(r"@|\d{5,}|\d{1,2}\.\d{1,2}\.\d{2,4}|^\d+$")


@dataclass
class Skipped:
    """A row of the file that is not taken over, and why."""

    place: str
    text: str
    reason: str


@dataclass
class SheetSummary:
    name: str
    header_row: int | None
    rows: int
    note: str = ""  # why the sheet is not taken over; "" when it is


@dataclass
class Table:
    """The list as one table: a header (names) and rows of text, numbers or dates."""

    header: list[str]
    rows: list[list[object]]
    header_row: int  # 1-based row of the header (of the first sheet that has a table)
    row_numbers: list[int] = field(default_factory=list)  # unique key of each row
    places: list[str] = field(default_factory=list)  # "Zeile 5" / "Ämter, Zeile 5"
    skipped: list[Skipped] = field(default_factory=list)
    sheets: list[SheetSummary] = field(default_factory=list)

    @property
    def stated_date(self) -> datetime.date | None:
        """The list's date as a title or footer states it ("Stand: 31.12.2016", "– Stand
        März 2016"): the default for "Stand der Liste"."""
        for row in self.skipped:
            if match := _STAND.search(row.text):
                words = match[1].replace("|", " ").split()
                for length in (2, 1):  # "März 2016", then "31.12.2016"
                    try:
                        return parse_date(" ".join(words[:length]))
                    except ValueError:
                        continue
        return None

    @property
    def header_sheet(self) -> str:
        """The sheet whose header row ``header_row`` counts in ("" for a CSV file)."""
        return next((s.name for s in self.sheets if s.header_row and not s.note), "")


def _is_empty(row: list[object]) -> bool:
    return all(value in ("", None) for value in row)


def _filled(row: list[object]) -> list[tuple[int, object]]:
    return [(index, value) for index, value in enumerate(row) if value not in ("", None)]


def _header_score(row: list[object], single: bool = False) -> int | None:
    """How much a row looks like a header: short texts only, words that name fields.
    ``single``: a one-column list's header, one cell that names a field."""
    cells = [value for _index, value in _filled(row)]
    if single:
        if len(cells) != 1 or not isinstance(cells[0], str) or not m.is_header_word(cells[0]):
            return None
    elif len(cells) < 2 or not all(isinstance(value, str) for value in cells):
        return None
    if any(len(value) > 60 or _DATA_LIKE.search(value) for value in cells):
        return None
    return 3 * sum(m.is_header_word(value) for value in cells) + len(cells)


def _footer_reason(row: list[object]) -> str:
    cells = _filled(row)
    first = cells[0][1] if cells else ""
    if isinstance(first, str) and _FOOTER.match(m.key(first)) and (len(cells) <= 2 or ":" in first):
        return _("Fußzeile oder Anmerkung")
    if cells and all(isinstance(v, int | float) for _i, v in cells):
        return _("Summenzeile (nur Zahlen)")
    if len(cells) == 1 and isinstance(first, str) and len(first) > 80:
        return _("Anmerkung")
    return ""


def _detect_header(rows: list[list[object]]) -> int | None:
    """The 0-based index of the row that looks most like a header and has data below; a
    single heading cell only where no row of several headings is found."""
    found = _best_header(rows, single=False)
    return found if found is not None else _best_header(rows, single=True)


def _best_header(rows: list[list[object]], single: bool) -> int | None:
    best: tuple[int, int] | None = None
    seen = 0
    for index, row in enumerate(rows):
        if _is_empty(row):
            continue
        seen += 1
        if seen > HEADER_SCAN:
            break
        score = _header_score(row, single)
        if score is None or not any(
            not _is_empty(below) and not _footer_reason(below) for below in rows[index + 1 :]
        ):
            continue
        if best is None or score > best[0]:
            best = (score, index)
    return best[1] if best else None


def _merged_spans(sheet: RawSheet, row_index: int) -> dict[int, tuple[int, int]]:
    """Merged ranges in one row: first column → (first, last) column."""
    return {
        start[1]: (start[1], end[1])
        for start, end in sheet.merged
        if start[0] <= row_index <= end[0] and start[0] == row_index
    }


def _group_names(
    sheet: RawSheet, upper_index: int, lower: list[object], width: int
) -> list[str] | None:
    """A two-row header: the upper row groups the lower one's columns ("Kontaktperson"
    over Name | Tel. | Mail → "Kontaktperson Name", …). None if the upper row is a title."""
    upper = sheet.rows[upper_index]
    cells = _filled(upper)
    if not cells or not all(
        isinstance(v, str) and len(v) <= 60 and not _DATA_LIKE.search(v) for _i, v in cells
    ):
        return None
    lower_cells = _filled(lower)
    if all(column < len(upper) and upper[column] not in ("", None) for column, _v in lower_cells):
        return None  # a group spans columns: some heading below it stands under a blank
    first_column = min(index for index, _v in [*lower_cells, *cells])
    last_column = max(index for index, _v in lower_cells)
    spans = _merged_spans(sheet, upper_index)
    if len(cells) == 1:
        column = cells[0][0]
        span = spans.get(column)
        whole_width = span and span[0] <= first_column and span[1] >= last_column
        if whole_width or (span is None and column == first_column):
            return None  # a title over the whole table
    names: list[str] = []
    carry = ""
    span_end = -1
    for column in range(width):
        up = upper[column] if column < len(upper) and upper[column] not in ("", None) else ""
        low = lower[column] if column < len(lower) and lower[column] not in ("", None) else ""
        if up:
            carry = str(up)
            span_end = spans.get(column, (column, column))[1]
        elif spans:
            # Merged cells say exactly which columns a group covers.
            if column > span_end:
                carry = ""
        elif low and not m.is_sub_field(str(low)):
            carry = ""  # without merges, a group goes on only over its sub-fields
        group = str(up) or carry
        if group and low:
            names.append(f"{group} {low}")
        else:
            names.append(str(low or group))
    return names


def _header_names(cells: list[str], used: list[int]) -> list[str]:
    """Names for the used columns; an empty header after a named one (a merged header cell)
    continues that name, so "Adresse | (leer) | (leer)" becomes Adresse, Adresse 2, Adresse 3."""
    names: list[str] = []
    previous = ""
    counts: dict[str, int] = {}
    for index in used:
        value = str(cells[index]).strip() if index < len(cells) and cells[index] != "" else ""
        base = value or previous or _("Spalte %(n)s") % {"n": index + 1}
        if value:
            previous = value
        counts[base] = counts.get(base, 0) + 1
        names.append(base if counts[base] == 1 else f"{base} {counts[base]}")
    return names


@dataclass
class _SheetTable:
    header: list[str]
    rows: list[list[object]]
    numbers: list[int]
    sections: list[str]
    header_row: int
    skipped: list[Skipped]


def _place(sheet: RawSheet, number: int) -> str:
    if sheet.name:
        return _("Blatt „%(sheet)s“, Zeile %(n)s") % {"sheet": sheet.name, "n": number}
    return _("Zeile %(n)s") % {"n": number}


def _shorten(row: list[object]) -> str:
    text = " | ".join(str(value) for _i, value in _filled(row))
    return text if len(text) <= 80 else text[:79] + "…"


def _find_table(sheet: RawSheet, header_row: int | None) -> _SheetTable | None:
    rows = sheet.rows
    if header_row is None:
        index = _detect_header(rows)
        if index is None:
            return None
    else:
        index = header_row - 1
        if not 0 <= index < len(rows) or _is_empty(rows[index]):
            raise ImportFileError(
                _("In Zeile %(n)s stehen keine Spaltenüberschriften.") % {"n": header_row}
            )
    width = max((len(r) for r in rows), default=0)
    header_cells: list[object] = list(rows[index]) + [""] * (width - len(rows[index]))
    names_from_group = False
    # A second header row below (sub-fields under groups of the chosen one).
    below = index + 1
    if (
        below < len(rows)
        and (score := _header_score(rows[below])) is not None
        and all(m.is_header_word(str(v)) for _i, v in _filled(rows[below]))
        and score > 0
        and any(header_cells[i] in ("", None) for i, _v in _filled(rows[below]))
        and (names := _group_names(sheet, index, rows[below], width)) is not None
    ):
        header_cells, index = names, below
        names_from_group = True
    elif index > 0 and not _is_empty(rows[index - 1]):
        names = _group_names(sheet, index - 1, header_cells, width)
        if names is not None:
            header_cells = names
            names_from_group = True
    body = rows[index + 1 :]
    used = [
        column
        for column in range(width)
        if header_cells[column] not in ("", None)
        or any(column < len(r) and r[column] not in ("", None) for r in body)
    ]
    header = _header_names([str(c) if c is not None else "" for c in header_cells], used)
    header_keys = [m.key(name) for name in header]
    # Plain lower case is enough to see the header again and much cheaper than folding
    # every cell of a long list.
    header_lower = [str(name).strip().lower() for name in header]
    table = _SheetTable(header, [], [], [], index + 1, [])
    first_header = index - 1 if names_from_group else index
    for number, row in enumerate(rows[:first_header], start=1):
        if not _is_empty(row):
            table.skipped.append(
                Skipped(
                    _place(sheet, number), _shorten(row), _("über der Tabelle (Titel, Hinweis)")
                )
            )
    section = _heading_above(rows, index if index == 0 or not names_from_group else index - 1)
    for offset, row in enumerate(body):
        number = index + 2 + offset
        values = [row[i] if i < len(row) else "" for i in used]
        if _is_empty(values):
            continue
        filled = _filled(values)
        repeated = sum(
            1
            for value, name in zip(values, header_lower, strict=True)
            if isinstance(value, str) and value and value.lower() == name
        )
        if repeated >= max(2, len(filled) * 0.6):
            table.skipped.append(
                Skipped(_place(sheet, number), _shorten(values), _("Überschrift wiederholt"))
            )
            continue
        if reason := _footer_reason(values):
            table.skipped.append(Skipped(_place(sheet, number), _shorten(values), reason))
            continue
        if _is_sub_heading(sheet, rows, index + 1 + offset, filled, header_keys, used):
            section = str(filled[0][1]).rstrip(":").strip()
            table.skipped.append(
                Skipped(
                    _place(sheet, number),
                    _shorten(values),
                    _("Zwischenüberschrift, als „%(column)s“ übernommen")
                    % {"column": SECTION_COLUMN},
                )
            )
            continue
        table.rows.append(values)
        table.numbers.append(number)
        table.sections.append(section)
    return table


def _heading_above(rows: list[list[object]], index: int) -> str:
    """A sub-heading ("Behörden:") right above the first header: the first block's section."""
    above = next((r for r in reversed(rows[:index]) if not _is_empty(r)), None)
    cells = _filled(above) if above is not None else []
    if len(cells) == 1 and isinstance(cells[0][1], str) and cells[0][1].endswith(":"):
        return cells[0][1].rstrip(":").strip()
    return ""


def _is_sub_heading(sheet, rows, row_index, filled, header_keys, used) -> bool:
    """A single text above a block of the list: merged across it, ending in a colon, or
    followed by the header again (tables stacked on one sheet)."""
    if len(filled) != 1 or not isinstance(filled[0][1], str):
        return False
    text = filled[0][1]
    if text.endswith(":"):
        return True
    span = _merged_spans(sheet, row_index).get(used[filled[0][0]])
    if span and span[1] - span[0] + 1 >= max(2, len(used) // 2):
        return True
    following = next((r for r in rows[row_index + 1 :] if not _is_empty(r)), None)
    if following is None:
        return False
    keys = [m.key(following[i]) if i < len(following) else "" for i in used]
    return sum(1 for k, h in zip(keys, header_keys, strict=True) if k and k == h) >= 2


def build_table(sheets: list[RawSheet], header_row: int | None = None) -> Table:
    """One table from every sheet that holds one; ``header_row`` (1-based) overrides the
    detected header of the first such sheet (None: detected on every sheet)."""
    summaries: list[SheetSummary] = []
    found: list[tuple[int, RawSheet, _SheetTable]] = []
    headers_only = False  # a header without rows below it
    for position, sheet in enumerate(sheets):
        if _is_empty([v for row in sheet.rows for v in row]):
            summaries.append(SheetSummary(sheet.name, None, 0, _("leer")))
            continue
        if sheet.hidden:
            summaries.append(
                SheetSummary(sheet.name, None, 0, _("ausgeblendetes Blatt, nicht übernommen"))
            )
            continue
        table = _find_table(sheet, None)
        if table is not None and header_row is not None and not found:
            # The user's header row counts on the sheet where the list was found first.
            table = _find_table(sheet, header_row)
        if table is None and any(
            _header_score(row) is not None for row in sheet.rows[:HEADER_SCAN]
        ):
            headers_only = True
        if table is None or not table.rows:
            summaries.append(
                SheetSummary(
                    sheet.name, None, 0, _("enthält keine Tabelle (nur Text), nicht übernommen")
                )
            )
            continue
        found.append((position, sheet, table))
        summaries.append(SheetSummary(sheet.name, table.header_row, len(table.rows)))
    if not found:
        if header_row is not None or headers_only:
            raise ImportFileError(_("Unter den Spaltenüberschriften stehen keine Daten."))
        raise ImportFileError(_("Die Datei enthält keine Zeile mit Spaltenüberschriften."))
    # Columns of the same name on several sheets are one column; the others are added.
    header: list[str] = []
    index_of: dict[str, int] = {}
    for _position, _sheet, table in found:
        for name in table.header:
            if m.key(name) not in index_of:
                index_of[m.key(name)] = len(header)
                header.append(name)
    with_sheet = len(found) > 1
    with_section = any(any(t.sections) for _p, _s, t in found)
    extra = [SHEET_COLUMN] * with_sheet + [SECTION_COLUMN] * with_section
    if len(header) + len(extra) > reading.MAX_COLUMNS:
        raise too_many_columns()
    result = Table(header=header + extra, rows=[], header_row=found[0][2].header_row)
    result.sheets = summaries
    for position, sheet, table in found:
        columns = [index_of[m.key(name)] for name in table.header]
        for values, number, section in zip(table.rows, table.numbers, table.sections, strict=True):
            row: list[object] = [""] * len(header)
            for column, value in zip(columns, values, strict=True):
                row[column] = value
            row += [sheet.name] * with_sheet + [section] * with_section
            result.rows.append(row)
            result.row_numbers.append(position * ROWS_PER_SHEET + number)
            result.places.append(
                _place(sheet, number) if with_sheet else _("Zeile %(n)s") % {"n": number}
            )
        result.skipped += table.skipped
    if len(result.rows) > reading.MAX_ROWS:
        raise reading.too_many_rows()
    return result


def read_table(data: bytes, file_name: str, header_row: int | None = None) -> Table:
    """The file's list as one table; ``header_row`` is 1-based, else detected."""
    return build_table(read_sheets(data, file_name), header_row)
