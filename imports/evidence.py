"""Columns decided by evidence: what the header says *and* what the values are.

Each column gets a content profile – the share of its values that read as a date, an
e-mail address, a phone number, a postcode, a web address, a vocabulary value, a person's
name, an organisation's name, a mark, a number … – and the header's word (its synonyms,
the group header above it, the qualifiers of address-book and CRM exports such as
"geschäftlich", "Business", "1 - Value"). Where header and content disagree, content wins:
a header naming a field whose values cannot be that field is not mapped to it. Every
column ends used – with the evidence for its role – or ignored with its reason.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import fold
from imports import cells
from imports import mapping as m
from imports import parsers as p

SAMPLE = 200  # distinct values per column looked at: enough for a share, cheap for 20,000
CONTENT_WINS = 0.8  # a kind this dominant decides a column without a header
HEADER_NEEDS = 0.5  # a header's field is kept only if this share of values can be it


# --- what a value is ----------------------------------------------------------------------

KIND_LABELS = {
    "date": gettext_lazy("Datumsangaben"),
    "email": gettext_lazy("E-Mail-Adressen"),
    "phone": gettext_lazy("Telefonnummern"),
    "postcode": gettext_lazy("Postleitzahlen"),
    "postcode_city": gettext_lazy("PLZ mit Ort"),
    "address": gettext_lazy("Anschriften"),
    "street": gettext_lazy("Straßen mit Hausnummer"),
    "house_number": gettext_lazy("Hausnummern"),
    "url": gettext_lazy("Web-Adressen"),
    "status": gettext_lazy("Statusangaben"),
    "intensity": gettext_lazy("Angaben zur Intensität"),
    "flag": gettext_lazy("Ja/Nein-Angaben"),
    "mark": gettext_lazy("Ankreuzungen"),
    "number": gettext_lazy("Zahlen"),
    "person": gettext_lazy("Personennamen"),
    "organisation": gettext_lazy("Namen von Organisationen"),
    "text": gettext_lazy("längere Texte"),
    "organisation_type": gettext_lazy("Organisationsarten"),
    "fields_of_action": gettext_lazy("Handlungsfelder"),
    "cooperation_forms": gettext_lazy("Formen der Zusammenarbeit"),
    "legal_form": gettext_lazy("Rechtsformen"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


# Words that make a name an organisation's ("Tafel", "Stadtbibliothek", "Jugendclub").
ORGANISATION_WORDS = (
    "verein", "verband", "amt", "behoerde", "schule", "kita", "gmbh", "ggmbh", "stiftung",
    "zentrum", "center", "haus", "buero", "treff", "club", "klub", "tafel", "bibliothek",
    "beratung", "beratungsstelle", "stelle", "dienst", "werk", "bund", "netzwerk", "initiative",
    "gemeinde", "kirche", "diakonie", "caritas", "awo", "jobcenter", "agentur", "projekt",
    "einrichtung", "institut", "universitaet", "hochschule", "akademie", "forum", "rat",
    "kammer", "ministerium", "landkreis", "stadt", "kreis", "bank", "sparkasse", "ag", "eg",
    "kg", "ug", "ev", "gbr", "mbh", "praxis", "klinik", "krankenhaus", "heim", "hospiz",
    "wohnungsgenossenschaft", "genossenschaft", "gesellschaft", "unternehmen", "firma",
    "polizei", "feuerwehr", "museum", "theater", "volkshochschule", "vhs", "kindergarten",
    "hort", "gymnasium", "bildung", "familien", "jugend", "senioren", "frauen", "hilfe",
    "wohlfahrt", "paritaet", "gruppe", "team", "partei", "fraktion", "landratsamt",
)  # fmt: skip
_ORG_HEADS = sorted((w for w in ORGANISATION_WORDS if len(w) >= 4), key=len, reverse=True)
_SALUTATION = re.compile(r"^(herrn?|frau|hr|fr|dr|prof|mr|mrs|ms)\b", re.I)
_PERSON_WORD = re.compile(r"^[A-ZÄÖÜ][a-zäöüßéèáàç]+(?:-[A-ZÄÖÜ][a-zäöüßéèáàç]+)?\.?$")
_URL = re.compile(r"^(?:https?://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,12}(?:/\S*)?$", re.I)
_STREET = re.compile(r"^\D{3,}\s\d{1,4}\s?[a-zA-Z]?(?:\s?[-/]\s?\d{1,4}[a-zA-Z]?)?$")
_ACADEMIC = re.compile(r"^(?:(?:dr|prof|dipl|mag|pd|ing|med|phil|rer|nat|jur)\b\.?[\s.-]*)+$", re.I)
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def is_organisation_like(text: str) -> bool:
    words = fold(text).split()
    if not words:
        return False
    if m.type_from_name(text) or len(words) >= 4 or re.search(r"\b[A-ZÄÖÜ]{2,}\b", text):
        return True
    return any(w in ORGANISATION_WORDS or any(w.endswith(h) for h in _ORG_HEADS) for w in words)


def is_person_like(text: str) -> bool:
    """ "Frau Dr. Anna Amsel", "Amsel, Anna", "Petra Pfau" – not "Tafel Sonneberg"."""
    text = text.strip()
    if not text or any(ch.isdigit() for ch in text) or "@" in text:
        return False
    if _SALUTATION.match(text):
        return True
    words = text.replace(",", " ").split()
    return (
        1 <= len(words) <= 3
        and all(_PERSON_WORD.match(w) for w in words)
        and not (is_organisation_like(text))
    )


def kinds_of(value: object, matchers: dict) -> set[str]:
    """Every kind a value can be read as (a value may be several: "2016" is a date and a
    number)."""
    found: set[str] = set()
    if isinstance(value, bool):
        return found
    text = p._text(value)
    if not text:
        return found
    key = fold(text)
    if p.parse_date(value, future=True).value is not None:
        found.add("date")
    if isinstance(value, int | float) or _NUMBER.match(text):
        found.add("number")
    if m.is_mark(text) or key in ("nein", "n", "0"):
        found.add("mark")
    if key in p.YES or key in p.NO:
        found.add("flag")
    if "@" in text and p.parse_email(text).value:
        found.add("email")
    elif _URL.match(text) and not _NUMBER.match(text):
        found.add("url")
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 6 and "date" not in found and (phone := p.parse_phone(value)).value:
        # A number alone, or with a label beside it ("Zentrale: 03675 …", "… (Empfang)").
        words = re.search(r"[a-zA-Z]{4,}", re.sub(r"(?i)tel|fax|fon|mobil", "", text))
        if not words or any(name == p.LABEL for name, _value in phone.parts):
            found.add("phone")
    if p.parse_postcode(value).value and len(digits) in (4, 5) and len(text) <= 9:
        found.add("postcode")
    if cells.split_postcode_city(text):
        found.add("postcode_city")
    elif (address := cells.split_address(text)) and address.street and address.postcode:
        found.add("address")
    elif _STREET.match(text) and not is_organisation_like(text.rsplit(" ", 1)[0]):
        found.add("street")
    if _ACADEMIC.match(text):
        found.add("academic_title")
    if p.is_house_number(text) and not re.fullmatch(r"\d{5,}", text):
        found.add("house_number")
    if p.parse_status(text).is_read and (
        not found & {"date", "number"} or re.search(r"[^\W\d_]{3,}", text)
    ):
        found.add("status")  # also a status word with its date: "beendet (06/2017)"
    if p.parse_intensity(text).is_read:
        found.add("intensity")
    if m.legal_form(text):
        found.add("legal_form")
    if not found & {"date", "number", "email", "url", "phone", "postcode", "postcode_city"}:
        for code, matcher in matchers.items():
            named = [_names_entry(code, matcher, part) for part in p.split_values(text)]
            if named and all(named):
                found.add(code)
            if any(named):
                found.add(f"{code}{SOME}")  # "Netzwerk; Senioren": some words are entries
        if is_person_like(text):
            found.add("person")
        elif is_organisation_like(text) and len(text) <= 120:
            found.add("organisation")
        if len(text) > 60:
            found.add("text")
    return found


def _names_entry(code: str, matcher: m.ValueMatcher, part: str) -> bool:
    """Whether a value names an entry of the vocabulary. An organisation's own name that
    contains a type word ("Volkshochschule Altenburg", "Jobcenter Arnstadt") is a name, not
    a type: a type is written as its label, a synonym or one word."""
    if not matcher.match(part)[1]:
        return False
    if code != "organisation_type":
        return True
    return (
        len(fold(part).split()) == 1
        or fold(part) in matcher.exact
        or not is_organisation_like(part)
    )


@dataclass(frozen=True)
class Profile:
    """The shares of a column's values per kind, and how many values there were."""

    shares: tuple[tuple[str, float], ...]
    count: int  # non-empty values
    samples: tuple[str, ...]
    running: bool = False  # 1, 2, 3 …: a running number

    def share(self, *kinds: str) -> float:
        shares = dict(self.shares)
        return max((shares.get(kind, 0.0) for kind in kinds), default=0.0)

    def dominant(self) -> tuple[str, float] | None:
        order = ("email", "url", "phone", "postcode_city", "address", "postcode", "date",
                 "status", "intensity", "legal_form", "organisation_type", "fields_of_action",
                 "cooperation_forms", "street", "mark", "flag", "house_number", "organisation",
                 "person", "text", "number")  # fmt: skip
        shares = dict(self.shares)
        for kind in order:
            if shares.get(kind, 0.0) >= CONTENT_WINS:
                return kind, shares[kind]
        return None


