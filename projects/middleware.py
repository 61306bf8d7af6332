"""The second factor after the password, for every page (django-otp)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from projects import access


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
            if user_has_device(user, confirmed=True):
                return redirect(
                    f"{reverse('two_factor_verify')}?next={quote(request.get_full_path())}"
                )
            if settings.REQUIRE_2FA and access.is_coordination(user):
                return redirect("two_factor_setup")
        return self.get_response(request)
