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

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.dispatch import Signal
from django.utils import timezone

from contacts import quality
from contacts.models import ContactPerson, ContactStatus, NetworkContact, PrivacyAction, PrivacyLog
from core import changes
from core.actors import display_label

REPORT_FIELDS = (
    ("name", "Name"),
    ("function", "Funktion"),
    ("phone", "Telefon"),
    ("email", "E-Mail"),
    ("legal_basis", "Rechtsgrundlage"),
    ("consent_on", "Einwilligung am"),
    ("is_active", "aktuell zuständig"),
)
HISTORY_TYPES = {"+": "angelegt", "~": "geändert", "-": "gelöscht"}

erasing = Signal()  # sender=ContactPerson, person=…, by=…
reporting = Signal()  # sender=ContactPerson, person=… → list of {"…": …} per receiver


def _label(user: AbstractUser | None) -> str:
    return display_label(user, default="unbekannt")


def _value(value: object) -> object:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _log(action: str, person: ContactPerson, by: AbstractUser) -> None:
    contact = person.network_contact
    PrivacyLog.objects.create(
        action=action,
        project=contact.project,
        network_contact=contact,
        person_id=person.pk,
        user=by,
        user_label=_label(by),
    )


def access_report(*, person: ContactPerson, by: AbstractUser) -> bytes:
    """Art. 15 DSGVO: the stored data, where it comes from, who changed it – as JSON."""
    report = _convert(access_report_data(person=person, by=by), _value)
    return json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8")


def readable(report: dict) -> dict:
    """The report's values as a reader reads them: TT.MM.JJJJ, "ja"/"nein", "–"."""
    return _convert(report, changes.readable)


def _convert(value: object, convert) -> object:
    if isinstance(value, dict):
        return {key: _convert(item, convert) for key, item in value.items()}
    if isinstance(value, list):
        return [_convert(item, convert) for item in value]
    return convert(value)


def access_report_data(*, person: ContactPerson, by: AbstractUser) -> dict:
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
            label: person.get_legal_basis_display()
            if name == "legal_basis"
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
def erase(*, person: ContactPerson, by: AbstractUser) -> None:
    """Art. 17 DSGVO: blank the personal values everywhere, keep the row for statistics."""
    person = ContactPerson.objects.select_for_update().get(pk=person.pk)
    erasing.send(sender=ContactPerson, person=person, by=by)  # before the values go
    blank = {
        "name": ContactPerson.ERASED_NAME,
        "function": "",
        "phone": "",
        "email": "",
        "consent_on": None,
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
    _log(PrivacyAction.ERASURE, person, by)


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
