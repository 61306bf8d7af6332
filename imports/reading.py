"""Reading the projects' old lists safely (OWASP ASVS 5.2): .xlsx, .xls, .ods or CSV, size
limits checked before anything is unpacked, encodings and separators detected.

The result is the file's sheets as plain grids of text, numbers and dates
(``imports.tables`` then finds the table in them). Spreadsheets are read by calamine (Rust):
it reads formulas' stored values and never runs a formula or a macro.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

from core import limits
from imports.layout import SheetLayout, ods_layouts, xlsx_layouts

MAX_BYTES = limits.UPLOAD_MAX_BYTES
MAX_ROWS = limits.UPLOAD_MAX_ROWS
MAX_COLUMNS = 100
MAX_ZIP_ENTRIES = 200
MAX_UNPACKED = 100 * limits.MB  # a zip bomb would claim far more than this
MAX_SHEETS = 50
# Rows read beyond the limit before refusing: blank rows and footers below a full list.
ROW_SLACK = 50
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # .xls, and also every password-protected xlsx
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
TEXTS = (".csv", ".txt")


class ImportFileError(ValueError):
    """The file cannot be read; the message is German and says what to do."""


@dataclass
class RawSheet:
    """One sheet as it is in the file: its rows (cells as read), its merged ranges and what
    else it shows (hidden rows, cell colours: ``imports.layout``)."""

    name: str
    rows: list[list[object]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    hidden: bool = False
    layout: SheetLayout = field(default_factory=SheetLayout)


def _layouts(data: bytes, ending: str, names: list[str]) -> list[SheetLayout]:
    """Each sheet's layout; a file whose layout cannot be read is read for its values only
    (the values are what the import needs, the layout only helps to read them)."""
    try:
        if ending == ".ods":
            by_name = ods_layouts(data)
            return [by_name.get(name, SheetLayout()) for name in names]
        if ending in (".xlsx", ".xlsm"):
            return xlsx_layouts(data)
    except (ParseError, DefusedXmlException, KeyError, ValueError, zipfile.BadZipFile):
        pass
    return []


def _check_size(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("Die Datei ist größer als %(mb)s MB. Bitte teilen Sie sie auf.")
            % {"mb": limits.megabytes(MAX_BYTES)}
        )
    if not data.strip():
        raise ImportFileError(_("Die Datei ist leer."))


def _not_a(ending: str) -> ImportFileError:
    kinds = {
        ".ods": _("LibreOffice-Tabelle (.ods)"),
        ".xls": _("Excel-Datei (.xls)"),
    }
    kind = kinds.get(ending, _("Excel-Datei (.xlsx)"))
    return ImportFileError(
        _("Die Datei endet auf %(ending)s, ist aber keine %(kind)s.")
        % {"ending": ending, "kind": kind}
    )


def check_container(data: bytes, ending: str) -> None:
    """Look into a zip's directory only – entry count, claimed sizes, the entries a
    spreadsheet of that kind has – before anything is unpacked."""
    if data.startswith(OLE_SIGNATURE):
        if ending == ".xls":
            return  # the old binary format: not a zip, read as it is
        raise ImportFileError(
            _(
                "Die Datei ist mit einem Passwort geschützt. Bitte speichern Sie sie ohne "
                "Passwort und laden Sie sie erneut hoch."
            )
        )
    if ending == ".xls":
        if data.startswith(b"PK\x03\x04"):
            raise ImportFileError(
                _("Die Datei endet auf .xls, ist aber eine .xlsx-Datei. Bitte benennen Sie sie um.")
            )
        raise _not_a(".xls")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise _not_a(ending) from exc
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED:
        raise ImportFileError(_("Die Tabelle ist ungewöhnlich aufgebaut und wird nicht geöffnet."))
    names = {e.filename for e in entries}
    if ending == ".ods":
        is_spreadsheet = "content.xml" in names and (
            "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE
        )
    else:
        is_spreadsheet = "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)
    if not is_spreadsheet:
        raise _not_a(ending)


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time(0) else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, datetime.time | datetime.timedelta):
        return str(value)
    return value


def too_many_columns() -> ImportFileError:
    return ImportFileError(_("Die Datei hat mehr als %(n)s Spalten.") % {"n": MAX_COLUMNS})


def too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("Die Datei hat mehr als %(n)s Zeilen. Bitte teilen Sie sie auf.")
        % {"n": f"{MAX_ROWS:,}".replace(",", ".")}
    )


def _read_spreadsheet(data: bytes, ending: str) -> list[RawSheet]:
    check_container(data, ending)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as exc:  # broken or not what it claims
        raise ImportFileError(
            _("Die Tabelle lässt sich nicht lesen. Ist die Datei beschädigt?")
        ) from exc
    sheets = []
    metadata = workbook.sheets_metadata[:MAX_SHEETS]
    layouts = _layouts(data, ending, [meta.name for meta in metadata])
    try:
        for index, meta in enumerate(metadata):
            try:
                sheet = workbook.get_sheet_by_index(index)
            except (CalamineError, ValueError) as exc:
                raise ImportFileError(
                    _("Das Blatt „%(name)s“ lässt sich nicht lesen.") % {"name": meta.name}
                ) from exc
            # The sheet's size is known before its cells become Python values: a list far
            # beyond the limit is refused here, not after converting every row.
            if sheet.height > MAX_ROWS + ROW_SLACK:
                raise too_many_rows()
            if sheet.width > MAX_COLUMNS * 3:
                raise too_many_columns()
            rows = [
                [_cell(value) for value in row[: MAX_COLUMNS * 3]]
                for row in sheet.to_python(skip_empty_area=False)
            ]
            layout = layouts[index] if index < len(layouts) else SheetLayout()
            sheets.append(
                RawSheet(
                    name=meta.name,
                    rows=rows,
                    merged=list(sheet.merged_cell_ranges or layout.merged),
                    hidden=meta.visible != SheetVisibleEnum.Visible,
                    layout=layout,
                )
            )
    finally:
        workbook.close()
    return sheets


def decode(data: bytes) -> str:
    """UTF-16 with its byte order mark (Excel's "Unicode-Text"), UTF-8 (with or without BOM),
    else Windows-1252 – what German Excel writes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                _("Die Datei ist als UTF-16 gekennzeichnet, aber nicht lesbar.")
            ) from exc
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(data: bytes) -> list[RawSheet]:
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if (
        data[:4] == b"PK\x03\x04"
        or data.startswith(OLE_SIGNATURE)
        or (not utf16 and b"\x00" in data[:4096])
    ):
        raise ImportFileError(_("Die Datei endet auf .csv, enthält aber keinen Text."))
    text = decode(data)
    if "\x00" in text:  # deeper in the file: PostgreSQL cannot store it in any text
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportFileError(
            _(
                "Zeile %(n)s der Datei enthält ein Nullzeichen (NUL). Bitte speichern Sie die "
                "Liste erneut als CSV (UTF-8) oder als Excel-Datei (.xlsx)."
            )
            % {"n": line}
        )
    sample = "\n".join(text.splitlines()[:20])
    counts = {sep: sample.count(sep) for sep in (";", ",", "\t")}
    delimiter = max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[object]] = []
    try:
        for row in reader:
            rows.append([value.strip() for value in row[: MAX_COLUMNS * 3]])
            if len(rows) > MAX_ROWS + ROW_SLACK:
                raise too_many_rows()  # refused while reading: the rest is never parsed
    except csv.Error as exc:
        raise ImportFileError(
            _("Die CSV-Datei ist nicht lesbar: %(error)s") % {"error": exc}
        ) from exc
    return [RawSheet(name="", rows=rows)]


