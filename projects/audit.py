"""The audit log for the coordination office: who changed what, when – read from the
change history that django-simple-history keeps for every tracked model."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The records people work with; each keeps its full history.
TRACKED = [
    "contacts.NetworkContact",
    "contacts.Organisation",
    "contacts.ContactPerson",
    "contacts.Interaction",
    "projects.Project",
    "projects.ContactOffice",
    "projects.Operator",
    "projects.Membership",
    "exchanges.Meeting",
]
ACTIONS = {"+": _("angelegt"), "~": _("geändert"), "-": _("gelöscht")}


@dataclass
class Entry:
    when: datetime.datetime
    who: str
    what: str
    record: str
    action: str
    changed: list[str]


def tracked_choices() -> list[tuple[str, str]]:
    return [(label, apps.get_model(label)._meta.verbose_name_plural) for label in TRACKED]


def entries(*, model: str | None, since: datetime.date, limit: int = 200) -> list[Entry]:
    """The newest changes since ``since`` (at most ``limit``), newest first."""
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    found: list[tuple] = []
    for label in [model] if model else TRACKED:
        history = apps.get_model(label).history
        rows = (
            history.filter(history_date__gte=start)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
        found += [(row, label) for row in rows]
    found.sort(key=lambda pair: pair[0].history_date, reverse=True)
    result = []
    for row, label in found[:limit]:
        changed: list[str] = []
        if row.history_type == "~":
            previous = row.prev_record
            if previous is not None:
                delta = row.diff_against(previous)
                changed = [
                    str(row.instance_type._meta.get_field(change.field).verbose_name)
                    for change in delta.changes
                    if change.field not in ("version", "updated_at")
                ]
        user = row.history_user
        result.append(
            Entry(
                when=row.history_date,
                who=(user.get_full_name() or user.get_username()) if user else str(_("System")),
                what=str(apps.get_model(label)._meta.verbose_name),
                record=str(row.history_object),
                action=str(ACTIONS.get(row.history_type, row.history_type)),
                changed=changed,
            )
        )
    return result
