"""Legacy lists as the projects really kept them, each built here (no checked-in binaries)."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from contacts.models import NetworkContact, Organisation, OrganisationType
from imports import selectors, services
from imports.reading import ImportFileError
from imports.rows import DUPLICATE, NEW, UPDATE
from imports.tables import read_table
from tests.imports.test_import import csv_bytes


def workbook_bytes(build) -> bytes:
    workbook = Workbook()
    build(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(world, data: bytes, name: str, **mapping_overrides):
    batch = services.upload(project=world.project_a, by=world.staff_a, file_name=name, data=data)
    batch.mapping.update(mapping_overrides)
    batch.save()
    return batch, selectors.preview(batch)


def test_sonneberg_list_with_title_row_merged_headers_and_empty_rows(world):
    def build(sheet):
        sheet.append(["Netzwerkpartner ThINKA Sonneberg – Stand März 2016"])
        sheet.merge_cells("A1:E1")
        sheet.append([])
        sheet.append(["Einrichtung", "Adresse", None, None, "seit"])
        sheet.merge_cells("B3:D3")
        sheet.append(
            ["Tafel Sonneberg e. V.", "Weg 1", "96515", "Sonneberg", datetime.datetime(2016, 4, 1)]
        )
        sheet.append([])
        sheet.append(["Kita Sonnenschein", "Platz 2", 96515, "Sonneberg", "1.4.16"])

    data = workbook_bytes(build)
    table = read_table(data, "sonneberg.xlsx", header_row=3)
    assert table.header == ["Einrichtung", "Adresse", "Adresse 2", "Adresse 3", "seit"]
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="sonneberg.xlsx", data=data
    )
    assert selectors.table_of(batch).header_row == 3  # found by its content, below the title
    batch.mapping = {
        "Einrichtung": "organisation",
        "Adresse": "street",
        "Adresse 2": "postcode",
        "Adresse 3": "city",
        "seit": "since",
    }
    batch.save()
    results = selectors.preview(batch)
    assert [r.status for r in results] == [NEW, NEW]
    assert results[1].values["postcode"] == "96515"
    assert [r.values["since"] for r in results] == [datetime.date(2016, 4, 1)] * 2


def test_nordhausen_csv_in_windows_1252_with_semicolons_and_umlauts(world):
    rows = [
        ["Organisation", "Straße", "PLZ", "Ort", "Art", "Bemerkung"],
        [
            "Bürgerverein Nordhäuser Straße",
            "Töpferstraße 3",
            "99734",
            "Nordhausen",
            "Verein",
            "Grüße",
        ],
    ]
    batch, results = run(world, csv_bytes(rows, encoding="cp1252"), "nordhausen.csv")
    assert results[0].status == NEW
    assert results[0].values["organisation"] == "Bürgerverein Nordhäuser Straße"
    assert results[0].values["street"] == "Töpferstraße 3"
    services.commit(batch=batch, by=world.staff_a)
    assert (
        Organisation.objects.get(name="Bürgerverein Nordhäuser Straße").organisation_type.code
        == "verein"
    )


def test_gera_list_with_mixed_dates_and_phone_numbers_stored_as_numbers(world):
    def build(sheet):
        sheet.append(["Name", "Telefon", "Kontakt seit", "PLZ"])
        sheet.append(["Stadtteilbüro Liebschwitz", 3659123456, "April 2016", 7546])
        sheet.append(["Jugendclub Oase", "0365 / 12 34 56", 42466, "07546"])
        sheet.append(["Sportverein Lusan", None, "2015", None])
        sheet.append(["Kleingartenverein Erholung", None, datetime.datetime(2016, 1, 15), None])

    batch, results = run(world, workbook_bytes(build), "gera.xlsx")
    assert [r.status for r in results] == [NEW] * 4, [r.errors for r in results]
    assert results[0].values["phone"] == "03659123456"
    assert results[0].values["postcode"] == "07546"
    assert [r.values["since"] for r in results] == [
        datetime.date(2016, 4, 1),
        datetime.date(2016, 4, 6),
        datetime.date(2015, 1, 1),
        datetime.date(2016, 1, 15),
    ]


def test_eisenberg_list_with_the_same_organisation_spelt_twice(world):
    rows = [
        ["Institution", "Ort"],
        ["Tafel Eisenberg e.V.", "Eisenberg"],
        ["Tafel Eisenberg e. V.", "Eisenberg"],
        ["TAFEL EISENBERG", "Eisenberg"],
    ]
    _batch, results = run(world, csv_bytes(rows, delimiter=","), "eisenberg.csv")
    assert [r.status for r in results] == [NEW, DUPLICATE, DUPLICATE]
    assert "Zeile 2" in results[2].errors[0]


def _with_cached_formula(data: bytes) -> bytes:
    """Give the formula in B2 a cached value, as Excel does when it saves."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(
                    rb'<c r="B2"([^>]*)><f>([^<]*)</f><v\s*/?>(</v>)?</c>',
                    rb'<c r="B2"\1 t="str"><f>\2</f><v>Tafel Saalfeld</v></c>',
                    content,
                )
                assert b"<v>Tafel Saalfeld</v>" in content
            target.writestr(item, content)
    return target_buffer.getvalue()


