"""What a spreadsheet shows beyond its values: merged cells, hidden and filtered rows, cell
colours and bold type – read from the file's XML after the container checks
(``reading.check_container``), never by running anything.

calamine (``imports.reading``) reads the values and, for .xlsx and .xls, the merged ranges;
this module adds what it does not offer: merged ranges of .ods files, hidden rows of .xlsx
and .ods, and the look of cells (fill colour, bold) – the look only when a sheet explains it
in a legend (``imports.shapes``), and then read once per sheet.

Small parts (workbook, relations, styles) are parsed with defusedxml; a worksheet's XML is
scanned for its row and cell tags with regular expressions, which neither expands entities
nor builds a tree, so a sheet of 20,000 rows costs milliseconds.
"""

from __future__ import annotations

import colorsys
import functools
import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element  # noqa: S405 – the type only; defusedxml parses

from defusedxml import DefusedXmlException, ElementTree

SPREADSHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
STYLE_NS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO_NS = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
MAX_LOOK_COLUMNS = 300  # a style repeated over a whole row (16,384 columns) is not expanded

_HIDDEN_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*\bhidden=\"(?:1|true)\"[^>]*)>")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\b([^>]*)>")
_ATTRIBUTE = re.compile(rb'\b([\w:]+)="([^"]*)"')
_FILTER_TAG = re.compile(rb"<(?:\w+:)?autoFilter\b")
_CELL_REFERENCE = re.compile(r"^([A-Z]+)(\d+)$")

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Look:
    """How a cell looks: its fill colour (None: no fill) and whether its text is bold."""

    fill: RGB | None = None
    bold: bool = False


@dataclass
class SheetLayout:
    """One sheet's layout beside its values (0-based row and column indices)."""

    hidden_rows: set[int] = field(default_factory=set)
    filtered: bool = False
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    looks: dict[tuple[int, int], Look] | None = None  # None: not read (yet)
    load_looks: Callable[[], dict[tuple[int, int], Look]] | None = None

    def cell_looks(self) -> dict[tuple[int, int], Look]:
        """The look of every formatted cell, read on first use."""
        if self.looks is None:
            try:
                self.looks = self.load_looks() if self.load_looks else {}
            except (ElementTree.ParseError, DefusedXmlException, KeyError, ValueError):
                self.looks = {}  # the values are what matters; the look only helps
        return self.looks


def _attributes(raw: bytes) -> dict[bytes, bytes]:
    return dict(_ATTRIBUTE.findall(raw))


