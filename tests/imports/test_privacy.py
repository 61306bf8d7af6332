"""Erasure reaches the stored upload (issue 32, point 3): the review erased a contact
person and found the name still in the file kept with the import, and in its error
workbook; the Art. 15 report named neither. Uploads also go after a settable period."""

from __future__ import annotations

import datetime
import io
import json

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from contacts.models import ContactPerson
from imports import services
from imports.models import ImportBatch, ImportStatus
from imports.privacy import purge_uploads
from tests.imports.test_import import HEADER, ROWS, csv_bytes

TAFEL = [value if value != "Armut" else "" for value in ROWS[0]]  # names Gerda Graupner
ERROR_ROW = ["", "Verein", "96515 Sonneberg", "", "Gerda Graupner", "", "", "", "ohne Namen"]


def _imported(world) -> tuple[ImportBatch, ContactPerson]:
    """A list naming Gerda Graupner twice – once in a row that imports, once in a row
    that fails (no organisation) – imported into project A."""
    batch = services.upload(
        project=world.project_a,
        by=world.staff_a,
        file_name="liste.csv",
        data=csv_bytes([HEADER, TAFEL, *ROWS[1:], ERROR_ROW]),
    )
    services.commit(batch=batch, by=world.staff_a, skip_errors=True)
    batch.refresh_from_db()
    return batch, ContactPerson.objects.get(name="Gerda Graupner")


def _error_cells(client, batch) -> str:
    response = client.get(reverse("imports:errors", args=[batch.pk]))
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return " ".join(str(v) for row in book.active.values for v in row if v is not None)


def test_erasure_prunes_the_person_from_the_stored_upload_and_its_error_rows(client, world):
    batch, person = _imported(world)
    client.force_login(world.lead_a)
    assert "Graupner" in bytes(batch.content).decode("utf-8-sig")
    assert "Graupner" in _error_cells(client, batch)

    url = reverse("contacts:person_erase", args=[person.network_contact_id, person.pk])
    assert client.post(url).status_code == 302

    batch.refresh_from_db()
    stored = bytes(batch.content).decode("utf-8-sig")
    assert "Graupner" not in stored
    assert "Tafel Sonneberg e. V." in stored  # the rest of the list stays
    assert "Jobcenter Sonneberg" in stored
    assert "Graupner" not in _error_cells(client, batch)
    assert "ohne Namen" in _error_cells(client, batch)  # the error row, without the person


def test_the_access_report_lists_stored_uploads_that_mention_the_person(client, world):
    batch, person = _imported(world)
    client.force_login(world.staff_a)
    response = client.get(
        reverse("contacts:person_report", args=[person.network_contact_id, person.pk])
    )
    places = json.loads(response.content)["weitere_speicherorte"]
    assert [(p["datei"], p["zeilen_mit_der_person"]) for p in places] == [("liste.csv", 2)]
    other = ContactPerson.objects.get(name="Anna Amsel")
    response = client.get(
        reverse("contacts:person_report", args=[other.network_contact_id, other.pk])
    )
    assert len(json.loads(response.content)["weitere_speicherorte"]) == 1
    page = client.get(
        reverse("contacts:person_report_page", args=[person.network_contact_id, person.pk])
    ).content.decode()
    assert "liste.csv" in page


def test_uploads_are_deleted_after_the_retention_period(client, world, settings):
    settings.THINKA_UPLOAD_RETENTION_DAYS = 30
    old_done, _person = _imported(world)
    old_draft = services.upload(
        project=world.project_a,
        by=world.staff_a,
        file_name="b.csv",
        data=csv_bytes([HEADER, ROWS[2]]),
    )
    recent = services.upload(
        project=world.project_a,
        by=world.staff_a,
        file_name="c.csv",
        data=csv_bytes([HEADER, ROWS[2]]),
    )
    long_ago = timezone.now() - datetime.timedelta(days=31)
    ImportBatch.objects.filter(pk__in=[old_done.pk, old_draft.pk]).update(created_at=long_ago)

    call_command("purge_uploads", stdout=io.StringIO())

    assert not ImportBatch.objects.filter(pk=old_draft.pk).exists()
    old_done.refresh_from_db()
    assert old_done.status == ImportStatus.COMMITTED
    assert bytes(old_done.content) == b""
    assert old_done.changes.exists()  # the undo still knows what the import did
    assert bytes(ImportBatch.objects.get(pk=recent.pk).content)
    client.force_login(world.staff_a)
    gone = client.get(reverse("imports:errors", args=[old_done.pk]))
    assert gone.status_code == 404
    assert purge_uploads() == (0, 0)  # nothing left to do
