"""Each row of a mapped list, checked and matched against the register before anything is
written: new, update of this project's network contact, duplicate in the file, or error."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from django.core.exceptions import ValidationError
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts import recognition
from contacts.models import (
    ContactPerson,
    ContactStatus,
    CooperationForm,
    FieldOfAction,
    Intensity,
    NetworkContact,
    Organisation,
    OrganisationType,
)
from core.limits import max_length
from core.text import fold
from imports import cells
from imports import mapping as m
from imports import parsers as p
from imports.models import ImportMode
from imports.plan import ImportPlan, UpdateRule
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
CONTACT_FIELDS = ("intensity", "since", "status", "ended_on", "in_steering_group", "notes")
ORG_FIELDS = ("street", "postcode", "city", "phone", "email", "website")
MORE_PERSONS = p.MORE_PERSONS  # values[MORE_PERSONS]: further persons of the row


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
    review: list = field(default_factory=list)  # why the user should check this row

    @property
    def needs_review(self) -> bool:
        return bool(self.review) and self.status != ERROR

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
    meaning (mapping.ValueMatcher) where it is confident; anything else is unknown
    (``LookupError``) – kept for the notes, never a reason to refuse the row."""

    def __init__(self, value_map: Mapping[str, Mapping[str, int | None]]) -> None:
        codes = ("organisation_type", "fields_of_action", "cooperation_forms")
        self.matchers = {code: m.ValueMatcher(m.vocabulary_of(code)) for code in codes}
        self.by_code: dict[str, dict[str, int]] = {
            code: dict(m.vocabulary_of(code)._default_manager.values_list("code", "pk"))
            for code in codes
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

    def lookup(self, code: str, value: str) -> int | None:
        """The entry for a value; None where the user chose to leave it empty."""
        value_key = fold(value)
        if value_key in self.ignored.get(code, set()):
            return None
        if value_key in self.chosen.get(code, {}):
            return self.chosen[code][value_key]
        if (code, value_key) not in self._cache:
            pk, confident = self.matchers[code].match(value)
            self._cache[(code, value_key)] = pk if confident else None
        if self._cache[(code, value_key)] is not None:
            return self._cache[(code, value_key)]
        raise LookupError(value)

    def entry(self, field_code: str, entry_code: str) -> int | None:
        return self.by_code[field_code].get(entry_code)

    def label(self, pk: int) -> str:
        if not hasattr(self, "_type_labels"):
            self._type_labels = dict(OrganisationType.objects.values_list("pk", "label"))
        return self._type_labels.get(pk, "")


class Note:
    """A line of the preview about a row, translated only when shown: a list of 10,000
    rows makes one per row, a preview page shows a hundred."""

    __slots__ = ("params", "template")

    def __init__(self, template: m.StrOrPromise | None, **params: object) -> None:
        self.template, self.params = template, params

    def __str__(self) -> str:
        return str(self.template) % self.params


class Split(Note):
    """ "Adresse: „Weg 1, 96515 Sonneberg“ → Straße: Weg 1 · PLZ: 96515 · Ort: Sonneberg"."""

    def __str__(self) -> str:
        parts = cast("Sequence[tuple[object, object]]", self.params["parts"])
        shown = " · ".join(f"{label}: {value}" for label, value in parts if value)
        return f"{self.params['column']}: „{self.params['text']}“ → {shown}"


def _split_note(column: str, text: object, parts: Sequence[tuple[object, object]]) -> Split:
    return Split(None, column=column, text=text, parts=parts)


def kept_line(column: str, value: object) -> str:
    """How a value the import could not place stands in the contact's notes."""
    return _("aus der Liste: %(column)s – %(value)s") % {"column": column, "value": value}


@dataclass(frozen=True)
class StatusReading:
    """What one column says of the partnership's status, and how much it says: a status
    with its date (3) beats a status word (2), which beats a bare yes/no mark (1), which
    beats an empty box in an "aktiv?" column (0)."""

    status: str
    rank: int
    column: str
    text: str


@dataclass
class ReadRow:
    """A row read through the plan: values by field, errors (only what makes the row
    unusable), notes on what was split, and what the user should check."""

    values: dict
    errors: list[str] = field(default_factory=list)
    splits: list = field(default_factory=list)
    review: list = field(default_factory=list)  # Notes: why the row is marked "prüfen"
    unknown: list[tuple[str, str]] = field(default_factory=list)  # (field, value)
    statuses: list[StatusReading] = field(default_factory=list)  # status and "aktiv?" columns
    labels: dict[str, str] = field(default_factory=dict)  # field → words beside its number


# Fields the register limits in length: a longer value goes to the notes, not the field.
# The models' lengths (core.limits.max_length): a longer value is cut and noted.
LIMITS = {
    "street": max_length(Organisation, "street"),
    "city": max_length(Organisation, "city"),
    "person_name": max_length(ContactPerson, "name"),
    "person_function": max_length(ContactPerson, "function"),
}
ORGANISATION_LIMIT = max_length(Organisation, "name")


def _text_of(raw: object) -> str:
    if hasattr(raw, "strftime"):
        return raw.strftime("%d.%m.%Y")
    return " ".join(str(raw).split())


@functools.lru_cache(maxsize=256)
def _is_notes_heading(name: str) -> bool:
    """ "Bemerkungen", "Notes": a column of notes (its values need no label)."""
    return m.suggest([name]).get(name) == "notes"


def _with_first_name(first: str, name: str) -> str:
    """The first name before the surname – unless the name column already holds the full
    name ("Anke" beside "Anke Börner", "Börner, Anke"): an export's full-name column beside
    its first-name column is read as it is, never "Anke Anke Börner"."""
    if not name:
        return first
    words = {fold(w) for w in re.split(r"[\s,]+", name) if w}
    if len(words) > 1 and {fold(w) for w in first.split()} <= words:
        return name
    return f"{first} {name}".strip()


def read_row(
    row: list[object], plan: ImportPlan, vocab: _Vocabularies, cache: dict | None = None
) -> ReadRow:
    """One row into the schema, column by column through each field's parser. What a
    parser cannot read stays verbatim in the notes ("aus der Liste: Spalte – Wert") and
    marks the row "prüfen"; values split out of a cell never replace a value with a column
    of its own."""
    values: dict = {}
    parts: dict = {}
    extras: list[str] = []
    kept: list[str] = []
    read = ReadRow(values=values)
    for column in plan.used:
        raw = row[column.index] if column.index < len(row) else ""
        if raw in ("", None) or (isinstance(raw, str) and not raw.strip()):
            if column.role == "active":
                # An empty box in an "aktiv?" column: not ticked – the partnership ended,
                # unless another column says more.
                read.statuses.append(StatusReading(ContactStatus.ENDED, 0, column.name, ""))
            continue
        if mark := m.parse_mark_code(column.role):
            field_code, entry_code = mark
            if not m.is_blank_mark(raw) and (pk := vocab.entry(field_code, entry_code)):
                values.setdefault(field_code, []).append(pk)
            continue
        target = m.BY_CODE.get(column.role)
        if target is None:
            continue
        if target.code == "notes" and not _is_notes_heading(column.name):
            # the group heading above the row ("Abschnitt: Vereine"), a second line of the
            # name, a person's mobile number: the value with its column's name
            raw = f"{column.name}: {_text_of(raw)}"
        # A list repeats its values (places, types, dates): each is read once per list.
        cache_key = (column.role, raw)
        parsed = cache.get(cache_key) if cache is not None else None
        if parsed is None:
            parsed = target.parse(raw if not isinstance(raw, str) else raw.strip(), vocab.lookup)
            if cache is not None:
                cache[cache_key] = parsed
        if target.code in STATUS_ROLES:
            # Status and "aktiv?" columns are weighed together (``_resolve_status``).
            if parsed.value is not None:
                read.statuses.append(_status_reading(column.name, raw, parsed))
            _place(target, column.name, raw, parsed, read, parts, extras, kept, take=False)
            continue
        if (
            parsed.value is not None
            and not target.multiple
            and target.code != "notes"
            and not (parsed.parts or parsed.extras or parsed.leftover or parsed.unknown)
            and not parsed.approximate
            and target.code != "person_name"
        ):
            values[target.into or target.code] = parsed.value  # the common case
            continue
        _place(target, column.name, raw, parsed, read, parts, extras, kept)
    for name, value in parts.items():
        if value not in ("", None):
            values.setdefault(name, value)
    if more := values.pop(p.MORE_PERSONS, ()):
        _more_persons(row, plan, read, list(more), extras)
    _finish(values, plan, vocab, read, extras, kept)
    return read


def _cell_of(row: list[object], plan: ImportPlan, roles: tuple[str, ...]) -> tuple[str, str]:
    """(role, text) of the first column with one of ``roles`` that is filled in ``row``."""
    for column in plan.used:
        if column.role in roles and column.index < len(row):
            text = str(row[column.index] or "").strip()
            if text:
                return column.role, text
    return "", ""


def _more_persons(
    row: list[object], plan: ImportPlan, read: ReadRow, names: list[str], extras: list[str]
) -> None:
    """Further persons of one cell ("Fr. Ute Müller / Hr. Kai Schmidt"): each a person of
    its own; the cell's e-mail addresses and phone numbers go to them in order where there
    are as many as persons (else the first person keeps the first, the rest the notes)."""
    values = read.values
    persons: list[dict] = []
    for name in names:
        split = cells.split_person(name)
        persons.append(
            {
                "name": split.name,
                "function": split.function,
                "phone": "",
                "email": "",
                "consent_on": None,
            }  # fmt: skip
        )
    count = len(persons) + 1
    _role, emails_text = _cell_of(row, plan, ("person_email", "email"))
    emails = [e for e in cells.split_emails(emails_text) if p.parse_email(e).value]
    if len(emails) == count:
        for person, address in zip(persons, emails[1:], strict=True):
            person["email"] = address
        extras[:] = [line for line in extras if not any(a in line for a in emails[1:])]
    _role, phones_text = _cell_of(row, plan, ("person_phone", "phone"))
    phones = cells.split_phones(phones_text) if phones_text else None
    numbers = [phones.phone, *(phones.more or [])] if phones and phones.phone else []
    if len(numbers) == count:
        for person, number in zip(persons, numbers[1:], strict=True):
            person["phone"] = p.parse_phone(number).value or number
        extras[:] = [line for line in extras if not any(n in line for n in numbers[1:])]
    values[MORE_PERSONS] = persons
    read.splits.append(
        Note(
            gettext_lazy("mehrere Personen in einer Zelle: %(names)s"),
            names=", ".join([values.get("person_name", ""), *(x["name"] for x in persons)]),
        )
    )


STATUS_ROLES = ("status", "active")
_BARE_MARKS = p.YES | p.NO | p.MARK_WORDS


def _status_reading(column: str, raw: object, parsed: p.Parsed) -> StatusReading:
    text = _text_of(raw)
    if parsed.parts or parsed.extras:
        rank = 3  # "ruht seit 2022", "beendet 06/2017"
    elif fold(text) in _BARE_MARKS or text in _BARE_MARKS:
        rank = 1  # "ja", "x", "nein"
    else:
        rank = 2  # "ruhend", "ausgelaufen"
    return StatusReading(str(parsed.value), rank, column, text)


def _same_side(one: str, other: str) -> bool:
    """Two statuses that do not contradict: equal, or both "not active" (a box left empty
    or "nein" beside "ruht")."""
    quiet = (ContactStatus.DORMANT, ContactStatus.ENDED)
    return one == other or (one in quiet and other in quiet)


def _resolve_status(values: dict, read: ReadRow, kept: list[str]) -> None:
    """One status from the status and "aktiv?" columns: the reading that says most wins
    (a status with its date beats a bare yes/no mark); a reading that contradicts it is
    kept in the notes and the row marked "prüfen"."""
    if not read.statuses:
        return
    best = max(read.statuses, key=lambda reading: reading.rank)
    values["status"] = best.status
    for reading in read.statuses:
        if reading is best or reading.rank == 0 or _same_side(reading.status, best.status):
            continue
        kept.append(kept_line(reading.column, reading.text))
        read.review.append(
            Note(
                gettext_lazy(
                    "Status: „%(value)s“ (%(column)s) widerspricht „%(chosen)s“ (%(other)s) "
                    "– in den Notizen"
                ),
                value=reading.text,
                column=reading.column,
                chosen=best.text,
                other=best.column,
            )
        )


def _place(
    target: m.Target,
    column: str,
    raw: object,
    parsed: p.Parsed,
    read: ReadRow,
    parts: dict,
    extras: list[str],
    kept: list[str],
    *,
    take: bool = True,
) -> None:
    """A parsed cell into the row: its value (``take``), the further fields it holds, lines
    for the notes, and what the user should check."""
    values, code = read.values, target.into or target.code
    if parsed.value is not None and take:
        if target.multiple:
            values.setdefault(code, []).extend(parsed.value)
        elif code == "notes" and values.get("notes"):
            values["notes"] = f"{values['notes']}\n{parsed.value}"
        else:
            values[code] = parsed.value
    for name, value in parsed.parts:
        if name == p.LABEL:  # the words beside a number ("Zentrale"): whose number it is
            read.labels.setdefault(code, str(value))
            continue
        parts.setdefault(name, value)
    extras.extend(parsed.extras)
    text = _text_of(raw)
    if parsed.parts or parsed.extras:
        shown = [(target.label, parsed.value if not target.multiple else "")]
        shown += [
            (m.BY_CODE[n].label if n in m.BY_CODE else n, v)
            for n, v in parsed.parts
            if n not in (MORE_PERSONS, p.LABEL)
        ]
        shown += [(gettext_lazy("Notizen"), ", ".join(parsed.extras))]
        read.splits.append(_split_note(column, text, shown))
    elif code == "person_name" and parsed.value and parsed.value != text:
        read.splits.append(_split_note(column, text, [(target.label, parsed.value)]))
    if parsed.leftover:
        kept.append(kept_line(column, parsed.leftover))
        read.review.append(
            Note(
                gettext_lazy("%(field)s: „%(value)s“ nicht lesbar (%(why)s) – in den Notizen"),
                field=target.label,
                value=parsed.leftover,
                why=parsed.note or gettext_lazy("unbekannt"),
            )
        )
    for value in parsed.unknown:
        kept.append(kept_line(column, value))
        read.unknown.append((code, value))
        read.review.append(
            Note(
                gettext_lazy(
                    "„%(value)s“ ist in der Werteliste „%(list)s“ unbekannt – in den Notizen"
                ),
                value=value,
                list=target.label,
            )
        )
    if parsed.value is not None and parsed.approximate:
        kept.append(kept_line(column, text))
        read.splits.append(
            Note(
                gettext_lazy("%(field)s: „%(value)s“ ungefähr gelesen"),
                field=target.label,
                value=text,
            )
        )
    elif parsed.value is None and not parsed.leftover and parsed.note:
        kept.append(kept_line(column, text))  # "unbekannt": nothing for the field, noted


def _finish(
    values: dict,
    plan: ImportPlan,
    vocab: _Vocabularies,
    read: ReadRow,
    extras: list[str],
    kept: list[str],
) -> None:
    _resolve_status(values, read, kept)
    if form := values.pop("legal_form", ""):
        # A legal form in its own column ("Rechtsform": "e. V.") is part of the name.
        joined = m.with_legal_form(values.get("organisation", ""), form)
        if joined != values.get("organisation", "") and values.get("organisation"):
            read.splits.append(Note(gettext_lazy("Rechtsform an den Namen: %(name)s"), name=joined))
            values["organisation"] = joined
    if number := values.pop("house_number", ""):
        if values.get("street") and not re.search(r"\d", values["street"]):
            values["street"] = f"{values['street']} {number}"
        elif not values.get("street"):
            kept.append(kept_line(str(m.BY_CODE["house_number"].label), number))
    if values.get("ended_on") and values.setdefault("status", ContactStatus.ENDED) != (
        ContactStatus.ENDED
    ):
        kept.append(kept_line(str(m.BY_CODE["ended_on"].label), _display(values.pop("ended_on"))))
    if (
        values.get("organisation")
        and not plan.has("organisation_type")
        and "organisation_type" not in values
        and (code := m.type_from_name(values["organisation"]))
        and (pk := vocab.entry("organisation_type", code))
    ):
        values["organisation_type"] = pk
        read.splits.append(
            Note(gettext_lazy("Organisationsart aus dem Namen: %(type)s"), type=vocab.label(pk))
        )
    if first := values.pop("person_first_name", ""):
        values["person_name"] = _with_first_name(first, values.get("person_name", ""))
    if fax := values.pop("fax", ""):
        extras.insert(0, _("Fax: %(number)s") % {"number": fax})
    if last := values.pop("last_contact", ""):  # no field of its own: the history in the notes
        extras.insert(0, _("Letzter Kontakt: %(when)s") % {"when": last})
    for name, limit in LIMITS.items():
        if len(values.get(name, "") or "") > limit:
            kept.append(kept_line(str(m.BY_CODE[name].label), values.pop(name)))
            read.review.append(
                Note(
                    gettext_lazy("%(field)s ist länger als %(n)s Zeichen – in den Notizen"),
                    field=m.BY_CODE[name].label,
                    n=limit,
                )
            )
    lines = [values.get("notes", ""), *extras, *kept]
    if any(lines[1:]):
        values["notes"] = "\n".join(line for line in lines if line)
    if len(values.get("organisation", "")) > ORGANISATION_LIMIT:
        read.errors.append(
            _("%(field)s ist länger als %(n)s Zeichen.")
            % {"field": m.BY_CODE["organisation"].label, "n": ORGANISATION_LIMIT}
        )
    if not values.get("organisation"):
        read.errors.append(_("Der Name der Organisation fehlt."))


def _display(value: object) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    choices: dict[object, object] = {**dict(Intensity.choices), **dict(ContactStatus.choices)}
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


def _knows(persons: Iterable[dict | ContactPerson], person: dict) -> bool:
    """A person already there: the same name, or the same e-mail address."""
    email = person.get("email", "").lower()
    return any(
        fold(p["name"] if isinstance(p, dict) else p.name) == fold(person["name"])
        or (email and email == (p["email"] if isinstance(p, dict) else p.email).lower())
        for p in persons
    )


def last_changes(contact_ids: Iterable[int]) -> dict:
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


def _changes(
    contact: NetworkContact, result: RowResult, rule: UpdateRule, last_changed: dict
) -> dict:
    """What the import writes to an existing contact, each shown as (label, old, new).

    "Ergänzen" fills empty fields and adds vocabulary entries and persons. "Aktualisieren"
    also overwrites – except a value changed in the application after the list's date: that
    is a conflict (application | list) the user decides, per field or for all."""
    values = result.values
    updates: dict = {}
    kept: list[str] = []  # list values the register keeps its own value for: to the notes
    for name in CONTACT_FIELDS:
        if name not in values or getattr(contact, name) == values[name]:
            continue
        old, new = _display(getattr(contact, name)), _display(values[name])
        label = str(m.BY_CODE[name].label)
        if name == "notes":
            continue  # the list's notes are added to the contact's below
        if not _is_empty_field(contact, name):
            if rule.mode != ImportMode.OVERWRITE:
                _differs(result, label, new, old, kept)
                continue
            if rule.is_newer_here(last_changed.get((contact.pk, name))):
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
    _register_values(result, updates, kept)
    lines = [line for line in (values.get("notes") or "").split("\n") if line] + kept
    if fresh := [line for line in dict.fromkeys(lines) if line not in contact.notes]:
        label = str(m.BY_CODE["notes"].label)
        updates["notes"] = "\n".join([contact.notes, *fresh] if contact.notes else fresh)
        own = [line for line in fresh if line not in kept]  # the list's own notes
        if own and not contact.notes:
            result.changes.append((label, _display(""), "\n".join(own)))
        elif own:
            result.changes.append((label, "", "+ " + "; ".join(own)))
        if kept_here := [line for line in fresh if line in kept]:
            result.changes.append((label, "", "+ " + "; ".join(kept_here)))
    existing = list(contact.persons.all())
    new_persons = [p for p in result.persons if not _knows(existing, p)]
    for person in new_persons:
        result.changes.append((str(m.BY_CODE["person_name"].label), "", "+ " + person["name"]))
    updates["persons"] = new_persons
    return updates


def _register_values(result: RowResult, updates: dict, kept: list[str]) -> None:
    """What the list says of a register entry it matched (an address, phones, a website):
    an empty field of the entry is filled (``updates["organisation"]``; the undo empties it
    again), a differing value is kept for the contact's notes (``kept``) and the row marked
    "prüfen" – never dropped silently. For every matched entry, whether or not the project
    is its partner yet (the import makes it one: ``contacts.access.can_edit_organisation``)."""
    organisation = result.organisation
    if organisation is None:
        return
    values = result.values
    for name in ORG_FIELDS:
        listed = values.get(name)
        if not listed:
            continue
        here = getattr(organisation, name, "") or ""
        if fold(here) == fold(listed) or (name == "phone" and _digits(here) == _digits(listed)):
            continue
        label = str(m.BY_CODE[name].label)
        if not here and name in REGISTER_FILLS and _valid_for(organisation, name, listed):
            updates.setdefault("organisation", {})[name] = listed
            result.changes.append((label, "", str(listed)))
            continue
        _differs(result, label, str(listed), here, kept)


def _new_contact_register_values(result: RowResult) -> None:
    """A new contact of this project with an existing register entry: the entry's empty
    fields filled from the list, differing values added to the new contact's notes."""
    kept: list[str] = []
    _register_values(result, result.updates, kept)
    values = result.values
    lines = [line for line in (values.get("notes") or "").split("\n") if line]
    if fresh := [line for line in dict.fromkeys(kept) if line not in lines]:
        values["notes"] = "\n".join([*lines, *fresh])


# Fields of a register entry an import may fill where they are empty: never the town,
# which is part of the entry's identity (one live entry per name and place).
REGISTER_FILLS = ("street", "postcode", "phone", "email", "website")


def _valid_for(organisation: Organisation, name: str, value: object) -> bool:
    model_field = Organisation._meta.get_field(name)
    if not isinstance(model_field, Field):
        return False
    try:
        model_field.clean(value, organisation)
    except ValidationError:
        return False
    return True


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "").lstrip("0")