def read_sheets(data: bytes, file_name: str) -> list[RawSheet]:
    """Every sheet of a spreadsheet, or the one of a CSV file, after the safety checks."""
    _check_size(data)
    name = file_name.lower()
    ending = next((e for e in SPREADSHEETS if name.endswith(e)), None)
    if ending is not None:
        return _read_spreadsheet(data, ending)
    if name.endswith(TEXTS):
        return _read_csv(data)
    raise ImportFileError(
        _(
            "Bitte laden Sie eine Tabelle hoch: Excel (.xlsx oder .xls), LibreOffice (.ods) "
            "oder CSV."
        )
    )


# --- values -------------------------------------------------------------------------------

MONTHS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "märz": 3, "maerz": 3, "mär": 3, "mrz": 3,
    "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8,
    "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11,
    "nov": 11, "dezember": 12, "dez": 12,
}  # fmt: skip
_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")
_MONTH_YEAR = re.compile(r"^([a-zäöü]+)\.?\s+(\d{4})$")
_MM_YYYY = re.compile(r"^(\d{1,2})[./](\d{4})$")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_date(value: object) -> datetime.date | None:
    """German and ISO dates, "April 2016", "04/2016", "2016" and Excel serial numbers.

    A month or a year alone means its first day. Raises ValueError with a German message.
    """
    if value in ("", None):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and 10_000 < value < 80_000:
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    text = str(value).strip().lower()
    try:
        if match := _DMY.match(text):
            day, month, year = (int(part) for part in match.groups())
            if year < 100:
                year += 2000 if year < 70 else 1900
            return datetime.date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.date.fromisoformat(text)
        if (match := _MONTH_YEAR.match(text)) and match[1] in MONTHS:
            return datetime.date(int(match[2]), MONTHS[match[1]], 1)
        if match := _MM_YYYY.match(text):
            return datetime.date(int(match[2]), int(match[1]), 1)
        if re.fullmatch(r"(19|20)\d{2}", text):
            return datetime.date(int(text), 1, 1)
        if re.fullmatch(r"\d{5}", text):
            return EXCEL_EPOCH + datetime.timedelta(days=int(text))
    except ValueError:
        pass
    raise ValueError(
        _("„%(value)s“ ist kein Datum (z. B. 01.04.2016, April 2016 oder 2016).") % {"value": value}
    )
