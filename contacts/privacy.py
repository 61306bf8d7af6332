"""Data-subject rights (DSGVO) for contact persons, and the retention review.

- Art. 15: a report of everything stored about one contact person, with its history.
- Art. 17: erasure that blanks the personal values in the record *and* in its history,
  keeps the row (so counts and statistics stay right), and logs the erasure without the
  personal data.

Other wings keep personal data of a contact person elsewhere (the imports wing: the
uploaded lists it stores). They answer these two signals – contacts never imports them
(the dependency rule, docs/architecture.md): ``erasing`` is sent inside the erasure's
transaction with the person's values still in place; ``reporting`` asks for the places
that mention the person, for the Art. 15 report (each receiver returns a list of dicts).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.dispatch import Signal
from django.utils import timezone

from contacts import notices, quality
from contacts.models import (
    ContactPerson,
    ContactStatus,
    Interaction,
    NetworkContact,
    NoticeTemplate,
    PrivacyAction,
    PrivacyLog,
)
from core import changes
from core.actors import acted_by, display_label
from core.versioning import bump_version

REPORT_FIELDS = (
    ("name", "Name"),
    ("function", "Funktion"),
    ("phone", "Telefon"),
    ("email", "E-Mail"),
    ("legal_basis", "Rechtsgrundlage"),
    ("consent_on", "Einwilligung am"),
    ("is_active", "aktuell zuständig"),
    ("source", "Herkunft der Daten"),
    ("source_note", "Herkunft genauer"),
    ("collected_on", "erhoben am"),
    ("informed_on", "informiert am (Art. 14 DSGVO)"),
)
DISPLAYED = ("legal_basis", "source")  # stored as codes, reported by their labels
HISTORY_TYPES = {"+": "angelegt", "~": "geändert", "-": "gelöscht"}

erasing = Signal()  # sender=ContactPerson, person=…, by=…
reporting = Signal()  # sender=ContactPerson, person=… → list of {"…": …} per receiver


def _label(user: User | None) -> str:
    return display_label(user, default="unbekannt")


def _value(value: object) -> object:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _log(action: str, person: ContactPerson, by: User) -> None:
    contact = person.network_contact
    PrivacyLog.objects.create(
        action=action,
        project=contact.project,
        network_contact=contact,
        person_id=person.pk,
        user=by,
        user_label=_label(by),
    )


def access_report(*, person: ContactPerson, by: User) -> bytes:
    """Art. 15 DSGVO: the stored data, where it comes from, who changed it – as JSON."""
    report = _convert(access_report_data(person=person, by=by), _value)
    return json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8")


def readable(report: dict[str, Any]) -> dict[str, Any]:
    """The report's values as a reader reads them: TT.MM.JJJJ, "ja"/"nein", "–"."""
    converted = _convert(report, changes.readable)
    assert isinstance(converted, dict)  # a dict converts to a dict
    return converted


def _convert(value: object, convert: Callable[[Any], Any]) -> object:
    if isinstance(value, dict):
        return {key: _convert(item, convert) for key, item in value.items()}
    if isinstance(value, list):
        return [_convert(item, convert) for item in value]
    return convert(value)


def access_report_data(*, person: ContactPerson, by: User) -> dict:
    """The Art. 15 report's content (for the JSON file and the readable page); logged."""
    contact = person.network_contact
    history = person.history.select_related("history_user").order_by("history_date")
    report = {
        "bericht": "Auskunft nach Art. 15 DSGVO – ThINKA Netzwerk",
        "erstellt_am": timezone.now(),
        "erstellt_von": _label(by),
        "verantwortlich": "Koordinierungsstelle ThINKA (ThASG e. V.) und das Vorhaben "
        + contact.project.name,
        "zweck": "Netzwerkarbeit des Vorhabens: Kontakt zu Organisationen im Sozialraum",
        "vorhaben": contact.project.name,
        "organisation": contact.organisation.name,
        "gespeicherte_daten": {
            label: getattr(person, f"get_{name}_display")()
            if name in DISPLAYED
            else getattr(person, name)
            for name, label in REPORT_FIELDS
        },
        "angelegt_am": person.created_at,
        "zuletzt_geaendert_am": person.updated_at,
        "aenderungsverlauf": [
            {
                "zeitpunkt": entry.history_date,
                "vorgang": HISTORY_TYPES.get(entry.history_type, entry.history_type),
                "durch": _label(entry.history_user),
                "werte": {label: getattr(entry, name) for name, label in REPORT_FIELDS},
            }
            for entry in history
        ],
        "empfaenger": "Nur Mitarbeitende des Vorhabens und die Koordinierungsstelle; "
        "nie das Ministerium. Exporte mit Ansprechpersonen werden protokolliert.",
        "weitere_speicherorte": [
            place
            for _receiver, places in reporting.send(sender=ContactPerson, person=person)
            for place in places or []
        ],
    }
    _log(PrivacyAction.ACCESS_REPORT, person, by)
    return report


