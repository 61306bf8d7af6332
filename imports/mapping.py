"""Column mapping: which source column feeds which field, suggested from the header, and
how cell values map to the uniform vocabularies."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from contacts.models import (
    ContactStatus,
    CooperationForm,
    FieldOfAction,
    Intensity,
    OrganisationType,
    Vocabulary,
)
from core.text import fold
from imports import parsers as p

StrOrPromise = str | Promise


def vocabulary_of(code: str) -> type[Vocabulary]:
    """The vocabulary model of a field (organisation type, fields of action …)."""
    model = BY_CODE[code].vocabulary
    if model is None:
        raise ValueError(code)
    return model


@dataclass(frozen=True)
class Target:
    """A field of the uniform schema: its words in headers, and the one parser that reads
    its cells (imports.parsers)."""

    code: str
    label: StrOrPromise
    synonyms: tuple[str, ...]
    vocabulary: type[Vocabulary] | None = None  # a vocabulary model, for value mapping
    multiple: bool = False
    parser: Callable[[object], p.Parsed] = p.parse_text
    into: str = ""  # the field the parsed value lands in, where not ``code``

    def parse(self, value: object, lookup: p.Lookup | None = None) -> p.Parsed:
        """The cell read for this field; vocabularies through ``lookup``."""
        if self.vocabulary is not None and lookup is not None:
            return p.parse_vocabulary(self.code, value, lookup, multiple=self.multiple)
        return self.parser(value)


# Legal forms as lists write them (folded) → the notation the register keeps; a column of
# them is joined to the organisation's name ("Tafel Sonneberg" + "e.V.").
LEGAL_FORM_NOTATIONS = {
    "e v": "e. V.", "ev": "e. V.", "eingetragener verein": "e. V.", "e v i g": "e. V. i. G.",
    "gemeinnuetziger verein": "e. V.", "ggmbh": "gGmbH", "gemeinnuetzige gmbh": "gGmbH",
    "g gmbh": "gGmbH", "gmbh": "GmbH", "mbh": "mbH", "gesellschaft mbh": "GmbH",
    "gesellschaft mit beschraenkter haftung": "GmbH", "eg": "eG", "e g": "eG",
    "eingetragene genossenschaft": "eG", "genossenschaft": "eG", "ug": "UG",
    "ug haftungsbeschraenkt": "UG (haftungsbeschränkt)", "gug": "gUG", "ag": "AG",
    "gag": "gAG", "gbr": "GbR", "kg": "KG", "ohg": "OHG", "gmbh co kg": "GmbH & Co. KG",
    "e k": "e. K.", "kdoer": "KdöR", "k d oe r": "KdöR", "kdor": "KdöR",
    "koerperschaft des oeffentlichen rechts": "KdöR", "aoer": "AöR", "a d oe r": "AöR",
    "anstalt des oeffentlichen rechts": "AöR", "stiftung": "Stiftung",
    "stiftung buergerlichen rechts": "Stiftung bürgerlichen Rechts",
    "stiftung des buergerlichen rechts": "Stiftung bürgerlichen Rechts",
    "stiftung des oeffentlichen rechts": "Stiftung des öffentlichen Rechts",
    "ggmbh i g": "gGmbH i. G.", "gemeinnuetzige ug": "gUG", "eingetragener verein e v": "e. V.",
    "registered association": "e. V.", "non profit limited company": "gGmbH",
    "limited company": "GmbH", "cooperative": "eG", "foundation": "Stiftung",
}  # fmt: skip


def legal_form(value: object) -> str:
    """The legal form a cell names, as the register writes it ("e.V." → "e. V."), or ""."""
    return LEGAL_FORM_NOTATIONS.get(fold(value), "")


def parse_legal_form(value: object) -> p.Parsed:
    """A legal form in its own column: read to be joined to the organisation's name
    (``rows``); anything else stays for the notes."""
    text = p._text(value)
    if not text or fold(text) in ("", "keine", "ohne", "none", "k a"):
        return p.NOTHING
    if form := legal_form(text):
        return p.Parsed(value=form)
    return p.Parsed(leftover=text, note=str(_("keine bekannte Rechtsform")))


def with_legal_form(name: str, form: str) -> str:
    """The organisation's name with its legal form, unless the name already has it."""
    if not form or not name:
        return name
    folded, form_key = f" {fold(name)} ", fold(form)
    if f" {form_key} " in folded or f" {form_key.replace(' ', '')} " in folded:
        return name
    return f"{name.rstrip(' ,')} {form}"


