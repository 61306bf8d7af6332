"""What landed in the database, compared with the truth field by field (rules: the
package's docstring)."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from contacts.models import NetworkContact
from tests.imports.generator.shapes import Expect, GeneratedList
from tests.imports.generator.truth import Person

TITLE_WORDS = {"frau", "herr", "dr", "prof", "dipl", "ing", "mr", "mrs", "ms"}


def fold(text: object) -> str:
    """Lower case, umlauts and accents plain, punctuation as space: the comparison key."""
    text = str(text or "").lower().replace("ß", "ss")
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def digits(phone: object) -> str:
    """A phone number's digits in national form: "+49 (0)3675 1234-0" → "0367512340"."""
    text = str(phone or "").replace("(0)", "")
    number = re.sub(r"\D", "", text)
    if text.strip().startswith("+49"):
        return "0" + number[2:]
    if text.strip().startswith("0049"):
        return "0" + number[4:]
    return number


def website(url: object) -> str:
    text = str(url or "").strip().lower()
    text = re.sub(r"^https?://", "", text).removeprefix("www.")
    return text.rstrip("/")


def in_window(found: datetime.date | None, truth: datetime.date, precision: str) -> bool:
    """A date as precise as the cell was: the day, the month, the half-year or the year."""
    if found is None:
        return False
    if precision == "day":
        return found == truth
    if precision == "month":
        return (found.year, found.month) == (truth.year, truth.month)
    if precision == "half":
        return found.year == truth.year and (found.month <= 6) == (truth.month <= 6)
    return found.year == truth.year


def person_matches(name: str, person: Person) -> bool:
    """The person's name with first and last name; salutation and title may stay in it,
    nothing else (a function or a phone number in the name is not the name)."""
    words = fold(name).split()
    wanted = fold(person.first_name).split() + fold(person.last_name).split()
    return all(w in words for w in wanted) and all(w in wanted or w in TITLE_WORDS for w in words)


@dataclass
class Miss:
    record: str
    key: str
    expected: object
    found: object

    def __str__(self) -> str:
        expected = self.expected.full_name if isinstance(self.expected, Person) else self.expected
        return f"{self.record} · {self.key}: erwartet {expected!r}, gefunden {self.found!r}"


@dataclass
class ListScore:
    generated: GeneratedList
    total: int = 0
    right: int = 0
    in_notes: int = 0  # missed values whose text is at least kept in the notes
    arrived_total: int = 0  # values of the records that arrived …
    arrived_right: int = 0  # … and of those in the right field
    records: int = 0
    lost: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)
    by_key: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    refused: str = ""
    crashed: str = ""
    skipped_rows: int = 0

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0


def key_kind(key: str) -> str:
    """ "person:1:phone" → "person:phone", "field:arbeit" → "field"."""
    parts = key.split(":")
    if parts[0] == "person":
        return f"person:{parts[2]}"
    return parts[0]


def _contacts(project) -> list[NetworkContact]:
    return list(
        NetworkContact.objects.filter(project=project)
        .select_related("organisation__organisation_type")
        .prefetch_related("fields_of_action", "persons")
    )


def score(generated: GeneratedList, project, run) -> ListScore:
    result = ListScore(generated, refused=run.refused, crashed=run.crashed)
    result.skipped_rows = run.skipped_rows
    contacts = _contacts(project) if run.committed else []
    by_name: dict[str, NetworkContact] = {}
    for contact in contacts:
        name = fold(contact.organisation.name)
        if name in by_name:
            result.spurious.append(contact.organisation.name)
        else:
            by_name[name] = contact
    truth_names = {fold(record.name) for record in generated.records}
    result.spurious += [c.organisation.name for n, c in by_name.items() if n not in truth_names]
    result.records = len(generated.records)
    for record, expected in zip(generated.records, generated.expected, strict=True):
        contact = by_name.get(fold(record.name))
        if contact is None:
            result.lost.append(record.name)
        matched: dict[str, object] = {}
        for key, expect in sorted(
            expected.items(), key=lambda item: item[0].split(":")[-1] != "name"
        ):
            ok, found = (False, None) if contact is None else _check(contact, key, expect, matched)
            result.total += 1
            result.arrived_total += contact is not None
            result.arrived_right += ok
            result.by_key[key_kind(key)][1] += 1
            if ok:
                result.right += 1
                result.by_key[key_kind(key)][0] += 1
            else:
                result.misses.append(Miss(record.name, key, expect.value, found))
                if contact is not None and _kept_in_notes(contact.notes, expect):
                    result.in_notes += 1
    return result