def _differs(result: RowResult, label: str, listed: str, here: str, kept: list[str]) -> None:
    """A value of the list the register does not take (it has its own, or the entry is
    shared): kept in the notes and shown as a line to check – never dropped silently."""
    kept.append(kept_line(label, listed))
    result.review.append(
        Note(
            gettext_lazy(
                "%(field)s laut Liste „%(listed)s“, im Register „%(here)s“ – in den Notizen"
            ),
            field=label,
            listed=listed,
            here=here or "–",
        )
    )


def _person(values: dict) -> dict | None:
    if not values.get("person_name"):
        return None
    return {
        "name": values["person_name"],
        "function": values.get("person_function", ""),
        "phone": values.get("person_phone", ""),
        "email": values.get("person_email", ""),
        "consent_on": values.get("person_consent"),
    }


def _continues(values: dict) -> bool:
    """A row of person data only (no organisation, nothing of its own place)."""
    return bool(values.get("person_name")) and not any(
        values.get(name) for name in ("street", "postcode", "city", "website")
    )


# A row's own data under a sub-heading naming its organisation: what makes it no duplicate.
SECTION_PERSON = (
    "person_name", "person_function", "person_phone", "person_email", "phone", "email",
)  # fmt: skip


def _join(first: RowResult, result: RowResult) -> None:
    """A further row of the same organisation: its person joins the first row's, its other
    values fill what the first row left empty."""
    result.status = PERSON
    result.first = first
    person = _person(result.values)
    for one in [person, *result.values.pop(MORE_PERSONS, [])]:
        if one and not _knows(first.persons, one):
            first.persons.append(one)
    kept: list[str] = []  # what neither a person nor the first row takes: to the notes
    for name, value in result.values.items():
        if name.startswith("person_"):
            if person is None and value and name in KEPT_WITHOUT_PERSON:
                kept.append(kept_line(str(m.BY_CODE[name].label), _display(value)))
            continue
        if name in ORG_FIELDS and value and first.values.get(name):
            here = str(first.values[name])
            if fold(here) != fold(str(value)) and _digits(here) != _digits(str(value)):
                kept.append(kept_line(str(m.BY_CODE[name].label), str(value)))
            continue
        if name == "notes" and first.values.get("notes"):
            known = first.values["notes"].split("\n")
            fresh = [line for line in str(value).split("\n") if line and line not in known]
            first.values["notes"] = "\n".join([*known, *fresh])
        elif isinstance(value, list):
            first.values[name] = [*first.values.get(name, []), *value]
        else:
            first.values.setdefault(name, value)
    if kept:
        known = [line for line in (first.values.get("notes") or "").split("\n") if line]
        first.values["notes"] = "\n".join(dict.fromkeys([*known, *kept]))


