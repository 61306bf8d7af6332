"""Reporting periods: half-years, quarters and free ranges, written as 2016-H2, 2016-Q3 or
2016-07-01..2016-12-31 (command line) and labelled in German ("2. Halbjahr 2016")."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace

from django.utils import formats
from django.utils.translation import gettext as _

_HALF = re.compile(r"^(\d{4})-H([12])$", re.IGNORECASE)
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


class PeriodError(ValueError):
    """A period that cannot be reported on; the message is German and shown to the user."""


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise PeriodError(_("Der Zeitraum ist umgekehrt: der Beginn liegt nach dem Ende."))

    @property
    def code(self) -> str:
        return f"{self.start:%Y-%m-%d}..{self.end:%Y-%m-%d}"

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def with_label(self, label: str) -> Period:
        return replace(self, label=label)


def half_year(year: int, half: int) -> Period:
    start = datetime.date(year, 1 if half == 1 else 7, 1)
    end = datetime.date(year, 6, 30) if half == 1 else datetime.date(year, 12, 31)
    return Period(start, end, _("%(half)s. Halbjahr %(year)s") % {"half": half, "year": year})


def quarter(year: int, number: int) -> Period:
    start = datetime.date(year, 3 * number - 2, 1)
    next_start = datetime.date(year + (number == 4), 1 if number == 4 else 3 * number + 1, 1)
    return Period(
        start,
        next_start - datetime.timedelta(days=1),
        _("%(quarter)s. Quartal %(year)s") % {"quarter": number, "year": year},
    )


def free_range(start: datetime.date, end: datetime.date) -> Period:
    label = _("%(start)s bis %(end)s") % {
        "start": formats.date_format(start, "SHORT_DATE_FORMAT"),
        "end": formats.date_format(end, "SHORT_DATE_FORMAT"),
    }
    return Period(start, end, label)


def previous(period: Period) -> Period:
    """The period before: the half-year or quarter before, else as long, just before."""
    start, end = period.start, period.end
    if (
        start.day == 1
        and start.month in (1, 7)
        and end == half_year(start.year, 1 if start.month == 1 else 2).end
    ):
        half = 1 if start.month == 1 else 2
        return half_year(start.year - (half == 1), 2 if half == 1 else 1)
    number = (start.month - 1) // 3 + 1
    if start.day == 1 and start.month % 3 == 1 and end == quarter(start.year, number).end:
        return quarter(start.year - (number == 1), 4 if number == 1 else number - 1)
    length = end - start
    before = start - datetime.timedelta(days=1)
    return free_range(before - length, before)


def parse(text: str) -> Period:
    """``2016-H2``, ``2016-Q3`` or ``2016-07-01..2016-12-31``."""
    text = (text or "").strip()
    try:
        if match := _HALF.match(text):
            return half_year(int(match[1]), int(match[2]))
        if match := _QUARTER.match(text):
            return quarter(int(match[1]), int(match[2]))
    except ValueError as exc:  # year 0: no calendar date
        raise PeriodError(_("„%(text)s“ ist kein gültiger Zeitraum.") % {"text": text}) from exc
    if match := _RANGE.match(text):
        try:
            start, end = (datetime.date.fromisoformat(part) for part in match.groups())
        except ValueError as exc:
            raise PeriodError(
                _("„%(text)s“ enthält kein gültiges Datum.") % {"text": text}
            ) from exc
        return free_range(start, end)
    raise PeriodError(
        _(
            "„%(text)s“ ist kein Zeitraum. Erlaubt sind z. B. 2016-H2 (Halbjahr), 2016-Q3 "
            "(Quartal) oder 2016-07-01..2016-12-31."
        )
        % {"text": text}
    )


FIRST_YEAR = 2013  # ThINKA started in 2013
# The earliest day a report may cover: older than any network contact of the programme, and
# far enough from year 1 that the period before (``previous``) is still a calendar date.
EARLIEST = datetime.date(1990, 1, 1)


def checked_free_range(start: datetime.date, end: datetime.date, today: datetime.date) -> Period:
    """A free range typed into a form: it lies between ``EARLIEST`` and today."""
    if start < EARLIEST or end > today:
        raise PeriodError(
            _(
                "Das ist kein gültiger Zeitraum: „von“ und „bis“ müssen zwischen dem "
                "%(earliest)s und heute (%(today)s) liegen."
            )
            % {
                "earliest": formats.date_format(EARLIEST, "SHORT_DATE_FORMAT"),
                "today": formats.date_format(today, "SHORT_DATE_FORMAT"),
            }
        )
    return free_range(start, end)


def programme_code(period: Period) -> str | None:
    """``2016-H2`` or ``2016-Q3`` when ``period`` is a half-year or quarter of the programme
    (since ``FIRST_YEAR``) – the periods whose reports are closed; else None."""
    year = period.start.year
    if year < FIRST_YEAR:
        return None
    for half in (1, 2):
        candidate = half_year(year, half)
        if (candidate.start, candidate.end) == (period.start, period.end):
            return f"{year}-H{half}"
    for number in (1, 2, 3, 4):
        candidate = quarter(year, number)
        if (candidate.start, candidate.end) == (period.start, period.end):
            return f"{year}-Q{number}"
    return None


def recent_choices(today: datetime.date) -> list[tuple[str, str]]:
    """Half-years and quarters since the programme began, newest first, for the export form."""
    choices = []
    for year in range(today.year, FIRST_YEAR - 1, -1):
        for half in (2, 1):
            period = half_year(year, half)
            if period.start <= today:
                choices.append((f"{year}-H{half}", period.label))
        for number in (4, 3, 2, 1):
            period = quarter(year, number)
            if period.start <= today:
                choices.append((f"{year}-Q{number}", period.label))
    return choices
