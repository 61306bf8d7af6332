"""What the reports need of a network contact, as conditions (issue 18, the review).

One definition each, used by the list's filters (``contacts.filters``) and by the review of
the coordination office (``reports.review``): a figure on the review and the list it links
to count exactly the same records, because both ask the conditions here.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import INFORM_WITHIN_MONTHS, ContactPerson, DataSource, LegalBasis
from contacts.querysets import (  # noqa: F401 - the conditions' names where they were
    MISSING_LABELS,
    UNSPECIFIED_TYPE,
    Missing,
    end_of,
    missing,
    months_before,
    no_contact_since,
)


def quiet_for(months: int, today: datetime.date | None = None) -> Q:
    """Network contacts without a contact-history entry for ``months`` months (today's
    form of ``NetworkContact.objects.without_contact_at``)."""
    return no_contact_since(months_before(today or timezone.localdate(), months))


class PersonIssue(StrEnum):
    """A contact person whose storage needs looking at (Art. 6 DSGVO)."""

    NO_LEGAL_BASIS = "no_basis"
    OLD_CONSENT = "old_consent"
    NOT_INFORMED = "not_informed"


PERSON_ISSUE_LABELS = {
    PersonIssue.NO_LEGAL_BASIS: _("Ansprechperson ohne belegte Rechtsgrundlage"),
    PersonIssue.OLD_CONSENT: _("Einwilligung älter als die Aufbewahrungsfrist"),
    PersonIssue.NOT_INFORMED: _("nicht binnen eines Monats informiert (Art. 14 DSGVO)"),
}


def to_inform(*, overdue: bool = False, today: datetime.date | None = None) -> Q:
    """Stored contact persons whose data did not come from them and who were not informed
    (Art. 14 DSGVO); ``overdue``: only those whose month has passed."""
    condition = Q(erased_at__isnull=True, informed_on__isnull=True, information_exemption="") & ~Q(
        source=DataSource.FROM_PERSON
    )
    if overdue:
        cutoff = months_before(today or timezone.localdate(), INFORM_WITHIN_MONTHS)
        # Entered before the cutoff day (local time): compared with the moment the day
        # begins, not by the date of each row – no conversion per row (on SQLite a Python
        # call per person: a second of the Datenprüfung at 10,000 persons).
        condition &= Q(collected_on__lt=cutoff) | Q(
            collected_on__isnull=True, created_at__lt=end_of(cutoff - datetime.timedelta(days=1))
        )
    return condition


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def consent_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Consent given before this day is older than the retention period."""
    return years_before(today or timezone.localdate(), settings.THINKA_RETENTION_YEARS)


def person_issue(value: PersonIssue, today: datetime.date | None = None) -> Q:
    """Stored (not erased) contact persons with ``value``.

    Without a legal basis: none recorded, or consent named as the basis without the day it
    was given – a consent that cannot be shown is none (Art. 7 Abs. 1 DSGVO).
    """
    if value == PersonIssue.NOT_INFORMED:
        return to_inform(overdue=True, today=today)
    stored = Q(erased_at__isnull=True)
    consent = Q(legal_basis=LegalBasis.CONSENT)
    if value == PersonIssue.NO_LEGAL_BASIS:
        return stored & (Q(legal_basis="") | (consent & Q(consent_on__isnull=True)))
    return stored & consent & Q(consent_on__lt=consent_cutoff(today))


def with_person_issue(value: PersonIssue, today: datetime.date | None = None) -> Q:
    """Network contacts holding at least one person with ``value``."""
    persons = ContactPerson.objects.filter(person_issue(value, today))
    return Q(pk__in=persons.values("network_contact_id"))
