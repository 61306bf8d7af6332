"""Lists built from the truth by composing independent transformations.

``build(rng, records)`` draws one recipe (a value per dimension: layout, language, header
case, order, title block, footer, address, phone, persons, timeline, notations, format…),
renders the records into a grid of cells (with merged ranges and hidden rows) and writes
down, per record, every value the list shows and where it belongs (``Expect``)."""

from __future__ import annotations

import datetime
import random
import re
import zlib
from dataclasses import dataclass, field

from tests.imports.generator import notation as n
from tests.imports.generator.truth import Person, Record


@dataclass(frozen=True)
class Expect:
    """A value the list shows for a record: its field's truth and how precise the cell is."""

    value: object
    precision: str = ""  # dates: day, month, year


@dataclass
class Grid:
    rows: list[list[object]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    hidden: set[int] = field(default_factory=set)
    fills: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) → RGB
    filter_row: int | None = None  # the header row an autofilter sits on (.xlsx)
    bold: set[tuple[int, int]] = field(default_factory=set)  # (row, column) in bold (.xlsx)
    sheet_name: str = "Tabelle1"


@dataclass
class Column:
    header: str
    cell: object  # (record, ctx) -> cell value; ctx.expect(key, value, precision)
    group: str = ""  # a header above (two-row header), e.g. "Ansprechpartner 1"
    person: bool = False  # a person's column (continuation rows fill only these)


@dataclass
class GeneratedList:
    number: int
    recipe: dict[str, str]
    records: list[Record]
    expected: list[dict[str, Expect]]
    grid: Grid
    file_name: str = ""
    data: bytes = b""
    more_sheets: list[Grid] = field(default_factory=list)  # a list split over sheets

    @property
    def grids(self) -> list[Grid]:
        return [self.grid, *self.more_sheets]


class _Context:
    """What a cell function needs: the recipe, the random source, the record's truth."""

    def __init__(
        self,
        rng: random.Random,
        recipe: dict[str, str],
        expected: list[dict],
        variation: random.Random | None = None,
    ):
        self.rng, self.recipe, self.expected = rng, recipe, expected
        # The value transformations added later draw from their own source, so the lists
        # of a seed keep every earlier draw (and the earlier measures stay comparable).
        self.vrng = variation or random.Random(0)
        self.index = 0

    def expect(self, key: str, value: object, precision: str = "") -> None:
        if value not in ("", None, []):
            self.expected[self.index][key] = Expect(value, precision)

    @property
    def english(self) -> bool:
        return self.recipe["language"] == "en"

    def h(self, german: list[str], english: list[str]) -> str:
        """A header wording in the list's language."""
        return self.rng.choice(english if self.english else german)

    def hv(self, german: list[str], english: list[str]) -> str:
        """The same, drawn from the value transformations' own source."""
        return self.vrng.choice(english if self.english else german)


# --- value cells ---------------------------------------------------------------------------

DEFAULTS = {"intensity": "occasional", "status": "active", "type": "sonstige"}
# Status as the colour of the organisation's cell, explained in a legend below the table.
COLOURS = {"active": ("C6EFCE", "grün"), "dormant": ("D9D9D9", "grau"), "ended": ("FFC7CE", "rot")}


def _vocab_style(ctx: _Context) -> str:
    return "english" if ctx.english else ctx.recipe["vocabulary"]


def _date_cell(ctx: _Context, value: datetime.date | None, key: str):
    if value is None:
        return ctx.rng.choice(n.UNKNOWN_DATES) if ctx.recipe["unknown_dates"] == "words" else ""
    style = ctx.recipe["dates"]
    if style == "cell" and ctx.recipe["format"].startswith("csv"):
        style = "dmy"
    cell, precision = n.date(ctx.rng, value, style, english=ctx.english)
    ctx.expect(key, value, precision)
    return cell


def _phone_cell(ctx: _Context, value: str, key: str):
    if not value:
        return ""
    ctx.expect(key, value)
    return n.phone(ctx.rng, value, ctx.recipe["phones"])


def _vocab(ctx: _Context, table: dict, code: str, key: str) -> str:
    if code != DEFAULTS.get(key):
        ctx.expect(key, code)
    return n.word(ctx.rng, table, code, _vocab_style(ctx))


def _status_cell(rec: Record, ctx: _Context):
    text = _vocab(ctx, n.STATUSES, rec.status, "status")
    if rec.status == "dormant" and ctx.recipe.get("status_dates") == "yes":
        # "ruht seit 2022", "pausiert seit 05/2021": when it went quiet – not the start
        cell = n.dormant_since(ctx.vrng, rec, english=ctx.english)
        ctx.expect("status_note", cell)
        return cell
    if rec.status == "ended" and ctx.recipe["end_date"] == "in_status":
        cell = _date_cell(ctx, rec.ended_on, "ended_on")
        if isinstance(cell, datetime.datetime):
            cell = cell.strftime("%d.%m.%Y")
        return ctx.rng.choice([f"{text} {cell}", f"{text} seit {cell}", f"{text} ({cell})"])
    return text


def _fields_cell(rec: Record, ctx: _Context) -> str:
    words = []
    for code in rec.fields:
        ctx.expect(f"field:{code}", code)
        words.append(n.word(ctx.rng, n.FIELDS, code, _vocab_style(ctx)))
    return ctx.recipe.get("separator", ", ").join(words)


def _mark(ctx: _Context, on: bool) -> str:
    return ctx.recipe["mark"] if on else ctx.rng.choice(n.BLANK_MARKS)


# --- organisation columns ------------------------------------------------------------------


