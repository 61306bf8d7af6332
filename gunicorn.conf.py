"""gunicorn settings for `make serve` and production (read from the environment)."""

import os

import gunicorn.http.wsgi

# No server banner: the Server header names no software or version.
gunicorn.http.wsgi.SERVER = "ThINKA Netzwerk"

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))  # large exports take a while
accesslog = "-"
errorlog = "-"
# Trust X-Forwarded-* only from the reverse proxy in front (BEHIND_TLS_PROXY).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
