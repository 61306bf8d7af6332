"""A 300-character name through every download and log (issue 32, point 5): the logs
keep the name of whoever acted; a column shorter than Django's longest full name (150 +
150 + a space) once made every download and the Art. 15 pages fail with 500 (PostgreSQL
refuses a value longer than its column; SQLite would store it – so the test also holds
each stored label against its column's length)."""

from __future__ import annotations

from django.urls import reverse

from contacts.models import PrivacyLog
from core.actors import LABEL_LENGTH, display_label
from reports.models import ExportLog, FinalReport
from tests import factories
from tests.jobs import job_file

FIRST = "Anna-Maria " + "Vorname" * 19 + "x" * 6  # 150 characters
LAST = "Lang" * 37 + "e"  # 149 characters


def _fits(model, field: str) -> None:
    limit = model._meta.get_field(field).max_length
    for label in model.objects.values_list(field, flat=True):
        assert label == f"{FIRST} {LAST}"
        assert len(label) <= limit, f"{model.__name__}.{field}: {len(label)} > {limit}"


def test_a_300_character_name_goes_through_every_download_and_log(client, world):
    assert len(f"{FIRST} {LAST}") == 300
    for user in (world.coordination, world.lead_a):
        user.first_name, user.last_name = FIRST, LAST
        user.save()
    person = factories.ContactPersonFactory(network_contact=world.contact_a, name="Ina Igel")

    client.force_login(world.coordination)
    started = client.post(reverse("reports:ministry_export"), {"period": "2016-H2"})
    assert job_file(client, started).status_code == 200  # the export runs as a background job
    for name in ("reports:list_csv", "reports:list_xlsx"):
        assert client.get(reverse(name)).status_code == 200
    client.post(reverse("reports:final_close"), {"period": "2016-H2", "confirm": "ja"})
    final = FinalReport.objects.get()
    assert client.get(reverse("reports:final_download", kwargs={"pk": final.pk})).status_code == 200
    assert client.get(reverse("reports:export_log")).status_code == 200

    client.force_login(world.lead_a)
    args = [world.contact_a.pk, person.pk]
    assert client.get(reverse("contacts:person_report", args=args)).status_code == 200
    assert client.get(reverse("contacts:person_report_page", args=args)).status_code == 200
    assert client.post(reverse("contacts:person_erase", args=args)).status_code == 302
    client.force_login(world.coordination)
    assert client.get(reverse("contacts:privacy")).status_code == 200

    assert ExportLog.objects.count() == 4  # ministry, CSV, xlsx, the closed report's download
    assert PrivacyLog.objects.count() == 3  # report, readable report, erasure
    _fits(ExportLog, "user_label")
    _fits(PrivacyLog, "user_label")
    _fits(FinalReport, "closed_by_label")


def test_a_name_longer_than_any_column_is_cut_not_refused(world, monkeypatch):
    monkeypatch.setattr(type(world.staff_a), "get_full_name", lambda self: "N" * 500)
    label = display_label(world.staff_a)
    assert len(label) == LABEL_LENGTH
    assert label.endswith("N…")