TARGETS = [
    Target(
        "organisation",
        _("Name der Organisation"),
        ("organisation", "organisation name", "name der organisation", "name der einrichtung",
         "einrichtung", "institution", "organization", "netzwerkpartner", "partner",
         "kooperationspartner", "name", "traeger", "firma", "verein", "behoerde", "unternehmen",
         "company", "company name", "organisationsname", "name des unternehmens", "unternehmensname",
         "firmenname", "account name", "accountname", "kontoname", "arbeitgeber", "aktueller arbeitgeber",
         "current employer", "organization name", "einrichtungsname", "institution name", "partnerorganisation"),
    ),
    Target(
        "organisation_type",
        _("Organisationsart"),
        ("organisationsart", "art der einrichtung", "art der organisation", "art", "typ",
         "type", "kategorie", "organisationstyp", "kind of organisation",
         "kind of organization", "organisation type", "organization type", "type of organisation"),
        vocabulary=OrganisationType,
    ),
    Target("street", _("Straße und Hausnummer"), ("strasse", "str", "adresse", "anschrift", "street", "address", "strasse hausnummer", "strasse und hausnummer", "strasse nr", "postanschrift", "hausanschrift", "address street", "street address", "mailing street", "adresse strasse"), parser=p.parse_street),
    Target("legal_form", _("Rechtsform (an den Namen)"), ("rechtsform", "gesellschaftsform", "unternehmensform", "rechtsform der organisation", "rechtsform der einrichtung", "rechtsform des traegers", "legal form", "legal entity", "legal entity type", "form of incorporation", "company type"), parser=parse_legal_form),
    Target("house_number", _("Hausnummer (an die Straße)"), ("hausnummer", "hausnr", "haus nr", "hnr", "house number", "nr hausnummer"), parser=p.parse_house_number),
    Target("postcode", _("PLZ"), ("plz", "postleitzahl", "zip", "postcode", "postal code", "zip code", "zip postal code", "address postal code", "mailing zip postal code", "mailing zip"), parser=p.parse_postcode),
    Target("city", _("Ort"), ("ort", "stadt", "city", "gemeinde", "town", "wohnort", "sitz", "standort", "address city", "mailing city", "place"), parser=p.parse_city),
    Target("postcode_city", _("PLZ und Ort (werden getrennt)"), ("plz ort", "plz und ort", "postleitzahl ort", "postleitzahl und ort"), parser=p.parse_postcode_city, into="city"),
    Target("phone", _("Telefon der Organisation"), ("telefon", "tel", "telefonnummer", "phone", "fon", "tel nr", "telefon nr", "festnetz", "rufnummer", "phone number", "telefon zentrale", "zentrale"), parser=p.parse_phone),
    Target("email", _("E-Mail der Organisation"), ("e mail", "email", "mail", "e mail adresse", "emailadresse", "e mailadresse", "email address", "e mail address", "mailadresse", "mail adresse"), parser=p.parse_email),
    Target("fax", _("Fax (in die Notizen)"), ("fax", "telefax", "faxnummer", "fax nr"), parser=p.parse_phone),
    Target("website", _("Website"), ("website", "webseite", "homepage", "internet", "www", "url", "web", "internetseite", "internetadresse", "website url"), parser=p.parse_website),
    Target(
        "fields_of_action",
        _("Handlungsfelder"),
        ("handlungsfeld", "handlungsfelder", "thema", "themen", "arbeitsfeld", "arbeitsfelder", "bereich", "themenfeld", "themenfelder", "schwerpunkt", "schwerpunkte", "taetigkeitsfeld", "taetigkeitsbereich", "fachbereich", "zielgruppe", "zielgruppen", "arbeitsschwerpunkt", "fields of action", "field of action", "topics"),
        vocabulary=FieldOfAction,
        multiple=True,
    ),
    Target(
        "cooperation_forms",
        _("Formen der Zusammenarbeit"),
        ("form der zusammenarbeit", "formen der zusammenarbeit", "zusammenarbeit", "kooperation", "kooperationsform", "kooperationsformen", "art der zusammenarbeit", "art der kooperation"),
        vocabulary=CooperationForm,
        multiple=True,
    ),
    Target("intensity", _("Intensität"), ("intensitaet", "kontaktintensitaet", "haeufigkeit", "intensity", "kontakthaeufigkeit", "kontaktdichte", "contact frequency", "frequency"), parser=p.parse_intensity),
    Target("since", _("Kontakt seit"), ("seit", "kontakt seit", "beginn", "erstkontakt", "datum erstkontakt", "since", "start", "zusammenarbeit seit", "kooperation seit", "partner seit", "im netzwerk seit", "beginn der zusammenarbeit", "erster kontakt", "first contact", "contact since", "member since", "mitglied seit"), parser=p.parse_since),
    Target("ended_on", _("beendet am"), ("beendet am", "beendet", "ende", "ende der zusammenarbeit", "ende der kooperation", "kooperation bis", "zusammenarbeit bis", "ausgelaufen", "ausgelaufen am", "ended", "end date", "enddatum"), parser=p.parse_ended),
    Target("status", _("Status"), ("status", "stand", "kontaktstatus", "status der zusammenarbeit", "status kooperation", "state", "stand der kooperation", "stand der zusammenarbeit", "cooperation status"), parser=p.parse_status),
    Target("active", _("aktiv? (ja/nein oder Statuswort)"), ("aktiv", "active", "ist aktiv", "noch aktiv", "kooperation aktiv", "partner aktiv", "aktiver partner", "laeuft noch", "besteht noch", "is active", "aktiv ja nein", "aktiv j n"), parser=p.parse_active, into="status"),
    Target("inactive", _("inaktiv? (ja/nein, umgekehrt)"), ("inaktiv", "inactive", "ist inaktiv", "deaktiviert", "gesperrt", "archiviert", "is inactive", "archived", "inaktiv ja nein"), parser=p.parse_inactive, into="status"),
    Target("last_contact", _("letzter Kontakt (in die Notizen)"), ("letzter kontakt", "zuletzt", "last contact", "letzter termin", "letztes treffen", "zuletzt kontakt", "kontakt zuletzt", "letzte kontaktaufnahme", "last contacted", "last activity", "letzte aktivitaet"), parser=p.parse_text),
    Target("in_steering_group", _("Mitglied der Steuerungsgruppe"), ("steuerungsgruppe", "stg", "mitglied steuerungsgruppe", "in steuerungsgruppe", "lenkungsgruppe", "steuerkreis"), parser=p.parse_flag),
    Target("notes", _("Notizen"), ("notizen", "notiz", "bemerkung", "bemerkungen", "anmerkung", "anmerkungen", "kommentar", "kommentare", "notes", "info", "hinweise", "beschreibung", "sonstiges", "remarks", "comments", "comment", "note", "notiz feld", "freitext", "description", "contact description")),
    Target(
        "person_name",
        _("Ansprechperson: Name"),
        ("ansprechpartner", "ansprechpartnerin", "ansprechpartner in", "ansprechpartner innen", "ansprechperson", "kontaktperson", "contact", "contact person", "name ansprechpartner", "nachname", "familienname", "last name", "family name", "surname"),
        parser=p.parse_person_name,
    ),
    Target("person_first_name", _("Ansprechperson: Vorname"), ("vorname", "vornamen", "rufname", "first name", "given name")),
    Target("person_function", _("Ansprechperson: Funktion"), ("funktion", "position", "rolle", "function", "job title", "jobbezeichnung", "berufsbezeichnung", "title", "titel position", "arbeitstitel", "dienststellung", "organization title", "organisation title", "job", "beruf", "titel", "role")),
    Target("person_phone", _("Ansprechperson: Telefon"), ("telefon ansprechpartner", "tel ansprechpartner", "durchwahl", "mobil", "handy", "mobiltelefon", "mobilnummer", "mobile", "mobile phone", "mobil tel nr", "direct line"), parser=p.parse_phone),
    Target("person_email", _("Ansprechperson: E-Mail"), ("e mail ansprechpartner", "mail ansprechpartner", "email ansprechpartner"), parser=p.parse_email),
    Target("person_consent", _("Ansprechperson: Einwilligung am"), ("einwilligung", "einwilligung am", "einwilligung datum", "datum einwilligung", "einverstaendnis", "einverstaendniserklaerung", "dsgvo", "dsgvo einwilligung", "datenschutz einwilligung", "consent", "einwilligung dsgvo", "zustimmung datenschutz"), parser=p.parse_consent),
]  # fmt: skip
BY_CODE = {target.code: target for target in TARGETS}
IGNORE = ""


