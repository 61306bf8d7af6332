"""The sheet as a person sees it: what a reader takes in at a glance and a cell-by-cell
reader misses.

- a merged cell applies to every row it covers (``fill_merged``);
- a row with persons only (no organisation, no address) continues the organisation above
  (``continue_organisations``);
- numbered or repeated column groups ("Ansprechpartner 1 | Telefon 1 | Ansprechpartner 2 …")
  are one person – or one organisation – each (``unroll_groups``);
- columns that are periods ("2015 | 2016", "1. HJ 2016", "Jan 17", "Q3 2016") are a timeline:
  the earliest marked period is "Kontakt seit", the latest the last contact (``timeline``);
- formatting the sheet explains in words ("grün = aktiv", "fett = Steuerungsgruppe") is data,
  and the legend is no row (``find_legend`` and ``legend_values``).

Each step works on plain header names and rows (``imports.tables`` owns the Table) and says
what it did in German, for the preview.
"""

from __future__ import annotations

import colorsys
import datetime
import re
from collections import Counter
from collections.abc import Set
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from contacts.models import ContactStatus
from core.text import fold
from imports import mapping as m
from imports.layout import RGB, Look
from imports.reading import MONTHS, RawSheet, parse_date

# Names of the columns the reader adds – fixed German names, because a saved mapping refers
# to columns by name whatever language its user reads; the mapping knows them (its synonyms).
SINCE_COLUMN = "Kontakt seit"
LAST_COLUMN = "letzter Kontakt"
TIMELINE_TEXT_COLUMN = "Verlauf"
PERSON_PREFIX = "Ansprechperson"
GROUP_KEY = 10_000_000  # row keys of a row's further column groups: key + group × this


def _plain(text: object) -> str:
    """Lower case with umlauts spelled out, signs kept ("Grün = aktiv" → "gruen = aktiv")."""
    text = str(text).lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return " ".join(text.replace("ß", "ss").split())


# --- merged cells ----------------------------------------------------------------------------


def fill_merged(sheet: RawSheet, first_body_row: int) -> list[int]:
    """A cell merged over several rows below the header gives its value to every row it
    covers (in its first column). The 0-based rows that received a value."""
    filled: list[int] = []
    for (top, column), (bottom, _right) in sheet.merged:
        if bottom <= top or top < first_body_row or top >= len(sheet.rows):
            continue
        value = sheet.rows[top][column] if column < len(sheet.rows[top]) else ""
        if value in ("", None):
            continue
        for index in range(top + 1, min(bottom, len(sheet.rows) - 1) + 1):
            row = sheet.rows[index]
            if column >= len(row):
                row.extend([""] * (column + 1 - len(row)))
            if row[column] in ("", None):
                row[column] = value
                filled.append(index)
    return filled


# --- the legend: formatting explained in words ------------------------------------------------

COLOURS: dict[str, RGB] = {
    "gruen": (0, 176, 80), "hellgruen": (146, 208, 80), "dunkelgruen": (0, 100, 0),
    "rot": (255, 0, 0), "hellrot": (255, 150, 150), "dunkelrot": (192, 0, 0),
    "gelb": (255, 255, 0), "hellgelb": (255, 255, 153), "orange": (255, 165, 0),
    "blau": (0, 112, 192), "hellblau": (155, 194, 230), "dunkelblau": (0, 32, 96),
    "grau": (166, 166, 166), "hellgrau": (217, 217, 217), "dunkelgrau": (89, 89, 89),
    "lila": (112, 48, 160), "violett": (112, 48, 160), "rosa": (255, 192, 203),
    "pink": (255, 105, 180), "tuerkis": (64, 224, 208), "braun": (150, 75, 0),
    "green": (0, 176, 80), "red": (255, 0, 0), "yellow": (255, 255, 0), "blue": (0, 112, 192),
    "grey": (166, 166, 166), "gray": (166, 166, 166),
}  # fmt: skip
BOLD_WORDS = ("fett", "fettgedruckt", "bold")
_COLOUR_WORD = r"(?:hell|dunkel)?\s?-?(?:" + "|".join(
    sorted((c for c in COLOURS if not c.startswith(("hell", "dunkel"))), key=len, reverse=True)
) + r")(?:e|er|es|en)?"  # fmt: skip
_FORMAT = (
    rf"(?:(?:in|farbe)\s+)?(?P<format>{_COLOUR_WORD}|fett(?:\s?gedruckt)?(?:e|er|es|en)?|bold)"
    r"(?:\s+(?:markiert|hinterlegt|unterlegt|eingefaerbt|gefaerbt|gedruckt|geschrieben"
    r"|dargestellt|schrift|zeilen?|felder?|zellen?|eintraege|eintrag|partner|organisationen"
    r"|text|hintergrund)(?:e|er|es|en)?)*"
)
_ENTRY = re.compile(
    rf"^{_FORMAT}\s*(?:=|:|–|-|→|->|bedeutet|heisst|entspricht|steht fuer)\s*(?P<meaning>.+)$"
)
_LEGEND_PREFIX = re.compile(
    r"^(?:legende|farblegende|erklärung|erläuterung|farben)\b\s*:?\s*", re.I
)
_SEPARATOR = re.compile(
    r"\s*(?:=|:|–|→|->|\s-\s|\bbedeutet\b|\bheißt\b|\bentspricht\b|\bsteht für\b)\s*", re.I
)
_LEGEND_WORD = re.compile(r"^(?:legende|farblegende|erklaerung|farben|erlaeuterung)\b\s*:?\s*")
_SPLIT_ENTRIES = re.compile(r"\s*(?:[,;\n|]|\s{2,})\s*")


