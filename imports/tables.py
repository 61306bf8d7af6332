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
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.text import fold
from imports import mapping as m
from imports import profiles, reading, shapes
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
_NUMBER_TEXT = re.compile(r"^\s*\d[\d.,]*\s*$")
# "x = Kontakt in diesem Jahr", "grau hinterlegt = ruhender Kontakt": a sign explained.
_LEGEND_ENTRY = re.compile(r"^[^=]{1,40}?\s(?:=|:=)\s+\S")
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
    # What reading the sheet as a person sees it did, for the preview ("3 Zeilen …").
    notices: list[str] = field(default_factory=list)
    row_notes: dict[int, list[str]] = field(default_factory=dict)  # row key → notes
    hidden_rows: int = 0  # rows hidden or filtered out in the file, taken over as data

    def note(self, key: int, text: str) -> None:
        self.row_notes.setdefault(key, []).append(text)

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


def _is_empty(row: Sequence[object]) -> bool:
    return all(value in ("", None) for value in row)


def _filled(row: Sequence[object]) -> list[tuple[int, object]]:
    return [(index, value) for index, value in enumerate(row) if value not in ("", None)]


def _header_score(row: list[object], single: bool = False) -> int | None:
    """How much a row looks like a header: short texts only, words that name fields.
    ``single``: a one-column list's header, one cell that names a field."""
    cells = [value for _index, value in _filled(row)]
    periods = 0 if single else sum(1 for value in cells if shapes.is_period(value))
    if periods >= 2:  # a timeline's headings: "2015 | 2016", "Jan 17", dates
        cells = [value for value in cells if not shapes.is_period(value)]
        if not any(isinstance(v, str) and m.is_header_word(v) for v in cells):
            return None
    if single:
        if len(cells) != 1 or not isinstance(cells[0], str) or not m.is_header_word(cells[0]):
            return None
    elif len(cells) + periods < 2 or not all(isinstance(value, str) for value in cells):
        return None
    texts = [value for value in cells if isinstance(value, str)]  # every cell, by now
    if any(len(text) > 60 or _DATA_LIKE.search(text) for text in texts):
        return None
    return 3 * sum(m.is_header_word(text) for text in texts) + len(texts) + periods


def _footer_reason(row: list[object]) -> str:
    cells = _filled(row)
    first = cells[0][1] if cells else ""
    if isinstance(first, str) and _FOOTER.match(fold(first)) and (len(cells) <= 2 or ":" in first):
        return _("Fußzeile oder Anmerkung")
    if cells and all(isinstance(v, int | float) for _i, v in cells):
        return _("Summenzeile (nur Zahlen)")
    if 0 < len(cells) <= 2 and all(isinstance(v, str) and _NUMBER_TEXT.match(v) for _i, v in cells):
        return _("Summenzeile (nur Zahlen)")  # as a CSV file writes it: "12" below the table
    if len(cells) <= 2 and isinstance(first, str) and _LEGEND_ENTRY.match(first):
        return _("Legende (Erklärung eines Zeichens oder einer Farbe)")
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
    sheet: RawSheet, upper_index: int, lower: Sequence[object], width: int
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
        elif (
            low
            and not m.is_sub_field(str(low))
            and m.is_header_word(str(low))
            and not shapes.is_period(low)
        ):
            # Without merges, a group goes on over its sub-fields and over what its columns
            # mark (Handlungsfelder: Familie | Beratung), not over another heading.
            carry = ""
        group = str(up) or carry
        if group and low:
            names.append(f"{group} {low}")
        else:
            names.append(str(low or group))
    return names


