"""The request as views behind login see it (types only: Django's request, narrowed)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthenticatedHttpRequest(HttpRequest):
    """A request that passed ``login_required`` (every page but login, password links,
    health check and error pages): ``user`` is an account, never ``AnonymousUser``.

    Annotate a view's request with it; Django still hands in its own ``HttpRequest``
    (django-stubs' recommended pattern for typed views behind login).
    """

    user: User
