"""The import wizard in the browser's place: upload, mapping, preview, import, undo."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.models import FieldOfAction, NetworkContact, Organisation
from imports import selectors
from imports.models import ImportBatch, ImportStatus, SavedImportMapping
from tests.imports.test_import import HEADER, ROWS, csv_bytes


def upload(client, world, data: bytes, name: str = "liste.csv"):
    client.force_login(world.staff_a)
    return client.post(
        reverse("imports:list"),
        {"project": world.project_a.pk, "file": SimpleUploadedFile(name, data)},
    )


def mapping_data(batch, **extra) -> dict:
    data = {"header_row": selectors.table_of(batch).header_row, "mode": "update"}
    for index, column in enumerate(HEADER):
        data[f"col_{index}"] = batch.mapping[column]
    data.update(extra)
    return data


def test_upload_leads_to_the_suggested_mapping(client, world):
    response = upload(client, world, csv_bytes([HEADER, *ROWS]))
    batch = ImportBatch.objects.get()
    assert response.url == reverse("imports:mapping", args=[batch.pk])
    page = client.get(response.url).content.decode()
    assert "Name der Einrichtung" in page
    assert "Beispiele: Tafel Sonneberg e. V., Jobcenter Sonneberg" in page
    assert "Handlungsfelder: „Armut“" in page  # an unknown value to map


def test_an_unreadable_file_gets_a_german_error_and_no_batch(client, world):
    response = upload(client, world, b"%PDF-1.4 kein Text", name="liste.pdf")
    assert response.status_code == 400
    assert (
        "Bitte laden Sie eine Tabelle hoch: Excel (.xlsx oder .xls), LibreOffice (.ods) oder CSV."
        in response.content.decode()
    )
    assert not ImportBatch.objects.exists()


def test_two_columns_for_one_field_are_refused(client, world):
    upload(client, world, csv_bytes([HEADER, *ROWS]))
    batch = ImportBatch.objects.get()
    response = client.post(
        reverse("imports:mapping", args=[batch.pk]),
        mapping_data(batch, col_1="organisation"),
    )
    assert response.status_code == 400
    assert "Jedes Feld kann nur einer Spalte zugeordnet werden: Name der Organisation" in (
        response.content.decode()
    )


def test_mapping_values_preview_import_and_undo(client, world):
    upload(client, world, csv_bytes([HEADER, *ROWS]))
    batch = ImportBatch.objects.get()
    field = FieldOfAction.objects.get(code="bildung-sprache")
    response = client.post(
        reverse("imports:mapping", args=[batch.pk]),
        mapping_data(batch, val_fields_of_action_0=str(field.pk), save_as="Liste 2015"),
    )
    assert response.url == reverse("imports:preview", args=[batch.pk])
    assert SavedImportMapping.objects.filter(project=world.project_a, name="Liste 2015").exists()
    preview = client.get(response.url).content.decode()
    assert "ergänzt bestehenden" in preview
    assert "Notizen: – → Sprechstunde" in preview  # empty, so "ergänzen" fills it
    assert "Kontakt seit: 15.01.2016" not in preview  # entered here: never replaced
    before = NetworkContact.objects.count()
    client.post(reverse("imports:commit", args=[batch.pk]))
    assert NetworkContact.objects.count() == before + 2
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED
    assert (
        "2 neu, 1 ergänzt, 0 übersprungen" in client.get(batch.get_absolute_url()).content.decode()
    )
    undone = client.post(reverse("imports:undo", args=[batch.pk]), follow=True)
    assert NetworkContact.objects.count() == before
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UNDONE
    assert (
        "Import rückgängig gemacht: 2 Netzwerkkontakte entfernt (mit 2 Organisationen und "
        "1 Ansprechperson), 1 ergänzter Netzwerkkontakt zurückgesetzt."
    ) in undone.content.decode()
    # Every page still works after the undo, the audit log too (it names removed records).
    client.force_login(world.coordination)
    log = client.get(reverse("portal:audit_log"))
    assert log.status_code == 200
    assert "Tafel Sonneberg e. V." in log.content.decode()


def test_an_import_with_errors_is_refused_until_errors_are_skipped(client, world):
    upload(client, world, csv_bytes([HEADER, ROWS[1], ["", "Verein", "", "", "", "", "", "", ""]]))
    batch = ImportBatch.objects.get()
    response = client.post(reverse("imports:commit", args=[batch.pk]), follow=True)
    assert "1 Zeile hat Fehler" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DRAFT
    client.post(reverse("imports:commit", args=[batch.pk]), {"skip_errors": "on"})
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED


def test_a_near_match_is_offered_and_can_be_linked_instead_of_duplicated(client, world):
    # A word more: no confident match (issue 29: "Jobcenter Landkreis Sonneberg" in
    # Sonneberg now is one and is taken), a near one to ask about.
    rows = [["Organisation", "Ort"], ["Jobcenter Sonneberg Nord", "Sonneberg"]]
    client.force_login(world.staff_b)
    client.post(
        reverse("imports:list"),
        {"project": world.project_b.pk, "file": SimpleUploadedFile("l.csv", csv_bytes(rows))},
    )
    batch = ImportBatch.objects.get()
    preview = client.get(batch.get_absolute_url()).content.decode()
    assert "Ähnlich im Register – dieselbe Organisation?" in preview
    assert f'value="{world.organisation.pk}">Ja: Jobcenter Sonneberg (Sonneberg,' in preview
    assert "Tafel Nordhausen" not in preview.split("Ähnlich im Register")[1][:400]
    client.post(
        reverse("imports:commit", args=[batch.pk]),
        {f"link_{2}": str(world.organisation.pk)},
    )
    contact = NetworkContact.objects.get(project=world.project_b, organisation=world.organisation)
    assert contact.organisation.name == "Jobcenter Sonneberg"
    assert not Organisation.objects.filter(name="Jobcenter Sonneberg Nord").exists()


def test_a_linked_row_shows_in_the_refreshed_preview(client, world):
    rows = [["Organisation"], ["Jobcenter Landkreis Sonneberg"]]
    client.force_login(world.staff_b)
    client.post(
        reverse("imports:list"),
        {"project": world.project_b.pk, "file": SimpleUploadedFile("l.csv", csv_bytes(rows))},
    )
    batch = ImportBatch.objects.get()
    response = client.post(
        reverse("imports:commit", args=[batch.pk]),
        {"link_2": str(world.organisation.pk), "refresh": "1"},
    )
    assert response.url == batch.get_absolute_url()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DRAFT
    assert "von Ihnen zugeordnet" in client.get(response.url).content.decode()


def _upload_many(client, world, names: list[str]) -> ImportBatch:
    rows = [["Organisation", "Ort"], *([name, "Sonneberg"] for name in names)]
    upload(client, world, csv_bytes(rows))
    return ImportBatch.objects.get()


def test_a_long_preview_is_paged_and_every_page_offers_near_matches(client, world):
    names = [f"Kleingartenverein Nummer {n} e. V." for n in range(249)]
    names.append("Jobcenter Landkreis Sonneberg Nord")  # the last row (file row 251), page 3
    batch = _upload_many(client, world, names)

    first = client.get(batch.get_absolute_url()).content.decode()
    assert "Seite 1 von 3" in first
    assert "Zeilen 1 bis 100 von 250" in first
    assert "Kleingartenverein Nummer 99 e. V." in first
    assert "Kleingartenverein Nummer 100 e. V." not in first

    last = client.get(batch.get_absolute_url() + "?page=3").content.decode()
    assert "Seite 3 von 3" in last
    assert "Kleingartenverein Nummer 99 e. V." not in last
    assert 'name="link_251"' in last  # a near match even beyond the first rows
    assert f'value="{world.organisation.pk}">Ja: Jobcenter Sonneberg' in last


def test_the_preview_shows_only_the_rows_of_one_result(client, world):
    rows = [HEADER, *ROWS, ["", "Verein", "", "", "", "", "", "", ""]]
    upload(client, world, csv_bytes(rows))
    batch = ImportBatch.objects.get()
    page = client.get(batch.get_absolute_url() + "?show=error").content.decode()
    assert "Vorschau: nur Zeilen mit dem Ergebnis „Fehler“" in page
    assert "Der Name der Organisation fehlt." in page
    assert "Kirchengemeinde St. Peter" not in page.split("<tbody>")[-1]  # a new row
    assert 'aria-current="page" href="?show=error">Fehler (1)' in page
    # Tafel: „Armut“ is unknown; Jobcenter: the list's start (April 2016) differs from the
    # register's (15.01.2016) – kept in the notes and shown, never dropped silently.
    assert 'href="?show=review">prüfen (2)' in page
    unknown = client.get(batch.get_absolute_url() + "?show=gibt-es-nicht")
    assert unknown.status_code == 200
    assert "Kirchengemeinde St. Peter" in unknown.content.decode().split("<tbody>")[-1]


def test_refreshing_the_preview_returns_to_the_same_rows(client, world):
    batch = _upload_many(client, world, [f"Verein {n}" for n in range(150)])
    response = client.post(
        reverse("imports:commit", args=[batch.pk]),
        {"refresh": "1", "show": "new", "page": "2"},
    )
    assert response.url == batch.get_absolute_url() + "?show=new&page=2"