def _org_columns(ctx: _Context, with_persons: bool) -> list[list[Column]]:
    """Groups of columns (a group stays together when the order is shuffled)."""
    r, h = ctx.recipe, ctx.h
    groups: list[list[Column]] = []

    def name_cell(rec, c):
        c.expect("name", rec.name)
        if r.get("legal_form") == "column":
            # The legal form in a column of its own, as CRMs export it ("Rechtsform").
            return n.without_legal_form(rec.name)
        return rec.name

    if r["running_number"] == "yes":
        groups.append(
            [Column(h(["Nr.", "lfd. Nr.", "Nr", "#"], ["No.", "#"]), lambda rec, c: c.index + 1)]
        )
    groups.append(
        [Column(h(["Name der Einrichtung", "Einrichtung", "Organisation", "Netzwerkpartner", "Träger / Einrichtung", "Kooperationspartner", "Institution", "Bezeichnung", "Partner", "Name Organisation", "Träger", "Einrichtung / Träger"], ["Organisation", "Organization", "Organisation name", "Partner", "Institution", "Name of organisation", "Company"]), name_cell)]
    )  # fmt: skip
    if r.get("legal_form") in ("column", "column_too"):
        groups.append([Column(ctx.hv(["Rechtsform", "Gesellschaftsform", "Rechtsform des Trägers", "Unternehmensform", "Rechtsform der Einrichtung"], ["Legal form", "Legal entity"]), lambda rec, c: n.legal_form(c.vrng, rec.name))])  # fmt: skip
    if r["type"] == "column":
        groups.append([Column(h(["Art", "Art der Einrichtung", "Typ", "Kategorie", "Organisationsform", "Sektor", "Trägerart"], ["Type", "Category", "Kind of organisation", "Sector"]), lambda rec, c: _vocab(c, n.TYPES, rec.type, "type"))])  # fmt: skip
    address = r["address"]

    def street(rec, c):
        c.expect("street", rec.street)
        return rec.street

    def plz(rec, c):
        c.expect("postcode", rec.postcode)
        return n.postcode(c.rng, rec.postcode, r["postcodes"])

    def city(rec, c):
        c.expect("city", rec.city)
        return rec.city

    def plz_city(rec, c):
        c.expect("postcode", rec.postcode)
        c.expect("city", rec.city)
        code = n.postcode(
            c.rng, rec.postcode, "country" if r["postcodes"] == "country" else "plain"
        )
        return f"{code} {rec.city}"

    if address == "columns":
        groups.append([
            Column(h(["Straße", "Straße und Hausnummer", "Str./Hausnr.", "Anschrift"], ["Street", "Street address"]), street),
            Column(h(["PLZ", "Postleitzahl"], ["Postcode", "ZIP", "Postal code"]), plz),
            Column(h(["Ort", "Stadt", "Gemeinde", "Sitz"], ["City", "Town", "Place"]), city),
        ])  # fmt: skip
    elif address == "house_number":

        def street_only(rec, c):
            c.expect("street", rec.street)
            return rec.street.rsplit(" ", 1)[0]

        groups.append([
            Column(h(["Straße"], ["Street"]), street_only),
            Column(h(["Hausnummer", "Nr.", "Hausnr.", "HNr"], ["No.", "House number"]), lambda rec, c: rec.street.rsplit(" ", 1)[1]),
            Column(h(["PLZ", "Postleitzahl"], ["Postcode", "ZIP"]), plz),
            Column(h(["Ort", "Stadt"], ["City", "Town"]), city),
        ])  # fmt: skip
    elif address == "postcode_city":
        groups.append([
            Column(h(["Straße", "Anschrift", "Straße/Nr."], ["Street", "Address"]), street),
            Column(h(["PLZ Ort", "PLZ/Ort", "PLZ und Ort"], ["Postcode and city", "ZIP / City"]), plz_city),
        ])  # fmt: skip
    elif address == "one_cell":

        def whole(rec, c):
            c.expect("street", rec.street)
            return c.rng.choice([", ", "\n"]).join([rec.street, plz_city(rec, c)])

        groups.append([Column(h(["Adresse", "Anschrift", "Postanschrift"], ["Address", "Postal address"]), whole)])  # fmt: skip

    def org_phone(rec, c):
        cell = _phone_cell(c, rec.phone, "phone")
        if r.get("phone_label") == "function" and isinstance(cell, str) and cell:
            # "Zentrale: 03675 …", "… (Sekretariat)": the organisation's own number
            return n.function_label(c.vrng, cell, english=c.english)
        return cell

    if r["phone"] == "column":
        groups.append([Column(h(["Telefon", "Tel.", "Telefonnummer", "Fon", "Tel.-Nr.", "Rufnummer", "Telefon Zentrale"], ["Phone", "Telephone", "Phone number", "Tel."]), org_phone)])  # fmt: skip
    elif r["phone"] == "with_fax_column":
        groups.append([
            Column(h(["Telefon", "Tel."], ["Phone"]), org_phone),
            Column(h(["Fax", "Telefax"], ["Fax"]), lambda rec, c: _phone_cell(c, rec.fax, "fax")),
        ])  # fmt: skip
    elif r["phone"] == "tel_fax_cell":

        def tel_fax(rec, c):
            tel = _phone_cell(c, rec.phone, "phone")
            if not rec.fax:
                return tel
            fax = _phone_cell(c, rec.fax, "fax")
            return c.rng.choice(
                [f"{tel} / Fax {fax}", f"Tel. {tel}, Fax: {fax}", f"{tel}\nFax {fax}"]
            )

        groups.append([Column(h(["Tel./Fax", "Telefon / Fax", "Tel. und Fax"], ["Phone/Fax"]), tel_fax)])  # fmt: skip
    if r["email"] == "yes":

        def mail(rec, c):
            c.expect("email", rec.email)
            return rec.email

        groups.append([Column(h(["E-Mail", "Mail", "E-Mail-Adresse", "eMail", "Mailadresse", "E-Mail Einrichtung"], ["E-mail", "Email", "Email address", "E-mail (general)"]), mail)])  # fmt: skip
    if r["website"] != "none":

        def web(rec, c):
            c.expect("website", rec.website)
            return n.website(rec.website, r["website"])

        groups.append([Column(h(["Internet", "Homepage", "Webseite", "Internetseite", "www", "Web-Adresse", "Internetauftritt"], ["Website", "Web", "Homepage", "URL", "Web page"]), web)])  # fmt: skip
    if r["fields"] == "cell":
        groups.append([Column(h(["Handlungsfelder", "Handlungsfeld", "Themen", "Arbeitsfelder", "Themenbereiche", "Schwerpunkte", "Tätigkeitsfelder", "Arbeitsschwerpunkte"], ["Fields of action", "Topics", "Areas of work", "Fields of work"]), _fields_cell)])  # fmt: skip
    elif r["fields"] == "marks":
        marks = []
        # One heading over all mark columns (drawn once: a list has one group heading).
        marks_group = h(["Handlungsfelder", "Themen"], ["Fields of action"])
        for code in ctx.rng.sample(list(n.FIELDS), ctx.rng.randint(3, 6)):

            def mark_cell(rec, c, code=code):
                if code in rec.fields:
                    c.expect(f"field:{code}", code)
                return _mark(c, code in rec.fields)

            marks.append(Column(n.word(ctx.rng, n.FIELDS, code, _vocab_style(ctx)), mark_cell, group=marks_group))  # fmt: skip
        groups.append(marks)
    if r["intensity"] == "column":
        groups.append([Column(h(["Intensität", "Kontaktintensität", "Intensität der Zusammenarbeit", "Kontakthäufigkeit", "Häufigkeit"], ["Intensity", "Contact frequency"]), lambda rec, c: _vocab(c, n.INTENSITIES, rec.intensity, "intensity"))])  # fmt: skip
    if r["status"] == "column":
        groups.append([Column(h(["Status", "Stand der Kooperation", "Status der Zusammenarbeit", "aktiv?"], ["Status", "State"]), _status_cell)])  # fmt: skip
    if r["status"] == "column" and r.get("active_column") == "yes":
        # A yes/no column beside the status column: the status with its words decides.
        groups.append([Column(ctx.hv(["noch aktiv?", "Aktiv (ja/nein)", "läuft noch?", "Kooperation aktiv", "aktiv j/n", "Partner aktiv"], ["Active?", "Still active", "Active (y/n)"]), lambda rec, c: n.yes_no(c.vrng, rec.status == "active", english=c.english))])  # fmt: skip
    if r["status"] != "none" and r["end_date"] == "column":
        groups.append([Column(h(["beendet am", "Ende", "Kooperation bis", "Ende der Zusammenarbeit"], ["Ended on", "End date", "Until"]), lambda rec, c: _date_cell(c, rec.ended_on, "ended_on") if rec.status == "ended" else "")])  # fmt: skip

    def since_cell(rec, c):
        if r.get("periods") == "yes" and rec.status == "ended" and rec.since and rec.ended_on:
            # "2019–2021", "von 03/2018 bis 12/2020": the start and the end in one cell
            cell, precision = n.period(c.vrng, rec.since, rec.ended_on, english=c.english)
            c.expect("since", rec.since, precision)
            c.expect("ended_on", rec.ended_on, precision)
            c.expect("status", rec.status)
            return cell
        return _date_cell(c, rec.since, "since")

    if r["since"] == "column":
        groups.append([Column(h(["Kontakt seit", "seit", "Kooperation seit", "Zusammenarbeit seit", "Erstkontakt", "Beginn", "Datum Erstkontakt", "Partner seit", "im Netzwerk seit"], ["Since", "Contact since", "First contact", "Start", "Partner since"]), since_cell)])  # fmt: skip
    if r["last_contact"] == "column" and r["since"] != "timeline":

        def last_contact(rec, c):
            when = rec.last_contact
            if when is None:
                return ""
            c.expect("last_contact", when.strftime("%d.%m.%Y"))  # kept in the notes as written
            if r["format"].startswith("csv") or c.rng.random() < 0.5:
                return when.strftime("%d.%m.%Y")
            return datetime.datetime(when.year, when.month, when.day)

        groups.append([Column(h(["letzter Kontakt", "zuletzt", "Letzter Kontakt am", "letztes Treffen"], ["Last contact", "Last contacted"]), last_contact)])  # fmt: skip
    if r["notes"] == "column":

        def notes(rec, c):
            c.expect("notes", rec.notes)
            return rec.notes

        groups.append([Column(h(["Bemerkungen", "Notizen", "Anmerkung", "Sonstiges", "Kommentar", "Hinweise", "Info", "Beschreibung"], ["Notes", "Remarks", "Comments", "Note"]), notes)])  # fmt: skip
    return groups


