"""Navigation for the frame: which sections the user's roles may open."""

from __future__ import annotations

from django.http import HttpRequest

from projects import access

SECTIONS = [
    # (view names or a "namespace:" prefix, section), first match wins
    ({"contacts:dashboard", "contacts:network_map"}, "dashboard"),
    ({"contacts:ministry_export"}, "export"),
    (
        {
            "contacts:vocabulary_list",
            "contacts:vocabulary_create",
            "contacts:vocabulary_update",
            "contacts:vocabulary_delete",
            "contacts:export_log",
            "contacts:privacy",
            "projects:user_list",
            "projects:login_failures",
            "projects:audit_log",
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


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if not access.is_active(user):
        return {"nav": None}
    roles = access.roles(user)
    return {
        "nav": {
            "section": current_section(request),
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
