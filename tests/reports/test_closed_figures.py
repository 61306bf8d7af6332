"""Figures kept per closed period and per project (issue 30, performance): closing a report
stores each project's figures; the next period's workbook reads the closed period from
them – as the ministry received it, also after later corrections of the past – and counts
a period that is not closed from the data."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from contacts.models import ContactStatus, NetworkContact
from projects.models import Project
from reports import figures, network, periods, services, workbook
from reports.models import ClosedFigures
from tests import factories

CLOSED = periods.parse("2016-H2")
NEXT = periods.parse("2017-H1")


def sheet(period, name: str) -> list[tuple]:
    target = io.BytesIO()
    workbook.write_ministry_workbook(
        workbook.ExportRequest(
            projects=Project.objects.order_by("name"), period=period, office="Test"
        ),
        target,
    )
    return list(load_workbook(io.BytesIO(target.getvalue()))[name].iter_rows(values_only=True))


def rows_of(rows: list[tuple], label: str) -> list[tuple]:
    return [row for row in rows if len(row) > 1 and row[1] == label]


@pytest.fixture
def closed(world):
    factories.NetworkContactFactory(project=world.project_a, since=datetime.date(2016, 8, 1))
    ended = factories.NetworkContactFactory(
        project=world.project_b, since=datetime.date(2015, 3, 1)
    )
    ended.status, ended.ended_on = ContactStatus.ENDED, datetime.date(2016, 11, 30)
    ended.save()
    return services.final_report_close(period=CLOSED, by=world.coordination)


def test_closing_stores_each_projects_figures_as_counted(world, closed):
    stored = {row.project_id: row for row in closed.project_figures.all()}
    assert set(stored) == set(Project.objects.values_list("pk", flat=True))
    counted = network.development(Project.objects.all(), CLOSED)
    record = {row["project"]: row for row in closed.figures}
    for pk, row in stored.items():
        expected = counted[pk]
        assert (row.active, row.new, row.ended, row.dormant) == (
            expected.active,
            expected.new,
            expected.ended,
            expected.dormant,
        )
        assert row.interactions == record[pk]["interactions"]
        assert figures.development_of(row).sectors == +expected.sectors
        assert figures.development_of(row).ties == +expected.ties
    assert (stored[world.project_a.pk].active, stored[world.project_a.pk].new) == (2, 1)
    assert stored[world.project_b.pk].ended == 1


def test_the_next_workbook_reads_the_closed_period_as_it_was_closed(world, closed):
    development = rows_of(sheet(NEXT, "Netzwerkentwicklung"), CLOSED.label)
    comparison = sheet(NEXT, "Vergleich")
    # Later: a late entry for the closed period and a correction of its past.
    factories.NetworkContactFactory(project=world.project_a, since=datetime.date(2016, 9, 1))
    contact = NetworkContact.objects.get(pk=world.contact_a.pk)
    contact.status, contact.ended_on = ContactStatus.ENDED, datetime.date(2016, 10, 1)
    contact.save()
    assert rows_of(sheet(NEXT, "Netzwerkentwicklung"), CLOSED.label) == development
    sonneberg = next(row for row in sheet(NEXT, "Vergleich") if row[0] == "ThINKA Sonneberg")
    before = next(row for row in comparison if row[0] == "ThINKA Sonneberg")
    # The closed period's columns (active, new, ended: the first of each three) unchanged.
    assert sonneberg[1::3] == before[1::3]
    # Counted from the data, the closed period would now say otherwise.
    recounted = network.development(Project.objects.all(), CLOSED)[world.project_a.pk]
    assert (recounted.new, recounted.ended) != (
        development[1][3],
        development[1][4],
    )


def test_recomputing_stores_new_figures_and_keeps_the_old(world, closed):
    factories.NetworkContactFactory(project=world.project_a, since=datetime.date(2016, 9, 1))
    fresh = services.final_report_recompute(report=closed, by=world.coordination)
    assert closed.project_figures.get(project=world.project_a).new == 1
    assert fresh.project_figures.get(project=world.project_a).new == 2
    current = figures.closed_figures(CLOSED)
    assert current is not None
    assert current[world.project_a.pk].report_id == fresh.pk
    assert ClosedFigures.objects.count() == 2 * Project.objects.count()


def test_a_period_not_closed_is_counted_from_the_data(world):
    assert figures.closed_figures(CLOSED) is None
    factories.NetworkContactFactory(project=world.project_a, since=datetime.date(2016, 8, 1))
    development = rows_of(sheet(NEXT, "Netzwerkentwicklung"), CLOSED.label)
    sonneberg = next(row for row in development if row[0] == "ThINKA Sonneberg")
    assert sonneberg[3] == 1  # new in the period before: counted now