# --- persons -------------------------------------------------------------------------------


def _person_columns(ctx: _Context, slot: int, label: str, numbered: str) -> list[Column]:
    """The columns of one person (``slot``: which of the record's persons – for continued
    rows the row's own person, see ``_rows``). ``numbered``: "" | "prefix" | "suffix" |
    "group" (a header above)."""
    r, h = ctx.recipe, ctx.h
    style = r["person_cells"]
    number = f" {slot + 1}" if numbered else ""

    def person(rec: Record) -> Person | None:
        return rec.persons[slot] if slot < len(rec.persons) else None

    def key(part: str) -> str:
        return f"person:{slot}:{part}"

    def name(rec, c):
        p = person(rec)
        if p is None:
            return ""
        c.expect(key("name"), p)
        text, with_function = n.person_in_one_cell(c.rng, p, style)
        if with_function:
            c.expect(key("function"), p.function)
        return text

    def first(rec, c):
        p = person(rec)
        if p is None:
            return ""
        c.expect(key("name"), p)
        return p.first_name

    def last(rec, c):
        p = person(rec)
        return (
            ""
            if p is None
            else (f"{p.title} " if p.title and r["title_column"] == "no" else "") + p.last_name
        )

    def function(rec, c):
        p = person(rec)
        if p is None:
            return ""
        c.expect(key("function"), p.function)
        return p.function

    def phone(rec, c):
        p = person(rec)
        return "" if p is None else _phone_cell(c, p.phone, key("phone"))

    def mail(rec, c):
        p = person(rec)
        if p is None:
            return ""
        c.expect(key("email"), p.email)
        return p.email

    def titled(german: list[str], english: list[str]) -> str:
        word = h(german, english)
        if numbered == "prefix":
            return f"{label}{number} {word}"
        if numbered == "suffix":
            return f"{word}{number}"
        return word

    group = f"{label}{number}" if numbered == "group" else ""
    columns: list[Column] = []
    if r["person_name"] == "one_cell":
        columns.append(Column(titled(["Name", "Ansprechpartner", "Kontaktperson"], ["Name", "Contact person"]) if numbered else h(["Ansprechpartner", "Ansprechpartner/in", "Kontaktperson", "Ansprechperson", "AP"], ["Contact person", "Contact"]), name, group))  # fmt: skip
    else:
        if r["salutation_column"] == "yes":
            columns.append(
                Column(
                    titled(["Anrede"], ["Salutation"]),
                    lambda rec, c: getattr(person(rec), "salutation", ""),
                    group,
                )
            )
        if r["title_column"] == "yes":
            columns.append(
                Column(
                    titled(["Titel"], ["Title"]),
                    lambda rec, c: getattr(person(rec), "title", ""),
                    group,
                )
            )
        columns.append(Column(titled(["Vorname"], ["First name"]), first, group))
        columns.append(
            Column(
                titled(["Nachname", "Name", "Familienname"], ["Last name", "Surname"]), last, group
            )
        )
    if r["person_function"] == "yes":
        columns.append(Column(titled(["Funktion", "Position", "Rolle"], ["Job title", "Position", "Role"]) if numbered else h(["Funktion", "Position", "Funktion Ansprechpartner"], ["Job title", "Role"]), function, group))  # fmt: skip
    if r["person_phone"] == "yes":
        columns.append(Column(titled(["Telefon", "Tel.", "Durchwahl"], ["Phone", "Direct line"]) if numbered else h(["Telefon Ansprechpartner", "Durchwahl", "Tel. AP", "Telefon (direkt)"], ["Direct phone", "Contact phone"]), phone, group))  # fmt: skip
    if r["person_email"] == "yes":
        columns.append(Column(titled(["E-Mail", "Mail"], ["E-mail", "Email"]) if numbered else h(["E-Mail Ansprechpartner", "Mail AP", "E-Mail (persönlich)"], ["Contact e-mail", "Personal e-mail"]), mail, group))  # fmt: skip
    if r["person_consent"] == "yes":

        def consent(rec, c):
            p = person(rec)
            if p is None or p.consent_on is None:
                return ""
            # A consent is dated to the day: the list's day notation, not its approximations.
            style = r["dates"] if r["dates"] in ("cell", "dmy", "dmy_short", "iso") else "dmy"
            if style == "cell" and r["format"].startswith("csv"):
                style = "dmy"
            cell, precision = n.date(c.rng, p.consent_on, style)
            c.expect(key("consent_on"), p.consent_on, precision)
            return cell

        columns.append(Column(titled(["Einwilligung am", "Einwilligung"], ["Consent on", "Consent"]) if numbered else h(["Einwilligung am", "Einwilligung Datenschutz", "DSGVO-Einwilligung", "Datenschutzerklärung unterschrieben"], ["Consent given on", "GDPR consent"]), consent, group))  # fmt: skip
    for column in columns:
        column.person = True
    return columns