@dataclass
class LegendEntry:
    format: str  # "bold", or a colour's key ("gruen", "hellblau")
    meaning: str
    colour: RGB | None = None  # the colour that stands for it, if the legend shows one


@dataclass
class Legend:
    entries: list[LegendEntry] = field(default_factory=list)
    cells: list[tuple[int, int]] = field(default_factory=list)  # where the legend stands


def _format_key(word: str) -> str:
    word = fold(word).replace(" ", "").replace("-", "")
    if word.startswith(("fett", "bold")):
        return "bold"
    return re.sub(r"(e|er|es|en)$", "", word) if word not in COLOURS else word


def _entries_in(text: str) -> list[LegendEntry] | None:
    """The legend entries a text cell states ("grün = aktiv, rot = beendet"), or None."""
    body = _LEGEND_PREFIX.sub("", text.strip())
    entries = []
    for part in _SPLIT_ENTRIES.split(body):
        if not part:
            continue
        match = _ENTRY.match(_plain(part))
        if not match:
            return None
        key = _format_key(match["format"])
        if key != "bold" and key not in COLOURS:
            return None
        meaning = _SEPARATOR.split(part, maxsplit=1)
        if len(meaning) < 2 or not meaning[1].strip():
            return None
        entries.append(LegendEntry(key, meaning[1].strip()))
    return entries or None


_LEGEND_STARTS = (
    *(c.replace("ue", "ü") for c in COLOURS),
    *COLOURS,
    "hell", "dunkel", "fett", "bold", "lege", "farb", "erkl", "erläu",
)  # fmt: skip


def _may_be_legend(text: str) -> bool:
    """A quick look before the regular expressions: a sign between format and meaning (or
    a heading like "Legende"), and a colour or "fett" among the first words."""
    if not (
        "=" in text
        or ":" in text
        or "–" in text
        or " - " in text
        or "→" in text
        or " bedeutet " in text
        or text[:4].lower() in ("lege", "farb", "erkl", "erlä")
    ):
        return False
    head = text[:40].lower().replace(":", " ").replace("-", " ").split()[:4]
    return any(word.startswith(_LEGEND_STARTS) for word in head)


def find_legend(sheet: RawSheet) -> Legend | None:
    """The sheet's legend: cells that say what a colour or bold type means ("grün = aktiv",
    "Legende: fett = Steuerungsgruppe"), or cells under a "Legende" heading that show the
    colour they explain. Only then are the cells' looks read."""
    legend = Legend()
    headings: list[tuple[int, int]] = []
    for r, row in enumerate(sheet.rows):
        for c, value in enumerate(row):
            if not isinstance(value, str) or not value or len(value) > 200:
                continue
            if not _may_be_legend(value):  # cheap: most cells are names and places
                continue
            if entries := _entries_in(value):
                legend.entries += entries
                legend.cells.append((r, c))
            elif _LEGEND_WORD.fullmatch(_plain(value).strip()):
                headings.append((r, c))
                legend.cells.append((r, c))
    if not legend.entries and not headings:
        return None
    looks = sheet.layout.cell_looks()
    for r, c in headings:  # coloured cells below or beside the heading
        for rr, cc in [(r + k, c) for k in range(1, 9)] + [(r, c + k) for k in range(1, 9)]:
            look = looks.get((rr, cc))
            text = _text_at(sheet, rr, cc)
            if look is None or look.fill is None or _is_white(look.fill):
                if look is None and not text:
                    continue
                if look is None or look.fill is None:
                    break
            meaning = text or _text_at(sheet, rr, cc + 1)
            if not meaning or len(meaning) > 60:
                break
            legend.entries.append(LegendEntry("", meaning, look.fill))
            legend.cells.append((rr, cc))
            if not text:
                legend.cells.append((rr, cc + 1))
    for entry in legend.entries:
        if entry.colour is None and entry.format != "bold":
            entry.colour = COLOURS[entry.format]
    return legend if legend.entries else None


