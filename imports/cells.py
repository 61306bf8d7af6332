"""Splitting what offices write into one cell: "Bahnhofstraße 5, 99084 Erfurt",
"Tel.: 0361 12345 / Fax: 0361 12346", several e-mails, "Herr Dr. Krüger (Schuldnerberatung)".

Pure functions of text: each returns the parts it could tell apart and leaves the rest
whole, so nothing of a cell is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
_IN_BRACKETS = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<function>[^()]+)\)\s*$")


@dataclass
class Address:
    street: str = ""
    postcode: str = ""
    city: str = ""


def split_address(text: str) -> Address:
    """ "Bahnhofstraße 5, 99084 Erfurt" → street, postcode, city; "99084 Erfurt" → postcode and
    city; anything else stays the street."""
    text = " ".join(part.strip() for part in str(text).strip().splitlines() if part.strip())
    if match := _POSTCODE_CITY.match(text):
        return Address(postcode=match[1], city=match[2].strip())
    if (match := _ADDRESS.match(text)) and re.search(r"[A-Za-zÄÖÜäöüß]", match["street"]):
        return Address(
            street=match["street"].rstrip(", "),
            postcode=match["postcode"],
            city=match["city"].strip().rstrip(","),
        )
    return Address(street=text)


def split_postcode_city(text: str) -> Address | None:
    match = _POSTCODE_CITY.match(str(text).strip())
    return Address(postcode=match[1], city=match[2].strip()) if match else None


@dataclass
class Phones:
    phone: str = ""
    fax: str = ""
    more: list[str] | None = None  # further numbers, for the notes


def split_phones(text: str) -> Phones:
    """ "Tel.: 0361 12345 / Fax: 0361 12346" → phone and fax; a "Tel." prefix goes; further
    numbers are kept for the notes."""
    result = Phones(more=[])
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
        if not number:
            continue
        if label and label["label"].lower() in ("fax", "telefax"):
            result.fax = result.fax or number
        elif not result.phone:
            result.phone = number
        else:
            result.more.append(number)
    return result


def _has_area_code_before_slash(part: str) -> bool:
    """Split at "/" only when what stands before it is a whole number (≥ 6 digits)."""
    head = part.split("/")[0]
    return len(re.sub(r"\D", "", head)) >= 6 or bool(
        _PHONE_LABEL.match(part.split("/")[-1].strip())
    )


def split_emails(text: str) -> list[str]:
    """Several addresses separated by ; , spaces or line breaks; "mailto:" dropped."""
    parts = re.split(r"[;,\s]+", str(text).strip())
    return [re.sub(r"^mailto:", "", p, flags=re.I) for p in parts if p]


@dataclass
class PersonName:
    name: str
    function: str = ""


def split_person(text: str) -> PersonName:
    """ "Herr Dr. Krüger (Schuldnerberatung)" → name "Dr. Krüger", function
    "Schuldnerberatung"; the salutation goes, a title stays."""
    text = " ".join(str(text).split())
    function = ""
    if match := _IN_BRACKETS.match(text):
        text, function = match["name"], match["function"].strip()
    elif " - " in text or " – " in text:
        text, function = (part.strip() for part in re.split(r"\s[-–]\s", text, maxsplit=1))
    return PersonName(name=_SALUTATION.sub("", text).strip(), function=function)
