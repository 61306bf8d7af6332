"""docs/architecture.md stays true to the tree (issue 34): the middleware section names every
middleware in the order of the settings, the data flows are numbered in order, and every
module the glossary and the type ratchet name exists."""

from __future__ import annotations

import importlib
import importlib.util
import re
from pathlib import Path

from django.conf import settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def _section(title: str) -> str:
    text = DOC.read_text()
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def test_the_middleware_section_lists_the_settings_in_order():
    section = _section("Middleware")
    named = [
        re.search(r"`([\w.]+)`", line).group(1).rsplit(".", 1)[-1]
        for line in section.splitlines()
        if re.match(r"^\d+\. ", line)
    ]
    assert named == [path.rsplit(".", 1)[-1] for path in settings.MIDDLEWARE]


def test_the_data_flows_are_numbered_in_order():
    numbers = [int(n) for n in re.findall(r"^## Datenfluss (\d+):", DOC.read_text(), re.M)]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 3


def test_the_modules_the_glossary_names_exist():
    section = _section("Begriffe")
    modules = set(
        re.findall(
            r"`((?:core|projects|contacts|exchanges|imports|reports|portal)\.[a-z_]+)", section
        )
    )
    assert modules
    for name in sorted(modules):
        importlib.import_module(name) if importlib.util.find_spec(name) else None
        module, _, attribute = name.rpartition(".")
        found = importlib.util.find_spec(name) or hasattr(
            importlib.import_module(module), attribute
        )
        assert found, f"{name} gibt es nicht"
