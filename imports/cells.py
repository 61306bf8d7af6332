"""Splitting what offices write into one cell: "Bahnhofstraße 5, 99084 Erfurt",
"Tel.: 0361 12345 / Fax: 0361 12346", several e-mails, "Herr Dr. Krüger (Schuldnerberatung)".

Pure functions of text: each returns the parts it could tell apart and leaves the rest
whole, so nothing of a cell is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.text import fold

_POSTCODE_CITY = re.compile(r"^(?:DE?\s*-?\s*)?(\d{5})\s+(\S.*)$")
# "Straße Nr., PLZ Ort", "Straße Nr. PLZ Ort", or on two lines.
_ADDRESS = re.compile(
    r"^(?P<street>.+?)\s*(?:,|\n|\s)\s*(?:DE?\s*-?\s*)?(?P<postcode>\d{5})\s+(?P<city>\S.*)$", re.S
)
_PHONE_LABEL = re.compile(
    r"(?P<label>tel(?:efon)?|fon|phone|mobil|handy|fax|telefax)\.?\s*(?:nr\.?)?\s*:?\s*", re.I
)
_SEPARATORS = re.compile(r"\s*(?:[;,\n]|\s\|\s)\s*")
# "/" also separates area code and number ("0365 / 12 34 56"): it separates two numbers
# only before a label ("/ Fax: …") or before a second number with its own area code.
_SLASH = re.compile(
    r"\s*/\s*(?=(?:tel|fon|fax|telefax|mobil|handy)\b|(?:\+|0)\d{2,}[\d\s/-]{4,}$)", re.I
)
_SALUTATION = re.compile(r"^(?:herrn?|frau|hr\.|fr\.)\s+", re.I)
# A salutation inside the text: what stands before it is the function ("Leiterin Frau Beck").
_INNER_SALUTATION = re.compile(r"\s(?:herrn?|frau|hr\.|fr\.)\s+", re.I)
# "Sachbearbeitung: Anna Weber" – a label before a colon is the function.
_LABELLED = re.compile(r"^(?P<function>[^:\d@]{3,60}?)\s*:\s+(?P<name>\S.*)$")
_IN_BRACKETS = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<function>[^()]+)\)\s*$")


# A country after the city ("Erfurt, Deutschland", "Jena (Germany)", "Suhl, DE"): address
# books and CRMs write the address as an envelope shows it; the schema's contacts are in
# Germany, so the country is no part of the city.
_COUNTRY_AFTER_CITY = re.compile(
    r"\s*(?:[,/;]\s*|\s-\s|\s(?=\())\(?\s*(?:Bundesrepublik\s+)?(?:Deutschland|Germany|"
    r"DE|D|DEU|BRD)\s*\)?\.?\s*$",
    re.I,
)


def city_without_country(city: str) -> str:
    """ "Erfurt, Deutschland" → "Erfurt"; a city alone stays as it is."""
    stripped = _COUNTRY_AFTER_CITY.sub("", city).strip()
    return stripped or city


@dataclass
class Address:
    street: str = ""
    postcode: str = ""
    city: str = ""


def split_address(text: str) -> Address:
    """ "Bahnhofstraße 5, 99084 Erfurt" → street, postcode, city; "99084 Erfurt" → postcode and
    city; anything else stays the street."""
    lines = [part.strip() for part in str(text).strip().splitlines() if part.strip()]
    if len(lines) > 1 and city_without_country(f"x, {lines[-1]}") == "x":
        lines = lines[:-1]  # the country on a line of its own, as on an envelope
    text = " ".join(lines)
    if match := _POSTCODE_CITY.match(text):
        return Address(postcode=match[1], city=city_without_country(match[2].strip()))
    if (match := _ADDRESS.match(text)) and re.search(r"[A-Za-zÄÖÜäöüß]", match["street"]):
        return Address(
            street=match["street"].rstrip(", "),
            postcode=match["postcode"],
            city=city_without_country(match["city"].strip().rstrip(",")),
        )
    return Address(street=text)


def split_postcode_city(text: str) -> Address | None:
    match = _POSTCODE_CITY.match(str(text).strip())
    return (
        Address(postcode=match[1], city=city_without_country(match[2].strip())) if match else None
    )


@dataclass
class Phones:
    phone: str = ""
    fax: str = ""
    more: list[str] = field(default_factory=list)  # further numbers, for the notes
    # (number, words beside it), for the notes
    remarks: list[tuple[str, str]] = field(default_factory=list)


# A number inside other words ("Zentrale: 03675 88400", "0361 12345 (Durchwahl)"): from a
# "+" or "0" to its last digit, at least six digits.
_NUMBER_IN_WORDS = re.compile(r"(?:\+|(?<!\d)0)\d[\d ()/-]*\d")
# Words beside a number that say no more than "a phone number".
_PLAIN_LABEL_WORDS = {"tel", "telefon", "fon", "phone", "nr", "nummer", "rufnummer", "festnetz"}


def _number_and_words(text: str) -> tuple[str, str]:
    """ "Zentrale: 03675 88400" → ("03675 88400", "Zentrale"); a text without a number of
    six digits or more stays as it is, with no words."""
    if not re.search(r"[^\W\d_]", text):
        return text, ""
    found = _NUMBER_IN_WORDS.search(text)
    if found is None or sum(ch.isdigit() for ch in found.group(0)) < 6:
        return text, ""
    words = f"{text[: found.start()]} {text[found.end() :]}"
    words = " ".join(re.sub(r"[():,;]+|(?<!\w)[.\-–]+|[.\-–]+(?!\w)", " ", words).split())
    if {w.lower() for w in words.split()} <= _PLAIN_LABEL_WORDS:
        words = ""
    return found.group(0).strip(), words


def split_phones(text: str) -> Phones:
    """ "Tel.: 0361 12345 / Fax: 0361 12346" → phone and fax; a "Tel." prefix goes; further
    numbers are kept for the notes."""
    result = Phones()
    pieces = [
        piece
        for part in _SEPARATORS.split(str(text).strip())
        for piece in (_SLASH.split(part) if _has_area_code_before_slash(part) else [part])
    ]
    for part in pieces:
        if not part:
            continue
        label = _PHONE_LABEL.match(part)
        number = part[label.end() :].strip() if label else part.strip()
        # Any other words beside the number ("Zentrale", "(Durchwahl)", a name): the number
        # is read, the words go to the notes beside it – never the number lost for them.
        number, words = _number_and_words(number)
        if not number:
            continue
        is_fax = bool(label and label["label"].lower() in ("fax", "telefax"))
        if words and re.search(r"fax\b", words, re.I):
            is_fax, words = True, ""
        if words:
            result.remarks.append((number, words))
        if is_fax:
            result.fax = result.fax or number
        elif not result.phone:
            result.phone = number
        else:
            result.more.append(number)
    return result


def _has_area_code_before_slash(part: str) -> bool:
    """Split at "/" only when what stands before it is a whole number (≥ 6 digits) or a
    labelled number follows ("03693 / 46 7 / Fax 03693 / 12 34")."""
    segments = part.split("/")
    return len(re.sub(r"\D", "", segments[0])) >= 6 or any(
        _PHONE_LABEL.match(segment.strip()) for segment in segments[1:]
    )


def split_emails(text: str) -> list[str]:
    """Several addresses separated by ; , spaces or line breaks; "mailto:" dropped."""
    parts = re.split(r"[;,\s]+", str(text).strip())
    return [re.sub(r"^mailto:", "", p, flags=re.I) for p in parts if p]


@dataclass
class PersonName:
    name: str
    function: str = ""


# Role and function words (folded, without the feminine ending "in"/"innen", which
# ``is_role_word`` strips): a word that *ends* in one of them is one too ("Schulleiter",
# "Quartiersmanagerin", "Integrationsbeauftragte"). Common surnames that are also trades
# (Müller, Schneider, Fischer, Richter, Meister …) are deliberately not here: "Fischer
# Anna" is a person.
ROLE_STEMS = (
    "leiter", "leitung", "fuehrer", "fuehrung", "berater", "beratung", "beauftragte",
    "beauftragter", "referent", "bearbeiter", "bearbeitung", "koordinator", "koordination",
    "pfarrer", "pastor", "buergermeister", "vorsitzende", "vorsitzender", "vorstand",
    "direktor", "rektor", "sozialarbeiter", "sozialpaedagoge", "sozialpaedagog",
    "paedagoge", "paedagog", "sekretaer", "sekretariat", "praesident", "dezernent",
    "sprecher", "mitarbeiter", "assistent", "assistenz", "manager", "managment",
    "management", "verwalter", "verwaltung", "diakon", "kantor", "streetworker", "erzieher",
    "lehrer", "ansprechpartner", "ansprechperson", "kontaktperson", "vertreter",
    "vertretung", "stellvertreter", "stellvertretung", "kaemmerer", "landrat", "ortsteil",
    "ortsteilbuergermeister", "amtsleiter", "vorsteher", "obmann", "obfrau", "schatzmeister",
    "kassierer", "kassenwart", "jugendwart", "fachkraft", "fachbereich", "sachgebiet",
    "abteilung", "team", "trainer", "betreuer", "begleiter", "helfer", "dozent",
    "therapeut", "psychologe", "psycholog", "hausmeister", "quartiersmeister", "planer",
    "lotse", "lotsin", "moderator", "organisator", "initiator", "gruender", "inhaber",
    "eigentuemer", "chef", "chefin", "kuester", "gemeindereferent", "prokurist",
    "justiziar", "ombudsperson", "ombudsmann", "ombudsfrau", "schriftfuehrer",
)  # fmt: skip
# Words that qualify a role ("stellv. Leiterin", "kommissarischer Geschäftsführer").
ROLE_QUALIFIERS = (
    "stellv", "stv", "stellvertretende", "stellvertretender", "kommissarische",
    "kommissarischer", "kaufmaennische", "kaufmaennischer", "paedagogische",
    "paedagogischer", "ehrenamtliche", "ehrenamtlicher", "hauptamtliche", "hauptamtlicher",
    "erste", "erster", "zweite", "zweiter", "leitende", "leitender", "ltd", "ev", "kath",
    "evangelische", "evangelischer", "katholische", "katholischer", "der", "die", "des",
    "und", "fuer", "im", "in", "am",
)  # fmt: skip
# Academic titles and name particles that start a name, never a function.
_NAME_STARTS = {"dr", "prof", "dipl", "ing", "von", "van", "de", "mag"}


def is_role_word(word: str) -> bool:
    """A role or function word in any gender form: "Leiterin", "Leiter*in", "LeiterIn",
    "Geschäftsführerin", "Sozialarbeiter:innen", "Pfarrer", "Sachbearbeitung"."""
    key = fold(re.sub(r"[*:_/]", "", word)).replace(" ", "")
    if not key or key in _NAME_STARTS:
        return False
    for candidate in {key, re.sub(r"(innen|in)$", "", key)}:
        if candidate.endswith(ROLE_STEMS):  # one call for the whole tuple
            return True
    return False


def _leading_function(words: list[str]) -> int:
    """How many of the first ``words`` make up a function (0: none): role words with their
    qualifiers, up to the first word of the name."""
    taken = 0
    seen_role = False
    for index, word in enumerate(words):
        key = fold(word).replace(" ", "")
        if is_role_word(word):
            seen_role = True
            taken = index + 1
        elif key in ROLE_QUALIFIERS and not seen_role:
            continue
        elif seen_role and key in ROLE_QUALIFIERS:
            continue  # "Leiterin der Kita" – the function goes on
        else:
            break
    return taken if seen_role else 0


def split_person(text: str) -> PersonName:
    """ "Herr Dr. Krüger (Schuldnerberatung)" → name "Dr. Krüger", function
    "Schuldnerberatung"; the salutation goes, a title stays.

    A role before the name is the function, not part of the name: "Leiterin Frau Beck" →
    "Beck" (Leiterin), "Geschäftsführer Dr. Hans Müller" → "Dr. Hans Müller"
    (Geschäftsführer), "Pfarrer Schmidt", "Sachbearbeitung: Anna Weber". A cell that holds
    only a role stays as it is (no name to take from it)."""
    text = " ".join(str(text).split())
    function = ""
    if match := _IN_BRACKETS.match(text):
        text, function = match["name"], match["function"].strip()
    elif " - " in text or " – " in text:
        text, function = (part.strip() for part in re.split(r"\s[-–]\s", text, maxsplit=1))
    leading, text = _role_before_name(text)
    if leading:
        function = f"{leading}, {function}" if function else leading
    return PersonName(name=_SALUTATION.sub("", text).strip(), function=function)


# Between two persons in one cell: "/", ";", "+", "&", "und"/"and", a line break – never
# inside brackets ("Frau Beck (Leiter/in)").
_BETWEEN_PERSONS = re.compile(r"\s*(?:[/;+&\n]|\s(?:und|and|u\.)\s)\s*", re.I)
_TITLE = re.compile(r"^(?:dr|prof|dipl|mag|pd)\.?$", re.I)
_NAME_WORD = re.compile(r"^(?:[A-ZÄÖÜ]\.|[A-ZÄÖÜ][a-zäöüßéèáàçë]+(?:-[A-ZÄÖÜ][a-zäöüßéèáàçë]+)?)$")
_PARTICLES = {"von", "van", "de", "zu", "vom", "der", "den"}


def _is_name(text: str) -> bool:
    """A person's name as lists write it: one to four capitalised words or initials, with
    titles and particles ("Dr. Anna von Berg", "U. Müller", "Kai Schmidt")."""
    words = [w for w in _SALUTATION.sub("", text.strip()).split() if not _TITLE.match(w)]
    return (
        1 <= len(words) <= 4
        and all(_NAME_WORD.match(w) or w in _PARTICLES for w in words)
        and not any(is_role_word(w) for w in words)
        and any(not w.endswith(".") and w not in _PARTICLES for w in words)
    )


def _outside_brackets(text: str) -> list[str]:
    """``text`` cut at the separators of persons that stand outside brackets."""
    parts, depth, start = [], 0, 0
    for found in re.finditer(r"[()]|" + _BETWEEN_PERSONS.pattern, text, re.I):
        token = found.group()
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(text[start : found.start()])
            start = found.end()
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


def surname_first(text: str) -> str:
    """ "Müller, Anja" → "Anja Müller", "Dr. Berg, Anna" → "Dr. Anna Berg": one comma between
    a surname and first names (no role after the comma: "Beck, Leiterin" stays)."""
    name, comma, first = text.partition(",")
    if not comma or "," in first:
        return text
    surname, first = name.strip(), first.strip()
    titles = []
    words = _SALUTATION.sub("", surname).split()
    while words and _TITLE.match(words[0]):
        titles.append(words.pop(0))
    salutation = surname[: len(surname) - len(_SALUTATION.sub("", surname))]
    if not words or not first or not _is_name(" ".join(words)) or not _is_name(first):
        return text
    if len(first.split()) > 2 or len(words) > 3:
        return text
    return " ".join([salutation.strip(), *titles, first, *words]).strip()


def split_persons(text: str) -> list[str]:
    """Several persons written in one cell ("Fr. Ute Müller / Hr. Kai Schmidt", "Müller,
    Anja; Kai Schmidt", "U. Müller und K. Schmidt", "Ute Müller, Kai Schmidt"), each in the
    order first name, surname. One person: a list of one (turned round where written
    "Nachname, Vorname"). Split only where every part is a name."""
    text = " ".join(str(text).split()) if "\n" not in str(text) else str(text).strip()
    parts = _outside_brackets(text)
    if len(parts) == 1 and text.count(",") >= 1:
        pieces = [piece.strip() for piece in text.split(",")]
        # "Ute Müller, Kai Schmidt": full names on both sides of each comma
        if len(pieces) > 1 and all(
            len(_SALUTATION.sub("", piece).split()) >= 2 and _is_name(piece) for piece in pieces
        ):
            parts = pieces
    if len(parts) > 1 and all(_is_person(surname_first(part)) for part in parts):
        return [surname_first(part) for part in parts]
    return [surname_first(" ".join(text.split()))]


def _is_person(text: str) -> bool:
    """A part of a cell that names one person: a name of two words or more ("Kai Schmidt",
    "K. Schmidt"), or a surname with a salutation or role ("Frau Lange", "Pfarrer Schmidt")
    – a single word ("Kita", "Hort") is not enough."""
    person = split_person(text)
    words = person.name.split()
    return _is_name(person.name) and (
        len(words) >= 2 or bool(_SALUTATION.match(text.strip())) or bool(person.function)
    )


def _role_before_name(text: str) -> tuple[str, str]:
    """(function, rest) when ``text`` starts with a role; ("", text) otherwise."""
    if (match := _LABELLED.match(text)) and not _SALUTATION.match(text):
        label = match["function"].strip()
        if _leading_function(label.split()) == len(label.split()) or is_role_word(label):
            return label, match["name"].strip()
    if (match := _INNER_SALUTATION.search(text)) and _leading_function(
        text[: match.start()].split()
    ):
        return text[: match.start()].strip().rstrip(",:"), text[match.start() :].strip()
    words = text.split()
    taken = _leading_function(words)
    if taken and taken < len(words):
        rest = " ".join(words[taken:])
        return " ".join(words[:taken]).rstrip(",:"), rest
    if "," in text:  # "Beck, Leiterin" – but "Müller, Hans" is surname and first name
        name, _comma, tail = text.partition(",")
        if tail.strip() and _leading_function(tail.split()) == len(tail.split()):
            return tail.strip(), name.strip()
    return "", text


# --- whose is a mailbox, whose a number -----------------------------------------------

# Mailboxes of an organisation, not of a person (the local part, folded, without
# separators). ``is_organisation_mailbox`` also takes any local part made of such words or
# ending in a word of ``FUNCTIONAL_ENDINGS`` (pfarramt@, jugendamt@, kita-leitung@).
ORGANISATION_MAILBOXES = {
    "info", "information", "kontakt", "contact", "post", "poststelle", "mail", "email",
    "office", "buero", "verwaltung", "sekretariat", "zentrale", "service", "hallo", "hello",
    "anfrage", "anfragen", "empfang", "beratung", "team", "vorstand", "geschaeftsstelle",
    "presse", "redaktion", "anmeldung", "kasse", "kanzlei", "pfarramt", "gemeindebuero",
    "rathaus", "stadtverwaltung", "gemeinde", "stadt", "schule", "kita", "hort", "leitung",
    "schulleitung", "kitaleitung", "geschaeftsfuehrung", "noreply", "no-reply", "webmaster",
    "admin", "mitglieder", "spenden", "bewerbung", "jobs", "karriere", "termine", "org",
    "buergerbuero", "buergerservice", "kundenservice", "mailbox", "postfach",
}  # fmt: skip
FUNCTIONAL_ENDINGS = (
    "amt", "stelle", "buero", "leitung", "verwaltung", "sekretariat", "zentrale",
    "beratung", "service", "team", "kontakt", "info", "post", "office", "anmeldung",
    "redaktion", "gemeinde", "kanzlei", "vorstand", "fuehrung", "management",
)  # fmt: skip


def _mailbox_words(address: str) -> list[str]:
    local = str(address).split("@")[0].split("+")[0]
    return [word for word in re.split(r"[^a-z0-9]+", fold(local).replace(" ", "-")) if word]


def is_functional_mailbox(address: str) -> bool:
    """info@, pfarramt@, poststelle@, kontakt@, buero@, verwaltung@, jugendamt@,
    kita-leitung@, info.sonneberg@ … – a mailbox of a function, not of a person."""
    words = _mailbox_words(address)
    if not words:
        return False
    joined = "".join(words)
    if joined in ORGANISATION_MAILBOXES:
        return True
    return any(
        word in ORGANISATION_MAILBOXES or word.endswith(FUNCTIONAL_ENDINGS) for word in words
    )


def is_organisation_mailbox(address: str, organisation: str = "", person: str = "") -> bool:
    """Whether ``address`` beside ``person`` is the organisation's rather than the person's:
    a functional mailbox (``is_functional_mailbox``), or one named after the organisation
    (tafel@ for "Tafel Sonneberg") and not after the person (anna.beck@ stays Anna Beck's)."""
    local = "".join(_mailbox_words(address))
    person_words = [word for word in fold(person).split() if len(word) >= 3]
    if any(word in local for word in person_words):
        return False
    if is_functional_mailbox(address):
        return True
    return any(len(word) >= 4 and word in local for word in fold(organisation).split())


# A switchboard: the extension 0 ("03675 8840-0", "0361 / 12 34 5 - 0"), or a number
# labelled as the switchboard ("Zentrale: …", "Vermittlung …").
_SWITCHBOARD = re.compile(r"(?:\d\s*[-–]\s*0|\(0\))\s*$")
_SWITCHBOARD_LABEL = re.compile(r"\b(?:zentrale|vermittlung|sammelnummer|hauptnummer)\b", re.I)


# Words of a label that name a function of the organisation rather than a person: a
# switchboard, a reception, an office ("Zentrale", "Sekretariat", "Empfang", "Verwaltung").
ORGANISATION_FUNCTIONS = {
    "zentrale", "vermittlung", "sammelnummer", "hauptnummer", "hauptanschluss", "empfang",
    "pforte", "rezeption", "hotline", "servicenummer", "infotelefon", "allgemein",
    "switchboard", "reception", "main", "general", "frontdesk", "haupt", "geschaeftszimmer",
}  # fmt: skip
# Words that say a number is a person's own line.
_PERSONAL_LINE = {"durchwahl", "direkt", "direct", "mobil", "handy", "mobile", "privat",
                  "persoenlich", "personal", "cell", "dw"}  # fmt: skip


def names_organisation_function(label: str) -> bool:
    """Whether the words beside a number name a function of the organisation ("Zentrale",
    "Sekretariat", "Empfang", "Hauptnummer", "Verwaltung", "Geschäftsstelle", "Büro",
    "Telefonzentrale") rather than a person ("Durchwahl", "Frau Beck", "mobil")."""
    words = [word for word in re.split(r"[^a-z0-9]+", fold(label)) if word]
    if not words or _SALUTATION.match(label.strip()) or _PERSONAL_LINE & set(words):
        return False
    functional = ORGANISATION_FUNCTIONS | ORGANISATION_MAILBOXES
    return any(
        word in functional
        or word.endswith(FUNCTIONAL_ENDINGS)
        or any(len(part) >= 6 and part in word for part in ORGANISATION_FUNCTIONS)
        for word in words
    )


def is_switchboard(number: str) -> bool:
    """The organisation's switchboard rather than a direct line ("Durchwahl")."""
    text = str(number).strip()
    return bool(_SWITCHBOARD.search(text) or _SWITCHBOARD_LABEL.search(text))
