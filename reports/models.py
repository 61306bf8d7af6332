"""What the reports wing stores: the log of every file that left the application."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.actors import LABEL_LENGTH
from core.models import ActionLog
from projects.models import Project
from reports import periods
from reports.periods import Period

# --- exports ------------------------------------------------------------------------------


class ExportKind(models.TextChoices):
    MINISTRY = "ministry", _("Bericht an das Ministerium (xlsx)")
    LIST_CSV = "list_csv", _("Liste der Netzwerkkontakte (CSV)")
    LIST_XLSX = "list_xlsx", _("Liste der Netzwerkkontakte (xlsx)")


class ExportLog(ActionLog):
    """Who exported what and when: exports carry data out of the application."""

    kind = models.CharField(_("Art"), max_length=12, choices=ExportKind)
    user_label = models.CharField(_("Person (Name beim Export)"), max_length=LABEL_LENGTH)
    period_start = models.DateField(_("Zeitraum von"), null=True, blank=True)
    period_end = models.DateField(_("Zeitraum bis"), null=True, blank=True)
    period_label = models.CharField(_("Zeitraum"), max_length=60, blank=True)
    projects = models.ManyToManyField(Project, verbose_name=_("Vorhaben"), related_name="+")
    filters = models.CharField(_("Filter"), max_length=500, blank=True)
    include_persons = models.BooleanField(_("mit Ansprechpersonen"), default=False)
    rows = models.PositiveIntegerField(_("Zeilen"), default=0)
    via_command = models.BooleanField(_("über die Kommandozeile"), default=False)

    class Meta:
        verbose_name = _("Export")
        verbose_name_plural = _("Exporte")
        ordering = ["-created_at"]
        db_table = "contacts_exportlog"  # moved from contacts without copying rows

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.user_label}"


class FinalReport(models.Model):
    """The ministry report of a past period as it was closed ("Bericht abschließen"):
    figures and workbook stored, so the period says the same next year. Recomputing adds
    a new version and keeps the earlier ones."""

    period_start = models.DateField(_("Zeitraum von"))
    period_end = models.DateField(_("Zeitraum bis"))
    period_label = models.CharField(_("Zeitraum"), max_length=60)
    version = models.PositiveSmallIntegerField(_("Fassung"), default=1)
    is_current = models.BooleanField(_("gültige Fassung"), default=True)
    figures = models.JSONField(_("Zahlen je Vorhaben"), default=list)
    workbook = models.BinaryField(_("Arbeitsmappe"), editable=False)
    rows = models.PositiveIntegerField(_("Zeilen"), default=0)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("abgeschlossen von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    closed_by_label = models.CharField(_("abgeschlossen von (Name)"), max_length=LABEL_LENGTH)
    closed_at = models.DateTimeField(_("abgeschlossen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("abgeschlossener Bericht")
        verbose_name_plural = _("abgeschlossene Berichte")
        ordering = ["-period_end", "-period_start", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["period_start", "period_end", "version"],
                name="final_report_unique_version",
            ),
            models.UniqueConstraint(
                fields=["period_start", "period_end"],
                condition=models.Q(is_current=True),
                name="final_report_one_current_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_label} ({self.version})"

    def get_absolute_url(self) -> str:
        return reverse("reports:final_detail", args=[self.pk])

    @property
    def period(self) -> Period:
        """The closed period (its three columns as the one ``Period`` the code speaks)."""
        return periods.free_range(self.period_start, self.period_end).with_label(self.period_label)

    @property
    def file_name(self) -> str:
        return (
            f"thinka-netzwerk-bericht-{self.period_start:%Y-%m-%d}-{self.period_end:%Y-%m-%d}"
            f"-abgeschlossen-{self.version}.xlsx"
        )


class ClosedFigures(models.Model):
    """One project's figures at the end of a closed period, stored when its report is
    closed (or recomputed, with the new version): what the ministry received, read by the
    pages that show that period again – the next period's comparison and development
    sheets – instead of counting every network contact once more. A closed period's figures
    do not change by themselves; only recomputing the report stores new ones."""

    report = models.ForeignKey(
        FinalReport, on_delete=models.CASCADE, related_name="project_figures", editable=False
    )
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    active = models.PositiveIntegerField(_("aktiv am Ende"), default=0)
    new = models.PositiveIntegerField(_("neu im Zeitraum"), default=0)
    ended = models.PositiveIntegerField(_("beendet im Zeitraum"), default=0)
    dormant = models.PositiveIntegerField(_("ohne Kontakt am Ende"), default=0)
    interactions = models.PositiveIntegerField(_("Kontakte im Zeitraum"), default=0)
    # [[sector id or null, active partners], …] and {related programme: active partners}
    sectors = models.JSONField(_("aktive Partner je Sektor"), default=list)
    ties = models.JSONField(_("aktive Partner je verwandtem Programm"), default=dict)

    class Meta:
        verbose_name = _("Zahlen eines abgeschlossenen Zeitraums")
        verbose_name_plural = _("Zahlen abgeschlossener Zeiträume")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "project"], name="closed_figures_one_per_project"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} – {self.project_id}"


# --- background jobs: long exports and recomputations, with their progress -------------


class JobKind(models.TextChoices):
    MINISTRY_EXPORT = "ministry_export", _("Bericht für das Ministerium")
    FINAL_RECOMPUTE = "final_recompute", _("Abgeschlossenen Bericht neu berechnen")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("wartet auf den Start")
    RUNNING = "running", _("läuft")
    DONE = "done", _("fertig")
    FAILED = "failed", _("fehlgeschlagen")


class ReportJob(models.Model):
    """One export or recomputation running in the background worker (reports.tasks): its
    page shows the progress; the file is stored only once it is complete (never half)."""

    kind = models.CharField(_("Art"), max_length=20, choices=JobKind)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    label = models.CharField(_("Bezeichnung"), max_length=200)
    params = models.JSONField(_("Angaben"), default=dict, editable=False)
    status = models.CharField(
        _("Stand"), max_length=10, choices=JobStatus, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("Fortschritt in Prozent"), default=0)
    step = models.CharField(_("Schritt"), max_length=200, blank=True)
    message = models.TextField(_("Meldung"), blank=True)
    file_name = models.CharField(_("Dateiname"), max_length=200, blank=True)
    content = models.BinaryField(_("Datei"), null=True, editable=False)
    result_url = models.CharField(_("Ergebnis"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("gestartet am"), auto_now_add=True)
    finished_at = models.DateTimeField(_("beendet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Auftrag im Hintergrund")
        verbose_name_plural = _("Aufträge im Hintergrund")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("reports:job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}
