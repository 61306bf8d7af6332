"""Writes of the reports wing: every file that leaves the application is logged."""

from __future__ import annotations

import io
from typing import IO, Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.models import NetworkContact
from core.actors import display_label
from core.db import long_statements
from core.limits import max_length
from projects.models import Project
from reports import access, figures, lists, network, selectors, workbook
from reports.models import ClosedFigures, ExportKind, ExportLog, FinalReport
from reports.periods import Period


def _user_label(by: User | None) -> str:
    return display_label(by, default=str(_("Kommandozeile")))


def export_ministry_workbook(
    *,
    projects: QuerySet[Project],
    period: Period,
    target: IO[bytes],
    by: User | None,
    include_persons: bool = False,
    via_command: bool = False,
) -> ExportLog:
    """Write the ministry workbook to ``target`` and log who exported which projects
    (``by``: nobody for the command line)."""
    label = _user_label(by)
    with long_statements():
        rows = workbook.write_ministry_workbook(
            workbook.ExportRequest(
                projects=projects,
                period=period,
                office=access.office_label(by),
                include_persons=include_persons,
            ),
            target,
        )
    log = ExportLog.objects.create(
        kind=ExportKind.MINISTRY,
        user=by,
        user_label=label,
        period_start=period.start,
        period_end=period.end,
        period_label=period.label,
        include_persons=include_persons,
        rows=rows,
        via_command=via_command,
    )
    log.projects.set(projects)
    return log


def export_contact_list(
    *,
    contacts: QuerySet[NetworkContact],
    projects: QuerySet[Project],
    target: IO[Any],
    kind: str,
    by: User,
    filters: str,
) -> ExportLog:
    """The filtered contact list as CSV or xlsx, logged like every export."""
    writer = lists.write_list_csv if kind == ExportKind.LIST_CSV else lists.write_list_xlsx
    with long_statements():
        rows = writer(contacts, target)
    log = ExportLog.objects.create(
        kind=kind,
        user=by,
        user_label=_user_label(by),
        filters=filters[: max_length(ExportLog, "filters")],
        rows=rows,
    )
    log.projects.set(projects)
    return log


# --- finalised reports: a past period's figures, stored as they were ---------------------

# Lazy: raised in a request, it speaks the asker's language (not the one at import).
ALREADY_CLOSED = gettext_lazy(
    "Der Bericht für %(period)s ist bereits abgeschlossen. Soll er die Daten von heute "
    "zeigen, berechnen Sie ihn neu – die bisherige Fassung bleibt erhalten."
)


def _final_report(*, period: Period, by: User, version: int) -> FinalReport:
    projects = Project.objects.order_by("name")
    label = _user_label(by)
    target = io.BytesIO()
    with long_statements():
        rows = workbook.write_ministry_workbook(
            workbook.ExportRequest(
                projects=projects,
                period=period,
                office=access.office_label(by),
                final_version=version,
            ),
            target,
        )
        record = figures.figures_record(projects, period)
        development = network.development(projects, period)
    report = FinalReport.objects.create(
        period_start=period.start,
        period_end=period.end,
        period_label=period.label,
        version=version,
        figures=record,
        workbook=target.getvalue(),
        rows=rows,
        closed_by=by,
        closed_by_label=label,
    )
    # Per project the figures the pages read for this period from now on (ClosedFigures).
    ClosedFigures.objects.bulk_create(
        ClosedFigures(
            report=report,
            project_id=row["project"],
            active=row["active"],
            new=row["new"],
            ended=development[row["project"]].ended,
            dormant=development[row["project"]].dormant,
            interactions=row["interactions"],
            sectors=sorted(
                ([sector, n] for sector, n in development[row["project"]].sectors.items()),
                key=lambda pair: (pair[0] is None, pair[0] or 0),
            ),
            ties=dict(development[row["project"]].ties),
        )
        for row in record
    )
    return report


@transaction.atomic
def final_report_close(*, period: Period, by: User) -> FinalReport:
    """Close a past period's report for all projects: from now on it says the same."""
    selectors.closable_check(period=period)
    existing = FinalReport.objects.select_for_update().filter(
        period_start=period.start, period_end=period.end
    )
    if existing.filter(is_current=True).exists():
        raise ValidationError(ALREADY_CLOSED % {"period": period.label})
    return _final_report(period=period, by=by, version=1 + existing.count())


@transaction.atomic
def final_report_recompute(*, report: FinalReport, by: User) -> FinalReport:
    """A new version from today's data ("neu berechnen"); the earlier ones stay."""
    versions = FinalReport.objects.select_for_update().filter(
        period_start=report.period_start, period_end=report.period_end
    )
    latest = versions.order_by("-version").first()
    assert latest is not None  # ``report`` itself is one of the versions
    versions.update(is_current=False)
    return _final_report(
        period=report.period,
        by=by,
        version=latest.version + 1,
    )


def final_report_download(*, report: FinalReport, by: User) -> ExportLog:
    """Handing out a stored report is an export like any other: logged."""
    log = ExportLog.objects.create(
        kind=ExportKind.MINISTRY,
        user=by,
        user_label=_user_label(by),
        period_start=report.period_start,
        period_end=report.period_end,
        period_label=f"{report.period_label} ({_('abgeschlossen')}, {report.version})",
        rows=report.rows,
    )
    log.projects.set(Project.objects.all())
    return log
