"""Second factor (TOTP, RFC 6238) with django-otp: set up with an authenticator app by QR
code or by typing the key, then enter a six-digit code after each login."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.middleware import is_verified
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.views import post_data


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Sechsstelliger Code aus Ihrer Authenticator-App"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
    )

    def __init__(self, *args: Any, device: TOTPDevice | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit() or self.device is None or not self.device.verify_token(token):
            raise forms.ValidationError(
                _("Der Code stimmt nicht. Bitte geben Sie den aktuellen Code ein.")
            )
        return token


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    if user_has_device(request.user, confirmed=True) and not is_verified(request.user):
        return redirect("two_factor_verify")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator-App"}
    )
    form = TokenForm(post_data(request), device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save()
        TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
        otp_login(request, device)
        messages.success(request, _("Die Anmeldung mit zweitem Faktor ist eingerichtet."))
        return redirect("home")
    secret = base64.b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=4, title=_("QR-Code für die Authenticator-App")),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "title": _("Zweiten Faktor einrichten"),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None or is_verified(request.user):
        return redirect(_next(request))
    form = TokenForm(post_data(request), device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_next(request))
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next(request), "title": _("Anmeldung bestätigen")},
        status=400 if form.errors else 200,
    )
