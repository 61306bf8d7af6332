"""The weekly digest by e-mail (issue 33, point 3) and the daily jobs that send it."""

from __future__ import annotations

import datetime
import email
import io
from email import policy

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from contacts.models import NetworkContact
from imports.models import ImportBatch, ImportStatus
from portal import digest, tasks
from portal.models import DigestPreference, Weekday
from tests import factories

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
MONDAY = datetime.date(2026, 12, 7)


@pytest.fixture
def due(world):
    """An overdue follow-up in A and one in B, and a partner of A quiet for a year."""
    today = timezone.localdate()
    factories.InteractionFactory(
        network_contact=world.contact_a,
        date=today - 10 * DAY,
        follow_up_on=today - 2 * DAY,
        occasion="Angebot nachfassen",
    )
    factories.InteractionFactory(
        network_contact=world.contact_b,
        date=today - 10 * DAY,
        follow_up_on=today - 2 * DAY,
        occasion="Fremde Wiedervorlage",
    )
    quiet = factories.NetworkContactFactory(
        project=world.project_a, organisation=factories.OrganisationFactory(name="Stille Tafel")
    )
    NetworkContact.objects.filter(pk=quiet.pk).update(
        created_at=timezone.now() - 400 * DAY, last_interaction_on=today - 380 * DAY
    )
    return quiet


def test_a_digest_lists_ones_follow_ups_and_quiet_partners_with_links_in_text_and_html(
    world, due, settings
):
    settings.SITE_URL = "https://netzwerk.example.org"
    message = digest.message_for(digest.digest_for(world.staff_a))
    html = message.alternatives[0].content
    for body in (message.body, html):
        assert "Jobcenter Sonneberg" in body
        assert "Angebot nachfassen" in body
        assert "Stille Tafel" in body
        assert f"https://netzwerk.example.org{world.contact_a.get_absolute_url()}" in body
        assert "überfällig" in body
        # Nothing of project B, no contact person.
        assert "Fremde Wiedervorlage" not in body
        assert "Tafel Nordhausen" not in body
        assert world.person_a.name not in body
    assert message.subject.startswith("ThINKA Netzwerk: Ihre Wochenübersicht vom ")
    assert message.to == [world.staff_a.email]


def test_the_daily_run_sends_on_each_persons_day_once_and_never_to_a_deactivated_account(
    world, due
):
    DigestPreference.objects.create(user=world.lead_a, weekday=Weekday.TUESDAY)
    world.staff_b.is_active = False
    world.staff_b.save()
    factories.InteractionFactory(
        network_contact=world.contact_b, follow_up_on=timezone.localdate() + DAY
    )
    recipients = [user.username for user in digest.due_today(MONDAY)]
    assert recipients == ["staff_a"]  # lead_a chose Tuesday; staff_b is deactivated
    assert tasks.run_daily_jobs(MONDAY)["digests"] == 1
    assert [m.to for m in mail.outbox] == [[world.staff_a.email]]
    assert tasks.run_daily_jobs(MONDAY)["digests"] == 0  # not twice on one day
    tuesday = [user.username for user in digest.due_today(MONDAY + DAY)]
    assert tuesday == ["lead_a"]


def test_a_deactivated_account_gets_no_digest_even_when_asked_for_by_name(world, due):
    world.staff_a.is_active = False
    world.staff_a.save()
    assert digest.send_digests([world.staff_a]) == 0
    assert mail.outbox == []


def test_turning_the_digest_off_in_the_profile_stops_it(client, world, due):
    client.force_login(world.staff_a)
    response = client.post(reverse("profile"), {"weekday": Weekday.MONDAY})  # "enabled" unticked
    assert response.status_code == 302
    assert not DigestPreference.objects.get(user=world.staff_a).enabled
    assert world.staff_a not in digest.due_today(MONDAY)
    assert world.lead_a in digest.due_today(MONDAY)


def test_the_profile_previews_ones_own_digest(client, world, due):
    client.force_login(world.staff_a)
    page = client.get(reverse("profile")).content.decode()
    assert "Vorschau Ihrer Wochenübersicht" in page
    assert "Angebot nachfassen" in page
    assert "Fremde Wiedervorlage" not in page


def test_the_digest_command_prints_a_users_digest_as_an_email(world, due):
    out = io.StringIO()
    call_command("digest", "staff_a", stdout=out)
    printed = email.message_from_string(out.getvalue().split("\n---")[0], policy=policy.default)
    assert printed["Subject"].startswith("ThINKA Netzwerk: Ihre Wochenübersicht vom ")
    text = printed.get_body(("plain",)).get_content()
    html = printed.get_body(("html",)).get_content()
    assert "Angebot nachfassen" in text
    assert "Angebot nachfassen" in html
    assert mail.outbox == []


def test_the_daily_run_expires_unfinished_imports_after_the_set_days(world, settings):
    settings.IMPORT_DRAFT_DAYS = 14
    old = ImportBatch.objects.create(
        project=world.project_a, file_name="alt.xlsx", checksum="x", content=b"Anna Amsel"
    )
    fresh = ImportBatch.objects.create(
        project=world.project_a, file_name="neu.xlsx", checksum="y", content=b"..."
    )
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - 15 * DAY)
    assert tasks.run_daily_jobs(MONDAY)["expired_imports"] == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, bytes(old.content)) == (ImportStatus.EXPIRED, b"")
    assert fresh.status == ImportStatus.DRAFT


def test_the_next_daily_run_is_at_the_set_hour(settings):
    settings.DAILY_JOBS_HOUR = 6
    berlin = timezone.get_current_timezone()
    early = datetime.datetime(2026, 12, 7, 5, 0, tzinfo=berlin)
    late = datetime.datetime(2026, 12, 7, 7, 0, tzinfo=berlin)
    assert tasks.next_run(early) == datetime.datetime(2026, 12, 7, 6, 0, tzinfo=berlin)
    assert tasks.next_run(late) == datetime.datetime(2026, 12, 8, 6, 0, tzinfo=berlin)


def test_the_digest_counts_persons_still_to_be_informed_without_naming_them(world):
    """Art. 14 DSGVO (issue 31): persons whose data did not come from them and who were not
    informed – by organisation and link, never the name."""
    from contacts.models import ContactPerson

    ContactPerson.objects.filter(pk=world.person_a.pk).update(
        source="imported", informed_on=None, information_exemption=""
    )
    message = digest.message_for(digest.digest_for(world.staff_a))
    assert "1 Ansprechperson noch nicht informiert" in message.body
    assert "Noch zu informieren (Art. 14 DSGVO)" in message.body
    assert world.person_a.name not in message.body
    assert world.person_b.name not in message.body
