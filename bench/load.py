"""Load: gunicorn with 2 workers on 127.0.0.1 and wrk with 20 connections for a minute,
rotating through list, detail and search as one logged-in member of staff."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LUA = """
local paths = {%s}
local cookie = "%s"
local i = 0
local threads = {}
not_ok = 0  -- per thread: answers other than 200 (a redirect to the login page, say)
setup = function(thread)
  table.insert(threads, thread)
end
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], {["Cookie"] = cookie, ["Host"] = "127.0.0.1"})
end
response = function(status, headers, body)
  if status ~= 200 then not_ok = not_ok + 1 end
end
done = function(summary, latency, requests)
  -- wrk's own table stops at 50/75/90/99 %%; the target is about the 95th percentile.
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("not_ok") end
  io.write(string.format("p95_us %%d\\nnot_ok %%d\\n", latency:percentile(95), bad))
end
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _parse(output: str) -> dict:
    def number(pattern: str, default: float = 0.0) -> float:
        match = re.search(pattern, output)
        return float(match.group(1)) if match else default

    def ms(text: str) -> float:
        value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+(?:us|ms|s))", output, re.M))
    if "p95_us" not in output:  # the script did not run: wrk measured something else
        raise RuntimeError(f"wrk-Skript lief nicht:\n{output}")
    non_2xx = number(r"Non-2xx or 3xx responses: (\d+)")
    not_ok = number(r"(?m)^not_ok (\d+)")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    return {
        "requests_per_second": number(r"Requests/sec:\s+([\d.]+)"),
        "p50_ms": ms(latency["50"]) if "50" in latency else None,
        "p90_ms": ms(latency["90"]) if "90" in latency else None,
        "p95_ms": number(r"(?m)^p95_us (\d+)", 0.0) / 1000 or None,
        "p99_ms": ms(latency["99"]) if "99" in latency else None,
        # Redirects count too: every path must answer 200 to the logged-in user.
        "errors": int(max(non_2xx, not_ok)) + errors,
    }


def run(paths: list[str], user, seconds: int = 60, connections: int = 20) -> dict:
    """Start gunicorn against the current database, drive it with wrk, stop it."""
    if not shutil.which("wrk"):
        return {"name": "Last (gunicorn + wrk)", "skipped": "wrk fehlt (apt-get install wrk)"}
    from django.conf import settings

    port = _free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        # The same key as this process: the session created here must be valid there.
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "LOG_LEVEL": "WARNING",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603 - our own virtualenv's gunicorn
        [
            str(gunicorn),
            "--config",
            "gunicorn.conf.py",
            "thinka_site.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        cookie = _session_cookie(user)
        probe = urllib.request.Request(
            f"http://127.0.0.1:{port}{paths[0]}", headers={"Cookie": cookie}
        )
        with urllib.request.urlopen(probe, timeout=10) as response:  # noqa: S310
            # Logged in: the list itself, not a redirect to the login page.
            assert response.status == 200, response.status
            assert "/konto/login/" not in response.url, response.url
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA % (", ".join(f'"{p}"' for p in paths), cookie))
        output = subprocess.run(  # noqa: S603 - wrk from the system
            [
                shutil.which("wrk"),
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "--latency",
                "-s",
                script.name,
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        os.unlink(script.name)
    finally:
        server.terminate()
        server.wait(timeout=20)
    result = {
        "name": f"Last: {connections} Verbindungen, {seconds} s (Liste, Detail, Suche)",
        **_parse(output),
    }
    result["met"] = result["errors"] == 0
    return result
