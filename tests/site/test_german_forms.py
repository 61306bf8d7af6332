"""No English in the German interface: every page of the URL matrix, as each role that may
open it, shown empty and – for a page with a form – sent back empty, so that validation
messages and every select's empty choice are on the page too."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from tests.test_url_matrix import MATRIX

# Texts Django, its contrib apps and crispy-forms show when a translation is missing.
ENGLISH = re.compile(
    r"- Select an option -|-{9}|\b(?:This field|Enter a valid|Ensure this value|Select a valid"
    r"|Currently|Change|Clear|Submit|Save|Cancel|Delete|Search|Next|Previous|Yes|No|Required"
    r"|Unknown|Please|Choose|Select)\b"
)
_INVISIBLE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_SHOWN_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"')
ROLES = ("staff_a", "coordination", "ministry")
PAGES = [
    pytest.param(name, index, role, id=f"{name}[{index}]-{role}")
    for name, cases in MATRIX.items()
    if not name.startswith("admin:")
    for index, case in enumerate(cases)
    if case.method == "get"
    for role in ROLES
    if case.expect[role] == 200
]


def shown_text(page: str) -> str:
    """What a reader sees or hears: text and labelling attributes, without tags and code."""
    page = _INVISIBLE.sub(" ", page)
    attributes = " ".join(_SHOWN_ATTRIBUTES.findall(page))
    text = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(f"{text} {attributes}")


def english_in(response) -> list[str]:
    if "text/html" not in response.get("Content-Type", "") or getattr(response, "streaming", False):
        return []
    return sorted({m.group(0) for m in ENGLISH.finditer(shown_text(response.content.decode()))})


def test_the_check_finds_english_where_it_is():
    assert english_in(_FakeResponse('<select><option value="">- Select an option -</option>')) == [
        "- Select an option -"
    ]
    assert english_in(_FakeResponse('<p>Bitte wählen</p><button aria-label="Save">')) == ["Save"]
    assert english_in(_FakeResponse("<p>Speichern · Nein · Nächste</p>")) == []


class _FakeResponse(dict):
    def __init__(self, body: str) -> None:
        super().__init__({"Content-Type": "text/html"})
        self.content = body.encode()

    def get(self, key, default=None):
        return super().get(key, default)


@pytest.mark.parametrize(("name", "index", "role"), PAGES)
def test_every_page_and_its_form_errors_are_german(client, world, name, index, role):
    case = MATRIX[name][index]
    client.force_login(world.user(role))
    url = reverse(name, kwargs=case.kwargs(world))
    data = case.data(world) if case.data else {}
    page = client.get(url, data)
    assert english_in(page) == [], f"{url} als {role}"
    if not getattr(page, "streaming", False) and b'method="post"' in page.content:
        sent_back = client.post(url, {})  # every field empty: the form shows its errors
        assert english_in(sent_back) == [], f"{url} leer abgeschickt als {role}"
