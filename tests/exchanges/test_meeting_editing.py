"""The coordination office keeps the minutes: a full meeting, its lists, conflicts, errors."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from exchanges.models import Meeting, MeetingStatus, ReportKind
from tests import factories


def formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    """POST data of an inline formset: management form plus numbered rows."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def meeting_data(world, **overrides) -> dict:
    data = {
        "number": "6",
        "date": "2016-04-06",
        "place": "Sonneberg",
        "host_project": str(world.project_a.pk),
        "status": MeetingStatus.HELD,
        "projects": [str(world.project_a.pk), str(world.project_b.pk)],
        "introduction": "Bereits zum sechsten Mal fand ein Erfahrungsaustausch statt.",
        "ministry_information": "Denis Heymann berichtete über ThILIK.",
        "closing_notes": "",
        "next_meeting_on": "2016-11-02",
        "next_meeting_place": "Nordhausen",
        "authors": "Jacqueline Lange, Martin Langbein",
        "written_at": "Sondershausen und Jena, April 2016",
        **formset(
            "guests",
            [
                {
                    "name": "Denis Heymann",
                    "organisation": "TMASGFF",
                    "function": "Vertreter",
                    "ORDER": "1",
                },
                {"name": "", "organisation": "", "function": "", "ORDER": ""},
            ],
        ),
        **formset(
            "agenda",
            [
                {"title": "15 Monate ThINKA Sonneberg", "notes": "Bericht", "ORDER": "1"},
                {"title": "ThINKA – Erfolge und Hemmnisse", "notes": "", "ORDER": "2"},
                {"title": "Informationen aus dem TMASGFF", "notes": "", "ORDER": "3"},
            ],
        ),
    }
    data.update(overrides)
    return data


def existing_rows(items, fields) -> list[dict]:
    return [
        {"id": str(item.pk), **{f: getattr(item, f) for f in fields}, "ORDER": str(i)}
        for i, item in enumerate(items, start=1)
    ]


@pytest.fixture
def coordination_client(client, world):
    client.force_login(world.coordination)
    return client


def test_coordination_creates_a_meeting_with_guests_and_agenda(coordination_client, world):
    response = coordination_client.post(reverse("exchanges:create"), meeting_data(world))
    meeting = Meeting.objects.get(number=6)
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    assert meeting.host_project == world.project_a
    assert set(meeting.projects.all()) == {world.project_a, world.project_b}
    assert [g.name for g in meeting.guests.all()] == ["Denis Heymann"]  # the empty row is ignored
    assert [(a.position, a.title) for a in meeting.agenda_items.all()] == [
        (1, "15 Monate ThINKA Sonneberg"),
        (2, "ThINKA – Erfolge und Hemmnisse"),
        (3, "Informationen aus dem TMASGFF"),
    ]
    assert meeting.next_meeting_on == datetime.date(2016, 11, 2)


def test_new_meeting_form_proposes_the_next_number_and_the_announced_date(
    coordination_client, world
):
    factories.MeetingFactory(
        number=6, next_meeting_on=datetime.date(2016, 11, 2), next_meeting_place="Nordhausen"
    )
    form = coordination_client.get(reverse("exchanges:create")).context["form"]
    assert form.initial["number"] == 7
    assert form.initial["date"] == datetime.date(2016, 11, 2)
    assert form.initial["place"] == "Nordhausen"


def test_agenda_items_are_reordered_removed_and_added(coordination_client, world):
    coordination_client.post(reverse("exchanges:create"), meeting_data(world))
    meeting = Meeting.objects.get(number=6)
    first, second, third = meeting.agenda_items.all()
    rows = existing_rows([first, second, third], ["title", "notes"])
    rows[0]["ORDER"], rows[2]["ORDER"] = "3", "1"  # swap first and last
    rows[1]["DELETE"] = "on"
    rows.append({"title": "Themen-Tische", "notes": "", "ORDER": "2"})
    data = meeting_data(
        world,
        expected_version=str(meeting.version),
        **formset("agenda", rows, initial=3),
        **formset(
            "guests",
            existing_rows(meeting.guests.all(), ["name", "organisation", "function"]),
            initial=1,
        ),
    )
    response = coordination_client.post(reverse("exchanges:update", args=[meeting.pk]), data)
    assert response.status_code == 302
    assert [(a.position, a.title) for a in meeting.agenda_items.all()] == [
        (1, "Informationen aus dem TMASGFF"),
        (2, "Themen-Tische"),
        (3, "15 Monate ThINKA Sonneberg"),
    ]