def _text_at(sheet: RawSheet, r: int, c: int) -> str:
    if (
        r < len(sheet.rows)
        and c < len(sheet.rows[r])
        and isinstance(value := sheet.rows[r][c], str)
    ):
        return value.strip()
    return ""


def _hls(rgb: RGB) -> tuple[float, float, float]:
    return colorsys.rgb_to_hls(*(c / 255 for c in rgb))


def _is_white(rgb: RGB) -> bool:
    return _hls(rgb)[1] > 0.97


def _distance(a: RGB, b: RGB) -> float:
    ha, la, sa = _hls(a)
    hb, lb, sb = _hls(b)
    chromatic_a, chromatic_b = sa > 0.2 and 0.08 < la < 0.96, sb > 0.2 and 0.08 < lb < 0.96
    if chromatic_a != chromatic_b:
        return 1000
    if not chromatic_a:
        return 150 * abs(la - lb)
    hue = abs(ha - hb) * 360
    return min(hue, 360 - hue) + 60 * abs(la - lb)


def _meaning_of(look: Look, legend: Legend) -> str:
    if look.fill is None or _is_white(look.fill):
        return ""
    scored = [
        (_distance(look.fill, entry.colour), entry.meaning)
        for entry in legend.entries
        if entry.colour is not None
    ]
    best = min(scored, default=None)
    return best[1] if best and best[0] < 60 else ""


# Words of a legend that name a status or an intensity (the meaning, not a cell's value).
STATUS_WORDS = {
    "aktiv": "active", "active": "active", "laufend": "active", "laufende": "active",
    "ruhend": "dormant", "ruht": "dormant", "ruhen": "dormant", "pausiert": "dormant",
    "dormant": "dormant", "beendet": "ended", "inaktiv": "ended", "ended": "ended",
    "abgeschlossen": "ended", "ausgelaufen": "ended", "kein kontakt mehr": "ended",
    "nicht mehr aktiv": "ended",
}  # fmt: skip
INTENSITY_WORDS = ("gelegentlich", "selten", "regelmaessig", "haeufig", "sehr eng", "eng",
                   "intensiv")  # fmt: skip
STATUS_VALUES = {
    ContactStatus.ACTIVE: "aktiv", ContactStatus.DORMANT: "ruhend", ContactStatus.ENDED: "beendet"
}  # fmt: skip
STEERING_WORDS = ("steuerungsgruppe", "steuerungskreis", "lenkungskreis", "lenkungsgruppe", "stg")


def _column_for(meanings: list[str]) -> tuple[str, dict[str, str]]:
    """The column a legend's meanings fill, and each meaning's value in it."""
    keys = {meaning: fold(meaning) for meaning in meanings}
    if all(any(w in k.split() or w in k for w in STEERING_WORDS) for k in keys.values()):
        return "Steuerungsgruppe laut Formatierung", dict.fromkeys(meanings, "ja")
    status: dict[str, str] = {}
    for meaning, k in keys.items():
        found = next((w for w in sorted(STATUS_WORDS, key=len, reverse=True) if w in k), None)
        if found:
            status[meaning] = STATUS_VALUES[ContactStatus(STATUS_WORDS[found])]
    if status and len(status) == len(meanings):
        return "Status laut Farbe", status
    intensity = {
        meaning: next(w for w in INTENSITY_WORDS if w in k.split() or w == k)
        for meaning, k in keys.items()
        if any(w in k.split() or w == k for w in INTENSITY_WORDS)
    }
    if intensity and len(intensity) == len(meanings):
        return "Intensität laut Farbe", intensity
    return "Markierung laut Legende", {meaning: meaning for meaning in meanings}


