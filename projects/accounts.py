"""Signing in and resetting a password without telling an attacker anything.

- Password spraying: besides django-axes' lock per user name and address, an address
  with more than LOGIN_ADDRESS_FAILURE_LIMIT failed logins – whatever the user names –
  within the cool-off (AXES_COOLOFF_MINUTES) is locked out too. Counted from axes' own
  failure log, so the coordination office's list of failed logins shows the same.
- Password reset: the same answer, in the same time, for known and unknown addresses –
  the e-mail is written and sent after the answer has gone out; at most
  PASSWORD_RESET_PER_ADDRESS requests per address and PASSWORD_RESET_PER_CLIENT per client
  address an hour. A mail server that does not answer is logged, never a server error.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import smtplib
from dataclasses import dataclass
from functools import partial
from typing import Any

from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.tasks import TaskContext, task
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.net import client_ip
from core.tasks import retry
from projects.forms import LoginForm

logger = logging.getLogger(__name__)

MAIL_ERRORS = (smtplib.SMTPException, OSError)
TOO_MANY_RESETS = _(
    "In der letzten Stunde wurden zu viele Links zum Zurücksetzen angefordert. Bitte "
    "versuchen Sie es später noch einmal oder wenden Sie sich an die Koordinierungsstelle."
)


# --- password spraying --------------------------------------------------------------------


@dataclass(frozen=True)
class LockedAddress:
    address: str
    failures: int
    until: datetime.datetime


def _recent_failures() -> QuerySet[AccessFailureLog]:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessFailureLog.objects.filter(attempt_time__gte=since)


def address_locked(request: HttpRequest) -> bool:
    address = client_ip(request)
    if not address:
        return False
    count = _recent_failures().filter(ip_address=address).count()
    return count >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


def locked_addresses() -> list[LockedAddress]:
    """Addresses locked out right now for failures across user names (newest first)."""
    rows = (
        _recent_failures()
        .exclude(ip_address=None)
        .values("ip_address")
        .annotate(failures=Count("pk"), last=Max("attempt_time"))
        .filter(failures__gte=settings.LOGIN_ADDRESS_FAILURE_LIMIT)
        .order_by("-last")
    )
    return [
        LockedAddress(row["ip_address"], row["failures"], row["last"] + settings.AXES_COOLOFF_TIME)
        for row in rows
    ]


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if address_locked(request):
            # Before the password is even checked: a right guess gets the same answer.
            return render(
                request,
                settings.AXES_LOCKOUT_TEMPLATE,
                {"cooloff_timedelta": settings.AXES_COOLOFF_TIME, "by_address": True},
                status=429,
            )
        return super().post(request, *args, **kwargs)


# --- password reset -----------------------------------------------------------------------


def within_limit(scope: str, key: str, *, limit: int, window: int = 3600) -> bool:
    """Count one request for ``key``; False once there were more than ``limit`` in the
    window. Keys are hashed: the cache never holds an address in clear text."""
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()
    name = f"thinka:throttle:{digest}"
    if cache.add(name, 1, window):
        return limit >= 1
    try:
        return cache.incr(name) <= limit
    except ValueError:  # expired between add and incr
        cache.add(name, 1, window)
        return limit >= 1


class PasswordResetRequestForm(PasswordResetForm):
    def __init__(self, *args: Any, client_address: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client_address = client_address
        self.throttled = False

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        by_address = within_limit("reset-address", email, limit=settings.PASSWORD_RESET_PER_ADDRESS)
        by_client = within_limit(
            "reset-client", self.client_address, limit=settings.PASSWORD_RESET_PER_CLIENT
        )
        if not (by_address and by_client):
            self.throttled = True
            raise ValidationError(TOO_MANY_RESETS)
        return email

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # As Django's; an unreachable mail server is retried by the task and then logged
        # (operations, not a bug) – the person asking learns nothing: the answer went out.
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        message = EmailMultiAlternatives(
            subject, render_to_string(email_template_name, context), from_email, [to_email]
        )
        if html_email_template_name is not None:
            message.attach_alternative(
                render_to_string(html_email_template_name, context), "text/html"
            )
        message.send()  # a mail server that does not answer: password_reset_mail retries


@task(takes_context=True)
def password_reset_mail(
    context: TaskContext, *, email: str, domain: str, use_https: bool, attempt: int = 1
) -> None:
    """In the background worker: look the address up and send each account's reset link
    (nothing for an unknown address; the person asking got the same answer either way). A
    mail server that accepts and never answers holds up a worker of the queue, never a web
    worker (issue 32, point 2); the mail is tried again later (core.tasks.retry), then the
    failure is logged."""
    form = PasswordResetRequestForm()
    form.cleaned_data = {"email": email}
    try:
        form.save(
            domain_override=domain, use_https=use_https, token_generator=default_token_generator
        )
    except MAIL_ERRORS as error:
        kwargs = {"email": email, "domain": domain, "use_https": use_https}
        if not retry(password_reset_mail, context, attempt=attempt, error=error, kwargs=kwargs):
            logger.error(  # noqa: TRY400 – a known state of operations, not a bug
                "Passwort-Link nach %s Versuchen nicht gesendet: der Mailserver antwortet nicht",
                attempt,
            )
        raise


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    # The page asks for a link, it saves nothing (form_page.html says "Speichern" otherwise).
    extra_context = {"submit_label": _("Link anfordern")}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "client_address": client_ip(self.request) or ""}

    def form_invalid(self, form: PasswordResetForm) -> HttpResponse:
        response = super().form_invalid(form)
        throttled = isinstance(form, PasswordResetRequestForm) and form.throttled
        response.status_code = 429 if throttled else 400
        return response

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        response = HttpResponseRedirect(self.get_success_url())
        # Looking the address up, writing and sending the mail run in the background worker
        # (password_reset_mail), queued once the answer has been sent (HttpResponse.close):
        # the answer itself is the same for every address, and no web worker waits on the
        # mail server. HttpResponse._resource_closers: Django's list of callables run on
        # close() (not in the stubs; docs/architecture.md, library internals).
        response._resource_closers.append(  # type: ignore[attr-defined]
            partial(
                password_reset_mail.enqueue,
                email=form.cleaned_data["email"],
                domain=self.request.get_host(),
                use_https=self.request.is_secure(),
            )
        )
        return response
