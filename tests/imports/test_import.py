"""Importing the projects' old lists: safe reading, mapping, preview, all-or-nothing, undo."""

from __future__ import annotations

import datetime
import io
import zipfile

import openpyxl.xml
import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from contacts.models import (
    ContactPerson,
    FieldOfAction,
    Intensity,
    NetworkContact,
    Organisation,
    OrganisationType,
)
from imports import mapping, selectors, services
from imports.models import ImportMode, ImportStatus
from imports.reading import ImportFileError, parse_date
from imports.rows import DUPLICATE, ERROR, NEW, UNCHANGED, UPDATE
from imports.tables import read_table

HEADER = [
    "Name der Einrichtung",
    "Art",
    "PLZ/Ort",
    "Tel.",
    "Ansprechpartner/in",
    "E-Mail-Adresse",
    "Handlungsfeld",
    "seit",
    "Bemerkung",
]
ROWS = [
    ["Tafel Sonneberg e. V.", "Verein", "96515 Sonneberg", "03675 123456", "Gerda Graupner", "tafel@example.org", "Armut", "01.04.2016", "Lebensmittel"],
    ["Jobcenter Sonneberg", "Behörde", "96515 Sonneberg", "", "Anna Amsel", "", "Arbeit und Beschäftigung", "April 2016", "Sprechstunde"],
    ["Kirchengemeinde St. Peter", "Kirche", "96515 Sonneberg", "", "", "", "", "2015", ""],
]  # fmt: skip


def xlsx(rows: list[list[object]], title_rows: int = 0) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for _ in range(title_rows):
        sheet.append([])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, *, delimiter=";", encoding="utf-8-sig") -> bytes:
    return "\r\n".join(delimiter.join(str(v) for v in row) for row in rows).encode(encoding)


# --- reading ------------------------------------------------------------------------------


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ";"), ("utf-8-sig", ","), ("cp1252", ";"), ("utf-8", "\t")],
)
def test_csv_encodings_and_separators_are_detected(encoding, delimiter):
    table = read_table(
        csv_bytes([HEADER, *ROWS], delimiter=delimiter, encoding=encoding), "liste.csv"
    )
    assert table.header[0] == "Name der Einrichtung"
    assert table.rows[0][0] == "Tafel Sonneberg e. V."
    assert table.rows[1][0] == "Jobcenter Sonneberg"
    assert "Behörde" in table.rows[1]


def test_xlsx_header_is_found_below_empty_rows_and_empty_rows_are_skipped():
    table = read_table(xlsx([HEADER, ROWS[0], [], ROWS[1]], title_rows=2), "liste.xlsx")
    assert table.header_row == 3
    assert [row[0] for row in table.rows] == ["Tafel Sonneberg e. V.", "Jobcenter Sonneberg"]
    assert table.row_numbers == [4, 6]


def test_merged_header_cells_name_the_following_columns():
    table = read_table(
        xlsx([["Organisation", "Adresse", None, None], ["Tafel", "Weg 1", "96515", "Sonneberg"]]),
        "l.xlsx",
    )
    assert table.header == ["Organisation", "Adresse", "Adresse 2", "Adresse 3"]


def test_formulas_are_read_as_their_values_never_as_formulas():
    workbook = Workbook()
    workbook.active.append(["Name", "Summe"])
    workbook.active.append(["Tafel", "=1+1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "l.xlsx")
    assert table.rows[0][1] != "=1+1"  # no cached value was stored, so it reads empty


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "leer.csv", "leer"),
        (b"PK\x03\x04garbage", "liste.xlsx", "keine Excel-Datei"),
        (b"Name;Ort\nTafel;Sonneberg", "liste.xlsx", "keine Excel-Datei"),
        (b"PK\x03\x04\x00\x00binary", "liste.csv", "keinen Text"),
        (b"%PDF-1.4", "liste.pdf", r"LibreOffice \(\.ods\) oder CSV"),
        (b"Name;Ort\n", "liste.csv", "keine Daten"),
        # Found by the hostile-input test on PostgreSQL: a NUL deep in a text file reached
        # the stored mapping (jsonb cannot hold it) and ended in a server error.
        (b"Name;Ort\n" + b"Tafel;Gera\n" * 500 + b"Kita\x00;Jena\n", "liste.csv", "Zeile 502"),
    ],
)
def test_unreadable_files_get_a_german_error(data, name, message):
    with pytest.raises(ImportFileError, match=message):
        read_table(data, name)


def test_zip_bombs_are_refused_before_unpacking():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * (120 * 1024 * 1024))
    with pytest.raises(ImportFileError, match="ungewöhnlich aufgebaut"):
        read_table(buffer.getvalue(), "bombe.xlsx")


