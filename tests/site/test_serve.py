"""Production operation: gunicorn serves the app, the health check reaches the database,
static files are hashed and compressed, and logs are JSON lines."""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from core.logging import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def production_env(tmp_path):
    clean = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DEBUG"}}
    return {
        **clean,
        "DEBUG": "0",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_MANIFEST": "1",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
    }


def _manage(env, *args) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


@pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn ist nicht installiert")
def test_gunicorn_serves_health_check_and_hashed_static_files(production_env):
    _manage(production_env, "migrate", "--no-input", "-v0")
    _manage(production_env, "collectstatic", "--no-input", "-v0")
    port = _free_port()
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "--config",
            "gunicorn.conf.py",
            "thinka_site.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=production_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = json.loads(r.read())
                    server_header = r.headers.get("Server", "")
                break
            except OSError:
                time.sleep(0.2)
        assert body == {"status": "ok", "database": "ok"}
        assert "gunicorn" not in server_header.lower()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/konto/login/", timeout=5) as r:
            html = r.read().decode()
            assert r.headers["Content-Security-Policy"].startswith("default-src 'self'")
            assert r.headers["X-Frame-Options"] == "DENY"
        # Hashed file names from the manifest: browsers may cache them for a year.
        assert "/static/css/thinka." in html
        assert "/static/css/thinka.css" not in html
        # The tab shows the application's icon, served by the application itself.
        icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
        assert icon, "no favicon link"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{icon[1]}", timeout=5) as r:
            assert r.headers["Content-Type"].startswith("image/svg+xml")
            assert b"<svg" in r.read()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_log_lines_are_json():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/x",), None
    )
    record.status_code = 404
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "WARNING"
    assert line["message"] == "Not Found: /x"
    assert line["status"] == 404
    assert line["time"].endswith("+00:00")
