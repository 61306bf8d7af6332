"""The access policy reads a user's groups and memberships once per request, not per question."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.access import can_use_contacts
from projects import access
from projects.access import Action
from reports.access import can_export_persons
from tests.factories import MembershipFactory


def test_repeated_questions_cost_no_further_queries(world):
    user = get_user_model().objects.get(pk=world.staff_a.pk)
    with CaptureQueriesContext(connection) as first:
        access.roles(user)
    with CaptureQueriesContext(connection) as again:
        access.roles(user)
        can_use_contacts(user)
        access.can_see_personal_data(user, world.project_a)
        can_export_persons(user)
    assert len(first) == 2  # groups and memberships
    assert len(again) == 0


def test_a_new_request_sees_a_changed_membership(world):
    user = get_user_model().objects.get(pk=world.staff_a.pk)
    assert not access.can_see_personal_data(user, world.project_b)
    MembershipFactory(user=world.staff_a, project=world.project_b)
    fresh = get_user_model().objects.get(pk=world.staff_a.pk)  # as the next request loads it
    assert access.can_see_personal_data(fresh, world.project_b)
    assert world.project_b in access.projects_for(fresh, Action.WRITE)
