"""Reads for the coordination dashboard and the network map, with the geometry of their
server-rendered SVG charts (no chart library, no JavaScript needed to see them)."""

from __future__ import annotations

import datetime
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet
from django.db.models.functions import TruncDate
from django.utils import formats, timezone

from contacts.models import (
    FieldOfAction,
    Interaction,
    NetworkContact,
    Organisation,
    OrganisationType,
)
from contacts.querysets import end_of
from projects.models import Project


def month_start_before(day: datetime.date, months: int) -> datetime.date:
    """The first of the month ``months`` months before ``day``'s month (the chart's bars;
    ``querysets.months_before`` keeps the day)."""
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def project_counts(today: datetime.date | None = None) -> list[Project]:
    """Per project, each figure as ``NetworkContact.objects`` defines it, at ``today``:
    active, running (not archived), new this year, steering group (active), dormant.

    Counted in one pass per figure over the network contacts grouped by project; joined to
    the projects and grouped by them, the same counts took three times as long.
    """
    today = today or timezone.localdate()
    contacts = NetworkContact.objects.order_by()
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for name, queryset in (
        ("active", contacts.active_at(today)),
        ("running", contacts.running()),
        ("new_this_year", contacts.new_in(datetime.date(today.year, 1, 1), today)),
        ("steering", contacts.active_at(today).filter(in_steering_group=True)),
        ("quiet", contacts.dormant_at(today)),
    ):
        for project_id, n in (
            queryset.values("project").annotate(n=Count("pk")).values_list("project", "n")
        ):
            counts[project_id][name] = n
    year_ago = today - datetime.timedelta(days=365)
    interactions = dict(
        Interaction.objects.filter(date__gt=year_ago, date__lte=today)
        .values("network_contact__project")
        .annotate(n=Count("pk"))
        .values_list("network_contact__project", "n")
    )
    projects = list(Project.objects.select_related("programme_line").order_by("name"))
    names = ("active", "running", "new_this_year", "steering", "quiet")
    for project in projects:
        found = counts.get(project.pk, {})
        for name in names:
            setattr(project, name, found.get(name, 0))
        project.interactions_year = interactions.get(project.pk, 0)  # type: ignore[attr-defined]  # for the template
    return projects


# --- bar chart: new network contacts per month --------------------------------------------


@dataclass
class Bar:
    label: str
    long_label: str
    value: int
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0


