"""Settings of ThINKA Netzwerk: one module, read from the environment.

Development needs nothing but ``DEBUG=1`` (``make run`` sets it). Production needs at least
``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL``; see the README's configuration table.
"""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from xstatic.pkg import bootstrap as xstatic_bootstrap

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# pytest (>= 8.2) announces itself through PYTEST_VERSION; tests run with DEBUG off.
TESTING = "PYTEST_VERSION" in os.environ

# Writing migrations signs nothing: it may run in a checkout without production settings.
_SIGNS_NOTHING = len(sys.argv) > 1 and sys.argv[1] == "makemigrations"

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING or _SIGNS_NOTHING):
        raise ImproperlyConfigured(
            "SECRET_KEY fehlt. Im Produktivbetrieb (DEBUG aus) muss SECRET_KEY gesetzt sein."
        )
    SECRET_KEY = "django-insecure-nur-fuer-entwicklung-und-tests-thinka-netzwerk"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django
    "projects.apps.ThinkaAdminConfig",  # django.contrib.admin, closed to the ministry
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    # third party
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    # ThINKA Netzwerk
    "core",
    "projects",
    "contacts",
    "exchanges",
    "imports",
    "reports",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.RejectNullCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view says otherwise (login, password reset).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "core.middleware.SessionActivityMiddleware",
    "core.middleware.PrivateResponseMiddleware",
    # Second factor (TOTP): who has one must enter it after the password; with
    # REQUIRE_2FA the coordination office and administrators must set one up.
    "django_otp.middleware.OTPMiddleware",
    "projects.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a lockout into its German page.
    "axes.middleware.AxesMiddleware",
]

# Login lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for the same user name
# from the same address, that pair is locked for AXES_COOLOFF_MINUTES. Failed logins are
# stored (AccessAttempt / AccessFailureLog) and shown to the coordination office.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
REQUIRE_2FA = env_bool("REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "ThINKA Netzwerk"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Password spraying: an address with this many failed logins within the cool-off, whatever
# the user names, is locked out as well (projects.accounts).
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
# Password-reset mails per hour: per e-mail address asked for, and per client address.
PASSWORD_RESET_PER_ADDRESS = env_int("PASSWORD_RESET_PER_ADDRESS", 3)
PASSWORD_RESET_PER_CLIENT = env_int("PASSWORD_RESET_PER_CLIENT", 10)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
# Behind reverse proxies of our own (TLS, load balancer): how many add X-Forwarded-For.
# The lockout then counts per client address instead of per proxy (core.net.client_ip).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"

ROOT_URLCONF = "thinka_site.urls"
WSGI_APPLICATION = "thinka_site.wsgi.application"
ASGI_APPLICATION = "thinka_site.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# One request, one transaction: a failing view never leaves half its writes behind.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A slow or locked database must not stall every worker: on PostgreSQL a statement ends
# after DB_STATEMENT_TIMEOUT_MS, a wait for a lock after DB_LOCK_TIMEOUT_MS; the request
# then gets the German "bitte gleich noch einmal" page (core.errors). The import commit and
# the exports ask for DB_LONG_STATEMENT_TIMEOUT_MS (core.db.long_statements). manage.py
# runs without limits unless these are set (migrations, commands).
DB_STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 15_000)
DB_LOCK_TIMEOUT_MS = env_int("DB_LOCK_TIMEOUT_MS", 3_000)
DB_LONG_STATEMENT_TIMEOUT_MS = env_int("DB_LONG_STATEMENT_TIMEOUT_MS", 100_000)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS} -c lock_timeout={DB_LOCK_TIMEOUT_MS}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# German first: every UI text is marked for translation, locale/en holds the English one.
# German unless a user picks English in the footer (core.middleware.LanguageMiddleware;
# the browser's Accept-Language is not followed). Formats: thinka_site/formats/<language>.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["thinka_site.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Bootstrap comes from the XStatic-Bootstrap package on PyPI: served by us, no CDN.
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor/bootstrap", xstatic_bootstrap.BASE_DIR)]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail (password links): SMTP in production, the console while developing.
# EMAIL_TIMEOUT (seconds) bounds every SMTP connection: a mail server that accepts and
# never answers must not hold a worker (issue 32; Django's own EMAIL_TIMEOUT setting is
# not allowed beside MAILERS, so the variable goes into the mailer's options).
EMAIL_TIMEOUT_SECONDS = env_int("EMAIL_TIMEOUT", 5)
MAILERS: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": env_str(
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
    }
}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "timeout": EMAIL_TIMEOUT_SECONDS,
    }
