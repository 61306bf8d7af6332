"""Request checks that protect every view at once."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

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


class TwoFactorMiddleware:
    """After the password: whoever has a confirmed TOTP device enters a code before anything
    else; with REQUIRE_2FA, coordination office and administrators must set one up first."""

    EXEMPT_PREFIXES = ("/konto/", "/static/", "/healthz")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.EXEMPT_PREFIXES)
            and not user.is_verified()
        ):
            from django.conf import settings
            from django.shortcuts import redirect
            from django_otp import user_has_device

            from projects import access

            if user_has_device(user, confirmed=True):
                return redirect(
                    f"{reverse('two_factor_verify')}?next={quote(request.get_full_path())}"
                )
            if settings.REQUIRE_2FA and access.is_coordination(user):
                return redirect("two_factor_setup")
        return self.get_response(request)
