"""Reads of the reports wing that pages outside it show."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import NetworkContact
from projects.models import Project
from reports import figures, periods
from reports.models import ExportKind, ExportLog, FinalReport


def latest_ministry_export() -> ExportLog | None:
    """The most recent ministry workbook, by anyone (shown on the ministry's start page)."""
    return ExportLog.objects.filter(kind=ExportKind.MINISTRY).first()


def latest_ministry_export_by(*, user: User) -> ExportLog | None:
    """The user's own most recent ministry workbook (shown on the export page)."""
    return ExportLog.objects.filter(kind=ExportKind.MINISTRY, user=user).first()


def final_reports() -> QuerySet[FinalReport]:
    """Every closed report, newest period first, without the stored files."""
    return FinalReport.objects.defer("workbook").select_related("closed_by")


def final_report_for(period: periods.Period) -> FinalReport | None:
    """The valid closed report of exactly this period, if it was closed."""
    return FinalReport.objects.filter(
        period_start=period.start, period_end=period.end, is_current=True
    ).first()


@dataclass(frozen=True)
class Change:
    project: str
    figure: str
    stored: int
    now: int

    @property
    def difference(self) -> int:
        return self.now - self.stored


@dataclass(frozen=True)
class ChangesSince:
    figures: list[Change]
    late_entries: int  # entered after the closing, but belonging to the period
    corrections: int  # existing in the period, changed after the closing


FIGURE_LABELS = {
    "active": _("aktive Netzwerkkontakte"),
    "new": _("neu im Zeitraum"),
    "interactions": _("Kontakte im Zeitraum"),
}


def changes_since(report: FinalReport) -> ChangesSince:
    """What today's data says differently about the closed period, and why it may."""
    period = report.period
    now = {row["project"]: row for row in figures.figures_record(Project.objects.all(), period)}
    changed = []
    for stored in report.figures:
        current = now.get(stored["project"], {})
        for key in FIGURE_LABELS:
            if current.get(key, 0) != stored[key]:
                changed.append(Change(stored["name"], key, stored[key], current.get(key, 0)))
    existed = NetworkContact.objects.existed_in(period.start, period.end)
    late = existed.filter(created_at__gt=report.closed_at).count()
    history = NetworkContact.history.model.objects
    corrected = (
        history.filter(history_date__gt=report.closed_at, history_type="~")
        .filter(id__in=existed.filter(created_at__lte=report.closed_at).values("pk"))
        .values("id")
        .distinct()
        .count()
    )
    return ChangesSince(changed, late, corrected)


def closable_periods(today: datetime.date) -> list[tuple[str, periods.Period]]:
    """Ended half-years and quarters not closed yet, as (code, period), newest first."""
    closed = set(
        FinalReport.objects.filter(is_current=True).values_list("period_start", "period_end")
    )
    found = []
    for code, _label in periods.recent_choices(today):
        period = periods.parse(code)
        if period.end < today and (period.start, period.end) not in closed:
            found.append((code, period))
    return found


NOT_ENDED = _(
    "Der Zeitraum %(period)s ist noch nicht beendet. Sein Bericht ist vorläufig und kann erst "
    "nach dem %(end)s abgeschlossen werden."
)
NOT_CLOSABLE = _(
    "%(period)s ist kein gültiger Zeitraum für einen Abschluss: abgeschlossen werden die "
    "Halbjahre und Quartale des Programms seit %(year)s."
)


def closable_check(*, period: periods.Period) -> None:
    """Whether ``period`` may be closed – asked before the question and again when closing:
    an ended half-year or quarter of the programme (``periods.programme_code``)."""
    if periods.programme_code(period) is None:
        raise ValidationError(NOT_CLOSABLE % {"period": period.label, "year": periods.FIRST_YEAR})
    if period.end >= timezone.localdate():
        raise ValidationError(
            NOT_ENDED
            % {"period": period.label, "end": formats.date_format(period.end, "SHORT_DATE_FORMAT")}
        )
