"""The review before a period is closed: per project, what the report needs and lacks.

Each figure counts the running (not archived) network contacts of one project that meet a
condition of ``contacts.quality`` – the same condition the contact list filters by, so the
figure's link shows exactly the records counted, for the project to put right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contacts.models import ContactPerson, ContactStatus, NetworkContact
from contacts.quality import (
    MISSING_LABELS,
    PERSON_ISSUE_LABELS,
    Missing,
    PersonIssue,
    missing,
    person_issue,
    quiet_for,
)
from projects.models import Project

QUIET_MONTHS = 12
QUIET = (ContactStatus.ACTIVE, ContactStatus.DORMANT)
QUIET_LABELS = {
    ContactStatus.ACTIVE: _("aktiv, aber lange ohne Kontakt"),
    ContactStatus.DORMANT: _("ruhend und lange ohne Kontakt"),
}


@dataclass(frozen=True)
class Figure:
    """How many records of a project meet a condition, and where the list shows them."""

    count: int
    url: str
    label: str = ""  # what the counted records lack or have, for the link's name
    of: int = 0  # the records it is a share of (0: no share shown)
    contacts: int = 0  # for persons: the network contacts that hold them

    @property
    def percent_complete(self) -> int | None:
        """The share of records *not* meeting the condition (the complete ones)."""
        if not self.of:
            return None
        return round(100 * (self.of - self.count) / self.of)


@dataclass
class ProjectReview:
    project: Project | None  # None: the sum over all rows
    contacts: int
    missing: dict[str, Figure] = field(default_factory=dict)
    quiet_active: Figure | None = None
    quiet_dormant: Figure | None = None
    persons: dict[str, Figure] = field(default_factory=dict)

    @property
    def open_points(self) -> int:
        figures = [*self.missing.values(), *self.persons.values()]
        figures += [self.quiet_active, self.quiet_dormant]
        return sum(figure.count for figure in figures if figure)


def list_url(project: Project | None, **filters: str) -> str:
    query = {"project": project.pk} if project else {}
    return f"{reverse('contacts:list')}?{urlencode({**query, **filters})}"


def _per_project(queryset: QuerySet) -> dict[int, int]:
    # distinct: the condition on the fields of action joins their table
    return dict(
        queryset.order_by()
        .values("project")
        .annotate(n=Count("pk", distinct=True))
        .values_list("project", "n")
    )


def _persons_per_project(persons: QuerySet) -> dict[int, tuple[int, int]]:
    return {
        row["network_contact__project"]: (row["n"], row["contacts"])
        for row in persons.order_by()
        .values("network_contact__project")
        .annotate(n=Count("pk"), contacts=Count("network_contact", distinct=True))
    }


def project_review(projects: QuerySet[Project]) -> tuple[list[ProjectReview], ProjectReview]:
    """The review of ``projects`` (rows by name) and the sum over them."""
    running = NetworkContact.objects.filter(is_archived=False, project__in=projects)
    # One pass over the running contacts for every condition on their own row; the fields
    # of action join their table, which would multiply the rows of the others.
    quiet = quiet_for(QUIET_MONTHS)
    counted = {
        row.pop("project"): row
        for row in running.order_by()
        .values("project")
        .annotate(
            contacts=Count("pk"),
            **{
                f"missing_{value}": Count("pk", filter=missing(value))
                for value in Missing
                if value != Missing.FIELDS
            },
            **{f"quiet_{status}": Count("pk", filter=quiet & Q(status=status)) for status in QUIET},
        )
    }
    without_fields = _per_project(running.filter(missing(Missing.FIELDS)))
    for project_id, count in without_fields.items():
        counted[project_id][f"missing_{Missing.FIELDS}"] = count
    stored = ContactPerson.objects.filter(
        network_contact__is_archived=False, network_contact__project__in=projects
    )
    persons = {
        value: _persons_per_project(stored.filter(person_issue(value))) for value in PersonIssue
    }
    rows = []
    for project in projects.order_by("name"):
        found = counted.get(project.pk, {})
        total = found.get("contacts", 0)
        row = ProjectReview(project=project, contacts=total)
        for value in Missing:
            count = found.get(f"missing_{value}", 0)
            row.missing[value] = Figure(
                count, list_url(project, missing=value), MISSING_LABELS[value], of=total
            )
        row.quiet_active, row.quiet_dormant = (
            Figure(
                found.get(f"quiet_{status}", 0),
                list_url(project, status=status, quiet=str(QUIET_MONTHS)),
                QUIET_LABELS[status],
            )
            for status in QUIET
        )
        for value in PersonIssue:
            count, holders = persons[value].get(project.pk, (0, 0))
            row.persons[value] = Figure(
                count,
                list_url(project, persons=value),
                PERSON_ISSUE_LABELS[value],
                contacts=holders,
            )
        rows.append(row)
    return rows, _sum(rows)


def _sum(rows: list[ProjectReview]) -> ProjectReview:
    total = ProjectReview(project=None, contacts=sum(row.contacts for row in rows))

    def add(figures: list[Figure], url: str, **extra) -> Figure:
        return Figure(
            sum(f.count for f in figures), url, figures[0].label if figures else "", **extra
        )

    for value in Missing:
        total.missing[value] = add(
            [row.missing[value] for row in rows], list_url(None, missing=value), of=total.contacts
        )
    quiet = {"quiet": str(QUIET_MONTHS)}
    total.quiet_active = add(
        [row.quiet_active for row in rows], list_url(None, status=ContactStatus.ACTIVE, **quiet)
    )
    total.quiet_dormant = add(
        [row.quiet_dormant for row in rows], list_url(None, status=ContactStatus.DORMANT, **quiet)
    )
    for value in PersonIssue:
        figures = [row.persons[value] for row in rows]
        total.persons[value] = add(
            figures, list_url(None, persons=value), contacts=sum(f.contacts for f in figures)
        )
    return total
