"""The contacts wing's part of the access policy: network contacts, the register, persons.

Built only from the primitives of ``projects.access`` (re-exported here, so a view of this
app asks one module). Naming scheme and 404/403 rule: docs/architecture.md, "Zugriff".
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from contacts.models import ContactPerson, NetworkContact, Organisation
from projects.access import (
    Action,
    User,
    can,
    can_manage_programme,
    can_see_all_projects,
    can_see_logs,
    can_see_personal_data,
    get_project,
    is_active,
    is_admin,
    is_coordination,
    is_ministry,
    memberships,
    projects_for,
    require,
    roles,
)
from projects.models import Project

__all__ = [
    "Action",
    "User",
    "can",
    "can_edit_organisation",
    "can_erase_personal_data",
    "can_maintain_vocabularies",
    "can_manage_programme",
    "can_review_retention",
    "can_see_all_projects",
    "can_see_logs",
    "can_see_personal_data",
    "can_use_contacts",
    "contacts_for",
    "get_contact",
    "get_person",
    "get_project",
    "is_active",
    "is_admin",
    "is_coordination",
    "is_ministry",
    "memberships",
    "projects_for",
    "require",
    "roles",
]


def can_use_contacts(user: User) -> bool:
    """Contact lists and details: project members and the coordination office.

    The ministry reads totals only; it never opens a network contact or a contact person.
    """
    return is_coordination(user) or (is_active(user) and bool(memberships(user)))


def contacts_for(user: User, action: Action = Action.VIEW) -> QuerySet[NetworkContact]:
    """The network contacts ``user`` may see (VIEW) or change (WRITE)."""
    if not can_use_contacts(user):
        return NetworkContact.objects.none()
    if is_coordination(user):
        return NetworkContact.objects.all()
    return NetworkContact.objects.filter(project__in=projects_for(user, action))


def get_contact(user: User, pk: int | str, action: Action = Action.VIEW) -> NetworkContact:
    """The network contact ``pk``; 404 if ``user`` may not see it, 403 if not change it."""
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


def can_edit_organisation(user: User, organisation: Organisation) -> bool:
    """The shared register: the coordination office, or staff whose project works with it."""
    if is_coordination(user):
        return True
    return contacts_for(user, Action.WRITE).filter(organisation=organisation).exists()


def can_maintain_vocabularies(user: User) -> bool:
    return is_coordination(user)


# --- data-subject rights (DSGVO) ----------------------------------------------------------


def get_person(user: User, contact_pk: int | str, person_pk: int | str) -> ContactPerson:
    """A contact person whose data ``user`` may see; 404 otherwise (also once erased)."""
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
