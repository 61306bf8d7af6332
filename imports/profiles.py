"""Export profiles of widespread address books and CRMs, recognised by their column set
(issue 28, point 2): the preview names the program a list came from ("Export aus Outlook
erkannt"), so the user knows why persons are rows and the company column is the
organisation. Recognising a profile changes no role – the columns are still decided by
header and content (``imports.evidence``); the profile only explains the list.

Column names as the programs write them (German and English interfaces), found in their
documentation and in public exporters and importers; compared folded (``core.text.fold``),
without numbers ("E-mail 1 - Value" = "E-mail - Value")."""

from __future__ import annotations

import re

from core.text import fold

# Program → columns only its export has (a few suffice: a list shares "Vorname" with all).
PROFILES: dict[str, tuple[str, ...]] = {
    "Microsoft Outlook": (
        "Straße geschäftlich", "Ort geschäftlich", "Postleitzahl geschäftlich",
        "Land/Region geschäftlich", "Telefon geschäftlich", "Fax geschäftlich", "Telefon Firma",
        "Weitere Vornamen", "E-Mail-Typ", "Angezeigter Name (E-Mail)", "Business Street",
        "Business City", "Business Postal Code", "Business Phone", "Business Fax",
        "Company Main Phone", "Middle Name", "E-mail Type", "E-mail Display Name", "Web Page",
    ),
    "Google Kontakte": (
        "Given Name", "Family Name", "Additional Name", "Name Prefix", "Group Membership",
        "E-mail 1 - Type", "E-mail 1 - Value", "E-mail 1 - Label", "Phone 1 - Type",
        "Phone 1 - Value", "Phone 1 - Label", "Address 1 - Street", "Address 1 - City",
        "Address 1 - Postal Code", "Organization 1 - Name", "Organization 1 - Title",
        "Organization Name", "Organization Title", "Website 1 - Value", "File As", "Labels",
    ),
    "Mozilla Thunderbird": (
        "Anzeigename", "Primäre E-Mail-Adresse", "Sekundäre E-Mail-Adresse", "Tel. dienstlich",
        "Dienstlich: Adresse", "Dienstlich: Ort", "Dienstlich: PLZ", "Arbeitstitel",
        "Benutzerdef. 1", "Display Name", "Primary Email", "Secondary Email", "Work Phone",
        "Work Address", "Work City", "Work ZipCode", "Custom 1",
    ),
    "HubSpot": (
        "Datensatz-ID", "Name des Unternehmens", "Lebenszyklusphase", "Kontaktverantwortlicher",
        "Record ID", "Company Name", "Lifecycle Stage", "Contact owner",
    ),
    "CiviCRM": (
        "Kontakt-ID", "Kontakttyp", "Aktueller Arbeitgeber", "Contact ID", "Contact Type",
        "Current Employer",
    ),
    "Salesforce": ("Accountname", "Account Name", "Straße (Post)", "Mailing Street", "Mailing City"),
}  # fmt: skip
MIN_COLUMNS = 3  # columns of a profile a list must have
MIN_SHARE = 0.5  # … and this share of its own columns among those that name the program


def _key(name: object) -> str:
    return " ".join(re.sub(r"\b\d\b", " ", fold(name)).split())


_KEYS = {program: {_key(name) for name in names} for program, names in PROFILES.items()}


def recognise(header: list[str]) -> str:
    """The program whose export the header is, or ""."""
    keys = {_key(name) for name in header}
    best, best_count = "", 0
    for program, columns in _KEYS.items():
        count = len(keys & columns)
        if count >= MIN_COLUMNS and count > best_count:
            best, best_count = program, count
    if not best:
        return ""
    # Most of the list's columns that belong to some program belong to this one.
    named = sum(1 for key in keys if any(key in columns for columns in _KEYS.values()))
    return best if best_count >= MIN_SHARE * named else ""
