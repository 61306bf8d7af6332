"""Writes of the portal: the public pages and the accessibility feedback."""

from __future__ import annotations

import hashlib
import logging
import smtplib

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string

from core.actors import acted_by
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
    """Store a reported barrier and confirm its receipt to the sender by e-mail, if they
    gave an address (a mail server that does not answer is logged, the message is kept)."""
    feedback.full_clean()
    feedback.save()
    if feedback.email:
        context = {"feedback": feedback}
        try:
            send_mail(
                render_to_string("portal/feedback_receipt_subject.txt", context).strip(),
                render_to_string("portal/feedback_receipt.txt", context),
                None,
                [feedback.email],
            )
        except (smtplib.SMTPException, OSError):
            logger.warning("Eingangsbestätigung für Rückmeldung %s nicht gesendet", feedback.pk)
    return feedback
