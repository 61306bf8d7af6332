"""The access policy as a table: which projects each role may view, write and manage."""

import pytest

from projects import access
from projects.access import Action, Role

pytestmark = pytest.mark.django_db


def _names(queryset):
    return sorted(project.slug for project in queryset)


@pytest.mark.parametrize(
    ("persona", "action", "expected"),
    [
        ("staff_a", Action.VIEW, ["sonneberg"]),
        ("staff_a", Action.WRITE, ["sonneberg"]),
        ("staff_a", Action.MANAGE, []),
        ("lead_a", Action.VIEW, ["sonneberg"]),
        ("lead_a", Action.WRITE, ["sonneberg"]),
        ("lead_a", Action.MANAGE, ["sonneberg"]),
        ("staff_b", Action.VIEW, ["nordhausen"]),
        ("coordination", Action.VIEW, ["nordhausen", "sonneberg"]),
        ("coordination", Action.WRITE, ["nordhausen", "sonneberg"]),
        ("coordination", Action.MANAGE, ["nordhausen", "sonneberg"]),
        ("ministry", Action.VIEW, ["nordhausen", "sonneberg"]),
        ("ministry", Action.WRITE, []),
        ("ministry", Action.MANAGE, []),
        ("admin", Action.MANAGE, ["nordhausen", "sonneberg"]),
    ],
)
def test_projects_for_each_role_and_action(world, persona, action, expected):
    assert _names(access.projects_for(getattr(world, persona), action)) == expected


def test_anonymous_and_inactive_users_see_no_project(world):
    from django.contrib.auth.models import AnonymousUser

    assert _names(access.projects_for(AnonymousUser())) == []
    world.staff_a.is_active = False
    assert _names(access.projects_for(world.staff_a)) == []


def test_staff_cannot_open_other_projects_page(world):
    from django.http import Http404

    with pytest.raises(Http404):
        access.get_project(world.staff_a, world.project_b.pk)


def test_ministry_may_view_but_not_manage(world):
    from django.core.exceptions import PermissionDenied

    assert access.get_project(world.ministry, world.project_a.pk) == world.project_a
    with pytest.raises(PermissionDenied):
        access.get_project(world.ministry, world.project_a.pk, Action.MANAGE)


def test_personal_data_only_for_members_and_coordination(world):
    assert access.can_see_personal_data(world.staff_a, world.project_a)
    assert access.can_see_personal_data(world.coordination, world.project_b)
    assert not access.can_see_personal_data(world.staff_a, world.project_b)
    assert not access.can_see_personal_data(world.ministry, world.project_a)


def test_roles_are_reported_for_the_user_menu(world):
    assert access.roles(world.lead_a) == [Role.LEAD]
    assert access.roles(world.coordination) == [Role.COORDINATION]
    assert access.roles(world.admin) == [Role.ADMIN]


def test_each_persona_has_the_roles_the_menu_names(world):
    assert access.roles(world.staff_a) == [Role.STAFF]
    assert access.roles(world.lead_a) == [Role.LEAD]
    assert access.roles(world.coordination) == [Role.COORDINATION]
    assert access.roles(world.ministry) == [Role.MINISTRY]


def test_the_ministry_role_excludes_every_other_whatever_else_the_account_has(world):
    """An account in the ministry's group and, by mistake, also in the coordination group
    and a project's team: it is the ministry's, and nothing more."""
    from django.contrib.auth.models import Group

    from projects.roles import COORDINATION_GROUP
    from tests import factories

    Group.objects.get(name=COORDINATION_GROUP).user_set.add(world.ministry)
    factories.MembershipFactory(user=world.ministry, project=world.project_a)
    assert access.roles(world.ministry) == [Role.MINISTRY]


def test_the_coordination_office_keeps_register_entries_no_project_works_with(client, world):
    from django.urls import reverse

    from contacts import access as contact_access
    from tests import factories

    unused = factories.OrganisationFactory(name="Verein ohne Netzwerkkontakt")
    assert contact_access.can_edit_organisation(world.coordination, unused)
    assert not contact_access.can_edit_organisation(world.staff_a, unused)
    client.force_login(world.coordination)
    assert client.get(reverse("contacts:organisation_update", args=[unused.pk])).status_code == 200
