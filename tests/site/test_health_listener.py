"""/healthz never waits for a busy worker (issue 32, point 6): the review held both
gunicorn workers on a lock and /healthz timed out – a load balancer would have taken a
healthy server out. This is that script, repeatable (also `make review-checks`):

gunicorn with two workers on loopback ports, both held by requests that wait on a file
lock the test owns (``core.health.hold``, only with DEBUG and HOLD_FILE); the health
listener (``HEALTH_BIND``) must still answer 200 within 2 s. The application's own port
is shown to be busy at the same time, so the test proves what it claims. Everything is
bounded and the server is stopped at the end.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
        return response.status, response.read()


def _wait_until_up(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stdout.read().decode(errors="replace")
        try:
            _get(url, 2)
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"{url} did not come up")


@pytest.fixture
def gunicorn_with_listener(tmp_path):
    database = tmp_path / "health.sqlite3"
    with sqlite3.connect(database) as db:  # the one table the health check reads
        db.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app, name, applied)")
    lock_file = tmp_path / "hold.lock"
    lock_file.touch()
    app_port, health_port = _free_port(), _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DEBUG"}},
        "DEBUG": "1",
        "HOLD_FILE": str(lock_file),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{database}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_TIMEOUT": "60",
        "HEALTH_BIND": f"127.0.0.1:{health_port}",
    }
    server = subprocess.Popen(
        [str(GUNICORN), "--config", "gunicorn.conf.py", "thinka_site.wsgi"]
        + ["--bind", f"127.0.0.1:{app_port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{app_port}/healthz", server)
        _wait_until_up(f"http://127.0.0.1:{health_port}/healthz", server)
        yield app_port, health_port, lock_file
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)


@pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn ist nicht installiert")
def test_healthz_answers_while_both_workers_wait_on_a_lock(gunicorn_with_listener):
    app_port, health_port, lock_file = gunicorn_with_listener
    held = []
    with lock_file.open("r+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        # More waiting requests than workers: each worker takes one and waits.
        waiting = [
            threading.Thread(
                target=lambda: held.append(
                    _get(f"http://127.0.0.1:{app_port}/_test/hold/", timeout=40)
                ),
                daemon=True,
            )
            for _ in range(3)
        ]
        for thread in waiting:
            thread.start()
        time.sleep(2)  # both workers have taken a waiting request
        assert not held, "the hold path did not wait: the test would prove nothing"
        with pytest.raises((TimeoutError, urllib.error.URLError)):  # both workers are busy
            _get(f"http://127.0.0.1:{app_port}/healthz", timeout=2)
        status, body = _get(f"http://127.0.0.1:{health_port}/healthz", timeout=2)
        assert status == 200
        assert json.loads(body) == {"status": "ok", "database": "ok"}
        fcntl.flock(lock, fcntl.LOCK_UN)
    for thread in waiting:
        thread.join(40)
    assert [status for status, _body in held] == [200, 200, 200]
