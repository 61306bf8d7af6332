"""Numbers the browser sends back are never localised: with USE_THOUSAND_SEPARATOR a key
rendered as ``{{ person.pk }}`` reads "17.304" once a table passes 999 rows – a checkbox
value the form then refuses, a page link to "page=1.000". On PostgreSQL (whose sequences a
test run never resets) the notice print view failed exactly so. Keys, ids and page numbers
inside HTML attributes go through ``|stringformat:"d"`` (or ``|unlocalize``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from contacts.models import DataSource
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
# {{ something.pk }}, {{ x.project_id }}, {{ page.next_page_number }} – without a filter
BARE_NUMBER = re.compile(r"\{\{\s*[\w.]*(?:\bpk|\.id|(?<=[a-z])(?<!\.auto)_id|_number)\s*\}\}")
ATTRIBUTE = re.compile(r'\b(?:value|id|for|href|name|data-[\w-]+|aria-[\w-]+)="([^"]*)"')


def _templates() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.html")
        if ".venv" not in path.parts and "staticfiles" not in path.parts
    ]


def test_no_template_puts_a_localisable_number_into_an_attribute():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in _templates()
        for attribute in ATTRIBUTE.finditer(path.read_text(encoding="utf-8"))
        for match in BARE_NUMBER.finditer(attribute.group(1))
    ]
    assert not found, "\n".join(found)


def test_the_check_finds_a_bare_key_in_an_attribute():
    text = '<input value="{{ person.pk }}"> <a href="?page={{ page.next_page_number }}">'
    hits = [m.group(0) for a in ATTRIBUTE.finditer(text) for m in BARE_NUMBER.finditer(a.group(1))]
    assert len(hits) == 2
    fixed = '<input value="{{ person.pk|stringformat:"d" }}">'
    assert not [m for a in ATTRIBUTE.finditer(fixed) for m in BARE_NUMBER.finditer(a.group(1))]


@pytest.mark.django_db
def test_a_person_with_a_five_digit_key_can_be_chosen_and_informed(client, world):
    factories.ContactPersonFactory(
        pk=17304, network_contact=world.contact_a, name="Ada Alt", source=DataSource.IMPORTED
    )
    client.force_login(world.staff_a)
    page = client.get(reverse("contacts:persons_inform")).content.decode()
    assert 'value="17304"' in page
    printed = client.post(
        reverse("contacts:persons_inform"), {"persons": ["17304"], "action": "print"}
    )
    assert "Guten Tag Ada Alt" in printed.content.decode()
