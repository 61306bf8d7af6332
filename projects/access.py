"""The one access policy of ThINKA Netzwerk: its shared primitives.

Every view, export and import asks the policy who may do what. Each app owns its part
(``contacts.access``, ``imports.access``, ``reports.access``, ``exchanges.access``,
``portal.access``), built only from the primitives here, so one rule decides everywhere.
Names follow one scheme: ``is_<role>`` for a role, ``can_<verb>_<thing>`` for a yes/no,
``<things>_for(user, action)`` for what a user may reach, ``get_<thing>(user, pk, action)``
for one object (404 for outsiders, 403 for readers) – docs/architecture.md, "Zugriff".

Roles (docs/architecture.md, "Zugriff"):

- Projektmitarbeiter*in / Projektleitung: a ``Membership`` in one or more projects;
- Koordinierungsstelle and Ministerium: Django groups (global roles);
- Administrator: ``is_superuser``.

Outsiders get 404 (they must not even learn that an object exists); people who may see an
object but not change it get 403.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import partial
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as Account
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from projects.models import Membership, MembershipRole, Project, ProjectStatus
from projects.roles import COORDINATION_GROUP, MINISTRY_GROUP

# Whoever asks: an account, or nobody signed in (the policy answers both).
User = Account | AnonymousUser


class Role(StrEnum):
    """The roles a user has, in the order in which they are shown."""

    ADMIN = "admin"
    COORDINATION = "coordination"
    MINISTRY = "ministry"
    LEAD = "lead"
    STAFF = "staff"


ROLE_LABELS = {
    Role.ADMIN: _("Administrator*in"),
    Role.COORDINATION: _("Koordinierungsstelle"),
    Role.MINISTRY: _("Ministerium"),
    Role.LEAD: _("Projektleitung"),
    Role.STAFF: _("Projektmitarbeiter*in"),
}


class Action(StrEnum):
    VIEW = "view"  # read the project and its network (ministry: without personal data)
    WRITE = "write"  # enter and change network contacts, contact persons, history, imports
    MANAGE = "manage"  # the project's own data: contact offices, staff list


def _per_request(user: User, name: str, load: Callable[[], Any]) -> Any:
    # Asked many times per request: loaded once and kept on the user object (request.user
    # lives for one request; a user loaded anew sees changes at once).
    attribute = f"_thinka_{name}"
    if not hasattr(user, attribute):
        setattr(user, attribute, load())
    return getattr(user, attribute)


def _group_names(user: User) -> frozenset[str]:
    return _per_request(
        user, "groups", lambda: frozenset(user.groups.values_list("name", flat=True))
    )


def memberships(user: User) -> dict[int, str]:
    """{project id: membership role} of the user's own projects.

    None for an account with a global role, whatever the database holds: the ministry
    reads totals only, so no membership can open a project's personal data to it; the
    administration and the coordination office are never project members (projects.roles)
    – they reach every project through their role, not through a team.
    """
    if is_ministry(user) or is_coordination(user):
        return {}
    return _per_request(
        user,
        "memberships",
        lambda: dict(user.memberships.values_list("project_id", "role")),  # type: ignore[union-attr]  # is_ministry() said: an account
    )


def is_active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_ministry(user: User) -> bool:
    """The ministry's role excludes every other (projects.roles): checked first."""
    return is_active(user) and MINISTRY_GROUP in _group_names(user)


def is_admin(user: User) -> bool:
    return is_active(user) and user.is_superuser and not is_ministry(user)


def is_coordination(user: User) -> bool:
    if not is_active(user) or is_ministry(user):
        return False
    return user.is_superuser or COORDINATION_GROUP in _group_names(user)


def roles(user: User) -> list[Role]:
    if not is_active(user):
        return []
    found = []
    if is_ministry(user):
        return [Role.MINISTRY]
    if is_admin(user):
        found.append(Role.ADMIN)
    if COORDINATION_GROUP in _group_names(user):
        found.append(Role.COORDINATION)
    member_roles = set(memberships(user).values())
    if MembershipRole.LEAD in member_roles:
        found.append(Role.LEAD)
    if MembershipRole.STAFF in member_roles:
        found.append(Role.STAFF)
    return found


def can_see_all_projects(user: User) -> bool:
    return is_coordination(user) or is_ministry(user)


