"""The exchanges wing's part of the access policy: minutes of the exchange meetings.

Built only from the primitives of ``projects.access`` (re-exported for this app's views).
"""

from __future__ import annotations

from projects.access import User, is_active, is_coordination, require

__all__ = ["User", "can_edit_meetings", "can_read_minutes", "require"]


def can_read_minutes(user: User) -> bool:
    """Every logged-in role reads the minutes of the exchanges."""
    return is_active(user)


def can_edit_meetings(user: User) -> bool:
    """Only the coordination office keeps the minutes."""
    return is_coordination(user)