ALL_SYNONYMS = {synonym for target in TARGETS for synonym in target.synonyms}
# Words that head columns without naming a field of the schema.
OTHER_HEADER_WORDS = {"nr", "lfd nr", "nummer", "laufende nummer", "nachname", "fax", "mobil",
                      "adresse", "kontakt", "kontaktdaten", "ansprechpartner", "hausnummer"}  # fmt: skip
PERSON_GROUPS = ("kontaktperson", "kontaktpersonen", "ansprechpartner", "ansprechpartnerin",
                 "ansprechperson", "ansprechpartner innen", "ansprechpartner in", "kontakt",
                 "ap", "contact", "contact person", "person")  # fmt: skip
# The person's counterpart of a field a group's sub-heading names ("AP | Mail" → the person's
# e-mail, "Kontaktperson | Kontaktperson" → the person's name).
PERSON_COUNTERPARTS = {"organisation": "person_name", "phone": "person_phone",
                       "email": "person_email", "fax": "fax"}  # fmt: skip
PERSON_FIELD_CODES = ("person_name", "person_first_name", "person_function", "person_phone",
                      "person_email", "person_consent")  # fmt: skip
PERSON_SUB_FIELDS = {
    "name": "person_name", "nachname": "person_name", "familienname": "person_name",
    "vorname": "person_first_name", "tel": "person_phone", "telefon": "person_phone",
    "fon": "person_phone", "mobil": "person_phone", "handy": "person_phone",
    "durchwahl": "person_phone", "mail": "person_email", "e mail": "person_email",
    "email": "person_email", "funktion": "person_function", "position": "person_function",
    "rolle": "person_function", "fax": "fax",
}  # fmt: skip
ADDRESS_GROUPS = ("adresse", "anschrift")
SUB_FIELDS = set(PERSON_SUB_FIELDS) | {"strasse", "str", "hausnummer", "nr", "plz", "ort",
                                       "postleitzahl", "stadt", "gemeinde"}  # fmt: skip
SURNAMES = ("name", "nachname", "familienname")


def is_header_word(text: object) -> bool:
    """Does a cell read like a column heading (a field's name, or the start or end of one)?"""
    name = fold(text)
    words = name.split()
    return bool(words) and (
        name in ALL_SYNONYMS
        or name in OTHER_HEADER_WORDS
        or words[0] in ALL_SYNONYMS
        or words[-1] in ALL_SYNONYMS
        or words[0] in PERSON_GROUPS
    )


def is_sub_field(text: object) -> bool:
    """A heading that a group above it qualifies ("Name", "Tel.", "PLZ" …)."""
    name = fold(text)
    return name in SUB_FIELDS or (bool(name.split()) and name.split()[-1] in SUB_FIELDS)


_PERSON_GROUPS_LONGEST = sorted(PERSON_GROUPS, key=len, reverse=True)


