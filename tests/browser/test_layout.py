"""Pages read at a glance on a phone, a tablet and a laptop: no sideways scrolling of the
page, no cell cut off at 1366 px, the list as cards on a phone, the menu on one line from
1280 px and folded into the menu button below."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.browser

WIDTHS = (390, 768, 1280, 1366)


def _long_name(user) -> None:
    """The widest menu: a long name in the user menu (the test data's are short)."""
    user.first_name, user.last_name = "Maximiliane", "Mustermann-Schulze-Oberhofer"
    user.save()


@pytest.fixture
def full_list(world):
    """A list with long names and several fields of action, as a real project has."""
    from contacts.models import FieldOfAction

    _long_name(world.coordination)
    fields = list(FieldOfAction.objects.all()[:4])
    for number in range(12):
        contact = factories.NetworkContactFactory(
            project=world.project_a,
            organisation=factories.OrganisationFactory(
                name=f"Kinder- und Jugendhilfezentrum Mehrgenerationenhaus Nummer {number}",
                city="Sonneberg-Neufang",
            ),
        )
        contact.fields_of_action.set(fields)
    return world


def _pages(world):
    return [
        "/",
        "/netzwerk/",
        f"/netzwerk/{world.contact_a.pk}/",
        "/netzwerk/uebersicht/",
        "/austausch/",
        "/netzwerk/import/",
    ]


def _no_sideways_scrolling(page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url}: {overflow} px sideways at {page.viewport_size['width']}"


@pytest.mark.parametrize("width", WIDTHS)
def test_main_pages_never_scroll_sideways(new_page, full_list, width):
    page = new_page(full_list.coordination, width=width, height=900)
    for path in _pages(full_list):
        page.goto(path)
        _no_sideways_scrolling(page)


@pytest.mark.parametrize("width", [1280, 1366])
def test_the_list_shows_every_column_without_cutting_at_laptop_widths(new_page, full_list, width):
    page = new_page(full_list.coordination, width=width, height=900)
    page.goto("/netzwerk/")
    wrapper = page.locator(".table-responsive").first
    hidden = wrapper.evaluate("el => el.scrollWidth - el.clientWidth")
    assert hidden <= 0, f"{hidden} px of the list cut off at {width} px"


def test_on_a_phone_each_contact_is_a_card(new_page, full_list):
    page = new_page(full_list.staff_a, width=390, height=844)
    page.goto("/netzwerk/")
    row = page.locator("table.table-cards tbody tr").first
    assert row.evaluate("el => getComputedStyle(el).display") == "block"
    expect(row.locator("td[data-label='Status']")).to_be_visible()
    expect(row.locator("td[data-label='Handlungsfelder']")).to_be_hidden()


@pytest.mark.parametrize("width", [1280, 1366])
def test_the_menu_fits_one_line_from_1280_px(new_page, world, width):
    _long_name(world.coordination)
    page = new_page(world.coordination, width=width, height=900)
    page.goto("/")
    expect(page.locator(".navbar-toggler")).to_be_hidden()
    tops = page.locator("#main-nav .nav-link").evaluate_all(
        "links => links.map(link => Math.round(link.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 1, tops


def test_below_1280_px_the_menu_folds_into_its_button(new_page, world):
    page = new_page(world.coordination, width=1024, height=900)
    page.goto("/")
    toggler = page.locator(".navbar-toggler")
    expect(toggler).to_be_visible()
    toggler.click()
    expect(page.locator("#main-nav")).to_be_visible()
