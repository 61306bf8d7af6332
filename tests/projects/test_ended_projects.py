"""An ended project is read-only for its team (issue 32, point 8): the review found staff
of an ended project still writing its contacts. Reading stays; writing and managing end;
the coordination office still writes and can reopen the project. One place decides:
``projects.access.projects_for`` (the URL matrix covers every page in this state)."""

from __future__ import annotations

from django.urls import reverse

from contacts.models import Interaction
from projects import access
from projects.access import Action
from projects.models import ProjectStatus
from tests.projects.test_views import _project_data


def _end(project) -> None:
    project.status = ProjectStatus.ENDED
    project.save()


def test_the_team_of_an_ended_project_reads_but_no_longer_writes(client, world):
    _end(world.project_a)
    for user in (world.staff_a, world.lead_a):
        fresh = type(user).objects.get(pk=user.pk)
        assert access.can(fresh, Action.VIEW, world.project_a)
        assert not access.can(fresh, Action.WRITE, world.project_a)
        assert not access.can(fresh, Action.MANAGE, world.project_a)
    client.force_login(world.staff_a)
    page = client.get(world.contact_a.get_absolute_url())
    assert page.status_code == 200
    assert reverse("contacts:update", args=[world.contact_a.pk]) not in page.content.decode()
    refused = client.post(
        reverse("contacts:interaction_create", args=[world.contact_a.pk]),
        {"date": "2016-04-06", "occasion": "nach dem Ende"},
    )
    assert refused.status_code == 403
    assert not Interaction.objects.exists()


def test_the_coordination_office_reopens_an_ended_project(client, world):
    _end(world.project_a)
    client.force_login(world.coordination)
    url = reverse("projects:update", args=[world.project_a.pk])
    world.project_a.refresh_from_db()
    response = client.post(url, _project_data(world.project_a, status=ProjectStatus.RUNNING))
    assert response.status_code == 302
    staff = type(world.staff_a).objects.get(pk=world.staff_a.pk)
    assert access.can(staff, Action.WRITE, world.project_a)