def test_next_meeting_before_this_one_is_refused_in_german(coordination_client, world):
    response = coordination_client.post(
        reverse("exchanges:create"), meeting_data(world, next_meeting_on="2016-01-01")
    )
    assert response.status_code == 400
    assert "Der nächste Termin muss nach diesem Erfahrungsaustausch (06.04.2016) liegen." in (
        response.content.decode()
    )
    assert not Meeting.objects.exists()


def test_duplicate_sequence_number_is_refused(coordination_client, world):
    factories.MeetingFactory(number=6, place="Gera")
    response = coordination_client.post(reverse("exchanges:create"), meeting_data(world))
    assert response.status_code == 400
    assert "Einen Erfahrungsaustausch mit dieser Nummer gibt es schon." in response.content.decode()
    assert Meeting.objects.get().place == "Gera"


def test_an_invalid_agenda_row_saves_nothing_and_names_the_row(coordination_client, world):
    data = meeting_data(world)
    data["agenda-1-title"] = ""
    data["agenda-1-notes"] = "Notiz ohne Titel"
    response = coordination_client.post(reverse("exchanges:create"), data)
    assert response.status_code == 400
    assert "Tagesordnungspunkt 2 – Tagesordnungspunkt: Dieses Feld ist zwingend erforderlich." in (
        response.content.decode()
    )
    assert not Meeting.objects.exists()


def test_concurrent_meeting_edit_is_refused_not_lost(coordination_client, world):
    meeting = factories.MeetingFactory(number=6, place="Sonneberg")
    version = meeting.version
    other = factories.coordination_user(username="zweite")
    from django.test import Client

    second = Client()
    second.force_login(other)
    url = reverse("exchanges:update", args=[meeting.pk])
    empty_lists = {**formset("guests", []), **formset("agenda", [])}
    first = coordination_client.post(
        url,
        meeting_data(
            world, place="Sonneberg-Wolkenrasen", expected_version=str(version), **empty_lists
        ),
    )
    assert first.status_code == 302
    late = second.post(
        url,
        meeting_data(world, place="Sonneberg-Mitte", expected_version=str(version), **empty_lists),
    )
    assert late.status_code == 400
    assert "wurde inzwischen von" in late.content.decode()
    meeting.refresh_from_db()
    assert meeting.place == "Sonneberg-Wolkenrasen"
    assert meeting.version == version + 1


def report_rows(world) -> list[dict]:
    return [
        {
            "kind": ReportKind.SUCCESS,
            "project": "",
            "text": "Etablieren von Stadtteilkonferenzen",
            "details": "",
            "ORDER": "1",
        },
        {
            "kind": ReportKind.OBSTACLE,
            "project": "",
            "text": "Mangelnde Bürgeraktivierung",
            "details": "wenig Verantwortungsübernahme\ngeringe Identifikation",
            "ORDER": "2",
        },
        {
            "kind": ReportKind.SUCCESS,
            "project": str(world.project_b.pk),
            "text": "Café International",
            "details": "",
            "ORDER": "3",
        },
        {"kind": "", "project": "", "text": "", "details": "", "ORDER": ""},
    ]