def test_limits_on_size_rows_and_columns(monkeypatch):
    from imports import reading

    with pytest.raises(ImportFileError, match="größer als 10 MB"):
        read_table(b"x" * (10 * 1024 * 1024 + 1), "gross.csv")
    monkeypatch.setattr(reading, "MAX_ROWS", 2)
    with pytest.raises(ImportFileError, match="mehr als 2 Zeilen"):
        read_table(csv_bytes([HEADER, *ROWS]), "l.csv")
    wide = [[f"Spalte {i}" for i in range(101)], list(range(101))]
    with pytest.raises(ImportFileError, match="mehr als 100 Spalten"):
        read_table(csv_bytes(wide), "breit.csv")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01.04.2016", datetime.date(2016, 4, 1)),
        ("1.4.16", datetime.date(2016, 4, 1)),
        ("April 2016", datetime.date(2016, 4, 1)),
        ("Mär 2016", datetime.date(2016, 3, 1)),
        ("04/2016", datetime.date(2016, 4, 1)),
        ("2016", datetime.date(2016, 1, 1)),
        ("2016-04-06", datetime.date(2016, 4, 6)),
        (42466, datetime.date(2016, 4, 6)),
        ("42466", datetime.date(2016, 4, 6)),
        (datetime.datetime(2016, 4, 6, 0, 0), datetime.date(2016, 4, 6)),
        ("", None),
    ],
)
def test_dates_in_german_iso_and_excel_forms(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["31.02.2016", "irgendwann", "13/2016"])
def test_impossible_dates_are_refused_in_german(value):
    with pytest.raises(ValueError, match="ist kein Datum"):
        parse_date(value)


# --- mapping ------------------------------------------------------------------------------


def test_columns_are_suggested_from_german_headers():
    suggested = mapping.suggest(HEADER + ["Telefon Ansprechpartner", "Laufende Nummer"])
    assert suggested == {
        "Name der Einrichtung": "organisation",
        "Art": "organisation_type",
        "PLZ/Ort": "postcode_city",
        "Tel.": "phone",
        "Ansprechpartner/in": "person_name",
        "E-Mail-Adresse": "email",
        "Handlungsfeld": "fields_of_action",
        "seit": "since",
        "Bemerkung": "notes",
        "Telefon Ansprechpartner": "person_phone",
        "Laufende Nummer": "",
    }


def test_unknown_vocabulary_values_are_listed_for_the_user(db):
    table = read_table(csv_bytes([HEADER, *ROWS]), "l.csv")
    unknown = mapping.unknown_values(table.rows, table.header, mapping.suggest(table.header), {})
    assert unknown == {"fields_of_action": ["Armut"]}


# --- preview, commit, undo ----------------------------------------------------------------


@pytest.fixture
def batch(world):
    return services.upload(
        project=world.project_a,
        by=world.staff_a,
        file_name="liste.csv",
        data=csv_bytes([HEADER, *ROWS]),
    )


def _armut_to(batch, field_code="bildung-sprache"):
    target = FieldOfAction.objects.get(code=field_code) if field_code else None
    batch.value_map = {"fields_of_action": {"armut": target.pk if target else None}}
    batch.save()


def test_preview_matches_the_register_and_this_projects_contacts(batch, world):
    _armut_to(batch)
    results = selectors.preview(batch)
    assert [r.status for r in results] == [NEW, UPDATE, NEW]
    jobcenter = results[1]
    assert jobcenter.organisation == world.organisation
    assert jobcenter.contact == world.contact_a
    assert ("Ansprechperson: Name", "", "+ Anna Amsel") not in jobcenter.changes  # exists
    # "ergänzen" fills only what is empty: the notes, never the "since" someone entered.
    assert ("Notizen", "–", "Sprechstunde") in jobcenter.changes
    assert not any(label == "Kontakt seit" for label, _old, _new in jobcenter.changes)


def test_only_add_new_leaves_existing_contacts_alone(batch, world):
    _armut_to(batch)
    batch.mode = ImportMode.ADD
    batch.save()
    assert [r.status for r in selectors.preview(batch)] == [NEW, UNCHANGED, NEW]


def test_rows_with_errors_and_duplicates_are_named_in_german(world):
    rows = [
        HEADER,
        ROWS[0],
        ROWS[0],
        ["", "Verein", "96515 Sonneberg", "12", "", "kein-mail", "", "01.01.2999", ""],
    ]
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="l.csv", data=csv_bytes(rows)
    )
    _armut_to(batch)
    results = selectors.preview(batch)
    assert [r.status for r in results] == [NEW, DUPLICATE, ERROR]
    assert "Zeile 2" in results[1].errors[0]
    # Only the missing organisation is an error; the values it could not read are named.
    assert results[2].errors == ["Der Name der Organisation fehlt."]
    reasons = " ".join(str(reason) for reason in results[2].review)
    assert "Telefon" in reasons
    assert "E-Mail" in reasons
    assert "Zukunft" in reasons


