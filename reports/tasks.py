"""Long work of the reports wing in the background worker (Django's tasks framework).

The ministry export of a period and recomputing a closed report run here, not in a request:
at Land scale (300,000 network contacts) the export takes 20 s and more. A ``ReportJob``
carries the progress to its page (reports.job_views); the file is stored in one write when
it is complete – a failing task leaves a German message on the job and a line in the log,
never a half-written file. ``start_*`` are called by the views, the tasks by the worker.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import logging
import threading
import time
from collections.abc import Callable
from functools import partial
from types import TracebackType
from typing import TypedDict, Unpack

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import QuerySet
from django.tasks import Task, TaskContext, task
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import NetworkContact
from core.tasks import retry
from projects.models import Project
from reports import periods, services
from reports.models import FinalReport, JobKind, JobStatus, ReportJob
from reports.periods import Period

logger = logging.getLogger(__name__)

# Rough throughput of the export on the reference machine (docs/performance.md): the bar
# moves by this estimate while the workbook is written and jumps to 100 % when it is done.
CONTACTS_PER_SECOND = 15_000
FAILED = _(
    "Der Auftrag ist fehlgeschlagen; es wurde keine Datei erstellt. Bitte versuchen Sie es "
    "erneut; hält der Fehler an, wenden Sie sich an die Koordinierungsstelle."
)


# A job task as the worker runs it: ``(job_id, attempt=1) -> job_id``, with its context.
JobTask = Task[[int, int], int]
JobContext = TaskContext[[int, int], int]


class JobUpdate(TypedDict, total=False):
    """The fields of a ``ReportJob`` a task writes while it runs."""

    status: JobStatus
    progress: int
    step: str
    message: str
    content: bytes | None
    file_name: str
    result_url: str
    finished_at: datetime.datetime


class JobResult(TypedDict, total=False):
    """What a finished job offers: a file (export) or a link and a message (recompute)."""

    content: bytes
    file_name: str
    result_url: str
    message: str


class ExportParams(TypedDict):
    """``ReportJob.params`` of a ministry export (JSON: dates as ISO text)."""

    projects: list[int]
    start: str
    end: str
    label: str
    include_persons: bool


class RecomputeParams(TypedDict):
    """``ReportJob.params`` of recomputing a closed report."""

    report: int


def _set(job_id: int, **fields: Unpack[JobUpdate]) -> None:
    ReportJob.objects.filter(pk=job_id).update(**fields)


class _Ticker:
    """Moves the job's bar by the estimate, from a thread of its own: its own database
    connection commits each step while the export's transaction is still open."""

    def __init__(self, job_id: int, expected_seconds: float) -> None:
        self.job_id = job_id
        self.expected = max(expected_seconds, 1.0)
        self.started = time.monotonic()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            while not self.done.wait(1.0):
                share = (time.monotonic() - self.started) / self.expected
                _set(self.job_id, progress=min(95, 5 + int(90 * min(share, 1.0))))
        except Exception:  # noqa: BLE001 – a missed step of the bar is no failure of the job
            logger.debug("Fortschritt von Auftrag %s nicht gespeichert", self.job_id)
        finally:
            connection.close()

    def __enter__(self) -> _Ticker:
        self.thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.done.set()
        self.thread.join(timeout=5)


def _retrying(job_id: int) -> Callable[[datetime.datetime], None]:
    """The job page while a failed attempt waits for the next (core.tasks.retry)."""

    def say(when: datetime.datetime) -> None:
        _set(
            job_id,
            status=JobStatus.QUEUED,
            progress=0,
            content=None,
            step=_("Ein Versuch ist fehlgeschlagen; der nächste beginnt um %(time)s Uhr.")
            % {"time": timezone.localtime(when).strftime("%H:%M")},
        )

    return say


