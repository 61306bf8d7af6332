"""The named figures of a network, one definition each (issue 30, issue 34 point 3).

Every page and download that counts network contacts asks these methods of
``NetworkContact.objects`` – the start page, the Übersicht, the Datenprüfung, the network
maps and the ministry workbook – so one word is one number everywhere, and each figure is
counted *at a date* it names:

- **aktiv am Tag** (``active_at``): begun by the end of the day (``since``; without that
  date, entered by then), not ended by then (``ended_on`` later or none), not archived then
  (from the change history where it changed since). The status "ruhend" a project sets by
  hand does not end a contact: a dormant partner is still a partner.
- **neu im Zeitraum** (``new_in``): begun in the period (``since``; without that date,
  entered in the period).
- **beendet im Zeitraum** (``ended_in``): ``beendet am`` in the period.
- **ohne Kontakt am Tag** (``dormant_at``): active that day and without a contact-history
  entry in the ``THINKA_DORMANT_MONTHS`` months up to it (one setting, default 12).
- **fehlt für den Bericht** (``missing``): the conditions of ``contacts.quality``.
"""

from __future__ import annotations

import calendar
import datetime
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db.models import Exists, Max, Min, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The organisation type that says nothing: a report cannot sort the contact by it.
UNSPECIFIED_TYPE = "sonstige"


class Missing(StrEnum):
    """A value the ministry's report counts by, missing on a network contact."""

    TYPE = "type"
    FIELDS = "fields"
    SINCE = "since"


MISSING_LABELS = {
    Missing.TYPE: _("Organisationsart nur „Sonstige“"),
    Missing.FIELDS: _("ohne Handlungsfeld"),
    Missing.SINCE: _("ohne „Kontakt seit“"),
}


def missing(value: Missing) -> Q:
    """Network contacts that lack ``value``."""
    return {
        Missing.TYPE: Q(organisation__organisation_type__code=UNSPECIFIED_TYPE),
        Missing.FIELDS: Q(fields_of_action__isnull=True),
        Missing.SINCE: Q(since__isnull=True),
    }[value]


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` months earlier (the month's last day where it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def dormant_months() -> int:
    """N of "ohne Kontakt seit N Monaten": one setting for every page and download."""
    return settings.THINKA_DORMANT_MONTHS


def end_of(day: datetime.date) -> datetime.datetime:
    """The first moment after ``day`` in local time: changes before it belong to the day."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    )


def no_contact_since(cutoff: datetime.date) -> Q:
    """No contact-history entry from ``cutoff`` on, as the contact's own last date says
    (today's form of ``without_contact_at``; the lists, the review and the start page)."""
    return Q(last_interaction_on__isnull=True) | Q(last_interaction_on__lt=cutoff)


def began_by(day: datetime.date) -> Q:
    return Q(since__lte=day) | Q(since__isnull=True, created_at__lt=end_of(day))


def not_ended_by(day: datetime.date) -> Q:
    return Q(ended_on__isnull=True) | Q(ended_on__gt=day)


def began_within(start: datetime.date, end: datetime.date) -> Q:
    """Begun in the period (``since``); without that date, entered in the period."""
    return Q(since__range=(start, end)) | Q(
        since__isnull=True,
        created_at__gte=end_of(start - datetime.timedelta(days=1)),
        created_at__lt=end_of(end),
    )


class NetworkContactQuerySet(QuerySet):
    """Network contacts, read as the domain counts them."""

    def running(self) -> NetworkContactQuerySet:
        """Not archived today (the lists' default)."""
        return self.filter(is_archived=False)

    def _history(self) -> QuerySet[Any]:
        # simple_history's manager on the model: unknown to the stubs.
        return self.model.history.model.objects.all()  # type: ignore[attr-defined]

    def archived_then(self, day: datetime.date) -> tuple[set[int], set[int]]:
        """(archived, not archived) at the end of ``day`` – for the contacts of this
        queryset that were ever archived (the others never were). State: the last change
        before the end, else the state the contact was entered with."""
        history = self._history()
        cutoff = end_of(day)
        ever = history.filter(is_archived=True, id__in=self.values("pk")).values("id")
        last = dict(
            history.filter(id__in=ever, history_date__lt=cutoff)
            .values("id")
            .annotate(row=Max("history_id"))
            .values_list("id", "row")
        )
        first = dict(
            history.filter(id__in=ever)
            .exclude(id__in=list(last))
            .values("id")
            .annotate(row=Min("history_id"))
            .values_list("id", "row")
        )
        rows = {**first, **last}
        states = dict(
            history.filter(history_id__in=list(rows.values())).values_list("id", "is_archived")
        )
        archived = {pk for pk, is_archived in states.items() if is_archived}
        return archived, set(states) - archived

    def active_at(self, day: datetime.date) -> NetworkContactQuerySet:
        """Active at the end of ``day`` (the module's rule)."""
        dated = self.filter(began_by(day), not_ended_by(day))
        if day >= timezone.localdate():
            return dated.filter(is_archived=False)  # nothing changed after today yet
        archived, not_archived = self.archived_then(day)
        return dated.filter(Q(is_archived=False) | Q(pk__in=not_archived)).exclude(pk__in=archived)

    def new_in(self, start: datetime.date, end: datetime.date) -> NetworkContactQuerySet:
        return self.filter(began_within(start, end))

    def ended_in(self, start: datetime.date, end: datetime.date) -> NetworkContactQuerySet:
        return self.filter(ended_on__range=(start, end))

    def existed_in(self, start: datetime.date, end: datetime.date) -> NetworkContactQuerySet:
        """Existed at some time in the period (the workbook's detail rows)."""
        return self.filter(began_by(end), not_ended_by(start - datetime.timedelta(days=1)))

    def without_contact_at(
        self, day: datetime.date, months: int | None = None
    ) -> NetworkContactQuerySet:
        """No contact-history entry in the ``months`` months up to ``day``."""
        months = dormant_months() if months is None else months
        cutoff = months_before(day, months)
        if day >= timezone.localdate():
            return self.filter(no_contact_since(cutoff))
        # The reverse relation's model (Interaction is defined after this module is read).
        interactions = self.model.interactions.rel.related_model.objects  # type: ignore[attr-defined]
        recent = interactions.filter(
            network_contact=OuterRef("pk"), date__gte=cutoff, date__lte=day
        )
        return self.filter(~Exists(recent))

    def dormant_at(self, day: datetime.date, months: int | None = None) -> NetworkContactQuerySet:
        """Active at ``day`` but without contact for ``months`` (the setting) months."""
        return self.active_at(day).without_contact_at(day, months)

    def missing(self, value: Missing) -> NetworkContactQuerySet:
        """Lacking a value the ministry's report counts by."""
        return self.filter(missing(value))
