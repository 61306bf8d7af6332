"""Login hardening: lockout after failed logins, sessions ended on password change,
password rules, and the coordination office's view of failed logins."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.factories import PASSWORD


def attempt(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_failed_logins_lock_that_user_name_from_that_address(client, world):
    for _ in range(5):
        response = attempt(client, "staff_a", "falsch-falsch-falsch")
        assert response.status_code in (200, 400, 429)
    locked = attempt(client, "staff_a", PASSWORD)
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in html
    assert "für 15 Minuten gesperrt" in html
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_block_other_users_at_the_same_address(client, world):
    for _ in range(5):
        attempt(client, "staff_a", "falsch-falsch-falsch")
    response = attempt(client, "lead_a", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.lead_a.pk)


def test_a_successful_login_resets_the_count(client, world):
    for _ in range(4):
        attempt(client, "staff_a", "falsch-falsch-falsch")
    assert attempt(client, "staff_a", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "staff_a", "falsch-falsch-falsch")
    assert attempt(client, "staff_a", PASSWORD).status_code == 302


def test_behind_our_proxy_a_lockout_is_per_client_address(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    for _ in range(5):
        attempt(attacker, "staff_a", "falsch-falsch-falsch")
    assert attempt(attacker, "staff_a", PASSWORD).status_code == 429
    # The same proxy, another client: not locked out by the attacker's failures.
    colleague = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert attempt(colleague, "staff_a", PASSWORD).status_code == 302
    # What the attacker writes into the header themselves does not reset the count.
    spoofed = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9")
    assert attempt(spoofed, "staff_a", PASSWORD).status_code == 429


def test_coordination_reads_the_failed_logins(client, world):
    attempt(Client(), "staff_a", "falsch-falsch-falsch")
    client.force_login(world.coordination)
    html = client.get(reverse("portal:login_failures")).content.decode()
    assert "staff_a" in html
    assert "127.0.0.1" in html


def test_changing_the_password_ends_the_users_other_sessions(world):
    office, phone = Client(), Client()
    for browser in (office, phone):
        assert attempt(browser, "staff_a", PASSWORD).status_code == 302
    response = office.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Neues-Passwort-2016!",
            "new_password2": "Neues-Passwort-2016!",
        },
    )
    assert response.status_code == 302
    assert office.get(reverse("contacts:list")).status_code == 200  # this session stays
    stale = phone.get(reverse("contacts:list"))
    assert stale.status_code == 302
    assert stale.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Kurz-123", "mindestens 12 Zeichen"),
        ("password1234", "zu üblich"),
        ("123456789012345", "komplett numerisch"),
    ],
)
def test_weak_passwords_are_refused_in_german(db, password, message):
    user = factories.UserFactory(username="erika.muster", first_name="Erika")
    with pytest.raises(ValidationError) as error:
        validate_password(password, user)
    assert message in " ".join(error.value.messages)