@dataclass
class BarChart:
    bars: list[Bar]
    width: int = 760
    height: int = 260
    left: int = 44
    bottom: int = 40
    top: int = 12
    ticks: list[tuple[float, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)

    @property
    def first_label(self) -> str:
        return self.bars[0].long_label if self.bars else ""

    @property
    def last_label(self) -> str:
        return self.bars[-1].long_label if self.bars else ""

    @property
    def baseline(self) -> float:
        return self.height - self.bottom


def _nice_max(value: int) -> int:
    if value <= 5:
        return 5
    magnitude = 10 ** int(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return int(step * magnitude)
    return value


def new_contacts_per_month(months: int = 24, today: datetime.date | None = None) -> BarChart:
    """New network contacts per month, "neu" as ``NetworkContact.objects.new_in`` counts
    them: in the month of "Kontakt seit", without that date in the month entered. The
    months up to the latest such day (normally the current month), so that a programme
    whose recording paused still shows its last active period."""
    today = today or timezone.localdate()
    contacts = NetworkContact.objects.order_by()
    latest_since = (
        contacts.filter(since__lte=today).order_by("-since").values_list("since", flat=True).first()
    )
    latest_entered = (
        contacts.filter(since__isnull=True, created_at__lt=end_of(today))
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    began = [] if latest_since is None else [latest_since]
    if latest_entered is not None:
        began.append(timezone.localdate(latest_entered))
    end = max(began, default=today)
    start = month_start_before(end, months - 1)
    # "neu" as new_in has it, read in two parts that each come from the index of "since":
    # the dated per day of "Kontakt seit", the undated per day entered (a date function for
    # those rows only); folded into months here – at most one row per day of the two years,
    # however many contacts, and no month function per row (on SQLite a Python call each).
    # order_by(): the model's default order (by organisation name) would join the
    # organisations into a count that does not need them.
    new = contacts.new_in(start, end)
    counts: Counter[datetime.date] = Counter()
    for part in (
        new.filter(since__range=(start, end)).values(day=F("since")),
        new.filter(since__isnull=True).values(day=TruncDate("created_at")),
    ):
        for day, n in part.annotate(n=Count("pk")).values_list("day", "n"):
            counts[day.replace(day=1)] += n
    bars = []
    for offset in range(months):
        month = month_start_before(end, months - 1 - offset)
        value = counts.get(month, 0)
        bars.append(
            Bar(
                label=formats.date_format(month, "M y") if month.month in (1, 7) else "",
                long_label=formats.date_format(month, "F Y"),
                value=value,
            )
        )
    chart = BarChart(bars)
    top = _nice_max(max((bar.value for bar in bars), default=0))
    plot_height = chart.baseline - chart.top
    slot = (chart.width - chart.left - 8) / max(1, months)
    for index, bar in enumerate(bars):
        bar.height = plot_height * bar.value / top
        bar.width = slot * 0.7
        bar.x = chart.left + index * slot + slot * 0.15
        bar.y = chart.baseline - bar.height
    chart.ticks = [
        (chart.baseline - plot_height * share, round(top * share)) for share in (0, 0.5, 1)
    ]
    return chart


# --- heat map: coverage of fields of action -----------------------------------------------


def coverage(
    projects: list[Project],
) -> tuple[list[FieldOfAction], list[tuple[Project, list[tuple[int, int]]]]]:
    """Active contacts per project and field of action, each with a shade level 0–4."""
    fields = list(FieldOfAction.objects.filter(is_active=True))
    counts: dict[tuple[int, int], int] = {
        (row["project"], row["fields_of_action"]): row["n"]
        for row in NetworkContact.objects.active_at(timezone.localdate())
        .filter(fields_of_action__isnull=False)
        .order_by()  # no join to the organisations for the default order
        .values("project", "fields_of_action")
        .annotate(n=Count("pk"))
    }
    top = max(counts.values(), default=0)
    rows = []
    for project in projects:
        cells = []
        for field_of_action in fields:
            value = counts.get((project.pk, field_of_action.pk), 0)
            level = 0 if value == 0 else min(4, 1 + int(3 * value / top)) if top else 0
            cells.append((value, level))
        rows.append((project, cells))
    return fields, rows


# --- organisations shared by several projects ---------------------------------------------


def shared_organisations(
    *,
    min_projects: int = 2,
    field_of_action: FieldOfAction | None = None,
    organisation_type: OrganisationType | None = None,
    limit: int = 150,
) -> list[tuple[Organisation, list[Project]]]:
    contacts = NetworkContact.objects.running()
    if field_of_action is not None:
        contacts = contacts.filter(fields_of_action=field_of_action)
    if organisation_type is not None:
        contacts = contacts.filter(organisation__organisation_type=organisation_type)
    counted = list(
        contacts.values("organisation")
        # A project has one network contact per organisation (unique constraint), so the
        # rows per organisation are its projects – no DISTINCT needed. Ties by id, not by
        # name: a name would join every organisation into the count (docs/performance.md).
        .annotate(n=Count("pk"))
        .filter(n__gte=min_projects)
        .order_by("-n", "organisation")
        .values_list("organisation", "n")[:limit]
    )
    shared_ids = [pk for pk, _n in counted]
    projects_of: dict[int, list[Project]] = defaultdict(list)
    for contact in (
        contacts.filter(organisation__in=shared_ids)
        .select_related("project")
        .order_by("project__name")
    ):
        projects_of[contact.organisation_id].append(contact.project)
    organisations = Organisation.objects.select_related("organisation_type").in_bulk(shared_ids)
    ranked = sorted(counted, key=lambda row: (-row[1], organisations[row[0]].name))
    return [(organisations[pk], projects_of[pk]) for pk, _n in ranked]


def shared_organisation_count(
    *,
    field_of_action: FieldOfAction | None = None,
    organisation_type: OrganisationType | None = None,
) -> int:
    """How many organisations work with two or more projects (the map shows the first)."""
    contacts = NetworkContact.objects.running().order_by()
    if field_of_action is not None:
        contacts = contacts.filter(fields_of_action=field_of_action)
    if organisation_type is not None:
        contacts = contacts.filter(organisation__organisation_type=organisation_type)
    return contacts.values("organisation").annotate(n=Count("pk")).filter(n__gte=2).count()


# --- network map --------------------------------------------------------------------------


@dataclass
class Node:
    key: str
    label: str
    kind: str  # "project" or "organisation"
    x: float
    y: float
    url: str | None
    degree: int = 0
    anchor: str = "start"  # the label runs along the radius, read from left to right
    label_x: float = 0
    label_y: float = 0
    rotate: float = 0  # degrees
    room: int = 0  # characters the label may take (0: LABEL_LENGTH)
    number: int = 0  # an organisation's row in the table below the map

    @property
    def short_label(self) -> str:
        """Long names shortened on the map to the room their place leaves (the full name is
        the node's title and in the table below it); with too little room for a word, the
        number of the organisation's row in the table."""
        room = self.room or LABEL_LENGTH
        if room < SHORTEST_NAME and self.number:
            return str(self.number)
        return self.label if len(self.label) <= room else self.label[: room - 1] + "…"


@dataclass
class NetworkMap:
    nodes: list[Node]
    edges: list[tuple[Node, Node]]
    size: int = 900


LABEL_LENGTH = 24
SHORTEST_NAME = 6  # a shorter room shows the table's row number instead of a name
CHARACTER_PX = 7.2  # an 11 px character, generously (static/css/thinka.css)
LINE_PX = 15  # an 11 px line and a little air between two labels
MAP_ORGANISATIONS = 60  # more would not be legible; the table lists what the map shows


def _place_label(node: Node, centre: float, gap: float) -> Node:
    """The label along the radius, starting ``gap`` away from the node (outwards for a
    positive gap, inwards for a negative one), turned so that it never stands on its head."""
    dx, dy = node.x - centre, node.y - centre
    distance = math.hypot(dx, dy) or 1
    node.label_x = node.x + gap * dx / distance
    node.label_y = node.y + gap * dy / distance
    degrees = math.degrees(math.atan2(dy, dx))
    outwards = gap >= 0
    if dx < 0:  # left half: turn the text round and let it end at the node
        degrees += 180
        outwards = not outwards
    node.rotate = degrees
    node.anchor = "start" if outwards else "end"
    return node


def _inner_end(index: int, count: int) -> float:
    """How near the centre the ``index``-th of ``count`` labels pointing inwards may reach:
    where it is still a line's height away from the next label that reaches as far. Every
    second label stops earlier, so that the others may run twice as deep."""
    if count <= 2:
        return LINE_PX
    long_one = index % 2 == 0 and count >= 4 and not (count % 2 and index == count - 1)
    angle = 2 * math.pi * (2 if long_one else 1) / count
    return LINE_PX / math.sin(min(angle, math.pi / 2))


def network_map(
    shared: list[tuple[Organisation, list[Project]]],
    projects: QuerySet[Project],
    *,
    link_organisations: bool,
    size: int = 900,
) -> NetworkMap:
    """Projects on the outer ring, labelled outwards; the shared organisations on an inner
    ring, labelled inwards, each near the side of the projects it works with (the circular
    mean of their angles) and evenly spaced – none hidden under another in the centre."""
    # Room for the longest label outside the outer ring: never cut at the picture's edge.
    centre, radius = size / 2, size / 2 - 16 - LABEL_LENGTH * CHARACTER_PX

    def on_ring(index: int, count: int, ring: float) -> tuple[float, float]:
        angle = 2 * math.pi * index / max(1, count) - math.pi / 2  # the first at the top
        return centre + ring * math.cos(angle), centre + ring * math.sin(angle)

    project_list = list(projects.order_by("name"))
    project_nodes: dict[int, Node] = {}
    for index, project in enumerate(project_list):
        x, y = on_ring(index, len(project_list), radius)
        node = Node(f"p{project.pk}", project.name, "project", x, y, project.get_absolute_url())
        project_nodes[project.pk] = _place_label(node, centre, 16)
    placed = []
    for organisation, its_projects in shared:
        ends = [project_nodes[p.pk] for p in its_projects if p.pk in project_nodes]
        if ends:
            # The circular mean of its projects' angles, measured clockwise from the top.
            mean = math.atan2(sum(e.y - centre for e in ends), sum(e.x - centre for e in ends))
            placed.append(((mean + math.pi / 2) % (2 * math.pi), organisation, ends))
    placed.sort(key=lambda item: (item[0], item[1].pk))
    nodes = list(project_nodes.values())
    edges = []
    number = {organisation.pk: row for row, (organisation, _p) in enumerate(shared, start=1)}
    inner = 0.7 * radius
    for index, (_mean, organisation, ends) in enumerate(placed):
        x, y = on_ring(index, len(placed), inner)
        url = organisation.get_absolute_url() if link_organisations else None
        node = Node(f"o{organisation.pk}", organisation.name, "organisation", x, y, url, len(ends))
        gap = 8 + len(ends)
        free = inner - gap - _inner_end(index, len(placed))
        node.room = max(1, min(LABEL_LENGTH, int(free / CHARACTER_PX)))
        node.number = number[organisation.pk]
        nodes.append(_place_label(node, centre, -gap))
        for end in ends:
            end.degree += 1
            edges.append((node, end))
    return NetworkMap(nodes=nodes, edges=edges, size=size)
