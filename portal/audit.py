"""The audit log for the coordination office: who changed what, when – read from the
change history that django-simple-history keeps for every tracked model."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_m2m_reverse_field_name

from core.actors import display_name

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
    "contacts.Abbreviation",  # changes how every organisation's name is read
]
ACTIONS = {"+": _("angelegt"), "~": _("geändert"), "-": _("gelöscht")}
# Role changes on record (projects.account_log): their own log, shown in the same list.
ACCOUNTS = "projects.AccountEvent"


@dataclass
class Entry:
    when: datetime.datetime
    who: str
    what: str
    record: str
    action: str
    changed: list[str]


def tracked_choices() -> list[tuple[str, str]]:
    return [
        (label, apps.get_model(label)._meta.verbose_name_plural) for label in [*TRACKED, ACCOUNTS]
    ]


def _account_entries(start: datetime.datetime, limit: int) -> list[Entry]:
    """Accounts created, deactivated, roles and memberships changed, second factor reset,
    passwords set by someone else: who, when, what – the events hold no secret."""
    events = apps.get_model(ACCOUNTS).objects.filter(created_at__gte=start)[:limit]
    return [
        Entry(
            when=event.created_at,
            who=event.actor_label,
            what=str(_("Konto")),
            record=event.account_label,
            action=event.get_kind_display(),
            changed=[event.detail] if event.detail else [],
        )
        for event in events
    ]


LIMIT = 100


def _previous_records(label: str, rows: list) -> dict:
    """For every change in ``rows`` its preceding history row, in one query per model
    (``prev_record`` would cost one query per row)."""
    history = apps.get_model(label).history
    changes = [row for row in rows if row.history_type == "~"]
    if not changes:
        return {}
    by_object: dict = {}
    for older in history.filter(id__in={row.id for row in changes}).order_by("id", "history_date"):
        by_object.setdefault(older.id, []).append(older)
    previous = {}
    for row in changes:
        earlier = [h for h in by_object.get(row.id, []) if h.history_date < row.history_date]
        if earlier:
            previous[(label, row.history_id)] = earlier[-1]
    return previous


def _m2m_values(label: str, rows: list) -> dict:
    """Many-to-many values of history rows ((label, history_id, field) → set of ids), one
    query per field – ``diff_against`` would query them twice per row."""
    if not rows:
        return {}
    model = apps.get_model(label)
    fields = getattr(type(rows[0]), "_history_m2m_fields", [])
    values: dict = {}
    ids = [row.history_id for row in rows]
    for field in fields:
        through = getattr(rows[0], field.name).model
        target = get_m2m_reverse_field_name(model._meta.get_field(field.name))
        for history_id, pk in through.objects.filter(history_id__in=ids).values_list(
            "history_id", f"{target}_id"
        ):
            values.setdefault((label, history_id, field.name), set()).add(pk)
    return values


def _changed_fields(label: str, row: Any, previous: Any, m2m: dict[Any, Any]) -> list[str]:
    if previous is None:
        return []
    m2m_names = [f.name for f in getattr(type(row), "_history_m2m_fields", [])]
    delta = row.diff_against(previous, excluded_fields=m2m_names)
    names = [change.field for change in delta.changes]
    names += [
        name
        for name in m2m_names
        if m2m.get((label, row.history_id, name), set())
        != m2m.get((label, previous.history_id, name), set())
    ]
    return [
        str(row.instance_type._meta.get_field(name).verbose_name)
        for name in names
        if name not in ("version", "updated_at")
    ]


def _record_names(found: list[tuple]) -> dict:
    """Names of the records that still exist, loaded in one query per model with the
    objects their names mention (a contact is named by organisation and project)."""
    names = {}
    for label in {label for _row, label in found}:
        model = apps.get_model(label)
        related = [f.name for f in model._meta.fields if f.many_to_one]
        ids = {row.id for row, lbl in found if lbl == label}
        records = model.objects.select_related(*related) if related else model.objects.all()
        for pk, record in records.in_bulk(ids).items():
            names[(label, pk)] = str(record)
    return names


def _deleted_name(row: Any) -> str:
    """A record deleted since, named from its history. What its name mentions may be gone
    too (undoing an import removes a network contact together with its organisation): then
    that record's last history row stands in for it."""
    instance = row.instance
    for field in instance._meta.fields:
        if not field.many_to_one or getattr(instance, field.attname) is None:
            continue
        try:
            getattr(instance, field.name)
        except ObjectDoesNotExist:
            related = field.related_model
            last = (
                related.history.filter(id=getattr(instance, field.attname))
                .order_by("-history_date")
                .first()
                if hasattr(related, "history")
                else None
            )
            if last is not None:
                setattr(instance, field.name, last.instance)
    try:
        return str(instance)
    except ObjectDoesNotExist:
        return f"{instance._meta.verbose_name} #{row.id}"


def entries(*, model: str | None, since: datetime.date, limit: int = LIMIT) -> list[Entry]:
    """The newest changes since ``since`` (at most ``limit``), newest first."""
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    found: list[tuple] = []
    accounts = _account_entries(start, limit) if model in (None, ACCOUNTS) else []
    for label in [] if model == ACCOUNTS else [model] if model else TRACKED:
        history = apps.get_model(label).history
        rows = (
            history.filter(history_date__gte=start)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
        found += [(row, label) for row in rows]
    found.sort(key=lambda pair: pair[0].history_date, reverse=True)
    found = found[:limit]
    previous: dict = {}
    m2m: dict = {}
    for label in {label for _row, label in found}:
        rows = [row for row, lbl in found if lbl == label]
        earlier = _previous_records(label, rows)
        previous.update(earlier)
        m2m.update(_m2m_values(label, rows + list(earlier.values())))
    names = _record_names(found)
    result = []
    for row, label in found:
        key = (label, row.id)
        if key not in names:  # deleted since: named from its history
            names[key] = _deleted_name(row)
        result.append(
            Entry(
                when=row.history_date,
                who=display_name(row.history_user, default=str(_("System"))),
                what=str(apps.get_model(label)._meta.verbose_name),
                record=names[key],
                action=str(ACTIONS.get(row.history_type, row.history_type)),
                changed=_changed_fields(label, row, previous.get((label, row.history_id)), m2m),
            )
        )
    result = sorted([*result, *accounts], key=lambda entry: entry.when, reverse=True)
    return result[:limit]