def test_imported_contacts_are_looked_after_by_whoever_imported_them(batch, world):
    """Issue 33: the responsible person of a new contact defaults to whoever recorded it –
    for an import the importing member of the team; contacts the import only completed
    keep theirs."""
    _armut_to(batch)
    world.contact_a.responsible = world.lead_a
    world.contact_a.save()
    services.commit(batch=batch, by=world.staff_a)
    created = NetworkContact.objects.filter(project=world.project_a).exclude(pk=world.contact_a.pk)
    assert created.count() == 2
    assert {contact.responsible for contact in created} == {world.staff_a}
    world.contact_a.refresh_from_db()
    assert world.contact_a.responsible == world.lead_a  # completed, not taken over


def test_an_import_by_someone_outside_the_team_leaves_the_responsible_person_open(world):
    """The coordination office may import for a project but is never its member: nobody is
    responsible yet (the team chooses; the digest shows such contacts to everyone)."""
    batch = services.upload(
        project=world.project_a,
        by=world.coordination,
        file_name="liste.csv",
        data=csv_bytes([HEADER, ROWS[0]]),
    )
    _armut_to(batch)
    services.commit(batch=batch, by=world.coordination)
    tafel = NetworkContact.objects.get(organisation__name="Tafel Sonneberg e. V.")
    assert tafel.responsible is None
    assert tafel.created_by == world.coordination


def test_a_value_that_cannot_be_read_goes_to_the_notes_and_the_row_is_checked(world):
    rows = [
        HEADER,
        ["Tafel Sonneberg e. V.", "Verein", "96515 Sonneberg", "12", "", "kein-mail", "", "01.01.2999", "Lebensmittel"],
    ]  # fmt: skip
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="l.csv", data=csv_bytes(rows)
    )
    [result] = selectors.preview(batch)
    assert result.status == NEW
    assert result.needs_review
    counts = services.commit(batch=batch, by=world.staff_a)
    assert counts.created == 1
    tafel = NetworkContact.objects.get(organisation__name="Tafel Sonneberg e. V.")
    assert tafel.organisation.phone == ""
    assert tafel.since is None
    for line in ("Lebensmittel", "aus der Liste: Tel. – 12", "aus der Liste: E-Mail-Adresse – kein-mail",
                 "aus der Liste: seit – 01.01.2999"):  # fmt: skip
        assert line in tafel.notes
    batch.refresh_from_db()
    assert [row["contact"] for row in batch.review] == [tafel.pk]
    assert "Telefon" in " ".join(batch.review[0]["reasons"])


def test_commit_imports_everything_in_one_go(batch, world):
    _armut_to(batch)
    counts = services.commit(batch=batch, by=world.staff_a)
    assert (counts.created, counts.updated, counts.skipped) == (2, 1, 0)
    tafel = NetworkContact.objects.get(
        project=world.project_a, organisation__name="Tafel Sonneberg e. V."
    )
    assert tafel.organisation.organisation_type.code == "verein"
    assert (tafel.organisation.postcode, tafel.organisation.city) == ("96515", "Sonneberg")
    assert tafel.since == datetime.date(2016, 4, 1)
    assert [f.code for f in tafel.fields_of_action.all()] == ["bildung-sprache"]
    assert tafel.persons.get().name == "Gerda Graupner"
    world.contact_a.refresh_from_db()
    assert world.contact_a.since == datetime.date(2016, 1, 15)  # entered here: kept
    # Notes were empty: filled; the list's other start date is kept there, never dropped.
    assert world.contact_a.notes == "Sprechstunde\naus der Liste: Kontakt seit – 01.04.2016"
    assert Organisation.objects.filter(normalised_name="center job@sonneberg").count() == 1
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED
    assert tafel.history.first().history_user == world.staff_a


def test_errors_block_the_commit_and_nothing_is_written(world):
    rows = [HEADER, ROWS[0], ["", "Verein", "", "", "", "", "", "", ""]]
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="l.csv", data=csv_bytes(rows)
    )
    _armut_to(batch)
    before = NetworkContact.objects.count()
    with pytest.raises(services.ImportRefused, match="1 Zeile hat Fehler"):
        services.commit(batch=batch, by=world.staff_a)
    assert NetworkContact.objects.count() == before
    counts = services.commit(batch=batch, by=world.staff_a, skip_errors=True)
    assert counts.created == 1


