"""Reading the projects' old lists safely (OWASP ASVS 5.2): xlsx or csv, size limits checked
before anything is unpacked, encodings and separators detected, the header row found.

The result is always a plain table: a header (list of names) and rows of text or dates.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 100
MAX_ZIP_ENTRIES = 200
MAX_UNPACKED = 100 * 1024 * 1024  # a zip bomb would claim far more than this


class ImportFileError(ValueError):
    """The file cannot be read; the message is German and says what to do."""


@dataclass
class Table:
    header: list[str]
    rows: list[list[object]]  # cells: str, datetime.date or number; "" for empty
    header_row: int  # 1-based row number of the header in the file
    row_numbers: list[int] = field(default_factory=list)  # file row of each data row


def _check_size(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("Die Datei ist größer als %(mb)s MB. Bitte teilen Sie sie auf.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise ImportFileError(_("Die Datei ist leer."))


def _check_xlsx_container(data: bytes) -> None:
    """Look into the zip's directory only: entry count and claimed sizes, nothing unpacked."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE: encrypted xlsx or the old .xls format
        raise ImportFileError(
            _(
                "Die Datei ist mit einem Passwort geschützt oder im alten Excel-Format (.xls). "
                "Bitte speichern Sie sie ohne Passwort als .xlsx."
            )
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ImportFileError(
            _("Die Datei endet auf .xlsx, ist aber keine Excel-Datei (xlsx).")
        ) from exc
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED:
        raise ImportFileError(
            _("Die Excel-Datei ist ungewöhnlich aufgebaut und wird nicht geöffnet.")
        )
    names = {e.filename for e in entries}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise ImportFileError(_("Die Datei endet auf .xlsx, ist aber keine Excel-Datei (xlsx)."))


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time(0) else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _read_xlsx(data: bytes) -> list[list[object]]:
    _check_xlsx_container(data)
    try:
        # read_only streams the sheet; data_only gives formulas' cached values, never formulas.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise ImportFileError(
            _("Die Excel-Datei lässt sich nicht lesen. Ist sie beschädigt?")
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            if len(rows) > MAX_ROWS + 50:
                break
            if len(row) > MAX_COLUMNS * 3:
                row = row[: MAX_COLUMNS * 3]
            rows.append([_cell(value) for value in row])
        return rows
    finally:
        workbook.close()


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 – what German Excel writes."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(data: bytes) -> list[list[object]]:
    if data[:4] == b"PK\x03\x04" or b"\x00" in data[:4096]:
        raise ImportFileError(_("Die Datei endet auf .csv, enthält aber keinen Text."))
    if b"\x00" in data:  # deeper in the file: PostgreSQL cannot store it in any text
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ImportFileError(
            _(
                "Zeile %(n)s der Datei enthält ein Nullzeichen (NUL). Bitte speichern Sie die "
                "Liste erneut als CSV (UTF-8) oder als Excel-Datei (.xlsx)."
            )
            % {"n": line}
        )
    text = decode(data)
    sample = "\n".join(text.splitlines()[:20])
    counts = {sep: sample.count(sep) for sep in (";", ",", "\t")}
    delimiter = max(counts, key=counts.get) if any(counts.values()) else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            rows.append([value.strip() for value in row])
            if len(rows) > MAX_ROWS + 50:
                break
    except csv.Error as exc:
        raise ImportFileError(
            _("Die CSV-Datei ist nicht lesbar: %(error)s") % {"error": exc}
        ) from exc
    return rows


def _is_empty(row: list[object]) -> bool:
    return all(value in ("", None) for value in row)


def read_table(data: bytes, file_name: str, header_row: int | None = None) -> Table:
    """The first sheet (or the csv) as a table; ``header_row`` is 1-based, else detected."""
    _check_size(data)
    name = file_name.lower()
    if name.endswith(".xlsx"):
        raw = _read_xlsx(data)
    elif name.endswith(".xls"):
        raise ImportFileError(
            _("Bitte speichern Sie die Datei im Format .xlsx (Excel 2007 und neuer).")
        )
    elif name.endswith((".csv", ".txt")):
        raw = _read_csv(data)
    else:
        raise ImportFileError(
            _("Bitte laden Sie eine Excel-Datei (.xlsx) oder eine CSV-Datei hoch.")
        )
    if header_row is None:
        header_row = next((i + 1 for i, row in enumerate(raw) if not _is_empty(row)), 0)
    if not header_row or header_row > len(raw):
        raise ImportFileError(_("Die Datei enthält keine Zeile mit Spaltenüberschriften."))
    header_cells = raw[header_row - 1]
    body = raw[header_row:]
    # Columns: those with a header or with any value; trailing empty columns are dropped.
    width = max([len(header_cells), *(len(r) for r in body)], default=0)
    used = [
        index
        for index in range(width)
        if (index < len(header_cells) and header_cells[index] != "")
        or any(index < len(r) and r[index] != "" for r in body)
    ]
    if len(used) > MAX_COLUMNS:
        raise ImportFileError(_("Die Datei hat mehr als %(n)s Spalten.") % {"n": MAX_COLUMNS})
    header = _header_names(header_cells, used)
    rows, numbers = [], []
    for offset, row in enumerate(body, start=header_row + 1):
        values = [row[i] if i < len(row) else "" for i in used]
        if _is_empty(values):
            continue
        rows.append(values)
        numbers.append(offset)
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("Die Datei hat mehr als %(n)s Zeilen. Bitte teilen Sie sie auf.")
            % {"n": f"{MAX_ROWS:,}".replace(",", ".")}
        )
    if not rows:
        raise ImportFileError(_("Unter den Spaltenüberschriften stehen keine Daten."))
    return Table(header=header, rows=rows, header_row=header_row, row_numbers=numbers)


def _header_names(cells: list[object], used: list[int]) -> list[str]:
    """Names for the used columns; an empty header after a named one (a merged header cell)
    continues that name, so "Adresse | (leer) | (leer)" becomes Adresse, Adresse 2, Adresse 3."""
    names: list[str] = []
    previous = ""
    counts: dict[str, int] = {}
    for index in used:
        value = str(cells[index]).strip() if index < len(cells) and cells[index] != "" else ""
        base = value or previous or _("Spalte %(n)s") % {"n": index + 1}
        if value:
            previous = value
        counts[base] = counts.get(base, 0) + 1
        names.append(base if counts[base] == 1 else f"{base} {counts[base]}")
    return names


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
