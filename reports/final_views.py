"""Closed reports per period: close, look at what changed since, download, recompute."""

from __future__ import annotations

import io

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from contacts.querysets import dormant_months
from core.http import AuthenticatedHttpRequest
from core.spreadsheets import XLSX_CONTENT_TYPE
from projects.models import Project
from reports import access, periods, selectors, services, tasks
from reports.models import FinalReport
from reports.review import project_review


def final_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_see_final_reports(request.user))
    can_close = access.can_close_reports(request.user)
    return render(
        request,
        "reports/final_list.html",
        {
            "title": _("Abgeschlossene Berichte"),
            "reports": selectors.final_reports(),
            "can_close": can_close,
            "closable": selectors.closable_periods(timezone.localdate()) if can_close else [],
        },
    )


class _ConfirmClose(forms.Form):
    period = forms.CharField(widget=forms.HiddenInput)
    confirm = forms.CharField(widget=forms.HiddenInput, initial="ja")


@require_POST
def final_close(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Closing asks first and says what it freezes; only the confirmed form closes."""
    access.require(access.can_close_reports(request.user))
    try:
        period = periods.parse(request.POST.get("period", ""))
        selectors.closable_check(period=period)  # refused before the question
        if request.POST.get("confirm") != "ja":
            return render(
                request,
                "reports/final_confirm.html",
                {
                    "title": _("Bericht für %(period)s abschließen?") % {"period": period.label},
                    "question": _(
                        "Abschließen friert den Bericht für %(period)s ein: die Zahlen aller "
                        "%(projects)s Vorhaben und die ganze Arbeitsmappe (Übersicht, Vergleich, "
                        "Netzwerkentwicklung, Netzwerkkontakte) werden so gespeichert, wie sie "
                        "heute berechnet werden. Jeder spätere Download gibt genau diese Fassung "
                        "aus; später nachgetragene oder berichtigte Daten erscheinen nur daneben "
                        "als Änderung. Eine neue Fassung entsteht nur durch „neu berechnen“."
                    )
                    % {"period": period.label, "projects": Project.objects.count()},
                    "form": _ConfirmClose(initial={"period": request.POST.get("period")}),
                    "confirm_label": _("Ja, Bericht abschließen"),
                    "cancel_url": reverse("reports:final_list"),
                },
            )
        report = services.final_report_close(period=period, by=request.user)
    except (periods.PeriodError, ValidationError) as error:
        text = error.messages if isinstance(error, ValidationError) else [str(error)]
        messages.error(request, " ".join(text))
        return redirect("reports:final_list")
    messages.success(
        request,
        _("Der Bericht für %(period)s ist abgeschlossen und gespeichert.")
        % {"period": report.period_label},
    )
    return redirect(report)


def _report(request: AuthenticatedHttpRequest, pk: int) -> FinalReport:
    access.require(access.can_see_final_reports(request.user))
    return get_object_or_404(FinalReport.objects.defer("workbook"), pk=pk)


@require_GET
def final_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    versions = selectors.final_reports().filter(
        period_start=report.period_start, period_end=report.period_end
    )
    return render(
        request,
        "reports/final_detail.html",
        {
            "title": _("Bericht %(period)s") % {"period": report.period_label},
            "report": report,
            "versions": versions,
            "changes": selectors.changes_since(report),
            "labels": selectors.FIGURE_LABELS,
            "can_close": access.can_close_reports(request.user),
        },
    )


@require_GET
def final_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    access.require(access.can_see_final_reports(request.user))
    report = get_object_or_404(FinalReport, pk=pk)
    services.final_report_download(report=report, by=request.user)
    return stored_workbook(report)


def stored_workbook(report: FinalReport) -> FileResponse:
    return FileResponse(
        io.BytesIO(bytes(report.workbook)),
        as_attachment=True,
        filename=report.file_name,
        content_type=XLSX_CONTENT_TYPE,
    )


@require_POST
def final_recompute(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require(access.can_close_reports(request.user))
    report = get_object_or_404(FinalReport.objects.defer("workbook"), pk=pk)
    # A task (reports.tasks): the job's page shows the progress and links the new version.
    return redirect(tasks.start_final_recompute(by=request.user, report=report))


@require_GET
def review(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Before closing: per project, what the report needs and lacks, linked to the lists."""
    access.require(access.can_see_review(request.user))
    projects = access.export_projects_for(request.user)  # the review is the report's
    rows, total = project_review(projects)
    return render(
        request,
        "reports/review.html",
        {
            "title": _("Datenprüfung vor dem Berichtsabschluss"),
            "rows": rows,
            "total": total if len(rows) > 1 else None,
            "quiet_months": dormant_months(),
            "today": timezone.localdate(),
            "retention_years": settings.THINKA_RETENTION_YEARS,
            "can_close": access.can_close_reports(request.user),
        },
    )