def _grouped(name: str) -> str | None:
    """ "Kontaktperson Tel." → the person's phone, "Adresse PLZ" → the postcode."""
    for group in _PERSON_GROUPS_LONGEST:
        if name.endswith(" " + group) and group != "kontakt":
            # "Mail AP", "Telefon Kontaktperson": the person's field named before the group
            rest = name[: -len(group) - 1]
            code = PERSON_SUB_FIELDS.get(rest) or PERSON_COUNTERPARTS.get(
                next((t.code for t in TARGETS if rest in t.synonyms), "")
            )
            if code in (*PERSON_FIELD_CODES, "fax"):
                return code
        if name.startswith(group + " "):
            rest = name[len(group) + 1 :]
            if code := PERSON_SUB_FIELDS.get(rest):
                return code
            if rest in PERSON_GROUPS:  # "Ansprechpartner 2 | Ansprechpartner": the name
                return "person_name"
            named = next((t.code for t in TARGETS if rest in t.synonyms), "")
            code = PERSON_COUNTERPARTS.get(named, named)
            if code in PERSON_FIELD_CODES or code == "fax":
                return code
            return PERSON_SUB_FIELDS.get(rest.split()[0])
    for group in ADDRESS_GROUPS:
        if name.startswith(group + " "):
            rest = name[len(group) + 1 :]
            return next((t.code for t in TARGETS if rest in t.synonyms), None)
    return None


@functools.lru_cache(maxsize=1)
def _header_vocabulary() -> frozenset[str]:
    words = {w for synonym in ALL_SYNONYMS for w in synonym.split()}
    words |= {
        w for text in (*OTHER_HEADER_WORDS, *PERSON_GROUPS, *SUB_FIELDS) for w in text.split()
    }
    return frozenset(words)


def allowed_edits(word: str) -> int:
    """Typos tolerated in a word of this length: none in short words (where one letter
    makes another word: "stand" / "stadt"), one from five letters, two from ten."""
    return 0 if len(word) < 5 else 1 if len(word) < 10 else 2


@functools.lru_cache(maxsize=4096)
def corrected_word(word: str) -> str:
    """A header word as the synonym lists spell it, where it is a typo of exactly one of
    their words (edit distance with swapped letters, relative to the length):
    "ansprechparnter" → "ansprechpartner", "kooperaton" → "kooperation"."""
    vocabulary = _header_vocabulary()
    limit = allowed_edits(word)
    if not limit or word in vocabulary or not word.isalpha():
        return word
    found = process.extract(word, vocabulary, scorer=OSA.distance, score_cutoff=limit, limit=3)
    nearest = min((distance for _c, distance, _i in found), default=limit)
    best = sorted(candidate for candidate, distance, _i in found if distance == nearest)
    # "bemerkungn": "bemerkung" and "bemerkungen" are one word in two forms
    if len(best) > 1 and all(other.startswith(best[0]) for other in best[1:]):
        best = best[:1]
    if len(best) != 1 or abs(len(best[0]) - len(word)) > limit:
        return word
    return best[0]


def corrected(name: str) -> str:
    """A folded header with each unknown word put right where it is a clear typo."""
    return " ".join(corrected_word(word) for word in name.split())


_NUMBER_SUFFIX = re.compile(r"^(?P<name>.*\D)\s*(?:nr\s*)?(?P<number>[1-9]\d?)$")


def numbered(name: str) -> str | None:
    """ "handlungsfeld 2" → "handlungsfeld" (a field's further column), else None."""
    found = _NUMBER_SUFFIX.match(name)
    return found.group("name").strip() if found else None


GENERIC_WORDS = {"name", "der", "des", "die", "bezeichnung", "nr", "nummer"}


def suggest(header: list[str]) -> dict[str, str]:
    """For each column the most likely field (or ignore); each field is used once – except
    numbered columns of a field that takes several values ("Handlungsfeld 1 | 2 | 3").
    Headers with typos are matched after the correctly spelt ones."""
    suggestions: dict[str, str] = {}
    taken: set[str] = set()
    names = {column: fold(column) for column in header}

    def assign(column: str, code: str) -> None:
        if column not in suggestions and code not in taken:
            suggestions[column] = code
            taken.add(code)

    for column, name in names.items():
        if code := _grouped(name):
            assign(column, code)
    # "Name" beside "Vorname" is the person's surname, not the organisation's name.
    if any(name in BY_CODE["person_first_name"].synonyms for name in names.values()):
        for column, name in names.items():
            if name in SURNAMES:
                assign(column, "person_name")
    scored = []
    spellings = [(names, 0.0)]
    fixed = {column: corrected(name) for column, name in names.items()}
    if fixed != names:
        spellings.append(({c: n for c, n in fixed.items() if n != names[c]}, 0.5))
    for spelling, penalty in spellings:
        for column, name in spelling.items():
            words = name.split()
            # "Name Organisation", "Telefon Nummer": the heading without a generic word.
            core = " ".join(w for w in words if w not in GENERIC_WORDS)
            for target in TARGETS:
                for synonym in target.synonyms:
                    if name == synonym or (core and core != name and core == synonym):
                        score = 3.0
                    elif " " in synonym and synonym in name:
                        score = 2.0
                    elif words and (
                        words[0] == synonym or (len(words) > 1 and words[-1] == synonym)
                    ):
                        # "Partner since": the last word may name the field as well
                        score = 1.0 if words[0] == synonym else 0.75
                    else:
                        continue
                    # A contact person's phone or e-mail: the header names the person.
                    if target.code in ("phone", "email") and "ansprech" in name:
                        continue
                    scored.append((score - penalty, len(synonym), column, target.code))
    for _score, _length, column, code in sorted(scored, key=lambda s: (-s[0], -s[1])):
        assign(column, code)
    # Further numbered columns of a field with several values: "Themen 2", "Handlungsfeld 3".
    for column in header:
        if column in suggestions:
            continue
        base = numbered(names[column])
        if base is None:
            continue
        base = corrected(base)
        code = next((t.code for t in TARGETS if t.multiple and base in t.synonyms), None)
        if code is not None:
            suggestions[column] = code
    for column in header:
        if column in suggestions:
            continue
        name = names[column]
        person_field = None
        if "ansprech" in name and ("tel" in name or "fon" in name):
            person_field = "person_phone"
        elif "ansprech" in name and "mail" in name:
            person_field = "person_email"
        if person_field and person_field not in taken:
            assign(column, person_field)
        else:
            suggestions[column] = IGNORE
    return {column: suggestions[column] for column in header}


