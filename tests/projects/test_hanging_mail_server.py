"""A mail server that accepts the connection and never answers (issue 32, point 2): the
review's two password-reset requests held both workers for two minutes. Every SMTP
connection now ends after ``EMAIL_TIMEOUT`` seconds, and the account pages then answer
as for a refusing server: a German message, never a server error.

The listener below is the review's script, repeatable: it binds to the loopback address
only, accepts, never greets, and is closed when the test ends (which also frees any send
still waiting, so the test itself cannot hang).
"""

from __future__ import annotations

import socket
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse

from projects import accounts, services
from tests.factories import NEW_ACCOUNT

TIMEOUT = 1  # seconds: EMAIL_TIMEOUT for the test
PATIENCE = 15  # seconds after which the listener gives up and the test fails


class SilentServer:
    """Accepts on the loopback address and never greets. A connection still open after
    PATIENCE seconds is closed by the server itself – that frees a send without a timeout
    (so the test cannot hang) and is recorded as ``rescued``: the test then fails."""

    def __init__(self) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.socket.settimeout(0.2)
        self.accepted = 0
        self.rescued = 0
        self._held: list[tuple[float, socket.socket]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def address(self) -> tuple[str, int]:
        return self.socket.getsockname()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection = self.socket.accept()[0]
                self.accepted += 1
                self._held.append((time.monotonic(), connection))
            except TimeoutError:
                pass
            except OSError:
                return
            for opened, connection in list(self._held):
                if time.monotonic() - opened > PATIENCE:
                    self.rescued += 1
                    connection.close()
                    self._held.remove((opened, connection))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        for _opened, connection in self._held:
            connection.close()
        self.socket.close()


@pytest.fixture
def silent_smtp():
    server = SilentServer()
    yield server
    server.close()
    assert server.accepted, "nobody connected: the test did not reach the listener"
    assert not server.rescued, "a send waited until the test closed the connection"


@pytest.fixture
def smtp_to(settings, silent_smtp):
    host, port = silent_smtp.address
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": host, "port": port, "timeout": TIMEOUT},
        }
    }
    cache.clear()
    yield silent_smtp
    cache.clear()


def test_the_production_mailer_has_a_timeout():
    """Read from EMAIL_TIMEOUT, a few seconds by default (docs/betrieb.md)."""
    assert 0 < django_settings.EMAIL_TIMEOUT_SECONDS <= 10


def test_the_smtp_settings_carry_the_timeout(monkeypatch):
    """The SMTP mailer the settings build passes EMAIL_TIMEOUT on (read in a subprocess)."""
    import os
    import subprocess
    import sys

    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='thinka_site.settings'; "
        "from django.conf import settings; print(settings.MAILERS['default']['OPTIONS']['timeout'])"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "PYTEST_VERSION"}},
        "DEBUG": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_TIMEOUT": "3",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "3"


def test_a_password_reset_with_a_silent_mail_server_answers_and_frees_the_worker(
    client, world, smtp_to, caplog
):
    response = client.post(reverse("password_reset"), {"email": world.staff_a.email})
    assert response.status_code == 302
    assert "Mailserver antwortet nicht" in caplog.text


def test_a_new_account_with_a_silent_mail_server_is_saved_with_a_german_message(
    client, world, smtp_to
):
    client.force_login(world.coordination)
    page = client.post(reverse("projects:user_create"), NEW_ACCOUNT, follow=True)
    assert page.status_code == 200
    assert "konnte nicht gesendet werden" in page.content.decode()
    assert type(world.staff_a).objects.filter(username="neu.gera").exists()


def test_sending_the_link_again_with_a_silent_mail_server_says_so(client, world, smtp_to):
    client.force_login(world.coordination)
    page = client.post(
        reverse("projects:user_send_link", kwargs={"pk": world.staff_a.pk}), follow=True
    )
    assert page.status_code == 200
    assert "konnte nicht gesendet werden" in page.content.decode()
    site = services.SiteAddress(protocol="https", domain="netzwerk.example.org")
    queued = services.user_send_password_link(account=world.staff_a, site=site, by=world.admin)
    assert queued.status == "FAILED"  # the immediate backend of the tests: tried at once


