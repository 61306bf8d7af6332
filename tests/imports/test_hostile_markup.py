"""Nothing from an uploaded list is ever markup (issue 32, point 1): a cell holding
``<meta http-equiv="refresh">`` once sent everyone who opened the mapping page elsewhere,
because crispy renders help texts unescaped and the examples came from the file.

The same payloads go into the file name, a column header, organisation names and
vocabulary values; every import page is then read as HTML and must hold none of them as
an element or attribute. ``tests/browser/test_hostile_upload.py`` checks the same pages'
DOM in Chromium.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportBatch
from tests.imports.test_import import xlsx

MARK = "thinka-xss"
PAYLOADS = [
    f'<meta http-equiv="refresh" content="0;url=https://example.invalid/{MARK}">',
    f'<img src="x" onerror="window.{MARK.replace("-", "_")}=1" class="{MARK}">',
    f'<svg onload="window.{MARK.replace("-", "_")}=2" class="{MARK}"></svg>',
    f"<script>window.{MARK.replace('-', '_')}=3</script>",
    f"<style>body{{display:none}} .{MARK}{{}}</style>",
    f'<base href="https://example.invalid/{MARK}/">',
]
FILE_NAME = f'liste-<img src=x onerror="{MARK}">.xlsx'


def hostile_workbook() -> bytes:
    """A list whose header, names, vocabulary values and notes are the payloads."""
    header = ["Name der Einrichtung", "Art", "Handlungsfeld", "Bemerkung", PAYLOADS[0]]
    rows = [
        [f"Verein {n} {payload}", payload, payload, payload, payload]
        for n, payload in enumerate(PAYLOADS, start=1)
    ]
    rows.append(["", "Verein", "", "eine Zeile ohne Namen: ein Fehler", PAYLOADS[1]])
    return xlsx([header, *rows])


def write_hostile_file(directory: Path) -> Path:
    path = directory / FILE_NAME.replace('"', "")
    path.write_bytes(hostile_workbook())
    return path


class _Elements(HTMLParser):
    """Every start tag with its attributes, as the browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        text = " ".join(f"{k}={v}" for k, v in attrs)
        if tag in ("meta", "base", "svg", "img", "style", "script") and MARK in text:
            self.found.append(f"<{tag} {text}>")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.found.append(f"<{tag} {text}>")
        if tag == "base":
            self.found.append(f"<{tag} {text}>")
        self.found += [f"<{tag} {k}=…>" for k, _v in attrs if k.startswith("on")]
        self._in_script = tag in ("script", "style")

    def handle_endtag(self, tag) -> None:
        self._in_script = False

    def handle_data(self, data) -> None:
        if self._in_script and (MARK.replace("-", "_") in data or "." + MARK + "{" in data):
            self.found.append(f"script/style text: {data[:60]}")


def injected(html: str) -> list[str]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


def import_pages(client, batch: ImportBatch) -> dict[str, str]:
    return {
        url: client.get(url).content.decode()
        for url in (
            reverse("imports:list"),
            reverse("imports:mapping", args=[batch.pk]),
            reverse("imports:preview", args=[batch.pk]),
            reverse("imports:preview", args=[batch.pk]) + "?show=error",
        )
    }


def test_the_parser_sees_the_payloads_it_looks_for():
    """The check itself: every payload, placed raw, is found."""
    for payload in PAYLOADS:
        assert injected(f"<p>{payload}</p>"), payload
    assert not injected("<p>&lt;meta http-equiv=&quot;refresh&quot;&gt;</p>")


def test_no_import_page_renders_markup_from_the_uploaded_list(client, world):
    client.force_login(world.staff_a)
    response = client.post(
        reverse("imports:list"),
        {"project": world.project_a.pk, "file": SimpleUploadedFile(FILE_NAME, hostile_workbook())},
    )
    batch = ImportBatch.objects.get()
    assert response.url == reverse("imports:mapping", args=[batch.pk])
    pages = import_pages(client, batch)
    mapping_page = pages[reverse("imports:mapping", args=[batch.pk])]
    # The values are there – as text: the examples of the name column quote the payloads.
    assert "Beispiele: Verein 5 &lt;style&gt;body{display:none}" in mapping_page
    assert "&amp;lt;" not in mapping_page  # escaped once, readable as the list has it
    for url, html in pages.items():
        assert injected(html) == [], url
        assert not re.search(r"<(meta|img|svg|script|style|base)[^>]*" + MARK, html), url