# --- columns of marks: one column per field of action or form of cooperation ---------------

# Columns the reader adds (imports.tables); named here so that tables can depend on mapping.
SHEET_COLUMN = "Tabellenblatt"
SECTION_COLUMN = "Abschnitt"
NAME_ADDITION_COLUMN = "Namenszusatz"  # "Name 2" of a name over two lines
MARKS = {"x", "ja", "j", "1", "yes", "y", "true", "wahr", "✓", "✔", "✗", "☑", "☒", "+", "*",
         "●", "•", "■", "◼", "√", "ok", "xx"}  # fmt: skip
MARK_FIELDS = ("fields_of_action", "cooperation_forms")


def mark_code(field_code: str, entry_code: str) -> str:
    return f"mark:{field_code}:{entry_code}"


def parse_mark_code(code: str) -> tuple[str, str] | None:
    """("fields_of_action", "senioren") for a mark column's code, else None."""
    parts = code.split(":")
    if len(parts) == 3 and parts[0] == "mark" and parts[1] in MARK_FIELDS:
        return parts[1], parts[2]
    return None


def is_mark(value: object) -> bool:
    return str(value).strip().lower() in MARKS


def is_blank_mark(value: object) -> bool:
    return str(value).strip().lower() in ("", "nein", "n", "0", "-", "–", "no", "false")


def mark_choices() -> list[tuple[str, str]]:
    """A choice per vocabulary entry a column of marks can stand for."""
    choices = []
    for field_code in MARK_FIELDS:
        target = BY_CODE[field_code]
        for entry in vocabulary_of(field_code)._default_manager.filter(is_active=True):
            choices.append(
                (mark_code(field_code, entry.code), f"{target.label}: {entry.label} (x-Spalte)")
            )
    return choices


def label_of(code: str) -> str:
    """The field a column is mapped to, as the user reads it."""
    if mark := parse_mark_code(code):
        field_code, entry_code = mark
        target = BY_CODE[field_code]
        entry = vocabulary_of(field_code)._default_manager.filter(code=entry_code).first()
        return f"{target.label}: {entry.label if entry else entry_code}"
    return str(BY_CODE[code].label)


def _without_group_word(field_code: str, column: str) -> str:
    """ "Handlungsfelder Senioren" → "senioren": the heading without the field's own name."""
    name = fold(column)
    for synonym in sorted(BY_CODE[field_code].synonyms, key=len, reverse=True):
        if name.startswith(synonym + " "):
            return name[len(synonym) + 1 :]
    return ""


def suggest_for(header: list[str], rows: list[list[object]]) -> dict[str, str]:
    """The header's suggestions, and columns of marks whose heading names a vocabulary
    entry by the same matching as cell values ("Sprache" → Bildung und Sprache)."""
    suggestions = suggest(header)
    matchers = {code: ValueMatcher(vocabulary_of(code)) for code in MARK_FIELDS}
    entry_codes = {
        code: dict(vocabulary_of(code)._default_manager.values_list("pk", "code"))
        for code in MARK_FIELDS
    }
    taken = set(suggestions.values())
    # The sheet's name or a sub-heading as the organisation type ("Ämter", "Vereine:").
    types = ValueMatcher(OrganisationType)
    for column in (SHEET_COLUMN, SECTION_COLUMN):
        if column in header and "organisation_type" not in taken:
            values = {row[header.index(column)] for row in rows} - {""}
            if values and all(types.match(value)[1] for value in values):
                suggestions[column] = "organisation_type"
                taken.add("organisation_type")
    # A sub-heading that is no type: a field of action ("Senioren"), else kept in the notes
    # ("Partner aus dem Quartier") – a group label is never lost.
    if SECTION_COLUMN in header and not suggestions.get(SECTION_COLUMN):
        values = {row[header.index(SECTION_COLUMN)] for row in rows} - {""}
        fields = ValueMatcher(FieldOfAction)
        if values and all(fields.match(value)[1] for value in values):
            suggestions[SECTION_COLUMN] = "fields_of_action"
        elif values:
            suggestions[SECTION_COLUMN] = "notes"
    if NAME_ADDITION_COLUMN in header:
        suggestions[NAME_ADDITION_COLUMN] = "notes"  # never lost, beside any notes column
    for index, column in enumerate(header):
        # A column of marks under a group heading ("Handlungsfelder: Senioren") names the
        # entry, even where the group's word alone would name the whole field.
        if suggestions[column] and suggestions[column] not in MARK_FIELDS:
            continue
        filled = [row[index] for row in rows if str(row[index]).strip()]
        if not filled or not all(is_mark(v) or is_blank_mark(v) for v in filled):
            continue
        for field_code in MARK_FIELDS:
            pk, confident = matchers[field_code].match(column)
            if not confident and (rest := _without_group_word(field_code, column)):
                # "Fields of action: leisure" – the entry's word after the field's own name
                pk, confident = matchers[field_code].match(rest)
            code = mark_code(field_code, entry_codes[field_code].get(pk, "")) if pk else ""
            if confident and code not in taken:
                taken.discard(suggestions[column])
                suggestions[column] = code
                taken.add(code)
                break
    return suggestions


