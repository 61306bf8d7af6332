"""The one access policy of ThINKA Netzwerk.

Every view, export and import asks this module who may do what. Roles (DOMAIN.md):

- Projektmitarbeiter*in / Projektleitung: a ``Membership`` in one or more projects;
- Koordinierungsstelle and Ministerium: Django groups (global roles);
- Administrator: ``is_superuser``.

Outsiders get 404 (they must not even learn that an object exists); people who may see an
object but not change it get 403.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from projects.models import MembershipRole, Project

COORDINATION_GROUP = "Koordinierungsstelle"
MINISTRY_GROUP = "Ministerium"

User = AbstractBaseUser | AnonymousUser


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


def _per_request(user: User, name: str, load):
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


def _memberships(user: User) -> dict[int, str]:
    """{project id: membership role}."""
    return _per_request(
        user, "memberships", lambda: dict(user.memberships.values_list("project_id", "role"))
    )


def is_active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_admin(user: User) -> bool:
    return is_active(user) and user.is_superuser


def is_coordination(user: User) -> bool:
    return is_admin(user) or (is_active(user) and COORDINATION_GROUP in _group_names(user))


def is_ministry(user: User) -> bool:
    return is_active(user) and MINISTRY_GROUP in _group_names(user)


def roles(user: User) -> list[Role]:
    if not is_active(user):
        return []
    found = []
    if is_admin(user):
        found.append(Role.ADMIN)
    if COORDINATION_GROUP in _group_names(user):
        found.append(Role.COORDINATION)
    if is_ministry(user):
        found.append(Role.MINISTRY)
    member_roles = set(_memberships(user).values())
    if MembershipRole.LEAD in member_roles:
        found.append(Role.LEAD)
    if MembershipRole.STAFF in member_roles:
        found.append(Role.STAFF)
    return found


def sees_all_projects(user: User) -> bool:
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
        for project_id, role in _memberships(user).items()
        if action != Action.MANAGE or role == MembershipRole.LEAD
    ]
    return projects.filter(pk__in=own)


def can(user: User, action: Action, project: Project) -> bool:
    return projects_for(user, action).filter(pk=project.pk).exists()


def get_project(user: User, pk: object, action: Action = Action.VIEW) -> Project:
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
    """Contact persons and staff lists: the project's own people and the coordination office."""
    return is_coordination(user) or (is_active(user) and project.pk in _memberships(user))


def can_manage_programme(user: User) -> bool:
    """Create and change projects, operators and user accounts."""
    return is_coordination(user)


def require(allowed: bool) -> None:
    """Raise 403 unless ``allowed``: for pages that are not tied to one project."""
    if not allowed:
        raise PermissionDenied(_("Für diese Seite fehlt Ihnen die Berechtigung."))


# --- network contacts (contacts app) ------------------------------------------------------


def uses_contacts(user: User) -> bool:
    """Contact lists and details: project members and the coordination office.

    The ministry reads totals only; it never opens a network contact or a contact person.
    """
    return is_coordination(user) or (is_active(user) and bool(_memberships(user)))


def contacts_for(user: User, action: Action = Action.VIEW):
    """The network contacts ``user`` may see (VIEW) or change (WRITE)."""
    from contacts.models import NetworkContact

    if not uses_contacts(user):
        return NetworkContact.objects.none()
    if is_coordination(user):
        return NetworkContact.objects.all()
    return NetworkContact.objects.filter(project__in=projects_for(user, action))


def get_contact(user: User, pk: object, action: Action = Action.VIEW):
    """The network contact ``pk``; 404 if ``user`` may not see it, 403 if not change it."""
    from contacts.models import NetworkContact

    try:
        contact = (
            contacts_for(user, Action.VIEW).select_related("project", "organisation").get(pk=pk)
        )
    except (NetworkContact.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(
            _("Diesen Netzwerkkontakt gibt es nicht oder Sie haben keinen Zugriff darauf.")
        ) from exc
    if action != Action.VIEW and not can(user, action, contact.project):
        raise PermissionDenied(_("Sie dürfen diesen Netzwerkkontakt nicht bearbeiten."))
    return contact


def can_edit_organisation(user: User, organisation) -> bool:
    """The shared register: the coordination office, or staff whose project works with it."""
    if is_coordination(user):
        return True
    return contacts_for(user, Action.WRITE).filter(organisation=organisation).exists()


def can_maintain_vocabularies(user: User) -> bool:
    return is_coordination(user)


# --- experience-exchange meetings (exchanges app) -----------------------------------------


def reads_minutes(user: User) -> bool:
    """Every logged-in role reads the minutes of the exchanges."""
    return is_active(user)


def can_edit_meetings(user: User) -> bool:
    """Only the coordination office keeps the minutes."""
    return is_coordination(user)


# --- exports ------------------------------------------------------------------------------


def export_projects_for(user: User) -> QuerySet[Project]:
    """Ministry and coordination office export all projects; staff and leads their own."""
    if sees_all_projects(user):
        return projects_for(user, Action.VIEW)
    if not is_active(user):
        return Project.objects.none()
    return Project.objects.filter(pk__in=list(_memberships(user)))


def may_export_persons(user: User, projects: QuerySet[Project] | None = None) -> bool:
    """Contact persons leave the application only in a project's own export, asked for by
    its own people; never in the ministry's or the coordination office's overall export."""
    if not is_active(user) or is_ministry(user):
        return False
    own = set(_memberships(user))
    if not own:
        return False
    return projects is None or set(projects.values_list("pk", flat=True)) <= own


def can_see_audit_log(user: User) -> bool:
    """Export log and failed logins: the coordination office."""
    return is_coordination(user)


# --- data-subject rights (DSGVO) ----------------------------------------------------------


def get_person(user: User, contact_pk: object, person_pk: object):
    """A contact person whose data ``user`` may see; 404 otherwise (also once erased)."""
    from contacts.models import ContactPerson

    contact = get_contact(user, contact_pk)
    if not can_see_personal_data(user, contact.project):
        raise Http404(_("Diese Ansprechperson gibt es nicht oder Sie haben keinen Zugriff darauf."))
    try:
        return contact.persons.select_related("network_contact__project").get(
            pk=person_pk, erased_at__isnull=True
        )
    except (ContactPerson.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(
            _("Diese Ansprechperson gibt es nicht oder Sie haben keinen Zugriff darauf.")
        ) from exc


def can_erase_personal_data(user: User, project: Project) -> bool:
    """Erasure (Art. 17 DSGVO) is a decision for the project's lead or the coordination."""
    return is_coordination(user) or can(user, Action.MANAGE, project)


def can_review_retention(user: User) -> bool:
    return is_coordination(user)


# --- imports ------------------------------------------------------------------------------


def get_import(user: User, pk: object):
    """An import batch of a project ``user`` may write to; 404 for everyone else."""
    from contacts.models import ImportBatch

    try:
        return (
            ImportBatch.objects.select_related("project", "user")
            .filter(project__in=projects_for(user, Action.WRITE))
            .get(pk=pk)
        )
    except (ImportBatch.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(
            _("Diesen Import gibt es nicht oder Sie haben keinen Zugriff darauf.")
        ) from exc