# A person's values in a row without the person's name: kept in the notes, not dropped.
KEPT_WITHOUT_PERSON = ("person_function", "person_phone", "person_email")


def _is_organisation_mailbox(address: str, organisation: str, person: str) -> bool:
    """info@, pfarramt@, poststelle@ …, or a mailbox named after the organisation and not
    after the person (the rule: ``cells.is_organisation_mailbox``)."""
    return cells.is_organisation_mailbox(address, organisation, person)


def _beside_persons(plan: ImportPlan, role: str) -> bool:
    """Whether the column of ``role`` belongs with the persons: in an address book's export
    (the person first, the company after) every column does; in a list of organisations, a
    column beside the persons' columns (at most one between) – not one among the
    organisation's own (address, fax, website) further away."""
    persons = [c.index for c in plan.columns if c.role.startswith("person_")]
    column = next((c.index for c in plan.columns if c.role == role), None)
    organisation = next((c.index for c in plan.columns if c.role == "organisation"), None)
    if column is None or not persons:
        return False
    if organisation is not None and min(persons) < organisation:
        return True
    return min(abs(column - index) for index in persons) <= 2


def _route_personal_data(parsed: list[ReadRow], plan: ImportPlan) -> None:
    """Phone and e-mail beside a contact-person column belong to that person – personal
    data, visible only to the project – unless they clearly are the organisation's: a
    mailbox like info@ or poststelle@, or a switchboard number (…-0, or one several persons
    share, or a column filled in rows without a person too)."""
    codes = plan.roles
    if "person_name" not in codes and "person_first_name" not in codes:
        return
    route_email = (
        "email" in codes and "person_email" not in codes and _beside_persons(plan, "email")
    )
    # A phone column also filled in rows without a person is the organisations' numbers.
    route_phone = (
        "phone" in codes
        and "person_phone" not in codes
        and _beside_persons(plan, "phone")
        and not any(
            read.values.get("phone") and not read.values.get("person_name") for read in parsed
        )
    )
    shared: dict[str, set[str]] = {}
    for read in parsed:
        values = read.values
        if values.get("phone") and values.get("person_name"):
            shared.setdefault(values["phone"], set()).add(fold(values["person_name"]))
    for read in parsed:
        values, splits = read.values, read.splits
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
            if (
                len(shared.get(phone, ())) > 1
                or cells.is_switchboard(phone)
                or cells.names_organisation_function(read.labels.get("phone", ""))
            ):
                splits.append(
                    Note(
                        gettext_lazy(
                            "Telefon %(value)s: Nummer der Organisation (Zentrale, Sekretariat o. Ä.)"
                        ),
                        value=phone,
                    )
                )
            else:
                values["person_phone"] = values.pop("phone")
                splits.append(
                    Note(gettext_lazy("Telefon %(value)s: Nummer der Ansprechperson"), value=phone)
                )


