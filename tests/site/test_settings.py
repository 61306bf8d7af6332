"""Settings read from the environment, production safety, German formats and headers."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import formats

ROOT = Path(__file__).resolve().parents[2]


def _django_check(**env) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "SECRET_KEY", "DEBUG"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _django_check(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY fehlt" in result.stderr


def test_production_starts_with_a_secret_key():
    result = _django_check(DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr


def test_german_date_and_number_formats():
    import datetime

    assert formats.date_format(datetime.date(2016, 4, 6)) == "06.04.2016"
    assert formats.number_format(1234.5, decimal_pos=1, use_l10n=True, force_grouping=True) == (
        "1.234,5"
    )
    assert formats.date_format(datetime.date(2016, 4, 6), "YEAR_MONTH_FORMAT") == "April 2016"


@pytest.mark.django_db
def test_login_page_is_german_and_served_with_strict_headers(client):
    response = client.get(reverse("login"))
    page = response.content.decode()
    assert '<html lang="de">' in page
    assert "Anmelden" in page
    assert "Benutzername" in page
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_bootstrap_is_served_by_the_app_itself(client):
    page = client.get(reverse("login")).content.decode()
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in page
    # Every address the page loads or links, not the page's text: its random CSRF token
    # once read "…acdnfr…".
    addresses = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert addresses
    assert [a for a in addresses if "cdn" in a.lower() or a.startswith(("http", "//"))] == []
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/bootstrap/css/bootstrap.min.css")
    assert finders.find("vendor/bootstrap/js/bootstrap.bundle.min.js")


@pytest.mark.django_db
def test_pages_need_a_login(client):
    response = client.get(reverse("projects:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_wrong_password_gets_a_german_message(client, world):
    response = client.post(reverse("login"), {"username": "staff_a", "password": "falsch"})
    assert "Benutzername oder Passwort ist falsch." in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_healthcheck_answers_without_login(client):
    assert client.get(reverse("healthcheck")).json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthcheck_reports_an_unreachable_database(client, monkeypatch):
    from django.db import DatabaseError, connection

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get(reverse("healthcheck"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


@pytest.mark.django_db
def test_an_english_browser_still_gets_german_dates(client, world):
    world.contact_a.last_interaction_on = __import__("datetime").date(2016, 4, 6)
    world.contact_a.save()
    client.force_login(world.staff_a)
    page = client.get(reverse("contacts:list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "06.04.2016" in page.content.decode()


def _redis_up() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_up(), reason="kein Redis auf 127.0.0.1:6379")
def test_redis_url_moves_cache_and_sessions_to_redis():
    clean = {k: v for k, v in os.environ.items() if k != "PYTEST_VERSION"}
    script = (
        "from django.conf import settings; from django.core.cache import cache;"
        "cache.set('thinka-probe', 'ja', 10);"
        "print(settings.SESSION_ENGINE, cache.get('thinka-probe'))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env={**clean, "DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:6379/15"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["django.contrib.sessions.backends.cached_db", "ja"]


def test_production_settings_harden_cookies_and_transport():
    clean = {
        k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "SECRET_KEY", "DEBUG"}
    }
    script = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS,"
        " s.SECURE_REFERRER_POLICY)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env={**clean, "DEBUG": "0", "SECRET_KEY": "s" * 60, "ALLOWED_HOSTS": "example.org"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-7:] == [
        "31536000",
        "True",
        "True",
        "True",
        "True",
        "DENY",
        "same-origin",
    ]


def test_makemigrations_runs_without_production_settings():
    """Writing migrations signs nothing: a plain checkout can check for missing ones."""
    result = _django_check(DEBUG="0")
    assert result.returncode != 0  # everything else still refuses without SECRET_KEY
    clean = {
        k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "SECRET_KEY", "DEBUG"}
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