def legend_columns(
    sheet: RawSheet, legend: Legend, row_indices: list[int], columns: list[int]
) -> list[tuple[str, list[str]]]:
    """Columns the legend's formatting makes: (name, value per table row). A row's colour is
    the legend colour most of its cells show; bold where any of its filled cells is bold."""
    looks = sheet.layout.cell_looks()
    result = []
    fills = [e for e in legend.entries if e.format != "bold"]
    bolds = [e for e in legend.entries if e.format == "bold"]
    if fills:
        name, values = _column_for([e.meaning for e in fills])
        column = []
        for r in row_indices:
            meanings = Counter(
                meaning
                for c in columns
                if (look := looks.get((r, c))) and (meaning := _meaning_of(look, legend))
            )
            column.append(values.get(meanings.most_common(1)[0][0], "") if meanings else "")
        result.append((name, column))
    for entry in bolds:
        name, values = _column_for([entry.meaning])
        column = []
        for r in row_indices:
            bold = any(
                (look := looks.get((r, c))) and look.bold and _text_at_any(sheet, r, c)
                for c in columns
            )
            column.append(values[entry.meaning] if bold else "")
        result.append((name, column))
    return [(name, column) for name, column in result if any(column)]


def _text_at_any(sheet: RawSheet, r: int, c: int) -> bool:
    return r < len(sheet.rows) and c < len(sheet.rows[r]) and sheet.rows[r][c] not in ("", None)


# --- timelines: a column per period ----------------------------------------------------------

_YEAR = r"((?:19|20)\d{2}|'?\d{2})"
_HALF = re.compile(
    rf"^(?:(?P<n1>[12]|i{{1,2}})\s*\.?\s*(?:hj|halbjahr|haelfte|halbj|h)\.?\s*{_YEAR}"
    rf"|(?:hj|h|halbjahr)\s*(?P<n2>[12])\s*[/ -]?\s*{_YEAR}"
    rf"|{_YEAR}\s*[/ -]?\s*(?:hj|h)\s*(?P<n3>[12]))$"
)
_QUARTER = re.compile(
    rf"^(?:(?P<n1>[1-4])\s*\.?\s*(?:quartal|q|qu)\.?\s*{_YEAR}"
    rf"|q\s*(?P<n2>[1-4])\s*[/ -]?\s*{_YEAR}"
    rf"|{_YEAR}\s*[/ -]?\s*q\s*(?P<n3>[1-4]))$"
)
_MONTH_NAME = re.compile(rf"^(?P<month>[a-z]+)\.?\s*[/ -]?\s*{_YEAR}$")
_MONTH_NUMBER = re.compile(r"^(?P<month>\d{1,2})\s*[/.-]\s*(?P<year>(?:19|20)\d{2})$")
_YEAR_PART = re.compile(r"^(?P<year>(?:19|20)\d{2})\s*/\s*(?P<part>\d{1,2})$")
_ISO_MONTH = re.compile(r"^(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})(?:-01)?(?: 00:00:00)?$")


@dataclass(frozen=True)
class Period:
    start: datetime.date
    months: int  # 12, 6, 3 or 1

    def text(self) -> str:
        """As a date of its precision: "2016" for a year, "07/2016" for later periods."""
        if self.months == 12:
            return str(self.start.year)
        return f"{self.start.month:02d}/{self.start.year}"


def _year(text: str) -> int:
    text = text.lstrip("'")
    year = int(text)
    return year if year > 100 else 2000 + year if year < 70 else 1900 + year


def period_of(value: object) -> Period | None:
    """A header that names a period: a year, half-year, quarter or month."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return Period(value.replace(day=1), 1) if value.day == 1 else None
    if isinstance(value, int) and 1990 <= value <= 2100:
        return Period(datetime.date(value, 1, 1), 12)
    text = _plain(str(value)).strip().rstrip(":").strip()  # "2015:" under a header with colons
    if re.fullmatch(r"(?:19|20)\d{2}", text):
        return Period(datetime.date(int(text), 1, 1), 12)
    for pattern, months, count in ((_HALF, 6, {"i": 1, "ii": 2}), (_QUARTER, 3, {})):
        if match := pattern.match(text):
            groups = [g for g in match.groups() if g]
            number = next(g for g in (match["n1"], match["n2"], match["n3"]) if g)
            year = next(g for g in groups if g != number)
            number = count.get(number) or int(number)
            return Period(datetime.date(_year(year), (number - 1) * months + 1, 1), months)
    if (match := _MONTH_NAME.match(text)) and match["month"] in _MONTH_KEYS:
        return Period(datetime.date(_year(match[2]), _MONTH_KEYS[match["month"]], 1), 1)
    if (match := _YEAR_PART.match(text)) and 1 <= int(match["part"]) <= 12:
        # "2009/1": half-year, quarter or month – the timeline decides by the largest part.
        return Period(datetime.date(int(match["year"]), int(match["part"]), 1), 0)
    if (match := _MONTH_NUMBER.match(text) or _ISO_MONTH.match(text)) and 1 <= int(
        match["month"]
    ) <= 12:
        return Period(datetime.date(int(match["year"]), int(match["month"]), 1), 1)
    return None


_MONTH_KEYS = {fold(name): number for name, number in MONTHS.items()} | {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "mrz": 3,
    "may": 5, "june": 6, "july": 7, "oct": 10, "october": 10, "dec": 12, "december": 12,
    "maerz": 3, "mae": 3,
}  # fmt: skip


def _split_period(name: str) -> tuple[str, Period] | None:
    """ "Kontakte 2016" → ("kontakte", 2016); the period is the name's end."""
    if (period := period_of(name)) is not None:
        return "", period
    words = str(name).split()
    for cut in range(max(1, len(words) - 3), len(words)):  # the period: the last 1–3 words
        if (period := period_of(" ".join(words[cut:]))) is not None:
            return fold(" ".join(words[:cut])), period
    return None


