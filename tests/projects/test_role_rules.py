"""The roles stay apart (projects.roles): the ministry holds no other role, and project
teams take project staff only – refused in the team form, the account form and the admin,
each with a German message, and nothing is saved."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from contacts import access
from projects import access as projects_access
from projects.access import Role
from projects.models import Membership, MembershipRole
from projects.roles import COORDINATION_GROUP, MINISTRY_GROUP
from tests.factories import UserFactory


@pytest.mark.parametrize("persona", ["ministry", "coordination", "admin"])
def test_a_lead_cannot_put_an_account_with_a_global_role_on_the_team(client, world, persona):
    client.force_login(world.lead_a)
    account = getattr(world, persona)
    response = client.post(
        reverse("projects:member_add", kwargs={"pk": world.project_a.pk}),
        {"identifier": account.username, "role": MembershipRole.STAFF},
    )
    assert response.status_code == 400
    assert "kann nicht hinzugefügt werden" in response.content.decode()
    assert not Membership.objects.filter(user=account).exists()


def _team_form_answer(client, world, identifier: str) -> str:
    """The page the lead gets back, with the identifier itself taken out."""
    response = client.post(
        reverse("projects:member_add", kwargs={"pk": world.project_a.pk}),
        {"identifier": identifier, "role": MembershipRole.STAFF},
    )
    assert response.status_code == 400, identifier
    page = response.content.decode()
    page = re.sub(r'name="(csrfmiddlewaretoken|submission)" value="[^"]*"', "", page)
    return page.replace(identifier, "…")


def test_the_team_form_answers_alike_for_every_identifier_it_will_not_add(client, world):
    """Issue 32, point 7: the answer must not tell a lead whether an identifier belongs to
    the ministry, the coordination office, the administrator, nobody, an inactive or an
    ambiguous account, or someone already in the team."""
    UserFactory(username="inaktiv", is_active=False)
    UserFactory(username="doppelt", email="a@example.org")
    UserFactory(username="a@example.org", email="b@example.org")
    client.force_login(world.lead_a)
    refused = {
        "ministry": world.ministry.username,
        "coordination": world.coordination.email,
        "admin": world.admin.username,
        "unknown": "niemand-hier",
        "inactive": "inaktiv",
        "ambiguous": "a@example.org",
        "already in the team": world.staff_a.username,
    }
    answers = {kind: _team_form_answer(client, world, value) for kind, value in refused.items()}
    assert "kann nicht hinzugefügt werden" in answers["unknown"]
    for kind, answer in answers.items():
        assert answer == answers["unknown"], kind
    assert Membership.objects.filter(project=world.project_a).count() == 2


def test_the_team_form_still_takes_project_staff(client, world):
    newcomer = UserFactory(username="neu.sonneberg")
    client.force_login(world.lead_a)
    response = client.post(
        reverse("projects:member_add", kwargs={"pk": world.project_a.pk}),
        {"identifier": "neu.sonneberg", "role": MembershipRole.STAFF},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=newcomer, project=world.project_a).exists()


def test_a_membership_is_refused_wherever_it_is_made(world):
    membership = Membership(user=world.ministry, project=world.project_a)
    with pytest.raises(ValidationError) as refused:
        membership.full_clean()
    assert "Ministeriums" in str(refused.value)
    with pytest.raises(ValidationError):
        Membership(user=world.admin, project=world.project_a).full_clean()


def test_staff_with_a_team_cannot_become_the_ministry(client, world):
    client.force_login(world.coordination)
    url = reverse("projects:user_update", kwargs={"pk": world.staff_a.pk})
    response = client.post(
        url,
        {
            "username": "staff_a",
            "first_name": "Erika",
            "last_name": "Muster",
            "email": world.staff_a.email,
            "is_active": "on",
            "global_role": MINISTRY_GROUP,
        },
    )
    assert response.status_code == 400
    assert "kann keinem Projektteam angehören" in response.content.decode()
    assert not world.staff_a.groups.filter(name=MINISTRY_GROUP).exists()


def test_the_admin_refuses_contradictory_roles(client, world):
    client.force_login(world.admin)
    ministry = Group.objects.get(name=MINISTRY_GROUP)
    url = reverse("admin:auth_user_change", args=[world.staff_a.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in {"groups", "user_permissions", "password"}
    }
    data.update(
        {
            "groups": [ministry.pk],
            "is_active": "on",
            "date_joined_0": "01.01.2026",
            "date_joined_1": "10:00:00",
            "last_login_0": "",
            "last_login_1": "",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert "kann keinem Projektteam angehören" in response.content.decode()
    assert not world.staff_a.groups.filter(name=MINISTRY_GROUP).exists()


def test_a_ministry_account_with_a_membership_in_the_database_is_still_only_the_ministry(
    world,
):
    Membership.objects.bulk_create([Membership(user=world.ministry, project=world.project_a)])
    ministry = type(world.ministry).objects.get(pk=world.ministry.pk)
    assert access.roles(ministry) == [Role.MINISTRY]
    assert not access.can_see_personal_data(ministry, world.project_a)
    assert not access.can_use_contacts(ministry)
    assert not access.contacts_for(ministry).exists()
    assert not access.projects_for(ministry, access.Action.WRITE).exists()


def test_coordination_and_ministry_on_one_account_count_as_the_ministry(world):
    world.ministry.groups.add(Group.objects.get(name=COORDINATION_GROUP))
    ministry = type(world.ministry).objects.get(pk=world.ministry.pk)
    assert not access.is_coordination(ministry)
    assert not access.can_see_personal_data(ministry, world.project_a)


def test_the_groups_the_migration_writes_are_the_groups_the_code_asks_for(db):
    """A renamed constant would leave every account without its role, silently."""
    from importlib import import_module

    migration = import_module("projects.migrations.0002_roles_and_programme_lines")
    assert set(migration.GROUPS) == {COORDINATION_GROUP, MINISTRY_GROUP}
    assert set(Group.objects.values_list("name", flat=True)) >= {
        COORDINATION_GROUP,
        MINISTRY_GROUP,
    }


@pytest.mark.parametrize("persona", ["admin", "coordination", "ministry"])
def test_a_global_role_is_never_a_project_member_even_if_the_database_says_so(
    client, world, persona
):
    account = getattr(world, persona)
    Membership.objects.create(user=account, project=world.project_a, role=MembershipRole.LEAD)
    fresh = type(account).objects.get(pk=account.pk)
    assert projects_access.memberships(fresh) == {}
    assert Role.LEAD not in projects_access.roles(fresh)
    client.force_login(world.coordination)
    members = client.get(world.project_a.get_absolute_url()).context["members"]
    assert account not in [member.user for member in members]
    assert len(members) == 2  # staff_a and lead_a
