"""Each row of a mapped list, checked and matched against the register before anything is
written: new, update of this project's network contact, duplicate in the file, or error."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts import recognition
from contacts.models import (
    ContactStatus,
    CooperationForm,
    FieldOfAction,
    Intensity,
    NetworkContact,
    Organisation,
    OrganisationType,
)
from contacts.validators import german_phone, german_postcode, not_in_future
from imports import cells
from imports import mapping as m
from imports.models import ImportMode
from imports.reading import parse_date
from imports.tables import Table
from projects.models import Project

NEW, UPDATE, CONFLICT, UNCHANGED, PERSON, DUPLICATE, ERROR = (
    "new", "update", "conflict", "unchanged", "person", "duplicate", "error"
)  # fmt: skip
STATUS_LABELS = {
    NEW: gettext_lazy("neu"),
    UPDATE: gettext_lazy("ergänzt bestehenden"),
    CONFLICT: gettext_lazy("widerspricht neueren Daten"),
    UNCHANGED: gettext_lazy("schon vorhanden"),
    PERSON: gettext_lazy("weitere Ansprechperson"),
    DUPLICATE: gettext_lazy("doppelt in der Datei"),
    ERROR: gettext_lazy("Fehler"),
}
PERSON_FIELDS = ("name", "function", "phone", "email")
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
    place: str = ""  # where the row is in the file: "Zeile 5" / "Blatt „Ämter“, Zeile 5"
    splits: list = field(default_factory=list)  # Notes: combined cells and what they became
    persons: list[dict] = field(default_factory=list)  # contact persons of this row's group
    first: RowResult | None = None  # the row whose organisation this row adds a person to
    updates: dict = field(default_factory=dict)  # what "ergänzen" writes to ``contact``
    # Values changed in the application after the list was made: field, label, value in the
    # application, value in the list, the user's choice ("keep" or "list").
    conflicts: list[tuple[str, str, str, str, str]] = field(default_factory=list)

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

    @property
    def is_update(self) -> bool:
        return self.status in (UPDATE, CONFLICT)

    @property
    def person_names(self) -> str:
        return ", ".join(person["name"] for person in self.persons)


class _Vocabularies:
    """Cell values to vocabulary entries: the user's answers first, then matching by
    meaning (mapping.ValueMatcher) where it is confident."""

    def __init__(self, value_map: dict) -> None:
        models = {
            "organisation_type": OrganisationType,
            "fields_of_action": FieldOfAction,
            "cooperation_forms": CooperationForm,
        }
        self.matchers = {code: m.ValueMatcher(model) for code, model in models.items()}
        self.by_code = {
            code: dict(model.objects.values_list("code", "pk")) for code, model in models.items()
        }
        self.chosen = {
            code: {source_key: int(pk) for source_key, pk in chosen.items() if pk}
            for code, chosen in value_map.items()
        }
        self.ignored = {
            code: {source_key for source_key, pk in chosen.items() if not pk}
            for code, chosen in value_map.items()
        }
        self._cache: dict[tuple[str, str], int | None] = {}

    def one(self, code: str, value: str) -> int | None:
        value_key = m.key(value)
        if value_key in self.ignored.get(code, set()):
            return None
        if value_key in self.chosen.get(code, {}):
            return self.chosen[code][value_key]
        if (code, value_key) not in self._cache:
            pk, confident = self.matchers[code].match(value)
            self._cache[(code, value_key)] = pk if confident else None
        if self._cache[(code, value_key)] is not None:
            return self._cache[(code, value_key)]
        raise ValueError(
            _("„%(value)s“ ist in der Werteliste „%(list)s“ unbekannt.")
            % {"value": value, "list": m.BY_CODE[code].label}
        )

    def entry(self, field_code: str, entry_code: str) -> int | None:
        return self.by_code[field_code].get(entry_code)

    def label(self, pk: int) -> str:
        if not hasattr(self, "_type_labels"):
            self._type_labels = dict(OrganisationType.objects.values_list("pk", "label"))
        return self._type_labels.get(pk, "")


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
) -> tuple[dict, list[str], list[str]]:
    """A row's values by field, its errors, and what was split out of combined cells.

    Values split out of a cell ("Weg 1, 96515 Sonneberg") never replace a value that has a
    column of its own; what has no field of its own (fax, a second e-mail) goes into the
    notes, so nothing of the cell is lost."""
    values: dict = {}
    parts: dict = {}  # split out of a combined cell: used where no column gives the field
    extras: list[str] = []  # for the notes
    errors: list[str] = []
    splits: list[str] = []
    for column, code in mapping.items():
        if not code or column not in header:
            continue
        raw = row[header.index(column)]
        text = raw if not isinstance(raw, str) else raw.strip()
        if text in ("", None):
            continue
        if mark := m.parse_mark_code(code):
            field_code, entry_code = mark
            if not m.is_blank_mark(text) and (pk := vocab.entry(field_code, entry_code)):
                values.setdefault(field_code, [])
                values[field_code].append(pk)
            continue
        label = m.BY_CODE[code].label  # lazy: translated only in an error message
        try:
            _parse_value(code, text, values, parts, extras, vocab, column, splits)
        except ValidationError as error:
            errors.append(f"{label}: {' '.join(error.messages)}")
        except ValueError as error:
            errors.append(f"{label}: {error}")
    for name, value in parts.items():
        values.setdefault(name, value)
    if (
        values.get("organisation")
        and "organisation_type" not in mapping.values()
        and (code := m.type_from_name(values["organisation"]))
        and (pk := vocab.entry("organisation_type", code))
    ):
        values["organisation_type"] = pk
        splits.append(
            Note(gettext_lazy("Organisationsart aus dem Namen: %(type)s"), type=vocab.label(pk))
        )
    if first := values.pop("person_first_name", ""):
        values["person_name"] = (
            f"{first} {values['person_name']}".strip() if values.get("person_name") else first
        )
    if fax := values.pop("fax", ""):
        extras.insert(0, _("Fax: %(number)s") % {"number": fax})
    if extras:
        values["notes"] = "\n".join(part for part in [values.get("notes", ""), *extras] if part)
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
    return values, errors, splits


class Note:
    """A line of the preview about a row, translated only when shown: a list of 10,000
    rows makes one per row, a preview page shows a hundred."""

    __slots__ = ("params", "template")

    def __init__(self, template, **params) -> None:
        self.template, self.params = template, params

    def __str__(self) -> str:
        return str(self.template) % self.params


class Split(Note):
    """ "Adresse: „Weg 1, 96515 Sonneberg“ → Straße: Weg 1 · PLZ: 96515 · Ort: Sonneberg"."""

    def __str__(self) -> str:
        shown = " · ".join(f"{label}: {value}" for label, value in self.params["parts"] if value)
        return f"{self.params['column']}: „{self.params['text']}“ → {shown}"


def _split_note(column: str, text: object, parts: list[tuple[object, str]]) -> Split:
    return Split(None, column=column, text=text, parts=parts)


def _parse_value(code, text, values, parts, extras, vocab, column, splits) -> None:
    """One mapped cell into ``values`` (or ``parts``/``extras`` for what it also holds)."""
    if code == "since":
        values[code] = parse_date(text)
        not_in_future(values[code])
    elif code in ("postcode_city", "city", "street"):
        address = cells.split_postcode_city(str(text)) if code != "street" else None
        if address is None and code == "postcode_city":
            raise ValueError(
                _("„%(value)s“ ist nicht „PLZ Ort“, z. B. 96515 Sonneberg.") % {"value": text}
            )
        if address is None and code == "street":
            address = cells.split_address(str(text))
        if address is None:  # a city column holding just the city
            values[code] = str(text)
            return
        if code == "street":
            values["street"] = address.street
        else:
            values["city"] = address.city
        if address.postcode:
            parts["postcode"] = address.postcode
            if address.city:
                parts["city"] = address.city
            splits.append(
                _split_note(
                    column,
                    text,
                    [
                        (m.BY_CODE["street"].label, address.street),
                        (m.BY_CODE["postcode"].label, address.postcode),
                        (m.BY_CODE["city"].label, address.city),
                    ],
                )
            )
    elif code == "organisation_type":
        values[code] = vocab.one(code, str(text))
    elif code in ("fields_of_action", "cooperation_forms"):
        found = [vocab.one(code, part) for part in m.split_values(text)]
        values.setdefault(code, [])
        values[code] += [pk for pk in found if pk]
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
    elif code in ("phone", "person_phone"):
        if isinstance(text, int | float):
            # Excel stored the number as a number and dropped its leading zero.
            values[code] = "0" + str(int(text))
            return
        phones = cells.split_phones(str(text))
        values[code] = phones.phone
        if phones.fax:
            parts["fax"] = phones.fax
        extras += [_("weitere Nummer: %(number)s") % {"number": n} for n in phones.more]
        if phones.fax or phones.more or phones.phone != str(text):
            splits.append(
                _split_note(
                    column,
                    text,
                    [
                        (m.BY_CODE[code].label, phones.phone),
                        (gettext_lazy("Fax"), phones.fax),
                        (gettext_lazy("Notizen"), ", ".join(phones.more)),
                    ],
                )
            )
    elif code in ("email", "person_email"):
        addresses = cells.split_emails(str(text))
        values[code] = addresses[0] if addresses else ""
        extras += [_("weitere E-Mail: %(address)s") % {"address": a} for a in addresses[1:]]
        if len(addresses) > 1:
            splits.append(
                _split_note(
                    column,
                    text,
                    [
                        (m.BY_CODE[code].label, addresses[0]),
                        (gettext_lazy("Notizen"), ", ".join(addresses[1:])),
                    ],
                )
            )
    elif code == "person_name":
        person = cells.split_person(str(text))
        values[code] = person.name
        if person.function:
            parts["person_function"] = person.function
        if person.function or person.name != str(text).strip():
            splits.append(
                _split_note(
                    column,
                    text,
                    [
                        (m.BY_CODE["person_name"].label, person.name),
                        (m.BY_CODE["person_function"].label, person.function),
                    ],
                )
            )
    elif code == "postcode":
        values[code] = (
            str(text).zfill(5) if str(text).isdigit() and len(str(text)) == 4 else str(text)
        )
    elif code == "notes" and values.get("notes"):
        values[code] = f"{values['notes']}\n{text}"
    else:
        values[code] = str(text)


def _display(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    choices = {**dict(Intensity.choices), **dict(ContactStatus.choices)}
    return str(choices.get(value, value))


DEFAULTS = {"intensity": Intensity.OCCASIONAL, "status": ContactStatus.ACTIVE}


def _is_empty_field(contact: NetworkContact, name: str) -> bool:
    """ "Ergänzen" fills only what is empty: no date, no notes, a choice never made (still
    its default) – never a value someone entered."""
    value = getattr(contact, name)
    if name in DEFAULTS:
        return value == DEFAULTS[name]
    if name == "in_steering_group":
        return value is False
    return value in (None, "")


def _knows(persons, person: dict) -> bool:
    """A person already there: the same name, or the same e-mail address."""
    email = person.get("email", "").lower()
    return any(
        m.key(p["name"] if isinstance(p, dict) else p.name) == m.key(person["name"])
        or (email and email == (p["email"] if isinstance(p, dict) else p.email).lower())
        for p in persons
    )


@dataclass
class UpdateRule:
    """How a list updates existing contacts: the mode, the list's date, the user's choices
    where the application holds a newer value, and when each field last changed."""

    mode: str
    list_date: datetime.date | None = None
    resolutions: dict = field(default_factory=dict)
    last_changed: dict = field(default_factory=dict)  # (contact id, field) → date

    def choice(self, number: int, name: str) -> str:
        return self.resolutions.get(f"{number}:{name}") or self.resolutions.get("*", "keep")

    def is_newer_here(self, contact: NetworkContact, name: str) -> bool:
        """Changed in the application after the list's date (or when that is unknown)."""
        changed = self.last_changed.get((contact.pk, name))
        return self.list_date is None or changed is None or changed > self.list_date


