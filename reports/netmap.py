"""Geometry of a project's Netzwerkkarte: the project in the centre, sectors as wedges,
rings by closeness – server-rendered SVG, no script, nothing to drag.

Labels never stand on the picture's nodes or on each other: they sit in two columns left
and right of the circle, each joined to its node by a thin line, wrapped to two lines and
shortened with "…" only where a name is longer still (the full name is the node's
``<title>``, its focus text and in the table beside the map). Every label's box is known
here (``Label.box``), so tests check that all lie inside the picture and none overlap.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext_lazy as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from reports.network import MAP_PARTNERS, RINGS, Partner, ProjectNetwork

WIDTH = 1000
RADIUS = 230  # of the outer ring
CENTRE = 60  # the project's disc; the rings share the band between it and RADIUS
FONT = 13  # px, label text
LINE = 16  # px between label lines
CHAR = 0.62 * FONT  # a generous average width of one character (sans-serif, umlauts)
GAP = 8  # between labels of one column
MARGIN = 12
COLUMN = (WIDTH - 2 * RADIUS - 2 * 40 - 2 * MARGIN) / 2  # width of a label column
LINE_CHARS = int(COLUMN // CHAR) - 1
MAX_LINES = 2


def wrap(text: str, width: int = LINE_CHARS, lines: int = MAX_LINES) -> list[str]:
    """At most ``lines`` lines of at most ``width`` characters, the last shortened with "…"
    when the name is longer (never cut mid-glyph, never wider than the column)."""
    parts = textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=True)
    if len(parts) <= lines:
        return parts or [""]
    kept = parts[: lines - 1]
    rest = " ".join(parts[lines - 1 :])
    kept.append(rest[: width - 1].rstrip() + "…")
    return kept


def label_lines(name: str, mark: str) -> list[str]:
    """The name wrapped, its mark (" (neu)") always whole at the end: where the name must be
    shortened, the name gives way, never the mark."""
    lines = wrap(name + mark)
    if not mark or " ".join(lines).endswith(mark.strip()):
        return lines
    lines = wrap(name)
    room = LINE_CHARS - len(mark)
    last = lines[-1].rstrip("…")
    if len(last) > room or len(lines) == MAX_LINES:
        last = last[: room - 1].rstrip() + "…"
    lines[-1] = last + mark
    return lines


@dataclass
class Label:
    lines: list[str]
    x: float  # the text's anchor: left edge (right column) or right edge (left column)
    y: float  # top of the box
    anchor: str  # "start" or "end"

    @property
    def width(self) -> float:
        return max(len(line) for line in self.lines) * CHAR

    @property
    def height(self) -> float:
        return len(self.lines) * LINE

    @property
    def box(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) in the picture's units."""
        if self.anchor == "middle":
            left = self.x - self.width / 2
        else:
            left = self.x if self.anchor == "start" else self.x - self.width
        return (left, self.y, left + self.width, self.y + self.height)

    @property
    def baselines(self) -> list[tuple[str, float]]:
        return [(line, self.y + (index + 1) * LINE - 4) for index, line in enumerate(self.lines)]


@dataclass
class MapNode:
    partner: Partner
    x: float
    y: float
    label: Label
    sector_index: int
    link_x: float = 0  # where the leader line meets the label
    link_y: float = 0


@dataclass
class Wedge:
    label: str
    number: int
    start: float  # radians, clockwise from the top
    end: float
    count: int
    path: str = ""
    number_x: float = 0
    number_y: float = 0


@dataclass
class NetworkPicture:
    network: ProjectNetwork
    width: int
    height: float
    cx: float
    cy: float
    rings: list[tuple[float, str]]
    wedges: list[Wedge]
    nodes: list[MapNode]
    centre_label: Label
    shown: int
    total: int
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)


def _point(cx: float, cy: float, radius: float, angle: float) -> tuple[float, float]:
    return cx + radius * math.sin(angle), cy - radius * math.cos(angle)


def _wedge_path(cx: float, cy: float, radius: float, start: float, end: float) -> str:
    x1, y1 = _point(cx, cy, radius, start)
    x2, y2 = _point(cx, cy, radius, end)
    large = 1 if end - start > math.pi else 0
    return (
        f"M{cx:.1f},{cy:.1f} L{x1:.1f},{y1:.1f} "
        f"A{radius:.1f},{radius:.1f} 0 {large} 1 {x2:.1f},{y2:.1f} Z"
    )


def _spread(labels: list[Label], desired: list[float], height: float) -> None:
    """Stack the column's labels near their nodes' heights without overlap, inside the
    picture: downwards first, then back up from the bottom edge."""
    bottom: float = MARGIN
    for label, want in zip(labels, desired, strict=True):
        label.y = max(want - label.height / 2, bottom)
        bottom = label.y + label.height + GAP
    top = height - MARGIN
    for label in reversed(labels):
        label.y = min(label.y, top - label.height)
        top = label.y - GAP


