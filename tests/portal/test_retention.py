"""Deletion by rule (issue 31, point 2): each class of the deletion concept with its start
event and period from the settings; the queue lists what is due; deletion of persons goes
through the Art. 17 machinery (history included) and every deletion is logged without
personal data."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import ContactPerson, ContactStatus, Interaction, PrivacyAction, PrivacyLog
from portal import retention
from portal.models import DeletionLog
from reports.models import ExportLog, FinalReport
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _due() -> dict[str, int]:
    return {item.code: count for item, count in retention.queue()}


def _ended(world, years_ago: float):
    contact = factories.NetworkContactFactory(
        project=world.project_a,
        status=ContactStatus.ENDED,
        ended_on=TODAY - datetime.timedelta(days=int(365.25 * years_ago)),
    )
    return factories.ContactPersonFactory(network_contact=contact, name="Ida Ende")


def test_persons_are_due_the_set_years_after_their_contact_ended(world, settings):
    settings.THINKA_RETENTION_YEARS = 3
    old = _ended(world, 3.1)
    _ended(world, 2.9)
    assert _due()["persons_ended"] == 1
    settings.THINKA_RETENTION_YEARS = 2
    assert _due()["persons_ended"] == 2
    assert old in retention.by_code("persons_ended").due(TODAY)


def test_persons_are_due_the_set_days_after_consent_was_withdrawn(world, settings):
    settings.THINKA_RETENTION_WITHDRAWN_DAYS = 30
    person = world.person_a
    person.consent_withdrawn_on = TODAY - datetime.timedelta(days=31)
    person.save()
    world.person_b.consent_withdrawn_on = TODAY - datetime.timedelta(days=29)
    world.person_b.save()
    assert _due()["persons_withdrawn"] == 1


def test_deleting_due_persons_uses_art_17_with_history_and_logs_no_personal_data(
    client, world, settings
):
    settings.THINKA_RETENTION_YEARS = 3
    person = _ended(world, 4)
    person.phone = "03675 999999"
    person.save()
    client.force_login(world.coordination)
    confirm = client.get(reverse("portal:retention_delete", args=["persons_ended"]))
    assert "1 Einträge" in confirm.content.decode()
    response = client.post(reverse("portal:retention_delete", args=["persons_ended"]))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == ContactPerson.ERASED_NAME
    assert person.erased_at is not None
    assert not person.history.filter(name="Ida Ende").exists()
    assert not person.history.filter(phone="03675 999999").exists()
    assert PrivacyLog.objects.filter(action=PrivacyAction.RETENTION, person_id=person.pk).exists()
    log = DeletionLog.objects.get()
    assert (log.retention_class, log.count, log.user) == ("persons_ended", 1, world.coordination)
    logged = " ".join(str(value) for value in DeletionLog.objects.values().get().values())
    assert "Ida" not in logged
    assert "999999" not in logged
    assert _due()["persons_ended"] == 0  # erased ones are never due again


def test_old_contact_history_loses_its_free_text_not_its_date(world, settings, client):
    settings.THINKA_RETENTION_NOTES_YEARS = 5
    old = factories.InteractionFactory(
        network_contact=world.contact_a,
        date=TODAY - datetime.timedelta(days=6 * 365),
        result="Frau Beck sagte zu.",
    )
    recent = factories.InteractionFactory(
        network_contact=world.contact_a, date=TODAY, result="Herr Ohm rief an."
    )
    assert _due()["interaction_notes"] == 1
    client.force_login(world.coordination)
    client.post(reverse("portal:retention_delete", args=["interaction_notes"]))
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.result, old.date) == ("", TODAY - datetime.timedelta(days=6 * 365))
    assert recent.result == "Herr Ohm rief an."
    assert not Interaction.history.filter(result__contains="Beck").exists()


def test_export_logs_are_deleted_after_their_period(world, settings, client):
    settings.THINKA_RETENTION_EXPORT_LOG_YEARS = 3
    old = ExportLog.objects.create(user=world.staff_a, user_label="x", kind="list")
    ExportLog.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=4 * 365)
    )
    ExportLog.objects.create(user=world.staff_a, user_label="y", kind="list")
    assert _due()["export_logs"] == 1
    client.force_login(world.coordination)
    client.post(reverse("portal:retention_delete", args=["export_logs"]))
    assert ExportLog.objects.count() == 1


def test_closed_reports_are_kept_for_the_funding_period_and_its_years(settings):
    end = TODAY - datetime.timedelta(days=400)
    inside = FinalReport.objects.create(
        period_start=end - datetime.timedelta(days=180), period_end=end, period_label="H",
        workbook=b"", closed_by_label="x",
    )  # fmt: skip
    settings.THINKA_FUNDING_PERIOD_END = ""
    assert _due()["final_reports"] == 0  # the funding period's end not yet known
    settings.THINKA_FUNDING_PERIOD_END = end.isoformat()
    settings.THINKA_RETENTION_FINAL_REPORT_YEARS = 10
    assert _due()["final_reports"] == 0  # kept ten years after the funding period
    settings.THINKA_RETENTION_FINAL_REPORT_YEARS = 1
    assert list(retention.by_code("final_reports").due(TODAY)) == [inside]


def test_uploads_are_listed_but_deleted_by_their_own_rule(client, world, settings):
    settings.THINKA_UPLOAD_RETENTION_DAYS = 30  # the upload rule's setting (issue 32)
    item = retention.by_code("import_uploads")
    assert item.delete is None
    assert item.setting == "THINKA_UPLOAD_RETENTION_DAYS"
    assert item.period == "30 Tage"
    client.force_login(world.coordination)
    assert (
        client.get(reverse("portal:retention_delete", args=["import_uploads"])).status_code == 404
    )


def test_the_queue_shows_every_class_to_the_coordination_office_only(client, world):
    client.force_login(world.coordination)
    page = client.get(reverse("portal:retention")).content.decode()
    for item in retention.classes():
        assert item.data in page
        assert item.setting in page
    for role in ("lead_a", "ministry"):
        client.force_login(getattr(world, role))
        assert client.get(reverse("portal:retention")).status_code == 403


def _age(model, pk: int, field: str, days: int) -> None:
    model.objects.filter(pk=pk).update(**{field: timezone.now() - datetime.timedelta(days=days)})


def test_account_events_are_deleted_the_set_years_after_the_change(world, settings, client):
    from projects import services
    from projects.models import AccountEvent
    from projects.roles import COORDINATION_GROUP

    services.user_set_global_role(account=world.staff_b, role=COORDINATION_GROUP, by=world.admin)
    old = AccountEvent.objects.latest("pk")
    _age(AccountEvent, old.pk, "created_at", 4 * 365)
    kept = AccountEvent.objects.count() - 1
    settings.THINKA_RETENTION_ACCOUNT_EVENT_YEARS = 5
    assert _due()["account_events"] == 0
    settings.THINKA_RETENTION_ACCOUNT_EVENT_YEARS = 3
    assert _due()["account_events"] == 1
    client.force_login(world.coordination)
    client.post(reverse("portal:retention_delete", args=["account_events"]))
    assert not AccountEvent.objects.filter(pk=old.pk).exists()
    # the deletion itself adds no account event; the rest stays
    assert AccountEvent.objects.count() == kept
    assert DeletionLog.objects.get().retention_class == "account_events"


def test_failed_logins_and_lockout_counters_go_after_their_days(world, settings, client):
    from axes.models import AccessAttempt, AccessFailureLog

    def failure(days: int) -> None:
        log = AccessFailureLog.objects.create(username="ada", ip_address="10.0.0.1")
        attempt = AccessAttempt.objects.create(
            username=f"ada{days}", ip_address="10.0.0.1", failures_since_start=1
        )
        _age(AccessFailureLog, log.pk, "attempt_time", days)
        if days:  # django-axes itself drops counters older than its cool-off at each login
            _age(AccessAttempt, attempt.pk, "attempt_time", days)

    failure(100)
    failure(0)
    settings.THINKA_RETENTION_FAILED_LOGIN_DAYS = 90
    assert _due()["failed_logins"] == 1
    client.force_login(world.coordination)
    client.post(reverse("portal:retention_delete", args=["failed_logins"]))
    assert AccessFailureLog.objects.count() == 1
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["ada0"]


def test_answered_feedback_goes_with_its_history_unanswered_stays(world, settings, client):
    from portal.models import AccessibilityFeedback

    answered = AccessibilityFeedback.objects.create(
        name="Uta Ufer", email="uta@example.org", message="Kontrast", answered=True
    )
    waiting = AccessibilityFeedback.objects.create(email="x@example.org", message="Fokus")
    recent = AccessibilityFeedback.objects.create(message="Neu", answered=True)
    for item in (answered, waiting):
        _age(AccessibilityFeedback, item.pk, "created_at", 400)
    settings.THINKA_RETENTION_FEEDBACK_MONTHS = 12
    assert _due()["accessibility_feedback"] == 1
    client.force_login(world.coordination)
    client.post(reverse("portal:retention_delete", args=["accessibility_feedback"]))
    assert set(AccessibilityFeedback.objects.all()) == {waiting, recent}
    assert not AccessibilityFeedback.history.filter(email="uta@example.org").exists()
    assert DeletionLog.objects.get().count == 1
