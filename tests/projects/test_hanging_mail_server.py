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

from projects import services

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
    page = client.post(
        reverse("projects:user_create"),
        {
            "username": "neu.gera",
            "first_name": "Nora",
            "last_name": "Neu",
            "email": "neu.gera@example.org",
            "is_active": "on",
            "global_role": "",
        },
        follow=True,
    )
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
    assert (
        services.user_send_password_link(account=world.staff_a, site=site, by=world.admin) is False
    )