SOME = "_some"  # a kind's suffix: some words of the value are entries of the vocabulary
VOCABULARIES = ("organisation_type", "fields_of_action", "cooperation_forms")
# Headers of address books and CRMs over words the user gave contacts ("Kategorien",
# "Labels", "Group Membership", "Tags"): the vocabulary the words belong to is decided by
# the words themselves, never by the header.
CATEGORY_HEADERS = {
    "kategorie", "kategorien", "categories", "category", "label", "labels",
    "group membership", "gruppe", "gruppen", "gruppenzugehoerigkeit", "tag", "tags",
    "schlagwort", "schlagworte", "stichwort", "stichworte", "kennzeichen", "merkmal",
    "merkmale", "kategorisierung", "verteiler", "verteilerliste", "interessen",
}  # fmt: skip
CATEGORY_NEEDS = 0.25  # share of values with a word of the vocabulary


def category_role(prof: Profile, taken: set[str]) -> tuple[str, str]:
    """The vocabulary a column of category words belongs to (the one whose entries most
    values name), with the evidence; ("", "") where too few values name an entry."""
    shares = sorted(
        ((prof.share(f"{code}{SOME}"), code) for code in VOCABULARIES if code not in taken),
        reverse=True,
    )
    if not shares or shares[0][0] < CATEGORY_NEEDS:
        return "", ""
    share, code = shares[0]
    why = _("%(share)s mit Einträgen aus „%(list)s“") % {
        "share": _percent(share),
        "list": m.label_of(code),
    }
    return code, why