def evaluate(table: Table, plan: ImportPlan, project: Project) -> list[RowResult]:
    """Every row's outcome under the plan. Matches by normalised name (same place
    preferred), or by the register entry the user chose for a row (``plan.links``: file row
    number → organisation). Rows of the same organisation (same name, same or no place) are
    one network contact with a contact person from each row; a row with a person but no
    organisation continues the organisation above it."""
    links = dict(plan.links)
    declined = set(plan.declined)
    vocab = _Vocabularies(plan.value_map)
    cache: dict = {}
    parsed = [read_row(row, plan, vocab, cache) for row in table.rows]
    _route_personal_data(parsed, plan)
    linked = Organisation.objects.filter(
        pk__in=set(links.values()), merged_into__isnull=True
    ).in_bulk()
    # The register's entries by the one recogniser (contacts.recognition): confident
    # matches taken, doubtful ones asked with the best candidate preselected.
    matches = recognition.match_for_import(
        [(read.values.get("organisation", ""), read.values.get("city", "")) for read in parsed],
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
    previous: RowResult | None = None  # the last row with an organisation
    # The organisation a sub-heading above the rows names (tables.SECTION_COLUMN).
    sectioned = any(c.role == "organisation" and c.name == m.SECTION_COLUMN for c in plan.columns)
    for read, row, number, place, match in zip(
        parsed, table.rows, table.row_numbers, places, matches, strict=True
    ):
        values = read.values
        result = RowResult(
            number=number,
            source=row,
            values=values,
            errors=read.errors,
            splits=read.splits,
            place=place,
            review=read.review,
        )
        results.append(result)
        if sheet_notes := table.row_notes.get(number):
            # What the sheet said of the row (merged, hidden, filtered, continued) stays
            # with the contact, as the preview shows it.
            lines = [kept_line(place, note) for note in sheet_notes]
            values["notes"] = "\n".join(filter(None, [values.get("notes", ""), *lines]))
        if not values.get("organisation") and previous is not None and _continues(values):
            # Persons only, under a row with an organisation: they belong to it.
            result.errors = []
            values["organisation"] = previous.values["organisation"]
            result.splits.append(
                Note(
                    gettext_lazy("setzt die Organisation aus %(place)s fort"), place=previous.place
                )
            )
            _join(previous.first or previous, result)
            continue
        if result.errors:
            result.status = ERROR
            continue
        previous = result
        name_key = recognition.row_key(values["organisation"])
        city = fold(values.get("city", ""))
        first = next(
            (r for c, r in groups.get(name_key, []) if not c or not city or c == city), None
        )
        if first is not None and number not in links:
            if sectioned and any(values.get(name) for name in SECTION_PERSON):
                # Rows under one sub-heading naming the organisation: its persons, each
                # row one (or what it adds), never "doppelt".
                _join(first, result)
            elif (person := _person(values)) is None or _knows(first.persons, person):
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
        result.persons += [x for x in values.pop(MORE_PERSONS, []) if not _knows(result.persons, x)]
    rule = plan.rule
    last_changed = (
        last_changes(contact.pk for contact in existing.values())
        if rule.mode == ImportMode.OVERWRITE
        else {}
    )
    for result in results:
        contact = existing.get(result.organisation.pk) if result.organisation else None
        if result.status == NEW and contact is not None:
            result.contact = contact
            result.updates = (
                _changes(contact, result, rule, last_changed) if rule.mode != ImportMode.ADD else {}
            )
            if result.conflicts:
                result.status = CONFLICT
            else:
                result.status = UPDATE if result.changes else UNCHANGED
        elif result.status == NEW and result.organisation is not None:
            _new_contact_register_values(result)
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