def layout(network: ProjectNetwork, limit: int = MAP_PARTNERS) -> NetworkPicture:
    partners = network.partners[:limit]
    sector_index = {s.pk: i for i, s in enumerate(network.sectors)}
    # Wedges: an equal minimum for every sector (an empty one shows the gap), the rest by
    # the number of partners shown.
    counts = [0] * len(network.sectors)
    for partner in partners:
        counts[sector_index[partner.sector]] += 1
    # The minimum keeps room for each sector's number badge, even where it has no partner.
    shown = sum(counts)
    minimum = max(0.35, 0.12 * shown / (2 * math.pi - 0.12 * len(counts)))
    weights = [minimum + n for n in counts]
    total_weight = sum(weights) or 1
    wedges = []
    angle = 0.0
    for number, (sector, weight, count) in enumerate(
        zip(network.sectors, weights, counts, strict=True), start=1
    ):
        span = 2 * math.pi * weight / total_weight
        wedges.append(Wedge(sector.label, number, angle, angle + span, count))
        angle += span
    # Labels per column, then the picture's height from the longer column.
    left: list[tuple[float, Partner, int]] = []
    right: list[tuple[float, Partner, int]] = []
    band = (RADIUS - CENTRE) / len(RINGS)
    ring_radius = [CENTRE + band * (index + 0.5) for index in range(len(RINGS))]
    placed: dict[int, tuple[float, float]] = {}  # contact id -> angle, radius
    for index, wedge in enumerate(wedges):
        members = [p for p in partners if sector_index[p.sector] == index]
        for ring in range(len(RINGS)):
            in_ring = [p for p in members if p.ring == ring]
            for position, partner in enumerate(in_ring):
                share = (position + 0.5) / len(in_ring)
                theta = wedge.start + (wedge.end - wedge.start) * share
                # Alternate slightly in and out so neighbours in a crowded ring stay apart.
                offset = (position % 2 - 0.5) * band / 2 if len(in_ring) > 4 else 0
                placed[partner.contact_id] = (theta, ring_radius[ring] + offset)
    provisional_cy = RADIUS + 40
    for partner in partners:
        theta, radius = placed[partner.contact_id]
        x, y = _point(WIDTH / 2, provisional_cy, radius, theta)
        (right if x >= WIDTH / 2 else left).append((y, partner, 0))
    column_height = max(
        (
            sum(len(label_lines(p.name, _suffix(p))) * LINE + GAP for _y, p, _z in column)
            for column in (left, right)
        ),
        default=0,
    )
    height = max(2 * RADIUS + 80, column_height + 2 * MARGIN)
    cx, cy = WIDTH / 2, height / 2
    nodes: list[MapNode] = []
    for column, anchor in ((left, "end"), (right, "start")):
        entries = []
        for _y, partner, _z in column:
            theta, radius = placed[partner.contact_id]
            x, y = _point(cx, cy, radius, theta)
            label_x = MARGIN + COLUMN if anchor == "end" else WIDTH - MARGIN - COLUMN
            label = Label(label_lines(partner.name, _suffix(partner)), label_x, 0, anchor)
            entries.append(MapNode(partner, x, y, label, sector_index[partner.sector]))
        entries.sort(key=lambda node: (node.y, node.partner.contact_id))
        _spread([n.label for n in entries], [n.y for n in entries], height)
        for node in entries:
            node.link_x = node.label.x + (4 if anchor == "end" else -4)
            node.link_y = node.label.y + min(node.label.height, LINE) / 2 + 2
        nodes.extend(entries)
    for wedge in wedges:
        wedge.path = _wedge_path(cx, cy, RADIUS, wedge.start, wedge.end)
        wedge.number_x, wedge.number_y = _point(cx, cy, RADIUS + 16, (wedge.start + wedge.end) / 2)
    centre_lines = wrap(network.project.name, width=14, lines=3)
    centre = Label(centre_lines, cx, cy - len(centre_lines) * LINE / 2, "middle")
    picture = NetworkPicture(
        network=network,
        width=WIDTH,
        height=height,
        cx=cx,
        cy=cy,
        rings=[(CENTRE + band * (i + 1), str(label)) for i, (_b, label) in enumerate(RINGS)],
        wedges=wedges,
        nodes=nodes,
        centre_label=centre,
        shown=len(partners),
        total=network.total,
    )
    picture.boxes = [node.label.box for node in nodes]
    return picture


def _suffix(partner: Partner) -> str:
    """The mark a reader sees without colour: new, ended, without contact."""
    mark = STATE_LABELS.get(partner.state)
    return f" ({mark})" if mark else ""


