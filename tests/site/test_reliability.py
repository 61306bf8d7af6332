"""Reliability under concurrency and a slow database (issue 20): one organisation stays
one, double submits do their work once, concurrent imports serialise on the project, and a
held lock gets a quick, clear German answer instead of a hanging worker.

The races run in threads, each with its own database connection, against PostgreSQL;
SQLite serialises every write itself and cannot hold a lock for another connection, so
those tests are skipped there (the double submit and the constraint run everywhere).
"""

from __future__ import annotations

import threading

import psycopg2
import pytest
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.test import Client
from django.urls import reverse

from contacts.models import NetworkContact, Organisation, OrganisationType
from imports import services as import_services
from tests.factories import OrganisationFactory

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="braucht PostgreSQL: SQLite kennt keine gleichzeitigen Schreiber und Sperren",
)


def create_form(world, *, name="Stadtteilzentrum Wolkenrasen", token=""):
    return {
        "project": world.project_a.pk,
        "org-name": name,
        "org-organisation_type": OrganisationType.objects.get(code="sonstige").pk,
        "org-city": "Sonneberg",
        "intensity": "regular",
        "status": "active",
        "submission": token,
    }


def at_once(count: int, work) -> list:
    """Run ``work(i)`` in ``count`` threads that start together; their results in order."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - reported by the test, not lost
            results[index] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


# --- the register holds one live entry per name and place ---------------------------------


def test_the_database_refuses_a_second_live_entry_for_the_same_name_and_place(db):
    OrganisationFactory(name="Tafel Sonneberg e. V.", city="Sonneberg")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.bulk_create(
            [
                Organisation(
                    name="TAFEL Sonneberg",
                    city=" sonneberg",
                    organisation_type=OrganisationType.objects.first(),
                ).refresh_keys()
            ]
        )


def test_the_same_name_in_another_place_or_once_merged_is_fine(db):
    first = OrganisationFactory(name="Tafel e. V.", city="Sonneberg")
    OrganisationFactory(name="Tafel e. V.", city="Gera")
    target = OrganisationFactory(name="Tafel Thüringen", city="Erfurt")
    first.merged_into = target
    first.save()
    OrganisationFactory(name="Tafel e. V.", city="Sonneberg")  # the merged one no longer counts


def test_creating_an_existing_organisation_again_is_refused_in_german(client, world):
    OrganisationFactory(name="Stadtteilzentrum Wolkenrasen", city="Sonneberg")
    client.force_login(world.staff_a)
    asked = client.post(reverse("contacts:create"), create_form(world))
    assert asked.status_code == 400
    assert "Ähnliche Organisationen im Register" in asked.text  # first offered to pick it
    insisted = {**create_form(world), "register_checked": "on"}
    response = client.post(reverse("contacts:create"), insisted)
    assert response.status_code == 400
    assert "gibt es an diesem Ort schon im Register" in response.content.decode()
    assert (
        Organisation.objects.filter(
            normalised_name="stadt teil wolkenrasen zentrum@sonneberg"
        ).count()
        == 1
    )


def test_editing_an_organisation_into_a_duplicate_is_refused_in_german(client, world):
    OrganisationFactory(name="Bürgerhaus Ost", city=world.organisation.city)
    client.force_login(world.coordination)
    url = reverse("contacts:organisation_update", kwargs={"pk": world.organisation.pk})
    page = client.get(url)
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        name="Bürgerhaus Ost",
        organisation_type=world.organisation.organisation_type_id,
        expected_version=world.organisation.version,
    )
    response = client.post(url, data)
    assert response.status_code == 400
    assert "gibt es an diesem Ort schon im Register" in response.content.decode()
    world.organisation.refresh_from_db()
    assert world.organisation.name == "Jobcenter Sonneberg"


# --- double submits -----------------------------------------------------------------------


def test_a_double_submit_creates_one_organisation_and_one_contact(client, world):
    client.force_login(world.staff_a)
    page = client.get(
        reverse("contacts:create"), {"project": world.project_a.pk, "name": "Wolkenrasen"}
    )
    token = page.context["submission"]
    first = client.post(reverse("contacts:create"), create_form(world, token=token))
    again = client.post(reverse("contacts:create"), create_form(world, token=token), follow=True)
    assert first.status_code == 302
    contact = NetworkContact.objects.get(organisation__name="Stadtteilzentrum Wolkenrasen")
    assert again.redirect_chain[-1][0] == contact.get_absolute_url()
    assert "bereits gespeichert" in again.content.decode()
    assert Organisation.objects.filter(name="Stadtteilzentrum Wolkenrasen").count() == 1


def test_a_form_sent_back_with_errors_can_be_sent_again_with_the_same_token(client, world):
    client.force_login(world.staff_a)
    broken = {**create_form(world, token="abc123"), "org-postcode": "123"}
    assert client.post(reverse("contacts:create"), broken).status_code == 400
    fixed = client.post(reverse("contacts:create"), create_form(world, token="abc123"))
    assert fixed.status_code == 302


@postgres_only
def test_ten_simultaneous_creates_make_one_organisation_and_one_contact(committed_db):
    from tests.conftest import build_world

    world = build_world()

    def post(index: int) -> int:
        browser = Client(raise_request_exception=False)
        browser.force_login(world.staff_a)
        # Ten tabs: ten different tokens – only the database can keep them apart.
        return browser.post(
            reverse("contacts:create"), create_form(world, token=f"tab-{index}")
        ).status_code

    answers = at_once(10, post)
    print("Antworten auf 10 gleichzeitige Anlagen:", sorted(answers))
    assert all(answer in (302, 400) for answer in answers), answers
    assert answers.count(302) == 1
    assert Organisation.objects.filter(name="Stadtteilzentrum Wolkenrasen").count() == 1
    assert (
        NetworkContact.objects.filter(organisation__name="Stadtteilzentrum Wolkenrasen").count()
        == 1
    )


# --- imports at the same moment -----------------------------------------------------------

LIST = "Name der Einrichtung;Ort\r\nNachbarschaftsgarten Süd;Sonneberg\r\n"


@postgres_only
def test_two_imports_committed_at_once_make_one_organisation(committed_db):
    from tests.conftest import build_world

    world = build_world()
    batches = [
        import_services.upload(
            project=world.project_a, by=world.staff_a, file_name=f"liste{i}.csv", data=LIST.encode()
        )
        for i in range(2)
    ]

    def commit(index: int):
        with transaction.atomic():
            return import_services.commit(batch=batches[index], by=world.staff_a)

    counts = at_once(2, commit)
    assert not [c for c in counts if isinstance(c, Exception)], counts
    assert sorted(c.created for c in counts) == [0, 1]  # the second saw the first's work
    assert Organisation.objects.filter(name="Nachbarschaftsgarten Süd").count() == 1
    assert NetworkContact.objects.filter(organisation__name="Nachbarschaftsgarten Süd").count() == 1


@postgres_only
def test_imports_into_two_projects_at_once_never_make_two_entries(committed_db):
    from tests.conftest import build_world

    world = build_world()
    batches = [
        import_services.upload(project=project, by=None, file_name="liste.csv", data=LIST.encode())
        for project in (world.project_a, world.project_b)
    ]

    def commit(index: int):
        with transaction.atomic():
            return import_services.commit(batch=batches[index], by=None)

    results = at_once(2, commit)
    refused = [r for r in results if isinstance(r, import_services.ImportRefused)]
    others = [r for r in results if isinstance(r, Exception) and r not in refused]
    assert others == []
    assert Organisation.objects.filter(name="Nachbarschaftsgarten Süd").count() == 1
    if refused:  # the loser is told in German and may simply import again
        assert "noch einmal" in refused[0].messages[0]


# --- a held lock --------------------------------------------------------------------------


@pytest.fixture
def locked_world(committed_db):
    """Committed personas; then another connection holds an exclusive lock on the network
    contacts, as a long migration or a stuck maintenance job would."""
    from tests.conftest import build_world

    world = build_world()
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    other = psycopg2.connect(**params)
    other.autocommit = False
    with other.cursor() as cursor:
        cursor.execute("LOCK TABLE contacts_networkcontact IN ACCESS EXCLUSIVE MODE")
    yield world
    other.rollback()
    other.close()


@postgres_only
def test_the_timeouts_come_from_the_connection_options(db, settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        lock = cursor.fetchone()[0]
        cursor.execute("SHOW statement_timeout")
        statement = cursor.fetchone()[0]
    assert lock == f"{settings.DB_LOCK_TIMEOUT_MS // 1000}s"
    assert statement == f"{settings.DB_STATEMENT_TIMEOUT_MS // 1000}s"


@postgres_only
def test_a_held_lock_gets_a_clear_german_answer_not_a_hanging_page(locked_world):
    world = locked_world
    browser = Client(raise_request_exception=False)
    browser.force_login(world.staff_a)
    response = browser.get(reverse("contacts:list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "bitte gleich noch einmal" in response.content.decode()


@postgres_only
def test_the_health_check_answers_while_a_table_is_locked(client, locked_world):
    assert client.get(reverse("healthcheck")).json() == {"status": "ok", "database": "ok"}


@postgres_only
def test_the_health_check_gives_up_on_a_database_that_does_not_answer(client, db, monkeypatch):
    monkeypatch.setattr("core.health.HEALTH_QUERY", "SELECT pg_sleep(30)")
    response = client.get(reverse("healthcheck"))
    assert response.status_code == 503  # after its own 2 s, not after 30
    assert response.json()["database"] == "unreachable"