# --- timelines -----------------------------------------------------------------------------


def _timeline_columns(ctx: _Context, records: list[Record]) -> list[Column]:
    """A column per year or half-year; a record is marked from its start on (to its end)."""
    years = sorted({rec.since.year for rec in records if rec.since})
    if not years:
        return []
    first, last = years[0], min(years[-1] + ctx.rng.randint(0, 2), 2025)
    if last - first > 9:
        last = first + 9
    half = ctx.recipe["timeline"] == "half_years"
    periods = [(y, p) for y in range(first, last + 1) for p in ((1, 2) if half else (0,))]
    if len(periods) > 14:
        periods = periods[:14]
    labels = ctx.rng.choice(
        [lambda y, p: f"{p}. Hj. {y}", lambda y, p: f"{y}/{p}", lambda y, p: f"H{p} {y}"]
        if half
        else [lambda y, p: str(y), lambda y, p: y, lambda y, p: f"Kontakt {y}"]
    )
    with_dates = ctx.recipe["timeline_cells"] == "dates"
    group = ctx.h(["Kontakte im Jahr", "Zusammenarbeit", "Jahr"], ["Contacts per year", "Year"])

    def starts(rec: Record) -> tuple[int, int] | None:
        if not rec.since:
            return None
        return rec.since.year, (1 if rec.since.month <= 6 else 2) if half else 0

    def cell(rec: Record, c: _Context, period=None):
        begin = starts(rec)
        end_year = rec.ended_on.year if rec.ended_on else 9999
        if begin is None or period < begin or period[0] > end_year:
            return _mark(c, False) if not with_dates else ""
        if period == begin:
            if with_dates:
                c.expect("since", rec.since, n.DAY)
                return datetime.datetime(rec.since.year, rec.since.month, rec.since.day)
            c.expect("since", rec.since, "half" if half else n.YEAR)
        if with_dates:
            month = (period[1] - 1) * 6 + 3 if half else 6
            return datetime.datetime(period[0], month, 15)
        return c.recipe["mark"]

    return [
        Column(labels(y, p), lambda rec, c, period=(y, p): cell(rec, c, period), group)
        for y, p in periods
    ]


# --- export profiles: persons as rows, the organisation in a company column ----------------

