"""The imports wing's part of the access policy: uploaded lists belong to one project.

Built only from the primitives of ``projects.access`` (re-exported for this app's views).
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from imports.models import ImportBatch
from projects.access import Action, User, get_project, projects_for, require

__all__ = ["Action", "User", "get_import", "get_project", "projects_for", "require"]


def get_import(user: User, pk: int | str) -> ImportBatch:
    """An import batch of a project ``user`` may write to; 404 for everyone else."""
    try:
        return (
            ImportBatch.objects.select_related("project", "user")
            .filter(project__in=projects_for(user, Action.WRITE))
            .get(pk=pk)
        )
    except (ImportBatch.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(
            _("Diesen Import gibt es nicht oder Sie haben keinen Zugriff darauf.")
        ) from exc