# --- off the request path: the database queue and its worker (issue 32, point 2) ----------


@pytest.fixture
def on_the_queue(monkeypatch, settings):
    """The mail tasks go to the database queue, as in production (tests run tasks at once
    otherwise); the worker runs in this process (tests/jobs_worker.py)."""
    from portal import services as portal_services

    monkeypatch.setattr(
        services, "account_link_mail", services.account_link_mail.using(backend="database")
    )
    monkeypatch.setattr(
        portal_services,
        "feedback_receipt_mail",
        portal_services.feedback_receipt_mail.using(backend="database"),
    )
    monkeypatch.setattr(
        accounts, "password_reset_mail", accounts.password_reset_mail.using(backend="database")
    )
    settings.TASK_ATTEMPTS = 2
    settings.TASK_RETRY_SECONDS = 60


def _run_attempts(silent_smtp, attempts: int) -> None:
    from tests.jobs_worker import make_due, run_queue, waiting

    for attempt in range(1, attempts + 1):
        run_queue()
        assert silent_smtp.accepted == attempt  # the worker met the silent server
        queued = waiting()
        assert len(queued) == (1 if attempt < attempts else 0)  # retried, then no more
        make_due(queued)


def test_a_new_account_only_queues_its_mail_and_the_worker_retries_then_reports(
    client, world, smtp_to, on_the_queue, caplog
):
    """The request answers without touching the mail server; the worker meets it, retries
    after a pause and reports after the last attempt (log, ERROR)."""
    client.force_login(world.coordination)
    start = time.monotonic()
    page = client.post(reverse("projects:user_create"), NEW_ACCOUNT, follow=True)
    took = time.monotonic() - start
    assert page.status_code == 200
    assert "erhält eine E-Mail" in page.content.decode()
    assert smtp_to.accepted == 0, "the request itself connected to the mail server"
    assert took < TIMEOUT * 5, took  # generous; the mail server's timeout is not in it
    _run_attempts(smtp_to, attempts=2)
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any("nach 2 Versuchen nicht gesendet" in message for message in errors), errors


def test_sending_the_link_again_only_queues_it(client, world, smtp_to, on_the_queue):
    client.force_login(world.coordination)
    page = client.post(
        reverse("projects:user_send_link", kwargs={"pk": world.staff_a.pk}), follow=True
    )
    assert "erhält eine E-Mail" in page.content.decode()
    assert smtp_to.accepted == 0
    _run_attempts(smtp_to, attempts=2)


def test_the_feedback_receipt_only_queues_its_mail(client, world, smtp_to, on_the_queue, caplog):
    page = client.post(
        reverse("public:accessibility"),
        {"message": "Der Kontrast der Fußzeile ist zu gering.", "email": "lea@example.org"},
        follow=True,
    )
    assert page.status_code == 200
    assert smtp_to.accepted == 0
    _run_attempts(smtp_to, attempts=2)
    assert "nach 2 Versuchen nicht gesendet" in caplog.text


def test_a_link_for_an_account_deactivated_meanwhile_is_not_sent(world, on_the_queue, mailoutbox):
    from tests.jobs_worker import run_queue

    site = services.SiteAddress(protocol="https", domain="netzwerk.example.org")
    services.user_send_password_link(account=world.staff_a, site=site, by=world.admin)
    type(world.staff_a).objects.filter(pk=world.staff_a.pk).update(is_active=False)
    run_queue()
    assert mailoutbox == []


def test_a_password_reset_only_queues_its_mail(client, world, smtp_to, on_the_queue, caplog):
    response = client.post(reverse("password_reset"), {"email": world.staff_a.email})
    assert response.status_code == 302
    assert smtp_to.accepted == 0
    _run_attempts(smtp_to, attempts=2)
    assert "Passwort-Link nach 2 Versuchen nicht gesendet" in caplog.text