def vocabulary_matchers() -> dict:
    return {code: m.ValueMatcher(m.vocabulary_of(code)) for code in
            ("organisation_type", "fields_of_action", "cooperation_forms")}  # fmt: skip


def profile(values: Sequence[object], matchers: dict) -> Profile:
    filled = [v for v in values if v not in ("", None) and p._text(v)]
    distinct = list(dict.fromkeys(filled))[:SAMPLE]
    counts: dict[str, int] = {}
    for value in distinct:
        for kind in kinds_of(value, matchers):
            counts[kind] = counts.get(kind, 0) + 1
    total = len(distinct) or 1
    numbers = [
        v for v in filled[:SAMPLE] if isinstance(v, int | float) or _NUMBER.match(p._text(v))
    ]
    running = (
        len(numbers) >= 3
        and len(numbers) == len(filled[:SAMPLE])
        and all(
            float(p._text(b).replace(",", ".")) - float(p._text(a).replace(",", ".")) == 1
            for a, b in zip(numbers, numbers[1:], strict=False)
            if _NUMBER.match(p._text(a).replace(",", "."))
            and _NUMBER.match(p._text(b).replace(",", "."))
        )
    )
    return Profile(
        shares=tuple(sorted(((k, c / total) for k, c in counts.items()), key=lambda s: -s[1])),
        count=len(filled),
        samples=tuple(p._text(v)[:40] for v in distinct[:3]),
        running=running,
    )


# --- what a header says -------------------------------------------------------------------

# Qualifiers of address-book and CRM exports: business kept, private dropped.
BUSINESS = {"geschaeftlich", "dienstlich", "business", "work", "post", "mailing",
            "primaere", "primary", "value", "wert", "buero", "office"}  # fmt: skip
PRIVATE = {"privat", "private", "home", "sekundaere", "secondary"}
# A person's own line at work ("E-Mail (persönlich)", "Telefon (direkt)"): the contact
# person's field, not a private one.
OWN = {"personal", "persoenlich", "direkt", "direct", "durchwahl"}
# A phone of the company itself beside a person's business phone ("Telefon Firma" beside
# "Telefon geschäftlich" in Outlook, "Company Main Phone").
COMPANY_QUALIFIERS = {"firma", "company", "zentrale", "main", "unternehmen", "organisation",
                      "organization", "einrichtung", "haupt", "hauptnummer"}  # fmt: skip
# Columns of address books about a person's private life, or only describing another
# column: never contact data of a partner organisation.
PERSONAL = {
    "ehepartner",
    "ehepartner in",
    "ehepartnerin",
    "lebenspartner",
    "spouse",
    "kinder",
    "children",
    "geburtstag",
    "birthday",
    "jahrestag",
    "anniversary",
    "hobby",
    "hobbys",
    "spitzname",
    "nickname",
    "geschlecht",
    "gender",
    "initialen",
    "initials",
    "anrede",
    "salutation",
    "prefix",
    "name prefix",
    "suffix",
    "name suffix",
    "akademischer titel",
    "weitere vornamen",
    "zweiter vorname",
    "middle name",
    "additional name",
    "name des assistenten",
    "assistent",
    "vorgesetzte",
    "name des der vorgesetzten",
    "manager s name",
    "geburtsjahr",
    "geburtsmonat",
    "geburtstag tag",
    "phonetic first name",
    "phonetic last name",
    "yomi name",
    "konto",
    "abrechnungsinformationen",
    "reisekilometer",
    "prioritaet",
    "vertraulichkeit",
    "sensitivity",
    "mileage",
    "billing information",
    "kontakt id",
    "contact id",
    "id",
    "datensatz id",
    "record id",
    "kontakttyp",
    "contact type",
    "lead status",
    "lifecycle phase",
    "lebenszyklusphase",
    "contact owner",
    "kontaktinhaber",
    "e mail typ",
    "e mail type",
    "e mail angezeigter name",
    "e mail display name",
    "anzeigename",
    "display name",
    "label",
    "type",
    "typ der angabe",
    "region",
    "bundesland",
    "land",
    "country",
    "land region",
    "state",
    "postfach",
    "po box",
    "extended address",
    "internet frei gebucht",
    "verzeichnisserver",
    "benutzer 1",
    "benutzer 2",
    "benutzer 3",
    "benutzer 4",
    "custom 1",
    "custom 2",
    "pager",
    "isdn",
    "telex",
    "autotelefon",
    "telefon fuer hoerbehinderte",
    "rueckmeldung",
    "callback",
    "car phone",
    "radio phone",
    "tty tdd phone",
    "organisationsnr",
    "organizational id number",
    "regierungsnr",
    "government id number",
    "lfd nr",
    "laufende nummer",
    "organization 1 type",
    "organization type",
    "photo",
    "foto",
    "abteilung",
    "department",
    "organization department",
    "organisation department",
    "address formatted",
    "address po box",
    "address region",
    "address country",
    "address extended address",
}
# Last words of a header that describes another column ("Phone 1 - Type", "E-Mail-Typ").
DESCRIBING = ("type", "typ", "label", "art der angabe")  # fmt: skip


