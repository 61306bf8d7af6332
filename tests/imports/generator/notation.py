"""How values are written in real lists: dates, phones, postcodes, vocabulary words, marks.

Every function takes the seeded ``random.Random`` and returns the cell (text, number or
date) and, for dates, the precision the cell still carries."""

from __future__ import annotations

import datetime
import random
import re

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


# --- value transformations of the second round (issue 28, "Import that generalises") ----

_LEGAL_FORM = re.compile(r"^(?P<name>.+?)\s+(?P<form>e\. V\.|eG|mbH|gGmbH|GmbH)$")
LEGAL_FORM_NOTATIONS = {
    "e. V.": ["e. V.", "e.V.", "eV", "E.V.", "eingetragener Verein", "e. V."],
    "eG": ["eG", "e.G.", "eingetragene Genossenschaft", "EG"],
    "mbH": ["mbH"],
    "GmbH": ["GmbH"],
    "gGmbH": ["gGmbH", "gemeinnützige GmbH"],
}


def without_legal_form(name: str) -> str:
    """ "Tafel Gera e. V." → "Tafel Gera" (the form goes to its own column)."""
    found = _LEGAL_FORM.match(name)
    return found["name"] if found else name


def legal_form(rng: random.Random, name: str) -> str:
    """The legal form a name ends with, as a CRM's column writes it; "" where it has none."""
    found = _LEGAL_FORM.match(name)
    return rng.choice(LEGAL_FORM_NOTATIONS[found["form"]]) if found else ""


def _month_year(rng: random.Random, value: datetime.date) -> tuple[str, str]:
    if rng.random() < 0.5:
        return str(value.year), YEAR
    return rng.choice([f"{value.month:02d}/{value.year}", f"{value.month}.{value.year}"]), MONTH


def period(
    rng: random.Random, start: datetime.date, end: datetime.date, *, english: bool = False
) -> tuple[str, str]:
    """ "2019–2021", "seit 2019 bis 2021", "von 03/2018 bis 12/2020": (cell, precision)."""
    first, precision = _month_year(rng, start)
    last = str(end.year) if precision == YEAR else f"{end.month:02d}/{end.year}"
    forms = (
        ["{s}–{e}", "from {s} to {e}", "{s} - {e}", "{s} to {e}"]
        if english
        else ["{s}–{e}", "{s}-{e}", "{s} - {e}", "seit {s} bis {e}", "von {s} bis {e}",
              "{s} bis {e}", "{s} – {e}"]
    )  # fmt: skip
    return rng.choice(forms).format(s=first, e=last), precision


def dormant_since(rng: random.Random, record, *, english: bool = False) -> str:
    """ "ruht seit 2022", "pausiert seit 05/2021": the date it went quiet (after the start)."""
    start = record.since.year + 1 if record.since else 2016
    year = rng.randint(min(start, 2025), 2025)
    when = str(year) if rng.random() < 0.5 else f"{rng.randint(1, 12):02d}/{year}"
    forms = (
        ["paused since {d}", "dormant since {d}", "on hold since {d}"]
        if english
        else ["ruht seit {d}", "pausiert seit {d}", "ruhend seit {d}", "ruht (seit {d})",
              "eingeschlafen seit {d}", "Pause seit {d}", "derzeit kein Kontakt seit {d}"]
    )  # fmt: skip
    return rng.choice(forms).format(d=when)


def yes_no(rng: random.Random, yes: bool, *, english: bool = False) -> str:
    if english:
        return rng.choice(["yes", "y", "x"] if yes else ["no", "n", ""])
    return rng.choice(["ja", "Ja", "x", "X", "✓", "1"] if yes else ["nein", "Nein", "", "-", "0"])


FUNCTION_LABELS_DE = ["Zentrale", "Sekretariat", "Empfang", "Hauptnummer", "Verwaltung",
                      "Geschäftsstelle", "Büro", "Telefonzentrale", "Anmeldung", "Info-Telefon",
                      "Pforte", "Rezeption"]  # fmt: skip
FUNCTION_LABELS_EN = ["Main", "Reception", "Office", "Switchboard", "Main line"]


def function_label(rng: random.Random, number: str, *, english: bool = False) -> str:
    """A number labelled with a function of the organisation: "Zentrale: 03675 …"."""
    word = rng.choice(FUNCTION_LABELS_EN if english else FUNCTION_LABELS_DE)
    return rng.choice(["{w}: {p}", "{w} {p}", "{p} ({w})", "{w}. {p}"]).format(w=word, p=number)


OTHER_CATEGORIES = ["Netzwerk", "ThINKA", "Geschäftlich", "VIP", "Presse", "Newsletter",
                    "Weihnachtskarte", "Verteiler Sommerfest"]  # fmt: skip


def typed(rng: random.Random, word: str) -> str:
    """A word as users type it into a category: any case, a plural, a letter missing or
    two swapped (words of six letters or more)."""
    choice = rng.random()
    if choice < 0.2:
        return word.lower()
    if choice < 0.3:
        return word.upper()
    if choice < 0.45 and word.endswith("e") and " " not in word:
        return word + "n"  # "Familie" → "Familien"
    if choice < 0.65 and len(word) >= 6 and " " not in word:
        at = rng.randint(2, len(word) - 3)
        if rng.random() < 0.5:
            return word[:at] + word[at + 1 :]
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word
