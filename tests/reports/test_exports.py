"""The ministry workbook and the list downloads: contents, totals, safety, access, errors."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from contacts.models import (
    ContactStatus,
    CooperationForm,
    FieldOfAction,
    NetworkContact,
    OrganisationType,
)
from reports import periods
from reports.models import ExportKind, ExportLog
from tests import factories
from tests.jobs import job_file
from tests.libreoffice import convert, needs_libreoffice

SHEETS = [
    "Übersicht",
    "nach Organisationsart",
    "nach Handlungsfeld",
    "Vergleich",
    "Netzwerkkontakte",
    "Netzwerkentwicklung",
    "Legende",
    "Angaben",
]


@pytest.fixture
def network(world):
    """Project A: three contacts, one ended in 2016-H2, interactions in and outside it."""
    verein = OrganisationType.objects.get(code="verein")
    field = FieldOfAction.objects.order_by("order").first()
    in_period = factories.NetworkContactFactory(
        project=world.project_a,
        organisation=factories.OrganisationFactory(
            name='=HYPERLINK("http://evil")', phone="+49 3675 123456", organisation_type=verein
        ),
        since=datetime.date(2016, 8, 1),
    )
    in_period.fields_of_action.add(field)
    factories.NetworkContactFactory(  # ended within the period: not active at its end
        project=world.project_a,
        status=ContactStatus.ENDED,
        since=datetime.date(2015, 1, 1),
        ended_on=datetime.date(2016, 10, 1),
    )
    factories.InteractionFactory(network_contact=in_period, date=datetime.date(2016, 9, 1))
    factories.InteractionFactory(network_contact=in_period, date=datetime.date(2016, 3, 1))
    factories.InteractionFactory(network_contact=world.contact_b, date=datetime.date(2016, 12, 31))
    return {"in_period": in_period, "verein": verein, "field": field}


def export(client, user, **data):
    client.force_login(user)
    payload = {"period": "2016-H2", **data}
    response = client.post(reverse("reports:ministry_export"), payload)
    # A closed period's stored workbook comes at once; a fresh one from a background job.
    return response if response.status_code != 302 else job_file(client, response)


def workbook(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def rows(sheet) -> list[dict]:
    """The table's rows; a note under it (one text in the first column) is no row."""
    values = list(sheet.iter_rows(values_only=True))
    table = [row for row in values[1:] if any(value is not None for value in row[1:])]
    return [dict(zip(values[0], row, strict=True)) for row in table]


def test_ministry_workbook_has_every_sheet_with_german_headers(client, world, network):
    book = workbook(export(client, world.ministry))
    assert book.sheetnames == SHEETS
    overview = book["Übersicht"]
    assert [c.value for c in overview[1]][:6] == [
        "Vorhaben",
        "Förderlinie",
        "Landkreis / kreisfreie Stadt",
        "aktive Netzwerkkontakte",
        "neu im Zeitraum",
        "Kontakte im Zeitraum",
    ]
    for sheet in book.worksheets:
        assert sheet.freeze_panes in ("A2", "B2")
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9  # A4
        if sheet.sheet_properties.pageSetUpPr.fitToPage:
            assert sheet.page_setup.fitToWidth == 1
        else:  # wider than a page at 8 pt: pages side by side, the first columns on each
            assert sheet.page_setup.scale >= 73
            assert sheet.col_breaks.brk
            assert sheet.print_title_cols.startswith("$A:")
        assert sheet.print_title_rows == "$1:$1"  # the column heads on every page
        assert sheet.oddFooter.right.text == "Seite &P von &N"
        assert sheet.oddFooter.left.text == sheet.title
    for name in ("Übersicht", "Vergleich", "Netzwerkkontakte", "Angaben"):
        assert book[name].oddHeader.right.text == "2. Halbjahr 2016"
        assert book[name].oddHeader.left.text == "ThINKA Netzwerk – Bericht an das TMASGFF"
    # Wrapped heads ("Handlungsfeld: Bildung und Sprache") get the height to show them.
    assert overview.row_dimensions[1].height > 15
    # The technical code lives in the legend, not in the detail sheet.
    assert "Code Organisationsart" not in next(book["Netzwerkkontakte"].values)
    assert overview.auto_filter.ref.startswith("A1:")
    last_row = NetworkContact.objects.count() + 1
    assert book["Netzwerkkontakte"].auto_filter.ref == f"A1:N{last_row}"


