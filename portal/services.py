"""Writes of the portal: the public pages and the accessibility feedback."""

from __future__ import annotations

import hashlib
import logging
import smtplib

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.mail import send_mail
from django.tasks import TaskContext, task
from django.template.loader import render_to_string

from core.actors import acted_by
from core.tasks import retry
from portal.models import AccessibilityFeedback, PublicPage

logger = logging.getLogger(__name__)


def public_page_save(*, page: PublicPage, by: User) -> PublicPage:
    """A public page's new text; every version stays in its history with who changed it."""
    page.full_clean()
    acted_by(page, by).save()
    return page


def feedback_allowed(*, client: str | None) -> bool:
    """At most ``THINKA_FEEDBACK_PER_HOUR`` messages an hour from one address (counted
    under a hash of it: the cache holds no address)."""
    key = "feedback:" + hashlib.sha256((client or "unknown").encode()).hexdigest()[:32]
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= settings.THINKA_FEEDBACK_PER_HOUR


def feedback_submit(*, feedback: AccessibilityFeedback) -> AccessibilityFeedback:
    """Store a reported barrier; the confirmation of its receipt (if the sender gave an
    address) goes out from the background worker (``feedback_receipt_mail``), so a mail
    server that does not answer never holds the request."""
    feedback.full_clean()
    feedback.save()
    if feedback.email:
        feedback_receipt_mail.enqueue(feedback_id=feedback.pk)
    return feedback


@task(takes_context=True)
def feedback_receipt_mail(context: TaskContext, *, feedback_id: int, attempt: int = 1) -> bool:
    """In the worker: confirm a reported barrier's receipt; a mail server that does not
    answer is tried again later (core.tasks.retry), then logged – the message is kept."""
    feedback = AccessibilityFeedback.objects.get(pk=feedback_id)
    if not feedback.email:
        return False
    data = {"feedback": feedback}
    try:
        send_mail(
            render_to_string("portal/feedback_receipt_subject.txt", data).strip(),
            render_to_string("portal/feedback_receipt.txt", data),
            None,
            [feedback.email],
        )
    except (smtplib.SMTPException, OSError) as error:
        kwargs = {"feedback_id": feedback_id}
        if not retry(feedback_receipt_mail, context, attempt=attempt, error=error, kwargs=kwargs):
            logger.error(  # noqa: TRY400 – a known state of operations, not a bug
                "Eingangsbestätigung für Rückmeldung %s nach %s Versuchen nicht gesendet",
                feedback.pk,
                attempt,
            )
        raise
    return True