_ENDINGS = ("innen", "in", "en", "er", "e", "n", "s")


@functools.lru_cache(maxsize=4096)
def _singular(word: str) -> str:
    """A header word as the synonym lists have it: "themenfelder" → "themenfeld",
    "ansprechpartnerinnen" → "ansprechpartner" (only where the shorter word is known)."""
    known = _known_words()
    if word in known:
        return word
    for ending in _ENDINGS:
        if word.endswith(ending) and word[: -len(ending)] in known:
            return word[: -len(ending)]
    return word


@functools.lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    words = {w for synonym in m.ALL_SYNONYMS for w in synonym.split()}
    return frozenset(words | set(m.OTHER_HEADER_WORDS) | PERSONAL)


def header_key(name: str) -> tuple[str, str]:
    """The header's words without export qualifiers, and what the qualifier said
    ("business", "private" or ""): "Straße geschäftlich" → ("strasse", "business"),
    "E-mail 2 - Value" → ("e mail", ""), "Dienstlich: PLZ" → ("plz", "business"); plural
    and feminine forms as the synonym lists spell the word ("Tätigkeitsbereiche")."""
    words = [_singular(word) for word in fold(name).split()]
    qualifier = ""
    kept = []
    for word in words:
        if len(words) > 1 and word in PRIVATE:
            qualifier = "private"
        elif len(words) > 1 and word in OWN:
            qualifier = qualifier or "own"
        elif len(words) > 1 and word in BUSINESS:
            qualifier = qualifier or "business"
        elif len(words) > 1 and word.isdigit() and len(word) == 1:
            continue  # "E-mail 1 - Value", "Adresse 2": the number says nothing of the field
        else:
            kept.append(word)
    key = " ".join(kept) or " ".join(words)
    if qualifier == "own" and fold(key) in _OWN_FIELDS:
        key = f"ansprechpartner {key}"  # read as the person's field ("Ansprechpartner E-Mail")
    return key, qualifier


_OWN_FIELDS = {"e mail", "email", "mail", "e mail adresse", "telefon", "tel", "phone",
               "telefonnummer", "phone number", "fon", "mobil", "handy"}  # fmt: skip


HINTS = {
    # header words that say which date a date column holds
    "since": ("seit", "beginn", "start", "erst", "since", "aufnahme", "eintritt", "ab",
              "kontaktaufnahme", "anfang", "partner", "kooperation", "zusammenarbeit"),
    "person_consent": ("einwillig", "consent", "dsgvo", "einverst", "zustimm", "datenschutz"),
    "ended_on": ("ende", "beendet", "ausgelaufen", "bis", "end"),
    "not_since": ("geburt", "birth", "geaendert", "aktualisiert", "modified", "updated",
                  "ende", "bis", "beendet", "ausgelaufen", "letzt", "last", "jahrestag",
                  "anniversary", "stand", "erstell", "created", "create", "faellig", "frist",
                  "termin", "next"),
}  # fmt: skip


def _hints(name: str, role: str) -> bool:
    key = fold(name)
    return any(word in key for word in HINTS[role])


# --- deciding ----------------------------------------------------------------------------

# Kinds a field's values may be, and the field's reading of its header's claim.
ACCEPTS = {
    "since": ("date",),
    "ended_on": ("date",),
    "person_consent": ("date", "flag", "mark"),
    "email": ("email",),
    "person_email": ("email",),
    "phone": ("phone",),
    "person_phone": ("phone",),
    "fax": ("phone",),
    "website": ("url",),
    "postcode": ("postcode", "postcode_city"),
    "postcode_city": ("postcode_city", "postcode"),
    "status": ("status",),
    "active": ("flag", "mark", "status"),
    "inactive": ("flag", "mark"),
    "intensity": ("intensity",),
    "in_steering_group": ("flag", "mark"),
    "house_number": ("house_number",),
    "last_contact": ("date",),
    "legal_form": ("legal_form",),
}
# Kinds that rule a text field out when they dominate its values.
STRONG = ("date", "email", "phone", "url", "mark", "postcode", "postcode_city", "address")
# Strong kinds a text field still reads ("Adresse" holding "96515 Sonneberg").
COMPATIBLE = {"street": ("address", "postcode_city"), "city": ("postcode_city",)}