def _is_sub_header(
    row: list[object],
    upper: Sequence[object] | None = None,
    spans: dict[int, tuple[int, int]] | None = None,
) -> bool:
    """A second header row: headings only (Name | Tel. | Mail), or periods (2015 | 2016) –
    or, under group headings of the row above ("Themen" over Familie | Beratung), mostly
    headings with the names of what each column of a group marks."""
    cells = _filled(row)
    if len(cells) >= 2 and all(shapes.is_period(v) for _i, v in cells):
        return True
    periods = {i for i, v in cells if shapes.is_period(v)}
    if len(cells) < 2 or not all(
        isinstance(v, str) and len(v) <= 60 and not _DATA_LIKE.search(v)
        for i, v in cells
        if i not in periods
    ):
        return False
    heading = periods | {i for i, v in cells if m.is_header_word(str(v))}
    if len(heading) == len(cells):
        return len(heading) > len(periods) or len(periods) >= 2
    if upper is None:
        return False
    spans = spans or {}
    if len(heading) * 2 < len(cells) and not _under_field_groups(
        row, upper, spans, [i for i, _v in cells if i not in heading]
    ):
        return False

    def blank(column: int) -> bool:
        return column >= len(upper) or upper[column] in ("", None)

    def in_group(column: int) -> bool:
        if blank(column):  # under a group heading's blank continuation
            return any(not blank(c) for c in range(column))
        span = spans.get(column)
        return bool(span and span[1] > span[0]) or (
            blank(column + 1) and column + 1 < len(row) and row[column + 1] not in ("", None)
        )

    return all(in_group(i) for i, _v in cells if i not in heading)


def _under_field_groups(
    row: list[object],
    upper: Sequence[object],
    spans: dict[int, tuple[int, int]],
    columns: list[int],
) -> bool:
    """The names of what a group's columns mark ("Handlungsfelder" merged over Familie |
    Beratung | Senioren): each cell stands under a group heading that names a field, in a
    column that heading spans (merged, or blank beside it), and is no mark itself."""
    starts = sorted(c for c in range(len(upper)) if upper[c] not in ("", None))
    for column in columns:
        value = row[column]
        if m.is_mark(value) or m.is_blank_mark(value):
            return False
        start = max((c for c in starts if c <= column), default=None)
        if start is None or not m.is_header_word(str(upper[start])):
            return False
        span = spans.get(start)
        if span is not None and span[1] < column:
            return False
        if (
            span is None
            and start != column
            and any(upper[c] not in ("", None) for c in range(start + 1, column + 1))
        ):
            return False
        if (
            span is None
            and start == column
            and (column + 1 >= len(upper) or upper[column + 1] not in ("", None))
        ):
            return False  # a heading of one column only: no group
    return bool(columns)


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
    merged_rows: list[int] = field(default_factory=list)  # numbers of rows a merge filled
    hidden: list[int] = field(default_factory=list)  # numbers of hidden or filtered rows
    legend: list[str] = field(default_factory=list)  # names of the columns a legend made
    spread: set[str] = field(default_factory=set)  # columns named after a heading beside


def _place(sheet: RawSheet, number: int) -> str:
    if sheet.name:
        return _("Blatt „%(sheet)s“, Zeile %(n)s") % {"sheet": sheet.name, "n": number}
    return _("Zeile %(n)s") % {"n": number}


def _shorten(row: list[object]) -> str:
    text = " | ".join(str(value) for _i, value in _filled(row))
    return text if len(text) <= 80 else text[:79] + "…"


