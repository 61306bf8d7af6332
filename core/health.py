"""The health check for the load balancer (no login, no session, no transaction).

Two ways to ask: ``/healthz`` on the application's own port, and – with ``HEALTH_BIND``
set – a small listener of its own in every gunicorn worker (``serve_in_thread``, started
by ``gunicorn.conf.py``). The listener runs in its own thread, so it answers while the
worker's request thread waits (a lock, a slow export): a load balancer pointed at it never
takes a healthy server out because both workers are busy (issue 32).
"""

from __future__ import annotations

import fcntl
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

HEALTH_TIMEOUT_MS = 2000
HEALTH_QUERY = "SELECT COUNT(*) FROM django_migrations"  # a real table, not only the server


def database_ok() -> bool:
    """The app reaches its database and a real table answers within HEALTH_TIMEOUT_MS."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Its own short limit: a database that cannot answer in time is unhealthy.
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true), "
                    "set_config('lock_timeout', %s, true)",
                    [str(HEALTH_TIMEOUT_MS), str(HEALTH_TIMEOUT_MS)],
                )
            cursor.execute(HEALTH_QUERY)
    except DatabaseError:
        return False
    return True


def _answer(ok: bool) -> tuple[int, dict]:
    if ok:
        return 200, {"status": "ok", "database": "ok"}
    return 503, {"status": "error", "database": "unreachable"}


@transaction.non_atomic_requests  # its own short transaction, with its own time limits
def healthcheck(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the app answers and reaches its database."""
    status, body = _answer(database_ok())
    return JsonResponse(body, status=status)


class _HealthHandler(BaseHTTPRequestHandler):
    server_version = "ThINKA Netzwerk"
    sys_version = ""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        if self.path.split("?", 1)[0] != "/healthz":
            self.send_error(404)
            return
        try:
            status, body = _answer(database_ok())
        finally:
            connections.close_all()  # this thread's own connection, opened per check
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
        """Quiet: a load balancer asks every few seconds."""


class _SharedPortServer(ThreadingHTTPServer):
    """Every worker listens on the same address (SO_REUSEPORT): the kernel hands each
    check to one of them, and any worker that lives can answer."""

    daemon_threads = True

    def server_bind(self) -> None:
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        super().server_bind()


def serve_in_thread(address: str) -> ThreadingHTTPServer:
    """Answer ``GET /healthz`` on ``address`` ("host:port") from a thread of this process."""
    host, _sep, port = address.rpartition(":")
    server = _SharedPortServer((host or "127.0.0.1", int(port)), _HealthHandler)
    threading.Thread(target=server.serve_forever, name="healthz", daemon=True).start()
    return server


@transaction.non_atomic_requests
def hold(request: HttpRequest) -> HttpResponse:
    """Only for the test of the listener (``tests/site/test_health_listener.py``): a request
    that waits until the test releases the lock on the file ``HOLD_FILE`` names – a worker
    held as the review held both. Answers 404 unless DEBUG and HOLD_FILE are both set."""
    path = getattr(settings, "THINKA_HOLD_FILE", "")
    if not (settings.DEBUG and path):
        raise Http404
    with open(path, "a+b") as file:
        fcntl.flock(file, fcntl.LOCK_SH)  # waits while the test holds LOCK_EX
        fcntl.flock(file, fcntl.LOCK_UN)
    return HttpResponse("released", content_type="text/plain")
