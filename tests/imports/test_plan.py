"""The import plan (imports.plan) that wizard, command, preview and undo share – and the
rule it serves: no row is lost for one value."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from contacts.models import ContactStatus, NetworkContact
from imports import selectors, services
from imports.models import ImportBatch, ImportStatus
from imports.plan import ImportPlan
from tests.imports.test_import import csv_bytes

D = datetime.date

# Approximate dates, a status with its date, values no vocabulary knows, odd phone notations.
LIST = [
    ["Kooperationspartner", "Art", "Handlungsfelder", "Kontakt seit", "Status", "Telefon", "PLZ"],
    ["Tafel Gotha e. V.", "Verein", "Integration, Zirkuspädagogik", "um 2013", "aktiv", "03621 – 12345", "D-99867"],
    ["Jugendamt Gotha", "Fantasieverband", "Jugend", "Frühjahr 2015", "ausgelaufen 06/2017", "+49 (0) 3621 5555", "99867"],
    ["Heimatverein Gotha", "Verein", "Senioren", "unbekannt", "ruht", "bitte nachfragen", "99867"],
    ["Stadtteilbüro Gotha-West", "Behörde", "", "03/15", "", "03621/7777", "99867"],
]  # fmt: skip


def test_the_command_imports_unknown_values_and_approximate_dates_and_reports_the_notes(
    world, tmp_path, capsys
):
    path = tmp_path / "gotha.csv"
    path.write_bytes(csv_bytes(LIST))
    call_command("import_contacts", "sonneberg", str(path))  # not refused
    out = capsys.readouterr().out
    contacts = {
        c.organisation.name: c
        for c in NetworkContact.objects.filter(organisation__name__contains="Gotha")
    }
    assert len(contacts) == 4  # no row lost
    tafel, amt = contacts["Tafel Gotha e. V."], contacts["Jugendamt Gotha"]
    verein, buero = contacts["Heimatverein Gotha"], contacts["Stadtteilbüro Gotha-West"]
    assert tafel.since == D(2013, 1, 1)
    assert "aus der Liste: Kontakt seit – um 2013" in tafel.notes  # the precision is kept
    assert "aus der Liste: Handlungsfelder – Zirkuspädagogik" in tafel.notes
    assert [f.code for f in tafel.fields_of_action.all()] == ["integration"]
    assert (tafel.organisation.phone, tafel.organisation.postcode) == ("03621-12345", "99867")
    assert (amt.since, amt.status, amt.ended_on) == (
        D(2015, 3, 1),
        ContactStatus.ENDED,
        D(2017, 6, 1),
    )
    assert "aus der Liste: Art – Fantasieverband" in amt.notes
    assert amt.organisation.phone == "+49 3621 5555"
    assert verein.since is None
    assert "aus der Liste: Kontakt seit – unbekannt" in verein.notes
    assert verein.status == ContactStatus.DORMANT
    assert "aus der Liste: Telefon – bitte nachfragen" in verein.notes
    assert buero.since == D(2015, 3, 1)
    # The command names what went to the notes, and the rows to check.
    assert "Unbekannt in „Organisationsart“: „Fantasieverband“" in out
    assert "„Zirkuspädagogik“" in out
    assert "In die Notizen (aus der Liste: Spalte – Wert): 3 Werte in 3 Zeilen" in out
    assert "prüfen: Zeile 4 Heimatverein Gotha" in out
    batch = ImportBatch.objects.get()
    assert {row["contact"] for row in batch.review} == {tafel.pk, amt.pk, verein.pk}
    # Undo removes exactly this.
    services.undo(batch=batch, by=None)
    assert not NetworkContact.objects.filter(organisation__name__contains="Gotha").exists()


def test_the_plan_is_one_frozen_object_the_batch_stores_compatibly(world):
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="g.csv", data=csv_bytes(LIST)
    )
    plan = selectors.plan_of(batch, explain=True)
    assert isinstance(plan, ImportPlan)
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.columns = ()  # type: ignore[misc]
    assert plan.mapping == batch.mapping  # stored as before: column → role
    since = plan.column("Kontakt seit")
    assert since.role == "since"
    assert any("Datumsangaben" in line for line in since.evidence)
    moved = plan.with_role("Status", "notes")
    assert moved.column("Status").role == "notes"
    assert plan.column("Status").role == "status"  # the original is unchanged


def test_a_role_changed_in_the_preview_in_one_action(client, world):
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="g.csv", data=csv_bytes(LIST)
    )
    client.force_login(world.staff_a)
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "Spalten: Rolle und Begründung" in page
    assert "% Datumsangaben" in page
    assert "% der gefüllten Zellen finden ihr Feld" in page
    assert "Was in die Notizen ging und warum" in page
    response = client.post(
        reverse("imports:commit", args=[batch.pk]), {"role_column": "Telefon", "role": "notes"}
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.mapping["Telefon"] == "notes"
    assert batch.status == ImportStatus.DRAFT
    page = client.get(response.url).content.decode()
    assert "Telefon: „bitte nachfragen“" not in page  # now read as notes, nothing to check
