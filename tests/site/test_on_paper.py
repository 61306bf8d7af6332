"""Workbook and minutes read on paper (issue 18): checked as a reader would – converted to
PDF by LibreOffice (CI installs Calc and Writer), every page A4, the workbook in landscape
with no sheet spilling columns onto extra pages, the minutes with page numbers."""

from __future__ import annotations

import io
import re
import zlib

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from tests import factories
from tests.libreoffice import convert, needs_libreoffice

A4 = (595.3, 841.9)  # points


def to_pdf(source, tmp_path) -> bytes:
    convert(source, tmp_path, "pdf")
    return (tmp_path / (source.stem + ".pdf")).read_bytes()


def pages(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height of every page (its MediaBox), in order."""
    boxes = re.findall(
        rb"/Type\s*/Page\b(?!s).*?/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)",
        pdf,
        flags=re.S,
    )
    if not boxes:  # MediaBox before /Type in the page dictionary
        boxes = re.findall(
            rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\][^>]*?/Type\s*/Page\b(?!s)",
            pdf,
            flags=re.S,
        )
    count = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    if len(boxes) != count:  # one MediaBox for all, in the page tree
        box = re.search(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", pdf)
        boxes = [box.groups()] * count
    return [(float(x2) - float(x1), float(y2) - float(y1)) for x1, y1, x2, y2 in boxes]


def font_sizes(pdf: bytes) -> list[float]:
    """The smallest font size (pt) on each page, from the pages' content streams in order."""
    smallest = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, flags=re.S):
        try:
            content = zlib.decompress(match.group(1))
        except zlib.error:
            continue  # fonts, images: no page text
        sizes = [float(size) for size in re.findall(rb"/F\d+ ([\d.]+) Tf", content)]
        if sizes:
            smallest.append(min(sizes))
    return smallest


def is_a4(size: tuple[float, float], *, landscape: bool) -> bool:
    width, height = size
    expected = (A4[1], A4[0]) if landscape else A4
    return abs(width - expected[0]) < 3 and abs(height - expected[1]) < 3


@needs_libreoffice
def test_every_sheet_of_the_workbook_fits_a4_landscape(world, tmp_path):
    factories.NetworkContactFactory(project=world.project_a)
    target = tmp_path / "bericht.xlsx"
    call_command("export_ministry", "--period", "2016-H2", "--output", str(target))
    pdf = to_pdf(target, tmp_path)
    sizes = pages(pdf)
    print(f"Arbeitsmappe: {len(sizes)} Seiten, {sizes[0]}")
    assert all(is_a4(size, landscape=True) for size in sizes), sizes
    # Every page, every sheet, read on paper at 8 pt or more: LibreOffice writes each page's
    # text with its printed size ("/F1 8.5 Tf"). Sheets wider than a page print their columns
    # on pages side by side (tests/reports/test_workbook_on_paper.py checks each sheet).
    smallest = font_sizes(pdf)
    print("kleinste Schrift je Seite:", smallest)
    assert len(smallest) == len(sizes)
    assert min(smallest) >= 8, smallest


@pytest.fixture
def minutes(client, world):
    meeting = factories.MeetingFactory(number=6, place="Sonneberg")
    meeting.guests.create(name="Denis Heymann", organisation="ThILIK", position=1)
    meeting.report_items.create(kind="success", text="Gemeinsames Stadtteilfest", position=1)
    meeting.report_items.create(
        kind="success", text="Neue Sprechstunde", project=world.project_a, position=2
    )
    client.force_login(world.staff_a)
    return client.get(reverse("exchanges:docx", args=[meeting.pk])).content


def test_the_minutes_are_a4_with_page_numbers_and_clear_headings(minutes):
    document = Document(io.BytesIO(minutes))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer
    assert "NUMPAGES" in footer
    levels = {
        p.text: p.style.name for p in document.paragraphs if p.style.name.startswith("Heading")
    }
    assert levels["Gäste"] == "Heading 3"
    assert levels["Zusammengefasst"] == "Heading 3"
    assert levels["Erfolge"] == "Heading 4"  # below "Zusammengefasst", not beside projects
    assert levels["ThINKA Sonneberg"] == "Heading 3"


@needs_libreoffice
def test_the_minutes_print_on_a4_portrait(minutes, tmp_path):
    source = tmp_path / "dokumentation.docx"
    source.write_bytes(minutes)
    pdf = to_pdf(source, tmp_path)
    sizes = pages(pdf)
    assert sizes, "keine Seite"
    assert all(is_a4(size, landscape=False) for size in sizes), sizes
