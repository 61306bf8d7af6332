"""One parser per target field: a cell's text as far as a careful person reads it.

Every parser is a pure function of the cell (and, for vocabularies, a lookup) and returns a
``Parsed`` – the field's value, its precision, further fields the cell also holds, lines for
the notes, and the text it could not read (``leftover``). Nothing raises for a value: what
cannot be read stays verbatim for the contact's notes and the row is marked "prüfen"
(imports.rows). ``mapping.TARGETS`` names the parser of each field beside its synonyms.
"""

from __future__ import annotations

import datetime
import functools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import replace as dataclass_replace

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import ContactStatus, Intensity
from contacts.validators import german_phone
from core.text import fold
from imports import cells

DAY, MONTH, SEASON, YEAR = "day", "month", "season", "year"


@dataclass(frozen=True)
class Parsed:
    """What a parser read from one cell."""

    value: object = None  # the field's value; None: nothing for this field
    precision: str = ""  # dates: day, month, season or year
    leftover: str = ""  # what could not be read: kept verbatim in the notes, row "prüfen"
    note: str = ""  # why (shown in the preview beside the leftover)
    parts: tuple[tuple[str, object], ...] = ()  # further fields the cell holds
    extras: tuple[str, ...] = ()  # further values for the notes (a second e-mail …)
    approximate: bool = False  # "ca. 2013", "Frühjahr 2015": the date is a best reading
    unknown: tuple[str, ...] = ()  # vocabulary values no entry matches

    @property
    def is_read(self) -> bool:
        return not self.leftover and not self.unknown


NOTHING = Parsed()


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).replace("\xa0", " ").split())


# --- dates --------------------------------------------------------------------------------

MONTHS = {
    "januar": 1, "jan": 1, "jaenner": 1, "februar": 2, "feb": 2, "maerz": 3, "marz": 3,
    "mar": 3, "mrz": 3, "april": 4, "apr": 4, "mai": 5, "may": 5, "juni": 6, "jun": 6,
    "juli": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11, "dezember": 12,
    "dez": 12, "dec": 12, "january": 1, "february": 2, "march": 3, "june": 6, "july": 7,
    "october": 10, "december": 12,
}  # fmt: skip
# Season and part of a year → its first month (a best reading, marked approximate).
SEASONS = {
    "fruehjahr": 3, "fruehling": 3, "sommer": 6, "herbst": 9, "winter": 12, "anfang": 1,
    "beginn": 1, "mitte": 7, "ende": 10, "spring": 3, "summer": 6, "autumn": 9, "fall": 9,
}  # fmt: skip
APPROXIMATE = ("ca", "circa", "zirka", "etwa", "um", "ungefaehr", "ungef", "vermutlich",
               "geschaetzt", "ab", "seit", "vor", "spaetestens", "fruehestens", "approx",
               "about", "since", "wohl")  # fmt: skip
UNKNOWN_DATES = {"unbekannt", "unklar", "k a", "ka", "keine angabe", "nicht bekannt",
                 "weiss nicht", "n a", "na", "offen", "unknown", "tbd", "xx", "xxxx"}  # fmt: skip
EXCEL_EPOCH = datetime.date(1899, 12, 30)
_YEAR = r"(\d{4}|'?\d{2})"
_DMY = re.compile(r"^(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?$")
_YM_ISO = re.compile(r"^(\d{4})[-/](\d{1,2})$")
_MY = re.compile(r"^(\d{1,2})\s*[./-]\s*" + _YEAR + "$")
_NAMED_MONTH = re.compile(r"^(?:(\d{1,2})\s+)?([a-z]+)\s*" + _YEAR + "$")
_QUARTER = re.compile(r"^(?:q\s*([1-4])|([1-4])\s*quartal|([1-4])\s*q)\s*" + _YEAR + "$")
_HALF = re.compile(r"^([12])\s*(?:halbjahr|hj|h)\s*" + _YEAR + "$")
_RANGE = re.compile(r"^(\d{4})\s*(?:-|bis|/)\s*(\d{2}|\d{4})$")
_SERIAL = re.compile(r"^(\d{5})(?:[.,]0+)?$")


_TODAY: list = [0.0, None]  # (when asked, the date): a list of 10,000 dates asks once


def today() -> datetime.date:
    now = time.monotonic()
    if _TODAY[1] is None or now - _TODAY[0] > 60:
        _TODAY[:] = [now, timezone.localdate()]
    return _TODAY[1]