def is_period(value: object) -> bool:
    return period_of(value) is not None


@dataclass
class Timeline:
    columns: list[int]  # the period columns, replaced
    since: list[object]  # per row: "Kontakt seit" (a date, or a period's text)
    last: list[object]  # per row: the last contact
    texts: list[str]  # per row: what the cells said beyond a mark or a date
    names: list[str]  # the period columns' names


def timeline(header: list[str], rows: list[list[object]]) -> Timeline | None:
    """Columns headed by periods of one kind (years, half-years, quarters or months) whose
    cells are marks, dates or short notes: a contact's history over time."""
    found: dict[tuple[str, int], list[tuple[int, Period]]] = {}
    for index, name in enumerate(header):
        if (split := _split_period(name)) is not None:
            found.setdefault(("", split[1].months), []).append((index, split[1]))
            if split[0]:
                found.setdefault((split[0], split[1].months), []).append((index, split[1]))
    for group_key in [k for k in found if k[1] == 0]:
        parts = found.pop(group_key)
        largest = max(period.start.month for _i, period in parts)
        months = 6 if largest <= 2 else 3 if largest <= 4 else 1
        found[(group_key[0], months)] = found.get((group_key[0], months), []) + [
            (index, Period(p.start.replace(month=(p.start.month - 1) * months + 1), months))
            for index, p in parts
        ]
    # One kind of period, each period once; by the heading above them where two timelines
    # share a sheet ("Treffen 2015 … Förderung 2015 …").
    candidates = [
        columns
        for columns in found.values()
        if len(columns) >= 2 and len({period for _i, period in columns}) == len(columns)
    ]
    best = max(candidates, key=len, default=[])
    if not best:
        return None
    columns = [index for index, _p in best]
    for index in columns:  # the cells must be marks, dates or short notes – not names
        values = [row[index] for row in rows if row[index] not in ("", None)]
        long = sum(1 for v in values if isinstance(v, str) and len(v) > 40)
        if long > len(values) / 2:
            return None
    result = Timeline(columns, [], [], [], [header[i] for i in columns])
    for row in rows:
        marked: list[tuple[datetime.date, object, object]] = []  # (sort key, since, last)
        texts = []
        for index, period in best:
            value = row[index]
            if value in ("", None) or (isinstance(value, str) and m.is_blank_mark(value)):
                continue
            if isinstance(value, int | float) and not isinstance(value, bool) and value <= 0:
                continue
            when: object = period.text()
            sort_key = period.start
            if isinstance(value, datetime.datetime | datetime.date):
                when = value.date() if isinstance(value, datetime.datetime) else value
                sort_key = when
            elif isinstance(value, str) and not m.is_mark(value):
                try:
                    date = parse_date(value)
                except ValueError:
                    date = None
                if date is not None and date.year == period.start.year:
                    when, sort_key = date, date
                else:
                    texts.append(f"{header[index]}: {value}")
            marked.append((sort_key, when, when))
        marked.sort(key=lambda entry: entry[0])
        result.since.append(marked[0][1] if marked else "")
        result.last.append(marked[-1][2] if marked else "")
        result.texts.append("; ".join(texts))
    return result


# --- column groups: a person (or an organisation) per group ----------------------------------

_GROUP_NUMBER = re.compile(r"(?:(?<=\s)|^|(?<=[a-zäöüß.]))(?:nr\.?\s*|#)?([1-9])\.?(?=\s|$|:)")


def _numbered(name: str) -> tuple[str, int] | None:
    """ "Telefon 2" → ("telefon", 2), "2. Ansprechpartner" → ("ansprechpartner", 2)."""
    text = str(name).strip().lower()
    matches = list(_GROUP_NUMBER.finditer(text))
    if len(matches) != 1:
        return None
    match = matches[0]
    base = fold(text[: match.start()] + " " + text[match.end() :])
    return (base, int(match[1])) if base else None


