"""The Netzwerkkarte in Chromium: every label inside the picture and apart from the others
(measured by the browser, not assumed), no sideways scrolling, axe clean – at 1366 and 390 px."""

import datetime
import itertools

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