def test_a_failure_midway_rolls_everything_back(batch, world, monkeypatch):
    _armut_to(batch)
    from imports import services as import_services

    def failing(*args, **kwargs):
        raise RuntimeError("Stromausfall")  # after the new rows were written

    monkeypatch.setattr(import_services, "_update", failing)
    before = (
        NetworkContact.objects.count(),
        Organisation.objects.count(),
        ContactPerson.objects.count(),
    )
    with pytest.raises(RuntimeError):
        services.commit(batch=batch, by=world.staff_a)
    assert (
        NetworkContact.objects.count(),
        Organisation.objects.count(),
        ContactPerson.objects.count(),
    ) == before
    world.contact_a.refresh_from_db()
    assert world.contact_a.since != datetime.date(2016, 4, 1)


def test_undo_removes_what_the_import_created_and_keeps_later_edits(batch, world):
    _armut_to(batch)
    since_before = world.contact_a.since
    services.commit(batch=batch, by=world.staff_a)
    kirche = NetworkContact.objects.get(organisation__name="Kirchengemeinde St. Peter")
    kirche.notes = "Nach dem Import ergänzt"
    kirche.version += 1
    kirche.save()
    report = services.undo(batch=batch, by=world.staff_a)
    assert not Organisation.objects.filter(name="Tafel Sonneberg e. V.").exists()
    removal = Organisation.history.get(name="Tafel Sonneberg e. V.", history_type="-")
    assert removal.history_user == world.staff_a  # the history says who undid the import
    assert NetworkContact.objects.filter(pk=kirche.pk).exists()
    assert any("Kirchengemeinde St. Peter" in item for item in report.kept)
    world.contact_a.refresh_from_db()
    assert world.contact_a.since == since_before
    assert report.restored == 1
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UNDONE


def test_the_same_file_twice_is_recognised(batch, world):
    _armut_to(batch)
    services.commit(batch=batch, by=world.staff_a)
    again = services.upload(
        project=world.project_a,
        by=world.staff_a,
        file_name="kopie.csv",
        data=csv_bytes([HEADER, *ROWS]),
    )
    assert list(selectors.earlier_imports(again)) == [batch]


def test_errors_download_holds_the_original_rows_and_the_reasons(world):
    rows = [HEADER, ROWS[0], ["", "Verein", "", "", "", "", "", "", ""]]
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="l.csv", data=csv_bytes(rows)
    )
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(selectors.errors_workbook(batch)))
    lines = list(book.active.iter_rows(values_only=True))
    assert lines[0][0] == "Zeile"
    assert lines[0][-1] == "Fehler"
    assert len(lines) == 3  # header, Tafel ("Armut" unknown: to check), the empty name
    assert "Armut" in lines[1][-1]
    assert "Der Name der Organisation fehlt." in lines[2][-1]


def test_errors_download_keeps_formula_like_cells_as_text(world):
    """Cells of an uploaded list that start like a formula come back as the text they were
    (quote prefix), never as a formula (core.spreadsheets.PlainSheet)."""
    hostile = ['=HYPERLINK("http://x.example")', "+49 3675 1", "@SUM(A1)", "-2+3"]
    rows = [HEADER, *(["", *([value] * (len(HEADER) - 1))] for value in hostile)]
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="l.csv", data=csv_bytes(rows)
    )
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(selectors.errors_workbook(batch))).active
    lines = list(sheet.iter_rows(min_row=2))
    assert [line[0].value for line in lines] == [2, 3, 4, 5]
    assert [line[2].value for line in lines] == hostile
    cells = [cell for line in lines for cell in line[1:-1] if cell.value is not None]
    assert cells
    assert all(cell.data_type != "f" and cell.quotePrefix for cell in cells)


# --- command line ---------------------------------------------------------------------------


def test_command_imports_and_dry_run_writes_nothing(world, tmp_path):
    path = tmp_path / "liste.xlsx"
    path.write_bytes(
        xlsx(
            [HEADER[:3] + ["seit"], ["Tafel Sonneberg e. V.", "Verein", "96515 Sonneberg", "2016"]]
        )
    )
    call_command("import_contacts", "sonneberg", str(path), "--dry-run")
    assert not Organisation.objects.filter(name="Tafel Sonneberg e. V.").exists()
    call_command("import_contacts", "sonneberg", str(path))
    contact = NetworkContact.objects.get(organisation__name="Tafel Sonneberg e. V.")
    assert contact.since == datetime.date(2016, 1, 1)
    assert contact.intensity == Intensity.OCCASIONAL  # the default where the list has none


def test_command_refuses_unknown_project_and_unreadable_file(world, tmp_path):
    with pytest.raises(CommandError, match="Unbekanntes Vorhaben"):
        call_command("import_contacts", "gibt-es-nicht", "x.csv")
    path = tmp_path / "kaputt.xlsx"
    path.write_bytes(b"kein zip")
    with pytest.raises(CommandError, match="keine Excel-Datei"):
        call_command("import_contacts", "sonneberg", str(path))
    assert OrganisationType.objects.exists()