def _without_number(name: str) -> str:
    """ "Partner 1" → "Partner", as it is written."""
    text = str(name).strip()
    matches = list(_GROUP_NUMBER.finditer(text.lower()))
    if len(matches) != 1:
        return text
    return " ".join((text[: matches[0].start()] + " " + text[matches[0].end() :]).split())


@dataclass
class Groups:
    columns: dict[int, dict[str, int]]  # group number → base name → column
    names: dict[str, str]  # base name → the name of its column in the unrolled table
    persons: bool  # persons of one organisation (else: separate organisations)
    order: list[str] = field(default_factory=list)  # the group's columns, left to right

    @property
    def member_columns(self) -> set[int]:
        return {c for group in self.columns.values() for c in group.values()}


PERSON_NAMES = {
    "person_name": "Name", "person_first_name": "Vorname", "phone": "Telefon",
    "person_phone": "Telefon", "email": "E-Mail", "person_email": "E-Mail",
    "person_function": "Funktion", "fax": "Fax",
}  # fmt: skip
_PHONE_OR_MAIL = re.compile(r"@|^[+0(][\d\s/()-]{5,}$")


def _role(display: str, base: str) -> str:
    """What a column of a group holds, by its name without the number: the field the
    mapping reads in it ("Kontaktperson 2 Durchwahl" → the person's phone), else the name."""
    return m.suggest([display]).get(display) or base


def find_groups(
    header: list[str], rows: list[list[object]], spread: Set[str] = frozenset()
) -> Groups | None:
    """Numbered or repeated column groups: "Ansprechpartner 1 | Tel. 1 | Ansprechpartner 2 |
    Tel. 2", "Kontaktperson 1 Name …" under a two-row header, or "Name | Telefon | Name 2 |
    Telefon 2" (a repeated heading, numbered by the reader). A group is the columns of one
    number around its person's (or organisation's) name. ``spread``: columns without a
    heading of their own, named after the one beside them – one field in several columns."""
    numbered = {
        index: split
        for index, name in enumerate(header)
        if name not in spread and (split := _numbered(name))
    }
    if not numbered:
        return None
    bases = {base for base, _n in numbered.values()}
    display: dict[int, str] = {}
    number_of: dict[int, int] = {}
    for index, name in enumerate(header):
        if index in numbered:
            display[index], number_of[index] = _without_number(name), numbered[index][1]
        elif name not in spread and fold(name) in bases:
            display[index], number_of[index] = name, 1  # the unnumbered first group
    common = [name for index, name in enumerate(header) if index not in display]
    codes = m.suggest(common)
    with_organisation = "organisation" in codes.values()
    role = {index: _role(name, fold(name)) for index, name in display.items()}
    if with_organisation:  # "Name 2" beside the organisation's column is a person's name
        organisation_words = set(m.BY_CODE["organisation"].synonyms) | set(m.SURNAMES)
        for index, name in display.items():
            if role[index] == "organisation" or fold(name) in organisation_words:
                role[index] = "person_name"
    leads = ("person_name", "person_first_name") if with_organisation else ("organisation",)
    groups: dict[int, dict[str, int]] = {}
    for index in sorted(display):
        number = number_of[index]
        if role[index] not in leads or number in groups:
            continue
        group = {role[index]: index}
        for step in (-1, 1):  # the columns of the same number beside it
            other = index + step
            while other in display and number_of[other] == number:
                group.setdefault(role[other], other)
                other += step
        groups[number] = group
    if len(groups) < 2:
        return None
    if not with_organisation and all(len(group) == 1 for group in groups.values()):
        return None  # "Name 1 | Name 2" alone: one name over two lines (``name_lines``)
    # Interleaved ("Name 1 | Name 2 | Tel. 1 | Tel. 2"): a person's further fields by number.
    spread_roles = Counter(
        role[i] for i in display if number_of[i] in groups and role[i] not in leads
    )
    for index in sorted(display):
        number, what = number_of[index], role[index]
        if (
            number in groups
            and what not in groups[number]
            and index not in {c for g in groups.values() for c in g.values()}
            and spread_roles[what] >= 2
            and (not with_organisation or what in PERSON_CODES)
        ):
            groups[number][what] = index
    order = sorted(
        {what for group in groups.values() for what in group},
        key=lambda what: min(g[what] for g in groups.values() if what in g),
    )
    if with_organisation:
        lead = next(what for what in order if what in leads)
        if not _names_look_like_names(rows, groups, lead):
            return None
        names: dict[str, str] = {}
        for what in order:
            name = f"{PERSON_PREFIX} {PERSON_NAMES[what]}" if what in PERSON_NAMES else ""
            if not name or name in names.values():  # "Telefon 1" and "Mobil 1": both phones
                column = min(g[what] for g in groups.values() if what in g)
                name = f"{display[column]} ({PERSON_PREFIX})"
            names[what] = name
        return Groups(groups, names, persons=True, order=order)
    taken = {fold(name) for name in common}
    names = {}
    for what in order:
        column = min(g[what] for g in groups.values() if what in g)
        names[what] = (
            display[column] if fold(display[column]) not in taken else f"{display[column]} *"
        )
    return Groups(groups, names, persons=False, order=order)


