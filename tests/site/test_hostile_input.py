"""Random and hostile input into the main forms: a German validation error or a clean
save, never a server error; whatever is stored comes back escaped."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.models import ContactPerson, NetworkContact

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE contacts_networkcontact; --",
    '=HYPERLINK("http://evil")',
    "\x00nul",
    "\u202egnp.exe",  # right-to-left override
    "Z\u0351\u0361a\u035flgo",  # combining marks
    "😀" * 50,
    "a" * 10_000,
    "{{ 7*7 }}{% debug %}",
    "\r\n\t",
    "",
]
text = st.one_of(
    st.sampled_from(HOSTILE), st.text(max_size=300), st.text(min_size=300, max_size=3000)
)
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _no_server_error(response) -> None:
    assert response.status_code in (200, 302, 400), response.status_code


@pytest.fixture
def staff(client, world):
    client.force_login(world.staff_a)
    return client


@SETTINGS
@given(
    notes=text,
    since=st.one_of(
        st.sampled_from(["", "2016-04-06", "06.04.2016", "2999-01-01", "gestern"]), text
    ),
)
def test_contact_edit_survives_hostile_input(staff, world, notes, since):
    contact = NetworkContact.objects.get(pk=world.contact_a.pk)
    response = staff.post(
        reverse("contacts:update", args=[contact.pk]),
        {
            "intensity": contact.intensity,
            "status": contact.status,
            "since": since,
            "notes": notes,
            "expected_version": contact.version,
        },
    )
    _no_server_error(response)
    page = staff.get(contact.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x onerror" not in page


@SETTINGS
@given(name=text, phone=text, email=text)
def test_contact_person_form_survives_hostile_input(staff, world, name, phone, email):
    before = ContactPerson.objects.count()
    response = staff.post(
        reverse("contacts:person_create", args=[world.contact_a.pk]),
        {
            "name": name,
            "phone": phone,
            "email": email,
            "legal_basis": "public_function",
            "is_active": "on",
        },
    )
    _no_server_error(response)
    if response.status_code == 400:
        assert ContactPerson.objects.count() == before
        html = response.content.decode()
        assert "Bitte prüfen Sie Ihre Angaben" in html or "Ungültige Eingabe" in html


@SETTINGS
@given(query=text, sort=text, quiet=text)
def test_contact_list_filters_survive_hostile_input(staff, query, sort, quiet):
    response = staff.get(reverse("contacts:list"), {"q": query, "sort": sort, "quiet": quiet})
    _no_server_error(response)
    assert "<script>alert(1)</script>" not in response.content.decode()


@SETTINGS
@given(name=text)
def test_organisation_search_survives_hostile_input(staff, world, name):
    _no_server_error(
        staff.get(reverse("contacts:create"), {"project": world.project_a.pk, "name": name})
    )
    _no_server_error(staff.get(reverse("contacts:organisation_suggest"), {"name": name}))


@SETTINGS
@given(
    place=text,
    number=st.one_of(st.sampled_from(["6", "-1", "0", "99999999999", "sechs"]), text),
    notes=text,
)
def test_meeting_form_survives_hostile_input(client, world, place, number, notes):
    client.force_login(world.coordination)
    data = {
        "number": number,
        "date": "2016-04-06",
        "place": place,
        "status": "held",
        "guests-TOTAL_FORMS": "0",
        "guests-INITIAL_FORMS": "0",
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-title": notes[:50],
        "agenda-0-notes": notes,
        "agenda-0-ORDER": "1",
    }
    response = client.post(reverse("exchanges:create"), data)
    _no_server_error(response)


@SETTINGS
@given(period=text, date_from=text)
def test_export_form_survives_hostile_input(client, world, period, date_from):
    client.force_login(world.ministry)
    response = client.post(
        reverse("reports:ministry_export"), {"period": period, "date_from": date_from}
    )
    _no_server_error(response)


@pytest.mark.parametrize("value", HOSTILE)
def test_every_hostile_value_in_search_and_filters(staff, world, value):
    """Each listed value once, deterministically (PostgreSQL refuses NUL in queries)."""
    for url, params in (
        (reverse("contacts:list"), {"q": value}),
        (reverse("contacts:organisation_list"), {"q": value}),
        (reverse("contacts:organisation_suggest"), {"name": value}),
        (reverse("contacts:create"), {"project": world.project_a.pk, "name": value}),
        (reverse("exchanges:findings"), {"q": value}),
        (reverse("projects:list"), {"q": value}),
    ):
        _no_server_error(staff.get(url, params))


def test_nul_characters_get_a_german_error_and_change_nothing(staff, world):
    response = staff.post(
        reverse("contacts:update", args=[world.contact_a.pk]),
        {"notes": "Notiz\x00", "intensity": "regular", "status": "active", "expected_version": 1},
    )
    assert response.status_code == 400
    assert "Ungültige Eingabe" in response.content.decode()
    world.contact_a.refresh_from_db()
    assert world.contact_a.notes == ""


# --- the import parser --------------------------------------------------------------------


@SETTINGS
@given(
    data=st.binary(max_size=4000),
    name=st.sampled_from(["liste.csv", "liste.xlsx", "liste.txt", "liste.xls", "liste.ods"]),
)
def test_import_reader_refuses_garbage_with_a_german_message(data, name):
    from imports.reading import ImportFileError
    from imports.tables import read_table

    message = None
    try:
        table = read_table(data, name)
    except ImportFileError as error:
        message = str(error)
    if message is not None:
        assert message.strip()  # a German message for the user, never a traceback
        return
    assert table.header
    assert all(len(row) == len(table.header) for row in table.rows)


@SETTINGS
@given(rows=st.lists(st.lists(text, min_size=1, max_size=6), min_size=1, max_size=15))
def test_import_reader_and_preview_survive_hostile_csv(db, world, rows):
    from imports import selectors, services
    from imports.reading import ImportFileError

    content = "\r\n".join(";".join(cell.replace(";", ",") for cell in row) for row in rows)
    try:
        batch = services.upload(
            project=world.project_a, by=None, file_name="feindselig.csv", data=content.encode()
        )
    except ImportFileError:
        return
    for result in selectors.preview(batch):
        assert result.status in ("new", "update", "unchanged", "duplicate", "error")


@SETTINGS
@given(value=st.one_of(text, st.integers(), st.floats(allow_nan=True)))
def test_date_parser_answers_a_date_or_a_german_error(value):
    import datetime

    from imports.reading import parse_date

    message = None
    try:
        result = parse_date(value)
    except ValueError as error:
        message = str(error)
    if message is not None:
        assert "ist kein Datum" in message
    else:
        assert result is None or isinstance(result, datetime.date)
