"""The health check for the load balancer (no login, no session, no transaction)."""

from __future__ import annotations

from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, JsonResponse

HEALTH_TIMEOUT_MS = 2000
HEALTH_QUERY = "SELECT COUNT(*) FROM django_migrations"  # a real table, not only the server


@transaction.non_atomic_requests  # its own short transaction, with its own time limits
def healthcheck(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the app answers and reaches its database."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Its own short limit: a database that cannot answer in time is unhealthy.
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true), "
                    "set_config('lock_timeout', %s, true)",
                    [str(HEALTH_TIMEOUT_MS), str(HEALTH_TIMEOUT_MS)],
                )
            cursor.execute(HEALTH_QUERY)
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
