"""Real-browser tests: Playwright drives the system's Chromium against the live server.

Chromium comes from Debian (`apt-get install chromium`); `playwright install` cannot
download here. Without a browser the tests are skipped with the reason, except in CI
(CI=true), where a missing browser fails the run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", "chromium"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


def pytest_collection_modifyitems(config, items):
    if chromium_path():
        return
    reason = "Chromium nicht gefunden (apt-get install -y chromium); Browsertests übersprungen"
    for item in items:
        if "browser" in item.keywords:
            if os.environ.get("CI") == "true":
                raise pytest.UsageError(
                    "CI=true, aber kein Chromium gefunden: Browsertests fehlen."
                )
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _live_server_sees_the_data(committed_db):
    """The live server runs in another thread: test data must be committed."""


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a page (optionally logged in as a persona) at a given viewport."""
    contexts = []

    def open_page(user=None, width: int = 1280, height: int = 900):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="de-DE", base_url=live_server.url
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        if user is not None:
            login(page, user.username)
        return page

    yield open_page
    for context in contexts:
        context.close()


def login(page, username: str, password: str = "Test-Passwort-123") -> None:
    page.goto("/konto/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/")


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