def last_changes(contact_ids) -> dict:
    """When each field of these contacts last got its value, from their history – one query
    for all of them (creation counts as setting every field)."""
    last: dict = {}
    previous: dict = {}
    rows = (
        NetworkContact.history.filter(id__in=list(contact_ids))
        .order_by("id", "history_date", "history_id")
        .values("id", "history_date", *CONTACT_FIELDS)
    )
    for row in rows:
        before = previous.get(row["id"])
        for name in CONTACT_FIELDS:
            if before is None or before[name] != row[name]:
                last[(row["id"], name)] = timezone.localdate(row["history_date"])
        previous[row["id"]] = row
    return last


def _changes(contact: NetworkContact, result: RowResult, rule: UpdateRule) -> dict:
    """What the import writes to an existing contact, each shown as (label, old, new).

    "Ergänzen" fills empty fields and adds vocabulary entries and persons. "Aktualisieren"
    also overwrites – except a value changed in the application after the list's date: that
    is a conflict (application | list) the user decides, per field or for all."""
    values = result.values
    updates: dict = {}
    for name in CONTACT_FIELDS:
        if name not in values or getattr(contact, name) == values[name]:
            continue
        old, new = _display(getattr(contact, name)), _display(values[name])
        label = str(m.BY_CODE[name].label)
        if not _is_empty_field(contact, name):
            if rule.mode != ImportMode.OVERWRITE:
                continue
            if rule.is_newer_here(contact, name):
                choice = rule.choice(result.number, name)
                result.conflicts.append((name, label, old, new, choice))
                if choice != "list":
                    continue
        updates[name] = values[name]
        result.changes.append((label, old, new))
    for name, model in (
        ("fields_of_action", FieldOfAction),
        ("cooperation_forms", CooperationForm),
    ):
        if values.get(name):
            current = set(getattr(contact, name).values_list("pk", flat=True))
            added = set(values[name]) - current
            if added:
                updates[name] = sorted(added)
                labels = ", ".join(
                    model.objects.filter(pk__in=added).values_list("label", flat=True)
                )
                result.changes.append((str(m.BY_CODE[name].label), "", "+ " + labels))
    existing = list(contact.persons.all())
    new_persons = [p for p in result.persons if not _knows(existing, p)]
    for person in new_persons:
        result.changes.append((str(m.BY_CODE["person_name"].label), "", "+ " + person["name"]))
    updates["persons"] = new_persons
    return updates


