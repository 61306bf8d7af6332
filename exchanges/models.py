"""The experience-exchange meetings (Erfahrungsaustausch) and their structured minutes.

The structure follows the seed record: agenda, reports with successes and obstacles,
information from the ministry, theme tables with their results, next meeting, authors.
Successes and obstacles are single items so that they can be compared across meetings.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.versioning import VersionedModel
from projects.models import Project


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    HELD = "held", _("durchgeführt")


class Meeting(VersionedModel):
    number = models.PositiveSmallIntegerField(
        _("Nummer"),
        unique=True,
        help_text=_("Der wievielte Erfahrungsaustausch, z. B. 6."),
        error_messages={"unique": _("Einen Erfahrungsaustausch mit dieser Nummer gibt es schon.")},
    )
    date = models.DateField(_("Datum"))
    place = models.CharField(_("Ort"), max_length=120)
    host_project = models.ForeignKey(
        Project,
        verbose_name=_("gastgebendes Vorhaben"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=MeetingStatus, default=MeetingStatus.PLANNED
    )
    introduction = models.TextField(
        _("Einleitung"), blank=True, help_text=_("Begrüßung, Anlass, Besonderheiten.")
    )
    projects = models.ManyToManyField(
        Project,
        verbose_name=_("teilnehmende Vorhaben"),
        blank=True,
        related_name="meetings",
    )
    ministry_information = models.TextField(_("Informationen aus dem Ministerium"), blank=True)
    closing_notes = models.TextField(_("Abschließende Hinweise"), blank=True)
    next_meeting_on = models.DateField(_("nächster Termin"), null=True, blank=True)
    next_meeting_place = models.CharField(_("Ort des nächsten Termins"), max_length=120, blank=True)
    authors = models.CharField(
        _("Autor*innen"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „Jacqueline Lange, Martin Langbein“"),
    )
    written_at = models.CharField(
        _("Ort und Monat der Dokumentation"),
        max_length=120,
        blank=True,
        help_text=_("z. B. „Sondershausen und Jena, April 2016“"),
    )
    is_demo = models.BooleanField(_("Demodaten"), default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Erfahrungsaustausch")
        verbose_name_plural = _("Erfahrungsaustausche")
        ordering = ["-date", "-number"]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def title(self) -> str:
        return _("%(number)s. ThINKA-Erfahrungsaustausch in %(place)s") % {
            "number": self.number,
            "place": self.place,
        }

    def get_absolute_url(self) -> str:
        return reverse("exchanges:detail", args=[self.pk])

    @property
    def is_planned(self) -> bool:
        return self.status == MeetingStatus.PLANNED

    @property
    def is_upcoming(self) -> bool:
        """Still to come: planned, or dated after today."""
        return self.is_planned or (self.date is not None and self.date > timezone.localdate())

    def clean(self) -> None:
        errors: dict[str, str | Promise] = {}
        if self.status == MeetingStatus.HELD and self.date and self.date > timezone.localdate():
            errors["status"] = _(
                "Ein Erfahrungsaustausch am %(date)s liegt in der Zukunft und kann noch nicht "
                "„durchgeführt“ sein."
            ) % {"date": formats.date_format(self.date, "SHORT_DATE_FORMAT")}
        if self.next_meeting_on and self.date and self.next_meeting_on <= self.date:
            errors["next_meeting_on"] = _(
                "Der nächste Termin muss nach diesem Erfahrungsaustausch (%(date)s) liegen."
            ) % {"date": formats.date_format(self.date, "SHORT_DATE_FORMAT")}
        if self.next_meeting_place and not self.next_meeting_on:
            errors["next_meeting_on"] = _("Bitte geben Sie zum Ort auch das Datum an.")
        if errors:
            raise ValidationError(errors)


class OrderedItem(models.Model):
    """A row of one of the minutes' lists; ``position`` keeps the order the author chose."""

    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class Guest(OrderedItem):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("Name"), max_length=120)
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    function = models.CharField(_("Funktion"), max_length=200, blank=True)

    class Meta(OrderedItem.Meta):
        verbose_name = _("Gast")
        verbose_name_plural = _("Gäste")

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.function, self.organisation) if part)


class AgendaItem(OrderedItem):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(_("Tagesordnungspunkt"), max_length=200)
    notes = models.TextField(_("Notizen"), blank=True)

    class Meta(OrderedItem.Meta):
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")

    def __str__(self) -> str:
        return self.title


class ReportKind(models.TextChoices):
    SUCCESS = "success", _("Erfolg")
    OBSTACLE = "obstacle", _("Hemmnis")


class ReportItem(OrderedItem):
    """One success or obstacle; without a project it sums up what several projects reported."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="report_items")
    kind = models.CharField(_("Art"), max_length=10, choices=ReportKind)
    project = models.ForeignKey(
        Project,
        verbose_name=_("Vorhaben"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_items",
        help_text=_("Leer lassen, wenn mehrere Vorhaben es berichtet haben."),
    )
    text = models.CharField(_("Text"), max_length=300)
    details = models.TextField(_("Einzelheiten"), blank=True, help_text=_("Eine Angabe je Zeile."))

    class Meta(OrderedItem.Meta):
        verbose_name = _("Erfolg oder Hemmnis")
        verbose_name_plural = _("Erfolge und Hemmnisse")
        indexes = [models.Index(fields=["kind", "project"])]

    def __str__(self) -> str:
        return self.text

    @property
    def detail_lines(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.details.splitlines() if line.strip(" -•\t")]


class ThemeTable(OrderedItem):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="theme_tables")
    title = models.CharField(_("Thema"), max_length=200)
    projects = models.ManyToManyField(
        Project, verbose_name=_("Vorhaben am Tisch"), blank=True, related_name="theme_tables"
    )

    class Meta(OrderedItem.Meta):
        verbose_name = _("Thementisch")
        verbose_name_plural = _("Thementische")

    def __str__(self) -> str:
        return self.title


class ThemeTableResult(OrderedItem):
    table = models.ForeignKey(ThemeTable, on_delete=models.CASCADE, related_name="results")
    text = models.CharField(_("Ergebnis"), max_length=400)

    class Meta(OrderedItem.Meta):
        verbose_name = _("Ergebnis")
        verbose_name_plural = _("Ergebnisse")

    def __str__(self) -> str:
        return self.text
