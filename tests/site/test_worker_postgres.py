"""The real background worker end to end on PostgreSQL (issue 33, point 5): a task is put in
the database queue, `manage.py db_worker` – a process of its own – claims it, runs it and
records the result; a failing task is tried again (an error that may pass) and then recorded
as failed with a German message on its job, never a file. The other tests run every task at once in the caller (immediate backend)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from reports import tasks
from reports.models import JobKind, JobStatus, ReportJob
from tests.conftest import build_world

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The worker runs in a process of its own: it needs a database server both reach "
    "(SQLite's test database lives in this process's memory). CI runs it on PostgreSQL.",
)
def test_the_worker_runs_queued_tasks_and_records_success_and_failure(committed_db):
    world = build_world()
    good = ReportJob.objects.create(
        kind=JobKind.MINISTRY_EXPORT,
        user=world.coordination,
        label="Bericht",
        params={
            "projects": [world.project_a.pk, world.project_b.pk],
            "start": "2016-07-01",
            "end": "2016-12-31",
            "label": "2. Halbjahr 2016",
            "include_persons": False,
        },
    )
    bad = ReportJob.objects.create(
        kind=JobKind.FINAL_RECOMPUTE,
        user=world.coordination,
        label="Neu berechnen",
        params={"report": 999_999},  # no such report: the task fails
    )
    flaky = ReportJob.objects.create(
        kind=JobKind.MINISTRY_EXPORT,
        user=world.coordination,
        label="Bericht",
        params={**good.params, "start": "kein Datum"},  # fails every time, but may pass: retried
    )
    queued_good = tasks.ministry_export.using(backend="database").enqueue(good.pk)
    queued_bad = tasks.final_recompute.using(backend="database").enqueue(bad.pk)
    tasks.ministry_export.using(backend="database").enqueue(flaky.pk)
    assert {r.status for r in DBTaskResult.objects.all()} == {"READY"}

    worker = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--backend",
            "database",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url(),
            "LOG_FORMAT": "text",
            # The retry without a pause, so this batch run reaches it; two attempts in all.
            "TASK_RETRY_SECONDS": "0",
            "TASK_ATTEMPTS": "2",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    log = worker.stdout + worker.stderr
    assert worker.returncode == 0, log
    assert "Starting worker" in log

    queued_good.refresh()
    queued_bad.refresh()
    assert queued_good.status == "SUCCESSFUL"
    assert queued_good.return_value == good.pk
    assert queued_bad.status == "FAILED"
    assert "DoesNotExist" in queued_bad.errors[0].exception_class_path

    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.status == JobStatus.DONE
    assert bytes(good.content).startswith(b"PK")  # a complete xlsx
    assert bad.status == JobStatus.FAILED
    assert bad.content is None
    assert "Der Auftrag ist fehlgeschlagen" in bad.message
    assert "fehlgeschlagen" in log  # the log line of the failure

    # The error that may pass was tried twice by the worker, then reported on its job; the
    # one that cannot pass (no such report) only once.
    attempts = [
        r.args_kwargs for r in DBTaskResult.objects.filter(status="FAILED").order_by("enqueued_at")
    ]
    flaky_attempts = [a for a in attempts if flaky.pk in (*a["args"], a["kwargs"].get("job_id"))]
    assert [a["kwargs"].get("attempt", 1) for a in flaky_attempts] == [1, 2]
    assert "Versuch 1 von 2 fehlgeschlagen" in log
    flaky.refresh_from_db()
    assert flaky.status == JobStatus.FAILED
    assert flaky.content is None
    assert DBTaskResult.objects.filter(status="FAILED").count() == 3  # bad once, flaky twice