def test_overview_totals_equal_counts_from_the_database(client, world, network):
    book = workbook(export(client, world.coordination))
    # The overview's three sheets (main figures, by type, by field) read as one row each.
    by_project: dict = {}
    for name in ("Übersicht", "nach Organisationsart", "nach Handlungsfeld"):
        for row in rows(book[name]):
            by_project.setdefault(row["Vorhaben"], {}).update(row)
    total = by_project.pop("Summe")
    period = periods.parse("2016-H2")
    for project in (world.project_a, world.project_b):
        row = by_project[project.name]
        contacts = NetworkContact.objects.filter(project=project)
        # Active at the end of the period: begun by then, not ended by then, not archived.
        active = [
            c
            for c in contacts
            if (c.ended_on is None or c.ended_on > period.end)
            and not c.is_archived
            and (c.since is None or c.since <= period.end)
        ]
        assert row["aktive Netzwerkkontakte"] == len(active)
        assert row["neu im Zeitraum"] == sum(1 for c in contacts if c.since and c.since in period)
        assert row["Kontakte im Zeitraum"] == sum(
            1 for c in contacts for i in c.interactions.all() if i.date in period
        )
        assert row["Art: Verein"] == sum(
            1 for c in active if c.organisation.organisation_type_id == network["verein"].pk
        )
        assert row[f"Handlungsfeld: {network['field'].label}"] == sum(
            1 for c in active if network["field"] in c.fields_of_action.all()
        )
    for column, value in total.items():
        if isinstance(value, int):
            assert value == sum(row[column] for row in by_project.values()), column
    assert by_project[world.project_a.name]["Kontakte im Zeitraum"] == 1
    assert by_project[world.project_b.name]["Kontakte im Zeitraum"] == 1


def test_detail_sheet_has_one_row_per_contact_with_real_dates_and_numbers(client, world, network):
    book = workbook(export(client, world.ministry))
    sheet = book["Netzwerkkontakte"]
    details = rows(sheet)
    assert len(details) == NetworkContact.objects.count()
    row = next(r for r in details if r["Kontakt seit"] == datetime.datetime(2016, 8, 1))
    assert row["Kontakte im Zeitraum"] == 1
    assert isinstance(row["Kontakte im Zeitraum"], int)
    date_cell = next(c for c in sheet["J"][1:] if c.value == datetime.datetime(2016, 8, 1))
    assert date_cell.is_date
    assert date_cell.number_format == "DD.MM.YYYY"
    info = dict(book["Angaben"].iter_rows(min_row=2, values_only=True))
    assert info["Zeitraum"] == "2. Halbjahr 2016"
    assert info["Beginn"] == datetime.datetime(2016, 7, 1)
    assert info["erstellt von"] == "Ministerium"  # the office, never a person (issue 30)
    assert info["Anwendung"].startswith("ThINKA Netzwerk ")
    legend = rows(book["Legende"])
    assert {
        "Werteliste": "Organisationsart",
        "Code": "verein",
        "Bezeichnung": "Verein",
        "aktiv": "ja",
    } in legend


def test_detail_rows_name_vocabularies_in_their_order_across_chunks(
    client, world, network, monkeypatch
):
    # Chunks of two: the labels of every chunk are read for that chunk's contacts only.
    monkeypatch.setattr("reports.figures.CHUNK", 2)
    fields = list(FieldOfAction.objects.order_by("order", "label")[:3])
    forms = list(CooperationForm.objects.order_by("order", "label")[:2])
    contact = world.contact_b
    contact.fields_of_action.set(reversed(fields))
    contact.cooperation_forms.set(forms)
    details = rows(workbook(export(client, world.ministry))["Netzwerkkontakte"])
    assert len(details) == NetworkContact.objects.count()
    row = next(r for r in details if r["Organisation"] == contact.organisation.name)
    assert row["Handlungsfelder"] == ", ".join(f.label for f in fields)
    assert row["Formen der Zusammenarbeit"] == ", ".join(f.label for f in forms)
    assert row["Vorhaben"] == contact.project.name
    other = next(r for r in details if r["Organisation"] == network["in_period"].organisation.name)
    assert other["Handlungsfelder"] == network["field"].label
    assert other["Formen der Zusammenarbeit"] is None  # an empty cell