def _run(
    job_id: int,
    work: Callable[[ReportJob], JobResult],
    expected_seconds: float,
    *,
    again: Callable[[BaseException, Callable[[datetime.datetime], None]], bool],
) -> None:
    """Run ``work(job)`` for the job: it returns the finished job fields (file or link).
    A failure is tried again (``again(error, before)``: core.tasks.retry) and reported on
    the job when no attempt is left."""
    job = ReportJob.objects.select_related("user").get(pk=job_id)
    _set(job_id, status=JobStatus.RUNNING, progress=5, step=_("Die Daten werden gelesen …"))
    in_request = connection.in_atomic_block  # immediate backend: inside the caller's request
    try:
        ticker: contextlib.AbstractContextManager[object, None]
        unit: contextlib.AbstractContextManager[object, None]
        if in_request:
            ticker = contextlib.nullcontext()
            unit = transaction.atomic()  # a savepoint: a failure leaves the request usable
        else:
            ticker = _Ticker(job_id, expected_seconds)
            # PostgreSQL: one transaction (its statement limit is raised for the export, and
            # nothing of a failed run stays). SQLite would lock the bar's writes out.
            unit = (
                transaction.atomic()
                if connection.vendor == "postgresql"
                else contextlib.nullcontext()
            )
        with ticker, unit:
            finished = work(job)
    except Exception as error:
        if again(error, _retrying(job_id)):
            raise
        logger.exception("Auftrag %s (%s) fehlgeschlagen: %s", job_id, job.kind, error)
        _set(
            job_id,
            status=JobStatus.FAILED,
            message=FAILED,
            step="",
            content=None,
            finished_at=timezone.now(),
        )
        raise
    _set(
        job_id,
        status=JobStatus.DONE,
        progress=100,
        step="",
        finished_at=timezone.now(),
        **finished,
    )
    logger.info("Auftrag %s (%s) fertig", job_id, job.kind)


# --- the ministry export -------------------------------------------------------------------


def start_ministry_export(
    *, by: User, projects: QuerySet[Project], period: Period, include_persons: bool
) -> ReportJob:
    params: ExportParams = {
        "projects": sorted(projects.values_list("pk", flat=True)),
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "label": period.label,
        "include_persons": include_persons,
    }
    job = ReportJob.objects.create(
        kind=JobKind.MINISTRY_EXPORT,
        user=by,
        label=_("Bericht für das Ministerium, %(period)s") % {"period": period.label},
        params=params,
    )
    ministry_export.enqueue(job.pk)
    return job


@task(takes_context=True)
def ministry_export(context: JobContext, job_id: int, attempt: int = 1) -> int:
    def work(job: ReportJob) -> JobResult:
        params: ExportParams = job.params
        period = periods.free_range(
            datetime.date.fromisoformat(params["start"]),
            datetime.date.fromisoformat(params["end"]),
        ).with_label(params["label"])
        target = io.BytesIO()
        services.export_ministry_workbook(
            projects=Project.objects.filter(pk__in=params["projects"]),
            period=period,
            target=target,
            by=job.user,
            include_persons=params["include_persons"],
        )
        return {
            "content": target.getvalue(),
            "file_name": (
                f"thinka-netzwerk-bericht-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.xlsx"
            ),
        }

    planned: ExportParams = ReportJob.objects.get(pk=job_id).params
    contacts = NetworkContact.objects.filter(project__in=planned["projects"]).count()
    _run(
        job_id,
        work,
        2 + contacts / CONTACTS_PER_SECOND,
        again=partial(_again, ministry_export, context, job_id, attempt),
    )
    return job_id


# --- recomputing a closed report --------------------------------------------------------


def start_final_recompute(*, by: User, report: FinalReport) -> ReportJob:
    params: RecomputeParams = {"report": report.pk}
    job = ReportJob.objects.create(
        kind=JobKind.FINAL_RECOMPUTE,
        user=by,
        label=_("Abgeschlossenen Bericht %(period)s neu berechnen")
        % {"period": report.period_label},
        params=params,
    )
    final_recompute.enqueue(job.pk)
    return job


@task(takes_context=True)
def final_recompute(context: JobContext, job_id: int, attempt: int = 1) -> int:
    def work(job: ReportJob) -> JobResult:
        params: RecomputeParams = job.params
        report = FinalReport.objects.defer("workbook").get(pk=params["report"])
        fresh = services.final_report_recompute(report=report, by=job.user)
        return {
            "result_url": fresh.get_absolute_url(),
            "message": _(
                "Neu berechnet: Fassung %(version)s gilt jetzt; die Fassung %(old)s bleibt erhalten."
            )
            % {"version": fresh.version, "old": report.version},
        }

    _run(
        job_id,
        work,
        2 + NetworkContact.objects.count() / CONTACTS_PER_SECOND,
        again=partial(_again, final_recompute, context, job_id, attempt),
    )
    return job_id


def _again(
    task_: JobTask,
    context: JobContext,
    job_id: int,
    attempt: int,
    error: BaseException,
    before: Callable[[datetime.datetime], None],
) -> bool:
    return retry(
        task_,
        context,
        attempt=attempt,
        error=error,
        kwargs={"job_id": job_id},
        before=before,
    )


# --- housekeeping (the daily jobs, portal.tasks) -----------------------------------------


def prune_jobs(*, older_than_hours: int) -> int:
    """Finished jobs and their files go after a while (a file may hold personal data)."""
    cutoff = timezone.now() - datetime.timedelta(hours=older_than_hours)
    deleted, _detail = ReportJob.objects.filter(created_at__lt=cutoff).delete()
    return deleted
