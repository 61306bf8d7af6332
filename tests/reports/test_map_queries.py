"""The maps' SQL does not grow with the data (issue 30, performance): a project's map, its
downloads and the programme's map need no more queries for a network twenty times as large
– every figure is grouped in the database, never asked per partner. Timing is `make bench`'s
(docs/performance.md)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import CooperationForm, OrganisationType
from tests import factories

TYPES = ["verein", "jobcenter", "schule-kita", "behoerde", "wohnungsunternehmen"]


def grow(project, count: int, start: int) -> None:
    """``count`` partners with contacts, forms, persons and a shared organisation or two."""
    forms = list(CooperationForm.objects.all())
    for index in range(start, start + count):
        organisation = factories.OrganisationFactory(
            name=f"Partner {index} e. V.",
            organisation_type=factories.vocabulary(OrganisationType, TYPES[index % 5]),
        )
        contact = factories.NetworkContactFactory(
            project=project,
            organisation=organisation,
            since=datetime.date(2020, 1, 1),
            in_steering_group=index % 4 == 0,
        )
        contact.cooperation_forms.set(forms[: index % 4])
        factories.ContactPersonFactory(network_contact=contact)
        for weeks in range(index % 3):
            factories.InteractionFactory(
                network_contact=contact,
                date=datetime.date.today() - datetime.timedelta(weeks=weeks + 1),
            )
        if index % 3 == 0:  # shared with the other project: the programme map has work
            factories.NetworkContactFactory(project=project.other, organisation=organisation)


def queries(client, url: str) -> int:
    client.get(url)  # warm: a session renewal must not count
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("reports:project_map", "lead_a"),
        ("reports:project_map_svg", "lead_a"),
        ("reports:project_map_pdf", "lead_a"),
        ("reports:project_map", "coordination"),
        ("reports:network_map", "coordination"),
        ("reports:network_map", "ministry"),
    ],
)
def test_map_queries_do_not_grow_with_the_contacts(
    client, world, django_assert_max_num_queries, name, role
):
    project = world.project_a
    project.other = world.project_b
    args = [] if name == "reports:network_map" else [project.pk]
    url = reverse(name, args=args)
    client.force_login(world.user(role))
    grow(project, 3, 0)
    few = queries(client, url)
    grow(project, 60, 3)
    many = queries(client, url)
    print(f"\n{name} ({role}): {few} Abfragen bei 4 Partnern, {many} bei 64")
    client.get(url)
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200