# Background work (Django's tasks framework): the ministry export, recomputing a closed report,
# mails, the weekly digest and the daily jobs run in `manage.py db_worker` (README, "Betrieb").
# The queue is a table in the application's own database (django-tasks-db): no extra server.
# Tests run every task at once in the caller (immediate backend); "database" is always the
# table, for the one test that drives a real worker and for production-like runs.
_DATABASE_TASKS = {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    if env_bool("TASKS_IMMEDIATE", TESTING)
    else _DATABASE_TASKS,
    "database": _DATABASE_TASKS,
}
# A failing background task is tried again after TASK_RETRY_SECONDS, then 4 and 16 times
# that, TASK_ATTEMPTS attempts in all; then it is reported (core.tasks).
TASK_ATTEMPTS = env_int("TASK_ATTEMPTS", 3)
TASK_RETRY_SECONDS = env_int("TASK_RETRY_SECONDS", 60)
# Hour of the day (local time) at which the daily jobs run: digests of the day, expiring
# unfinished imports, pruning finished background jobs.
DAILY_JOBS_HOUR = env_int("DAILY_JOBS_HOUR", 6)
# An import still "in Vorbereitung" after this many days expires (its upload is discarded).
IMPORT_DRAFT_DAYS = env_int("IMPORT_DRAFT_DAYS", 14)
# A finished export stays downloadable this many hours, then its file is deleted.
REPORT_JOB_HOURS = env_int("REPORT_JOB_HOURS", 24)
# The weekly digest lists partners without a recorded contact for this many months.
DIGEST_QUIET_MONTHS = env_int("DIGEST_QUIET_MONTHS", 6)
# Where links in mails point (no request there): scheme and host of the application.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ThINKA Netzwerk <netzwerk@localhost>")

# Sessions end after inactivity (seconds; default 2 hours) and with the browser.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 2 * 60 * 60)
# Idle timeout: core.middleware.SessionActivityMiddleware renews the session at most once a
# minute (instead of SESSION_SAVE_EVERY_REQUEST's write on every page view).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Security headers. HTTPS-related ones are on unless DEBUG (override per variable).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG and not TESTING)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG and not TESTING)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline scripts or styles anywhere: everything comes from /static/.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Logs go to stdout; in production as one JSON object per line (LOG_FORMAT=json|text).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {"refusals": {"()": "core.logging.RefusalsWithoutTraceback"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": env_str("LOG_FORMAT", "text" if DEBUG else "json"),
            "filters": ["refusals"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes reports every successful login at INFO; failures still show as WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Several app servers on one database: sessions live in the database by default; with
# REDIS_URL, cache and sessions use Redis (sessions written through to the database).
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Simple-history stores the acting user from the request for every change.
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

THINKA_VERSION = "0.1.0"
# Network contacts ended more than this many years ago are listed for review (DSGVO).
# The deletion concept (docs/verarbeitungsverzeichnis.md, "Löschkonzept"): per class of
# data its start event and period. Settings, not a page: the periods are the controller's
# decision written down in the record of processing; the operator changes them together
# with that record, and no click can shorten a period and erase data irrevocably.
# Contact persons: years after the network contact ended (also: age of a consent).
THINKA_RETENTION_YEARS = env_int("RETENTION_YEARS", 3)
# Contact persons: days after consent was withdrawn or the person objected.
THINKA_RETENTION_WITHDRAWN_DAYS = env_int("RETENTION_WITHDRAWN_DAYS", 30)
# Free text of contact-history entries: years after the entry's date.
THINKA_RETENTION_NOTES_YEARS = env_int("RETENTION_NOTES_YEARS", 5)
# Export log (who downloaded what): years after the export.
THINKA_RETENTION_EXPORT_LOG_YEARS = env_int("RETENTION_EXPORT_LOG_YEARS", 3)
# Closed reports: kept for the funding period and this many years after its end
# (THINKA_FUNDING_PERIOD_END, ISO date; empty: not yet known, nothing is due).
THINKA_FUNDING_PERIOD_END = env_str("FUNDING_PERIOD_END", "")
THINKA_RETENTION_FINAL_REPORT_YEARS = env_int("RETENTION_FINAL_REPORT_YEARS", 10)
# Account changes (roles, memberships, second factor; projects.AccountEvent): years after
# the change – evidence of who gave whom access.
THINKA_RETENTION_ACCOUNT_EVENT_YEARS = env_int("RETENTION_ACCOUNT_EVENT_YEARS", 3)
# Failed logins (django-axes' log and lockout counters): days after the attempt.
THINKA_RETENTION_FAILED_LOGIN_DAYS = env_int("RETENTION_FAILED_LOGIN_DAYS", 90)
# Answered feedback on the accessibility statement: months after it arrived.
THINKA_RETENTION_FEEDBACK_MONTHS = env_int("RETENTION_FEEDBACK_MONTHS", 12)
# Feedback on the accessibility statement: messages an hour from one address (spam).
THINKA_FEEDBACK_PER_HOUR = env_int("FEEDBACK_PER_HOUR", 5)
# Days an uploaded list is kept with its import (imports.privacy.purge_uploads, run daily
# by `manage.py purge_uploads`): then a draft goes, a finished import loses its file.
THINKA_UPLOAD_RETENTION_DAYS = env_int("UPLOAD_RETENTION_DAYS", 90)
# Only for tests/site/test_health_listener.py, and only with DEBUG: a path that waits on
# this file's lock (core.health.hold). Never set in production.
THINKA_HOLD_FILE = env_str("HOLD_FILE", "") if DEBUG else ""
# "ohne Kontakt" (dormant): no contact-history entry for this many months – one setting
# for the start page, Übersicht, Datenprüfung, network maps and workbook (contacts.querysets).
THINKA_DORMANT_MONTHS = env_int("DORMANT_MONTHS", 12)
