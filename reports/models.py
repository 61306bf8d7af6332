"""What the reports wing stores: the log of every file that left the application."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.actors import LABEL_LENGTH
from core.models import ActionLog
from projects.models import Project

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
    def file_name(self) -> str:
        return (
            f"thinka-netzwerk-bericht-{self.period_start:%Y-%m-%d}-{self.period_end:%Y-%m-%d}"
            f"-abgeschlossen-{self.version}.xlsx"
        )