STATE_LABELS = {
    "new": _("neu"),
    "ended": _("beendet"),
    "dormant": _("ohne Kontakt"),
}


# --- the same picture as an A4 page (reportlab: pure Python, no system libraries) ----------


def write_pdf(picture: NetworkPicture, *, title: str, summary: str, target: IO[bytes]) -> None:
    """The map on one A4 page in landscape, with its title, summary and sector legend."""
    page_width, page_height = landscape(A4)
    # Uncompressed: a page of vector shapes stays small, and its text can be checked.
    pdf = canvas.Canvas(target, pagesize=(page_width, page_height), pageCompression=0)
    pdf.setTitle(title)
    margin = 12 * mm
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(margin, page_height - margin - 4, title)
    text = pdf.beginText(margin, page_height - margin - 22)
    text.setFont("Helvetica", 9)
    for line in textwrap.wrap(summary, 150):
        text.textLine(line)
    pdf.drawText(text)
    legend_width = 52 * mm
    top = page_height - margin - 22 - 12 * (len(textwrap.wrap(summary, 150)) + 1)
    available_w = page_width - 2 * margin - legend_width
    available_h = top - margin
    scale = min(available_w / picture.width, available_h / picture.height)
    legend = pdf.beginText(page_width - margin - legend_width + 6, top - 10)
    legend.setFont("Helvetica", 8)
    legend.textLine(str(_("Sektoren")))
    for wedge in picture.wedges:
        for index, line in enumerate(textwrap.wrap(f"{wedge.number} {wedge.label}", 34)):
            legend.textLine(("   " if index else "") + line)
    legend.textLine("")
    legend.textLine(str(_("Ringe von innen: eng, regelmäßig, lose")))
    pdf.drawText(legend)

    def at(x: float, y: float) -> tuple[float, float]:
        return margin + x * scale, top - y * scale

    pdf.setLineWidth(0.5)
    for wedge in picture.wedges:
        path = pdf.beginPath()
        path.moveTo(*at(picture.cx, picture.cy))
        steps = max(2, int((wedge.end - wedge.start) * 40))
        for step in range(steps + 1):
            angle = wedge.start + (wedge.end - wedge.start) * step / steps
            path.lineTo(*at(*_point(picture.cx, picture.cy, RADIUS, angle)))
        path.close()
        pdf.setStrokeColor(colors.HexColor("#6c757d"))
        pdf.setFillColor(colors.HexColor("#f3f6fa"))
        pdf.drawPath(path, stroke=1, fill=1)
    pdf.setDash(2, 2)
    for radius, _label in picture.rings:
        pdf.circle(*at(picture.cx, picture.cy), radius * scale, stroke=1, fill=0)
    pdf.setDash()
    for wedge in picture.wedges:
        x, y = at(wedge.number_x, wedge.number_y)
        pdf.setFillColor(colors.HexColor("#343a40"))
        pdf.circle(x, y, 10 * scale, stroke=0, fill=1)
        pdf.setFillColor(colors.white)
        pdf.setFont("Helvetica-Bold", 12 * scale)
        pdf.drawCentredString(x, y - 4 * scale, str(wedge.number))
    pdf.setStrokeColor(colors.HexColor("#adb5bd"))
    for node in picture.nodes:
        pdf.line(*at(node.x, node.y), *at(node.link_x, node.link_y))
    pdf.setFillColor(colors.HexColor("#0b4f8a"))
    pdf.circle(*at(picture.cx, picture.cy), 58 * scale, stroke=0, fill=1)
    pdf.setFillColor(colors.white)
    pdf.setFont("Helvetica-Bold", FONT * scale)
    for line, y in picture.centre_label.baselines:
        pdf.drawCentredString(*at(picture.cx, y), line)
    for node in picture.nodes:
        x, y = at(node.x, node.y)
        state = node.partner.state
        pdf.setDash(*((1, 1) if state == "ended" else ()))
        pdf.setStrokeColor(colors.HexColor("#842029" if state == "ended" else "#495057"))
        pdf.setFillColor(
            colors.white if state in ("ended", "dormant") else colors.HexColor("#0b4f8a")
        )
        pdf.circle(x, y, 6 * scale, stroke=1, fill=1)
        pdf.setDash()
        pdf.setFillColor(colors.HexColor("#212529"))
        pdf.setFont("Helvetica", FONT * scale)
        for line, baseline in node.label.baselines:
            lx, ly = at(node.label.x, baseline)
            if node.label.anchor == "end":
                pdf.drawRightString(lx, ly, line)
            else:
                pdf.drawString(lx, ly, line)
    pdf.showPage()
    pdf.save()