def _year(text: str) -> int:
    year = int(text.lstrip("'"))
    if year < 100:
        year += 2000 if year <= (today().year % 100) + 1 else 1900
    return year


def _read_date(text: str) -> tuple[datetime.date, str] | None:
    """A date and its precision from folded text, or None."""
    if match := _DMY.match(text):
        day, month, year = int(match[1]), int(match[2]), _year(match[3])
        return datetime.date(year, month, day), DAY
    if match := _ISO.match(text):
        return datetime.date(int(match[1]), int(match[2]), int(match[3])), DAY
    if (match := _YM_ISO.match(text)) and 1 <= int(match[2]) <= 12:
        return datetime.date(int(match[1]), int(match[2]), 1), MONTH
    # (not a month: "2018/19" is a school or season year – the range below)
    if match := _MY.match(text):
        return datetime.date(_year(match[2]), int(match[1]), 1), MONTH
    if (match := _NAMED_MONTH.match(text)) and match[2] in MONTHS:
        day = int(match[1]) if match[1] else 1
        return datetime.date(_year(match[3]), MONTHS[match[2]], day), DAY if match[1] else MONTH
    if (match := _NAMED_MONTH.match(text)) and match[2] in SEASONS and not match[1]:
        return datetime.date(_year(match[3]), SEASONS[match[2]], 1), SEASON
    if match := _QUARTER.match(text):
        quarter = int(match[1] or match[2] or match[3])
        return datetime.date(_year(match[4]), 3 * quarter - 2, 1), SEASON
    if match := _HALF.match(text):
        return datetime.date(_year(match[2]), 1 if match[1] == "1" else 7, 1), SEASON
    if re.fullmatch(r"(19|20)\d{2}", text):
        return datetime.date(int(text), 1, 1), YEAR
    if match := _RANGE.match(text):  # "2013-2015", "2015/16": from the first year
        return datetime.date(int(match[1]), 1, 1), YEAR
    if match := _SERIAL.match(text):
        return EXCEL_EPOCH + datetime.timedelta(days=int(match[1])), DAY
    return None