# --- cell values to vocabulary entries and choices ----------------------------------------

TYPE_SYNONYMS = {
    "amt": "behoerde", "behoerde": "behoerde", "verwaltung": "behoerde", "landratsamt": "behoerde",
    "stadtverwaltung": "behoerde", "kommune": "behoerde", "jugendamt": "behoerde",
    "sozialamt": "behoerde", "ev": "verein", "e v": "verein", "verein": "verein",
    "sportverein": "verein", "schule": "schule-kita", "kita": "schule-kita",
    "kindergarten": "schule-kita", "grundschule": "schule-kita", "kirche": "kirche",
    "kirchengemeinde": "kirche", "pfarramt": "kirche", "unternehmen": "unternehmen",
    "firma": "unternehmen", "betrieb": "unternehmen", "gmbh": "unternehmen",
    "jobcenter": "jobcenter", "agentur fuer arbeit": "jobcenter", "arbeitsagentur": "jobcenter",
    "wohnungsunternehmen": "wohnungsunternehmen", "wohnungsgesellschaft": "wohnungsunternehmen",
    "wohnungsbaugenossenschaft": "wohnungsunternehmen", "wbg": "wohnungsunternehmen",
    "politik": "politik", "partei": "politik", "stadtrat": "politik", "initiative": "initiative",
    "buergerinitiative": "initiative", "freier traeger": "soziale-einrichtung",
    "soziale einrichtung": "soziale-einrichtung", "wohlfahrtsverband": "soziale-einrichtung",
    "beratungsstelle": "soziale-einrichtung", "sonstige": "sonstige", "sonstiges": "sonstige",
    "traeger": "soziale-einrichtung", "wohlfahrt": "soziale-einrichtung",
    "diakonie": "soziale-einrichtung", "caritas": "soziale-einrichtung",
    "awo": "soziale-einrichtung", "paritaet": "soziale-einrichtung", "genossenschaft": "wohnungsunternehmen",
    "wohnungswirtschaft": "wohnungsunternehmen", "vermieter": "wohnungsunternehmen",
    "gemeinde": "behoerde", "stadt": "behoerde", "landkreis": "behoerde", "ministerium": "behoerde",
    "ehrenamt": "initiative", "selbsthilfe": "initiative", "gruppe": "initiative",
    "bildungseinrichtung": "schule-kita", "hort": "schule-kita", "einzelhandel": "unternehmen",
    "handel": "unternehmen", "gewerbe": "unternehmen", "fraktion": "politik",
    "gemeinderat": "politik", "kreistag": "politik", "religion": "kirche", "moschee": "kirche",
    "kirchgemeinde": "kirche", "pfarrei": "kirche", "ggmbh": "soziale-einrichtung",
    "kindertagesstaette": "schule-kita", "religionsgemeinschaft": "kirche", "andere": "sonstige",
    "wirtschaft": "unternehmen", "association": "verein", "club": "verein",
    "public authority": "behoerde", "authority": "behoerde", "administration": "behoerde",
    "school": "schule-kita", "daycare": "schule-kita", "church": "kirche", "parish": "kirche",
    "company": "unternehmen", "business": "unternehmen", "politics": "politik",
    "political party": "politik", "volunteer group": "initiative", "other": "sonstige",
    "job centre": "jobcenter", "job center": "jobcenter", "housing company": "wohnungsunternehmen",
    "social institution": "soziale-einrichtung", "welfare organisation": "soziale-einrichtung",
    "charity": "soziale-einrichtung", "non profit": "soziale-einrichtung", "ngo": "soziale-einrichtung",
    "welfare": "soziale-einrichtung", "social services": "soziale-einrichtung",
    "counselling centre": "soziale-einrichtung", "local government": "behoerde",
    "local authority": "behoerde", "council": "behoerde", "municipality": "behoerde",
    "public administration": "behoerde", "employment agency": "jobcenter",
    "labour office": "jobcenter", "employment office": "jobcenter", "nursery": "schule-kita",
    "kindergarten school": "schule-kita", "day care": "schule-kita", "childcare": "schule-kita",
    "landlord": "wohnungsunternehmen", "housing association": "wohnungsunternehmen",
    "housing cooperative": "wohnungsunternehmen", "religious community": "kirche",
    "congregation": "kirche", "firm": "unternehmen", "enterprise": "unternehmen",
    "political group": "politik", "self help group": "initiative", "volunteers": "initiative",
    "citizens initiative": "initiative", "miscellaneous": "sonstige",
}  # fmt: skip
# Words lists use for a field of action (German and English), beside its label.
FIELD_SYNONYMS = {
    "beteiligung": "buergeraktivierung", "buergerbeteiligung": "buergeraktivierung",
    "engagement": "buergeraktivierung", "partizipation": "buergeraktivierung",
    "participation": "buergeraktivierung", "civic engagement": "buergeraktivierung",
    "bildung": "bildung-sprache", "sprache": "bildung-sprache",
    "sprachfoerderung": "bildung-sprache", "education": "bildung-sprache",
    "language": "bildung-sprache", "beschaeftigung": "arbeit", "ausbildung": "arbeit",
    "arbeitsmarkt": "arbeit", "employment": "arbeit", "work": "arbeit", "jobs": "arbeit",
    "wohnumfeld": "wohnen", "quartier": "wohnen", "nachbarschaft": "wohnen",
    "housing": "wohnen", "neighbourhood": "wohnen", "neighborhood": "wohnen",
    "familie": "familie-jugend", "jugend": "familie-jugend", "kinder": "familie-jugend",
    "kinder und jugend": "familie-jugend", "jugendhilfe": "familie-jugend",
    "family": "familie-jugend", "youth": "familie-jugend", "children": "familie-jugend",
    "migration": "integration", "flucht": "integration", "gefluechtete": "integration",
    "refugees": "integration", "pflege": "gesundheit", "sucht": "gesundheit",
    "praevention": "gesundheit", "health": "gesundheit", "care": "gesundheit",
    "aeltere": "senioren", "seniorenarbeit": "senioren", "alter": "senioren",
    "older people": "senioren", "seniors": "senioren", "elderly": "senioren",
    "kultur": "kultur-freizeit", "freizeit": "kultur-freizeit", "sport": "kultur-freizeit",
    "culture": "kultur-freizeit", "leisure": "kultur-freizeit",
    "einzelfallhilfe": "beratung", "sozialberatung": "beratung", "counselling": "beratung",
    "counseling": "beratung", "advice": "beratung",
}  # fmt: skip
LEGAL_FORMS = {
    "e v": "verein",
    "ev": "verein",
    "gmbh": "unternehmen",
    "ggmbh": "soziale-einrichtung",
}
# Nouns that say what an organisation is, also as the end of a compound ("Jugendamt").
_TYPE_NOUNS = sorted(
    (w for w in TYPE_SYNONYMS if " " not in w and len(w) >= 3 and w not in LEGAL_FORMS),
    key=len,
    reverse=True,
)


