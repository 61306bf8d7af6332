"""Every sheet of the ministry workbook readable on paper (issue 30, point 6): a generated
workbook with many projects, long names, many fields of action and cooperation forms.

Two checks per sheet, each printed:
- the effective print scale, computed from the sheet's page setup and column widths as
  LibreOffice lays it out without Calibri (DejaVu Sans, a digit 7 pt wide: the widest of the
  renderers), and confirmed by the text sizes LibreOffice writes into the sheet's PDF;
- no cell text wider than its column: every text measured with the font's metrics (DejaVu
  Sans, wider than Calibri and Carlito, so an estimate on the safe side); a wrapped cell
  breaks at spaces and hyphens, so each of its words must fit, and a column head must fit the
  height of its row.
"""

from __future__ import annotations

import datetime
import io
import random
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import ImageFont

from contacts.models import CooperationForm, FieldOfAction, Intensity, OrganisationType
from core.spreadsheets import FONT_PT, PRINTABLE_PT, UNIT_PT
from projects.districts import District
from projects.models import Project
from reports import periods
from reports.workbook import ExportRequest, write_ministry_workbook
from tests import factories
from tests.libreoffice import needs_libreoffice
from tests.site.test_on_paper import font_sizes, is_a4, pages, to_pdf

BAR_PT = 8.0
PADDING = 0.3  # units: LibreOffice keeps about 1 pt free on each side of a cell's text
LINE_PT = 12.8  # one line of 11 pt text in LibreOffice

WORD_TEXT = (
    "Verein Förderverein Stadtteilzentrum Wohnungsbaugenossenschaft Landesjugendhilfeausschuss "
    "Familienzentrum Beratungsstelle Integrationsfachdienst Kreisvolkshochschule "
    "Mehrgenerationenhaus Seniorenbeirat Quartiersmanagement Suchtberatung Migrationsdienst "
    "Schuldnerberatung Jugendmigrationsdienst Bürgerstiftung Arbeiterwohlfahrt Kreisverband "
    "Diakonisches Werk Caritasverband Nachbarschaftshilfe Ehrenamtsagentur Kinderschutzbund "
    "für und der die des im am Thüringen Ostthüringen Saale-Holzland Unstrut-Hainich "
    "Wartburgregion Kyffhäuser gemeinnützige GmbH e. V. Landesverband"
)
TOWN_TEXT = (
    "Sonneberg Hildburghausen Schmalkalden-Meiningen Nordhausen Altenburg Gera Eisenach "
    "Rudolstadt Saalfeld Pößneck Mühlhausen Sondershausen Apolda Greiz Sömmerda Ilmenau"
)
WORDS, TOWNS = WORD_TEXT.split(), TOWN_TEXT.split()


def measure(bold: bool):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        font = ImageFont.truetype(name, 110)
    except OSError:
        pytest.skip(f"{name} nicht installiert (fonts-dejavu-core, mit LibreOffice)")
    digit = font.getlength("0")
    return lambda text: font.getlength(text) / digit  # in column units (digits)


@pytest.fixture
def big_workbook(db) -> bytes:
    """30 projects with long names, 12 contacts each with long organisation names, several
    fields of action and cooperation forms, a person each: deterministic (seed 30)."""
    rng = random.Random(30)
    fields = list(FieldOfAction.objects.all())
    forms = list(CooperationForm.objects.all())
    types = list(OrganisationType.objects.all())
    districts = [value for value, _label in District.choices]
    line = factories.ProgrammeLineFactory()
    for number in range(30):
        name = f"ThINKA {rng.choice(TOWNS)} {number} – " + " ".join(
            rng.choice(TOWNS + ["Netzwerk", "Teilhabe", "Nachbarschaft", "Quartier"])
            for _ in range(rng.randint(1, 12))
        )
        project = factories.ProjectFactory(
            name=name[:150], programme_line=line, district=rng.choice(districts)
        )
        for _contact in range(12):
            organisation_name = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 22)))
            # a number of its own: the same words in another order are one organisation
            organisation = factories.OrganisationFactory(
                name=f"{organisation_name[:194].strip()} {number * 12 + _contact}",
                organisation_type=rng.choice(types),
                city=rng.choice(TOWNS),
            )
            contact = factories.NetworkContactFactory(
                project=project,
                organisation=organisation,
                since=datetime.date(2016, rng.randint(1, 12), rng.randint(1, 28)),
                intensity=rng.choice([value for value, _label in Intensity.choices]),
                in_steering_group=rng.random() < 0.3,
            )
            contact.fields_of_action.set(rng.sample(fields, rng.randint(0, len(fields))))
            contact.cooperation_forms.set(rng.sample(forms, rng.randint(0, len(forms))))
            factories.ContactPersonFactory(
                network_contact=contact,
                name=f"Dr. Anna-Katharina {rng.choice(TOWNS)}-Beispielfrau",
                function="Leitung der Kinder- und Jugendarbeit im Landkreis",
                email=f"anna.katharina{rng.randint(1, 999)}@beratung-{rng.choice(TOWNS).lower()}.de",
            )
            for _ in range(rng.randint(0, 3)):
                factories.InteractionFactory(
                    network_contact=contact, date=datetime.date(2016, rng.randint(7, 12), 3)
                )
    target = io.BytesIO()
    write_ministry_workbook(
        ExportRequest(
            projects=Project.objects.all(),
            period=periods.parse("2016-H2"),
            office="Test",
            include_persons=True,
        ),
        target,
    )
    return target.getvalue()