def _date_key(text: str) -> str:
    """Lower case, umlauts spelled out, "1. Halbjahr" → "1 halbjahr", dots kept in numbers."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = re.sub(r"(?<=[a-z])\.", " ", text)  # "Apr." → "apr", "ca." → "ca"
    text = re.sub(r"(?<=\d)\.\s+(?=[a-z])", " ", text)  # "1. Halbjahr" → "1 halbjahr"
    text = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z]{3})", " ", text)  # "Mai2016"
    return " ".join(text.replace(",", " ").split()).strip(" ?~")


def parse_date(value: object, *, future: bool = False) -> Parsed:
    """Dates with their precision: 01.04.2016, 1.4.16, 2016-04-01, April 2016, Apr. 16,
    04/2016, 2016, Frühjahr 2015, 2. Halbjahr 2014, Q3 2015, "ca./um 2013", 2013–2015,
    Excel serial numbers (also as text). "unbekannt" is nothing, with a note; what is not a
    date is the leftover."""
    if value in ("", None):
        return NOTHING
    if isinstance(value, datetime.datetime):
        return _dated(value.date(), DAY, False, "", future)
    if isinstance(value, datetime.date):
        return _dated(value, DAY, False, "", future)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 10_000 < value < 80_000:
            return _dated(EXCEL_EPOCH + datetime.timedelta(days=int(value)), DAY, False, "", future)
        if float(value).is_integer() and 1900 <= value <= 2100:
            return _dated(datetime.date(int(value), 1, 1), YEAR, False, "", future)
        return Parsed(leftover=_text(value), note=str(_("kein Datum")))
    return _dated_text(_text(value), future, today())


@functools.lru_cache(maxsize=20_000)
def _dated_text(original: str, future: bool, _today: datetime.date) -> Parsed:
    """Cached (per day): a list repeats its dates ("01.04.2016") many times."""
    text = _date_key(original.replace("–", "-").replace("—", "-"))
    if fold(text) in UNKNOWN_DATES or not text.strip("-?/ "):
        return Parsed(note=str(_("Datum unbekannt")))
    approximate = original.rstrip().endswith("?") or "~" in original
    words = text.split()
    while words and fold(words[0]) in APPROXIMATE:
        words, approximate = words[1:], True
    try:
        found = _read_date(" ".join(words))
    except ValueError:  # 31.02.2016, month 13
        found = None
    if found is None:
        return Parsed(leftover=original, note=str(_("kein Datum")))
    date, precision = found
    return _dated(date, precision, approximate or precision == SEASON, original, future)


# A period in one cell: "2019–2021", "seit 2019 bis 2021", "von 03/2018 bis 12/2020",
# "2018 - heute", "from 2017 to 2019". The start and the end are each read as a date.
_PERIOD = re.compile(
    r"^(?:(?:seit|von|vom|ab|from|since)\s+)?(?P<start>.+?)"
    r"\s*(?:\s-\s|-|–|—|\s(?:bis(?:\s+(?:zum|ende))?|to|until|till)\s)\s*(?P<end>.+)$",
    re.I,
)
_OPEN_END = {"heute", "jetzt", "dato", "laufend", "today", "now", "present", "offen", "aktuell"}


def parse_period(value: object) -> tuple[Parsed, Parsed] | None:
    """(start, end) of a period written in one cell, or None where the cell is no period.
    An open end ("2018 – heute") is the start and no end; "2015/16" (a season, a school
    year) is not a period here."""
    if value in ("", None) or not isinstance(value, str):
        return None
    text = _text(value).replace("–", " – ").replace("—", " – ")
    text = " ".join(text.split())
    if re.fullmatch(r"\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{2,4}", text) or re.fullmatch(
        r"\d{4}-(?:0?[1-9]|1[0-2])(?:-\d{1,2})?", text
    ):
        return None  # one date written with dashes: 01-04-2016, 2016-04-01, 2016-04
    match = _PERIOD.match(text.replace(" – ", " - "))
    if match is None:
        return None
    start_text, end_text = match["start"].strip(" -,"), match["end"].strip(" -,.")
    if re.fullmatch(r"\d{4}", start_text) and re.fullmatch(r"\d{2}", end_text):
        end_text = start_text[:2] + end_text  # "2013-15"
    start = parse_date(start_text)
    if start.value is None:
        return None
    if fold(end_text) in _OPEN_END:
        return start, NOTHING
    end = parse_date(end_text)
    if end.value is None:
        return None
    if (
        isinstance(end.value, datetime.date)
        and isinstance(start.value, datetime.date)
        and end.value < start.value
    ):
        return None
    return start, end


def parse_since(value: object) -> Parsed:
    """ "Kontakt seit": a date, or a period – "2019–2021" is from 2019 and ended 2021."""
    period = parse_period(value)
    if period is None:
        return parse_date(value)
    start, end = period
    if end.value is None:
        return start
    return dataclass_replace(
        start,
        parts=(("ended_on", end.value), ("status", ContactStatus.ENDED)),
        approximate=start.approximate or end.approximate,
    )


def parse_ended(value: object) -> Parsed:
    """ "beendet am": a date, or a period whose end it is (the start is "Kontakt seit")."""
    period = parse_period(value)
    if period is None or period[1].value is None:
        return parse_date(value)
    start, end = period
    return dataclass_replace(end, parts=(("since", start.value),))


def _dated(
    date: datetime.date, precision: str, approximate: bool, original: str, future: bool
) -> Parsed:
    if not future and date > today():
        return Parsed(leftover=original or date.strftime("%d.%m.%Y"), note=str(_("in der Zukunft")))
    if date.year < 1900:
        return Parsed(leftover=original, note=str(_("kein Datum")))
    return Parsed(value=date, precision=precision, approximate=approximate)


# --- status and choices -------------------------------------------------------------------

# Word stems that name a status ("ausgelaufen 06/2017", "ruht seit 2019", "aktiv").
STATUS_STEMS = (
    ("nicht aktiv", ContactStatus.ENDED), ("nicht mehr aktiv", ContactStatus.ENDED),
    ("inaktiv", ContactStatus.ENDED), ("ehem", ContactStatus.ENDED),
    ("abgebrochen", ContactStatus.ENDED), ("aufgegeben", ContactStatus.ENDED),
    ("gestoppt", ContactStatus.ENDED), ("vorbei", ContactStatus.ENDED),
    ("erledigt", ContactStatus.ENDED), ("lief aus", ContactStatus.ENDED),
    ("ausgesetzt", ContactStatus.DORMANT), ("unterbrochen", ContactStatus.DORMANT), ("beend", ContactStatus.ENDED),
    ("ausgelaufen", ContactStatus.ENDED), ("abgeschlossen", ContactStatus.ENDED),
    ("eingestellt", ContactStatus.ENDED), ("aufgeloest", ContactStatus.ENDED),
    ("erloschen", ContactStatus.ENDED), ("geschlossen", ContactStatus.ENDED),
    ("gekuendigt", ContactStatus.ENDED), ("ended", ContactStatus.ENDED),
    ("inactive", ContactStatus.ENDED), ("closed", ContactStatus.ENDED),
    ("ehemalig", ContactStatus.ENDED), ("frueher", ContactStatus.ENDED),
    ("kein kontakt mehr", ContactStatus.ENDED), ("nicht mehr", ContactStatus.ENDED),
    ("finished", ContactStatus.ENDED), ("terminated", ContactStatus.ENDED),
    ("completed", ContactStatus.ENDED), ("former", ContactStatus.ENDED),
    ("derzeit kein", ContactStatus.DORMANT), ("zurzeit kein", ContactStatus.DORMANT),
    ("aktuell kein", ContactStatus.DORMANT), ("paused", ContactStatus.DORMANT),
    ("suspended", ContactStatus.DORMANT),
    ("ruh", ContactStatus.DORMANT), ("pausiert", ContactStatus.DORMANT),
    ("pause", ContactStatus.DORMANT),
    ("eingeschlafen", ContactStatus.DORMANT), ("dormant", ContactStatus.DORMANT),
    ("derzeit nicht", ContactStatus.DORMANT), ("zurzeit nicht", ContactStatus.DORMANT),
    ("on hold", ContactStatus.DORMANT), ("aktiv", ContactStatus.ACTIVE),
    ("active", ContactStatus.ACTIVE), ("laufend", ContactStatus.ACTIVE),
    ("bestehend", ContactStatus.ACTIVE), ("laeuft", ContactStatus.ACTIVE),
    ("lauft", ContactStatus.ACTIVE), ("in arbeit", ContactStatus.ACTIVE), ("besteht", ContactStatus.ACTIVE),
    ("fortlaufend", ContactStatus.ACTIVE), ("regelmaessig", ContactStatus.ACTIVE),
    ("neu", ContactStatus.ACTIVE), ("ja", ContactStatus.ACTIVE),
    ("aktuell", ContactStatus.ACTIVE), ("ongoing", ContactStatus.ACTIVE),
    ("current", ContactStatus.ACTIVE), ("running", ContactStatus.ACTIVE),
)  # fmt: skip


_FILLER_WORDS = {
    "seit",
    "am",
    "zum",
    "ab",
    "per",
    "im",
    "in",
    "since",
    "on",
    "zu",
    "mit",
    "der",
    "die",
    "noch",
    "heute",
    "dato",
    "dem",
    "vom",
    "des",
    # what a status word is about ("derzeit kein Kontakt seit 10/2020")
    "kontakt",
    "kontakte",
    "zusammenarbeit",
    "kooperation",
    "contact",
}


def _status_word(text: str) -> tuple[str | None, str]:
    """The status a text states and the rest of the text (its own notation kept):
    "ausgelaufen 06/2017" → (ended, "06/2017")."""
    key = fold(text)
    for stem, status in STATUS_STEMS:
        if re.search(rf"(?:^|\s){stem}", key):
            stem_words = stem.split()
            rest = [
                token
                for token in re.split(r"[\s,;:()]+", text)
                if token
                and not any(fold(token).startswith(w) for w in stem_words)
                and fold(token) not in _FILLER_WORDS
            ]
            return status, " ".join(rest)
    return None, text


def parse_status(value: object) -> Parsed:
    """A status word, and the date written with it: "ausgelaufen 06/2017" → ended, ended on
    01.06.2017; "aktiv seit 2015" → active, contact since 2015."""
    text = _text(value)
    if not text:
        return NOTHING
    status, rest = _status_word(text)
    if status is None:
        return Parsed(leftover=text, note=str(_("kein bekannter Status")))
    if status == ContactStatus.ENDED:
        rest = re.sub(r"(?i)^bis\s+", "", rest)  # "ehem. (bis 2020)": the end
    if not rest.strip(" -–.:"):
        return Parsed(value=status)
    if (period := parse_period(rest)) and period[1].value is not None:
        # "beendet (2019–2021)": the start and the end
        start, end = period
        return Parsed(
            value=ContactStatus.ENDED if status != ContactStatus.ACTIVE else status,
            parts=(("since", start.value), ("ended_on", end.value)),
            approximate=start.approximate or end.approximate,
        )
    date = parse_date(rest)
    if date.value is None:
        return Parsed(value=status, leftover=text, note=str(_("Datum beim Status nicht lesbar")))
    if status == ContactStatus.DORMANT:
        # "ruht seit 2022", "pausiert seit 05/2021": when the partnership went quiet – no
        # field holds it, so the words stay in the notes; never "Kontakt seit".
        return Parsed(value=status, extras=(str(_("Status: %(text)s") % {"text": text}),))
    name = "ended_on" if status == ContactStatus.ENDED else "since"
    return Parsed(value=status, parts=((name, date.value),), approximate=date.approximate)


def parse_active(value: object) -> Parsed:
    """A column that asks whether the partnership is active ("aktiv?", "läuft noch"): a
    mark or yes is active, no (or an empty cell, see ``rows.read_row``) ended; status words
    ("ruht", "beendet 2019") read as in a status column."""
    text = _text(value)
    if not text:
        return NOTHING
    answer = _yes_or_no(text)
    if answer is not None:
        return Parsed(value=ContactStatus.ACTIVE if answer else ContactStatus.ENDED)
    first, _space, rest = text.strip().partition(" ")
    if rest and (fold(first) in YES or first in MARK_WORDS):
        # "x (seit 2017)": ticked, with the start
        date = parse_date(
            " ".join(w for w in re.split(r"[\s()]+", rest) if fold(w) not in _FILLER_WORDS)
        )
        if date.value is not None:
            return Parsed(value=ContactStatus.ACTIVE, parts=(("since", date.value),))
    return parse_status(value)


def parse_inactive(value: object) -> Parsed:
    """The inverted flag of accounting and CRM exports ("Inaktiv", "gesperrt", "archiviert"):
    yes or a mark is ended, no is active; anything else stays for the notes."""
    text = _text(value)
    if not text:
        return NOTHING
    answer = _yes_or_no(text)
    if answer is not None:
        return Parsed(value=ContactStatus.ENDED if answer else ContactStatus.ACTIVE)
    return Parsed(leftover=text, note=str(_("keine Ja/Nein-Angabe")))


def _yes_or_no(text: str) -> bool | None:
    """A flag cell: a yes or a mark (x, ✓) is True, a no False, anything else None."""
    key = fold(text)
    if key in YES or key in MARK_WORDS or text.strip() in MARK_WORDS:
        return True
    if key in NO or text.strip() in NO:
        return False
    return None


INTENSITY_WORDS = (
    ("sehr eng", Intensity.CLOSE), ("intensiv", Intensity.CLOSE), ("eng", Intensity.CLOSE),
    (r"close\b", Intensity.CLOSE), ("hoch", Intensity.CLOSE), ("stark", Intensity.CLOSE),
    ("woechentlich", Intensity.CLOSE), ("taeglich", Intensity.CLOSE),
    ("regelmaessig", Intensity.REGULAR), ("haeufig", Intensity.REGULAR),
    ("regular", Intensity.REGULAR), ("mittel", Intensity.REGULAR),
    ("monatlich", Intensity.REGULAR), ("oft", Intensity.REGULAR),
    ("gelegentlich", Intensity.OCCASIONAL), ("selten", Intensity.OCCASIONAL),
    ("occasional", Intensity.OCCASIONAL), ("sporadisch", Intensity.OCCASIONAL),
    ("lose", Intensity.OCCASIONAL), ("locker", Intensity.OCCASIONAL),
    ("gering", Intensity.OCCASIONAL), ("niedrig", Intensity.OCCASIONAL),
    ("jaehrlich", Intensity.OCCASIONAL), ("bei bedarf", Intensity.OCCASIONAL),
    ("anlassbezogen", Intensity.OCCASIONAL), ("ab und zu", Intensity.OCCASIONAL),
    ("low", Intensity.OCCASIONAL), ("rare", Intensity.OCCASIONAL),
    ("medium", Intensity.REGULAR), ("frequent", Intensity.REGULAR),
    ("high", Intensity.CLOSE), ("intens", Intensity.CLOSE), ("sehr gut", Intensity.CLOSE),
)  # fmt: skip


def parse_intensity(value: object) -> Parsed:
    text = _text(value)
    if not text:
        return NOTHING
    key = fold(text)
    for word, choice in INTENSITY_WORDS:
        if re.search(rf"(?:^|\s){word}", key):
            return Parsed(value=choice)
    return Parsed(leftover=text, note=str(_("keine bekannte Intensität")))


YES = {"ja", "j", "x", "1", "yes", "y", "true", "wahr", "mitglied", "ok", "✓", "✔", "☑", "+"}
MARK_WORDS = {"x", "xx", "*", "✓", "✔", "☑", "☒"}
NO = {"nein", "n", "0", "no", "false", "falsch", "-", "–", "kein", "keine", "nicht"}


def parse_flag(value: object) -> Parsed:
    text = _text(value)
    if not text:
        return NOTHING
    key = fold(text) or text
    first = key.split()[0] if key.split() else key
    if key in YES or first in YES:
        return Parsed(value=True)
    if key in NO or first in NO:
        return Parsed(value=False)
    return Parsed(leftover=text, note=str(_("weder „ja“ noch „nein“")))


# --- contact data -------------------------------------------------------------------------

_PLAIN_PHONE = re.compile(r"^(?:\+[1-9]\d?|0)[0-9]*(?:[ /-]?[0-9]+)*$")
_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_COUNTRY_ZERO = re.compile(r"^(\+|00)\s*(\d{1,3})\s*\(0\)\s*")


def normalise_phone(text: str) -> str:
    """The notations offices write to the notation the register keeps: unusual dashes
    (– — ‑ −) as "-", "+49 (0) 3675" and "0049 3675" as "+49 3675", dots between digit
    groups as spaces."""
    text = _DASHES.sub("-", text.replace("\xa0", " "))
    text = _COUNTRY_ZERO.sub(lambda match: f"+{match[2]} ", text)
    text = re.sub(r"^00(?=[1-9])", "+", text.strip())  # 0049 … → +49 …
    text = re.sub(r"(?<=\d)\.(?=\d)", " ", text)
    text = re.sub(r"\s*-\s*", "-", text) if re.search(r"\d\s+-\s+\d", text) else text
    return " ".join(text.split())


def _valid_phone(number: str) -> bool:
    try:
        german_phone(number)
    except ValidationError:
        return False
    return True


# A phone Excel took for a number and a CSV export wrote out: digits only, without the
# leading zero ("3613697644", "3613697644.0"); German numbers without it start with 1–9.
_STORED_NUMBER = re.compile(r"^([1-9]\d{6,12})(?:\.0+)?$")


def _zero_back(digits: str) -> str:
    """ "3613697644" → "03613697644", "493613697644" → "+49 3613697644"."""
    if digits.startswith("49") and len(digits) > 11:
        return "+49 " + digits[2:]
    return "0" + digits


def parse_phone(value: object) -> Parsed:
    """ "Tel.: 03681 12345 / Fax: 03681 12346" → phone, fax and further numbers; numbers
    Excel stored as numbers get their leading zero back."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Parsed(value=_zero_back(str(int(value))))
    text = _text(value)
    if not text:
        return NOTHING
    if match := _STORED_NUMBER.match(text):  # a number Excel stored, written out as text
        return Parsed(value=_zero_back(match[1]))
    if _PLAIN_PHONE.match(text) and 6 <= sum(ch.isdigit() for ch in text) <= 15:
        return Parsed(value=text)  # the common case, already as the register keeps it
    # Lines stay apart: "03695 982355⏎Fax 03695 7410" is two numbers.
    phones = cells.split_phones(
        "\n".join(normalise_phone(line) for line in str(value).splitlines())
    )
    numbers = [normalise_phone(n) for n in (phones.phone, *(phones.more or [])) if n]
    good = [n for n in numbers if n and _valid_phone(n)]
    bad = [n for n in numbers if n and not _valid_phone(n)]
    parts: tuple[tuple[str, object], ...] = (
        (("fax", normalise_phone(phones.fax)),) if phones.fax else ()
    )
    if not good:
        return Parsed(leftover=text, note=str(_("keine Telefonnummer")), parts=parts)
    remarks = tuple(
        str(_("Telefon %(number)s: %(words)s") % {"number": normalise_phone(n), "words": w})
        for n, w in phones.remarks or []
    )
    # The words beside the field's own number ("Zentrale", "Frau Beck"): whose number it is
    # (``rows`` gives a switchboard's to the organisation).
    label = next((w for n, w in phones.remarks or [] if normalise_phone(n) == good[0]), "")
    parts += ((LABEL, label),) if label else ()
    return Parsed(
        value=good[0],
        parts=parts,
        extras=tuple(str(_("weitere Nummer: %(number)s") % {"number": n}) for n in good[1:])
        + remarks,
        leftover=", ".join(bad),
        note=str(_("keine Telefonnummer")) if bad else "",
    )


