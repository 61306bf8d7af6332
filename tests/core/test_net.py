"""core.net.client_ip: which address the login lockout counts."""

import pytest
from django.test import RequestFactory

from core.net import client_ip


def _request(forwarded: str | None = None):
    extra = {"REMOTE_ADDR": "10.0.0.2"}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.9")) == "10.0.0.2"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "192.0.2.1, 203.0.113.9", "203.0.113.9"),  # the left part is the client's own
        (2, "192.0.2.1, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
        (2, "203.0.113.9", "10.0.0.2"),  # shorter than the proxies we have: not believed
        (1, "kein-name", "10.0.0.2"),
        (1, "", "10.0.0.2"),
    ],
)
def test_behind_proxies_the_address_our_outermost_proxy_saw(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(_request(forwarded)) == expected
