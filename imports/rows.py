"""Each row of a mapped list, checked and matched against the register before anything is
written: new, update of this project's network contact, duplicate in the file, or error."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.models import (
    ContactStatus,
    CooperationForm,
    FieldOfAction,
    Intensity,
    NetworkContact,
    Organisation,
    OrganisationType,
    normalise_name,
)
from contacts.selectors import similar_organisations
from contacts.validators import german_phone, german_postcode, not_in_future
from core.db import text_in
from imports import mapping as m
from imports.models import ImportMode
from imports.reading import Table, parse_date
from projects.models import Project

NEW, UPDATE, UNCHANGED, DUPLICATE, ERROR = "new", "update", "unchanged", "duplicate", "error"
STATUS_LABELS = {
    NEW: gettext_lazy("neu"),
    UPDATE: gettext_lazy("ergänzt bestehenden"),
    UNCHANGED: gettext_lazy("schon vorhanden"),
    DUPLICATE: gettext_lazy("doppelt in der Datei"),
    ERROR: gettext_lazy("Fehler"),
}
CONTACT_FIELDS = ("intensity", "since", "status", "in_steering_group", "notes")
ORG_FIELDS = ("street", "postcode", "city", "phone", "email", "website")


@dataclass
class RowResult:
    number: int  # row number in the file
    source: list[object]
    status: str = NEW
    errors: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    organisation: Organisation | None = None  # the register entry it matches, if any
    contact: NetworkContact | None = None  # this project's existing network contact
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # label, old, new
    linked: bool = False  # the user chose the register entry
    similar: list = field(default_factory=list)  # near matches in the register, to choose

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def name(self) -> str:
        return self.values.get("organisation", "")

    @property
    def is_new(self) -> bool:
        return self.status == NEW

    @property
    def is_error(self) -> bool:
        return self.status == ERROR

    @property
    def is_duplicate(self) -> bool:
        return self.status == DUPLICATE


class _Vocabularies:
    def __init__(self, value_map: dict) -> None:
        self.lookups = {
            "organisation_type": m.vocabulary_lookup(OrganisationType),
            "fields_of_action": m.vocabulary_lookup(FieldOfAction),
            "cooperation_forms": m.vocabulary_lookup(CooperationForm),
        }
        for code, chosen in value_map.items():
            for source_key, pk in chosen.items():
                if code in self.lookups and pk:
                    self.lookups[code][source_key] = int(pk)
        self.ignored = {
            code: {source_key for source_key, pk in chosen.items() if not pk}
            for code, chosen in value_map.items()
        }

    def one(self, code: str, value: str) -> int | None:
        value_key = m.key(value)
        if value_key in self.ignored.get(code, set()):
            return None
        if value_key in self.lookups[code]:
            return self.lookups[code][value_key]
        raise ValueError(
            _("„%(value)s“ ist in der Werteliste „%(list)s“ unbekannt.")
            % {"value": value, "list": m.BY_CODE[code].label}
        )


# Built once: _parse_row runs for every row of a list (10,000 and more).
EMAIL = EmailValidator(message=gettext_lazy("Bitte geben Sie eine gültige E-Mail-Adresse ein."))
URL = URLValidator(message=gettext_lazy("Bitte geben Sie eine gültige Adresse ein."))
CHECKS = (
    (german_postcode, "postcode", gettext_lazy("PLZ")),
    (german_phone, "phone", gettext_lazy("Telefon")),
    (german_phone, "person_phone", gettext_lazy("Telefon der Ansprechperson")),
    (EMAIL, "email", gettext_lazy("E-Mail")),
    (EMAIL, "person_email", gettext_lazy("E-Mail der Ansprechperson")),
)


def _check(validator, value: str, errors: list[str], label) -> str:
    """Validate a non-empty value; the (lazy) label is translated only for an error."""
    if not value:
        return value
    try:
        validator(value)
    except ValidationError as error:
        errors.append(f"{label}: {' '.join(error.messages)}")
    return value


def _parse_row(
    row: list[object], header: list[str], mapping: dict, vocab: _Vocabularies
) -> tuple[dict, list[str]]:
    values: dict = {}
    errors: list[str] = []
    for column, code in mapping.items():
        if not code or column not in header:
            continue
        raw = row[header.index(column)]
        text = raw if not isinstance(raw, str) else raw.strip()
        label = m.BY_CODE[code].label  # lazy: translated only in an error message
        if text in ("", None):
            continue
        try:
            if code == "since":
                values[code] = parse_date(text)
                not_in_future(values[code])
            elif code == "postcode_city":
                match = re.match(r"^\s*(\d{5})\s+(.+)$", str(text))
                if not match:
                    raise ValueError(
                        _("„%(value)s“ ist nicht „PLZ Ort“, z. B. 96515 Sonneberg.")
                        % {"value": text}
                    )
                values["postcode"], values["city"] = match[1], match[2].strip()
            elif code == "organisation_type":
                values[code] = vocab.one(code, str(text))
            elif code in ("fields_of_action", "cooperation_forms"):
                found = [vocab.one(code, part) for part in m.split_values(text)]
                values[code] = [pk for pk in found if pk]
            elif code in ("intensity", "status"):
                choice = m.CHOICE_SYNONYMS[code].get(m.key(text))
                if choice is None:
                    raise ValueError(_("„%(value)s“ ist kein gültiger Wert.") % {"value": text})
                values[code] = choice
            elif code == "in_steering_group":
                flag = m.key(text)
                if flag not in m.YES | m.NO:
                    raise ValueError(_("„%(value)s“: bitte „ja“ oder „nein“.") % {"value": text})
                values[code] = flag in m.YES
            elif code in ("phone", "person_phone") and isinstance(text, int | float):
                # Excel stored the number as a number and dropped its leading zero.
                values[code] = "0" + str(int(text))
            elif code == "postcode":
                values[code] = (
                    str(text).zfill(5) if str(text).isdigit() and len(str(text)) == 4 else str(text)
                )
            else:
                values[code] = str(text)
        except ValidationError as error:
            errors.append(f"{label}: {' '.join(error.messages)}")
        except ValueError as error:
            errors.append(f"{label}: {error}")
    for validator, name, field_label in CHECKS:
        _check(validator, values.get(name, ""), errors, field_label)
    if values.get("website") and not values["website"].startswith(("http://", "https://")):
        values["website"] = "https://" + values["website"]
    _check(URL, values.get("website", ""), errors, gettext_lazy("Website"))
    for name, limit in (
        ("organisation", 200),
        ("street", 150),
        ("city", 100),
        ("person_name", 150),
        ("person_function", 150),
    ):
        if len(values.get(name, "")) > limit:
            errors.append(
                _("%(field)s ist länger als %(n)s Zeichen.")
                % {"field": m.BY_CODE[name].label, "n": limit}
            )
    if not values.get("organisation"):
        errors.append(_("Der Name der Organisation fehlt."))
    return values, errors


def _display(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    choices = {**dict(Intensity.choices), **dict(ContactStatus.choices)}
    return str(choices.get(value, value))


def _changes(contact: NetworkContact, values: dict) -> list[tuple[str, str, str]]:
    """Only mapped, non-empty values that differ from what is stored."""
    changes = []
    for name in CONTACT_FIELDS:
        if name in values and getattr(contact, name) != values[name]:
            changes.append(
                (
                    str(m.BY_CODE[name].label),
                    _display(getattr(contact, name)),
                    _display(values[name]),
                )
            )
    for name, model in (
        ("fields_of_action", FieldOfAction),
        ("cooperation_forms", CooperationForm),
    ):
        if values.get(name):
            current = set(getattr(contact, name).values_list("pk", flat=True))
            added = set(values[name]) - current
            if added:
                labels = ", ".join(
                    model.objects.filter(pk__in=added).values_list("label", flat=True)
                )
                changes.append((str(m.BY_CODE[name].label), "", "+ " + labels))
    person = values.get("person_name")
    if person and m.key(person) not in {m.key(p.name) for p in contact.persons.all()}:
        changes.append((str(m.BY_CODE["person_name"].label), "", "+ " + person))
    return changes


def evaluate(
    table: Table,
    mapping: dict,
    value_map: dict,
    project: Project,
    mode: str,
    links: dict | None = None,
) -> list[RowResult]:
    """Every row's outcome. Matches by normalised name (same place preferred), or by the
    register entry the user chose for a row (``links``: file row number → organisation)."""
    links = {int(number): int(pk) for number, pk in (links or {}).items() if pk}
    vocab = _Vocabularies(value_map)
    parsed = [_parse_row(row, table.header, mapping, vocab) for row in table.rows]
    keys = {
        normalise_name(values["organisation"])
        for values, _e in parsed
        if values.get("organisation")
    }
    linked = Organisation.objects.filter(
        pk__in=set(links.values()), merged_into__isnull=True
    ).in_bulk()
    keys |= {organisation.normalised_name for organisation in linked.values()}
    register: dict[str, list[Organisation]] = {}
    for organisation in Organisation.objects.filter(
        normalised_name__in=text_in(keys), merged_into__isnull=True
    ):
        register.setdefault(organisation.normalised_name, []).append(organisation)
    existing = {
        contact.organisation_id: contact
        for contact in NetworkContact.objects.filter(
            project=project, organisation__normalised_name__in=text_in(keys)
        ).prefetch_related("fields_of_action", "cooperation_forms", "persons")
    }
    seen: dict[str, int] = {}
    results = []
    for (values, errors), row, number in zip(parsed, table.rows, table.row_numbers, strict=True):
        result = RowResult(number=number, source=row, values=values, errors=errors)
        results.append(result)
        if errors:
            result.status = ERROR
            continue
        name_key = normalise_name(values["organisation"])
        if name_key in seen:
            result.status = DUPLICATE
            result.errors.append(
                _("Diese Organisation steht schon in Zeile %(n)s.") % {"n": seen[name_key]}
            )
            continue
        seen[name_key] = number
        candidates = register.get(name_key, [])
        city = m.key(values.get("city", ""))
        result.organisation = linked.get(links.get(number)) or next(
            (o for o in candidates if city and m.key(o.city) == city),
            candidates[0] if candidates else None,
        )
        result.linked = number in links and result.organisation is not None
        if result.organisation is not None and result.organisation.pk in existing:
            result.contact = existing[result.organisation.pk]
            result.changes = (
                _changes(result.contact, values) if mode == ImportMode.ADD_AND_UPDATE else []
            )
            result.status = UPDATE if result.changes else UNCHANGED
    return results


def attach_similar(results: list[RowResult], limit: int = 200) -> None:
    """Near matches in the register for new rows without an exact match (shown rows only:
    a similarity search per row is too costly for 20,000 rows)."""
    for result in [r for r in results if r.status == NEW and r.organisation is None][:limit]:
        result.similar = similar_organisations(result.name, limit=3)
