"""Account pages that tell an attacker nothing (issue 19): password spraying is locked out
per address, a password reset answers alike for known and unknown addresses and is
throttled, and a mail server that does not answer never makes a server error."""

from __future__ import annotations

import smtplib
import statistics
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.factories import NEW_ACCOUNT, PASSWORD


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def smtp_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)


def reset(client: Client, email: str):
    return client.post(reverse("password_reset"), {"email": email})


# --- password spraying --------------------------------------------------------------------


def test_one_address_trying_many_accounts_is_locked_out(client, world, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    accounts = [factories.UserFactory(username=f"opfer{n}") for n in range(3)]
    for account in accounts:  # 2 guesses per account: below the per-account lock of 5
        for guess in ("Sommer2026!", "Thueringen1"):
            response = client.post(
                reverse("login"), {"username": account.username, "password": guess}
            )
            assert response.status_code in (200, 400)
    locked = client.post(reverse("login"), {"username": "lead_a", "password": PASSWORD})
    assert locked.status_code == 429
    assert "auch für verschiedene Benutzernamen" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    other_address = Client(REMOTE_ADDR="10.0.0.99")
    ok = other_address.post(reverse("login"), {"username": "lead_a", "password": PASSWORD})
    assert ok.status_code == 302


def test_the_coordination_office_sees_the_locked_address(client, world, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    spray = Client()
    for n in range(3):
        spray.post(reverse("login"), {"username": f"niemand{n}", "password": "x"})
    client.force_login(world.coordination)
    page = client.get(reverse("portal:login_failures")).content.decode()
    assert "Gerade gesperrte Adressen" in page
    assert "127.0.0.1: 3 Fehlversuche" in page


# --- password reset -----------------------------------------------------------------------


def test_a_reset_is_sent_after_the_answer_for_a_known_address(client, world):
    response = reset(client, world.staff_a.email)
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1  # the test client closes the response, as a server does
    assert world.staff_a.email in mail.outbox[0].to


def test_known_and_unknown_addresses_get_the_same_answer_with_the_same_work(client, world):
    with CaptureQueriesContext(connection) as known_queries:
        known = Client().post(reverse("password_reset"), {"email": world.staff_a.email})
    with CaptureQueriesContext(connection) as unknown_queries:
        unknown = Client().post(reverse("password_reset"), {"email": "niemand@example.org"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert known.content == unknown.content
    # The lookup and the mail run after the answer: only there do the two differ.
    in_request = [q for q in known_queries.captured_queries if "auth_user" in q["sql"]]
    assert len(known_queries) - len(in_request) == len(unknown_queries) - len(
        [q for q in unknown_queries.captured_queries if "auth_user" in q["sql"]]
    )


def test_the_answer_time_does_not_tell_known_from_unknown_addresses(world, monkeypatch):
    """Measured by distribution, not against a threshold: the answers for a known address
    must not be systematically slower than those for an unknown one."""
    from django.http import HttpResponseBase

    answered: list[float] = []
    original_close = HttpResponseBase.close

    def close(self):
        answered.append(time.perf_counter())  # the answer is complete; mail work follows
        original_close(self)

    monkeypatch.setattr(HttpResponseBase, "close", close)

    def sample(email: str) -> float:
        cache.clear()
        started = time.perf_counter()
        Client().post(reverse("password_reset"), {"email": email})
        return answered[-1] - started

    known, unknown = [], []
    for _ in range(25):
        known.append(sample(world.staff_a.email))
        unknown.append(sample("niemand@example.org"))
    # Probability that a known answer is slower than an unknown one (Mann–Whitney U / n·m):
    # 1.0 before the change (the mail was written inside the request), 0.5 when alike.
    slower = sum(k > u for k in known for u in unknown) / (len(known) * len(unknown))
    print(
        f"Antwortzeit bekannt {statistics.median(known) * 1000:.1f} ms, "
        f"unbekannt {statistics.median(unknown) * 1000:.1f} ms, P(bekannt langsamer) {slower:.2f}"
    )
    assert 0.15 < slower < 0.85


def test_resets_are_limited_per_address_with_a_german_message(client, world, settings):
    settings.PASSWORD_RESET_PER_ADDRESS = 2
    for _ in range(2):
        assert reset(Client(REMOTE_ADDR="10.0.0.1"), world.staff_a.email).status_code == 302
    refused = reset(Client(REMOTE_ADDR="10.0.0.2"), world.staff_a.email)
    assert refused.status_code == 429
    assert "zu viele Links zum Zurücksetzen" in refused.content.decode()
    assert len(mail.outbox) == 2


def test_resets_are_limited_per_client_address_across_accounts(world, settings):
    settings.PASSWORD_RESET_PER_CLIENT = 3
    client = Client(REMOTE_ADDR="10.0.0.7")
    for n in range(3):
        assert reset(client, f"person{n}@example.org").status_code == 302
    assert reset(client, world.staff_a.email).status_code == 429
    assert mail.outbox == []


def test_a_reset_while_the_mail_server_is_down_answers_normally(client, world, smtp_down, caplog):
    response = reset(client, world.staff_a.email)
    assert response.status_code == 302
    assert "Mailserver antwortet nicht" in caplog.text


# --- new accounts -------------------------------------------------------------------------


def _new_account(client):
    return client.post(
        reverse("projects:user_create"),
        NEW_ACCOUNT,
        follow=True,
    )


def test_a_new_account_gets_its_link(client, world):
    client.force_login(world.coordination)
    page = _new_account(client)
    assert page.status_code == 200
    assert "Nora Neu erhält eine E-Mail" in page.content.decode()
    assert mail.outbox[0].to == ["neu.gera@example.org"]


def test_a_new_account_is_saved_even_when_the_mail_server_is_down(client, world, smtp_down, caplog):
    client.force_login(world.coordination)
    page = _new_account(client)
    assert page.status_code == 200
    html = page.content.decode()
    assert "konnte nicht gesendet werden" in html
    account = type(world.staff_a).objects.get(username="neu.gera")
    assert not account.has_usable_password()
    assert "nicht gesendet" in caplog.text


def test_the_link_can_be_sent_again(client, world):
    client.force_login(world.coordination)
    edit = client.get(reverse("projects:user_update", kwargs={"pk": world.staff_a.pk}))
    assert "Link erneut senden" in edit.content.decode()
    response = client.post(
        reverse("projects:user_send_link", kwargs={"pk": world.staff_a.pk}), follow=True
    )
    assert response.status_code == 200
    assert mail.outbox[-1].to == [world.staff_a.email]
