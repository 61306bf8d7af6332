"""What the portal stores: each person's settings for the weekly digest."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Montag")
    TUESDAY = 1, _("Dienstag")
    WEDNESDAY = 2, _("Mittwoch")
    THURSDAY = 3, _("Donnerstag")
    FRIDAY = 4, _("Freitag")


class DigestPreference(models.Model):
    """The weekly digest by e-mail (portal.digest): on by default, on Monday."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_preference",
        editable=False,
    )
    enabled = models.BooleanField(_("Wochenübersicht per E-Mail erhalten"), default=True)
    weekday = models.PositiveSmallIntegerField(
        _("Wochentag der Übersicht"), choices=Weekday, default=Weekday.MONDAY
    )
    last_sent_on = models.DateField(_("zuletzt gesendet am"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Einstellung der Wochenübersicht")
        verbose_name_plural = _("Einstellungen der Wochenübersicht")

    def __str__(self) -> str:
        return str(self.user)
