"""The mutation run's areas (tools/mutate.py, docs/testing.md) list every test file that
guards them (issue 34): each file that imports one of an area's modules itself is declared,
so that ``MUTATE_DECLARED_ONLY=1`` on a busy machine still runs them all, and every declared
file exists."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("mutate_tool", ROOT / "tools" / "mutate.py")
assert _spec is not None
assert _spec.loader is not None
mutate = importlib.util.module_from_spec(_spec)
sys.modules["mutate_tool"] = mutate  # its dataclass looks itself up there
_spec.loader.exec_module(mutate)


def _direct_importers(paths: list[str]) -> set[str]:
    modules = {path.removesuffix(".py").replace("/", ".") for path in paths}
    return {
        str(test.relative_to(ROOT))
        for test in (ROOT / "tests").rglob("test_*.py")
        if "browser" not in test.parts and mutate._imported_modules(test) & modules
    }


@pytest.mark.parametrize("area", sorted(mutate.AREAS))
def test_every_declared_test_file_exists(area):
    _paths, declared = mutate.AREAS[area]
    assert [name for name in declared if not (ROOT / name).is_file()] == []
    assert len(declared) == len(set(declared))


@pytest.mark.parametrize("area", sorted(mutate.AREAS))
def test_every_test_file_importing_an_area_module_is_declared(area):
    paths, declared = mutate.AREAS[area]
    missing = sorted(_direct_importers(paths) - set(declared))
    assert missing == [], f"{area}: nicht erklärt – {missing}"


def test_the_parser_declares_the_files_the_issue_found_missing():
    _paths, declared = mutate.AREAS["parser"]
    for name in ("test_import_shapes.py", "test_import_pages.py", "test_updates.py"):
        assert f"tests/imports/{name}" in declared


def test_a_test_file_is_seen_importing_a_module(tmp_path):
    test = tmp_path / "test_x.py"
    test.write_text("from imports import tables\nimport core.versioning\n")
    assert {"imports.tables", "core.versioning"} <= mutate._imported_modules(test)