@functools.lru_cache(maxsize=20_000)
def _type_of_word(word: str) -> str | None:
    """Cached: a list of 10,000 rows repeats its words ("Verein", "Sonneberg") often."""
    if word.isdigit() or word in LEGAL_FORMS:
        return None
    if word in TYPE_SYNONYMS:
        return TYPE_SYNONYMS[word]
    head = next((n for n in _TYPE_NOUNS if len(word) > len(n) and word.endswith(n)), None)
    return TYPE_SYNONYMS[head] if head else None


def type_from_name(name: object) -> str | None:
    """The organisation type a name states ("Jugendamt Suhl" → Behörde, "Heimatverein Greiz"
    → Verein), the legal form only where no noun says more; None where it is unclear."""
    words = fold(name).split()
    found = {code for word in words if (code := _type_of_word(word))}
    if len(found) == 1:
        return found.pop()
    if found:
        return None
    text = f" {' '.join(words)} "
    forms = {code for form, code in LEGAL_FORMS.items() if f" {form} " in text}
    return forms.pop() if len(forms) == 1 else None


# The parsers' words, under their former names.
YES, NO, split_values = p.YES, p.NO, p.split_values
# Words for a choice, as headings and legends write them (imports.shapes reads legends with
# them; cells are read by parsers.parse_status and parse_intensity, which know more).
CHOICE_SYNONYMS = {
    "intensity": {
        "gelegentlich": Intensity.OCCASIONAL, "selten": Intensity.OCCASIONAL,
        "occasional": Intensity.OCCASIONAL, "regelmaessig": Intensity.REGULAR,
        "haeufig": Intensity.REGULAR, "regular": Intensity.REGULAR, "eng": Intensity.CLOSE,
        "intensiv": Intensity.CLOSE, "sehr eng": Intensity.CLOSE, "close": Intensity.CLOSE,
    },
    "status": {
        "aktiv": ContactStatus.ACTIVE, "active": ContactStatus.ACTIVE, "laufend": ContactStatus.ACTIVE,
        "ruhend": ContactStatus.DORMANT, "ruht": ContactStatus.DORMANT, "dormant": ContactStatus.DORMANT,
        "beendet": ContactStatus.ENDED, "ended": ContactStatus.ENDED, "inaktiv": ContactStatus.ENDED,
    },
}  # fmt: skip