# Column names of widely used exports: German Outlook and Thunderbird and Google Contacts
# ("Google CSV") as published exporters and importers write them (found in public code with
# the search tool); HubSpot and CiviCRM with German interface as their help pages name the
# fields (not verified against a real export); roles the generator fills, the rest empty
# or filled with distractors (a spouse, a birthday, a record id).
PROFILES = {
    "outlook": [
        ("Anrede", "salutation_title"), ("Vorname", "first"), ("Weitere Vornamen", ""), ("Nachname", "last"),
        ("Suffix", ""), ("Firma", "company"), ("Abteilung", ""), ("Position", "function"),
        ("Straße geschäftlich", "street"), ("Straße geschäftlich 2", ""), ("Ort geschäftlich", "city"),
        ("Region geschäftlich", "region"), ("Postleitzahl geschäftlich", "postcode"),
        ("Land/Region geschäftlich", "country"), ("Straße privat", ""), ("Ort privat", ""),
        ("Postleitzahl privat", ""), ("Fax geschäftlich", "fax"), ("Telefon geschäftlich", "person_phone"),
        ("Telefon Firma", "company_phone"), ("Telefon privat", ""), ("Mobiltelefon", "mobile"),
        ("E-Mail-Adresse", "person_email"), ("E-Mail-Typ", "smtp"), ("Angezeigter Name (E-Mail)", "display"),
        ("Geburtstag", "birthday"), ("Kategorien", "categories"), ("Notizen", ""), ("Partner", "spouse"),
        ("Webseite", "website"),
    ],
    "google": [
        ("Name", "display_name"), ("Given Name", "first"), ("Additional Name", ""), ("Family Name", "last"),
        ("Name Prefix", "title"), ("Name Suffix", ""), ("Nickname", ""), ("Birthday", "birthday_iso"),
        ("Notes", ""), ("Group Membership", "groups"), ("E-mail 1 - Type", "work"),
        ("E-mail 1 - Value", "person_email"), ("Phone 1 - Type", "work"), ("Phone 1 - Value", "person_phone"),
        ("Address 1 - Type", "work"), ("Address 1 - Formatted", "formatted"), ("Address 1 - Street", "street"),
        ("Address 1 - City", "city"), ("Address 1 - Postal Code", "postcode"), ("Address 1 - Country", "country"),
        ("Organization 1 - Type", ""), ("Organization 1 - Name", "company"), ("Organization 1 - Title", "function"),
        ("Website 1 - Type", "work"), ("Website 1 - Value", "website"),
    ],
    "thunderbird": [
        ("Vorname", "first"), ("Nachname", "last"), ("Anzeigename", "display_name"), ("Spitzname", ""),
        ("Primäre E-Mail-Adresse", "person_email"), ("Sekundäre E-Mail-Adresse", ""), ("Messenger-Name", ""),
        ("Tel. dienstlich", "person_phone"), ("Tel. privat", ""), ("Fax-Nummer", "fax"), ("Pager-Nummer", ""),
        ("Mobil-Tel.-Nr.", "mobile"), ("Privat: Adresse", ""), ("Privat: Adresse 2", ""), ("Privat: Ort", ""),
        ("Privat: Bundesland", ""), ("Privat: PLZ", ""), ("Privat: Land", ""),
        ("Dienstlich: Adresse", "street"), ("Dienstlich: Adresse 2", ""), ("Dienstlich: Ort", "city"),
        ("Dienstlich: Bundesland", "region"), ("Dienstlich: PLZ", "postcode"), ("Dienstlich: Land", "country"),
        ("Arbeitstitel", "function"), ("Abteilung", ""), ("Organisation", "company"), ("Webseite 1", "website"),
        ("Webseite 2", ""), ("Geburtsjahr", "birth_year"), ("Geburtsmonat", ""), ("Geburtstag", ""),
        ("Benutzerdef. 1", ""), ("Benutzerdef. 2", ""), ("Benutzerdef. 3", ""), ("Benutzerdef. 4", ""), ("Notizen", ""),
    ],
    # Outlook with English interface, in the column order Microsoft documents for its CSV
    # import ("Title", "First Name" … "Company Main Phone"), as found in public code.
    "outlook_en": [
        ("Title", "title"), ("First Name", "first"), ("Middle Name", ""), ("Last Name", "last"), ("Suffix", ""),
        ("Company", "company"), ("Department", ""), ("Job Title", "function"), ("Business Street", "street"),
        ("Business Street 2", ""), ("Business City", "city"), ("Business State", "region"),
        ("Business Postal Code", "postcode"), ("Business Country/Region", "country"), ("Home Street", ""),
        ("Home City", ""), ("Home Postal Code", ""), ("Business Fax", "fax"), ("Business Phone", "person_phone"),
        ("Company Main Phone", "company_phone"), ("Home Phone", ""), ("Mobile Phone", "mobile"),
        ("E-mail Address", "person_email"), ("E-mail Type", "smtp"), ("E-mail Display Name", "display"),
        ("Birthday", "birthday"), ("Categories", "categories"), ("Notes", ""), ("Spouse", "spouse"),
        ("Web Page", "website"),
    ],
    # Google Contacts' CSV since 2023 ("First Name" … "Organization Name", "E-mail 1 - Label"),
    # as exporters in public code write it.
    "google_2023": [
        ("First Name", "first"), ("Middle Name", ""), ("Last Name", "last"), ("Phonetic First Name", ""),
        ("Name Prefix", "title"), ("Name Suffix", ""), ("Nickname", ""), ("File As", "display_name"),
        ("Organization Name", "company"), ("Organization Title", "function"), ("Organization Department", ""),
        ("Birthday", "birthday_iso"), ("Notes", ""), ("Labels", "groups"), ("E-mail 1 - Label", "work"),
        ("E-mail 1 - Value", "person_email"), ("Phone 1 - Label", "work"), ("Phone 1 - Value", "person_phone"),
        ("Address 1 - Label", "work"), ("Address 1 - Formatted", "formatted"), ("Address 1 - Street", "street"),
        ("Address 1 - City", "city"), ("Address 1 - PO Box", ""), ("Address 1 - Region", "region"),
        ("Address 1 - Postal Code", "postcode"), ("Address 1 - Country", "country"),
        ("Website 1 - Label", "work"), ("Website 1 - Value", "website"),
    ],
    "hubspot": [
        ("Datensatz-ID", "record_id"), ("Vorname", "first"), ("Nachname", "last"), ("E-Mail", "person_email"),
        ("Telefonnummer", "person_phone"), ("Mobiltelefonnummer", "mobile"), ("Berufsbezeichnung", "function"),
        ("Name des Unternehmens", "company"), ("Adresse", "street"), ("Ort", "city"), ("Postleitzahl", "postcode"),
        ("Bundesland/Region", "region"), ("Land/Region", "country"), ("Website-URL", "website"),
        ("Lebenszyklusphase", "lifecycle"), ("Kontaktverantwortlicher", "owner"), ("Erstellungsdatum", "created"),
    ],
    "civicrm": [
        ("Kontakt-ID", "record_id"), ("Kontakttyp", "contact_type"), ("Anrede", "salutation"), ("Vorname", "first"),
        ("Nachname", "last"), ("Aktueller Arbeitgeber", "company"), ("Berufsbezeichnung", "function"),
        ("Straße", "street"), ("Postleitzahl", "postcode"), ("Stadt", "city"), ("Land", "country"),
        ("Telefon", "person_phone"), ("E-Mail", "person_email"), ("Website", "website"),
    ],
    # A CRM with the record's prefix on every column ("Person - Name") and the full name
    # beside its parts; the organisation's address as one line with the country.
    "pipedrive": [
        ("Person - ID", "record_id"), ("Person - Name", "display_name"), ("Person - Vorname", "first"),
        ("Person - Nachname", "last"), ("Person - Organisation", "company"),
        ("Person - E-Mail - Arbeit", "person_email"), ("Person - E-Mail - Privat", ""),
        ("Person - Telefon - Arbeit", "person_phone"), ("Person - Telefon - Mobil", "mobile"),
        ("Person - Besitzer", "owner"), ("Person - Quelle", "lead_source"),
        ("Person - Erstellt am", "created"), ("Organisation - Name", "company"),
        ("Organisation - Adresse", "address_country"), ("Organisation - Label", ""),
    ],
    # Accounting and address programs (DATEV, Lexware): one row per customer numbered from
    # 10001, the name over two lines ("Name 1 | Name 2": a legal form or an addition), the
    # postcode with the country ("D-98527"), an inverted flag "Inaktiv".
    # A list kept as an address book by hand: one row per person, their line and mobile.
    "persons_rows": [
        ("Vorname", "first"), ("Nachname", "last"), ("Firma", "company"), ("Funktion", "function"),
        ("Telefon", "person_phone"), ("Mobil", "mobile"), ("E-Mail", "person_email"),
        ("Straße", "street"), ("PLZ", "postcode"), ("Ort", "city"), ("Kontakt über", "lead_source"),
    ],
    "datev": [
        ("Nummer", "record_number"), ("Name 1", "name_line_1"), ("Name 2", "name_line_2"),
        ("Kurzbezeichnung", "short_name"), ("Telefon", "phone_unscored"), ("Telefax", "fax"),
        ("Ansprechpartner", "salutation_name"), ("Land/Plz (Brief)", "country_postcode"),
        ("Ort (Brief)", "city"), ("EMail (MailDruck)", "company_email"),
        ("Ansprechpartner eMail", "person_email"), ("Inaktiv", "inactive"), ("Straße (Brief)", "street"),
        ("USt.ID-Nr.", ""),
    ],
}  # fmt: skip
# Profiles added after the first measures (fresh-eyes round of issue 28).
LATER_PROFILES = ("pipedrive", "persons_rows", "datev")
# Profiles with one row per organisation (its first person only).
ONE_ROW_PROFILES = ("datev",)
_LEGAL_FORM_AT_END = re.compile(r"^(?P<name>.+?)\s+(?P<form>e\.\s?V\.|gGmbH|GmbH|mbH|eG|gUG)$")


def _export_rows(ctx: _Context, records: list[Record]) -> tuple[list[str], list[list[object]]]:
    profile = PROFILES[ctx.recipe["profile"]]
    rng = ctx.rng
    rows = []
    for index, rec in enumerate(records):
        ctx.index = index
        ctx.expect("name", rec.name)
        persons = rec.persons or [None]
        if ctx.recipe["profile"] in ONE_ROW_PROFILES:
            persons = persons[:1]
        for slot, person in enumerate(persons):
            row = []
            for _header, role in profile:
                row.append(_export_cell(ctx, rng, rec, person, slot, role))
            rows.append(row)
    return [header for header, _role in profile], rows


def _categories(ctx: _Context, rec: Record, others: list[str], separator: str) -> str:
    """An address book's categories or labels: the record's fields of action among words
    that are none, each as users type them (any case, a plural, a typo)."""
    words = list(others)
    for code in rec.fields:
        ctx.expect(f"field:{code}", code)
        words.append(n.typed(ctx.vrng, n.word(ctx.vrng, n.FIELDS, code, _vocab_style(ctx))))
    words += ctx.vrng.sample(n.OTHER_CATEGORIES, ctx.vrng.randint(0, 2))
    head, rest = words[:1], words[1:]
    ctx.vrng.shuffle(rest)
    return separator.join(head + rest)


