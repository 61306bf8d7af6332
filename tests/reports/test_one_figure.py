"""One definition per figure (issue 30, point 1): every page that shows "aktiv" or "ohne
Kontakt" for a day says the same number for it – start page, Übersicht, Datenprüfung, the
project's Netzwerkkarte and the ministry workbook – because all of them ask
``NetworkContact.objects`` (contacts.querysets)."""

from __future__ import annotations

import datetime
import io
import re
from collections import defaultdict

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from contacts.models import ContactStatus, NetworkContact
from contacts.querysets import dormant_months, months_before
from reports import periods
from reports.workbook import ExportRequest, write_ministry_workbook
from tests import factories

FIGURE = re.compile(
    r'data-figure="(?P<figure>[\w-]+)" data-project="(?P<project>\w+)"[^>]*>(?:<a [^>]*>)?(?P<value>[\d.]+)'
)


@pytest.fixture
def mixed(world):
    """Every case on which the pages once disagreed: a dormant status, an ended, an archived
    and a quiet contact, one without "Kontakt seit", one ended only in the future."""
    today = timezone.localdate()
    a, b = world.project_a, world.project_b
    factories.NetworkContactFactory(project=a, status=ContactStatus.DORMANT)
    factories.NetworkContactFactory(project=a, status=ContactStatus.ENDED, ended_on=today)
    factories.NetworkContactFactory(project=a, is_archived=True)
    factories.NetworkContactFactory(project=a, since=None)
    quiet = factories.NetworkContactFactory(project=b)
    old = months_before(today, dormant_months() + 1)
    factories.InteractionFactory(network_contact=quiet, date=old)
    NetworkContact.objects.filter(pk=quiet.pk).update(last_interaction_on=old)
    lively = factories.NetworkContactFactory(project=b, in_steering_group=True)
    factories.InteractionFactory(network_contact=lively, date=today)
    NetworkContact.objects.filter(pk=lively.pk).update(last_interaction_on=today)
    return today


def figures_on(html: str) -> dict[tuple[str, str], int]:
    found = {}
    for match in FIGURE.finditer(html):
        found[(match["figure"], match["project"])] = int(match["value"].replace(".", ""))
    return found


def workbook_active(projects, day) -> dict[str, int]:
    target = io.BytesIO()
    period = periods.free_range(datetime.date(day.year, 1, 1), day)
    write_ministry_workbook(ExportRequest(projects=projects, period=period, office="Test"), target)
    sheet = load_workbook(io.BytesIO(target.getvalue()))["Übersicht"]
    values = list(sheet.iter_rows(values_only=True))
    head = values[0]
    column = head.index("aktive Netzwerkkontakte")
    return {
        row[0]: row[column]
        for row in values[1:]
        if row[0] and row[0] != "Summe" and row[column] is not None
    }


def test_each_figure_is_one_number_on_every_page(client, world, mixed):
    from projects.models import Project

    client.force_login(world.coordination)
    pages = {
        "Startseite": reverse("home"),
        "Übersicht": reverse("reports:dashboard"),
        "Datenprüfung": reverse("reports:review"),
    }
    for project in (world.project_a, world.project_b):
        pages[f"Netzwerkkarte {project.name}"] = reverse("reports:project_map", args=[project.pk])
    seen: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert mixed.strftime("%d.%m.%Y") in html, f"{name} names no date"
        for key, value in figures_on(html).items():
            seen[key][name] = value
    by_name = {p.name: p.pk for p in Project.objects.all()}
    for name, value in workbook_active(Project.objects.all(), mixed).items():
        seen[("active", str(by_name[name]))]["Arbeitsmappe"] = value
    expected = {
        ("active", str(world.project_a.pk)): NetworkContact.objects.filter(project=world.project_a)
        .active_at(mixed)
        .count(),
        ("active", str(world.project_b.pk)): NetworkContact.objects.filter(project=world.project_b)
        .active_at(mixed)
        .count(),
        ("dormant", str(world.project_b.pk)): NetworkContact.objects.filter(project=world.project_b)
        .dormant_at(mixed)
        .count(),
    }
    for key, number in expected.items():
        pages_with_it = seen[key]
        print(key, pages_with_it)
        assert len(pages_with_it) >= 3, f"{key} is shown on too few pages: {pages_with_it}"
        assert set(pages_with_it.values()) == {number}, f"{key}: {pages_with_it}"
    # The cases that once differed are counted as defined: dormant status counts, ended,
    # archived do not; the contact without "Kontakt seit" was entered today.
    assert expected[("active", str(world.project_a.pk))] == 3
    assert expected[("dormant", str(world.project_b.pk))] >= 1
    # The sums agree too.
    totals = {
        page: value
        for (figure, project), found in seen.items()
        if figure == "active" and project == "all"
        for page, value in found.items()
    }
    assert len(totals) >= 3
    assert set(totals.values()) == {NetworkContact.objects.active_at(mixed).count()}
