"""The daily jobs in the background worker: the digests due today, expiring unfinished
imports, pruning finished report jobs. Scheduled without an OS cron: each run puts the next
one in the queue for the next day at ``DAILY_JOBS_HOUR`` (``schedule_daily`` does it once
at start-up; ``manage.py schedule_jobs``). Where a cron is preferred instead, it runs
``manage.py daily_jobs`` (docs/betrieb.md)."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.tasks import TaskResultStatus, default_task_backend, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from imports import services as import_services
from portal import digest
from reports import tasks as report_tasks

logger = logging.getLogger(__name__)


def next_run(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next ``DAILY_JOBS_HOUR`` o'clock, local time."""
    now = timezone.localtime(now)
    run = now.replace(hour=settings.DAILY_JOBS_HOUR, minute=0, second=0, microsecond=0)
    return run if run > now else run + datetime.timedelta(days=1)


def run_daily_jobs(today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    done = {
        "digests": digest.send_digests(digest.due_today(today), today=today),
        "expired_imports": import_services.expire_drafts(
            older_than_days=settings.IMPORT_DRAFT_DAYS
        ),
        "pruned_jobs": report_tasks.prune_jobs(older_than_hours=settings.REPORT_JOB_HOURS),
    }
    logger.info("Tägliche Aufträge erledigt: %s", done)
    return done


@task
def daily_jobs() -> dict:
    try:
        return run_daily_jobs()
    finally:
        schedule_daily()  # tomorrow's run, also after a failure today


def schedule_daily() -> bool:
    """Queue the next daily run unless one is queued already (several workers and repeated
    start-ups add no second one). Backends that run tasks at once (tests) queue nothing."""
    if not default_task_backend.supports_defer:
        return False
    if DBTaskResult.objects.filter(
        task_path=daily_jobs.module_path, status=TaskResultStatus.READY
    ).exists():
        return False
    daily_jobs.using(run_after=next_run()).enqueue()
    return True