def _export_cell(ctx, rng, rec: Record, person: Person | None, slot: int, role: str):
    key = f"person:{slot}:"
    if role == "company":
        return rec.name
    if role in ("street", "city", "postcode", "website", "company_phone", "fax", "formatted"):
        if role == "street":
            ctx.expect("street", rec.street)
            return rec.street
        if role == "city":
            ctx.expect("city", rec.city)
            return rec.city
        if role == "postcode":
            ctx.expect("postcode", rec.postcode)
            return rec.postcode
        if role == "website":
            ctx.expect("website", rec.website)
            return rec.website
        if role == "company_phone":
            return _phone_cell(ctx, rec.phone, "phone")
        if role == "fax":
            return _phone_cell(ctx, rec.fax, "fax")
        return f"{rec.street}\n{rec.postcode} {rec.city}"
    if role == "address_country":
        for part in ("street", "postcode", "city"):
            ctx.expect(part, getattr(rec, part))
        return f"{rec.street}, {rec.postcode} {rec.city}, {rng.choice(['Deutschland', 'Germany', 'DE'])}"
    if role == "mobile":
        # a person's mobile beside their line: no field of its own (the notes), never the
        # reason their line becomes the organisation's
        # (drawn from the person, not from the list's stream: the lists stay as they were)
        if person is None:
            return ""
        digits = f"{zlib.crc32(person.full_name.encode()):010d}"
        if digits[0] in "0123":
            return ""
        return f"01{'567'[int(digits[1]) % 3]}{digits[2]} {digits[3:10]}"
    if role == "lead_source":
        # a CRM's "source" of the contact: one value in every row that names a vocabulary
        # entry at most by a word ("Stadtteilkonferenz") – no entry may come of it
        ctx.expect("no_wrong_entry", tuple(sorted(rec.fields)))
        sources = ("Stadtteilkonferenz", "Netzwerktreffen", "Fachtag", "Empfehlung", "Website")
        return sources[zlib.crc32(repr(sorted(ctx.recipe.items())).encode()) % len(sources)]
    if role == "phone_unscored":
        # the customer's number beside its one contact person: the organisation's or the
        # person's – either is right, so it is not scored
        return n.phone(rng, rec.phone, ctx.recipe["phones"]) if rec.phone else ""
    if role == "record_number":
        return str(10_001 + ctx.index)
    if role in ("name_line_1", "name_line_2"):
        split = _LEGAL_FORM_AT_END.match(rec.name)
        if role == "name_line_1":
            return split["name"] if split else rec.name
        if split:
            return split["form"]
        first = rec.persons[0].full_name if rec.persons else "Jens Recknagel"
        return rng.choice(["", "", f"Inh. {first}", "Abt. Verwaltung", "z. Hd. Geschäftsführung"])
    if role == "short_name":
        return rec.name.split()[0].upper()[:12]
    if role == "country_postcode":
        ctx.expect("postcode", rec.postcode)
        return f"D-{rec.postcode}"
    if role == "company_email":
        ctx.expect("email", rec.email)
        return rec.email
    if role == "inactive":
        if rec.status == "ended":
            ctx.expect("status", rec.status)
            return "Ja"
        return "Nein" if rec.status == "active" else ""
    if role == "country":
        return "Deutschland"
    if role == "region":
        return "Thüringen"
    if role == "record_id":
        return str(rng.randint(10_000, 999_999))
    if role == "contact_type":
        return "Individuum" if person else "Organisation"
    if role == "lifecycle":
        return rng.choice(["Lead", "Kontakt", "Opportunity"])
    if role == "owner":
        return rng.choice(["Anke Berger", "Marco Tietz"])
    if role == "created":
        return f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} 10:{rng.randint(10, 59)}"
    if role == "categories":
        plain = rng.choice(["Netzwerk", "Netzwerk;ThINKA", "Geschäftlich"])
        if ctx.recipe.get("categories") != "fields":
            return plain
        return _categories(ctx, rec, plain.split(";"), ctx.vrng.choice([";", "; ", ","]))
    if role == "groups":
        if ctx.recipe.get("categories") != "fields":
            return "* myContacts ::: Netzwerk"
        return _categories(ctx, rec, ["* myContacts", "Netzwerk"], " ::: ")
    if role == "work":
        return "Work" if person else ""
    if role == "smtp":
        return "SMTP" if person and person.email else ""
    if person is None:
        return ""
    if role == "first":
        ctx.expect(key + "name", person)
        return person.first_name
    if role == "last":
        return person.last_name
    if role == "display_name":
        return person.full_name
    if role == "display":
        return f"{person.full_name} ({person.email})" if person.email else ""
    if role == "salutation_name":
        ctx.expect(key + "name", person)
        return f"{person.salutation} {person.full_name}".strip()
    if role == "salutation":
        return person.salutation
    if role == "salutation_title":
        return f"{person.salutation} {person.title}".strip()
    if role == "title":
        return person.title
    if role == "function":
        ctx.expect(key + "function", person.function)
        return person.function
    if role == "person_phone":
        return _phone_cell(ctx, person.phone, key + "phone")
    if role == "person_email":
        ctx.expect(key + "email", person.email)
        return person.email
    if role == "birthday":
        return f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.{rng.randint(1955, 1995)}"
    if role == "birthday_iso":
        return f"{rng.randint(1955, 1995)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if role == "birth_year":
        return str(rng.randint(1955, 1995))
    if role == "spouse":
        return (
            f"{rng.choice(['Kerstin', 'Holger', 'Maik', 'Simone'])} {person.last_name}"
            if rng.random() < 0.5
            else ""
        )
    return ""


# --- the recipe ----------------------------------------------------------------------------