def test_coordination_enters_successes_and_obstacles(coordination_client, world):
    meeting = factories.MeetingFactory(number=6)
    response = coordination_client.post(
        reverse("exchanges:report_items", args=[meeting.pk]),
        {"expected_version": str(meeting.version), **formset("items", report_rows(world))},
    )
    assert response.status_code == 302
    items = list(meeting.report_items.all())
    assert [(i.kind, i.text, i.project) for i in items] == [
        (ReportKind.SUCCESS, "Etablieren von Stadtteilkonferenzen", None),
        (ReportKind.OBSTACLE, "Mangelnde Bürgeraktivierung", None),
        (ReportKind.SUCCESS, "Café International", world.project_b),
    ]
    assert items[1].detail_lines == ["wenig Verantwortungsübernahme", "geringe Identifikation"]
    meeting.refresh_from_db()
    assert meeting.version == 2


def test_report_items_on_an_outdated_page_are_refused(coordination_client, world):
    meeting = factories.MeetingFactory(number=6)
    url = reverse("exchanges:report_items", args=[meeting.pk])
    coordination_client.post(
        url, {"expected_version": "1", **formset("items", report_rows(world)[:1])}
    )
    response = coordination_client.post(
        url, {"expected_version": "1", **formset("items", report_rows(world)[1:2])}
    )
    assert response.status_code == 400
    assert "wurde inzwischen von" in response.content.decode()
    assert [i.text for i in meeting.report_items.all()] == ["Etablieren von Stadtteilkonferenzen"]
    # The page now carries the current version: a deliberate second save goes through.
    assert response.context["version_form"].data["expected_version"] == 2


def test_coordination_adds_edits_and_removes_a_theme_table(coordination_client, world):
    meeting = factories.MeetingFactory(number=6)
    meeting.projects.set([world.project_a, world.project_b])
    create = reverse("exchanges:table_create", args=[meeting.pk])
    response = coordination_client.post(
        create,
        {
            "expected_version": "1",
            "title": "Steuerungsgruppe",
            "position": "1",
            "projects": [str(world.project_a.pk)],
            **formset(
                "results",
                [
                    {"text": "Wer moderiert die Steuerungsgruppe?", "ORDER": "2"},
                    {"text": "Der „kurze Dienstweg“ fördert gute Arbeit", "ORDER": "1"},
                    {"text": "", "ORDER": ""},
                ],
            ),
        },
    )
    assert response.status_code == 302
    table = meeting.theme_tables.get()
    assert list(table.projects.all()) == [world.project_a]
    assert [r.text for r in table.results.all()] == [
        "Der „kurze Dienstweg“ fördert gute Arbeit",
        "Wer moderiert die Steuerungsgruppe?",
    ]
    delete = reverse("exchanges:table_delete", args=[meeting.pk, table.pk])
    assert coordination_client.post(delete, {"expected_version": "2"}).status_code == 302
    assert not meeting.theme_tables.exists()


def test_theme_table_offers_only_participating_projects(coordination_client, world):
    meeting = factories.MeetingFactory(number=6)
    meeting.projects.set([world.project_a])
    response = coordination_client.get(reverse("exchanges:table_create", args=[meeting.pk]))
    assert list(response.context["form"].fields["projects"].queryset) == [world.project_a]


@pytest.mark.parametrize("role", ["staff_a", "lead_a", "ministry"])
def test_only_the_coordination_office_changes_minutes(client, world, role):
    meeting = factories.MeetingFactory(number=6, place="Sonneberg")
    client.force_login(world.user(role))
    response = client.post(
        reverse("exchanges:update", args=[meeting.pk]),
        meeting_data(
            world,
            place="Erfurt",
            expected_version="1",
            **formset("guests", []),
            **formset("agenda", []),
        ),
    )
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.place == "Sonneberg"


def test_deleting_a_meeting_removes_its_minutes(coordination_client, world):
    meeting = factories.MeetingFactory(number=6)
    factories.ReportItemFactory(meeting=meeting)
    response = coordination_client.post(
        reverse("exchanges:delete", args=[meeting.pk]), {"expected_version": "1"}
    )
    assert response.status_code == 302
    assert not Meeting.objects.exists()
