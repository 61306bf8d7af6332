"""The review before a period is closed: per project, what the report needs and lacks.

Each figure counts the running (not archived) network contacts of one project that meet a
condition of ``contacts.quality`` – the same condition the contact list filters by, so the
figure's link shows exactly the records counted, for the project to put right.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
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
from contacts.querysets import dormant_months
from projects.models import Project

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
    label: str | Promise = ""  # what the counted records lack or have, for the link's name
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
    contacts: int  # running: not archived
    active: int = 0  # active today (contacts.querysets)
    dormant: Figure | None = None  # active today, without contact for the setting's months
    missing: dict[str, Figure] = field(default_factory=dict)
    quiet: dict[str, Figure] = field(default_factory=dict)  # by status: active, dormant
    persons: dict[str, Figure] = field(default_factory=dict)

    @property
    def figures(self) -> list[Figure]:
        """In the order of the page's columns."""
        return [*self.missing.values(), *self.quiet.values(), *self.persons.values()]

    @property
    def open_points(self) -> int:
        return sum(figure.count for figure in self.figures)


def list_url(project: Project | None, **filters: str) -> str:
    query = {"project": project.pk} if project else {}
    return f"{reverse('contacts:list')}?{urlencode({**query, **filters})}"


def _counts(projects: QuerySet[Project]) -> dict[int, Counter]:
    """Per project id: every figure of the review as a count, in a handful of passes."""
    running = NetworkContact.objects.filter(project__in=projects).running().order_by()
    # One pass over the running contacts for every condition on their own row; the fields
    # of action join their table, which would multiply the rows of the others.
    quiet = quiet_for(dormant_months())
    counts: dict[int, Counter] = defaultdict(Counter)
    for row in running.values("project").annotate(
        contacts=Count("pk"),
        **{f"missing_{v}": Count("pk", filter=missing(v)) for v in Missing if v != Missing.FIELDS},
        **{f"quiet_{status}": Count("pk", filter=quiet & Q(status=status)) for status in QUIET},
    ):
        values: dict[str, Any] = dict(row)
        counts[values.pop("project")].update(values)
    # The named figures (contacts.querysets), the same numbers as every other page.
    today = timezone.localdate()
    for name, queryset in (
        ("active", running.active_at(today)),
        ("dormant", running.dormant_at(today)),
    ):
        for project_id, n in (
            queryset.values("project").annotate(n=Count("pk")).values_list("project", "n")
        ):
            counts[project_id][name] = n
    for project_id, n in (
        running.filter(missing(Missing.FIELDS))
        .values("project")
        .annotate(n=Count("pk", distinct=True))
        .values_list("project", "n")
    ):
        counts[project_id][f"missing_{Missing.FIELDS}"] = n
    stored = ContactPerson.objects.filter(
        network_contact__is_archived=False, network_contact__project__in=projects
    ).order_by()
    # Every issue of the persons in one pass over them (one filtered count each).
    issues = {issue: person_issue(issue) for issue in PersonIssue}
    for held in stored.values("network_contact__project").annotate(
        **{f"persons_{issue}": Count("pk", filter=q) for issue, q in issues.items()},
        **{
            f"holders_{issue}": Count("network_contact", distinct=True, filter=q)
            for issue, q in issues.items()
        },
    ):
        values = dict(held)
        counts[values.pop("network_contact__project")].update(values)
    return counts


def _review(project: Project | None, counts: Counter) -> ProjectReview:
    """One row of the review (or the sum row, ``project`` None) from its counts."""
    review = ProjectReview(
        project=project,
        contacts=counts["contacts"],
        active=counts["active"],
        dormant=Figure(counts["dormant"], list_url(project, figure="dormant")),
    )
    for value in Missing:
        review.missing[value] = Figure(
            counts[f"missing_{value}"],
            list_url(project, missing=value),
            MISSING_LABELS[value],
            of=review.contacts,
        )
    for status in QUIET:
        review.quiet[status] = Figure(
            counts[f"quiet_{status}"],
            list_url(project, status=status, quiet=str(dormant_months())),
            QUIET_LABELS[status],
        )
    for issue in PersonIssue:
        review.persons[issue] = Figure(
            counts[f"persons_{issue}"],
            list_url(project, persons=issue),
            PERSON_ISSUE_LABELS[issue],
            contacts=counts[f"holders_{issue}"],
        )
    return review


def project_review(projects: QuerySet[Project]) -> tuple[list[ProjectReview], ProjectReview]:
    """The review of ``projects`` (rows by name) and the sum over them."""
    counts = _counts(projects)
    ordered = list(projects.order_by("name"))
    rows = [_review(project, counts[project.pk]) for project in ordered]
    return rows, _review(None, sum((counts[project.pk] for project in ordered), Counter()))
