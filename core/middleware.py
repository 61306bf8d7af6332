"""Request checks that protect every view at once."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

from core.errors import bad_request


class RejectNullCharactersMiddleware:
    """NUL characters are never legitimate form input, and PostgreSQL refuses them in
    queries (a server error otherwise): answer 400 with a German explanation instead."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sources = [request.GET] + ([request.POST] if request.method == "POST" else [])
        for data in sources:
            for key, values in data.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    return bad_request(request)
        return self.get_response(request)


class SessionActivityMiddleware:
    """Keeps a signed-in session alive while it is used, writing it at most once a minute.

    Sessions end after SESSION_COOKIE_AGE seconds without activity. Saving the session on
    every request (SESSION_SAVE_EVERY_REQUEST) would cost a write per page view; here the
    expiry moves on when the last refresh is older than ``INTERVAL`` seconds.
    """

    INTERVAL = 60
    KEY = "_activity"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.INTERVAL:
                session[self.KEY] = now  # marks the session modified: saved with a new expiry
        return response


class LanguageMiddleware:
    """German unless the user chose another language (cookie set by the language switch).

    Django's LocaleMiddleware would also follow the browser's Accept-Language header; a
    German public-sector application stays German – with German dates and numbers – until
    someone explicitly picks English.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # For this request only: the worker's next request starts from German again.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class PrivateResponseMiddleware:
    """Pages and downloads for a signed-in person may hold personal data: no browser or
    proxy keeps them (``Cache-Control: no-store, private``). Every answer also switches off
    browser features the application never uses (``Permissions-Policy``)."""

    PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