@dataclass(frozen=True)
class Decision:
    """One column's role, the evidence for it, or the reason it is not used."""

    index: int
    name: str
    role: str
    evidence: tuple[str, ...] = ()
    reason: str = ""
    profile: Profile | None = None


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def fits(role: str, prof: Profile) -> float:
    """The share of a column's values that can be ``role``."""
    if prof.count == 0:
        return 1.0
    if m.parse_mark_code(role):
        return prof.share("mark", "flag")
    if role in ACCEPTS:
        return prof.share(*ACCEPTS[role])
    target = m.BY_CODE.get(role)
    if target is None:
        return 0.0
    dominant = prof.dominant()
    if dominant and dominant[0] in STRONG and dominant[0] not in COMPATIBLE.get(role, ()):
        return 1.0 - dominant[1]
    if role == "street":
        return 1.0 - prof.share("number") if not prof.share("street", "address") else 1.0
    if role == "person_function":
        return 1.0 - prof.share("academic_title")
    if role == "organisation" and prof.share("person") >= 0.6 and prof.share("organisation") < 0.3:
        return 1.0 - prof.share("person")
    if target.vocabulary is not None and prof.share("number") >= CONTENT_WINS:
        return 0.0
    if target.vocabulary is not None and prof.share("date") >= HEADER_NEEDS:
        # "Zusammenarbeit" over "seit 2016", "06/2018": dates are no vocabulary values
        return min(1.0 - prof.share("date"), 1.0 - HEADER_NEEDS) if not prof.share(role) else 1.0
    return 1.0


def _content_is_clear(role: str, prof: Profile) -> bool:
    """Enough values to overrule a header: three or more, or values that clearly are
    something else (a date where the header names forms of cooperation)."""
    if prof.count >= 3:
        return True
    dominant = prof.dominant()
    return (
        dominant is not None
        and dominant[0] in (*STRONG, "postcode_city")
        and (dominant[0] not in ACCEPTS.get(role, ()))
    )


def content_role(prof: Profile, name: str, taken: set[str], street_before: bool) -> tuple[str, str]:
    """The role a column's values say it has (and the evidence), or ("", "")."""
    dominant = prof.dominant()
    if (
        dominant is None
        and prof.share("date") >= HEADER_NEEDS
        and _hints(name, "since")
        and not _hints(name, "not_since")
    ):
        # Most values dates under a header that names the start ("Zusammenarbeit"): the
        # start; what is no date stays for the notes.
        dominant = ("date", prof.share("date"))
    if dominant is None or prof.running:
        return "", ""
    kind, share = dominant
    if (
        kind == "postcode"
        and prof.share("date") >= CONTENT_WINS
        and any(_hints(name, role) for role in ("since", "ended_on", "person_consent"))
    ):
        # Years (2019) and Excel serial days (43525) read as postcodes too; a header that
        # names a date ("Partner since", "Kooperation sejt") says which they are.
        kind, share = "date", prof.share("date")
    evidence = f"{_percent(share)} {kind_label(kind)}"
    options: list[str] = []
    if kind == "email":
        options = ["email", "person_email"]
    elif kind == "phone":
        options = ["fax"] if "fax" in fold(name) else ["phone", "person_phone"]
    elif kind == "url":
        options = ["website"]
    elif kind == "postcode_city":
        options = ["postcode_city"] if "city" not in taken else []
    elif kind == "address":
        options = ["street"]
    elif kind == "postcode":
        options = ["postcode"]
    elif kind == "street":
        options = ["street"]
    elif kind == "date":
        if _hints(name, "person_consent"):
            options = ["person_consent"]
        elif _hints(name, "ended_on"):
            options = ["ended_on"]
        elif not _hints(name, "not_since"):
            options = ["since"]
    elif kind == "legal_form":
        options = ["legal_form"]
    elif kind in (
        "status",
        "intensity",
        "organisation_type",
        "fields_of_action",
        "cooperation_forms",
    ):
        options = [kind]
    elif kind == "house_number" and street_before:
        options = ["house_number"]
    elif kind == "organisation":
        options = ["organisation"]
    elif kind == "person" and "organisation" in taken:
        options = ["person_name"]
    for option in options:
        if option not in taken:
            return option, evidence
    return "", ""


# Kinds no private or describing column of an address book holds: a column of them ("State"
# over "ruht seit 2022", not over "Thüringen") is read for what its values are.
NEVER_PRIVATE = ("status", "intensity", "legal_form")


def _says_more_than_its_header(prof: Profile) -> bool:
    dominant = prof.dominant()
    return dominant is not None and dominant[0] in NEVER_PRIVATE


