"""How values are written in real lists: dates, phones, postcodes, vocabulary words, marks.

Every function takes the seeded ``random.Random`` and returns the cell (text, number or
date) and, for dates, the precision the cell still carries."""

from __future__ import annotations

import datetime
import random

# --- vocabularies: the schema's code → the words lists use for it -------------------------

TYPES = {
    "verein": ("Verein", ["e. V.", "eingetragener Verein", "Sportverein", "Förderverein"], ["association", "club"]),
    "soziale-einrichtung": ("soziale Einrichtung / freier Träger", ["freier Träger", "Wohlfahrtsverband", "soziale Einrichtung", "Beratungsstelle"], ["charity", "welfare organisation"]),
    "behoerde": ("Behörde / Verwaltung", ["Behörde", "Amt", "Verwaltung", "Kommune"], ["public authority", "local government"]),
    "jobcenter": ("Jobcenter / Agentur für Arbeit", ["Jobcenter", "Arbeitsagentur", "Agentur für Arbeit"], ["job centre", "employment agency"]),
    "schule-kita": ("Schule / Kita", ["Schule", "Kita", "Kindergarten", "Bildungseinrichtung"], ["school", "nursery"]),
    "wohnungsunternehmen": ("Wohnungsunternehmen", ["Wohnungsgesellschaft", "Vermieter", "Genossenschaft"], ["housing company", "landlord"]),
    "kirche": ("Kirche / Religionsgemeinschaft", ["Kirche", "Kirchengemeinde", "Religionsgemeinschaft"], ["church", "parish"]),
    "unternehmen": ("Unternehmen", ["Firma", "Betrieb", "Wirtschaft"], ["company", "business"]),
    "politik": ("Politik", ["Fraktion", "Partei", "Stadtrat"], ["politics", "political party"]),
    "initiative": ("Initiative / Ehrenamt", ["Initiative", "Ehrenamt", "Selbsthilfegruppe"], ["initiative", "volunteer group"]),
    "sonstige": ("Sonstige", ["sonstiges", "andere"], ["other"]),
}  # fmt: skip
FIELDS = {
    "buergeraktivierung": ("Bürgeraktivierung und Beteiligung", ["Beteiligung", "Bürgerbeteiligung", "Engagement"], ["participation", "civic engagement"]),
    "bildung-sprache": ("Bildung und Sprache", ["Bildung", "Sprache", "Sprachförderung"], ["education", "language"]),
    "arbeit": ("Arbeit und Beschäftigung", ["Arbeit", "Beschäftigung", "Ausbildung"], ["employment", "work"]),
    "wohnen": ("Wohnen und Wohnumfeld", ["Wohnen", "Wohnumfeld", "Quartier"], ["housing", "neighbourhood"]),
    "familie-jugend": ("Familie, Kinder und Jugend", ["Familie", "Jugend", "Kinder und Jugend"], ["family", "youth"]),
    "integration": ("Integration und Flucht", ["Integration", "Migration", "Flucht"], ["integration", "migration"]),
    "gesundheit": ("Gesundheit", ["Gesundheit", "Pflege", "Sucht"], ["health", "care"]),
    "senioren": ("Senioren", ["Senioren", "Ältere", "Seniorenarbeit"], ["older people", "seniors"]),
    "kultur-freizeit": ("Kultur und Freizeit", ["Kultur", "Freizeit", "Sport"], ["culture", "leisure"]),
    "beratung": ("Beratung / Einzelfallhilfe", ["Beratung", "Einzelfallhilfe", "Sozialberatung"], ["counselling", "advice"]),
}  # fmt: skip
INTENSITIES = {
    "occasional": ("gelegentlich", ["selten", "sporadisch", "niedrig", "ab und zu"], ["occasional", "low"]),
    "regular": ("regelmäßig", ["häufig", "mittel", "monatlich", "regelmässig"], ["regular", "medium"]),
    "close": ("eng", ["intensiv", "sehr eng", "hoch", "sehr gut"], ["close", "high", "intense"]),
}  # fmt: skip
STATUSES = {
    "active": ("aktiv", ["laufend", "besteht", "aktuell"], ["active", "ongoing"]),
    "dormant": ("ruhend", ["ruht", "pausiert", "derzeit kein Kontakt", "eingeschlafen"], ["dormant", "paused", "on hold"]),
    "ended": ("beendet", ["ausgelaufen", "abgeschlossen", "inaktiv", "eingestellt"], ["ended", "finished", "closed"]),
}  # fmt: skip
VOCABULARY_STYLES = ("label", "synonym", "english")


def word(rng: random.Random, table: dict, code: str, style: str) -> str:
    """The word a list uses for a vocabulary entry: its label, a German synonym, English."""
    label, german, english = table[code]
    if style == "label":
        return label
    if style == "english":
        return rng.choice(english)
    return rng.choice(german)


# --- dates ---------------------------------------------------------------------------------

MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
             "September", "Oktober", "November", "Dezember"]  # fmt: skip
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip
SEASONS = {  # the season's words by month
    "Frühjahr": (3, 4, 5), "Sommer": (6, 7, 8), "Herbst": (9, 10, 11), "Anfang": (1, 2, 3),
    "Mitte": (5, 6, 7), "Ende": (10, 11, 12),
}  # fmt: skip
DATE_STYLES = (
    "cell", "dmy", "dmy_short", "dmy_two_digit", "iso", "month_slash", "month_dot",
    "month_name", "year", "approx", "season", "serial_text", "mixed",
)  # fmt: skip
DAY, MONTH, YEAR = "day", "month", "year"
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def date(rng: random.Random, value: datetime.date, style: str, *, english: bool = False):
    """(cell, precision) for a date written in ``style``."""
    if style == "mixed":
        style = rng.choice(DATE_STYLES[:-1])
    d, m, y = value.day, value.month, value.year
    if style == "cell":
        return datetime.datetime(y, m, d), DAY
    if style == "dmy":
        return f"{d:02d}.{m:02d}.{y}", DAY
    if style == "dmy_short":
        return f"{d}.{m}.{y}", DAY
    if style == "dmy_two_digit":
        return f"{d:02d}.{m:02d}.{y % 100:02d}", DAY
    if style == "iso":
        return value.isoformat(), DAY
    if style == "month_slash":
        return rng.choice([f"{m:02d}/{y}", f"{m}/{y}"]), MONTH
    if style == "month_dot":
        return f"{m:02d}.{y}", MONTH
    if style == "month_name":
        months = MONTHS_EN if english else MONTHS_DE
        name = months[m - 1]
        return rng.choice(
            [f"{name} {y}", f"{name[:3]}. {y}" if len(name) > 4 else f"{name} {y}"]
        ), MONTH
    if style == "year":
        return rng.choice([str(y), y]), YEAR
    if style == "approx":
        return rng.choice([f"um {y}", f"ca. {y}", f"ca. {m:02d}/{y}", f"etwa {y}"]), YEAR
    if style == "season":
        season = next(s for s, months in SEASONS.items() if m in months)
        return f"{season} {y}", YEAR
    if style == "serial_text":
        return str((value - EXCEL_EPOCH).days), DAY
    raise ValueError(style)


UNKNOWN_DATES = ("unbekannt", "k. A.", "?", "nicht bekannt")

# --- phones, postcodes, addresses ----------------------------------------------------------

PHONE_STYLES = (
    "plain", "slash", "slash_spaced", "intl", "intl_zero", "paren", "dash", "en_dash",
    "number", "mixed",
)  # fmt: skip


def _pairs(digits: str) -> str:
    return " ".join(digits[i : i + 2] for i in range(0, len(digits), 2))


def phone(rng: random.Random, value: str, style: str):
    """``value`` is "03675 123456"; the cell as the list writes it."""
    if style == "mixed":
        style = rng.choice(PHONE_STYLES[:-1])
    code, number = value.split()
    if style == "plain":
        return value
    if style == "slash":
        return f"{code}/{number}"
    if style == "slash_spaced":
        return f"{code} / {_pairs(number)}"
    if style == "intl":
        return f"+49 {code[1:]} {number}"
    if style == "intl_zero":
        return f"+49 (0){code[1:]} {number[:-1]}-{number[-1]}"
    if style == "paren":
        return f"({code}) {number}"
    if style == "dash":
        return f"{code}-{number}"
    if style == "en_dash":
        return f"{code}–{number}"
    if style == "number":  # Excel took it for a number and dropped the leading zero
        return int(code + number)
    raise ValueError(style)


POSTCODE_STYLES = ("plain", "country", "number")


def postcode(rng: random.Random, value: str, style: str):
    if style == "country":
        return rng.choice([f"D-{value}", f"D {value}", f"DE-{value}"])
    if style == "number":
        return int(value)
    return value


WEBSITE_STYLES = ("www", "https", "bare", "http_slash")


def website(value: str, style: str) -> str:
    bare = value.removeprefix("www.")
    return {
        "www": value,
        "https": f"https://{value}",
        "bare": bare,
        "http_slash": f"http://{value}/",
    }[style]


MARKS = ("x", "X", "✓", "ja", "1", "✔", "●")
BLANK_MARKS = ("", "", "-", "nein")


def person_in_one_cell(rng: random.Random, person, style: str) -> tuple[str, bool]:
    """A person in one cell; True where the cell also holds the function."""
    title = f"{person.title} " if person.title else ""
    name = f"{title}{person.first_name} {person.last_name}"
    if style == "salutation":
        return f"{person.salutation} {name}", False
    if style == "surname_first":
        return f"{person.last_name}, {person.first_name}", False
    if style == "with_function" and person.function:
        return rng.choice([f"{name} ({person.function})", f"{name}, {person.function}"]), True
    return name, False


PERSON_CELL_STYLES = ("plain", "salutation", "surname_first", "with_function")
