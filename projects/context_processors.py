"""Navigation for the frame: which sections the user's roles may open."""

from __future__ import annotations

from django.http import HttpRequest

from projects import access


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if not access.is_active(user):
        return {"nav": None}
    roles = access.roles(user)
    return {
        "nav": {
            "role_labels": [access.ROLE_LABELS[role] for role in roles],
            "is_coordination": access.is_coordination(user),
            "is_ministry": access.is_ministry(user),
            "is_admin": access.is_admin(user),
            "uses_contacts": access.uses_contacts(user),
            "can_export": access.export_projects_for(user).exists(),
            "my_projects": list(access.projects_for(user, access.Action.WRITE).values("pk", "name"))
            if not access.sees_all_projects(user)
            else [],
        }
    }
