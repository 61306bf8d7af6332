"""Reading the minutes: the page, the Word download, the calendar file, across meetings."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from icalendar import Calendar

from exchanges import selectors
from exchanges.models import Meeting, MeetingStatus, ReportKind
from tests import factories

SEED_SECTIONS = [
    "6. ThINKA-Erfahrungsaustausch in Sonneberg",
    "Tagesordnung",
    "15 Monate ThINKA Sonneberg",
    "Erfolge und Hemmnisse",
    "Mangelnde Bürgeraktivierung",
    "Informationen aus dem Ministerium",
    "Thementisch 1: Aktivieren – Beteiligen – Organisieren",
    "Thementisch 2: Steuerungsgruppe",
    "Thementisch 3: Standortfragen",
    "Der nächste ThINKA-Erfahrungsaustausch findet am 2. November 2016 in Nordhausen statt.",
    "Jacqueline Lange, Martin Langbein",
]


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", quiet_logins=True)
    return Meeting.objects.get(number=6)


def test_demo_meeting_minutes_contain_the_seeds_sections(client, seeded):
    ministry = factories.ministry_user()
    client.force_login(ministry)
    html = client.get(seeded.get_absolute_url()).content.decode()
    for section in SEED_SECTIONS:
        assert section in html, section
    assert "ThILIK" in html
    assert "Denis Heymann" in html
    assert html.index("Tagesordnung") < html.index("Informationen aus dem Ministerium")
    assert html.index("Informationen aus dem Ministerium") < html.index("Thementisch 1")


def test_demo_data_holds_the_seed_completely(seeded):
    assert seeded.agenda_items.count() == 6
    assert seeded.report_items.filter(kind=ReportKind.SUCCESS, project=None).count() == 11
    assert seeded.report_items.filter(kind=ReportKind.OBSTACLE).count() == 4
    assert [t.results.count() for t in seeded.theme_tables.all()] == [6, 6, 7]
    assert seeded.projects.count() == 14
    assert not seeded.is_demo
    assert Meeting.objects.filter(is_demo=True, number__lt=6).count() == 2


def test_seeding_twice_changes_no_meeting(seeded, settings):
    before = list(Meeting.objects.values_list("number", "version", "date"))
    call_command("seed_demo", quiet_logins=True)
    assert list(Meeting.objects.values_list("number", "version", "date")) == before


def test_minutes_download_as_word_document_with_the_main_headings(client, seeded):
    client.force_login(factories.UserFactory())
    response = client.get(reverse("exchanges:docx", args=[seeded.pk]))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert (
        'filename="6-erfahrungsaustausch-sonneberg-2016-04-06.docx"'
        in (response["Content-Disposition"])
    )
    document = Document(io.BytesIO(response.content))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    for heading in (
        "Dokumentation",
        "6. ThINKA-Erfahrungsaustausch in Sonneberg",
        "Tagesordnung",
        "Erfolge und Hemmnisse",
        "Informationen aus dem Ministerium",
        "Thementisch 3: Standortfragen",
        "Nächster Erfahrungsaustausch",
    ):
        assert heading in headings, heading
    text = "\n".join(p.text for p in document.paragraphs)
    assert "wenig Verantwortungsübernahme und geringe Identifikation mit dem Wohngebiet" in text
    assert "Autor*innen: Jacqueline Lange, Martin Langbein" in text
    assert document.core_properties.title == "6. ThINKA-Erfahrungsaustausch in Sonneberg"


def test_calendar_file_describes_the_meeting(client, world):
    meeting = factories.MeetingFactory(
        number=7, date=datetime.date(2016, 11, 2), place="Nordhausen", status=MeetingStatus.PLANNED
    )
    meeting.agenda_items.create(title="Begrüßung", position=1)
    client.force_login(world.staff_a)
    response = client.get(reverse("exchanges:ics", args=[meeting.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == datetime.date(2016, 11, 2)
    assert event.decoded("dtend") == datetime.date(2016, 11, 3)
    assert str(event["summary"]) == "7. ThINKA-Erfahrungsaustausch in Nordhausen"
    assert str(event["location"]) == "Nordhausen"
    assert "1. Begrüßung" in str(event["description"])
    assert str(event["url"]).endswith(meeting.get_absolute_url())
    assert str(event["uid"]) == f"erfahrungsaustausch-{meeting.pk}@thinka-netzwerk"


# --- across meetings ----------------------------------------------------------------------


@pytest.fixture
def reports(world):
    spring = factories.MeetingFactory(number=4, date=datetime.date(2015, 4, 15), place="Nordhausen")
    autumn = factories.MeetingFactory(number=5, date=datetime.date(2015, 10, 7), place="Gera")
    return {
        "a_spring": factories.ReportItemFactory(
            meeting=spring, project=world.project_a, text="Mangelnde Bürgeraktivierung"
        ),
        "b_autumn": factories.ReportItemFactory(
            meeting=autumn, project=world.project_b, text="mangelnde Bürgeraktivierung!"
        ),
        "a_success": factories.ReportItemFactory(
            meeting=autumn, project=world.project_a, kind=ReportKind.SUCCESS, text="Frauencafé"
        ),
        "summary": factories.ReportItemFactory(
            meeting=autumn, text="Standortwechsel der Anlaufstellen", details="Umzug im Frühjahr"
        ),
    }


def findings(client, user, **params):
    client.force_login(user)
    return client.get(reverse("exchanges:findings"), params)


def shown(response) -> set[str]:
    return {item.text for item in response.context["page"].object_list}


def test_findings_filter_by_project(client, world, reports):
    response = findings(client, world.coordination, project=world.project_a.pk)
    assert shown(response) == {"Mangelnde Bürgeraktivierung", "Frauencafé"}


def test_findings_filter_by_kind_and_keyword(client, world, reports):
    response = findings(client, world.ministry, kind="obstacle", q="bürgeraktivierung")
    assert shown(response) == {"Mangelnde Bürgeraktivierung", "mangelnde Bürgeraktivierung!"}
    assert shown(findings(client, world.ministry, q="Umzug")) == {
        "Standortwechsel der Anlaufstellen"
    }


def test_findings_filter_by_meeting_and_period(client, world, reports):
    autumn = reports["b_autumn"].meeting
    assert len(shown(findings(client, world.staff_a, meeting=autumn.pk))) == 3
    response = findings(client, world.staff_a, date_from="2015-01-01", date_to="2015-06-30")
    assert shown(response) == {"Mangelnde Bürgeraktivierung"}


def test_findings_reversed_period_gets_a_german_error(client, world, reports):
    response = findings(client, world.staff_a, date_from="2016-01-01", date_to="2015-01-01")
    assert response.status_code == 400
    assert "Das Datum „von“ darf nicht nach dem Datum „bis“ liegen." in response.content.decode()
    assert shown(response) == set()


def test_recurring_obstacles_are_grouped_across_meetings_with_their_projects(world, reports):
    groups = selectors.recurring(selectors.report_items())
    assert len(groups) == 1
    assert groups[0].meeting_count == 2
    assert groups[0].projects == {world.project_a.name, world.project_b.name}


def test_findings_page_shows_recurring_obstacles(client, world, reports):
    html = findings(client, world.coordination).content.decode()
    assert "Wiederkehrend" in html
    assert (
        "ThINKA Nordhausen, ThINKA Sonneberg" in html
        or "ThINKA Sonneberg, ThINKA Nordhausen" in html
    )


# --- the next meeting ---------------------------------------------------------------------


def test_next_meeting_prefers_a_planned_meeting(db):
    today = datetime.date(2016, 5, 1)
    factories.MeetingFactory(
        number=6,
        date=datetime.date(2016, 4, 6),
        next_meeting_on=datetime.date(2016, 11, 2),
        next_meeting_place="Nordhausen",
    )
    assert selectors.next_meeting(today).place == "Nordhausen"
    assert selectors.next_meeting(today).meeting is None
    planned = factories.MeetingFactory(
        number=7, date=datetime.date(2016, 10, 12), place="Erfurt", status=MeetingStatus.PLANNED
    )
    assert selectors.next_meeting(today).meeting == planned
    assert selectors.next_meeting(datetime.date(2016, 12, 1)) is None


@pytest.mark.parametrize("role", ["staff_a", "lead_a", "coordination", "ministry", "admin"])
def test_every_start_page_shows_the_next_meeting(client, world, role):
    from django.utils import timezone

    soon = timezone.localdate() + datetime.timedelta(days=30)
    meeting = factories.MeetingFactory(
        number=9, date=soon, place="Suhl", status=MeetingStatus.PLANNED
    )
    client.force_login(world.user(role))
    html = client.get(reverse("home")).content.decode()
    assert "Nächster Erfahrungsaustausch" in html
    assert "in Suhl" in html
    assert reverse("exchanges:ics", args=[meeting.pk]) in html


def test_a_meeting_still_to_come_reads_as_planned_and_cannot_be_held(client, world):
    import datetime

    from django.utils import timezone

    from exchanges.forms import MeetingForm
    from exchanges.models import MeetingStatus
    from tests.factories import MeetingFactory

    upcoming = timezone.localdate() + datetime.timedelta(days=30)
    meeting = MeetingFactory(number=9, date=upcoming, status=MeetingStatus.PLANNED)
    client.force_login(world.staff_a)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "findet am" in page
    assert "fand am" not in page
    assert "ist geplant und hat noch nicht stattgefunden" in page
    form = MeetingForm(
        {"number": 9, "date": upcoming.isoformat(), "place": "Gera", "status": MeetingStatus.HELD},
        instance=meeting,
    )
    assert not form.is_valid()
    assert "kann noch nicht „durchgeführt“ sein" in str(form.errors["status"])
