"""Figures as they stood at the end of a period, not as the data stands today (issue 18).

A network contact counts as active at the end of a period when it had begun by then
(``since``, or entered by then when it has no date), had not ended (``ended_on`` after the
period, or none) and was not archived then. Begin and end come from the contact's own
dates – a late correction of them is a correction of the past. Whether it was archived,
and the values it had (organisation type, fields of action, status), come from its change
history where the history holds them: the state of its last change before the period's
end, or – when it was entered later – the state it was entered with.

Only contacts changed after the period's end need the history; everything else is read
as it stands, so an old period costs little more than today's figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Max, QuerySet

from contacts.models import ContactStatus, NetworkContact, Organisation
from contacts.querysets import end_of


@dataclass(frozen=True)
class State:
    """What the history says about one network contact at the end of a day."""

    history_id: int
    is_archived: bool
    status: str
    intensity: str


def _history() -> QuerySet[Any]:
    return NetworkContact.history.model.objects.all()


def _states(rows: dict[int, int]) -> dict[int, State]:
    return {
        contact_id: State(history_id, archived, status, intensity)
        for history_id, contact_id, archived, status, intensity in _history()
        .filter(history_id__in=list(rows.values()))
        .values_list("history_id", "id", "is_archived", "status", "intensity")
    }


def value_states(contacts: QuerySet[NetworkContact], day: datetime.date) -> dict[int, State]:
    """The state at the end of ``day`` of the contacts that existed then and changed since.

    Contacts entered later are absent: the history does not hold their values then, their
    current values stand in.
    """
    cutoff = end_of(day)
    changed = _history().filter(history_date__gte=cutoff, id__in=contacts.values("pk"))
    rows = dict(
        _history()
        .filter(id__in=changed.values("id"), history_date__lt=cutoff)
        .values("id")
        .annotate(row=Max("history_id"))
        .values_list("id", "row")
    )
    return _states(rows)


def fields_of_action_at(states: dict[int, State]) -> dict[int, set[int]]:
    """For the contacts with a history state: their fields of action in that state."""
    through = apps.get_model("contacts", "HistoricalNetworkContact_fields_of_action")
    found: dict[int, set[int]] = {pk: set() for pk in states}
    by_row = {state.history_id: pk for pk, state in states.items()}
    for row, field_id in through.objects.filter(history_id__in=list(by_row)).values_list(
        "history_id", "fieldofaction_id"
    ):
        found[by_row[row]].add(field_id)
    return found


def organisation_types_at(organisation_ids: QuerySet[Any], day: datetime.date) -> dict[int, int]:
    """For organisations changed after ``day`` that existed then: their type at its end
    (``organisation_ids``: a queryset of ids)."""
    history = Organisation.history.model.objects
    cutoff = end_of(day)
    changed = history.filter(history_date__gte=cutoff, id__in=organisation_ids).values("id")
    rows = dict(
        history.filter(id__in=changed, history_date__lt=cutoff)
        .values("id")
        .annotate(row=Max("history_id"))
        .values_list("id", "row")
    )
    return dict(
        history.filter(history_id__in=rows.values()).values_list("id", "organisation_type_id")
    )


def status_then(
    current_status: str, ended_on: datetime.date | None, day: datetime.date, state: State | None
) -> str:
    """The status at the end of ``day``: from the history, else today's – but a contact
    that ended only later was not "beendet" then."""
    if state is not None:
        return state.status
    if current_status == ContactStatus.ENDED and ended_on and ended_on > day:
        return ContactStatus.ACTIVE
    return current_status
