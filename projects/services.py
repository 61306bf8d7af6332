"""Writes of the projects app. Every change names the acting user for the history."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.tasks import TaskContext, TaskResult, task
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.actors import acted_by
from core.tasks import retry
from projects import account_log
from projects.models import Membership, Project
from projects.roles import COORDINATION_GROUP, MINISTRY_GROUP

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SiteAddress:
    """Where links in e-mails point: taken from the request by the view, plain values here."""

    protocol: str
    domain: str

    @classmethod
    def of(cls, request: HttpRequest) -> SiteAddress:
        return cls(protocol="https" if request.is_secure() else "http", domain=request.get_host())


@transaction.atomic
def membership_add(*, project: Project, account: User, role: str, by: User) -> Membership:
    membership = Membership(project=project, user=account, role=role)
    acted_by(membership, by).full_clean()
    with account_log.acting(by):
        membership.save()
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    with account_log.acting(by):
        acted_by(membership, by).delete()


@transaction.atomic
def user_set_global_role(*, account: User, role: str, by: User | None) -> None:
    """Put ``account`` in at most one of the global role groups; each change on record with
    ``by`` (projects.account_log; None: the command line)."""
    with account_log.acting(by):
        for name in (COORDINATION_GROUP, MINISTRY_GROUP):
            group, _created = Group.objects.get_or_create(name=name)
            if name == role:
                account.groups.add(group)
            else:
                account.groups.remove(group)


@transaction.atomic
def user_reset_second_factor(*, account: User, by: User) -> int:
    """Remove the account's second factor (a lost phone): the person sets up a new one at
    the next login. On record; how many devices went."""
    with account_log.acting(by):
        devices = list(TOTPDevice.objects.filter(user=account))
        for device in devices:
            device.delete()
    return len(devices)


MAIL_ERRORS = (smtplib.SMTPException, OSError)


@task(takes_context=True)
def account_link_mail(
    context: TaskContext, *, user_id: int, protocol: str, domain: str, attempt: int = 1
) -> bool:
    """In the background worker: e-mail the link with which the person sets their own
    password. A mail server that does not answer holds a worker of the queue, never a web
    worker (issue 32, point 2); the mail is tried again later (core.tasks.retry) and, after
    the last attempt, reported in the log – the link can be sent again from the account's
    page. An account deactivated or without address meanwhile gets nothing."""
    user = User.objects.get(pk=user_id)  # deleted meanwhile: reported at once, no retry
    if not user.is_active or not user.email:
        return False
    context_data = {
        "user": user,
        "protocol": protocol,
        "domain": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    subject = render_to_string("registration/account_created_subject.txt", context_data)
    body = render_to_string("registration/account_created_email.txt", context_data)
    try:
        send_mail(" ".join(subject.split()), body, None, [user.email])
    except MAIL_ERRORS as error:
        kwargs = {"user_id": user_id, "protocol": protocol, "domain": domain}
        if not retry(account_link_mail, context, attempt=attempt, error=error, kwargs=kwargs):
            logger.error(  # noqa: TRY400 – a known state of operations, not a bug
                "Link für Konto %s nach %s Versuchen nicht gesendet: der Mailserver antwortet "
                "nicht",
                user.pk,
                attempt,
            )
        raise
    return True


def user_send_password_link(*, account: User, site: SiteAddress, by: User) -> TaskResult:
    """Queue the e-mail with a link with which the person sets their own password (no
    password by mail) for the background worker (``account_link_mail``). The result's
    status is FAILED only where tasks run at once (tests, TASKS_IMMEDIATE) and the mail
    server could not be reached; with the worker the request never waits for the mail."""
    logger.info("Link zum Passwortsetzen für Konto %s angefordert von Konto %s", account.pk, by.pk)
    return account_link_mail.enqueue(user_id=account.pk, protocol=site.protocol, domain=site.domain)


@transaction.atomic
def user_save(*, account: User, global_role: str, by: User) -> User:
    """Create or update an account (a new one without a usable password: the person sets
    it through the link of ``user_send_password_link``)."""
    is_new = account.pk is None
    if is_new:
        account.set_unusable_password()
    account.full_clean()
    with account_log.acting(by):
        acted_by(account, by).save()
    user_set_global_role(account=account, role=global_role, by=by)
    return account
