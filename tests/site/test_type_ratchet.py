"""The type ratchet (issue 34): the modules whose mypy errors are not yet reported only ever
shrink. A module leaves the list once mypy is clean on it; none is added."""

from __future__ import annotations

import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"

# The remainder as of 07.12.2026: modules other issues rewrite this round.
REMAINDER = {
    "imports.*",
    "contacts.names",
    "contacts.recognition",
    "reports.netmap",
    "reports.network",
    "reports.network_views",
    "reports.tasks",
    "reports.workbook",
}
CHECKED_APPS = ["core", "projects", "contacts", "exchanges", "imports", "reports", "portal", "thinka_site"]  # fmt: skip


def _config() -> dict:
    return tomllib.loads(PYPROJECT.read_text())["tool"]["mypy"]


def _silenced() -> set[str]:
    return {
        module
        for override in _config().get("overrides", [])
        if override.get("ignore_errors")
        for module in override["module"]
    }


def test_the_silenced_modules_only_shrink():
    silenced = _silenced()
    print(f"nicht gemeldet: {sorted(silenced)}")
    assert silenced <= REMAINDER, f"neu stillgelegt: {sorted(silenced - REMAINDER)}"


def test_no_whole_app_is_silenced_but_the_import():
    apps = {module.removesuffix(".*") for module in _silenced() if module.endswith(".*")}
    assert apps <= {"imports"}


def test_every_app_is_checked_strictly():
    config = _config()
    assert set(config["files"]) == set(CHECKED_APPS)
    assert config["disallow_untyped_defs"] is True
    assert config["check_untyped_defs"] is True
    assert "ignore-without-code" in config["enable_error_code"]