FORMATS = (
    "xlsx", "xlsx", "xlsx", "xls", "ods", "csv-utf8-;", "csv-utf8bom-;", "csv-cp1252-;",
    "csv-utf8-,", "csv-cp1252-,", "csv-utf16-tab", "csv-utf8-tab",
)  # fmt: skip
BASE_DIMENSIONS = {
    "layout": ("flat", "flat", "continued", "continued_merged", "repeated", "groups", "export"),
    "language": ("de", "de", "de", "en"),
    "header_case": ("as_is", "as_is", "upper", "lower", "colon"),
    "order": ("canonical", "shuffled"),
    "title": ("none", "title", "title_subtitle", "stand_line"),
    "footer": ("none", "stand", "sum_row", "legend", "note"),
    "offset": ("none", "none", "column_b", "blank_rows"),
    "type": ("column", "none"),
    "address": ("columns", "house_number", "postcode_city", "one_cell", "none"),
    "postcodes": n.POSTCODE_STYLES,
    "phone": ("column", "with_fax_column", "tel_fax_cell", "none"),
    "phones": n.PHONE_STYLES,
    "email": ("yes", "no"),
    "website": (*n.WEBSITE_STYLES, "none"),
    "fields": ("cell", "marks", "none"),
    "separator": (", ", "; ", " / ", "\n"),
    "intensity": ("column", "none"),
    "status": ("column", "column", "colour", "none"),
    "end_date": ("column", "in_status", "none"),
    "since": ("column", "column", "timeline"),
    "timeline": ("years", "half_years"),
    "timeline_cells": ("marks", "dates"),
    "dates": n.DATE_STYLES,
    "unknown_dates": ("empty", "words"),
    "vocabulary": n.VOCABULARY_STYLES[:2],
    "mark": n.MARKS,
    "notes": ("column", "none"),
    "last_contact": ("none", "none", "column"),
    "person_name": ("one_cell", "split"),
    "person_cells": n.PERSON_CELL_STYLES,
    "salutation_column": ("yes", "no"),
    "title_column": ("yes", "no"),
    "person_function": ("yes", "no"),
    "person_phone": ("yes", "no"),
    "person_email": ("yes", "no"),
    "person_consent": ("no", "no", "yes"),
    "running_number": ("no", "no", "yes"),
    "numbering": ("prefix", "suffix", "group"),
    "profile": tuple(p for p in PROFILES if p not in LATER_PROFILES),
    "hidden_row": ("no", "no", "yes", "filtered"),
    "sheets": ("one", "one", "one", "by_type"),
    "format": FORMATS,
}
# Value transformations drawn from the list's second random source (``build``): a legal
# form in its own column, periods and dated status words, a yes/no column beside the
# status, phone numbers labelled with a function of the organisation, an address book's
# categories holding fields of action.
VALUE_DIMENSIONS = {
    "legal_form": ("in_name", "in_name", "column", "column_too"),
    "periods": ("no", "yes"),
    "status_dates": ("no", "yes"),
    "active_column": ("no", "yes"),
    "phone_label": ("none", "function"),
    "categories": ("plain", "fields", "fields"),
}
DIMENSIONS = {**BASE_DIMENSIONS, **VALUE_DIMENSIONS}
# The dimensions that matter only for some layouts (the breakdown leaves the rest out).
ONLY_FOR = {
    "legal_form": ("layout", "not_export"),
    "periods": ("since", "column"),
    "status_dates": ("status", "column"),
    "active_column": ("status", "column"),
    "categories": ("layout", "export"),
    "timeline": ("since", "timeline"),
    "timeline_cells": ("since", "timeline"),
    "profile": ("layout", "export"),
    "numbering": ("layout", "groups"),
    "separator": ("fields", "cell"),
}


ENGLISH_PROFILES = ("google", "outlook_en", "google_2023")


def draw_recipe(rng: random.Random, variation: random.Random | None = None) -> dict[str, str]:
    recipe = {name: rng.choice(choices) for name, choices in BASE_DIMENSIONS.items()}
    # Profiles added later are drawn from a stream of their own, so that every other list of
    # a seed stays the list it was (the measure stays comparable across rounds).
    later = random.Random(repr(rng.getstate()))
    if later.random() < len(LATER_PROFILES) / len(PROFILES):
        recipe["profile"] = later.choice(LATER_PROFILES)
    # The organisation as a sub-heading (merged or bold) with its rows below: drawn from a
    # stream of its own too, among the lists with merged continuation rows (issue 28 C).
    sectioned = random.Random(repr(rng.getstate()) + "sectioned")
    if (
        recipe["layout"] == "continued_merged"
        and recipe["format"] in ("xlsx", "ods")
        and sectioned.random() < 0.5
    ):
        recipe["layout"] = "sectioned"
    variation = variation or random.Random(0)
    recipe |= {name: variation.choice(choices) for name, choices in VALUE_DIMENSIONS.items()}
    spreadsheet = not recipe["format"].startswith("csv")
    if not spreadsheet:
        recipe["hidden_row"] = "no"
        recipe["sheets"] = "one"
    elif recipe["hidden_row"] == "filtered" and recipe["format"] != "xlsx":
        recipe["hidden_row"] = "yes"
        if recipe["phones"] == "number":
            recipe["phones"] = "plain"  # a CSV file keeps what Excel showed
        if recipe["postcodes"] == "number":
            recipe["postcodes"] = "plain"
    if recipe["layout"] == "export":
        recipe["language"] = "en" if recipe["profile"] in ENGLISH_PROFILES else "de"
        for name in ("header_case", "order", "title", "footer", "offset", "sheets"):
            recipe[name] = DIMENSIONS[name][0]  # an export is written by a program
        if recipe["profile"] in ("outlook", "google", "thunderbird", *ENGLISH_PROFILES):
            recipe["format"] = rng.choice(["csv-cp1252-,", "csv-utf8-,", "csv-utf8bom-,"])
        recipe["phones"] = rng.choice(["plain", "intl", "slash"])
    if recipe["status"] == "colour" and recipe["format"] != "xlsx":
        recipe["status"] = "column"  # colours only where the generator writes them
    if recipe["status"] != "column" and recipe["end_date"] == "in_status":
        recipe["end_date"] = "none"
    if recipe["layout"] in ("continued", "continued_merged", "sectioned", "groups"):
        recipe["person_name"] = (
            recipe["person_name"] if recipe["layout"] != "groups" else "one_cell"
        )
    if recipe["phone"] not in ("column", "with_fax_column"):
        recipe["phone_label"] = "none"
    return {
        name: value
        for name, value in recipe.items()
        if name not in ONLY_FOR or _applies(recipe, *ONLY_FOR[name])
    }


def _applies(recipe: dict[str, str], dimension: str, choice: str) -> bool:
    if choice.startswith("not_"):
        return recipe[dimension] != choice.removeprefix("not_")
    return recipe[dimension] == choice


# --- rendering -----------------------------------------------------------------------------


def _header_text(text: object, case: str) -> object:
    if not isinstance(text, str):
        return text
    if case == "upper":
        return text.upper()
    if case == "lower":
        return text.lower()
    if case == "colon":
        return f"{text}:"
    return text


def build(
    rng: random.Random,
    records: list[Record],
    number: int,
    variation: random.Random | None = None,
) -> GeneratedList:
    recipe = draw_recipe(rng, variation)
    expected: list[dict[str, Expect]] = [{} for _ in records]
    ctx = _Context(rng, recipe, expected, variation)
    layout = recipe["layout"]
    if layout == "export":
        header, body = _export_rows(ctx, records)
        grid = Grid(rows=[header, *body])
        return GeneratedList(number, recipe, records, expected, grid)
    groups = _org_columns(ctx, with_persons=True)
    person_label = ctx.h(["Ansprechpartner", "Kontaktperson", "AP"], ["Contact", "Contact person"])
    if layout == "groups":
        slots = max((len(rec.persons) for rec in records), default=0)
        for slot in range(max(slots, 1)):
            groups.append(_person_columns(ctx, slot, person_label, recipe["numbering"]))
    elif any(rec.persons for rec in records):
        groups.append(_person_columns(ctx, 0, person_label, ""))
    timeline = _timeline_columns(ctx, records) if recipe["since"] == "timeline" else []
    if recipe["order"] == "shuffled":
        first, rest = groups[0], groups[1:]
        rng.shuffle(rest)
        groups = [first, *rest] if rng.random() < 0.6 else [*rest[:1], first, *rest[1:]]
    columns = [column for group in groups for column in group] + timeline
    indexed = list(enumerate(records))
    if recipe.get("sheets") != "by_type":
        grid = _render(ctx, indexed, columns, Grid())
        return GeneratedList(number, recipe, records, expected, grid)
    grids = []
    for code in dict.fromkeys(rec.type for rec in records):  # in the order of the records
        part = [(i, rec) for i, rec in indexed if rec.type == code]
        grids.append(_render(ctx, part, columns, Grid(sheet_name=SHEET_NAMES[code])))
        if code != DEFAULTS["type"]:
            for i, _rec in part:
                expected[i]["type"] = Expect(code)  # the sheet's name says it
    return GeneratedList(number, recipe, records, expected, grids[0], more_sheets=grids[1:])