def _person(values: dict) -> dict | None:
    if not values.get("person_name"):
        return None
    return {
        "name": values["person_name"],
        "function": values.get("person_function", ""),
        "phone": values.get("person_phone", ""),
        "email": values.get("person_email", ""),
    }


def _join(first: RowResult, result: RowResult) -> None:
    """A further row of the same organisation: its person joins the first row's, its other
    values fill what the first row left empty."""
    result.status = PERSON
    result.first = first
    person = _person(result.values)
    if person and not _knows(first.persons, person):
        first.persons.append(person)
    for name, value in result.values.items():
        if name.startswith("person_"):
            continue
        if isinstance(value, list):
            first.values[name] = [*first.values.get(name, []), *value]
        else:
            first.values.setdefault(name, value)


def _is_organisation_mailbox(address: str, organisation: str, person: str) -> bool:
    """info@, pfarramt@, poststelle@ …, or a mailbox named after the organisation and not
    after the person (the rule: ``cells.is_organisation_mailbox``)."""
    return cells.is_organisation_mailbox(address, organisation, person)


def _route_personal_data(parsed: list, mapping: dict) -> None:
    """Phone and e-mail beside a contact-person column belong to that person – personal
    data, visible only to the project – unless they clearly are the organisation's: a
    mailbox like info@ or poststelle@, or a switchboard number (…-0, or one several persons
    share)."""
    codes = set(mapping.values())
    if "person_name" not in codes:
        return
    route_email = "email" in codes and "person_email" not in codes
    route_phone = "phone" in codes and "person_phone" not in codes
    shared: dict[str, set[str]] = {}
    for values, _errors, _splits in parsed:
        if values.get("phone") and values.get("person_name"):
            shared.setdefault(values["phone"], set()).add(m.key(values["person_name"]))
    for values, _errors, splits in parsed:
        if not values.get("person_name"):
            continue
        email = values.get("email", "")
        if route_email and email:
            if _is_organisation_mailbox(
                email, values.get("organisation", ""), values["person_name"]
            ):
                splits.append(
                    Note(gettext_lazy("E-Mail %(value)s: Adresse der Organisation"), value=email)
                )
            else:
                values["person_email"] = values.pop("email")
                splits.append(
                    Note(
                        gettext_lazy("E-Mail %(value)s: persönliche Adresse der Ansprechperson"),
                        value=email,
                    )
                )
        phone = values.get("phone", "")
        if route_phone and phone:
            if len(shared.get(phone, ())) > 1 or cells.is_switchboard(phone):
                splits.append(
                    Note(
                        gettext_lazy(
                            "Telefon %(value)s: Zentrale der Organisation (mehrere Personen)"
                        ),
                        value=phone,
                    )
                )
            else:
                values["person_phone"] = values.pop("phone")
                splits.append(
                    Note(gettext_lazy("Telefon %(value)s: Nummer der Ansprechperson"), value=phone)
                )