# Words that say a row was hidden or filtered out in the file (German or English).
SHEET_WORDS = ("ausgeblendet", "verborgen", "gefiltert", "hidden", "filtered")


def _check(contact: NetworkContact, key: str, expect: Expect, matched: dict) -> tuple[bool, object]:
    organisation = contact.organisation
    value = expect.value
    if key == "name":
        return True, organisation.name
    if key == "type":
        found = organisation.organisation_type.code
        return found == value, found
    if key in ("street", "city"):
        found = getattr(organisation, key)
        return fold(found) == fold(value), found
    if key == "postcode":
        return organisation.postcode == value, organisation.postcode
    if key == "phone":
        return digits(organisation.phone) == digits(value), organisation.phone
    if key == "fax":
        return digits(value)[1:] in digits(contact.notes), "(Notizen)"
    if key == "email":
        found = organisation.email.lower().removeprefix("mailto:")
        return found == value.lower(), organisation.email
    if key == "website":
        return website(organisation.website) == website(value), organisation.website
    if key == "no_wrong_entry":  # a constant distractor column placed no vocabulary entry
        fields = sorted(f.code for f in contact.fields_of_action.all())
        forms = sorted(f.code for f in contact.cooperation_forms.all())
        return not forms and set(fields) <= set(value), (fields, forms)
    if key.startswith("field:"):
        found = sorted(f.code for f in contact.fields_of_action.all())
        return value in found, found
    if key in ("intensity", "status"):
        found = getattr(contact, key)
        return found == value, found
    if key in ("since", "ended_on"):
        found = getattr(contact, key)
        return in_window(found, value, expect.precision), found
    if key == "notes":
        return fold(value) in fold(contact.notes), contact.notes
    if key in ("last_contact", "status_note"):  # no field of its own: kept in the notes
        return fold(value) in fold(contact.notes), contact.notes
    if key == "sheet_note":  # a hidden or filtered row: the notes say so
        return any(word in fold(contact.notes) for word in SHEET_WORDS), contact.notes
    if key.startswith("person:"):
        _person, slot, part = key.split(":")
        persons = list(contact.persons.all())
        if part == "name":
            person = next((p for p in persons if person_matches(p.name, value)), None)
            matched[slot] = person
            return person is not None, [p.name for p in persons]
        person = matched.get(slot)
        if person is None:
            return False, "(Person fehlt)"
        found = getattr(person, part)
        if part == "consent_on":
            return in_window(found, value, expect.precision), found
        if part == "phone":
            return digits(found) == digits(value), found
        if part == "email":
            return found.lower() == value.lower(), found
        return fold(found) == fold(value), found
    raise ValueError(key)


def _kept_in_notes(notes: str, expect: Expect) -> bool:
    """Rough: is the value's text (or its year, its digits, a person's surname) in the notes?"""
    if not notes:
        return False
    value = expect.value
    if isinstance(value, datetime.date):
        return str(value.year) in notes
    if isinstance(value, Person):
        return fold(value.last_name) in fold(notes)
    text = str(value)
    if re.fullmatch(r"0\d+ \d+", text):
        return digits(text)[1:] in digits(notes)
    return fold(text) in fold(notes)


# --- many lists ----------------------------------------------------------------------------


