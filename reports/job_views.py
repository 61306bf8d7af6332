"""The page of a background job (reports.tasks): progress, then the file or the result."""

from __future__ import annotations

import io

from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.http import AuthenticatedHttpRequest
from core.spreadsheets import XLSX_CONTENT_TYPE
from reports import access
from reports.models import JobStatus, ReportJob


def _state(job: ReportJob) -> dict:
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "progress": job.progress,
        "step": job.step,
        "message": job.message,
        "finished": job.is_finished,
        "download_url": job.get_absolute_url() + "datei/"
        if job.status == JobStatus.DONE and job.file_name
        else "",
        "result_url": job.result_url,
    }


@require_GET
def job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = access.get_job(request.user, pk)
    return render(
        request, "reports/job.html", {"job": job, "state": _state(job), "title": job.label}
    )


@require_GET
def job_state(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """What the page's script asks every second while the job runs."""
    return JsonResponse(_state(access.get_job(request.user, pk)))


@require_GET
def job_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    job = access.get_job(request.user, pk)
    if job.status != JobStatus.DONE or not job.file_name:
        raise Http404(_("Die Datei ist noch nicht fertig."))
    content = ReportJob.objects.values_list("content", flat=True).get(pk=job.pk)
    if content is None:  # done with a file name, but no file: not for handing out
        raise Http404(_("Die Datei ist noch nicht fertig."))
    return FileResponse(
        io.BytesIO(bytes(content)),
        as_attachment=True,
        filename=job.file_name,
        content_type=XLSX_CONTENT_TYPE,
    )
