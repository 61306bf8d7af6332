"""The Netzwerkkarte in Chromium: every label inside the picture and apart from the others
(measured by the browser, not assumed), no sideways scrolling, axe clean – at 1366 and 390 px."""

import datetime
import itertools
import math

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

BOXES = """() => {
  const svg = document.querySelector('svg.project-map');
  const view = svg.viewBox.baseVal;
  return {
    width: view.width, height: view.height,
    boxes: [...svg.querySelectorAll('text.map-label')].map(t => {
      const b = t.getBBox();
      return [b.x, b.y, b.x + b.width, b.y + b.height];
    }),
  };
}"""


@pytest.fixture
def crowded(world):
    from contacts.models import OrganisationType
    from tests import factories

    types = ["verein", "jobcenter", "schule-kita", "behoerde", "wohnungsunternehmen", "kirche"]
    long = "Arbeitsgemeinschaft der Wohlfahrtsverbände und Selbsthilfegruppen im Landkreis"
    for index in range(36):
        organisation = factories.OrganisationFactory(
            name=f"{long[: 18 + (index * 7) % 60]} Nr. {index}",
            organisation_type=factories.vocabulary(OrganisationType, types[index % len(types)]),
        )
        contact = factories.NetworkContactFactory(
            project=world.project_a, organisation=organisation, in_steering_group=index % 9 == 0
        )
        for days in range(index % 5):
            factories.InteractionFactory(
                network_contact=contact,
                date=datetime.date.today() - datetime.timedelta(days=20 * days + 3),
            )
    return world.project_a


@pytest.mark.parametrize("width", [1366, 390])
def test_project_map_labels_fit_and_the_page_is_accessible(new_page, world, crowded, width):
    page = new_page(world.staff_a, width=width, height=900)
    path = f"/netzwerk/netzwerkkarte/vorhaben/{crowded.pk}/"
    assert_accessible(page, path)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{width}px: the page scrolls sideways by {overflow}px"
    # The sectors the coordination office keeps (data migration), not one catch-all.
    assert page.locator(".project-map-figure ol li").count() == 7
    found = page.evaluate(BOXES)
    boxes = found["boxes"]
    assert len(boxes) == 36 + 1 + 1  # partners, the world's contact, the project
    for left, top, right, bottom in boxes:
        assert min(left, top) >= 0, (left, top)
        assert right <= found["width"], right
        assert bottom <= found["height"], bottom
    for a, b in itertools.combinations(boxes, 2):
        assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    if width < 576:
        # On a phone the table comes first, the picture below it at the screen's width.
        table = page.locator(".project-map-table").bounding_box()
        picture = page.locator(".project-map-figure").bounding_box()
        assert table["y"] < picture["y"]
        assert picture["width"] <= width
    screenshot(page, f"project-map-{width}")


# The programme's map: each label's box as the browser draws it – the text's length as laid
# out, turned with its rotation about its anchor point (rotated boxes, compared exactly).
PROGRAMME_LABELS = """() => {
  const svg = document.querySelector('.network-map svg');
  const view = svg.viewBox.baseVal;
  return {
    size: view.width,
    labels: [...svg.querySelectorAll('text')].map(t => {
      const box = t.getBBox();
      const turn = t.transform.baseVal.numberOfItems ? t.transform.baseVal.getItem(0).angle : 0;
      return {
        x: t.x.baseVal[0].value, y: t.y.baseVal[0].value, angle: turn,
        anchor: t.getAttribute('text-anchor'), length: t.getComputedTextLength(),
        height: box.height, text: t.textContent,
      };
    }),
  };
}"""


@pytest.fixture
def programme(world):
    """30 projects and 60 organisations, each shared by two to six of them (seeded)."""
    import random

    from tests import factories

    rng = random.Random(30)
    projects = [world.project_a, world.project_b] + [
        factories.ProjectFactory(name=f"ThINKA Landkreis Beispielort {i:02d}") for i in range(28)
    ]
    words = ["Stadtteilverein", "Wohnungsbaugenossenschaft", "Diakonie", "Jobcenter", "Tafel"]
    for index in range(60):
        organisation = factories.OrganisationFactory(
            name=" ".join(rng.choice(words) for _ in range(rng.randint(1, 4))) + f" {index}"
        )
        for project in rng.sample(projects, rng.randint(2, 6)):
            factories.NetworkContactFactory(project=project, organisation=organisation)
    return projects


@pytest.mark.parametrize("width", [1366, 390])
def test_programme_map_labels_fit_and_the_page_is_accessible(new_page, world, programme, width):
    from tests.reports.test_programme_map_labels import overlap

    page = new_page(world.coordination, width=width, height=900)
    assert_accessible(page, "/netzwerk/netzwerkkarte/")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{width}px: the page scrolls sideways by {overflow}px"
    found = page.evaluate(PROGRAMME_LABELS)
    size, labels = found["size"], found["labels"]
    assert len(labels) == 30 + 60
    boxes = []
    for label in labels:
        left = 0.0 if label["anchor"] == "start" else -label["length"]
        turn = math.radians(label["angle"])
        cos, sin = math.cos(turn), math.sin(turn)
        half = label["height"] / 2
        corners = [
            (label["x"] + x * cos - y * sin, label["y"] + x * sin + y * cos)
            for x, y in (
                (left, -half),
                (left + label["length"], -half),
                (left + label["length"], half),
                (left, half),
            )
        ]
        assert all(0 <= x <= size and 0 <= y <= size for x, y in corners), label["text"]
        boxes.append((label["text"], corners))
    crossing = [(a, b) for (a, ca), (b, cb) in itertools.combinations(boxes, 2) if overlap(ca, cb)]
    print(f"\n{width}px: {len(boxes)} Beschriftungen, {len(crossing)} Paare überlappen")
    assert not crossing, crossing[:5]
    screenshot(page, f"programme-map-{width}")
