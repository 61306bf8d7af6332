"""Small template filters shared by the apps."""

from __future__ import annotations

import datetime
from typing import Any

from django import template

from core.widgets import field_groups as render_field_groups

register = template.Library()


@register.filter
def minutes(value: datetime.timedelta | None) -> int:
    """Whole minutes of a time span, rounded up (a lockout of 14:30 says "15 Minuten")."""
    if not value:
        return 0
    return -(-int(value.total_seconds()) // 60)


@register.filter
def field_groups(form: Any) -> str:
    """A filter form's fields as Bootstrap groups (core.widgets.field_groups)."""
    return render_field_groups(form)