EMAIL = EmailValidator()
URL = URLValidator()
_IN_ANGLES = re.compile(r"<([^<>@\s]+@[^<>\s]+)>")


def _valid(validator: Callable[[str], None], value: str) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def parse_email(value: object) -> Parsed:
    """The first valid address is the field's; further ones go to the notes; "mailto:" and
    "Name <adresse>" are read; what is no address is the leftover."""
    text = _text(value)
    if not text:
        return NOTHING
    found = _IN_ANGLES.findall(text)
    candidates = found or [
        part.strip("<>()[]\"'.:") for part in cells.split_emails(text.replace("(at)", "@"))
    ]
    good = [c for c in candidates if "@" in c and _valid(EMAIL, c)]
    bad = [c for c in candidates if c and c not in good and "@" in c]
    if not good:
        return Parsed(leftover=text, note=str(_("keine E-Mail-Adresse")))
    extras = tuple(str(_("weitere E-Mail: %(address)s") % {"address": a}) for a in good[1:])
    leftover = ", ".join(bad)
    parts: tuple[tuple[str, object], ...] = ()
    if not found and (rest := _beside_addresses(text, [*good, *bad])):
        # A combined contact cell ("Tel. 03447 89 12 40, k.lammert@web.de"): the phone
        # beside the address is the phone's, the rest stays for the notes.
        phone = parse_phone(rest) if _PHONE_IN_TEXT.search(rest) else NOTHING
        if phone.value is not None:
            parts = (("phone", phone.value), *phone.parts)
            extras += phone.extras
            rest = phone.leftover
        leftover = ", ".join(filter(None, [leftover, rest]))
    return Parsed(
        value=good[0],
        parts=parts,
        extras=extras,
        leftover=leftover,
        note=str(_("keine E-Mail-Adresse")) if bad else "",
    )