def test_ministry_workbook_holds_no_personal_data(client, world, network):
    book = workbook(export(client, world.ministry, include_persons="on"))
    assert "Ansprechpersonen" not in book.sheetnames
    text = " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    assert world.person_a.name not in text
    assert world.person_a.email not in text


def test_text_that_looks_like_a_formula_stays_text_in_xlsx(client, world, network):
    book = workbook(export(client, world.staff_a))
    cell = next(c for c in book["Netzwerkkontakte"]["B"] if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"
    assert cell.quotePrefix
    assert cell.value == '=HYPERLINK("http://evil")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "\n", "\0"])
def test_every_dangerous_first_character_is_neutralised(start):
    from core.spreadsheets import csv_safe, is_formula_like

    assert is_formula_like(f"{start}1+1")
    assert csv_safe(f"{start}1+1") == f"'{start}1+1"
    assert csv_safe("Verein e. V.") == "Verein e. V."
    assert csv_safe(42) == 42


def test_staff_exports_only_their_own_projects(client, world, network):
    book = workbook(export(client, world.staff_a))
    assert {row["Vorhaben"] for row in rows(book["Übersicht"])} == {world.project_a.name, "Summe"}
    assert {row["Vorhaben"] for row in rows(book["Netzwerkkontakte"])} == {world.project_a.name}


def test_staff_asking_for_another_project_gets_a_german_error_not_a_file(client, world, network):
    response = export(client, world.staff_a, projects=[str(world.project_b.pk)])
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()
    assert not ExportLog.objects.exists()


def test_staff_get_contact_persons_only_when_they_ask(client, world, network):
    without = workbook(export(client, world.staff_a))
    assert "Ansprechpersonen" not in without.sheetnames
    with_persons = workbook(export(client, world.staff_a, include_persons="on"))
    persons = rows(with_persons["Ansprechpersonen"])
    assert [p["Name"] for p in persons] == [world.person_a.name]
    assert ExportLog.objects.filter(include_persons=True).count() == 1


def test_coordination_cannot_add_contact_persons(client, world, network):
    response = client.get(reverse("reports:ministry_export"))
    client.force_login(world.coordination)
    response = client.get(reverse("reports:ministry_export"))
    assert "include_persons" not in response.context["form"].fields
    book = workbook(export(client, world.coordination, include_persons="on"))
    assert "Ansprechpersonen" not in book.sheetnames


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"period": "frei", "date_from": "2016-12-31", "date_to": "2016-07-01"},
            "Der Zeitraum ist umgekehrt",
        ),
        ({"period": "frei", "date_from": "2016-07-01"}, "brauchen Sie das Datum „von“ und „bis“"),
        ({"period": "1999-H7"}, "Bitte eine gültige Auswahl treffen"),
        # Out of the calendar's reach or in the future: refused here, not failing in the job.
        (
            {"period": "frei", "date_from": "2020-01-01", "date_to": "9999-12-31"},
            "kein gültiger Zeitraum",
        ),
        (
            {"period": "frei", "date_from": "0001-01-01", "date_to": "0001-01-02"},
            "kein gültiger Zeitraum",
        ),
        ({"period": ""}, "Dieses Feld ist zwingend erforderlich"),
    ],
)
def test_bad_periods_get_a_german_error(client, world, data, message):
    response = export(client, world.ministry, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ExportLog.objects.exists()


def test_free_period_is_accepted(client, world, network):
    book = workbook(
        export(client, world.ministry, period="frei", date_from="2016-09-01", date_to="2016-09-30")
    )
    info = dict(book["Angaben"].iter_rows(min_row=2, values_only=True))
    assert info["Zeitraum"] == "01.09.2016 bis 30.09.2016"


def test_each_export_is_logged(client, world, network):
    export(client, world.ministry, projects=[str(world.project_b.pk)])
    log = ExportLog.objects.get()
    assert log.kind == ExportKind.MINISTRY
    assert log.user == world.ministry
    assert (log.period_start, log.period_end) == (
        datetime.date(2016, 7, 1),
        datetime.date(2016, 12, 31),
    )
    assert list(log.projects.all()) == [world.project_b]
    assert log.rows == 1
    client.force_login(world.coordination)
    page = client.get(reverse("reports:export_log")).content.decode()
    assert "2. Halbjahr 2016" in page


# --- periods and the command line ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2016-H2", "2016-07-01", "2016-12-31", "2. Halbjahr 2016"),
        ("2016-H1", "2016-01-01", "2016-06-30", "1. Halbjahr 2016"),
        ("2016-Q3", "2016-07-01", "2016-09-30", "3. Quartal 2016"),
        ("2016-Q4", "2016-10-01", "2016-12-31", "4. Quartal 2016"),
        ("2016-Q1", "2016-01-01", "2016-03-31", "1. Quartal 2016"),
        ("2016-07-01..2016-12-31", "2016-07-01", "2016-12-31", "01.07.2016 bis 31.12.2016"),
    ],
)
def test_periods_are_parsed(text, start, end, label):
    period = periods.parse(text)
    assert period.start == datetime.date.fromisoformat(start)
    assert period.end == datetime.date.fromisoformat(end)
    assert period.label == label


