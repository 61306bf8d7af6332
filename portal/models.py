"""The public pages every web offer of a body funded by the Land needs (issue 31): Impressum
(§ 5 DDG), Datenschutzhinweise (Art. 13 DSGVO) and the Erklärung zur Barrierefreiheit
(ThürBarrWebG, ThürBITVO) with its feedback – kept by the coordination office."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PageKind(models.TextChoices):
    IMPRINT = "impressum", _("Impressum")
    PRIVACY = "datenschutz", _("Datenschutzhinweise")
    ACCESSIBILITY = "barrierefreiheit", _("Erklärung zur Barrierefreiheit")


class PublicPage(models.Model):
    """One public page's text. A line starting with "## " is a heading, "- " a list item,
    a blank line ends a paragraph; "[bitte ergänzen: …]" marks what the operator must fill
    in (shown highlighted until replaced)."""

    kind = models.CharField(_("Seite"), max_length=20, choices=PageKind, unique=True)
    title = models.CharField(_("Überschrift"), max_length=150)
    body = models.TextField(
        _("Text"),
        help_text=_(
            "„## “ am Zeilenanfang: Zwischenüberschrift; „- “: Aufzählung; Leerzeile: neuer "
            "Absatz. Ersetzen Sie jede Stelle „[bitte ergänzen: …]“."
        ),
    )
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("öffentliche Seite")
        verbose_name_plural = _("öffentliche Seiten")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()


class AccessibilityFeedback(models.Model):
    """A barrier reported through the feedback form of the accessibility statement
    (§ 6 ThürBarrWebG): stored, visible to the coordination office, receipt confirmed."""

    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True)
    name = models.CharField(_("Name"), max_length=150, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    page = models.CharField(_("Seite mit der Barriere"), max_length=300, blank=True)
    message = models.TextField(_("Ihre Rückmeldung"))
    answered = models.BooleanField(_("beantwortet"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Rückmeldung zur Barrierefreiheit")
        verbose_name_plural = _("Rückmeldungen zur Barrierefreiheit")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%d.%m.%Y} {self.page or ''}".strip()


class DeletionLog(models.Model):
    """A deletion by rule (Löschkonzept): which class, how many, by whom – no personal data."""

    created_at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    user_label = models.CharField(_("gelöscht von"), max_length=150)
    retention_class = models.CharField(_("Löschklasse"), max_length=40)
    count = models.PositiveIntegerField(_("Anzahl"))

    class Meta:
        verbose_name = _("Löschung nach Löschregel")
        verbose_name_plural = _("Löschungen nach Löschregel")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.retention_class}: {self.count}"