def _column_index(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


# --- .xlsx -----------------------------------------------------------------------------------


def _xlsx_sheet_paths(archive: zipfile.ZipFile) -> list[str]:
    """The worksheets' part names in the workbook's order (calamine's sheet order)."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in relations.iter(f"{{{PACKAGE_RELATIONS_NS}}}Relationship")
    }
    paths = []
    for sheet in workbook.iter(f"{{{SPREADSHEET_NS}}}sheet"):
        target = targets.get(sheet.get(f"{{{RELATIONS_NS}}}id"), "")
        if target.startswith("/"):
            paths.append(target.lstrip("/"))
        else:
            paths.append(posixpath.normpath(posixpath.join("xl", target)))
    return paths


def _hex_rgb(value: str) -> RGB | None:
    value = value.lstrip("#")[-6:]
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", value):
        return None
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _tinted(rgb: RGB, tint: float) -> RGB:
    """Excel's tint: lighter towards white (> 0) or darker (< 0), in HLS lightness."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    lightness = lightness * (1 + tint) if tint < 0 else lightness * (1 - tint) + tint
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return round(red * 255), round(green * 255), round(blue * 255)


def _theme_colours(archive: zipfile.ZipFile) -> list[RGB]:
    """Theme colour index → colour (Excel swaps the first two pairs: light 1, dark 1, …)."""
    name = next((n for n in archive.namelist() if n.startswith("xl/theme/")), None)
    if name is None:
        return []
    scheme = next(ElementTree.fromstring(archive.read(name)).iter(f"{{{DRAWING_NS}}}clrScheme"))
    colours: list[RGB] = []
    for entry in scheme:
        rgb = None
        for child in entry:
            rgb = _hex_rgb(
                child.get("val", "") if "srgb" in child.tag else child.get("lastClr", "")
            )
        colours.append(rgb or (0, 0, 0))
    if len(colours) >= 4:
        colours[0], colours[1], colours[2], colours[3] = (
            colours[1], colours[0], colours[3], colours[2]
        )  # fmt: skip
    return colours


def _xlsx_colour(element: Element | None, theme: list[RGB]) -> RGB | None:
    if element is None:
        return None
    rgb = None
    themed, indexed, tint = (element.get(name, "") for name in ("theme", "indexed", "tint"))
    if value := element.get("rgb"):
        rgb = _hex_rgb(value)
    elif themed.isdigit():
        index = int(themed)
        rgb = theme[index] if index < len(theme) else None
    elif indexed.isdigit():
        index = int(indexed)
        rgb = _hex_rgb(INDEXED[index]) if index < len(INDEXED) else None
    if rgb is not None and re.fullmatch(r"-?\d*\.?\d+(?:[eE]-?\d+)?", tint):
        rgb = _tinted(rgb, max(-1.0, min(1.0, float(tint))))
    return rgb


def _xlsx_styles(archive: zipfile.ZipFile) -> list[Look]:
    """Each cell format (the ``s`` of a cell) as a look."""
    if "xl/styles.xml" not in archive.namelist():
        return []
    styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    theme = _theme_colours(archive)
    ns = f"{{{SPREADSHEET_NS}}}"
    fills: list[RGB | None] = []
    fills_element = styles.find(f"{ns}fills")
    for fill in fills_element if fills_element is not None else []:
        pattern = fill.find(f"{ns}patternFill")
        if pattern is None or pattern.get("patternType") in (None, "none"):
            fills.append(None)
        else:
            fills.append(_xlsx_colour(pattern.find(f"{ns}fgColor"), theme))
    bolds: list[bool] = []
    fonts_element = styles.find(f"{ns}fonts")
    for font in fonts_element if fonts_element is not None else []:
        bold = font.find(f"{ns}b")
        bolds.append(bold is not None and bold.get("val", "1") not in ("0", "false"))
    looks = []
    formats = styles.find(f"{ns}cellXfs")
    for xf in formats if formats is not None else []:
        fill_id, font_id = int(xf.get("fillId", 0)), int(xf.get("fontId", 0))
        looks.append(
            Look(
                fill=fills[fill_id] if fill_id < len(fills) else None,
                bold=bolds[font_id] if font_id < len(bolds) else False,
            )
        )
    return looks


def _xlsx_looks(data: bytes, path: str) -> dict[tuple[int, int], Look]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = _xlsx_styles(archive)
        xml = archive.read(path)
    looks: dict[tuple[int, int], Look] = {}
    plain = Look()
    for match in _CELL_TAG.finditer(xml):
        attributes = _attributes(match[1])
        style, reference = attributes.get(b"s"), attributes.get(b"r")
        if not style or not reference or not style.isdigit() or int(style) >= len(styles):
            continue
        look = styles[int(style)]
        cell = _CELL_REFERENCE.match(reference.decode("ascii", "replace"))
        if look != plain and cell:
            looks[(int(cell[2]) - 1, _column_index(cell[1]))] = look
    return looks


def xlsx_layouts(data: bytes) -> list[SheetLayout]:
    """Hidden rows and filters of each worksheet (in the workbook's order); the looks are
    read when first asked for."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            paths = _xlsx_sheet_paths(archive)
        except (KeyError, ElementTree.ParseError, StopIteration):
            return []
        layouts = []
        for path in paths:
            try:
                xml = archive.read(path)
            except KeyError:
                layouts.append(SheetLayout())
                continue
            hidden = set()
            for match in _HIDDEN_ROW_TAG.finditer(xml) if b"hidden=" in xml else ():
                attributes = _attributes(match[1])
                if (
                    attributes.get(b"hidden") in (b"1", b"true")
                    and attributes.get(b"r", b"").isdigit()
                ):
                    hidden.add(int(attributes[b"r"]) - 1)
            layouts.append(
                SheetLayout(
                    hidden_rows=hidden,
                    filtered=bool(_FILTER_TAG.search(xml)),
                    load_looks=functools.partial(_xlsx_looks, data, path),
                )
            )
    return layouts


# --- .ods ------------------------------------------------------------------------------------


def _ods_style(style: Element, looks: dict[str, Look]) -> None:
    """A cell style's look, inheriting what its parent style (already read) sets."""
    if style.get(f"{{{STYLE_NS}}}family") != "table-cell":
        return
    cell = style.find(f"{{{STYLE_NS}}}table-cell-properties")
    text = style.find(f"{{{STYLE_NS}}}text-properties")
    background = cell.get(f"{{{FO_NS}}}background-color", "") if cell is not None else ""
    weight = text.get(f"{{{FO_NS}}}font-weight", "") if text is not None else ""
    parent = looks.get(style.get(f"{{{STYLE_NS}}}parent-style-name", ""), Look())
    fill = _hex_rgb(background) if background not in ("", "transparent") else None
    looks[style.get(f"{{{STYLE_NS}}}name", "")] = Look(
        fill=fill or parent.fill,
        bold=weight in ("bold", "600", "700", "800", "900") or parent.bold,
    )


def ods_layouts(data: bytes) -> dict[str, SheetLayout]:
    """Merged ranges, hidden rows, filters and cell looks of each sheet, by sheet name, from
    one pass over content.xml."""
    styles: dict[str, Look] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "styles.xml" in archive.namelist():
            try:
                for style in ElementTree.fromstring(archive.read("styles.xml")).iter(
                    f"{{{STYLE_NS}}}style"
                ):
                    _ods_style(style, styles)
            except ElementTree.ParseError:
                pass
        content = archive.read("content.xml")
    plain = Look()
    layouts: dict[str, SheetLayout] = {}
    table = f"{{{TABLE_NS}}}"
    current: SheetLayout | None = None
    current_looks: dict[tuple[int, int], Look] = {}  # the looks of ``current``
    row = column = 0
    row_repeat = 1
    depth = 0  # tables inside tables (a sub-table in a cell) are not sheets
    for event, element in ElementTree.iterparse(io.BytesIO(content), events=("start", "end")):
        tag = element.tag
        if tag == f"{{{STYLE_NS}}}style" and event == "end" and current is None:
            _ods_style(element, styles)  # the automatic styles, before the body
            continue
        if tag == f"{table}table":
            if event == "start":
                depth += 1
                if depth == 1:
                    current_looks = {}
                    current = SheetLayout(looks=current_looks)
                    layouts[element.get(f"{table}name", "")] = current
                    row = 0
            else:
                depth -= 1
                element.clear()
            continue
        if current is None or depth != 1:
            continue
        if tag == f"{table}table-row":
            if event == "start":
                column = 0
                row_repeat = int(element.get(f"{table}number-rows-repeated", "1") or 1)
                if element.get(f"{table}visibility") in ("collapse", "filter"):
                    current.hidden_rows.update(range(row, row + min(row_repeat, 1000)))
            else:
                row += row_repeat
                element.clear()
        elif tag in (f"{table}table-cell", f"{table}covered-table-cell") and event == "start":
            repeat = int(element.get(f"{table}number-columns-repeated", "1") or 1)
            rows_spanned = int(element.get(f"{table}number-rows-spanned", "1") or 1)
            columns_spanned = int(element.get(f"{table}number-columns-spanned", "1") or 1)
            if rows_spanned > 1 or columns_spanned > 1:
                current.merged.append(
                    ((row, column), (row + rows_spanned - 1, column + columns_spanned - 1))
                )
            look = styles.get(element.get(f"{table}style-name", ""), plain)
            if look != plain and column < MAX_LOOK_COLUMNS and row_repeat == 1:
                for offset in range(min(repeat, MAX_LOOK_COLUMNS - column)):
                    current_looks[(row, column + offset)] = look
            column += repeat
        elif (
            tag == f"{table}database-range"
            and event == "start"
            and element.get(f"{table}display-filter-buttons") == "true"
        ):
            for layout in layouts.values():
                layout.filtered = True
    return layouts


# --- colours by name -----------------------------------------------------------------------

# Excel's legacy palette (``indexed`` colours), 0–63.
INDEXED = [
    "000000",
    "FFFFFF",
    "FF0000",
    "00FF00",
    "0000FF",
    "FFFF00",
    "FF00FF",
    "00FFFF",
    "000000",
    "FFFFFF",
    "FF0000",
    "00FF00",
    "0000FF",
    "FFFF00",
    "FF00FF",
    "00FFFF",
    "800000",
    "008000",
    "000080",
    "808000",
    "800080",
    "008080",
    "C0C0C0",
    "808080",
    "9999FF",
    "993366",
    "FFFFCC",
    "CCFFFF",
    "660066",
    "FF8080",
    "0066CC",
    "CCCCFF",
    "000080",
    "FF00FF",
    "FFFF00",
    "00FFFF",
    "800080",
    "800000",
    "008080",
    "0000FF",
    "00CCFF",
    "CCFFFF",
    "CCFFCC",
    "FFFF99",
    "99CCFF",
    "FF99CC",
    "CC99FF",
    "FFCC99",
    "3366FF",
    "33CCCC",
    "99CC00",
    "FFCC00",
    "FF9900",
    "FF6600",
    "666699",
    "969696",
    "003366",
    "339966",
    "003300",
    "333300",
    "993300",
    "993366",
    "333399",
    "333333",
]