def projects_for(user: User, action: Action = Action.VIEW) -> QuerySet[Project]:
    """The projects on which ``user`` may perform ``action``: lists and exports use this."""
    projects = Project.objects.all()
    if not is_active(user):
        return projects.none()
    if is_coordination(user):
        return projects
    if action == Action.VIEW and is_ministry(user):
        return projects
    own = [
        project_id
        for project_id, role in memberships(user).items()
        if action != Action.MANAGE or role == MembershipRole.LEAD
    ]
    projects = projects.filter(pk__in=own)
    if action != Action.VIEW:
        # An ended project is read-only for its team: reading stays, writing and managing
        # end; the coordination office (above) still writes and can reopen it (issue 32).
        projects = projects.exclude(status=ProjectStatus.ENDED)
    return projects


def _frozen(names: set[str]) -> frozenset[str]:
    return frozenset(names)


def project_ids_for_each(users: list[Account], action: Action) -> dict[int, frozenset[int]]:
    """``projects_for(user, action)`` as ids for many accounts at once, in a fixed number of
    queries however many there are (the weekly digest): their groups and memberships are
    read for all together and kept on each account as the single-account rule keeps them,
    the projects' states once; the decision is ``projects_for``'s, by the same predicates."""
    ids = [user.pk for user in users]
    groups: dict[int, set[str]] = {pk: set() for pk in ids}
    for user_id, name in Account.groups.through.objects.filter(user_id__in=ids).values_list(
        "user_id", "group__name"
    ):
        groups[user_id].add(name)
    teams: dict[int, dict[int, str]] = {pk: {} for pk in ids}
    for user_id, project_id, role in Membership.objects.filter(user_id__in=ids).values_list(
        "user_id", "project_id", "role"
    ):
        teams[user_id][project_id] = role
    for user in users:
        _per_request(user, "groups", partial(_frozen, groups[user.pk]))
        _per_request(user, "memberships", partial(dict, teams[user.pk]))
    states = dict(Project.objects.values_list("pk", "status"))
    every = frozenset(states)
    found: dict[int, frozenset[int]] = {}
    for user in users:
        if not is_active(user):
            found[user.pk] = frozenset()
        elif is_coordination(user) or (action == Action.VIEW and is_ministry(user)):
            found[user.pk] = every
        else:
            own = {
                project_id
                for project_id, role in memberships(user).items()
                if action != Action.MANAGE or role == MembershipRole.LEAD
            }
            if action != Action.VIEW:
                own = {pk for pk in own if states.get(pk) != ProjectStatus.ENDED}
            found[user.pk] = frozenset(own & every)
    return found


def can(user: User, action: Action, project: Project) -> bool:
    return projects_for(user, action).filter(pk=project.pk).exists()


def get_project(user: User, pk: int | str, action: Action = Action.VIEW) -> Project:
    """The project ``pk`` if ``user`` may perform ``action``; 404 for outsiders, else 403."""
    try:
        project = projects_for(user, Action.VIEW).select_related("programme_line").get(pk=pk)
    except (Project.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(
            _("Dieses Vorhaben gibt es nicht oder Sie haben keinen Zugriff darauf.")
        ) from exc
    if action != Action.VIEW and not can(user, action, project):
        raise PermissionDenied(_("Sie dürfen dieses Vorhaben nicht bearbeiten."))
    return project


def can_see_personal_data(user: User, project: Project) -> bool:
    """The one question before any contact person, note or staff list is shown or exported:
    the project's own people and the coordination office – never the ministry."""
    return is_coordination(user) or (is_active(user) and project.pk in memberships(user))


def can_manage_programme(user: User) -> bool:
    """Create and change projects, operators and user accounts."""
    return is_coordination(user)


def can_manage_account(user: User, account: Account) -> bool:
    """Change one user account: the coordination office, but an administrator's account
    only an administrator (the office must not be able to take over the admin)."""
    if account.is_superuser and not is_admin(user):
        return False
    return can_manage_programme(user)


def can_see_logs(user: User) -> bool:
    """The logs of changes, exports and failed logins: the coordination office."""
    return is_coordination(user)


def require(allowed: bool) -> None:
    """Raise 403 unless ``allowed``: for pages that are not tied to one project."""
    if not allowed:
        raise PermissionDenied(_("Für diese Seite fehlt Ihnen die Berechtigung."))