def _names_look_like_names(
    rows: list[list[object]], groups: dict[int, dict[str, int]], lead: str
) -> bool:
    """A person's column holds names, not the phone numbers or addresses of a merged header."""
    for group in groups.values():
        if lead not in group:
            continue
        values = [str(row[group[lead]]) for row in rows if row[group[lead]] not in ("", None)]
        if values and sum(1 for v in values if _PHONE_OR_MAIL.search(v)) > len(values) / 2:
            return False
    return True


# --- a name over two lines: "Name 1 | Name 2" ----------------------------------------------

NAME_ADDITION_COLUMN = m.NAME_ADDITION_COLUMN
_LEGAL_FORM = re.compile(
    r"^(?:e\.\s?V\.?|ev|g?gmbh|mbh|g?ug(?:\s*\(haftungsbeschr(?:ä|ae)nkt\))?|e\.\s?g\.?|eg|"
    r"g?ag|kg|gbr|ohg|kdör|gmbh\s*&\s*co\.?\s*kg|e\.\s?k\.?)$",
    re.I,
)


def is_legal_form(text: object) -> bool:
    """ "e.V.", "gGmbH", "UG (haftungsbeschränkt)": a legal form standing alone."""
    return bool(_LEGAL_FORM.match(" ".join(str(text).split())))


def name_lines(header: list[str]) -> tuple[int, int] | None:
    """The columns of an organisation's name written over two lines, as accounting and
    address programs export it ("Name 1 | Name 2", "Firma 1 | Firma 2"): two numbered
    columns side by side whose heading names the organisation, with no third – not two
    organisations (a group of organisations has more than its name)."""
    numbered = {i: split for i, name in enumerate(header) if (split := _numbered(name))}
    for i, (base, number) in numbered.items():
        if number != 1 or numbered.get(i + 1) != (base, 2):
            continue
        if any(b == base and n > 2 for b, n in numbered.values()):
            continue
        display = _without_number(header[i])
        if m.suggest([display]).get(display) == "organisation":
            return i, i + 1
    return None


def join_name_lines(header: list[str], rows: list[list[object]]) -> tuple[str, str, int] | None:
    """The second line of a name joined to the first where it is the legal form ("e.V."),
    else kept under ``NAME_ADDITION_COLUMN`` for the notes ("Inh. Jens Recknagel", "Amt für
    Kultur") – never a second organisation. Returns the two columns' names and how many rows
    had a second line."""
    found = name_lines(header)
    if found is None:
        return None
    first, second = found
    names = (header[first], header[second])
    header[second] = NAME_ADDITION_COLUMN
    count = 0
    for row in rows:
        if second >= len(row) or row[second] in ("", None) or not str(row[second]).strip():
            continue
        count += 1
        addition = " ".join(str(row[second]).split())
        name = " ".join(str(row[first]).split()) if first < len(row) and row[first] else ""
        if not name:
            row[first], row[second] = addition, ""
        elif is_legal_form(addition):
            row[first], row[second] = f"{name} {addition}", ""
    return (*names, count)


# --- rows that continue the organisation above ----------------------------------------------

IDENTITY_CODES = ("organisation", "organisation_type", "street", "postcode", "city",
                  "postcode_city", "website")  # fmt: skip
PERSON_CODES = ("person_name", "person_first_name", "person_function", "person_phone",
                "person_email", "phone", "email", "fax")  # fmt: skip