def _find_table(
    sheet: RawSheet, header_row: int | None, legend: shapes.Legend | None = None
) -> _SheetTable | None:
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
    header_cells: Sequence[object] = list(rows[index]) + [""] * (width - len(rows[index]))
    names_from_group = False
    # A second header row below (sub-fields under groups of the chosen one).
    below = index + 1
    if (
        below < len(rows)
        and _is_sub_header(rows[below], header_cells, _merged_spans(sheet, index))
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
    merged_rows = {number + 1 for number in shapes.fill_merged(sheet, index + 1)}
    body = rows[index + 1 :]
    used = [
        column
        for column in range(width)
        if header_cells[column] not in ("", None)
        or any(column < len(r) and r[column] not in ("", None) for r in body)
    ]
    header = _header_names([str(c) if c is not None else "" for c in header_cells], used)
    # Names of columns without a heading of their own (under a merged heading): no group.
    spread = {
        name
        for name, column in zip(header, used, strict=True)
        if column >= len(header_cells) or header_cells[column] in ("", None)
    }
    header_keys = [fold(name) for name in header]
    # Plain lower case is enough to see the header again and much cheaper than folding
    # every cell of a long list.
    header_lower = [str(name).strip().lower() for name in header]
    table = _SheetTable(header, [], [], [], index + 1, [], spread=spread)
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
    table.merged_rows = [n for n in table.numbers if n in merged_rows]
    hidden = sheet.layout.hidden_rows
    table.hidden = [n for n in table.numbers if n - 1 in hidden]
    if legend is not None:
        for name, marks in shapes.legend_columns(
            sheet, legend, [n - 1 for n in table.numbers], used
        ):
            table.header.append(name)
            table.legend.append(name)
            for row, mark in zip(table.rows, marks, strict=True):
                row.append(mark)
    return table


def _heading_above(rows: list[list[object]], index: int) -> str:
    """A sub-heading ("Behörden:") right above the first header: the first block's section."""
    above = next((r for r in reversed(rows[:index]) if not _is_empty(r)), None)
    cells = _filled(above) if above is not None else []
    if len(cells) == 1 and isinstance(cells[0][1], str) and cells[0][1].endswith(":"):
        return cells[0][1].rstrip(":").strip()
    return ""


# Words that name a group of organisations or a field, never one organisation: the
# vocabularies' words ("Schulen", "Vereine und Verbände", "Jugendhilfe") and the words lists
# use for the rest ("Sonstige", "Weitere Partner").
GROUP_WORDS = frozenset(
    {w for text in (*m.TYPE_SYNONYMS, *m.FIELD_SYNONYMS) for w in text.split()}
    | {"sonstige", "sonstiges", "weitere", "andere", "uebrige", "partner", "kooperationspartner",
       "netzwerkpartner", "kontakte", "mitglieder", "einrichtung", "einrichtungen", "akteure",
       "institution", "verband", "verbaende", "bereich", "senioren", "beratung", "integration",
       "gesundheit", "wohnen", "arbeit", "bildung", "oeffentlich", "kommunal", "kirchlich",
       "sozial", "freie", "frei", "privat", "gewerblich", "staatlich", "schulen", "kitas",
       "vereine", "behoerden", "aemter", "kirchen", "traeger", "unternehmen", "firmen",
       "betriebe", "initiativen", "verwaltung", "politik", "medien", "presse", "wirtschaft",
       "soziales", "kultur", "sport", "jugend", "familie", "kinder", "schule", "kita",
       "und", "u", "sowie", "oder"}  # fmt: skip
) - {
    # words that also name one organisation on their own ("Jobcenter", "Caritas")
    "jobcenter", "diakonie", "caritas", "awo", "paritaet", "landratsamt", "jugendamt",
    "sozialamt", "stadtverwaltung", "arbeitsagentur", "wbg", "pfarramt", "kirchengemeinde",
    "kirchgemeinde", "pfarrei", "moschee", "stadtrat", "kreistag", "gemeinderat", "ministerium",
    "landkreis", "stadt", "gemeinde", "ev", "e", "v", "gmbh", "ggmbh", "amt", "agentur",
    "fuer", "arbeit", "fraktion", "hort", "kindergarten", "grundschule", "beratungsstelle",
}  # fmt: skip
# In the plural every such word is a group again ("Kirchengemeinden", "Beratungsstellen").
_PLURAL_STEMS = frozenset(
    {w for text in (*m.TYPE_SYNONYMS, *m.FIELD_SYNONYMS) for w in text.split() if len(w) >= 4}
    | GROUP_WORDS
)
_PLURAL_ENDINGS = ("innen", "en", "er", "e", "n", "s", "liche", "lichen", "ische", "ischen")
_GROUP_TEXT = re.compile(r"^[^\d@/\\]{3,60}$")


def _is_group_word(word: str) -> bool:
    """A word of a group name, also in its plural, adjective or compound form ("Schulen",
    "Kindertagesstätten", "Öffentliche", "Bildungseinrichtungen")."""
    if word in GROUP_WORDS:
        return True
    stems = {
        word[: -len(e)] for e in _PLURAL_ENDINGS if word.endswith(e) and len(word) - len(e) >= 3
    }
    if stems & _PLURAL_STEMS:
        return True
    # a plural compound ending in a group word: "Bildungseinrichtungen", "Sportvereine"
    return any(
        len(stem) > len(w) + 2 and stem.endswith(w) and len(w) >= 4
        for stem in stems
        for w in GROUP_WORDS
    )


def is_group_heading(text: object) -> bool:
    """A cell that names a group of the list's entries – a type or field of organisations,
    in the plural or with "Sonstige" – and not one organisation: "Schulen", "Vereine und
    Verbände", "Öffentliche Einrichtungen", "Sonstige Partner"; "Grundschule Am Berg",
    "Stadtbibliothek" and "Tafel Suhl e. V." are organisations."""
    if not isinstance(text, str) or not _GROUP_TEXT.match(text.strip().rstrip(":")):
        return False
    words = fold(text).replace("&", " ").split()
    return 1 <= len(words) <= 5 and all(_is_group_word(word) for word in words)


def _is_sub_heading(
    sheet: RawSheet,
    rows: list[list[object]],
    row_index: int,
    filled: list[tuple[int, object]],
    header_keys: list[str],
    used: list[int],
) -> bool:
    """A single text above a block of the list: merged across it, ending in a colon, in
    bold, followed by the header again (tables stacked on one sheet), or the name of a
    group ("Schulen", "Vereine") alone in a row of a list whose rows fill several cells."""
    if len(filled) != 1 or not isinstance(filled[0][1], str):
        return False
    text = filled[0][1]
    if text.endswith(":"):
        return True
    span = _merged_spans(sheet, row_index).get(used[filled[0][0]])
    if span and span[1] - span[0] + 1 >= max(2, len(used) // 2):
        return True
    if _bold_over_rows(sheet, rows, row_index, used[filled[0][0]]):
        return True
    if len(used) >= 3 and is_group_heading(text):
        following = next((r for r in rows[row_index + 1 :] if not _is_empty(r)), None)
        if following is not None and len(_filled(following)) >= 2:
            return True
    following = next((r for r in rows[row_index + 1 :] if not _is_empty(r)), None)
    if following is None:
        return False
    keys = [fold(following[i]) if i < len(following) else "" for i in used]
    return sum(1 for k, h in zip(keys, header_keys, strict=True) if k and k == h) >= 2


def _bold_over_rows(sheet: RawSheet, rows: list[list[object]], row_index: int, column: int) -> bool:
    """A single text in bold above rows that fill several cells, not bold themselves: a
    sub-heading (an organisation with its persons below it). The look is read only here,
    for a row of one text."""
    following = next((i for i in range(row_index + 1, len(rows)) if not _is_empty(rows[i])), None)
    if following is None or len(_filled(rows[following])) < 2:
        return False
    looks = sheet.layout.cell_looks()
    here = looks.get((row_index, column))
    below = looks.get((following, column))
    return bool(here and here.bold and not (below and below.bold))


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
        legend = shapes.find_legend(sheet)
        legend_rows = _take_legend(sheet, legend)
        table = _find_table(sheet, None, legend)
        if table is not None and header_row is not None and not found:
            # The user's header row counts on the sheet where the list was found first.
            table = _find_table(sheet, header_row, legend)
        if table is not None and legend_rows:
            legend_names = ", ".join(f"„{name}“" for name in table.legend)
            reason = (
                _("Legende: die Formatierung ist als Spalte %(columns)s übernommen")
                % {"columns": legend_names}
                if legend_names
                else _("Legende: keine Zeile der Liste ist so formatiert")
            )
            table.skipped += [
                Skipped(_place(sheet, number), text, reason) for number, text in legend_rows
            ]
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
            if fold(name) not in index_of:
                index_of[fold(name)] = len(header)
                header.append(name)
    with_sheet = len(found) > 1
    with_section = any(any(t.sections) for _p, _s, t in found)
    extra = [SHEET_COLUMN] * with_sheet + [SECTION_COLUMN] * with_section
    if len(header) + len(extra) > reading.MAX_COLUMNS:
        raise too_many_columns()
    result = Table(header=header + extra, rows=[], header_row=found[0][2].header_row)
    result.sheets = summaries
    for position, sheet, table in found:
        columns = [index_of[fold(name)] for name in table.header]
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
    if program := profiles.recognise(result.header):
        result.notices.append(
            _(
                "Export aus %(program)s erkannt: eine Zeile je Person, die Firma ist die "
                "Organisation; private Angaben (Adresse privat, Geburtstag, Partner) werden "
                "nicht übernommen."
            )
            % {"program": program}
        )
    _as_seen(result, [(position, table) for position, _sheet, table in found])
    return result


def _take_legend(sheet: RawSheet, legend: shapes.Legend | None) -> list[tuple[int, str]]:
    """Blank the legend's cells – it explains the list, it is no part of it; (row number,
    text) of each row it stood in."""
    if legend is None:
        return []
    texts: dict[int, list[str]] = {}
    for r, c in legend.cells:
        value = sheet.rows[r][c]
        if value not in ("", None):
            texts.setdefault(r + 1, []).append(str(value))
        sheet.rows[r][c] = ""
    return [(number, " | ".join(parts)) for number, parts in sorted(texts.items())]


def _places(table: Table, indices: list[int]) -> str:
    shown = [table.places[i] for i in indices[:5]]
    return ", ".join(shown) + (" …" if len(indices) > 5 else "")


def _as_seen(table: Table, found: list[tuple[int, _SheetTable]]) -> None:
    """What a person reading the sheet takes in: merged cells, hidden rows, a timeline,
    persons continuing the organisation above, and column groups (``imports.shapes``)."""
    index_of_key = {key: i for i, key in enumerate(table.row_numbers)}
    merged = [
        index_of_key[position * ROWS_PER_SHEET + number]
        for position, sheet_table in found
        for number in sheet_table.merged_rows
    ]
    for i in merged:
        table.note(table.row_numbers[i], _("Wert aus einer verbundenen Zelle darüber"))
    if merged:
        table.notices.append(
            ngettext(
                "%(n)s Zeile liegt unter einer verbundenen Zelle und erhält deren Wert "
                "(%(places)s).",
                "%(n)s Zeilen liegen unter verbundenen Zellen und erhalten deren Wert "
                "(%(places)s).",
                len(merged),
            )
            % {"n": len(merged), "places": _places(table, merged)}
        )
    hidden = [
        index_of_key[position * ROWS_PER_SHEET + number]
        for position, sheet_table in found
        for number in sheet_table.hidden
    ]
    table.hidden_rows = len(hidden)
    for i in hidden:
        table.note(table.row_numbers[i], _("in der Datei ausgeblendet oder herausgefiltert"))
    if hidden:
        table.notices.append(
            ngettext(
                "%(n)s Zeile ist in der Datei ausgeblendet oder herausgefiltert; sie wird wie "
                "alle anderen übernommen (%(places)s).",
                "%(n)s Zeilen sind in der Datei ausgeblendet oder herausgefiltert; sie werden "
                "wie alle anderen übernommen (%(places)s).",
                len(hidden),
            )
            % {"n": len(hidden), "places": _places(table, hidden)}
        )
    _read_timeline(table)
    fixed = {i for i, name in enumerate(table.header) if name in (SHEET_COLUMN, SECTION_COLUMN)}
    spread = {name for _position, sheet_table in found for name in sheet_table.spread}
    if lines := shapes.join_name_lines(table.header, table.rows):
        table.notices.append(
            _(
                "Die Spalten „%(first)s“ und „%(second)s“ sind ein Name über zwei Zeilen: "
                "eine Rechtsform wird an den Namen gehängt, anderes kommt in die Notizen."
            )
            % {"first": lines[0], "second": lines[1]}
        )
    groups = shapes.find_groups(table.header, table.rows, spread)
    continued = shapes.continue_organisations(
        table.header,
        table.rows,
        table.row_numbers,
        groups.member_columns if groups and groups.persons else set(),
        fixed,
    )
    for i, above in continued:
        table.note(
            table.row_numbers[i],
            _("ohne Organisation: gehört zur Organisation darüber (%(place)s)")
            % {"place": table.places[above]},
        )
    if continued:
        table.notices.append(
            ngettext(
                "%(n)s Zeile nennt nur Ansprechpersonen und gehört zur Organisation darüber "
                "(%(places)s).",
                "%(n)s Zeilen nennen nur Ansprechpersonen und gehören zur Organisation "
                "darüber (%(places)s).",
                len(continued),
            )
            % {"n": len(continued), "places": _places(table, [i for i, _a in continued])}
        )
    if groups is not None:
        names = sorted({table.header[c] for c in groups.member_columns}, key=table.header.index)
        table.header, table.rows, table.row_numbers, table.places, added = shapes.unroll_groups(
            table.header, table.rows, table.row_numbers, table.places, groups
        )
        message = (
            _("Die Spalten %(columns)s sind %(n)s Gruppen: je Gruppe eine Ansprechperson.")
            if groups.persons
            else _("Die Spalten %(columns)s sind %(n)s Gruppen: je Gruppe eine Organisation.")
        )
        table.notices.append(
            message % {"columns": ", ".join(f"„{n}“" for n in names), "n": len(groups.columns)}
        )


def _read_timeline(table: Table) -> None:
    """Period columns become "Kontakt seit", "letzter Kontakt" (and "Verlauf" for what the
    cells said beyond a mark or a date)."""
    found = shapes.timeline(table.header, table.rows)
    if found is None:
        return
    taken = {fold(name) for i, name in enumerate(table.header) if i not in found.columns}
    added: list[tuple[str, Sequence[object]]] = [
        (shapes.SINCE_COLUMN, found.since),
        (shapes.LAST_COLUMN, found.last),
    ]
    if any(found.texts):
        added.append((shapes.TIMELINE_TEXT_COLUMN, found.texts))
    added = [
        (name if fold(name) not in taken else f"{name} (Zeitleiste)", values)
        for name, values in added
    ]
    at = found.columns[0]
    keep = [i for i in range(len(table.header)) if i not in found.columns]
    before = [i for i in keep if i < at]
    after = [i for i in keep if i > at]
    table.header = (
        [table.header[i] for i in before]
        + [name for name, _v in added]
        + [table.header[i] for i in after]
    )
    table.rows = [
        [row[i] for i in before] + [values[r] for _n, values in added] + [row[i] for i in after]
        for r, row in enumerate(table.rows)
    ]
    table.notices.append(
        _(
            "Die Spalten %(columns)s sind eine Zeitleiste: die früheste markierte Periode "
            "ergibt „Kontakt seit“, die späteste den letzten Kontakt."
        )
        % {"columns": ", ".join(f"„{name}“" for name in found.names)}
    )


def read_table(data: bytes, file_name: str, header_row: int | None = None) -> Table:
    """The file's list as one table; ``header_row`` is 1-based, else detected."""
    return build_table(read_sheets(data, file_name), header_row)
