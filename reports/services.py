"""Writes of the reports wing: every file that leaves the application is logged."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext as _

from core.actors import display_name
from core.db import long_statements
from reports import exports
from reports.models import ExportKind, ExportLog


def _user_label(user: AbstractUser | None) -> str:
    return display_name(user, default=str(_("Kommandozeile")))


def export_ministry_workbook(
    *,
    projects,
    period,
    target,
    user: AbstractUser | None,
    include_persons: bool = False,
    via_command: bool = False,
) -> ExportLog:
    """Write the ministry workbook to ``target`` and log who exported which projects."""
    label = _user_label(user)
    with long_statements():
        rows = exports.write_ministry_workbook(
            exports.ExportRequest(
                projects=projects, period=period, user_label=label, include_persons=include_persons
            ),
            target,
        )
    log = ExportLog.objects.create(
        kind=ExportKind.MINISTRY,
        user=user,
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
    *, contacts, projects, target, kind: str, user: AbstractUser, filters: str
) -> ExportLog:
    """The filtered contact list as CSV or xlsx, logged like every export."""
    writer = exports.write_list_csv if kind == ExportKind.LIST_CSV else exports.write_list_xlsx
    with long_statements():
        rows = writer(contacts, target)
    log = ExportLog.objects.create(
        kind=kind, user=user, user_label=_user_label(user), filters=filters[:500], rows=rows
    )
    log.projects.set(projects)
    return log
