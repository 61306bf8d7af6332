"""Downloads: the ministry workbook, the filtered contact list, and the export log."""

from __future__ import annotations

import io
import tempfile
from typing import IO, Any

from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from contacts.filters import contact_list_filter
from core import limits
from core.http import AuthenticatedHttpRequest
from core.spreadsheets import XLSX_CONTENT_TYPE
from core.views import post_data
from projects.models import Project
from reports import access, final_views, selectors, services, tasks
from reports.forms import MinistryExportForm
from reports.models import ExportKind, ExportLog, FinalReport


def _spooled() -> tempfile.SpooledTemporaryFile[bytes]:
    # Small files stay in memory, large ones go to disk: the response streams either.
    return tempfile.SpooledTemporaryFile(max_size=limits.SPOOL_IN_MEMORY_BYTES)


@require_http_methods(["GET", "POST"])
def ministry_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    projects = access.export_projects_for(request.user)
    access.require(projects.exists())
    persons_allowed = access.can_export_persons(request.user)
    form = MinistryExportForm(
        post_data(request), projects=projects, persons_allowed=persons_allowed
    )
    if request.method == "POST" and form.is_valid():
        selected = form.cleaned_data["projects"]
        include_persons = form.cleaned_data.get("include_persons", False)
        if include_persons and not access.can_export_persons(request.user, selected):
            form.add_error(
                "include_persons",
                _("Ansprechpersonen gibt es nur im Export der Vorhaben, in denen Sie mitarbeiten."),
            )
        elif (final := _final_report_for(form, include_persons)) is not None:
            # A closed period says what it said when it was closed (reports.FinalReport).
            services.final_report_download(report=final, by=request.user)
            return final_views.stored_workbook(final)
        else:
            # A task (reports.tasks): at Land scale the workbook takes longer than a request
            # may; the job's page shows the progress and then offers the file.
            job = tasks.start_ministry_export(
                by=request.user,
                projects=selected,
                period=form.cleaned_data["report_period"],
                include_persons=include_persons,
            )
            return redirect(job)
    return render(
        request,
        "reports/ministry_export.html",
        {
            "form": form,
            "title": _("Bericht für das Ministerium exportieren"),
            "latest": selectors.latest_ministry_export_by(user=request.user),
            "closed": selectors.final_reports().filter(is_current=True)[:8],
            "can_review": access.can_see_review(request.user),
            # Links only where the reader may follow them (no 403 behind a link).
            "can_see_final": access.can_see_final_reports(request.user),
        },
        status=400 if form.is_bound else 200,
    )


def _final_report_for(form: MinistryExportForm, include_persons: bool) -> FinalReport | None:
    """The stored report when all projects of a closed period are asked for."""
    if include_persons:
        return None
    chosen = set(form.cleaned_data["projects"].values_list("pk", flat=True))
    if chosen != set(Project.objects.values_list("pk", flat=True)):
        return None
    return selectors.final_report_for(form.cleaned_data["report_period"])


@require_GET
def contact_list_download(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponseBase:
    """The list as currently filtered, for the staff's own work (with organisation data)."""
    contact_filter, projects = contact_list_filter(request)
    if not contact_filter.is_valid():
        return render(
            request,
            "reports/download_error.html",
            {"filter": contact_filter, "title": _("Download nicht möglich")},
            status=400,
        )
    contacts = contact_filter.qs
    kind = ExportKind.LIST_CSV if fmt == "csv" else ExportKind.LIST_XLSX
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    spooled = _spooled()
    target: IO[Any] = (
        io.TextIOWrapper(spooled, encoding="utf-8", newline="")
        if kind == ExportKind.LIST_CSV
        else spooled
    )
    services.export_contact_list(
        contacts=contacts,
        projects=projects.filter(pk__in=contacts.values("project")),
        target=target,
        kind=kind,
        by=request.user,
        filters=request.GET.urlencode(),
    )
    target.flush()
    if isinstance(target, io.TextIOWrapper):
        target.detach()  # the text layer goes; the bytes stay in ``spooled``
        content_type = "text/csv; charset=utf-8"
    else:
        content_type = XLSX_CONTENT_TYPE
    spooled.seek(0)
    return FileResponse(
        spooled,
        as_attachment=True,
        filename=f"netzwerkkontakte-{stamp}.{fmt}",
        content_type=content_type,
    )


def export_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_see_export_log(request.user))
    logs = ExportLog.objects.select_related("user").prefetch_related("projects")
    page = Paginator(logs, limits.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/export_log.html",
        {"page": page, "title": _("Protokoll der Exporte")},
    )