_PHONE_IN_TEXT = re.compile(r"(?:\+|(?<!\d)0)\d[\d ()/-]{4,}\d")
_MAIL_LABEL = re.compile(r"\b(?:e-?mail|mail|mailto)\s*:?", re.I)


def _beside_addresses(text: str, addresses: list[str]) -> str:
    """What a cell holds beside its e-mail addresses (and their labels), or "" if nothing
    but separators."""
    for address in addresses:
        if address:
            text = text.replace(address, " ")
    text = _MAIL_LABEL.sub(" ", text.replace("(at)", "@"))
    parts = [part.strip(" .:<>()[]\"'") for part in re.split(r"\s*(?:[;,\n|]|\s/\s)\s*", text)]
    kept = [part for part in parts if sum(ch.isalnum() for ch in part) >= 2]
    return ", ".join(" ".join(part.split()) for part in kept)


def parse_website(value: object) -> Parsed:
    text = _text(value)
    if not text:
        return NOTHING
    address = text.split()[0].rstrip(",;")
    if not address.lower().startswith(("http://", "https://")):
        address = "https://" + address
    if "." not in address or not _valid(URL, address):
        return Parsed(leftover=text, note=str(_("keine Web-Adresse")))
    return Parsed(value=address, leftover=text[len(text.split()[0]) :].strip())


