"""Navigation for the frame: which sections the user's roles may open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from portal import access

SECTIONS = [
    # (view names or a "namespace:" prefix, section), first match wins
    ({"reports:dashboard", "reports:network_map"}, "dashboard"),
    ({"reports:ministry_export", "reports:final_", "reports:review"}, "export"),
    (
        {
            "contacts:vocabulary_list",
            "contacts:vocabulary_create",
            "contacts:vocabulary_update",
            "contacts:vocabulary_delete",
            "reports:export_log",
            "contacts:privacy",
            "projects:user_list",
            "portal:login_failures",
            "portal:audit_log",
            "projects:user_create",
            "projects:user_update",
            "projects:operator_list",
            "projects:operator_create",
            "projects:operator_update",
        },
        "admin",
    ),
    ({"contacts:organisation_"}, "organisations"),
    ({"contacts:"}, "contacts"),
    ({"imports:"}, "contacts"),
    ({"exchanges:"}, "exchanges"),
    ({"projects:"}, "projects"),
]


def current_section(request: HttpRequest) -> str:
    """The navigation item to highlight for the current page."""
    match = getattr(request, "resolver_match", None)
    view = match.view_name if match else ""
    for names, section in SECTIONS:
        if view in names or any(n.endswith(("_", ":")) and view.startswith(n) for n in names):
            return section
    return ""


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)  # none on pages answered before AuthenticationMiddleware
    if user is None or not access.is_active(user):
        return {"nav": None}
    roles = access.roles(user)
    return {
        "nav": {
            "section": current_section(request),
            "role_labels": [access.ROLE_LABELS[role] for role in roles],
            "is_coordination": access.is_coordination(user),
            "is_ministry": access.is_ministry(user),
            "is_admin": access.is_admin(user),
            "can_use_contacts": access.can_use_contacts(user),
            "can_export": access.export_projects_for(user).exists(),
            "my_projects": list(access.projects_for(user, access.Action.WRITE).values("pk", "name"))
            if not access.can_see_all_projects(user)
            else [],
        }
    }
