"""A failing background job is tried again after a growing pause, a bounded number of times,
and then reported (issue 33; core.tasks.retry). Run on the database queue in this process
(tests/jobs_worker.py), so the pause is real: a retry waits in the queue until its time."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports import services, tasks
from reports.models import JobKind, JobStatus, ReportJob
from tests.jobs_worker import make_due, run_queue, waiting

pytestmark = pytest.mark.django_db


def _export_job(world) -> ReportJob:
    return ReportJob.objects.create(
        kind=JobKind.MINISTRY_EXPORT,
        user=world.coordination,
        label="Bericht",
        params={
            "projects": [world.project_a.pk],
            "start": "2016-07-01",
            "end": "2016-12-31",
            "label": "2. Halbjahr 2016",
            "include_persons": False,
        },
    )


def _pause(result: DBTaskResult) -> float:
    return (result.run_after - timezone.now()).total_seconds()


def test_a_failing_export_is_retried_with_growing_pauses_then_reported(
    world, monkeypatch, settings, caplog
):
    settings.TASK_ATTEMPTS = 3
    settings.TASK_RETRY_SECONDS = 60
    calls = []

    def broken(**kwargs):
        calls.append(1)
        kwargs["target"].write(b"PK half a workbook")
        raise OSError("Platte voll")

    monkeypatch.setattr(services, "export_ministry_workbook", broken)
    job = _export_job(world)
    tasks.ministry_export.using(backend="database").enqueue(job.pk)
    pauses = []
    with caplog.at_level(logging.WARNING):
        for attempt in (1, 2, 3):
            run_queue()
            assert len(calls) == attempt
            job.refresh_from_db()
            queued = waiting()
            if attempt < 3:
                assert len(queued) == 1, attempt
                assert queued[0].args_kwargs["kwargs"]["attempt"] == attempt + 1
                pauses.append(_pause(queued[0]))
                assert job.status == JobStatus.QUEUED
                assert "nächste beginnt um" in job.step
                assert job.content is None
                run_queue()  # not due yet: nothing runs
                assert len(calls) == attempt
                make_due(queued)
    # 60 s, then 240 s (a little less: time passed since it was queued)
    assert 50 < pauses[0] <= 60
    assert 230 < pauses[1] <= 240
    assert waiting() == []  # no fourth attempt
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3
    assert job.status == JobStatus.FAILED
    assert job.content is None
    assert "Der Auftrag ist fehlgeschlagen" in job.message
    warnings = [r for r in caplog.records if "Versuch" in r.getMessage()]
    assert len(warnings) == 2
    assert [
        r
        for r in caplog.records
        if r.levelno == logging.ERROR and "fehlgeschlagen" in r.getMessage()
    ]


def test_an_export_that_succeeds_on_its_second_attempt_is_done(world, monkeypatch, settings):
    settings.TASK_RETRY_SECONDS = 60
    real = services.export_ministry_workbook
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("Datenbank startet neu")
        return real(**kwargs)

    monkeypatch.setattr(services, "export_ministry_workbook", flaky)
    job = _export_job(world)
    tasks.ministry_export.using(backend="database").enqueue(job.pk)
    run_queue()
    make_due(waiting())
    run_queue()
    job.refresh_from_db()
    assert len(calls) == 2
    assert job.status == JobStatus.DONE
    assert bytes(job.content).startswith(b"PK")
    assert job.step == ""


def test_an_error_that_cannot_pass_is_reported_at_once(world, settings):
    settings.TASK_ATTEMPTS = 3
    job = ReportJob.objects.create(
        kind=JobKind.FINAL_RECOMPUTE,
        user=world.coordination,
        label="Neu berechnen",
        params={"report": 999_999},  # no such report
    )
    tasks.final_recompute.using(backend="database").enqueue(job.pk)
    run_queue()
    job.refresh_from_db()
    assert waiting() == []
    assert job.status == JobStatus.FAILED


def test_the_pause_grows_fourfold(settings):
    from core.tasks import backoff

    settings.TASK_RETRY_SECONDS = 30
    assert [backoff(n) for n in (1, 2, 3)] == [
        datetime.timedelta(seconds=s) for s in (30, 120, 480)
    ]