def continue_organisations(
    header: list[str],
    rows: list[list[object]],
    keys: list[int],
    person_columns: set[int],
    fixed_columns: set[int],
) -> list[tuple[int, int]]:
    """Rows with persons only – no organisation, no address, but a person, phone or e-mail –
    belong to the organisation above them (in the same sheet and section): its identifying
    columns are filled in. Returns (row, row it continues) pairs; a row with no organisation
    above keeps its blank for the engine to report."""
    codes = m.suggest(header)
    identity = [i for i, name in enumerate(header) if codes.get(name) in IDENTITY_CODES]
    organisation = next(
        (i for i, name in enumerate(header) if codes.get(name) == "organisation"), None
    )
    persons = person_columns | {
        i for i, name in enumerate(header) if codes.get(name) in PERSON_CODES
    }
    if organisation is None:  # a heading the synonyms do not know ("Bezeichnung")
        organisation = _organisation_by_content(rows, set(identity) | persons | fixed_columns)
        if organisation is None:
            return []
        identity.append(organisation)
    named = person_columns | {
        i for i, name in enumerate(header) if codes.get(name, "").startswith("person_")
    }
    if named and min(named) < organisation:
        # Persons first, the organisation after them: an address book's export, a person per
        # row – a blank company is a private person, not the company above.
        return []
    continued: list[tuple[int, int]] = []
    above: int | None = None
    for index, row in enumerate(rows):
        if row[organisation] not in ("", None):
            above = index
            continue
        filled = {i for i, value in enumerate(row) if value not in ("", None)} - fixed_columns
        if any(row[i] not in ("", None) for i in identity):
            above = None  # an organisation without a name: the engine reports it
            continue
        if (
            above is None
            or not filled
            or not filled & persons
            or keys[above] // SHEET_KEY != keys[index] // SHEET_KEY
            or any(rows[above][i] != row[i] for i in fixed_columns)
        ):
            continue
        for i in identity:
            row[i] = rows[above][i]
        continued.append((index, above))
    return continued


SHEET_KEY = 100_000  # tables.ROWS_PER_SHEET: rows of different sheets never continue
_NOT_A_NAME = re.compile(r"@|^\+?[\d\s/()–-]{5,}$|^https?:|^www\.|^\d{1,2}\.\d{1,2}\.\d{2,4}$")


def _organisation_by_content(rows: list[list[object]], taken: set[int]) -> int | None:
    """The leftmost column that reads like names of organisations: texts with letters, no
    e-mails, phones, addresses of the web or dates, mostly different from each other."""
    if not rows:
        return None
    for index in range(len(rows[0])):
        if index in taken:
            continue
        values = [row[index] for row in rows if row[index] not in ("", None)]
        texts = [
            v for v in values
            if isinstance(v, str) and len(re.findall(r"[^\W\d_]", v)) >= 3
            and not _NOT_A_NAME.search(v.strip())
        ]  # fmt: skip
        if (
            len(values) >= 2
            and len(texts) >= 0.8 * len(values)
            and len(set(texts)) >= 0.5 * len(texts)
            and len(values) < len(rows)
        ):
            return index
        if values and not all(str(v).strip().rstrip(".").isdigit() for v in values):
            return None  # the first filled column (but a running number) is no names: no guess
    return None


def unroll_groups(
    header: list[str],
    rows: list[list[object]],
    keys: list[int],
    places: list[str],
    groups: Groups,
) -> tuple[list[str], list[list[object]], list[int], list[str], int]:
    """One row per filled column group, the other columns repeated: the engine makes the
    rows of one organisation one contact with several persons, and rows of several
    organisations several contacts. Returns the new header, rows, keys, places and the
    number of rows added."""
    members = groups.member_columns
    start = min(members)
    new_header: list[str] = []
    layout: list[int | str] = []  # a column's index, or a group's base name
    for index, name in enumerate(header):
        if index == start:
            for base in groups.order:
                new_header.append(groups.names[base])
                layout.append(base)
        if index not in members:
            new_header.append(name)
            layout.append(index)
    new_rows, new_keys, new_places = [], [], []
    added = 0
    for row, key, place in zip(rows, keys, places, strict=True):
        present = [
            number
            for number in sorted(groups.columns)
            if any(row[c] not in ("", None) for c in groups.columns[number].values())
        ] or [min(groups.columns)]
        for position, number in enumerate(present):
            group = groups.columns[number]
            new_rows.append(
                [
                    row[what]
                    if isinstance(what, int)
                    else row[group[what]]
                    if what in group
                    else ""
                    for what in layout
                ]
            )
            if position == 0:
                new_keys.append(key)
                new_places.append(place)
                continue
            added += 1
            new_keys.append(key + number * GROUP_KEY)
            label = _("%(n)s. Ansprechperson") if groups.persons else _("%(n)s. Organisation")
            new_places.append(f"{place}, {label % {'n': number}}")
    return new_header, new_rows, new_keys, new_places, added
