"""What the reports wing stores: the log of every file that left the application."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

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
    user_label = models.CharField(_("Person (Name beim Export)"), max_length=150)
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
