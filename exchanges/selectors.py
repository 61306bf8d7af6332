"""Reads of the exchanges app."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from exchanges.models import Meeting, MeetingStatus, ReportItem, ThemeTable
from projects.models import Project


def meeting_list() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("host_project").annotate(
        project_count=Count("projects", distinct=True)
    )


def meeting_minutes(pk: int | str) -> Meeting:
    """One meeting with everything its minutes show, in a fixed number of queries."""
    return (
        Meeting.objects.select_related("host_project")
        .prefetch_related(
            Prefetch("projects", queryset=Project.objects.order_by("name")),
            "guests",
            "agenda_items",
            Prefetch("report_items", queryset=ReportItem.objects.select_related("project")),
            Prefetch(
                "theme_tables",
                queryset=ThemeTable.objects.prefetch_related(
                    Prefetch("projects", queryset=Project.objects.order_by("name")), "results"
                ),
            ),
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class NextMeeting:
    date: datetime.date
    place: str
    meeting: Meeting | None  # the planned meeting, if it has been entered already


def next_meeting(today: datetime.date | None = None) -> NextMeeting | None:
    """The next exchange from today: a planned meeting, else the date the last minutes name."""
    today = today or timezone.localdate()
    planned = (
        Meeting.objects.filter(status=MeetingStatus.PLANNED, date__gte=today)
        .order_by("date", "number")
        .first()
    )
    announced = (
        Meeting.objects.filter(next_meeting_on__gte=today).order_by("next_meeting_on").first()
    )
    announced_on = announced.next_meeting_on if announced else None
    if planned and (announced_on is None or planned.date <= announced_on):
        return NextMeeting(planned.date, planned.place, planned)
    if announced and announced_on:
        return NextMeeting(announced_on, announced.next_meeting_place, None)
    return None


def report_items() -> QuerySet[ReportItem]:
    return ReportItem.objects.select_related("meeting", "project").order_by(
        "-meeting__date", "kind", "position"
    )


def _theme(text: str) -> str:
    """A grouping key: lower case, without punctuation and filler, so wordings meet."""
    return " ".join(re.sub(r"[^\wäöüß ]+", " ", text.lower()).split())


@dataclass
class Recurring:
    text: str
    kind: str
    meetings: set[int]
    projects: set[str]

    @property
    def meeting_count(self) -> int:
        return len(self.meetings)


def recurring(items: QuerySet[ReportItem]) -> list[Recurring]:
    """Successes and obstacles named at more than one meeting, and who reported them."""
    groups: dict[tuple[str, str], Recurring] = {}
    for item in items:
        key = (item.kind, _theme(item.text))
        group = groups.setdefault(key, Recurring(item.text, item.kind, set(), set()))
        group.meetings.add(item.meeting_id)
        if item.project is not None:
            group.projects.add(item.project.name)
    return sorted(
        (group for group in groups.values() if group.meeting_count > 1),
        key=lambda group: (-group.meeting_count, -len(group.projects), group.text),
    )
