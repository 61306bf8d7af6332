"""The portal's part of the access policy: the frame, the start page and the logs.

Built only from the primitives of ``projects.access`` and the apps' own parts.
"""

from __future__ import annotations

from contacts.access import can_use_contacts
from projects.access import (
    ROLE_LABELS,
    Action,
    User,
    can_see_all_projects,
    can_see_logs,
    is_active,
    is_admin,
    is_coordination,
    is_ministry,
    projects_for,
    require,
    roles,
)
from reports.access import export_projects_for

__all__ = [
    "ROLE_LABELS",
    "Action",
    "User",
    "can_see_all_projects",
    "can_edit_public_pages",
    "can_review_retention",
    "can_see_audit_log",
    "can_see_feedback",
    "can_see_login_failures",
    "can_use_contacts",
    "export_projects_for",
    "is_active",
    "is_admin",
    "is_coordination",
    "is_ministry",
    "projects_for",
    "require",
    "roles",
]


def can_see_audit_log(user: User) -> bool:
    return can_see_logs(user)


def can_see_login_failures(user: User) -> bool:
    return can_see_logs(user)


def can_edit_public_pages(user: User) -> bool:
    """Impressum, privacy notice, accessibility statement: the coordination office."""
    return is_coordination(user)


def can_see_feedback(user: User) -> bool:
    """The barriers reported through the accessibility statement's form."""
    return is_coordination(user)


def can_review_retention(user: User) -> bool:
    """The deletion concept's queue: the coordination office."""
    return is_coordination(user)
