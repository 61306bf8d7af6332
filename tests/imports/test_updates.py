"""Updating existing network contacts from a list without losing newer data: "ergänzen"
fills only empty fields; "aktualisieren" overwrites, except where the application changed
a value after the list's date – that is shown as a conflict the user decides."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from contacts.models import NetworkContact
from imports import selectors, services
from imports.models import ImportMode
from imports.rows import CONFLICT, UPDATE
from tests.imports.test_corpus import text_file

ROWS = [
    ["Organisation", "seit", "Bemerkung"],
    ["Jobcenter Sonneberg", "01.04.2016", "Sprechstunde"],
]


def overwrite(world, list_date=datetime.date(2016, 6, 30), resolutions=None):
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="l.csv", data=text_file(ROWS)
    )
    batch.mode, batch.list_date = ImportMode.OVERWRITE, list_date
    batch.resolutions = resolutions or {}
    batch.save()
    return batch


def _history_back_to(contact: NetworkContact, when: datetime.date) -> None:
    """As if every value of the contact had been entered on ``when``."""
    moment = timezone.make_aware(datetime.datetime.combine(when, datetime.time(12)))
    contact.history.update(history_date=moment)


def test_a_value_changed_here_after_the_lists_date_is_a_conflict_kept_by_default(world):
    batch = overwrite(world)
    (result,) = selectors.preview(batch)
    assert result.status == CONFLICT
    assert result.conflicts == [("since", "Kontakt seit", "15.01.2016", "01.04.2016", "keep")]
    assert ("Notizen", "–", "Sprechstunde") in result.changes  # empty: filled without asking
    services.commit(batch=batch, by=world.staff_a)
    world.contact_a.refresh_from_db()
    assert world.contact_a.since == datetime.date(2016, 1, 15)
    assert world.contact_a.notes == "Sprechstunde"


def test_the_user_takes_the_lists_value_for_one_field_and_the_undo_restores_it(world):
    batch = overwrite(world, resolutions={"2:since": "list"})  # file row 2, field "since"
    services.commit(batch=batch, by=world.staff_a)
    world.contact_a.refresh_from_db()
    assert world.contact_a.since == datetime.date(2016, 4, 1)
    services.undo(batch=batch, by=world.staff_a)
    world.contact_a.refresh_from_db()
    assert world.contact_a.since == datetime.date(2016, 1, 15)


def test_a_list_newer_than_every_change_here_overwrites_without_asking(world):
    _history_back_to(world.contact_a, datetime.date(2015, 3, 1))
    (result,) = selectors.preview(overwrite(world))
    assert result.status == UPDATE
    assert result.conflicts == []
    assert ("Kontakt seit", "15.01.2016", "01.04.2016") in result.changes


def test_ergaenzen_never_overwrites_and_never_asks(world):
    batch = overwrite(world)
    batch.mode = ImportMode.ADD_AND_UPDATE
    batch.save()
    (result,) = selectors.preview(batch)
    assert (result.status, result.conflicts) == (UPDATE, [])
    assert not any(label == "Kontakt seit" for label, _o, _n in result.changes)


def test_the_preview_page_decides_all_conflicts_at_once(client, world):
    batch = overwrite(world)
    client.force_login(world.staff_a)
    page = client.get(batch.get_absolute_url()).content.decode()
    assert "widerspricht neueren Daten" in page
    assert "behalten: 15.01.2016" in page
    assert "aus der Liste: 01.04.2016" in page
    client.post(reverse("imports:commit", args=[batch.pk]), {"resolve_all": "list"})
    world.contact_a.refresh_from_db()
    assert world.contact_a.since == datetime.date(2016, 4, 1)


def test_updating_needs_the_lists_date_which_a_footer_can_state(client, world):
    batch = services.upload(
        project=world.project_a,
        by=world.staff_a,
        file_name="l.csv",
        data=text_file([*ROWS, ["Stand: 31.12.2016"]]),
    )
    assert selectors.table_of(batch).stated_date == datetime.date(2016, 12, 31)
    client.force_login(world.staff_a)
    form = client.get(reverse("imports:mapping", args=[batch.pk])).context["form"]
    assert form.initial["list_date"] == datetime.date(2016, 12, 31)
    data = {"header_row": "1", "mode": "overwrite", "col_0": "organisation", "col_1": "since"}
    response = client.post(reverse("imports:mapping", args=[batch.pk]), data)
    assert response.status_code == 400
    assert "Zum Aktualisieren braucht es den Stand der Liste" in response.content.decode()


def test_the_command_takes_the_lists_date_or_refuses_to_update_without_one(world, tmp_path):
    path = tmp_path / "l.csv"
    path.write_bytes(text_file(ROWS))
    with pytest.raises(CommandError, match="Stand der Liste"):
        call_command("import_contacts", "sonneberg", str(path), "--mode", "overwrite")
    call_command(
        "import_contacts", "sonneberg", str(path), "--mode", "overwrite", "--stand", "30.06.2016"
    )
    world.contact_a.refresh_from_db()
    assert world.contact_a.since == datetime.date(2016, 1, 15)  # changed here since: kept
