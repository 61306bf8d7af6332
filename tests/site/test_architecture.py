"""The layout tells the architecture: the dependency rule between the apps holds, and the
contract that guards it really fails on a wrong import (docs/architecture.md)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PACKAGES = PYPROJECT["tool"]["importlinter"]["root_packages"]

pytestmark = pytest.mark.skipif(
    not LINT_IMPORTS.exists(), reason="import-linter fehlt (make test installiert es)"
)


def lint(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def copy_of_tree(tmp_path: Path) -> Path:
    """The apps' Python files and the contract, to break on purpose."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("templates", "static", "__pycache__", "*.html"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_code(tree: Path, module: str, code: str) -> None:
    path = tree / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text() + "\n\n" + code + "\n")


def test_every_app_is_a_layer_of_the_contract():
    ours = {config.name for config in apps.get_app_configs() if (ROOT / config.name).is_dir()}
    assert ours <= set(PACKAGES), f"Apps ohne Platz in der Schichtung: {ours - set(PACKAGES)}"


def test_the_tree_keeps_the_contract():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "code", "forbidden"),
    [
        # upward: the base may not know the apps above it
        ("core.widgets", "from portal import views as _portal_views", "core.widgets -> portal"),
        # upward, hidden inside a function (how projects.access once reached contacts)
        (
            "projects.access",
            "def _contacts():\n    from contacts.models import NetworkContact\n\n"
            "    return NetworkContact",
            "projects.access -> contacts.models",
        ),
        # sideways: siblings in one layer stay independent
        ("imports.views", "from reports import workbook as _workbook", "imports.views -> reports"),
        ("contacts.views", "from exchanges import selectors as _s", "contacts.views -> exchanges"),
    ],
)
def test_the_contract_fails_on_a_wrong_import(copy_of_tree, module, code, forbidden):
    add_code(copy_of_tree, module, code)
    result = lint(copy_of_tree)
    assert result.returncode != 0
    assert "1 broken" in result.stdout
    assert forbidden in result.stdout.replace("\n", " "), result.stdout
