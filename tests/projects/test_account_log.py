"""Role changes on record (issue 31, point 4): creating, deactivating, role and membership
changes, second-factor reset and a password set by someone else – each an ``AccountEvent``
with who, when and what, never a secret, shown to the coordination office in the audit log.
One test per path that can change a role: the account form, the team form, the Django
admin (user, password, membership), management commands, and code calling the ORM."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from projects import services
from projects.models import AccountEvent, AccountEventKind, Membership, MembershipRole
from projects.roles import COORDINATION_GROUP, MINISTRY_GROUP
from tests import factories

pytestmark = pytest.mark.django_db

K = AccountEventKind


def _events(account=None) -> list[tuple[str, str, str]]:
    """(kind, actor, detail) oldest first, for ``account`` (else all)."""
    events = AccountEvent.objects.order_by("created_at", "pk")
    if account is not None:
        events = events.filter(account_label=account.get_username())
    return list(events.values_list("kind", "actor_label", "detail"))


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _account_form(**values) -> dict:
    return {
        "username": "neu.konto",
        "first_name": "Nora",
        "last_name": "Neu",
        "email": "nora@example.org",
        "is_active": "on",
        "global_role": "",
        **values,
    }


# --- the application's forms ----------------------------------------------------------------


def test_creating_an_account_with_a_role_is_recorded_with_who(client, world):
    AccountEvent.objects.all().delete()
    client.force_login(world.coordination)
    response = client.post(
        reverse("projects:user_create"), _account_form(global_role=COORDINATION_GROUP)
    )
    assert response.status_code == 302
    account = type(world.staff_a).objects.get(username="neu.konto")
    who = _name(world.coordination)
    assert _events(account) == [(K.CREATED, who, ""), (K.ROLE_GRANTED, who, COORDINATION_GROUP)]


def test_changing_the_role_and_deactivating_are_recorded(client, world):
    account = factories.coordination_user(username="wechsel")
    AccountEvent.objects.all().delete()
    client.force_login(world.coordination)
    url = reverse("projects:user_update", args=[account.pk])
    data = _account_form(username="wechsel", global_role=MINISTRY_GROUP)
    data.pop("is_active")  # unticked: deactivated
    assert client.post(url, data).status_code == 302
    who = _name(world.coordination)
    assert sorted(_events(account)) == sorted(
        [
            (K.DEACTIVATED, who, ""),
            (K.ROLE_GRANTED, who, MINISTRY_GROUP),
            (K.ROLE_REVOKED, who, COORDINATION_GROUP),
        ]
    )


def test_saving_an_account_unchanged_records_nothing(client, world):
    AccountEvent.objects.all().delete()
    client.force_login(world.coordination)
    url = reverse("projects:user_update", args=[world.staff_a.pk])
    data = _account_form(username="staff_a", first_name="Erika",
                         last_name=world.staff_a.last_name, email=world.staff_a.email)  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert _events() == []


def test_the_team_form_records_joining_and_leaving(client, world):
    newcomer = factories.UserFactory(username="neu_im_team")
    AccountEvent.objects.all().delete()
    client.force_login(world.lead_a)
    add = client.post(
        reverse("projects:member_add", args=[world.project_a.pk]),
        {"identifier": newcomer.username, "role": MembershipRole.STAFF},
    )
    assert add.status_code == 302, add.content.decode()[:2000]
    membership = Membership.objects.get(user=newcomer)
    client.post(reverse("projects:member_remove", args=[world.project_a.pk, membership.pk]))
    detail = f"{world.project_a.name}: Projektmitarbeiter*in"
    who = _name(world.lead_a)
    assert _events(newcomer) == [
        (K.MEMBERSHIP_ADDED, who, detail),
        (K.MEMBERSHIP_REMOVED, who, detail),
    ]


def test_resetting_a_lost_second_factor_is_recorded_and_removes_it(client, world):
    TOTPDevice.objects.create(user=world.staff_a, name="Telefon", confirmed=True)
    AccountEvent.objects.all().delete()
    client.force_login(world.coordination)
    page = client.get(reverse("projects:user_update", args=[world.staff_a.pk]))
    assert "Zweiten Faktor zurücksetzen" in page.content.decode()
    response = client.post(reverse("projects:user_second_factor_reset", args=[world.staff_a.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.staff_a).exists()
    assert _events(world.staff_a) == [(K.SECOND_FACTOR_RESET, _name(world.coordination), "")]


def test_replacing_ones_own_second_factor_is_no_reset(world):
    device = TOTPDevice.objects.create(user=world.staff_a, name="alt", confirmed=True)
    AccountEvent.objects.all().delete()
    with services.account_log.acting(world.staff_a):
        device.delete()
    assert _events() == []


def test_ones_own_password_change_is_not_an_event_but_an_administrators_is(client, world):
    AccountEvent.objects.all().delete()
    client.force_login(world.staff_a)
    response = client.post(
        reverse("password_change"),
        {"old_password": factories.PASSWORD, "new_password1": "Neues-Passwort-456",
         "new_password2": "Neues-Passwort-456"},
    )  # fmt: skip
    assert response.status_code == 302
    assert _events() == []


# --- the Django admin -----------------------------------------------------------------------


def _admin_user_form(client, account) -> dict:
    form = (
        client.get(reverse("admin:auth_user_change", args=[account.pk])).context["adminform"].form
    )
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in {"groups", "user_permissions", "password"}
    }
    data.update({"is_active": "on", "date_joined_0": "01.01.2026", "date_joined_1": "10:00:00",
                 "last_login_0": "", "last_login_1": ""})  # fmt: skip
    return data


def test_the_admin_records_a_role_and_administration_granted(client, world):
    account = factories.UserFactory(username="im_admin")
    AccountEvent.objects.all().delete()
    client.force_login(world.admin)
    data = _admin_user_form(client, account)
    data["groups"] = [Group.objects.get(name=COORDINATION_GROUP).pk]
    data["is_superuser"] = "on"
    data["is_staff"] = "on"
    response = client.post(reverse("admin:auth_user_change", args=[account.pk]), data)
    assert response.status_code == 302
    who = _name(world.admin)
    assert sorted(_events(account)) == sorted(
        [
            (K.ADMIN_GRANTED, who, ""),
            (K.STAFF_GRANTED, who, ""),
            (K.ROLE_GRANTED, who, COORDINATION_GROUP),
        ]
    )


def test_a_password_set_in_the_admin_is_recorded_without_the_password(client, world):
    AccountEvent.objects.all().delete()
    client.force_login(world.admin)
    secret = "Geheim-Passwort-789"
    response = client.post(
        reverse("admin:auth_user_password_change", args=[world.staff_a.pk]),
        {"password1": secret, "password2": secret, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert _events(world.staff_a) == [(K.PASSWORD_SET, _name(world.admin), "")]
    world.staff_a.refresh_from_db()
    stored = " ".join(str(v) for v in AccountEvent.objects.values_list(
        "detail", "actor_label", "account_label", "kind").first())  # fmt: skip
    assert secret not in stored
    assert world.staff_a.password not in stored


def test_the_admin_records_memberships_added_and_their_role_changed(client, world):
    account = factories.UserFactory(username="per_admin")
    AccountEvent.objects.all().delete()
    client.force_login(world.admin)
    add = client.post(
        reverse("admin:projects_membership_add"),
        {"user": account.pk, "project": world.project_a.pk, "role": MembershipRole.STAFF},
    )
    assert add.status_code == 302
    membership = Membership.objects.get(user=account)
    change = client.post(
        reverse("admin:projects_membership_change", args=[membership.pk]),
        {"user": account.pk, "project": world.project_a.pk, "role": MembershipRole.LEAD},
    )
    assert change.status_code == 302
    who = _name(world.admin)
    assert _events(account) == [
        (K.MEMBERSHIP_ADDED, who, f"{world.project_a.name}: Projektmitarbeiter*in"),
        (K.MEMBERSHIP_CHANGED, who, f"{world.project_a.name}: Projektleitung"),
    ]


# --- management commands and code ---------------------------------------------------------


def test_createsuperuser_is_recorded_as_the_command_line(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Kommando-Passwort-1")
    call_command("createsuperuser", "--noinput", username="root2", email="root2@example.org")
    assert _events() == [(K.CREATED, "Kommandozeile / System", "Administration, Django-Admin")]


def test_changepassword_is_recorded_as_the_command_line(world, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "Kommando-Passwort-2")
    AccountEvent.objects.all().delete()
    call_command("changepassword", "staff_a")
    assert _events(world.staff_a) == [(K.PASSWORD_SET, "Kommandozeile / System", "")]


def test_seed_demo_records_the_demo_roles(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--quiet-logins")
    kinds = {(kind, detail) for kind, _who, detail in _events()}
    assert (K.ROLE_GRANTED, COORDINATION_GROUP) in kinds
    assert (K.ROLE_GRANTED, MINISTRY_GROUP) in kinds


def test_a_group_filled_from_its_own_side_is_recorded_per_account(world):
    AccountEvent.objects.all().delete()
    group = Group.objects.get(name=COORDINATION_GROUP)
    group.user_set.add(world.staff_b)
    group.user_set.remove(world.staff_b, world.staff_a)  # staff_a was never in it
    assert _events() == [
        (K.ROLE_GRANTED, "Kommandozeile / System", COORDINATION_GROUP),
        (K.ROLE_REVOKED, "Kommandozeile / System", COORDINATION_GROUP),
    ]


def test_the_service_names_the_acting_user(world):
    AccountEvent.objects.all().delete()
    services.user_set_global_role(account=world.staff_b, role=COORDINATION_GROUP, by=world.admin)
    assert _events(world.staff_b) == [(K.ROLE_GRANTED, _name(world.admin), COORDINATION_GROUP)]


# --- shown to the coordination office -------------------------------------------------------


def test_the_audit_log_shows_role_changes_to_the_coordination_office(client, world):
    services.user_set_global_role(account=world.staff_b, role=COORDINATION_GROUP, by=world.admin)
    client.force_login(world.coordination)
    for query in ({}, {"model": "projects.AccountEvent"}):
        page = client.get(reverse("portal:audit_log"), query).content.decode()
        assert "Rolle erteilt" in page
        assert "staff_b" in page
    client.force_login(world.ministry)
    assert client.get(reverse("portal:audit_log")).status_code == 403


def test_deleting_an_account_with_memberships_and_a_second_factor_is_recorded(client, world):
    TOTPDevice.objects.create(user=world.staff_a, name="Telefon", confirmed=True)
    AccountEvent.objects.all().delete()
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:auth_user_delete", args=[world.staff_a.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    kinds = {kind for kind, _who, _detail in _events()}
    assert K.DELETED in kinds
    assert K.MEMBERSHIP_REMOVED in kinds
    assert AccountEvent.objects.filter(kind=K.DELETED, detail="staff_a").exists()
