"""Which navigation item is highlighted for which page."""

import pytest
from django.urls import reverse

from portal.context_processors import current_section


@pytest.mark.parametrize(
    ("url_name", "kwargs", "section"),
    [
        ("contacts:list", {}, "contacts"),
        ("contacts:organisation_list", {}, "organisations"),
        ("reports:dashboard", {}, "dashboard"),
        ("reports:network_map", {}, "dashboard"),
        ("reports:ministry_export", {}, "export"),
        ("reports:export_log", {}, "admin"),
        ("projects:user_list", {}, "admin"),
        ("projects:list", {}, "projects"),
        ("exchanges:list", {}, "exchanges"),
        ("home", {}, ""),
    ],
)
def test_each_page_highlights_its_section(rf, url_name, kwargs, section):
    from django.urls import resolve

    path = reverse(url_name, kwargs=kwargs)
    request = rf.get(path)
    request.resolver_match = resolve(path)
    assert current_section(request) == section


def test_the_highlighted_item_is_marked_for_screen_readers(client, world):
    client.force_login(world.coordination)
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert 'class="nav-link active" aria-current="true" href="/netzwerk/uebersicht/"' in html
