"""What a new user met on the way (issue 33, point 6) – each fixed, each a test that fails
without the fix. The browser-side ones (words broken at 1366 px, phone cards, the dashboard
at 390 px) are in tests/browser/test_followups_and_jobs.py."""

from __future__ import annotations

import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse

from contacts import services
from contacts.models import NetworkContact
from imports.models import ImportBatch
from imports.views import commit_message
from tests import factories
from tests.imports.test_import import HEADER, ROWS, csv_bytes
from tests.imports.test_import_pages import upload

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_the_staff_start_page_offers_to_record_a_network_contact(client, world):
    client.force_login(world.staff_a)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("contacts:create")}">Netzwerkkontakt anlegen' in page
    client.force_login(world.ministry)
    assert reverse("contacts:create") not in client.get(reverse("home")).content.decode()


def test_the_password_reset_page_asks_for_a_link_and_does_not_say_save(client):
    page = client.get(reverse("password_reset")).content.decode()
    button = re.search(r'<button type="submit"[^>]*>([^<]*)</button>', page).group(1)
    assert button == "Link anfordern"


def test_a_new_contacts_history_has_no_empty_change(client, world):
    contact = services.network_contact_create(
        project=world.project_a,
        organisation=factories.OrganisationFactory.build(name="Neue Tafel"),
        contact=NetworkContact(),
        by=world.staff_a,
        fields_of_action=[],
    )
    contact.fields_of_action.set([])  # saved again right after: a history row, no change
    contact.save()
    client.force_login(world.staff_a)
    history = client.get(contact.get_absolute_url()).context["history"]
    assert [entry.history_type for entry in history] == ["+"]


@pytest.mark.parametrize(
    ("persons", "text"),
    [
        (1, "1 weitere Ansprechperson,"),
        (2, "2 weitere Ansprechpersonen,"),
        (0, "0 weitere Ansprechpersonen,"),
    ],
)
def test_the_import_message_counts_persons_in_singular_and_plural(persons, text):
    counts = SimpleNamespace(created=2, updated=0, persons=persons, skipped=0)
    assert text in commit_message(counts)


def test_the_import_page_shows_no_checksum(client, world):
    upload(client, world, csv_bytes([HEADER, *ROWS]))
    batch = ImportBatch.objects.get()
    page = client.get(reverse("imports:preview", args=[batch.pk])).content.decode()
    assert "Prüfsumme" not in page
    assert batch.checksum[:12] not in page


def test_seed_demo_prints_the_address_the_server_really_uses(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", "--address", "0.0.0.0:8123", stdout=out)
    assert "Anmeldung: http://0.0.0.0:8123/konto/login/" in out.getvalue()
    assert ":8000" not in out.getvalue()


def test_make_run_passes_host_and_port_to_the_server_and_the_demo_data_and_readme_says_so():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:")[1].split("\n\n")[0]
    assert "seed_demo --address $(HOST):$(PORT)" in run
    assert "tools/run.py --host $(HOST) --port $(PORT)" in run
    assert "make run HOST=0.0.0.0 PORT=8080" in (ROOT / "README.md").read_text()
