"""The address a request came from, also behind the operator's own reverse proxies."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for the login lockout (django-axes' AXES_CLIENT_IP_CALLABLE).

    Without proxies (TRUSTED_PROXY_COUNT 0) that is REMOTE_ADDR. Behind n proxies of our
    own, each appends the address it was reached from to X-Forwarded-For, so the client is
    the n-th entry from the right; whatever stands further left the client may have
    written itself and is never believed. A header too short or not an address falls back
    to REMOTE_ADDR: the lockout then counts per proxy, which is stricter, never looser.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not header:
        return remote
    hops = [hop.strip() for hop in header.split(",")]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote
