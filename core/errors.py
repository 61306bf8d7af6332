"""German error pages that never show a stack trace or library text."""

from __future__ import annotations

import sys

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader

from core.db import is_database_timeout


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the failure may lie in them. Django calls this while the
    # exception is being handled – in a view or in a middleware – so it can be looked at.
    if is_database_timeout(sys.exc_info()[1]):
        return database_unavailable(request)
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """A statement or a lock wait ran out of time: ask to try again, never hang."""
    response = HttpResponse(loader.get_template("errors/503.html").render(), status=503)
    response["Retry-After"] = "10"
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)
