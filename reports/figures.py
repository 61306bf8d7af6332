"""Figure queries of the reports: what the ministry workbook and the stored reports count,
per project and period, as the figures stood at the period's end (``contacts.querysets``:
one definition per figure)."""

import datetime
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Model, OuterRef, QuerySet, Subquery
from django.db.models.fields.related_descriptors import ManyToManyDescriptor

from contacts.models import (
    ContactPerson,
    Interaction,
    NetworkContact,
    Vocabulary,
)
from projects.models import Project
from reports import as_of
from reports.models import ClosedFigures
from reports.network import Development
from reports.periods import Period

CHUNK = 2000


# --- what the ministry workbook counts ----------------------------------------------------


@dataclass
class ProjectFigures:
    project: Project
    active: int = 0
    new: int = 0
    interactions: int = 0
    by_type: Counter[int] = field(default_factory=Counter)
    by_field: Counter[int] = field(default_factory=Counter)


def project_figures(projects: QuerySet[Project], period: Period) -> list[ProjectFigures]:
    """Per project: the overview sheet's numbers as they stood at the period's end
    (reports.as_of), in a handful of grouped queries."""
    contacts = NetworkContact.objects.filter(project__in=projects)
    active = contacts.active_at(period.end)
    figures = {p.pk: ProjectFigures(p) for p in projects}
    for row in active.values("project").annotate(n=Count("pk")):
        figures[row["project"]].active = row["n"]
    new = contacts.new_in(period.start, period.end)
    for row in new.values("project").annotate(n=Count("pk")):
        figures[row["project"]].new = row["n"]
    for row in (
        contacts.filter(interactions__date__range=(period.start, period.end))
        .values("project")
        .annotate(n=Count("interactions"))
    ):
        figures[row["project"]].interactions = row["n"]
    for row in active.values("project", "organisation__organisation_type").annotate(n=Count("pk")):
        figures[row["project"]].by_type[row["organisation__organisation_type"]] = row["n"]
    types_then = as_of.organisation_types_at(active.values("organisation_id"), period.end)
    for project, organisation, type_now in active.filter(
        organisation_id__in=list(types_then)
    ).values_list("project", "organisation", "organisation__organisation_type"):
        figures[project].by_type[type_now] -= 1
        figures[project].by_type[types_then[organisation]] += 1
    # Fields of action: from the history for contacts changed since, else as they are.
    states = as_of.value_states(active, period.end)
    for row in (
        active.exclude(pk__in=list(states))
        .filter(fields_of_action__isnull=False)
        .values("project", "fields_of_action")
        .annotate(n=Count("pk"))
    ):
        figures[row["project"]].by_field[row["fields_of_action"]] += row["n"]
    projects_of = dict(active.filter(pk__in=list(states)).values_list("pk", "project"))
    fields_then = as_of.fields_of_action_at({pk: states[pk] for pk in projects_of})
    for pk, fields in fields_then.items():
        for field_id in fields:
            figures[projects_of[pk]].by_field[field_id] += 1
    return list(figures.values())


DETAIL_COLUMNS = (
    "pk",
    "project__name",
    "organisation__name",
    "organisation__organisation_type__label",
    "organisation__city",
    "organisation__district",
    "intensity",
    "status",
    "ended_on",
    "since",
    "in_steering_group",
    "last_then",  # the last contact-history entry up to the period's end
    "is_archived",
)


# One row of DETAIL_COLUMNS, as ``values_list`` gives it (a plain tuple: no object per row).
DetailRow = tuple[
    int,  # pk
    str,  # project
    str,  # organisation
    str,  # organisation type
    str,  # city
    str,  # district (its code)
    str,  # intensity (its code)
    str,  # status (its code)
    datetime.date | None,  # ended_on
    datetime.date | None,  # since
    bool,  # in the steering group
    datetime.date | None,  # last contact up to the period's end
    bool,  # archived today
]


