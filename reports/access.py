"""The reports wing's part of the access policy: downloads, the ministry workbook, overviews.

Built only from the primitives of ``projects.access`` and the contacts wing's part (which
decides who sees network contacts); both re-exported for this app's views.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from contacts.access import can_use_contacts
from projects.access import (
    ROLE_LABELS,
    Action,
    Role,
    User,
    can_see_all_projects,
    can_see_logs,
    get_project,
    is_active,
    is_coordination,
    is_ministry,
    memberships,
    projects_for,
    require,
    roles,
)
from projects.models import Project
from reports.models import ReportJob

__all__ = [
    "Action",
    "User",
    "can_close_reports",
    "can_export_persons",
    "can_see_export_log",
    "can_see_final_reports",
    "can_see_overview",
    "can_see_review",
    "can_use_contacts",
    "export_projects_for",
    "get_job",
    "get_map_project",
    "office_label",
    "projects_for",
    "require",
    "who",
]


def can_see_overview(user: User) -> bool:
    """Dashboard and network map: the roles that see all projects (figures, no persons)."""
    return can_see_all_projects(user)


def export_projects_for(user: User) -> QuerySet[Project]:
    """Ministry and coordination office export all projects; staff and leads their own."""
    if can_see_all_projects(user):
        return projects_for(user, Action.VIEW)
    if not is_active(user):
        return Project.objects.none()
    return Project.objects.filter(pk__in=list(memberships(user)))


def can_export_persons(user: User, projects: QuerySet[Project] | None = None) -> bool:
    """Contact persons leave the application only in a project's own export, asked for by
    its own people; never in the ministry's or the coordination office's overall export."""
    if not is_active(user) or is_ministry(user):
        return False
    own = set(memberships(user))
    if not own:
        return False
    return projects is None or set(projects.values_list("pk", flat=True)) <= own


def can_see_export_log(user: User) -> bool:
    return can_see_logs(user)


def can_see_final_reports(user: User) -> bool:
    """Which periods are closed, and their stored reports: ministry and coordination."""
    return can_see_all_projects(user)


def can_close_reports(user: User) -> bool:
    """Closing a period's report, and recomputing it: the coordination office alone."""
    return is_coordination(user)


def can_see_review(user: User) -> bool:
    """The review before a period is closed: the coordination office for every project,
    project staff and leads for their own – the projects of ``export_projects_for``; never
    the ministry (the review links to lists of network contacts)."""
    return is_coordination(user) or (is_active(user) and bool(memberships(user)))


def get_job(user: User, pk: int) -> ReportJob:
    """A background job is its starter's alone (its file may hold personal data): 404 to
    everyone else, the coordination office too."""
    return get_object_or_404(ReportJob.objects.defer("content"), pk=pk, user_id=user.pk)


def get_map_project(user: User, pk: int | str) -> Project:
    """A project's Netzwerkkarte: whoever may read the project (its team, the coordination
    office, the ministry – the map names organisations, never persons); 404 for others."""
    return get_project(user, pk, Action.VIEW)


# The office shown in a person's place: the first of these an account holds.
_OFFICE_ORDER = (Role.MINISTRY, Role.COORDINATION, Role.ADMIN, Role.LEAD, Role.STAFF)


def office_label(user: User | None) -> str:
    """The office an account acts for ("Koordinierungsstelle", "Ministerium"), never its
    person. No account (the command line, a deleted account): the coordination office,
    which runs the application."""
    held = set(roles(user)) if user is not None else set()
    for role in _OFFICE_ORDER:
        if role in held:
            return str(ROLE_LABELS[role])
    return str(ROLE_LABELS[Role.COORDINATION]) if user is None else _("Konto")


def who(viewer: User, person: User | None, name: str) -> str:
    """How ``viewer`` reads who did something – the one place every page, list and download
    of the reports wing names an actor. The ministry sees organisations and offices, never a
    person (issue 30): for it the office, for everyone else the recorded ``name``."""
    if is_ministry(viewer):
        return office_label(person)
    return name
