"""The demo data: complete, idempotent, and never loaded into a production database."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.core.validators import validate_email

from contacts.models import ContactPerson
from projects.models import Membership, Operator, Project

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_fourteen_projects_and_one_login_per_role(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--quiet-logins")
    assert Project.objects.filter(is_demo=True).count() == 14
    sonneberg = Project.objects.get(slug="sonneberg")
    assert sonneberg.operators.count() == 2
    assert Project.objects.get(slug="muehlhausen").programme_line.name == "ThINKA-Plus"
    users = get_user_model().objects
    for username in ("admin", "koordination", "ministerium", "leitung.sonneberg"):
        assert users.get(username=username).check_password("ThINKA-Demo-2016")


def test_seed_demo_runs_twice_without_duplicates(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--quiet-logins")
    counts = (Project.objects.count(), Operator.objects.count(), Membership.objects.count())
    call_command("seed_demo", "--quiet-logins")
    assert (Project.objects.count(), Operator.objects.count(), Membership.objects.count()) == counts


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("seed_demo")
    assert not Project.objects.exists()


@pytest.mark.parametrize("today", ["2026-01-02", "2026-12-04", "2031-07-15"])
def test_the_demo_data_moves_with_today(settings, monkeypatch, today):
    """ "Neu in diesem Jahr" and the twelve-month chart are never empty, whenever loaded."""
    import datetime

    from django.utils import timezone

    from contacts.models import Interaction, NetworkContact

    day = datetime.date.fromisoformat(today)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    settings.DEBUG = True
    call_command("seed_demo", "--quiet-logins")
    assert NetworkContact.objects.filter(since__year=day.year, since__lte=day).count() >= 5
    year_ago = day - datetime.timedelta(days=365)
    assert Interaction.objects.filter(date__gt=year_ago, date__lte=day).count() >= 50
    assert not NetworkContact.objects.filter(since__gt=day).exists()
    assert not Interaction.objects.filter(date__gt=day).exists()


def test_every_demo_address_passes_the_forms_own_check(settings):
    """A demo person must be editable without first correcting an address the form refuses
    ("doreen.köhler@…" was)."""
    settings.DEBUG = True
    call_command("seed_demo", "--quiet-logins")
    addresses = set(ContactPerson.objects.exclude(email="").values_list("email", flat=True))
    assert len(addresses) > 10
    for address in addresses:
        validate_email(address)