def decide(
    header: list[str], rows: list[list[object]], keep: dict[str, str] | None = None
) -> list[Decision]:
    """Every column's role by header and content. ``keep``: roles the user chose (they are
    kept and only explained)."""
    matchers = vocabulary_matchers()
    columns = [[row[i] if i < len(row) else "" for row in rows] for i in range(len(header))]
    profiles = [profile(values, matchers) for values in columns]
    if keep is not None:
        return [
            Decision(
                i,
                name,
                keep.get(name, ""),
                _explain(name, keep.get(name, ""), profiles[i]),
                "" if keep.get(name) else _ignored_reason(i, header, columns, profiles[i], keep),
                profiles[i],
            )  # fmt: skip
            for i, name in enumerate(header)
        ]
    keys = [header_key(name) for name in header]
    roles: dict[int, str] = {}
    evidence: dict[int, list[str]] = {i: [] for i in range(len(header))}
    reasons: dict[int, str] = {}
    categories = {
        i
        for i, name in enumerate(header)
        if keys[i][0] in CATEGORY_HEADERS or fold(name) in CATEGORY_HEADERS
    }
    for i, name in enumerate(header):
        key, qualifier = keys[i]
        if profiles[i].count == 0:
            reasons[i] = _("leer")
        elif i in categories:
            continue  # decided by its words below
        elif (
            qualifier == "private"
            or fold(name) in PERSONAL
            or key in PERSONAL
            or (len(key.split()) > 1 and key.split()[-1] in DESCRIBING)
        ) and not _says_more_than_its_header(profiles[i]):
            reasons[i] = _("private oder beschreibende Angabe eines Adressbuchs")
        elif profiles[i].share("academic_title") >= CONTENT_WINS:
            # "Dr.", "Prof. Dr.": a part of the person's name, not a function – the column
            # does not compete with "Funktion"/"Role" for the person's function.
            reasons[i] = _("akademischer Titel (Teil des Namens)")
        elif (
            same := next(
                (
                    j
                    for j in range(i)
                    if j not in reasons
                    and columns[j] == columns[i]
                    and _same_meaning(keys[i][0], keys[j][0], profiles[i])
                ),
                None,
            )
        ) is not None:
            reasons[i] = _("gleich Spalte „%(column)s“") % {"column": header[same]}
    # Header words first: the one-to-one suggestion over the headers without qualifiers;
    # columns already decided do not compete for a field.
    cleaned = _unique(
        [
            f"\x00{i}"
            if i in reasons or i in categories
            else (
                name
                if name in (m.SHEET_COLUMN, m.SECTION_COLUMN, m.NAME_ADDITION_COLUMN)
                else keys[i][0]
            )
            for i, name in enumerate(header)
        ]
    )
    by_header = m.suggest_for(cleaned, rows)
    for i, name in enumerate(header):
        if i in reasons:
            continue
        role = by_header.get(cleaned[i], "")
        if not role:
            continue
        share = fits(role, profiles[i])
        if share < HEADER_NEEDS and _content_is_clear(role, profiles[i]):
            evidence[i].append(
                _("Überschrift nennt „%(field)s“, aber nur %(share)s der Werte passen")
                % {"field": m.label_of(role), "share": _percent(share)}
            )
            continue
        roles[i] = role
        evidence[i].append(_("Überschrift „%(name)s“") % {"name": name})
        if role in ACCEPTS and profiles[i].count:
            kind = ACCEPTS[role][0]
            evidence[i].append(f"{_percent(profiles[i].share(*ACCEPTS[role]))} {kind_label(kind)}")
    _prefer_company(header, roles, profiles, reasons)
    _full_name_beside_parts(header, roles, reasons)
    for i in sorted(categories - set(reasons)):
        role, why = category_role(profiles[i], set(roles.values()))
        if role:
            roles[i] = role
            evidence[i].append(_("Inhalt: %(evidence)s") % {"evidence": why})
        else:
            reasons[i] = _("Kategorien ohne Einträge der Wertelisten")
    taken = set(roles.values())
    for i, name in enumerate(header):
        if i in roles or i in reasons:
            continue
        street_before = i > 0 and roles.get(i - 1) == "street"
        role, why = content_role(profiles[i], name, taken, street_before)
        if role and (loose := _one_loose_value(role, columns[i], matchers)):
            # "Lead Source: Stadtteilkonferenz" in every row: one value only a word of an
            # entry's label names – a wrong entry on every contact is worse than none
            reasons[i] = _(
                "in jeder Zeile derselbe Wert „%(value)s“, der nur ungefähr zu „%(field)s“ passt"
            ) % {"value": loose, "field": m.label_of(role)}
            continue
        if role:
            roles[i] = role
            taken.add(role)
            evidence[i].append(_("Inhalt: %(evidence)s") % {"evidence": why})
    _company_phone(keys, roles, evidence, profiles, reasons)
    _phones_of_persons(keys, columns, roles, evidence)
    taken = set(roles.values())
    # The organisation: a column of organisation-like names, if no header named one.
    if "organisation" not in taken:
        # (a column a header gave the notes may be it: "Info" over names of organisations)
        best = max(
            (
                i
                for i in range(len(header))
                if roles.get(i, "notes") == "notes" and i not in reasons
            ),
            # a sub-heading naming organisations before any other column
            key=lambda i: (
                header[i] == m.SECTION_COLUMN and profiles[i].share("organisation") >= HEADER_NEEDS,
                profiles[i].share("organisation"),
            ),
            default=None,
        )
        if best is not None and profiles[best].share("organisation") >= HEADER_NEEDS:
            roles[best] = "organisation"
            evidence[best].append(
                _("Inhalt: %(evidence)s")
                % {
                    "evidence": f"{_percent(profiles[best].share('organisation'))} {kind_label('organisation')}"
                }
            )
    _organisation_from_section(header, roles, evidence, profiles)
    if "organisation" in roles.values() and "person_name" not in roles.values():
        # Persons' names beside an organisation found only now (a sub-heading per
        # organisation, persons in the rows below it, under a plain "Name"): the persons.
        person = max(
            (i for i in range(len(header)) if i not in roles and i not in reasons),
            key=lambda i: profiles[i].share("person"),
            default=None,
        )
        if person is not None and profiles[person].share("person") >= 0.6:
            roles[person] = "person_name"
            evidence[person].append(
                _("Inhalt: %(evidence)s")
                % {
                    "evidence": f"{_percent(profiles[person].share('person'))} {kind_label('person')}"
                }
            )
    decisions = []
    for i, name in enumerate(header):
        role = roles.get(i, "")
        reason = reasons.get(i, "") if not role else ""
        if not role and not reason:
            reason = _ignored_reason(
                i, header, columns, profiles[i], {header[j]: r for j, r in roles.items()}
            )
        decisions.append(Decision(i, name, role, tuple(evidence[i]), reason, profiles[i]))
    return decisions


