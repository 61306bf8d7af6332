"""Reads of the reports wing that pages outside it show."""

from __future__ import annotations

from reports.models import ExportKind, ExportLog


def latest_ministry_export() -> ExportLog | None:
    """The most recent ministry workbook, by anyone (shown on the ministry's start page)."""
    return ExportLog.objects.filter(kind=ExportKind.MINISTRY).first()


def latest_ministry_export_by(*, user) -> ExportLog | None:
    """The user's own most recent ministry workbook (shown on the export page)."""
    return ExportLog.objects.filter(kind=ExportKind.MINISTRY, user=user).first()