@dataclass
class Summary:
    scores: list[ListScore]

    @property
    def total(self) -> int:
        return sum(s.total for s in self.scores)

    @property
    def right(self) -> int:
        return sum(s.right for s in self.scores)

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0

    @property
    def records(self) -> int:
        return sum(s.records for s in self.scores)

    @property
    def lost(self) -> int:
        return sum(len(s.lost) for s in self.scores)

    @property
    def spurious(self) -> int:
        return sum(len(s.spurious) for s in self.scores)

    @property
    def in_notes(self) -> int:
        return sum(s.in_notes for s in self.scores)

    @property
    def arrived_share(self) -> float:
        """The share of values in the right field among the records that arrived: how well
        the columns are placed, apart from the records lost."""
        total = sum(s.arrived_total for s in self.scores)
        return sum(s.arrived_right for s in self.scores) / total if total else 1.0

    def by_dimension(self) -> list[tuple[str, int, float, float, int]]:
        """Per transformation (dimension=choice): lists, the share of values in the lists
        that have it, the difference to the lists that do not (what it costs), values;
        the costliest first."""
        table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for s in self.scores:
            for name, choice in s.generated.recipe.items():
                row = table[
                    f"{name}={choice!r}" if not str(choice).isidentifier() else f"{name}={choice}"
                ]
                row[0] += 1
                row[1] += s.right
                row[2] += s.total
        rows = []
        for name, (lists, right, total) in table.items():
            share = right / total if total else 1.0
            rest = self.total - total
            other = (self.right - right) / rest if rest else share
            rows.append((name, lists, share, share - other, total))
        return sorted(rows, key=lambda r: (r[3], r[0]))

    def by_field(self) -> list[tuple[str, int, int]]:
        table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for s in self.scores:
            for kind, (right, total) in s.by_key.items():
                table[kind][0] += right
                table[kind][1] += total
        return sorted(
            ((kind, right, total) for kind, (right, total) in table.items()),
            key=lambda r: r[1] / r[2] if r[2] else 1,
        )

    def report(self, *, worst: int = 5, dimensions: int = 40) -> str:
        lines = [
            f"Generierte Listen: {len(self.scores)}, {self.records} Organisationen, "
            f"{self.right} von {self.total} Werten im richtigen Feld ({self.share:.1%}); "
            f"verloren: {self.lost}, überzählig: {self.spurious}, "
            f"verfehlt, aber in den Notizen: {self.in_notes}; in den angekommenen "
            f"Organisationen {self.arrived_share:.1%} der Werte im richtigen Feld",
            f"abgelehnte Listen: {sum(1 for s in self.scores if s.refused)}, "
            f"Abstürze: {sum(1 for s in self.scores if s.crashed)}, "
            f"ausgelassene Zeilen: {sum(s.skipped_rows for s in self.scores)}",
            "",
            "Anteil je Feld:",
        ]
        lines += [
            f"  {kind:<18} {right / total:6.1%}  ({right}/{total})"
            for kind, right, total in self.by_field()
        ]
        lines += [
            "",
            f"Anteil je Transformation (Listen mit ihr; Δ gegenüber den Listen ohne sie; "
            f"die {dimensions} teuersten):",
        ]
        lines += [
            f"  {name:<36} {share:6.1%}  Δ {delta:+6.1%}  ({lists} Listen, {total} Werte)"
            for name, lists, share, delta, total in self.by_dimension()[:dimensions]
        ]
        lines += ["", f"Die {worst} schwächsten Listen:"]
        for s in sorted(self.scores, key=lambda s: (s.share, -s.total))[:worst]:
            lines.append(
                f"- Liste {s.generated.number} ({s.generated.file_name}): {s.share:.0%} "
                f"({s.right}/{s.total}), verloren {len(s.lost)}, überzählig {len(s.spurious)}"
            )
            lines.append(f"  Rezept: {s.generated.recipe}")
            if s.refused or s.crashed:
                lines.append(
                    f"  abgelehnt: {s.refused}" if s.refused else f"  Absturz: {s.crashed}"
                )
            if s.spurious:
                lines.append(f"  überzählig: {s.spurious[:5]}")
            lines += [f"  {miss}" for miss in s.misses[:12]]
        return "\n".join(lines)
