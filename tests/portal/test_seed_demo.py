"""The demo data: complete, idempotent, and never loaded into a production database."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

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
