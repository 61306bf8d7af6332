"""gunicorn settings for `make serve` and production (read from the environment)."""

import os

import gunicorn.http.wsgi

from core import health  # Django's modules load lazily; the listener uses them per check

# No server banner: the Server header names no software or version.
gunicorn.http.wsgi.SERVER = "ThINKA Netzwerk"

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))  # large exports take a while
accesslog = "-"
errorlog = "-"
# Trust X-Forwarded-* only from the reverse proxy in front (BEHIND_TLS_PROXY).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# /healthz that never waits for a busy worker (issue 32): with HEALTH_BIND set (e.g.
# "127.0.0.1:8001"), every worker answers GET /healthz there from a thread of its own –
# point the load balancer's check at it. core.health.serve_in_thread.
health_bind = os.environ.get("HEALTH_BIND", "")


def post_worker_init(worker) -> None:
    """In each worker, after the application is loaded: start the health listener."""
    if health_bind:
        health.serve_in_thread(health_bind)
