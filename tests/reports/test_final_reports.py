"""A finalised report per period (issue 18): the coordination office closes a past period;
later downloads of that period return the stored workbook unchanged – with a list of what
changed since – until someone deliberately recomputes it, which keeps the earlier version."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from contacts.models import ContactStatus, NetworkContact
from reports import periods, selectors, services
from reports.models import FinalReport
from tests import factories
from tests.jobs import job_file

PAST = periods.parse("2016-H2")


def ministry_download(client, user, period="2016-H2"):
    client.force_login(user)
    response = client.post(reverse("reports:ministry_export"), {"period": period})
    # A closed period's stored workbook comes at once; a fresh one from a background job.
    return response if response.status_code != 302 else job_file(client, response)


def cells(response) -> list[tuple]:
    body = b"".join(response.streaming_content)
    book = load_workbook(io.BytesIO(body), read_only=True)
    return [
        tuple(row)
        for name in ("Übersicht", "Vergleich", "Netzwerkkontakte")
        for row in book[name].values
    ]


@pytest.fixture
def closed(world):
    factories.NetworkContactFactory(project=world.project_a, since=datetime.date(2016, 8, 1))
    return services.final_report_close(period=PAST, by=world.coordination)


def test_a_closed_period_is_downloaded_as_it_was_closed(client, world, closed):
    before = cells(ministry_download(client, world.ministry))
    # Later: a late entry for the period, a contact ended, another archived.
    factories.NetworkContactFactory(project=world.project_a, since=datetime.date(2016, 9, 1))
    contact = NetworkContact.objects.get(pk=world.contact_b.pk)
    contact.status = ContactStatus.ENDED
    contact.ended_on = datetime.date(2016, 10, 1)  # a correction of the past
    contact.save()
    after = cells(ministry_download(client, world.ministry))
    assert after == before
    stored = client.get(reverse("reports:final_download", kwargs={"pk": closed.pk}))
    assert cells(stored) == before
    angaben = load_workbook(io.BytesIO(bytes(closed.workbook)), read_only=True)["Angaben"]
    assert ("Stand des Berichts", "abgeschlossen (Fassung 1)") in [
        tuple(row) for row in angaben.values
    ]


def test_the_report_page_lists_what_changed_since(client, world, closed):
    factories.NetworkContactFactory(project=world.project_a, since=datetime.date(2016, 9, 1))
    changes = selectors.changes_since(closed)
    assert changes.late_entries == 1
    assert [(c.project, c.figure, c.stored, c.now) for c in changes.figures] == [
        (world.project_a.name, "active", 2, 3),
        (world.project_a.name, "new", 1, 2),
    ]
    client.force_login(world.ministry)
    page = client.get(closed.get_absolute_url()).content.decode()
    assert "nach dem Abschluss nachgetragen" in page
    assert "+1" in page


def test_recomputing_makes_a_new_version_and_keeps_the_old(client, world, closed):
    factories.NetworkContactFactory(project=world.project_a, since=datetime.date(2016, 9, 1))
    client.force_login(world.coordination)
    response = client.post(reverse("reports:final_recompute", kwargs={"pk": closed.pk}))
    fresh = FinalReport.objects.get(is_current=True)
    # A background job: its page links the new version once it is done.
    job = client.get(response.url)
    assert job.context["state"]["result_url"] == fresh.get_absolute_url()
    assert "Fassung 2 gilt jetzt" in job.content.decode()
    assert (fresh.version, closed.version) == (2, 1)
    closed.refresh_from_db()
    assert not closed.is_current
    assert bytes(closed.workbook)  # the earlier version stays, file and all
    assert selectors.changes_since(fresh).figures == []


def test_closing_twice_is_refused(world, closed):
    with pytest.raises(ValidationError, match="bereits abgeschlossen"):
        services.final_report_close(period=PAST, by=world.coordination)
    assert FinalReport.objects.count() == 1


def test_the_refusal_speaks_the_language_of_the_one_who_asks(world, closed):
    # The message is translated when it is raised, not once when the module is imported.
    with translation.override("en"), pytest.raises(ValidationError, match="already closed"):
        services.final_report_close(period=PAST, by=world.coordination)


def test_a_period_still_running_cannot_be_closed_but_exports_as_provisional(client, world):
    today = timezone.localdate()
    running = periods.half_year(today.year, 1 if today.month <= 6 else 2)
    with pytest.raises(ValidationError, match="noch nicht beendet"):
        services.final_report_close(period=running, by=world.coordination)
    code = f"{today.year}-H{1 if today.month <= 6 else 2}"
    body = b"".join(ministry_download(client, world.coordination, code).streaming_content)
    angaben = load_workbook(io.BytesIO(body), read_only=True)["Angaben"]
    assert ("Stand des Berichts", "vorläufig – der Zeitraum ist noch nicht beendet") in [
        tuple(row) for row in angaben.values
    ]


def test_the_ministry_sees_which_periods_are_final(client, world, closed):
    client.force_login(world.ministry)
    page = client.get(reverse("reports:final_list")).content.decode()
    assert closed.period_label in page
    assert "Bericht abschließen" not in page  # only the coordination office closes


def test_the_coordination_office_closes_from_the_list(client, world):
    client.force_login(world.coordination)
    page = client.get(reverse("reports:final_list")).content.decode()
    assert 'value="2016-H2"' in page
    question = client.post(reverse("reports:final_close"), {"period": "2016-H2"})
    assert question.status_code == 200
    assert not FinalReport.objects.exists()
    asked = question.content.decode()
    assert "friert den Bericht für 2. Halbjahr 2016 ein" in asked
    assert 'name="confirm" value="ja"' in asked
    response = client.post(reverse("reports:final_close"), {"period": "2016-H2", "confirm": "ja"})
    report = FinalReport.objects.get()
    assert response.url == report.get_absolute_url()
    assert report.period_label == PAST.label
    again = client.post(
        reverse("reports:final_close"), {"period": "2016-H2", "confirm": "ja"}, follow=True
    )
    assert "bereits abgeschlossen" in again.content.decode()


@pytest.mark.parametrize("role", ["staff_a", "lead_a", "ministry", "coordination"])
def test_the_report_page_offers_only_links_the_reader_may_follow(client, world, role):
    """No "abgeschlossenen Zeitraum" link that ends in 403 (issue 30, point 7)."""
    import re

    from reports import services

    services.final_report_close(period=PAST, by=world.coordination)
    client.force_login(world.user(role))
    page = client.get(reverse("reports:ministry_export")).content.decode()
    main = page[page.index("<main") :]
    links = {href for href in re.findall(r'href="(/[^"#]*)"', main) if "logout" not in href}
    assert links
    refused = [href for href in links if client.get(href).status_code == 403]
    assert not refused, refused
    sees_final = role in ("ministry", "coordination")
    assert (reverse("reports:final_list") in links) == sees_final


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("0000-H1", "kein gültiger Zeitraum"),  # year 0: no calendar date
        ("0001-H1", "kein gültiger Zeitraum"),  # before the programme
        ("0001-01-01..0001-01-02", "kein gültiger Zeitraum"),
        ("2016-07-01..2016-07-01", "kein gültiger Zeitraum"),  # a free range is not closed
        ("2099-H1", "noch nicht beendet"),
        ("running half-year", "noch nicht beendet"),
        ("running quarter", "noch nicht beendet"),
    ],
)
@pytest.mark.parametrize("confirm", ["", "ja"])
def test_only_an_ended_half_year_or_quarter_is_closed(client, world, period, message, confirm):
    """Refused before the question – a German message on the list, nothing closed."""
    today = timezone.localdate()
    running = {
        "running half-year": f"{today.year}-H{1 if today.month <= 6 else 2}",
        "running quarter": f"{today.year}-Q{(today.month - 1) // 3 + 1}",
    }
    client.force_login(world.coordination)
    response = client.post(
        reverse("reports:final_close"),
        {"period": running.get(period, period), "confirm": confirm},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Ja, Bericht abschließen" not in page  # no question asked
    assert not FinalReport.objects.exists()