def _organisation_from_section(
    header: list[str],
    roles: dict[int, str],
    evidence: dict[int, list[str]],
    profiles: list[Profile],
) -> None:
    """Organisations as sub-headings (merged or bold rows), persons in the rows below: a
    column the header gave the organisation ("Name") but that holds persons' names is the
    persons', the sub-headings are the organisations."""
    if m.SECTION_COLUMN not in header or "person_name" in roles.values():
        return
    section = header.index(m.SECTION_COLUMN)
    named = next((i for i, role in roles.items() if role == "organisation"), None)
    if (
        named is None
        or named == section
        or profiles[named].share("person") < 0.6
        or profiles[section].share("organisation") < HEADER_NEEDS
    ):
        return
    roles[named] = "person_name"
    evidence[named].append(
        _("Inhalt: %(evidence)s")
        % {"evidence": f"{_percent(profiles[named].share('person'))} {kind_label('person')}"}
    )
    roles[section] = "organisation"
    evidence[section].append(
        _("Inhalt: %(evidence)s")
        % {
            "evidence": f"{_percent(profiles[section].share('organisation'))} "
            f"{kind_label('organisation')}"
        }
    )


_NUMBERED = re.compile(r"\s*\d+$")


def _same_meaning(key: str, other: str, prof: Profile) -> bool:
    """Equal content is a duplicate column only where the headers can mean the same: columns
    of marks ("x") under different headings are different answers that happen to agree
    in a short list ("Senioren" and "Gesundheit" ticked in the same rows)."""
    if prof.share("mark", "flag") < CONTENT_WINS:
        return True
    return _NUMBERED.sub("", key) == _NUMBERED.sub("", other)


COMPANY_WORDS = {"firma", "company", "unternehmen", "organisation", "organization",
                 "organisationsname", "organization name", "company name", "firmenname",
                 "name des unternehmens", "account name", "accountname", "arbeitgeber",
                 "aktueller arbeitgeber", "current employer", "einrichtung",
                 "name der einrichtung", "name der organisation", "institution"}  # fmt: skip


def _one_loose_value(role: str, values: list[object], matchers: dict) -> str:
    """The value of a column that holds one and the same value in every filled row (three
    or more) where that value names a vocabulary entry only loosely (a word of its label, a
    similar spelling) – not its label or a synonym; else ""."""
    if role not in matchers:
        return ""
    filled = [p._text(v) for v in values if v not in ("", None) and p._text(v)]
    if len(filled) < 3 or len({fold(v) for v in filled}) != 1:
        return ""
    matcher = matchers[role]
    parts = p.split_values(filled[0])
    if all(fold(part) in matcher.exact for part in parts):
        return ""
    return filled[0]


def _company_phone(
    keys: list[tuple[str, str]],
    roles: dict[int, str],
    evidence: dict[int, list[str]],
    profiles: list[Profile],
    reasons: dict[int, str],
) -> None:
    """A phone column qualified by the company ("Telefon Firma", "Company Main Phone") is
    the organisation's; a business phone beside it ("Telefon geschäftlich") is then the
    person's own line."""
    phones = {i for i, r in roles.items() if r in ("phone", "person_phone")}
    # a company's phone column the one-to-one header match left without a role (its word
    # was taken by the persons' line and mobile): its values are phone numbers
    phones |= {
        i
        for i, prof in enumerate(profiles)
        if i not in roles
        and i not in reasons
        and prof.share("phone") >= CONTENT_WINS
        and set(keys[i][0].split()) & COMPANY_QUALIFIERS
    }
    company = [i for i in phones if set(keys[i][0].split()) & COMPANY_QUALIFIERS]
    if len(company) != 1 or len(phones) < 2:
        return
    for i in phones - set(company):
        if roles.get(i) == "phone":
            roles[i] = "person_phone"
            evidence[i].append(_("Telefon der Person, die Firma hat eine eigene Spalte"))
    if company[0] not in roles:
        share = f"{_percent(profiles[company[0]].share('phone'))} {kind_label('phone')}"
        evidence[company[0]].append(_("Inhalt: %(evidence)s") % {"evidence": share})
    roles[company[0]] = "phone"


