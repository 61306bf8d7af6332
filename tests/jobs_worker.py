"""Running the database queue in the test process (django-tasks-db's own worker loop, one
batch): for tests that need what the immediate backend cannot show – a request that only
queues, a retry that waits for its time."""

from __future__ import annotations

from unittest import mock

from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_queue() -> None:
    """Run every task of the database queue that is due now, as `db_worker --batch` does –
    but keeping this process's connection: the worker would close it between tasks, and on
    PostgreSQL that ends the test's transaction."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", return_value=None
    ):
        _worker().run()


def _worker() -> Worker:
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="database",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )


def waiting() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(status="READY").order_by("enqueued_at"))


def make_due(results: list[DBTaskResult]) -> None:
    """The pause before a retry has passed."""
    DBTaskResult.objects.filter(pk__in=[r.pk for r in results]).update(run_after=timezone.now())