@transaction.atomic
def erase(*, person: ContactPerson, by: User, reason: str = PrivacyAction.ERASURE) -> None:
    """Art. 17 DSGVO: blank the personal values everywhere, keep the row for statistics.
    ``reason``: a request (ERASURE) or the deletion concept's rule (RETENTION)."""
    person = ContactPerson.objects.select_for_update().get(pk=person.pk)
    erasing.send(sender=ContactPerson, person=person, by=by)  # before the values go
    blank = {
        "name": ContactPerson.ERASED_NAME,
        "function": "",
        "phone": "",
        "email": "",
        "consent_on": None,
        "consent_withdrawn_on": None,
        "source_note": "",
    }
    person.history.update(**blank)
    ContactPerson.objects.filter(pk=person.pk).update(
        **blank,
        is_active=False,
        erased_at=timezone.now(),
        # update(), not bump_version: no new history entry may carry the person again
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    _log(reason, person, by)


def retention_due(years: int | None = None) -> QuerySet[NetworkContact]:
    """Network contacts ended more than ``years`` ago, for review: delete what is no longer
    needed (Art. 5 Abs. 1 lit. e DSGVO, storage limitation)."""
    years = settings.THINKA_RETENTION_YEARS if years is None else years
    cutoff = quality.years_before(timezone.localdate(), years)
    return (
        NetworkContact.objects.filter(status=ContactStatus.ENDED, ended_on__lt=cutoff)
        .select_related("project", "organisation")
        .annotate(stored_persons=Count("persons", filter=Q(persons__erased_at__isnull=True)))
        .order_by("ended_on", "pk")
    )


# --- information of Art. 14 DSGVO -----------------------------------------------------


def notices_produce(*, persons: QuerySet[ContactPerson], by: User) -> list[notices.Notice]:
    """The notices for ``persons`` (never for erased ones), each logged without its text."""
    produced = notices.notices_for(persons)
    by_id = {
        person.pk: person
        for person in ContactPerson.objects.filter(
            pk__in=[item.person_id for item in produced]
        ).select_related("network_contact__project")
    }
    for item in produced:
        _log(PrivacyAction.NOTICE, by_id[item.person_id], by)
    return produced


@transaction.atomic
def persons_mark_informed(*, persons: QuerySet[ContactPerson], on: datetime.date, by: User) -> int:
    """Set "informiert am" for every stored person of ``persons`` (erased ones are left
    alone); each change in the person's history and the privacy log. How many were set."""
    if on > timezone.localdate():
        raise ValueError("informed_on in the future")
    changed = 0
    for person in (
        persons.filter(erased_at__isnull=True)
        .select_for_update()
        .select_related("network_contact__project")
    ):
        person.informed_on = on
        bump_version(acted_by(person, by), update_fields=["informed_on"])
        _log(PrivacyAction.INFORMED, person, by)
        changed += 1
    return changed


def notice_template_save(*, template: NoticeTemplate, by: User) -> NoticeTemplate:
    """The coordination office's text of the information; each version in its history."""
    template.full_clean()
    acted_by(template, by).save()
    return template


# --- deletion by rule (Löschkonzept, docs/verarbeitungsverzeichnis.md) --------------------


def persons_due_after_contact_ended(today: datetime.date | None = None) -> QuerySet[ContactPerson]:
    """Stored persons of network contacts ended more than THINKA_RETENTION_YEARS ago."""
    cutoff = quality.years_before(today or timezone.localdate(), settings.THINKA_RETENTION_YEARS)
    return ContactPerson.objects.filter(
        erased_at__isnull=True,
        network_contact__status=ContactStatus.ENDED,
        network_contact__ended_on__lt=cutoff,
    )


def persons_due_after_withdrawal(today: datetime.date | None = None) -> QuerySet[ContactPerson]:
    """Stored persons whose consent was withdrawn (or who objected) longer ago than
    THINKA_RETENTION_WITHDRAWN_DAYS."""
    cutoff = (today or timezone.localdate()) - datetime.timedelta(
        days=settings.THINKA_RETENTION_WITHDRAWN_DAYS
    )
    return ContactPerson.objects.filter(erased_at__isnull=True, consent_withdrawn_on__lt=cutoff)


def interaction_notes_due(today: datetime.date | None = None) -> QuerySet[Interaction]:
    """Contact-history entries older than THINKA_RETENTION_NOTES_YEARS that still hold a
    free text (it may name persons); date, channel and occasion stay for the statistics."""
    cutoff = quality.years_before(
        today or timezone.localdate(), settings.THINKA_RETENTION_NOTES_YEARS
    )
    return Interaction.objects.filter(date__lt=cutoff).exclude(result="")


@transaction.atomic
def erase_persons_by_rule(*, persons: QuerySet[ContactPerson], by: User) -> int:
    """The Art. 17 machinery for each due person (history included), logged as a deletion
    by rule without personal data. How many."""
    erased = 0
    for person in persons.select_related("network_contact__project"):
        erase(person=person, by=by, reason=PrivacyAction.RETENTION)
        erased += 1
    return erased


@transaction.atomic
def erase_interaction_notes(*, interactions: QuerySet[Interaction], by: User) -> int:
    """Blank the free text of due contact-history entries, in their history too."""
    ids = list(interactions.values_list("pk", flat=True))
    Interaction.history.filter(id__in=ids).update(result="")
    return Interaction.objects.filter(pk__in=ids).update(result="")
