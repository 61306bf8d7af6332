"""``{% closed_by report %}``: who closed a report, as the viewing user may read it."""

from __future__ import annotations

from typing import Any

from django import template

from reports import access
from reports.models import FinalReport

register = template.Library()


@register.simple_tag(takes_context=True)
def closed_by(context: dict[str, Any], report: FinalReport) -> str:
    """The name for the coordination office, the office for the ministry (``access.who``)."""
    return access.who(context["request"].user, report.closed_by, report.closed_by_label)
