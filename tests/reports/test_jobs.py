"""Long reports work runs as a background job: a page with progress, the file when done,
a German message and no file when it fails, and nobody else's job to see."""

from __future__ import annotations

import io
import logging

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports import services
from reports.models import ExportLog, JobStatus, ReportJob
from tests.jobs import job_file

pytestmark = pytest.mark.django_db


def start_export(client, user):
    client.force_login(user)
    return client.post(reverse("reports:ministry_export"), {"period": "2016-H2"})


def test_the_export_redirects_to_its_job_page_with_a_progress_bar_in_a_live_region(client, world):
    response = start_export(client, world.coordination)
    job = ReportJob.objects.get()
    assert response.url == job.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert '<progress id="job-progress"' in page
    assert 'role="status" aria-live="polite"' in page
    assert job.status == JobStatus.DONE
    assert job.progress == 100
    assert reverse("reports:job_file", args=[job.pk]) in page


def test_the_job_state_answers_as_json_for_the_page_script(client, world):
    job = ReportJob.objects.get(pk=start_export(client, world.coordination).url.split("/")[-2])
    state = client.get(reverse("reports:job_state", args=[job.pk])).json()
    assert state["status"] == "done"
    assert state["download_url"].endswith("/datei/")


def test_the_finished_file_is_the_ministry_workbook(client, world):
    response = job_file(client, start_export(client, world.coordination))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert "Übersicht" in book.sheetnames
    assert ExportLog.objects.count() == 1


def test_a_failing_export_leaves_a_german_message_a_log_line_and_no_file(
    client, world, monkeypatch, caplog
):
    def broken(**kwargs):
        kwargs["target"].write(b"PK half a workbook")
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "export_ministry_workbook", broken)
    with caplog.at_level(logging.ERROR, logger="reports.tasks"):
        response = start_export(client, world.coordination)
    job = ReportJob.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.content is None
    assert job.file_name == ""
    page = client.get(response.url).content.decode()
    assert "Der Auftrag ist fehlgeschlagen; es wurde keine Datei erstellt." in page
    assert client.get(reverse("reports:job_file", args=[job.pk])).status_code == 404
    assert any("fehlgeschlagen" in record.getMessage() for record in caplog.records)


def test_someone_elses_job_is_not_found_even_for_the_coordination_office(client, world):
    response = start_export(client, world.lead_a)
    job = ReportJob.objects.get()
    assert response.status_code == 302
    for other in (world.coordination, world.staff_a, world.ministry):
        client.force_login(other)
        for name in ("reports:job", "reports:job_state", "reports:job_file"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404


def test_old_jobs_and_their_files_are_pruned(client, world):
    from django.utils import timezone

    from reports.tasks import prune_jobs

    start_export(client, world.coordination)
    ReportJob.objects.update(created_at=timezone.now() - timezone.timedelta(hours=25))
    start_export(client, world.coordination)
    assert prune_jobs(older_than_hours=24) == 1
    assert ReportJob.objects.count() == 1