def shown(cell) -> str:
    """A cell's text as printed (dates in the German format, numbers as written)."""
    value = cell.value
    if isinstance(value, datetime.datetime) and "HH" in cell.number_format:
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def pieces(text: str) -> list[str]:
    """Where a wrapped cell may break: at spaces, after a hyphen or slash, at a soft hyphen
    (printed as a hyphen)."""
    found = []
    for word in text.split():
        found += [p.replace("\xad", "-") for p in re.findall(r"[^\-/\xad]*(?:[\-/\xad]|$)", word)]
    return [p for p in found if p]


def lines_needed(text: str, width: float, size) -> int:
    lines, used = 1, 0.0
    for word in text.split():
        length = size(word.replace("\xad", ""))
        if used and used + size(" ") + length > width - PADDING:
            lines, used = lines + 1, 0.0
        used += length + (size(" ") if used else 0)
    return lines


def widths_of(sheet, letter: str) -> float:
    return sheet.column_dimensions[letter].width


def effective_scale(sheet) -> tuple[float, list[float]]:
    """The print scale LibreOffice uses for ``sheet`` and the width (pt, printed) of each of
    its pages side by side."""
    letters = [sheet.cell(row=1, column=c).column_letter for c in range(1, sheet.max_column + 1)]
    widths = [sheet.column_dimensions[letter].width for letter in letters]
    if sheet.sheet_properties.pageSetUpPr.fitToPage:
        assert sheet.page_setup.fitToWidth == 1
        scale = min(1.0, PRINTABLE_PT / (sum(widths) * UNIT_PT))
        return scale, [sum(widths) * UNIT_PT * scale]
    scale = sheet.page_setup.scale / 100
    repeated = 0
    if sheet.print_title_cols:
        last = sheet.print_title_cols.split(":")[-1].replace("$", "")
        repeated = letters.index(last) + 1
    breaks = [brk.id for brk in sheet.col_breaks.brk] + [len(widths)]
    pages, start = [], repeated
    for end in breaks:
        pages.append((sum(widths[:repeated]) + sum(widths[start:end])) * UNIT_PT * scale)
        start = end
    return scale, pages


def test_every_sheet_prints_at_8_pt_or_more_and_no_cell_is_cut_off(big_workbook):
    book = load_workbook(io.BytesIO(big_workbook))
    regular, bold = measure(bold=False), measure(bold=True)
    problems = []
    print()
    for sheet in book.worksheets:
        scale, page_widths = effective_scale(sheet)
        printed = FONT_PT * scale
        widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
        checked = 0
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None or cell.value == "":
                    continue
                checked += 1
                text = shown(cell)
                size = bold if cell.font.b else regular
                room = widths[cell.column_letter] - PADDING
                if cell.alignment.wrap_text:
                    wide = [p for p in pieces(text) if size(p.rstrip()) > room]
                    if wide:
                        needed = max(size(p.rstrip()) for p in wide) + PADDING
                        problems.append((sheet.title, cell.coordinate, wide[0], needed))
                    height = sheet.row_dimensions[cell.row].height
                    if height and lines_needed(text, room, size) * LINE_PT > height + 1:
                        problems.append((sheet.title, cell.coordinate, "Höhe", height))
                elif size(text) > room:
                    problems.append((sheet.title, cell.coordinate, text, size(text) + PADDING))
        print(
            f"{sheet.title:22} Maßstab {scale:4.0%}  Schrift {printed:4.1f} pt  "
            f"Seiten nebeneinander {len(page_widths)}  {checked} Zellen geprüft"
        )
        assert printed >= BAR_PT, (sheet.title, printed)
        assert all(width <= PRINTABLE_PT + 0.5 for width in page_widths), (
            sheet.title,
            page_widths,
        )
    widest: dict[tuple[str, str], tuple[float, str]] = {}
    for title, coordinate, text, needed in problems:
        column = (title, re.sub(r"\d", "", coordinate))
        widest[column] = max(widest.get(column, (0.0, "")), (round(needed, 1), text))
    print(f"{len(problems)} Zellen abgeschnitten; breiteste je Spalte (nötige Breite):")
    for column, (needed, text) in sorted(widest.items()):
        print(" ", column, f"{widths_of(book[column[0]], column[1])} < {needed}: {text!r}")
    assert not problems


@needs_libreoffice
def test_libreoffice_prints_every_sheet_at_8_pt_or_more(big_workbook, tmp_path):
    """The figures above as LibreOffice prints them: each sheet on its own (a copy of the
    workbook with only that sheet), every page A4 landscape, its text at 8 pt or more."""
    names = load_workbook(io.BytesIO(big_workbook), read_only=True).sheetnames
    smallest = {}
    for index, name in enumerate(names):
        book = load_workbook(io.BytesIO(big_workbook))
        for other in [n for n in names if n != name]:
            del book[other]
        source = Path(tmp_path / f"blatt{index}.xlsx")
        book.save(source)
        pdf = to_pdf(source, tmp_path)
        sizes = pages(pdf)
        assert all(is_a4(size, landscape=True) for size in sizes), (name, sizes)
        smallest[name] = (min(font_sizes(pdf)), len(sizes))
    print()
    for name, (size, count) in smallest.items():
        print(f"{name:22} kleinste Schrift {size:4.1f} pt auf {count} Seiten")
    assert all(size >= BAR_PT for size, _count in smallest.values()), smallest