_POSTCODE = re.compile(r"^(?:D|DE|GER)?\s*-?\s*(\d{5})$", re.I)


def parse_postcode(value: object) -> Parsed:
    """ "07743", 7743 (Excel dropped the zero), "D-07743", "DE 07743"; "07743 Jena" also
    gives the city."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(int(value)).zfill(5) if 1000 <= value <= 99999 else _text(value)
    text = _text(value)
    if not text:
        return NOTHING
    if match := _POSTCODE.match(text):
        return Parsed(value=match[1])
    if address := cells.split_postcode_city(text):
        return Parsed(value=address.postcode, parts=(("city", address.city),))
    if re.fullmatch(r"\d{4}", text):
        return Parsed(value=text.zfill(5))
    return Parsed(leftover=text, note=str(_("keine Postleitzahl")))


def parse_city(value: object) -> Parsed:
    text = _text(value)
    if not text:
        return NOTHING
    if address := cells.split_postcode_city(text):
        return Parsed(value=address.city, parts=(("postcode", address.postcode),))
    return Parsed(value=cells.city_without_country(text))


def parse_postcode_city(value: object) -> Parsed:
    text = _text(value)
    if not text:
        return NOTHING
    if address := cells.split_postcode_city(text):
        return Parsed(value=address.city, parts=(("postcode", address.postcode),))
    if text.isdigit() or _POSTCODE.match(text):
        return parse_postcode(text)
    return Parsed(value=cells.city_without_country(text))  # a city alone


def parse_street(value: object) -> Parsed:
    """ "Bahnhofstraße 5, 99084 Erfurt" → street, postcode and city."""
    text = " ".join(str(value).replace("\xa0", " ").split()) if value not in ("", None) else ""
    if not text:
        return NOTHING
    address = cells.split_address(str(value))
    parts = tuple(
        (name, v) for name, v in (("postcode", address.postcode), ("city", address.city)) if v
    )
    return Parsed(value=address.street or None, parts=parts)


_HOUSE_NUMBER = re.compile(r"^\d{1,4}\s?[a-zA-Z]?(?:\s?[-/+]\s?\d{1,4}\s?[a-zA-Z]?)?$")


def is_house_number(value: object) -> bool:
    return bool(_HOUSE_NUMBER.match(_text(value)))


def parse_house_number(value: object) -> Parsed:
    text = _text(value)
    if not text:
        return NOTHING
    return Parsed(value=text) if is_house_number(text) else Parsed(leftover=text)


def parse_person_name(value: object) -> Parsed:
    text = _text(value)
    if not text:
        return NOTHING
    names = cells.split_persons(text)
    person = cells.split_person(names[0])
    parts: tuple[tuple[str, object], ...] = (
        (("person_function", person.function),) if person.function else ()
    )
    if len(names) > 1:
        parts += ((MORE_PERSONS, tuple(names[1:])),)
    return Parsed(value=person.name or None, parts=parts)


MORE_PERSONS = "more_persons"  # further persons of a cell, for ``rows.read_row``
LABEL = "label"  # the words beside a phone number, for ``rows.read_row``


def parse_text(value: object) -> Parsed:
    text = str(value).strip() if not isinstance(value, float) else _text(value)
    if isinstance(value, datetime.date):
        text = value.strftime("%d.%m.%Y")
    return Parsed(value=text) if text else NOTHING


# --- vocabularies -------------------------------------------------------------------------

Lookup = Callable[[str, str], "int | None"]  # (field, value) → entry; raises LookupError


_SEPARATORS = re.compile(r"\s*:::\s*|[;,/|\n+]+")  # " ::: " separates Google's labels
# Labels an address book gives every contact ("* myContacts"): no value of the list.
SYSTEM_LABELS = {"mycontacts", "my contacts", "starred", "meine kontakte"}
_AND = re.compile(r"\s+(?:und|&)\s+")


def split_values(value: object) -> list[str]:
    """ "Integration, Beratung; Sprache" → three values ("und" is split only by the parser,
    where no entry is named so: "Bildung und Sprache" is one)."""
    parts = [part.strip() for part in _SEPARATORS.split(str(value)) if part.strip()]
    return [part for part in parts if fold(part) not in SYSTEM_LABELS]


def _entry(code: str, value: str, lookup: Lookup) -> tuple[list[int], list[str]]:
    """The entries one value names, and what is unknown; "Jugend und Senioren" → two."""
    try:
        pk = lookup(code, value)
        return ([pk] if pk else []), []
    except LookupError:
        if not _AND.search(value):
            return [], [value]
    found, unknown = [], []
    for part in _AND.split(value):
        pks, missing = _entry(code, part.strip(), lookup)
        found += pks
        unknown += missing
    return found, (unknown if found else [value])


def parse_vocabulary(code: str, value: object, lookup: Lookup, *, multiple: bool) -> Parsed:
    """Entries of a vocabulary; values no entry matches are named (``unknown``) – kept for
    the notes and asked once in the wizard, never a reason to refuse the row."""
    text = _text(value)
    if not text:
        return NOTHING
    found, unknown = [], []
    # A line break separates entries like a comma ("Integration\nSenioren"): split before the
    # spaces are made plain.
    lines = [_text(line) for line in str(value).splitlines()] if multiple else [text]
    for part in [p for line in lines for p in split_values(line)] if multiple else [text]:
        pks, missing = _entry(code, part, lookup) if multiple else _single(code, part, lookup)
        found += pks
        unknown += missing
    if multiple:
        return Parsed(value=list(dict.fromkeys(found)) or None, unknown=tuple(unknown))
    return Parsed(value=found[0] if found else None, unknown=tuple(unknown))


def _single(code: str, value: str, lookup: Lookup) -> tuple[list[int], list[str]]:
    try:
        pk = lookup(code, value)
    except LookupError:
        return [], [value]
    return ([pk] if pk else []), []


def parse_consent(value: object) -> Parsed:
    """A consent date, or a mark that consent was given (the date then unknown)."""
    date = parse_date(value)
    if date.value is not None or not date.leftover:
        return date
    flag = parse_flag(value)
    if flag.value is not None:
        return Parsed(
            note=str(_("Einwilligung ohne Datum") if flag.value else _("keine Einwilligung"))
        )
    return date