def _phones_of_persons(
    keys: list[tuple[str, str]],
    columns: list[list[object]],
    roles: dict[int, str],
    evidence: dict[int, list[str]],
) -> None:
    """Persons as rows (the person's name in columns of its own): a phone column that is not
    the company's and differs between the persons of one organisation, or is qualified as
    business ("Tel. dienstlich") or stands beside the persons' mobile column, is the persons'
    direct line. A mobile column of the persons
    beside it then goes to the notes – neither number is dropped."""
    values = set(roles.values())
    if "organisation" not in values or not values & {"person_name", "person_first_name"}:
        _one_phone_per_person(keys, roles, evidence)
        return
    organisations = columns[next(i for i, r in roles.items() if r == "organisation")]
    for i, role in list(roles.items()):
        if role != "phone" or set(keys[i][0].split()) & COMPANY_QUALIFIERS:
            continue
        numbers: dict[str, set[str]] = {}
        for organisation, number in zip(organisations, columns[i], strict=False):
            if organisation not in ("", None) and number not in ("", None):
                numbers.setdefault(str(organisation).strip(), set()).add(str(number).strip())
        differ = any(len(found) > 1 for found in numbers.values())
        # an address book's person (first name of its own) with a mobile beside this line
        mobile_beside = "person_first_name" in values and any(
            r == "person_phone" and set(keys[j][0].split()) & MOBILE_WORDS for j, r in roles.items()
        )
        if not differ and keys[i][1] != "business" and not mobile_beside:
            continue
        roles[i] = "person_phone"
        evidence[i].append(
            _("Durchwahl der Personen: je Person eine andere Nummer")
            if differ
            else _("Telefon der Person (dienstlich oder neben ihrem Mobiltelefon)")
        )
        break
    _one_phone_per_person(keys, roles, evidence)


MOBILE_WORDS = {"mobil", "handy", "mobile", "mobiltelefon", "mobilnummer", "cell", "tel mobil"}


def _one_phone_per_person(
    keys: list[tuple[str, str]], roles: dict[int, str], evidence: dict[int, list[str]]
) -> None:
    """A person has one phone field: of several phone columns of the persons the line
    (not the mobile) is it, the others go to the notes with their column's name."""
    own = [i for i, r in roles.items() if r == "person_phone"]
    if len(own) < 2:
        return
    keep = next((i for i in own if not set(keys[i][0].split()) & MOBILE_WORDS), own[0])
    for j in own:
        if j != keep:
            roles[j] = "notes"
            evidence[j].append(_("weitere Nummer der Person – in die Notizen"))


def _prefer_company(
    header: list[str], roles: dict[int, str], profiles: list[Profile], reasons: dict[int, str]
) -> None:
    """Persons as rows (an address book): the company column is the organisation – a
    column headed "Partner" or "Name" holding persons is not."""
    companies = [i for i in range(len(header)) if header_key(header[i])[0] in COMPANY_WORDS
                 and profiles[i].count]  # fmt: skip
    current = next((i for i, r in roles.items() if r == "organisation"), None)
    if not companies or current is None or current in companies:
        return
    del roles[current]
    reasons[current] = _("Personen, die Organisation steht in Spalte „%(column)s“") % {
        "column": header[companies[0]]
    }
    roles[companies[0]] = "organisation"


FULL_NAMES = {"name", "anzeigename", "display name", "full name", "vollstaendiger name",
              "kontaktname", "contact name"}  # fmt: skip
SURNAME_WORDS = {"nachname", "familienname", "last name", "family name", "surname", "zuname"}


def _full_name_beside_parts(
    header: list[str], roles: dict[int, str], reasons: dict[int, str]
) -> None:
    """ "Name" or "Anzeigename" beside "Vorname" and "Nachname" repeats them."""
    keys = {i: header_key(name)[0] for i, name in enumerate(header)}
    surname = next((i for i, k in keys.items() if k in SURNAME_WORDS), None)
    first = next((i for i, r in roles.items() if r == "person_first_name"), None)
    if surname is None or first is None:
        return
    for i, key in keys.items():
        if key in FULL_NAMES and roles.get(i) in ("person_name", None):
            roles.pop(i, None)
            reasons[i] = _("gleich Spalte „%(first)s“ und „%(last)s“") % {
                "first": header[first],
                "last": header[surname],
            }
    if roles.get(surname) != "person_name" and "person_name" not in roles.values():
        roles[surname] = "person_name"


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return unique


def _ignored_reason(
    index: int,
    header: list[str],
    columns: list[list[object]],
    prof: Profile,
    roles: Mapping[str, str],
) -> str:
    if prof.count == 0:
        return _("leer")
    values = columns[index]
    for j, other in enumerate(columns):
        if j != index and roles.get(header[j]) and other == values:
            return _("gleich Spalte „%(column)s“") % {"column": header[j]}
    if prof.running:
        return _("laufende Nummer")
    samples = ", ".join(f"„{s}“" for s in prof.samples)
    return _("unbekannt – Beispiele: %(samples)s") % {"samples": samples}


def _explain(name: str, role: str, prof: Profile) -> tuple[str, ...]:
    """Why a column has the role the user or a saved mapping gave it."""
    if not role:
        return ()
    lines = []
    key = header_key(name)[0]
    target = m.BY_CODE.get(role)
    if target and (key in target.synonyms or any(s in key for s in target.synonyms if " " in s)):
        lines.append(_("Überschrift „%(name)s“") % {"name": name})
    if prof.count:
        if role in ACCEPTS or m.parse_mark_code(role):
            kinds = ACCEPTS.get(role, ("mark",))
            lines.append(f"{_percent(prof.share(*kinds))} {kind_label(kinds[0])}")
        elif (dominant := prof.dominant()) is not None:
            lines.append(f"{_percent(dominant[1])} {kind_label(dominant[0])}")
    return tuple(lines)


def suggest(header: list[str], rows: list[list[object]]) -> dict[str, str]:
    """The mapping to store (column → role), from ``decide``."""
    return {d.name: d.role for d in decide(header, rows)}