@pytest.mark.parametrize(
    "text", ["2016-H3", "2016-Q5", "2016-12-31..2016-01-01", "2016-02-30..2016-03-01", ""]
)
def test_bad_periods_are_refused(text):
    with pytest.raises(periods.PeriodError):
        periods.parse(text)


def test_command_writes_the_workbook(world, network, tmp_path):
    target = tmp_path / "bericht.xlsx"
    call_command(
        "export_ministry", "--period", "2016-Q3", "--projects", "sonneberg", "--output", str(target)
    )
    book = load_workbook(target)
    assert book.sheetnames == SHEETS
    assert {row["Vorhaben"] for row in rows(book["Netzwerkkontakte"])} == {world.project_a.name}
    log = ExportLog.objects.get()
    assert log.via_command
    assert log.user is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2016-H9"], "kein Zeitraum"),
        (
            ["--period", "2016-H2", "--projects", "gibt-es-nicht"],
            "Unbekannte Vorhaben: gibt-es-nicht",
        ),
    ],
)
def test_command_refuses_bad_input_and_writes_nothing(world, tmp_path, args, message):
    target = tmp_path / "bericht.xlsx"
    with pytest.raises(CommandError, match=message):
        call_command("export_ministry", *args, "--output", str(target))
    assert not target.exists()
    assert not ExportLog.objects.exists()


@needs_libreoffice
def test_libreoffice_reads_the_workbook_and_keeps_formulas_as_text(world, network, tmp_path):
    target = tmp_path / "bericht.xlsx"
    call_command("export_ministry", "--period", "2016-H2", "--output", str(target))
    # Filter options: ";" separator, '"' quotes, UTF-8, German locale (1031), cells as
    # shown (so dates appear as formatted), and only sheet 5, "Netzwerkkontakte".
    convert(
        target,
        tmp_path,
        "csv:Text - txt - csv (StarCalc):59,34,76,1,,1031,false,true,true,false,false,5",
    )
    detail = (tmp_path / "bericht-Netzwerkkontakte.csv").read_text(encoding="utf-8")
    lines = list(csv.reader(io.StringIO(detail), delimiter=";"))
    assert lines[0][:2] == ["Vorhaben", "Organisation"]
    assert len(lines) - 1 == NetworkContact.objects.count()
    assert any(line[1] == '=HYPERLINK("http://evil")' for line in lines[1:])
    assert any(line[9] == "01.08.2016" for line in lines[1:])


# --- the staff's list downloads -----------------------------------------------------------


def download(client, user, fmt, **params):
    client.force_login(user)
    return client.get(reverse(f"reports:list_{fmt}"), params)


def test_csv_download_opens_in_a_german_excel(client, world, network):
    response = download(client, world.staff_a, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="netzwerkkontakte-')
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:3] == ["Vorhaben", "Organisation", "Organisationsart"]
    assert len(lines) - 1 == NetworkContact.objects.filter(project=world.project_a).count()
    evil = next(line for line in lines if "HYPERLINK" in line[1])
    assert evil[1] == '\'=HYPERLINK("http://evil")'
    assert evil[4] == "'+49 3675 123456"  # still readable, never a formula
    assert evil[9] == "01.08.2016"
    assert ExportLog.objects.get().kind == ExportKind.LIST_CSV


