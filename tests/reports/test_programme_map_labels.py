"""The programme's Netzwerkkarte (issue 30, point 3): every label, placed along its radius,
stays inside the picture and overlaps no other – on generated programmes of many sizes
(seeded), measured with the metrics of the font the browser draws (DejaVu Sans, 11 px, as in
static/css/thinka.css; wider than the usual system fonts, so an estimate on the safe side)."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from PIL import ImageFont

from projects.models import Project
from reports import dashboard
from tests import factories

FONT_PX = 11
LINE_PX = 13  # the height of a line of 11 px text

PARTS = [
    "Stadtteilverein",
    "Jobcenter",
    "Wohnungsbaugenossenschaft",
    "Diakonie",
    "Caritasverband",
    "Familienzentrum",
    "Suchtberatung",
    "Kreisvolkshochschule",
    "Mehrgenerationenhaus",
    "Planungskoordination",
    "ThILIK",
    "Landratsamt",
    "Bürgerstiftung",
    "Tafel",
    "Seniorenbeirat",
    "Integrationsdienst",
]
TOWNS = [
    "Sonneberg",
    "Nordhausen",
    "Altenburg",
    "Gera",
    "Eisenach",
    "Hildburghausen",
    "Sömmerda",
    "Greiz",
]


@pytest.fixture(scope="module")
def width():
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", FONT_PX * 10)
    except OSError:
        pytest.skip("DejaVuSans.ttf nicht installiert (fonts-dejavu-core)")
    return lambda text: font.getlength(text) / 10


def corners(node, text_width: float) -> list[tuple[float, float]]:
    """The label's box, turned with its text about its anchor point."""
    left = 0.0 if node.anchor == "start" else -text_width
    box = [
        (left, -LINE_PX / 2),
        (left + text_width, -LINE_PX / 2),
        (left + text_width, LINE_PX / 2),
        (left, LINE_PX / 2),
    ]
    turn = math.radians(node.rotate)
    cos, sin = math.cos(turn), math.sin(turn)
    return [(node.label_x + x * cos - y * sin, node.label_y + x * sin + y * cos) for x, y in box]


def overlap(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> bool:
    """Two convex boxes overlap unless an edge's normal separates them."""
    for polygon in (a, b):
        for (x1, y1), (x2, y2) in itertools.pairwise([*polygon, polygon[0]]):
            nx, ny = y2 - y1, x1 - x2
            first = [nx * x + ny * y for x, y in a]
            second = [nx * x + ny * y for x, y in b]
            if max(first) <= min(second) or max(second) <= min(first):
                return False
    return True


def programme(rng: random.Random, projects: int, organisations: int, shared_by: int):
    project_list = [
        factories.ProjectFactory(
            name=f"ThINKA {rng.choice(TOWNS)} {index} " + rng.choice(PARTS)[: rng.randint(0, 20)]
        )
        for index in range(projects)
    ]
    for index in range(organisations):
        name = " ".join(rng.choice(PARTS) for _ in range(rng.randint(1, 6))) + f" {index}"
        organisation = factories.OrganisationFactory(name=name[:200])
        for project in rng.sample(project_list, rng.randint(2, min(shared_by, projects))):
            factories.NetworkContactFactory(project=project, organisation=organisation)


@pytest.mark.parametrize(
    ("projects", "organisations", "shared_by"),
    [(2, 1, 2), (3, 5, 3), (8, 20, 4), (12, 40, 3), (30, 60, 6), (50, 60, 10), (60, 60, 20)],
)
def test_labels_stay_inside_and_apart(db, width, projects, organisations, shared_by):
    programme(random.Random(projects * 1000 + organisations), projects, organisations, shared_by)
    shared = dashboard.shared_organisations(limit=dashboard.MAP_ORGANISATIONS)
    graph = dashboard.network_map(shared, Project.objects.all(), link_organisations=True)
    boxes = {node.key: corners(node, width(node.short_label)) for node in graph.nodes}
    outside = [
        key
        for key, box in boxes.items()
        if any(not (0 <= x <= graph.size and 0 <= y <= graph.size) for x, y in box)
    ]
    crossing = [(a, b) for a, b in itertools.combinations(boxes, 2) if overlap(boxes[a], boxes[b])]
    names = [n.short_label for n in graph.nodes if not n.short_label.isdigit()]
    numbered = len(graph.nodes) - len(names)
    shortest = min(len(name) for name in names)
    print(
        f"\n{projects} Vorhaben, {len(shared)} Organisationen: {len(outside)} Beschriftungen "
        f"außerhalb, {len(crossing)} Paare überlappen; {len(names)} mit Namen (kürzester "
        f"{shortest} Zeichen), {numbered} mit der Nummer ihrer Tabellenzeile"
    )
    assert len(graph.nodes) == projects + len(shared)
    assert not outside, outside[:5]
    assert not crossing, crossing[:5]
    assert shortest >= dashboard.SHORTEST_NAME - 1  # a name or a number, never a stub
    for node in graph.nodes:  # a number names the organisation's row in the table
        if node.short_label.isdigit():
            assert shared[int(node.short_label) - 1][0].name == node.label