def test_saalfeld_list_with_formulas_reads_the_values(world):
    def build(sheet):
        sheet.append(["Nr", "Name", "Ort"])
        sheet.append([1, '=CONCATENATE("Tafel ","Saalfeld")', "Saalfeld"])

    data = _with_cached_formula(workbook_bytes(build))
    table = read_table(data, "saalfeld.xlsx")
    assert table.rows[0][1] == "Tafel Saalfeld"
    _batch, results = run(world, data, "saalfeld.xlsx")
    assert results[0].values["organisation"] == "Tafel Saalfeld"


def test_a_second_version_of_a_list_updates_instead_of_duplicating(world):
    first = [["Organisation", "Intensität", "Bemerkung"], ["Tafel Suhl e. V.", "gelegentlich", ""]]
    batch, _results = run(world, csv_bytes(first), "suhl-2016.csv")
    services.commit(batch=batch, by=world.staff_a)
    second = [
        ["Organisation", "Intensität", "Bemerkung"],
        ["Tafel Suhl e.V.", "regelmäßig", "Ausgabe dienstags"],
        ["Stadtbibliothek Suhl", "eng", ""],
    ]
    batch, results = run(world, csv_bytes(second), "suhl-2017.csv")
    assert [r.status for r in results] == [UPDATE, NEW]
    assert ("Intensität", "gelegentlich", "regelmäßig") in results[0].changes
    services.commit(batch=batch, by=world.staff_a)
    tafel = NetworkContact.objects.get(
        project=world.project_a, organisation__name="Tafel Suhl e. V."
    )
    assert (tafel.intensity, tafel.notes) == ("regular", "Ausgabe dienstags")
    assert Organisation.objects.filter(normalised_name="tafel@suhl").count() == 1


def test_password_protected_and_old_excel_files_are_explained():
    with pytest.raises(ImportFileError, match="mit einem Passwort geschützt"):
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "geschuetzt.xlsx")
    with pytest.raises(ImportFileError, match="beschädigt"):
        read_table(b"\xd0\xcf\x11\xe0", "alt.xls")  # .xls is read; a broken one is named


def test_command_prints_every_row_and_fails_on_errors_without_writing(world, tmp_path, capsys):
    path = tmp_path / "fehler.csv"
    path.write_bytes(
        csv_bytes(
            [
                ["Name", "E-Mail"],
                ["", "verein@example.org"],  # no organisation, none above: the one error
                ["Tafel Gotha", "tafel@example.org"],
            ]
        )
    )
    with pytest.raises(CommandError, match="1 Zeile hat Fehler"):
        call_command("import_contacts", "sonneberg", str(path))
    out = capsys.readouterr().out
    assert "Tafel Gotha" in out
    assert "Der Name der Organisation fehlt." in out
    assert not Organisation.objects.filter(name="Tafel Gotha").exists()


def test_a_file_whose_columns_map_to_nothing_is_refused(world, tmp_path):
    path = tmp_path / "unklar.csv"
    path.write_bytes(csv_bytes([["Spalte A", "Spalte B"], ["x", "y"]]))
    with pytest.raises(CommandError, match="Namen der Organisation"):
        call_command("import_contacts", "sonneberg", str(path))


def test_near_matches_share_more_than_the_town_and_a_legal_form(world):
    from imports.rows import attach_similar
    from tests import factories

    factories.OrganisationFactory(name="Kita Sonneberg e. V.", city="Sonneberg")
    rows = [
        ["Organisation", "Ort"],
        ["Tafel Sonneberg e. V.", "Sonneberg"],  # shares only town and legal form
        ["Jobcenter Landkreis Sonneberg Nord", "Sonneberg"],  # near the register's Jobcenter
    ]
    _batch, results = run(world, csv_bytes(rows), "nah.csv")
    attach_similar(results)
    assert results[0].similar == []
    assert [s.organisation for s in results[1].similar] == [world.organisation]


def test_unknown_values_are_asked_once_with_a_suggestion_and_reported_by_the_command(
    world, tmp_path, capsys, client
):
    rows = [
        ["Organisation", "Art"],
        ["Tafel Gotha", "Behörte"],  # a typo: suggested, not taken unasked
        ["Bürgerhaus Gotha", "Behörte"],
        ["Spielmobil Gotha", "Fantasieverband"],
        ["Jugendamt Gotha", "Kommunalverwaltung"],  # the head of the compound: taken
    ]
    path = tmp_path / "gotha.csv"
    path.write_bytes(csv_bytes(rows))
    call_command("import_contacts", "sonneberg", str(path))  # never refused for a value
    out = capsys.readouterr().out
    assert "Unbekannt in „Organisationsart“: „Behörte“, „Fantasieverband“" in out
    assert "In die Notizen (aus der Liste: Spalte – Wert): 3 Werte in 3 Zeilen" in out
    tafel = NetworkContact.objects.get(organisation__name="Tafel Gotha")
    assert "aus der Liste: Art – Behörte" in tafel.notes
    assert tafel.organisation.organisation_type.code == "sonstige"
    jugendamt = Organisation.objects.get(name="Jugendamt Gotha")
    assert jugendamt.organisation_type.code == "behoerde"
    NetworkContact.objects.filter(organisation__name__endswith="Gotha").delete()
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="gotha.csv", data=path.read_bytes()
    )
    client.force_login(world.staff_a)
    form = client.get(f"/netzwerk/import/{batch.pk}/zuordnung/").context["form"]
    asked = {form.fields[name].label: form.fields[name].initial for name, _c, _v in form.values}
    behoerde = str(OrganisationType.objects.get(code="behoerde").pk)
    assert asked == {
        "Organisationsart: „Behörte“": behoerde,
        "Organisationsart: „Fantasieverband“": "",
    }
