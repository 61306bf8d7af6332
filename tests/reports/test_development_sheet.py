"""The workbook's sheet "Netzwerkentwicklung" (issue 30, point 5): per project its network at
the end of the period and of the one before, frozen with a closed report like the rest."""

from __future__ import annotations

import datetime
import io

from openpyxl import load_workbook

from contacts.models import OrganisationType, RelatedProgramme
from reports import periods, services
from reports.workbook import ExportRequest, write_ministry_workbook
from tests import factories

PERIOD = periods.parse("2016-H2")


def sheet_rows(data: bytes) -> list[dict]:
    values = list(
        load_workbook(io.BytesIO(data))["Netzwerkentwicklung"].iter_rows(values_only=True)
    )
    return [dict(zip(values[0], row, strict=False)) for row in values[1:] if row[1]]


def build(projects) -> bytes:
    target = io.BytesIO()
    write_ministry_workbook(ExportRequest(projects=projects, period=PERIOD, office="Test"), target)
    return target.getvalue()


def test_development_has_both_periods_per_project_with_their_figures(world):
    from projects.models import Project

    jobcenter = factories.OrganisationFactory(
        name="ThILIK Sonneberg",
        organisation_type=factories.vocabulary(OrganisationType, "jobcenter"),
        related_programme=RelatedProgramme.THILIK,
    )
    factories.NetworkContactFactory(
        project=world.project_a, organisation=jobcenter, since=datetime.date(2016, 8, 1)
    )
    factories.NetworkContactFactory(
        project=world.project_a,
        status="ended",
        since=datetime.date(2015, 1, 1),
        ended_on=datetime.date(2016, 9, 1),
    )
    rows = sheet_rows(build(Project.objects.all()))
    sonneberg = [r for r in rows if r["Vorhaben"] == world.project_a.name]
    assert [r["Zeitraum"] for r in sonneberg] == ["1. Halbjahr 2016", "2. Halbjahr 2016"]
    before, now = sonneberg
    assert (before["aktiv am Ende"], now["aktiv am Ende"]) == (2, 2)  # one began, one ended
    assert (now["neu"], now["beendet"]) == (1, 1)
    assert now["ThILIK"] == 1
    assert before["ThILIK"] == 0
    assert now["Sektoren abgedeckt"].startswith("2 / ")
    assert now["Vielfalt (Blau-Index)"] == 0.5


def test_a_closed_report_keeps_its_development_sheet(world):
    closed = services.final_report_close(period=PERIOD, by=world.coordination)
    stored = sheet_rows(bytes(closed.workbook))
    factories.NetworkContactFactory(project=world.project_a, since=datetime.date(2016, 10, 1))
    assert sheet_rows(bytes(type(closed).objects.get(pk=closed.pk).workbook)) == stored
    from projects.models import Project

    assert sheet_rows(build(Project.objects.all())) != stored  # today's data would differ
