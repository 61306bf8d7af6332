"""Retrying background tasks (issue 33): a task that fails with an error that may pass – a
mail server that does not answer, a database restarting, a full disk – is queued again
after a growing pause (``backoff``: ``TASK_RETRY_SECONDS`` × 4^(attempt − 1)), at most
``TASK_ATTEMPTS`` attempts in all; after the last one the task reports the failure (a
German log line at ERROR and whatever its owner shows: the job's page, the account's page).
Errors that cannot pass (``PERMANENT``: the object is gone, the input is wrong) are
reported at once.

A task that retries takes its attempt as the keyword argument ``attempt`` (1 for the first)
and its context (``@task(takes_context=True)``): the next attempt goes to the backend the
task ran on. A backend that cannot defer (the immediate backend of the tests, or
``TASKS_IMMEDIATE``) runs the next attempt at once.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.tasks import Task, TaskContext
from django.utils import timezone

logger = logging.getLogger(__name__)

PERMANENT: tuple[type[BaseException], ...] = (ObjectDoesNotExist, ValidationError)


def backoff(attempt: int) -> datetime.timedelta:
    """The pause after the ``attempt``-th failure: 1, 4, 16 … times TASK_RETRY_SECONDS."""
    return datetime.timedelta(seconds=settings.TASK_RETRY_SECONDS * 4 ** (attempt - 1))


def may_retry(error: BaseException, attempt: int) -> bool:
    return not isinstance(error, PERMANENT) and attempt < settings.TASK_ATTEMPTS


def retry(
    task: Task,
    context: TaskContext,
    *,
    attempt: int,
    error: BaseException,
    kwargs: dict[str, Any],
    before: Callable[[datetime.datetime], None] | None = None,
) -> bool:
    """Queue attempt ``attempt + 1`` of ``task`` with ``kwargs`` after the pause, on the
    backend it ran on; False (nothing queued) when the error is permanent or no attempt is
    left – then the caller reports. ``before(when)`` runs first (say so on the job page):
    an immediate backend runs the next attempt inside this call."""
    if not may_retry(error, attempt):
        return False
    when = timezone.now() + backoff(attempt)
    logger.warning(
        "Aufgabe %s: Versuch %s von %s fehlgeschlagen (%s: %s); nächster Versuch ab %s",
        task.name,
        attempt,
        settings.TASK_ATTEMPTS,
        type(error).__name__,
        error,
        timezone.localtime(when).strftime("%d.%m.%Y %H:%M:%S"),
    )
    if before is not None:
        before(when)
    again = task.using(backend=context.task_result.backend)
    if again.get_backend().supports_defer:
        again = again.using(run_after=when)
    again.enqueue(**kwargs, attempt=attempt + 1)
    return True
