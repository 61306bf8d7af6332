"""The review's Chromium check, repeatable (issue 32, point 1): a list full of markup is
uploaded through the page, and every import page's DOM – as the browser built it – holds
none of it as an element, attribute or script; no page was sent elsewhere."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from imports.models import ImportBatch
from tests.imports.test_hostile_markup import MARK, write_hostile_file

pytestmark = pytest.mark.browser

FIND_INJECTED = """(mark) => {
  const found = [];
  for (const el of document.querySelectorAll(
      'meta[http-equiv], base, [onerror], [onload], img, svg, script, style')) {
    const html = el.outerHTML;
    if (el.matches('meta[http-equiv], base, [onerror], [onload]') || html.includes(mark)
        || html.includes(mark.replaceAll('-', '_'))) {
      found.push(html.slice(0, 120));
    }
  }
  if (window[mark.replaceAll('-', '_')] !== undefined) found.push('script ran');
  return found;
}"""


def test_no_import_page_holds_markup_from_an_uploaded_list(new_page, world, tmp_path, live_server):
    page = new_page(world.staff_a)
    page.goto("/netzwerk/import/")
    page.get_by_label("Datei").set_input_files(str(write_hostile_file(tmp_path)))
    page.get_by_role("button", name="Hochladen und weiter").click()
    expect(page.get_by_role("heading", name="Spalten zuordnen")).to_be_visible()
    batch = ImportBatch.objects.get()
    # The payloads are on the page as text, where the list has them.
    expect(page.get_by_text("Beispiele: Verein 5 <style>").first).to_be_visible()
    for path in (
        f"/netzwerk/import/{batch.pk}/zuordnung/",
        f"/netzwerk/import/{batch.pk}/",
        f"/netzwerk/import/{batch.pk}/?show=error",
        "/netzwerk/import/",
    ):
        page.goto(path)
        page.wait_for_timeout(300)  # long enough for a meta refresh of 0 s to fire
        assert page.url == live_server.url + path, "the page was sent elsewhere"
        assert page.evaluate(FIND_INJECTED, MARK) == [], path
