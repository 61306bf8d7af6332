"""Column mapping: which source column feeds which field, suggested from the header, and
how cell values map to the uniform vocabularies."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from contacts.models import (
    ContactStatus,
    CooperationForm,
    FieldOfAction,
    Intensity,
    OrganisationType,
)
from core.text import fold


@dataclass(frozen=True)
class Target:
    code: str
    label: str
    synonyms: tuple[str, ...]
    vocabulary: type | None = None  # a vocabulary model, for value mapping
    multiple: bool = False


TARGETS = [
    Target(
        "organisation",
        _("Name der Organisation"),
        ("organisation", "organisation name", "name der organisation", "name der einrichtung",
         "einrichtung", "institution", "organization", "netzwerkpartner", "partner",
         "kooperationspartner", "name", "traeger", "firma", "verein", "behoerde"),
    ),
    Target(
        "organisation_type",
        _("Organisationsart"),
        ("organisationsart", "art der einrichtung", "art der organisation", "art", "typ",
         "type", "kategorie", "organisationstyp"),
        vocabulary=OrganisationType,
    ),
    Target("street", _("Straße und Hausnummer"), ("strasse", "str", "adresse", "anschrift", "street", "address", "strasse hausnummer")),
    Target("postcode", _("PLZ"), ("plz", "postleitzahl", "zip", "postcode", "postal code")),
    Target("city", _("Ort"), ("ort", "stadt", "city", "gemeinde", "town")),
    Target("postcode_city", _("PLZ und Ort (werden getrennt)"), ("plz ort", "plz und ort", "postleitzahl ort")),
    Target("phone", _("Telefon der Organisation"), ("telefon", "tel", "telefonnummer", "phone", "fon", "tel nr", "telefon nr", "festnetz")),
    Target("email", _("E-Mail der Organisation"), ("e mail", "email", "mail", "e mail adresse", "emailadresse", "e mailadresse")),
    Target("website", _("Website"), ("website", "webseite", "homepage", "internet", "www", "url", "web")),
    Target(
        "fields_of_action",
        _("Handlungsfelder"),
        ("handlungsfeld", "handlungsfelder", "thema", "themen", "arbeitsfeld", "arbeitsfelder", "bereich", "themenfeld"),
        vocabulary=FieldOfAction,
        multiple=True,
    ),
    Target(
        "cooperation_forms",
        _("Formen der Zusammenarbeit"),
        ("form der zusammenarbeit", "formen der zusammenarbeit", "zusammenarbeit", "kooperation", "kooperationsform", "art der zusammenarbeit"),
        vocabulary=CooperationForm,
        multiple=True,
    ),
    Target("intensity", _("Intensität"), ("intensitaet", "kontaktintensitaet", "haeufigkeit", "intensity")),
    Target("since", _("Kontakt seit"), ("seit", "kontakt seit", "beginn", "erstkontakt", "datum erstkontakt", "since", "start")),
    Target("status", _("Status"), ("status", "stand")),
    Target("in_steering_group", _("Mitglied der Steuerungsgruppe"), ("steuerungsgruppe", "stg", "mitglied steuerungsgruppe", "in steuerungsgruppe")),
    Target("notes", _("Notizen"), ("notizen", "notiz", "bemerkung", "bemerkungen", "anmerkung", "anmerkungen", "kommentar", "notes", "info", "hinweise")),
    Target(
        "person_name",
        _("Ansprechperson: Name"),
        ("ansprechpartner", "ansprechpartnerin", "ansprechpartner in", "ansprechpartner innen", "ansprechperson", "kontaktperson", "contact", "contact person", "name ansprechpartner"),
    ),
    Target("person_function", _("Ansprechperson: Funktion"), ("funktion", "position", "rolle", "function")),
    Target("person_phone", _("Ansprechperson: Telefon"), ("telefon ansprechpartner", "tel ansprechpartner", "durchwahl", "mobil", "handy")),
    Target("person_email", _("Ansprechperson: E-Mail"), ("e mail ansprechpartner", "mail ansprechpartner", "email ansprechpartner")),
]  # fmt: skip
BY_CODE = {target.code: target for target in TARGETS}
IGNORE = ""


def key(text: object) -> str:
    """The register's matching key (core.text.fold): "E-Mail-Adresse" → "e mail adresse"."""
    return fold(text)


def suggest(header: list[str]) -> dict[str, str]:
    """For each column the most likely field (or ignore); each field is used once."""
    suggestions: dict[str, str] = {}
    taken: set[str] = set()
    scored = []
    for column in header:
        name = key(column)
        for target in TARGETS:
            for synonym in target.synonyms:
                if name == synonym:
                    score = 3
                elif " " in synonym and synonym in name:
                    score = 2
                elif name.split() and name.split()[0] == synonym:
                    score = 1
                else:
                    continue
                # A contact person's phone or e-mail: the header names the person.
                if target.code in ("phone", "email") and "ansprech" in name:
                    continue
                scored.append((score, len(synonym), column, target.code))
    for _score, _length, column, code in sorted(scored, key=lambda s: (-s[0], -s[1])):
        if column in suggestions or code in taken:
            continue
        suggestions[column] = code
        taken.add(code)
    for column in header:
        if column in suggestions:
            continue
        name = key(column)
        person_field = None
        if "ansprech" in name and ("tel" in name or "fon" in name):
            person_field = "person_phone"
        elif "ansprech" in name and "mail" in name:
            person_field = "person_email"
        if person_field and person_field not in taken:
            suggestions[column] = person_field
            taken.add(person_field)
        else:
            suggestions[column] = IGNORE
    return {column: suggestions[column] for column in header}


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
}  # fmt: skip
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
YES = {"ja", "j", "x", "1", "yes", "y", "true", "wahr", "mitglied"}
NO = {"nein", "n", "0", "no", "false", "falsch", "-"}


def split_values(value: object) -> list[str]:
    return [part.strip() for part in re.split(r"[;,/|\n]+", str(value)) if part.strip()]


def vocabulary_lookup(model) -> dict[str, int]:
    """Source keys that name an entry: its label and its code, plus known synonyms."""
    lookup: dict[str, int] = {}
    entries = list(model.objects.filter(is_active=True))
    for entry in entries:
        lookup[key(entry.label)] = entry.pk
        lookup[key(entry.code)] = entry.pk
        # The first words of a label ("Arbeit und Beschäftigung" → "arbeit").
        lookup.setdefault(key(entry.label).split()[0], entry.pk)
    if model is OrganisationType:
        by_code = {entry.code: entry.pk for entry in entries}
        for synonym, code in TYPE_SYNONYMS.items():
            if code in by_code:
                lookup.setdefault(synonym, by_code[code])
    return lookup


def unknown_values(
    table_rows, header, mapping: dict[str, str], value_map: dict
) -> dict[str, list[str]]:
    """Per vocabulary field: the distinct cell values that match no entry yet."""
    unknown: dict[str, list[str]] = {}
    for column, code in mapping.items():
        target = BY_CODE.get(code)
        if target is None or target.vocabulary is None or column not in header:
            continue
        index = header.index(column)
        lookup = vocabulary_lookup(target.vocabulary)
        chosen = value_map.get(code, {})
        seen: list[str] = []
        for row in table_rows:
            values = split_values(row[index]) if target.multiple else [str(row[index]).strip()]
            for value in values:
                if (
                    value
                    and key(value) not in lookup
                    and key(value) not in chosen
                    and value not in seen
                ):
                    seen.append(value)
        if seen:
            unknown[code] = sorted(seen, key=str.lower)
    return unknown
