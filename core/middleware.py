"""Request checks that protect every view at once."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