def vocabulary_lookup(model: type[Vocabulary]) -> dict[str, int]:
    """Source keys that name an entry: its label and its code, plus known synonyms."""
    lookup: dict[str, int] = {}
    entries = list(model._default_manager.filter(is_active=True))
    for entry in entries:
        lookup[fold(entry.label)] = entry.pk
        lookup[fold(entry.code)] = entry.pk
        # The first words of a label ("Arbeit und Beschäftigung" → "arbeit").
        lookup.setdefault(fold(entry.label).split()[0], entry.pk)
    synonyms = {OrganisationType: TYPE_SYNONYMS, FieldOfAction: FIELD_SYNONYMS}.get(model, {})
    by_code = {entry.code: entry.pk for entry in entries}
    for synonym, code in synonyms.items():
        if code in by_code:
            lookup.setdefault(synonym, by_code[code])
    return lookup


def stem(word: str) -> str:
    """A rough German stem for matching only: umlauts as plain vowels, one plural or
    feminine ending off ("Ämter" → "amt", "Kitas" → "kita", "Senioren" → "senior")."""
    word = word.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    for ending in ("innen", "in", "en", "er", "e", "n", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _abbreviates(value: str, entry: str) -> bool:
    """Whether ``value`` is ``entry`` (one word) shortened as offices shorten words: the
    first part of a compound cut ("Infoaustausch" for Informationsaustausch: the same head
    of five letters or more, a beginning of three or more), or the word cut after six
    letters or more ("Verweisberat")."""
    value = value.replace("-", "").replace(" ", "")
    if " " in entry or not value or value == entry:
        return False
    if len(value) >= 6 and entry.startswith(value):
        return True
    common = 0
    while common < min(len(value), len(entry)) and value[-1 - common] == entry[-1 - common]:
        common += 1
    start = value[: len(value) - common]
    return common >= 5 and len(start) >= 3 and entry[: len(entry) - common].startswith(start)


class ValueMatcher:
    """A vocabulary's entries found by meaning, not only by exact synonym: label, code and
    synonyms; then word stems ("Senioren"); then the head of a German compound
    ("Stadtteilinitiative" → Initiative); then similarity for typos (rapidfuzz)."""

    CONFIDENT = 90  # similarity from which a match is taken without asking
    SUGGESTED = 80  # from here a match is offered to the user, never taken silently

    def __init__(self, model: type[Vocabulary]) -> None:
        self.exact = vocabulary_lookup(model)
        words: dict[str, set[int]] = {}
        for name, pk in self.exact.items():
            for word in name.split():
                if len(word) >= 4:
                    words.setdefault(stem(word), set()).add(pk)
        # A word shared by two entries says nothing.
        self.stems = {word: next(iter(pks)) for word, pks in words.items() if len(pks) == 1}
        self.heads = sorted((w for w in self.stems if len(w) >= 5), key=len, reverse=True)
        self.whole = {stem(name): pk for name, pk in self.exact.items() if " " not in name}
        self._cache: dict[str, tuple[int | None, bool]] = {}

    def match(self, value: object) -> tuple[int | None, bool]:
        """The entry and whether the match is confident enough to be taken unasked."""
        name = fold(value)
        if name not in self._cache:
            self._cache[name] = self._match(name)
        return self._cache[name]

    def _match(self, name: str) -> tuple[int | None, bool]:
        if not name:
            return None, False
        if name in self.exact:
            return self.exact[name], True
        if stem(name) in self.whole:
            return self.whole[stem(name)], True
        stems = [stem(word) for word in name.split()]
        found = {self.stems[w] for w in stems if w in self.stems}
        if len(found) == 1:
            return found.pop(), True
        for word in reversed(stems):  # the head of a German compound is its last part
            head = next((h for h in self.heads if word.endswith(h)), None)
            if head:
                return self.stems[head], True
        shortened = {pk for entry, pk in self.exact.items() if _abbreviates(name, entry)}
        if len(shortened) == 1:  # "Infoaustausch", "Info-Austausch", "Verweisberat."
            return shortened.pop(), True
        best = process.extractOne(
            name, list(self.exact), scorer=fuzz.ratio, score_cutoff=self.SUGGESTED
        )
        if best is None:
            return None, False
        return self.exact[best[0]], best[1] >= self.CONFIDENT


def unknown_values(
    table_rows: Sequence[Sequence[object]],
    header: Sequence[str],
    mapping: Mapping[str, str],
    value_map: Mapping[str, Mapping[str, int | None]],
) -> dict[str, list[str]]:
    """Per vocabulary field: the distinct cell values that match no entry confidently and
    that the user has not answered yet – asked once each in the wizard."""
    unknown: dict[str, list[str]] = {}
    for column, code in mapping.items():
        target = BY_CODE.get(code)
        if target is None or target.vocabulary is None or column not in header:
            continue
        index = header.index(column)
        matcher = ValueMatcher(target.vocabulary)
        chosen = value_map.get(code, {})

        def lookup(
            _code: str,
            value: str,
            matcher: ValueMatcher = matcher,
            chosen: Mapping[str, int | None] = chosen,
        ) -> int | None:
            if fold(value) in chosen:
                return chosen[fold(value)]
            pk, confident = matcher.match(value)
            if not confident:
                raise LookupError(value)
            return pk

        seen: dict[str, None] = {}
        for value in dict.fromkeys(row[index] for row in table_rows):
            for part in target.parse(value, lookup).unknown:
                seen.setdefault(part)
        if seen:
            unknown[code] = sorted(seen, key=str.lower)
    return unknown