def evaluate(
    table: Table,
    mapping: dict,
    value_map: dict,
    project: Project,
    mode: str,
    links: dict | None = None,
    rule: UpdateRule | None = None,
) -> list[RowResult]:
    """Every row's outcome. Matches by normalised name (same place preferred), or by the
    register entry the user chose for a row (``links``: file row number → organisation).
    Rows of the same organisation (same name, same or no place) are one network contact
    with a contact person from each row."""
    declined = {int(number) for number, pk in (links or {}).items() if not pk}
    links = {int(number): int(pk) for number, pk in (links or {}).items() if pk}
    vocab = _Vocabularies(value_map)
    parsed = [_parse_row(row, table.header, mapping, vocab) for row in table.rows]
    _route_personal_data(parsed, mapping)
    linked = Organisation.objects.filter(
        pk__in=set(links.values()), merged_into__isnull=True
    ).in_bulk()
    # The register's entries by the one recogniser (contacts.recognition): confident
    # matches taken, doubtful ones asked with the best candidate preselected.
    matches = recognition.match_for_import(
        [(values.get("organisation", ""), values.get("city", "")) for values, _e, _s in parsed],
        project=project,
    )
    matched = {match.organisation.pk for match in matches if match.organisation is not None}
    existing = {
        contact.organisation_id: contact
        for contact in NetworkContact.objects.filter(
            project=project, organisation__in=matched | set(linked)
        ).prefetch_related("fields_of_action", "cooperation_forms", "persons")
    }
    places = table.places or [_("Zeile %(n)s") % {"n": n} for n in table.row_numbers]
    groups: dict[str, list[tuple[str, RowResult]]] = {}  # name → (place key, first row)
    by_organisation: dict[int, RowResult] = {}
    results = []
    for (values, errors, splits), row, number, place, match in zip(
        parsed, table.rows, table.row_numbers, places, matches, strict=True
    ):
        result = RowResult(
            number=number, source=row, values=values, errors=errors, splits=splits, place=place
        )
        results.append(result)
        if errors:
            result.status = ERROR
            continue
        name_key = recognition.row_key(values["organisation"])
        city = m.key(values.get("city", ""))
        first = next(
            (r for c, r in groups.get(name_key, []) if not c or not city or c == city), None
        )
        if first is not None and number not in links:
            if _person(values) is None or _knows(first.persons, _person(values)):
                result.status = DUPLICATE
                result.first = first
                result.errors.append(
                    _("Diese Organisation steht schon in %(place)s.") % {"place": first.place}
                )
            else:
                _join(first, result)
            continue
        result.organisation = linked.get(links.get(number)) or match.organisation
        if result.organisation is None and number not in declined:
            result.similar = match.candidates
        if result.organisation is not None and result.organisation.pk in by_organisation:
            # Another spelling of the same register entry earlier in the list.
            _join(by_organisation[result.organisation.pk], result)
            continue
        groups.setdefault(name_key, []).append((city, result))
        if result.organisation is not None:
            by_organisation[result.organisation.pk] = result
        result.linked = number in links and result.organisation is not None
        if person := _person(values):
            result.persons.append(person)
    rule = rule or UpdateRule(mode=mode)
    if rule.mode == ImportMode.OVERWRITE:
        rule.last_changed = last_changes(contact.pk for contact in existing.values())
    for result in results:
        contact = existing.get(result.organisation.pk) if result.organisation else None
        if result.status == NEW and contact is not None:
            result.contact = contact
            result.updates = _changes(contact, result, rule) if mode != ImportMode.ADD else {}
            if result.conflicts:
                result.status = CONFLICT
            else:
                result.status = UPDATE if result.changes else UNCHANGED
    return results


def _shares_more_than_the_place(name: str, city: str, organisation: Organisation) -> bool:
    """Two organisations whose names share only the town (and a legal form) are different
    organisations: "Tafel Sonneberg" ≠ "Kita Sonneberg" (contacts.recognition)."""
    return recognition.shares_more_than_the_place(name, city, organisation)


def attach_similar(
    results: list[RowResult], limit: int = 200, project: Project | None = None
) -> None:
    """Near matches in the register for new rows without an exact match (shown rows only:
    a similarity search per row is too costly for 20,000 rows) – by the recogniser, the
    project's partners and town first, never an entry in another place or one that shares
    only the town with the row; a doubtful match found by ``evaluate`` stays first."""
    for result in [r for r in results if r.status == NEW and r.organisation is None][:limit]:
        city = result.values.get("city", "")
        known = {found.organisation.pk for found in result.similar}
        result.similar = [
            *result.similar,
            *(
                found
                for found in recognition.similar_for_import(result.name, city, project=project)
                if found.organisation.pk not in known
                and _shares_more_than_the_place(result.name, city, found.organisation)
            ),
        ][:3]