def detail_rows(
    contacts: QuerySet[NetworkContact], end: datetime.date
) -> Iterator[list[DetailRow]]:
    """The network contacts as plain tuples (DETAIL_COLUMNS), in chunks.

    Tuples, not model instances: building six model objects per row (contact, project,
    organisation, type and the prefetched vocabularies) was four fifths of the export's time.
    """
    last_then = Interaction.objects.filter(network_contact=OuterRef("pk"), date__lte=end)
    rows = (
        contacts.annotate(last_then=Subquery(last_then.order_by("-date").values("date")[:1]))
        .order_by("project__name", "organisation__name", "pk")
        .values_list(*DETAIL_COLUMNS)
        .iterator(chunk_size=CHUNK)
    )
    chunk: list[DetailRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def vocabulary_labels[V: Vocabulary, T: Model](
    relation: ManyToManyDescriptor[V, T],
    contact_ids: list[int],
    vocabulary: Iterable[tuple[int, str]],
) -> dict[int, str]:
    """``{contact id: "label, label"}`` for a many-to-many vocabulary, in its own order."""
    order = {pk: (index, label) for index, (pk, label) in enumerate(vocabulary)}
    chosen: dict[int, list[tuple[int, str]]] = {}
    target = relation.field.m2m_reverse_field_name()
    for contact_id, vocabulary_id in relation.through._default_manager.filter(
        networkcontact_id__in=contact_ids
    ).values_list("networkcontact_id", target):
        chosen.setdefault(contact_id, []).append(order[vocabulary_id])
    return {pk: ", ".join(label for _i, label in sorted(items)) for pk, items in chosen.items()}


def contact_persons(projects: QuerySet[Project]) -> QuerySet[ContactPerson]:
    """The persons sheet's rows: the projects' contact persons not erased, in the order of
    project, organisation and name."""
    return (
        ContactPerson.objects.filter(network_contact__project__in=projects, erased_at__isnull=True)
        .select_related("network_contact__project", "network_contact__organisation")
        .order_by("network_contact__project__name", "network_contact__organisation__name", "name")
    )


def interactions_in_period(projects: QuerySet[Project], period: Period) -> dict[int, int]:
    """Contacts in the period per network contact, in one grouped query (not per row)."""
    return dict(
        Interaction.objects.filter(
            network_contact__project__in=projects, date__range=(period.start, period.end)
        )
        .values("network_contact")
        .annotate(n=Count("pk"))
        .values_list("network_contact", "n")
    )


def figures_record(projects: QuerySet[Project], period: Period) -> list[dict]:
    """The overview's main figures as plain data: what a closed report keeps to compare."""
    return [
        {
            "project": f.project.pk,
            "name": f.project.name,
            "active": f.active,
            "new": f.new,
            "interactions": f.interactions,
        }
        for f in project_figures(projects, period)
    ]


def ended_within(projects: QuerySet[Project], period: Period) -> dict[int, int]:
    """Network contacts that ended in the period (``beendet am``), per project."""
    return dict(
        NetworkContact.objects.filter(project__in=projects)
        .ended_in(period.start, period.end)
        .values("project")
        .annotate(n=Count("pk"))
        .values_list("project", "n")
    )


# --- a closed period's figures, as stored with its report (reports.ClosedFigures) ----------


def closed_figures(period: Period) -> dict[int, ClosedFigures] | None:
    """Per project id: the figures stored when ``period``'s current report was closed, or
    None when the period is not closed (then the figures are counted from the data)."""
    rows = ClosedFigures.objects.filter(
        report__period_start=period.start, report__period_end=period.end, report__is_current=True
    )
    found = {row.project_id: row for row in rows}
    if found:
        return found
    return None


def development_of(stored: ClosedFigures) -> Development:
    """The stored figures as the workbook's ``Development`` of the project."""
    return Development(
        active=stored.active,
        new=stored.new,
        ended=stored.ended,
        dormant=stored.dormant,
        sectors=Counter(dict(stored.sectors)),
        ties=Counter(stored.ties),
    )