# A list kept as one sheet per kind of organisation.
SHEET_NAMES = {
    "verein": "Vereine", "soziale-einrichtung": "Freie Träger", "behoerde": "Ämter und Behörden",
    "jobcenter": "Jobcenter", "schule-kita": "Schulen und Kitas", "wohnungsunternehmen": "Wohnungswirtschaft",
    "kirche": "Kirchen", "unternehmen": "Unternehmen", "politik": "Politik", "initiative": "Initiativen",
    "sonstige": "Sonstige",
}  # fmt: skip


def _render(ctx: _Context, indexed, columns: list[Column], grid: Grid) -> Grid:
    """The rows of ``indexed`` (record's index in the list, record) into ``grid``."""
    recipe, rng = ctx.recipe, ctx.rng
    records = [rec for _i, rec in indexed]
    lead = 1 if recipe["offset"] == "column_b" else 0
    width = len(columns) + lead

    def add(row: list[object]) -> int:
        grid.rows.append([""] * lead + row + [""] * (width - lead - len(row)))
        return len(grid.rows) - 1

    place = rng.choice(["Sonneberg", "Gera", "Nordhausen", "Jena"])
    if recipe["title"] != "none":
        at = add(
            [
                f"Netzwerkpartner ThINKA {place}"
                + (" – Stand März 2021" if recipe["title"] == "title" else "")
            ]
        )
        grid.merges.append((at, lead, at, width - 1))
        if recipe["title"] == "title_subtitle":
            add(["erstellt für den Erfahrungsaustausch, bitte nicht weitergeben"])
        if recipe["title"] == "stand_line":
            add([f"Stand: {rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2021"])
        add([])
    if recipe["offset"] == "blank_rows":
        add([])
        add([])
    case = recipe["header_case"]
    if any(column.group for column in columns):
        top = add([_header_text(c.group or c.header, case) for c in columns])
        bottom = add([_header_text(c.header, case) if c.group else "" for c in columns])
        start = 0
        while start < len(columns):
            end = start
            group = columns[start].group
            while group and end + 1 < len(columns) and columns[end + 1].group == group:
                end += 1
            if group and end > start:
                grid.merges.append((top, lead + start, top, lead + end))
                for i in range(start + 1, end + 1):
                    grid.rows[top][lead + i] = ""
            if not group:
                grid.merges.append((top, lead + start, bottom, lead + start))
            start = end + 1
    else:
        add([_header_text(c.header, case) for c in columns])
    if recipe.get("hidden_row") == "filtered":
        grid.filter_row = len(grid.rows) - 1
    layout = recipe["layout"]
    person_columns = {i for i, c in enumerate(columns) if c.person}
    name_column = next(i for i, c in enumerate(columns) if c.cell.__name__ == "name_cell")
    for position, (index, rec) in enumerate(indexed):
        ctx.index = index
        first_values = [c.cell(rec, ctx) for c in columns]
        if layout == "sectioned":
            # The organisation's name alone in a row above its rows, merged across the table
            # (or only in bold, in .xlsx); its own column stays empty below.
            heading = add([first_values[name_column]])
            if recipe["format"] == "xlsx" and rng.random() < 0.4:
                grid.bold.add((heading, lead))
            else:
                grid.merges.append((heading, lead, heading, width - 1))
            first_values[name_column] = ""
        first_row = add(first_values)
        if recipe["status"] == "colour":
            grid.fills[(first_row, lead + name_column)] = COLOURS[rec.status][0]
            if rec.status != DEFAULTS["status"]:
                ctx.expect("status", rec.status)
        if (
            layout in ("continued", "continued_merged", "sectioned", "repeated")
            and len(rec.persons) > 1
        ):
            for slot in range(1, len(rec.persons)):
                shifted = _shift_person(rec, slot)
                values = [
                    columns[i].cell(shifted, _SlotContext(ctx, slot))
                    if i in person_columns
                    else (first_values[i] if layout == "repeated" else "")
                    for i in range(len(columns))
                ]
                row = add(values)
                if recipe["status"] == "colour" and layout == "repeated":
                    grid.fills[(row, lead + name_column)] = COLOURS[rec.status][0]
            last_row = len(grid.rows) - 1
            if layout == "continued_merged":
                for i in set(range(len(columns))) - person_columns:
                    grid.merges.append((first_row, lead + i, last_row, lead + i))
        if recipe.get("hidden_row") in ("yes", "filtered") and position == len(records) // 2:
            grid.hidden.add(first_row)
            ctx.expect("sheet_note", "hidden")  # the contact's notes say the row was hidden
    footer = recipe["footer"]
    if recipe["status"] == "colour":  # the colours explained below the table, in colour
        add([])
        add(["Legende:"])
        for status, (rgb, word) in COLOURS.items():
            grid.fills[(add([f"{word} = {n.STATUSES[status][0]}"]), lead)] = rgb
    if footer == "stand":
        add([])
        add([f"Stand: {rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2021"])
    elif footer == "sum_row":
        add([f"Summe: {len(records)}"] if rng.random() < 0.5 else [len(records)])
    elif footer == "legend":
        add([])
        add(["Legende:"])
        add(
            [
                "x = Kontakt in diesem Jahr"
                if recipe["since"] == "timeline"
                else "grün = aktiver Kontakt"
            ]
        )
        add(["grau hinterlegt = ruhender Kontakt"])
    elif footer == "note":
        add([])
        add(
            [
                "Hinweis: Die Liste wird von der Koordinierungsstelle gepflegt. Änderungen bitte an die Projektleitung melden."
            ]
        )
    return grid


def _shift_person(rec: Record, slot: int) -> Record:
    """The record as seen by a continuation row: its ``slot``-th person in the first place."""
    clone = Record(**{**rec.__dict__, "persons": rec.persons[slot:]})
    return clone


class _SlotContext(_Context):
    """Expectations of a continuation row's person go to that person's slot."""

    def __init__(self, base: _Context, slot: int) -> None:
        self.__dict__.update(base.__dict__)
        self.slot = slot

    def expect(self, key: str, value: object, precision: str = "") -> None:
        if key.startswith("person:0:"):
            key = f"person:{self.slot}:" + key.removeprefix("person:0:")
        super().expect(key, value, precision)
