"""What the server's log shows: a refused request as one line, real errors with traceback."""

from __future__ import annotations

import io
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.logging import RefusalsWithoutTraceback


def test_the_console_handler_drops_the_traceback_of_refusals():
    handler = settings.LOGGING["handlers"]["console"]
    assert [settings.LOGGING["filters"][name]["()"] for name in handler["filters"]] == [
        "core.logging.RefusalsWithoutTraceback"
    ]


def test_a_refused_page_is_one_warning_line_without_traceback(client, world):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["text"]["format"]))
    handler.addFilter(RefusalsWithoutTraceback())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    client.force_login(world.ministry)  # the ministry never sees network contacts
    try:
        assert client.get(reverse("contacts:list")).status_code == 403
    finally:
        logger.removeHandler(handler)
    lines = stream.getvalue().strip().splitlines()
    assert len(lines) == 1, lines
    assert "WARNING django.request Forbidden" in lines[0]


def test_real_errors_keep_their_traceback():
    try:
        raise PermissionDenied
    except PermissionDenied as error:
        exc_info = (type(error), error, error.__traceback__)
    refused = logging.LogRecord("django.request", logging.WARNING, "", 0, "x", (), exc_info)
    refused.status_code = 403
    failed = logging.LogRecord("django.request", logging.ERROR, "", 0, "x", (), exc_info)
    failed.status_code = 500
    assert RefusalsWithoutTraceback().filter(refused)
    assert refused.exc_info is None
    assert RefusalsWithoutTraceback().filter(failed)
    assert failed.exc_info is exc_info
