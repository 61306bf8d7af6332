"""The health check for the load balancer (no login, no session, no transaction)."""

from __future__ import annotations

from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, JsonResponse


@transaction.non_atomic_requests  # answers even when no transaction can be opened
def healthcheck(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the app answers and reaches its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
