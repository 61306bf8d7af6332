"""The second factor after the password, for every page (django-otp)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device
from django_otp.middleware import is_verified

from projects import access

# Open before the second factor: signing in and out, the second factor's own pages, the
# password-reset flow (it proves the e-mail address, not the session), the language
# switch and the health check. Everything else – the password change and setting up a new
# device included – waits for the code once a device is confirmed.
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "login",
        "logout",
        "two_factor_verify",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "set_language",
        "healthcheck",
        # The public pages (Impressum, privacy, accessibility): for everyone, always.
        "public:imprint",
        "public:privacy",
        "public:accessibility",
    }
)


class TwoFactorMiddleware:
    """After the password: whoever has a confirmed TOTP device enters a code before anything
    else; with REQUIRE_2FA, coordination office and administrators must set one up first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or is_verified(user):
            return None
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if user_has_device(user, confirmed=True):
            return redirect(f"{reverse('two_factor_verify')}?next={quote(request.get_full_path())}")
        if name == "two_factor_setup":
            return None  # no device yet: setting one up is the way forward
        if settings.REQUIRE_2FA and access.is_coordination(user):
            return redirect("two_factor_setup")
        return None