def test_xlsx_download_follows_the_filters(client, world, network):
    response = download(client, world.staff_a, "xlsx", q="Jobcenter")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    names = [row["Organisation"] for row in rows(book["Netzwerkkontakte"])]
    assert names == ["Jobcenter Sonneberg"]
    log = ExportLog.objects.get()
    assert log.kind == ExportKind.LIST_XLSX
    assert log.filters == "q=Jobcenter"


def test_download_never_contains_other_projects(client, world, network):
    response = download(client, world.staff_b, "csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Tafel Nordhausen" in text
    assert "Jobcenter Sonneberg" not in text


def test_download_with_a_foreign_project_filter_is_refused(client, world, network):
    response = download(client, world.staff_a, "csv", project=world.project_b.pk)
    assert response.status_code == 400
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()
    assert not ExportLog.objects.exists()


def test_ministry_start_page_names_the_latest_export(client, world, network):
    export(client, world.coordination, period="2016-Q3")
    client.force_login(world.ministry)
    html = client.get(reverse("home")).content.decode()
    assert "Letzter Export: 3. Quartal 2016" in html
    assert reverse("reports:ministry_export") in html


def test_sheet_rows_keep_their_own_dates_and_leave_empty_text_empty(tmp_path):
    """One date cell per column serves every row: each row must still get its own dates."""
    from openpyxl import Workbook

    from core.spreadsheets import Sheet

    book = Workbook(write_only=True)
    sheet = Sheet(book, "Test", [("seit", 10), ("Ort", 10), ("letzter", 10), ("Notiz", 10)])
    sheet.append([datetime.date(2016, 4, 1), "", datetime.date(2017, 5, 2), "#N/A"])
    sheet.append([datetime.date(2018, 6, 3), "Gera", None, "=1+1"])
    sheet.append([None, "Suhl", datetime.date(2019, 7, 4), 0])
    book.save(tmp_path / "t.xlsx")
    read = load_workbook(tmp_path / "t.xlsx")["Test"]
    values = [[c.value for c in row] for row in read.iter_rows(min_row=2)]
    assert values == [
        [datetime.datetime(2016, 4, 1), None, datetime.datetime(2017, 5, 2), "#N/A"],
        [datetime.datetime(2018, 6, 3), "Gera", None, "=1+1"],
        [None, "Suhl", datetime.datetime(2019, 7, 4), 0],
    ]
    assert {read["A2"].number_format, read["C4"].number_format} == {"DD.MM.YYYY"}
    assert read["D3"].data_type == "s"  # text, never a formula
    assert read["D2"].data_type == "s"  # not the error #N/A


def test_list_download_headers_follow_the_language_of_each_request(client, world):
    """The column heads used to be translated once, when the module was imported: every
    later download kept the language of the first one."""
    client.force_login(world.staff_a)
    german = client.get(reverse("reports:list_csv"))
    german_head = b"".join(german.streaming_content).decode("utf-8-sig").splitlines()[0]
    client.cookies["django_language"] = "en"
    english = client.get(reverse("reports:list_csv"))
    english_head = b"".join(english.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert german_head.startswith("Vorhaben;Organisation;Organisationsart")
    assert english_head != german_head
    assert "Organisationsart" not in english_head


def test_no_cell_of_any_sheet_holds_a_soft_hyphen(client, world, network):
    """A soft hyphen (\\xad) is for web pages; in a cell it shows as a character. Every cell
    of every sheet – the project's own export with persons and the ministry's."""
    books = [
        workbook(export(client, world.staff_a, include_persons="on")),
        workbook(export(client, world.ministry)),
    ]
    checked = 0
    for book in books:
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for value in row:
                    assert "\xad" not in str(value), (sheet.title, value)
                    checked += 1
    print(f"{checked} Zellen ohne weiches Trennzeichen")
    assert checked > 100
    development = [cell.value for cell in books[1]["Netzwerkentwicklung"][1]]
    assert "Planungskoordination" in development
    assert "ohne Kontakt seit 12 Monaten" in development


def test_the_overview_names_the_day_and_period_of_its_figures(client, world, network):
    overview = workbook(export(client, world.ministry))["Übersicht"]
    text = " ".join(str(v) for row in overview.iter_rows(values_only=True) for v in row if v)
    assert "aktive Netzwerkkontakte am 31.12.2016" in text
    assert "vom 01.07.2016 bis 31.12.2016" in text
