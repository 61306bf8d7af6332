"""Second factor (TOTP): set up, asked after the password, required for coordination."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def login(client: Client, username: str):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def set_up(client: Client, user) -> TOTPDevice:
    client.force_login(user)
    page = client.get(reverse("two_factor_setup"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("two_factor_setup"), {"token": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_setting_up_needs_a_correct_code(client, world):
    client.force_login(world.staff_a)
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"token": "000000"})
    assert response.status_code == 400
    assert "Der Code stimmt nicht." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.staff_a, confirmed=True).exists()


def test_after_the_password_the_code_is_asked_before_any_page(world):
    device = set_up(Client(), world.staff_a)
    browser = Client()
    login(browser, "staff_a")
    response = browser.get(reverse("contacts:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_verify"))
    assert browser.post(response.url, {"token": "123456", "next": "/netzwerk/"}).status_code == 400
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # wrong codes slow down guessing
    device.throttle_reset(commit=False)
    device.last_t = -1  # allow the same time step again in this test
    device.save()
    done = browser.post(response.url, {"token": current_code(device), "next": "/netzwerk/"})
    assert done.url == "/netzwerk/"
    assert browser.get(reverse("contacts:list")).status_code == 200


def test_verify_only_redirects_to_this_site(world):
    device = set_up(Client(), world.staff_a)
    browser = Client()
    login(browser, "staff_a")
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    response = browser.post(
        reverse("two_factor_verify"),
        {"token": current_code(device), "next": "https://evil.example/"},
    )
    assert response.url == "/"


@pytest.mark.parametrize(
    ("role", "required"), [("coordination", True), ("admin", True), ("staff_a", False)]
)
def test_required_second_factor_for_coordination_and_administrators(
    client, world, settings, role, required
):
    settings.REQUIRE_2FA = True
    client.force_login(world.user(role))
    response = client.get(reverse("home"))
    if required:
        assert response.status_code == 302
        assert response.url == reverse("two_factor_setup")
    else:
        assert response.status_code == 200


def test_without_a_device_nothing_changes(client, world):
    client.force_login(world.coordination)
    assert client.get(reverse("home")).status_code == 200


def _password_only(world) -> tuple[Client, TOTPDevice]:
    """Someone who knows the password, not the code: signed in, second factor not given."""
    device = set_up(Client(), world.staff_a)
    browser = Client()
    login(browser, "staff_a")
    return browser, device


@pytest.mark.parametrize(
    ("method", "name", "data"),
    [
        ("get", "password_change", {}),
        (
            "post",
            "password_change",
            {
                "old_password": PASSWORD,
                "new_password1": "Neu-2026-x!",
                "new_password2": "Neu-2026-x!",
            },
        ),
        ("get", "password_change_done", {}),
        ("get", "two_factor_setup", {}),
        ("post", "two_factor_setup", {"token": "123456"}),
        ("get", "home", {}),
    ],
)
def test_the_password_alone_opens_no_account_page(world, method, name, data):
    browser, _device = _password_only(world)
    response = getattr(browser, method)(reverse(name), data)
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_verify"))
    world.staff_a.refresh_from_db()
    assert world.staff_a.check_password(PASSWORD)  # not changed by the stolen password


@pytest.mark.parametrize(
    "name", ["two_factor_verify", "password_reset", "password_reset_done", "login"]
)
def test_signing_in_and_resetting_stay_open_before_the_code(world, name):
    browser, _device = _password_only(world)
    assert browser.get(reverse(name)).status_code == 200


def test_logout_and_the_language_switch_stay_open_before_the_code(world):
    browser, _device = _password_only(world)
    assert browser.post(reverse("set_language"), {"language": "en"}).status_code == 302
    assert browser.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in browser.session
