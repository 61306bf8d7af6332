"""Deletion by rule (issue 31, point 2): the classes of the deletion concept, each with its
data, start event and period (settings, see thinka_site/settings.py and
docs/verarbeitungsverzeichnis.md "Löschkonzept"), what is due today, and how it goes.

Contact persons go through the Art. 17 machinery (``contacts.privacy.erase``: the record and
its history); every deletion is logged as class and count, without personal data.
Uploaded import files are deleted by their own rule (THINKA_UPLOAD_RETENTION_DAYS and
``manage.py purge_uploads``, issue 32): listed here so the concept is whole, never deleted a
second way.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts import privacy
from contacts.quality import years_before
from core.actors import display_name
from imports.models import ImportBatch
from portal.models import AccessibilityFeedback, DeletionLog
from projects.models import AccountEvent
from reports.models import ExportLog, FinalReport

DEFAULT_UPLOAD_DAYS = 90  # the upload rule's default, should its setting be missing


@dataclass(frozen=True)
class RetentionClass:
    code: str
    data: str
    start: str
    period: str
    setting: str
    due: Callable[[datetime.date], QuerySet]
    delete: Callable[..., int] | None  # None: deleted elsewhere (named in ``note``)
    note: str = ""


def _funding_end() -> datetime.date | None:
    value = settings.THINKA_FUNDING_PERIOD_END
    return datetime.date.fromisoformat(value) if value else None


def _final_reports_due(today: datetime.date) -> QuerySet[FinalReport]:
    end = _funding_end()
    if end is None or today <= years_before(end, -settings.THINKA_RETENTION_FINAL_REPORT_YEARS):
        return FinalReport.objects.none()
    return FinalReport.objects.filter(period_end__lte=end)


def _export_logs_due(today: datetime.date) -> QuerySet[ExportLog]:
    cutoff = years_before(today, settings.THINKA_RETENTION_EXPORT_LOG_YEARS)
    return ExportLog.objects.filter(created_at__date__lt=cutoff)


def _upload_days() -> int:
    days: int = getattr(settings, "THINKA_UPLOAD_RETENTION_DAYS", DEFAULT_UPLOAD_DAYS)
    return days


def _uploads_due(today: datetime.date) -> QuerySet[ImportBatch]:
    cutoff = today - datetime.timedelta(days=_upload_days())
    return ImportBatch.objects.filter(created_at__date__lt=cutoff).exclude(content=b"")


def _delete_rows(queryset: QuerySet, by: User) -> int:
    return queryset.delete()[0]


def _account_events_due(today: datetime.date) -> QuerySet[AccountEvent]:
    cutoff = years_before(today, settings.THINKA_RETENTION_ACCOUNT_EVENT_YEARS)
    return AccountEvent.objects.filter(created_at__date__lt=cutoff)


def _failure_cutoff(today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=settings.THINKA_RETENTION_FAILED_LOGIN_DAYS)


def _failed_logins_due(today: datetime.date) -> QuerySet[AccessFailureLog]:
    return AccessFailureLog.objects.filter(attempt_time__date__lt=_failure_cutoff(today))


def _delete_failed_logins(queryset: QuerySet[AccessFailureLog], by: User) -> int:
    """The failure log and django-axes' lockout counters of the same age (both hold user
    names and addresses)."""
    AccessAttempt.objects.filter(
        attempt_time__date__lt=_failure_cutoff(timezone.localdate())
    ).delete()
    return queryset.delete()[0]


def _feedback_due(today: datetime.date) -> QuerySet[AccessibilityFeedback]:
    """Answered feedback, the set months after it arrived; unanswered feedback stays."""
    cutoff = today - datetime.timedelta(
        days=round(30.44 * settings.THINKA_RETENTION_FEEDBACK_MONTHS)
    )
    return AccessibilityFeedback.objects.filter(answered=True, created_at__date__lt=cutoff)


def _delete_feedback(queryset: QuerySet[AccessibilityFeedback], by: User) -> int:
    """The messages and their change history (which repeats name, address and text)."""
    ids = list(queryset.values_list("pk", flat=True))
    count = AccessibilityFeedback.objects.filter(pk__in=ids).delete()[0]
    # after the rows: deleting writes one more history entry ("-") with the same values
    AccessibilityFeedback.history.filter(id__in=ids).delete()
    return count


def classes() -> list[RetentionClass]:
    return [
        RetentionClass(
            "persons_ended",
            str(_("Ansprechpersonen eines beendeten Netzwerkkontakts")),
            str(_("„beendet am“ des Netzwerkkontakts")),
            str(_("%(n)s Jahre") % {"n": settings.THINKA_RETENTION_YEARS}),
            "THINKA_RETENTION_YEARS",
            privacy.persons_due_after_contact_ended,
            lambda queryset, by: privacy.erase_persons_by_rule(persons=queryset, by=by),
            str(_("Löschung nach Art. 17 DSGVO, auch im Änderungsverlauf")),
        ),
        RetentionClass(
            "persons_withdrawn",
            str(_("Ansprechpersonen nach Widerruf der Einwilligung oder Widerspruch")),
            str(_("„Einwilligung widerrufen / Widerspruch am“")),
            str(_("%(n)s Tage") % {"n": settings.THINKA_RETENTION_WITHDRAWN_DAYS}),
            "THINKA_RETENTION_WITHDRAWN_DAYS",
            privacy.persons_due_after_withdrawal,
            lambda queryset, by: privacy.erase_persons_by_rule(persons=queryset, by=by),
            str(_("Löschung nach Art. 17 DSGVO, auch im Änderungsverlauf")),
        ),
        RetentionClass(
            "interaction_notes",
            str(_("Freitext „Ergebnis“ im Kontaktverlauf")),
            str(_("Datum des Kontakts")),
            str(_("%(n)s Jahre") % {"n": settings.THINKA_RETENTION_NOTES_YEARS}),
            "THINKA_RETENTION_NOTES_YEARS",
            privacy.interaction_notes_due,
            lambda queryset, by: privacy.erase_interaction_notes(interactions=queryset, by=by),
            str(_("Text geleert, auch im Änderungsverlauf; Datum und Kontaktweg bleiben")),
        ),
        RetentionClass(
            "import_uploads",
            str(_("Hochgeladene Importdateien")),
            str(_("Hochladen")),
            str(_("%(n)s Tage") % {"n": _upload_days()}),
            "THINKA_UPLOAD_RETENTION_DAYS",
            _uploads_due,
            None,
            str(_("gelöscht durch die eigene Regel des Imports (manage.py purge_uploads)")),
        ),
        RetentionClass(
            "export_logs",
            str(_("Protokoll der Exporte")),
            str(_("Zeitpunkt des Exports")),
            str(_("%(n)s Jahre") % {"n": settings.THINKA_RETENTION_EXPORT_LOG_YEARS}),
            "THINKA_RETENTION_EXPORT_LOG_YEARS",
            _export_logs_due,
            _delete_rows,
        ),
        RetentionClass(
            "final_reports",
            str(_("Abgeschlossene Berichte")),
            str(_("Ende des Förderzeitraums (THINKA_FUNDING_PERIOD_END)")),
            str(_("%(n)s Jahre") % {"n": settings.THINKA_RETENTION_FINAL_REPORT_YEARS}),
            "THINKA_RETENTION_FINAL_REPORT_YEARS",
            _final_reports_due,
            _delete_rows,
            ""
            if _funding_end()
            else str(_("Ende des Förderzeitraums nicht eingetragen: nichts ist fällig")),
        ),
        RetentionClass(
            "account_events",
            str(_("Kontoänderungen (Rollen, Mitgliedschaften, zweiter Faktor)")),
            str(_("Zeitpunkt der Änderung")),
            str(_("%(n)s Jahre") % {"n": settings.THINKA_RETENTION_ACCOUNT_EVENT_YEARS}),
            "THINKA_RETENTION_ACCOUNT_EVENT_YEARS",
            _account_events_due,
            _delete_rows,
        ),
        RetentionClass(
            "failed_logins",
            str(_("Fehlgeschlagene Anmeldungen")),
            str(_("Zeitpunkt des Versuchs")),
            str(_("%(n)s Tage") % {"n": settings.THINKA_RETENTION_FAILED_LOGIN_DAYS}),
            "THINKA_RETENTION_FAILED_LOGIN_DAYS",
            _failed_logins_due,
            _delete_failed_logins,
        ),
        RetentionClass(
            "accessibility_feedback",
            str(_("Beantwortete Rückmeldungen zur Barrierefreiheit")),
            str(_("Eingang der Rückmeldung")),
            str(_("%(n)s Monate") % {"n": settings.THINKA_RETENTION_FEEDBACK_MONTHS}),
            "THINKA_RETENTION_FEEDBACK_MONTHS",
            _feedback_due,
            _delete_feedback,
            str(_("unbeantwortete Rückmeldungen bleiben, bis sie beantwortet sind")),
        ),
    ]


def by_code(code: str) -> RetentionClass | None:
    return next((item for item in classes() if item.code == code), None)


def queue(today: datetime.date | None = None) -> list[tuple[RetentionClass, int]]:
    """Every class with the number of records due today."""
    today = today or timezone.localdate()
    return [(item, item.due(today).count()) for item in classes()]


@transaction.atomic
def delete_due(*, retention_class: RetentionClass, by: User) -> int:
    """Delete what ``retention_class`` has due today; logged as class and count."""
    if retention_class.delete is None:
        raise ValueError("deleted by its own rule")
    count = retention_class.delete(retention_class.due(timezone.localdate()), by)
    DeletionLog.objects.create(
        user=by,
        user_label=display_name(by, default="System"),
        retention_class=retention_class.code,
        count=count,
    )
    return count
