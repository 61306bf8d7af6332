"""Programme lines, projects (Vorhaben), operators (Träger), contact offices and memberships."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.versioning import VersionedModel
from projects.districts import District
from projects.roles import team_refusal


class ProgrammeLine(models.Model):
    code = models.SlugField(_("Kürzel"), max_length=40, unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=100, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        verbose_name = _("Förderlinie")
        verbose_name_plural = _("Förderlinien")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Operator(VersionedModel):
    """A Träger: the organisation that runs one or more projects."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    place = models.CharField(_("Ort"), max_length=100, blank=True)
    website = models.URLField(_("Website"), blank=True)
    is_demo = models.BooleanField(_("Demodaten"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Träger")
        verbose_name_plural = _("Träger")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("in Vorbereitung")
    RUNNING = "running", _("laufend")
    ENDED = "ended", _("beendet")


class Project(VersionedModel):
    name = models.CharField(_("Name"), max_length=150, unique=True)
    slug = models.SlugField(
        _("Kurzname"),
        max_length=60,
        unique=True,
        help_text=_("Für Exporte und Adressen, z. B. „sonneberg“."),
    )
    programme_line = models.ForeignKey(
        ProgrammeLine,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("Förderlinie"),
    )
    place = models.CharField(_("Ort"), max_length=100)
    neighbourhood = models.CharField(_("Stadtteil / Wohngebiet"), max_length=150, blank=True)
    district = models.CharField(_("Landkreis / kreisfreie Stadt"), max_length=4, choices=District)
    start_date = models.DateField(_("Beginn"))
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=ProjectStatus, default=ProjectStatus.RUNNING
    )
    target_groups = models.TextField(
        _("Zielgruppen"), blank=True, help_text=_("Eine Zielgruppe je Zeile.")
    )
    operators = models.ManyToManyField(
        Operator, related_name="projects", verbose_name=_("Träger"), blank=True
    )
    is_demo = models.BooleanField(_("Demodaten"), default=False)
    history = HistoricalRecords(m2m_fields=[operators])

    choice_label_field = "name"  # str() is this field (core.widgets.LabelChoiceIterator)

    class Meta:
        verbose_name = _("Vorhaben")
        verbose_name_plural = pgettext_lazy("Mehrzahl", "Vorhaben")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
                violation_error_message=_("Das Ende darf nicht vor dem Beginn liegen."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    @property
    def target_group_list(self) -> list[str]:
        return [line.strip() for line in self.target_groups.splitlines() if line.strip()]


class ContactOffice(VersionedModel):
    """An Anlaufstelle. Offices move; old ones stay with their validity period."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="offices", verbose_name=_("Vorhaben")
    )
    name = models.CharField(_("Bezeichnung"), max_length=150, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=150)
    postcode = models.CharField(
        _("PLZ"),
        max_length=5,
        validators=[
            # German postcodes have exactly five digits.
            RegexValidator(r"^\d{5}$", _("Bitte geben Sie eine fünfstellige Postleitzahl ein."))
        ],
    )
    city = models.CharField(_("Ort"), max_length=100)
    opening_hours = models.TextField(_("Öffnungszeiten"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    valid_from = models.DateField(_("gültig ab"))
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Anlaufstelle")
        verbose_name_plural = _("Anlaufstellen")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="office_valid_until_after_from",
                violation_error_message=_("„gültig bis“ darf nicht vor „gültig ab“ liegen."),
            )
        ]

    def __str__(self) -> str:
        return self.name or f"{self.street}, {self.postcode} {self.city}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class MembershipRole(models.TextChoices):
    STAFF = "staff", _("Projektmitarbeiter*in")
    LEAD = "lead", _("Projektleitung")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("Benutzer*in"),
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Vorhaben")
    )
    role = models.CharField(
        _("Rolle"), max_length=10, choices=MembershipRole, default=MembershipRole.STAFF
    )
    created_at = models.DateTimeField(_("seit"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["project__name", "user__last_name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "project"],
                name="membership_unique_user_project",
                violation_error_message=_("Diese Person gehört dem Vorhaben bereits an."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.project} ({self.get_role_display()})"

    def clean(self) -> None:
        """Only project staff join a team (projects.roles): wherever a membership is made."""
        super().clean()
        if self.user_id is None:
            return
        refusal = team_refusal(
            name=self.user.get_full_name() or self.user.get_username(),
            groups=set(self.user.groups.values_list("name", flat=True)),
            is_superuser=self.user.is_superuser,
        )
        if refusal:
            raise ValidationError({"user": refusal})


class AccountEventKind(models.TextChoices):
    CREATED = "created", _("Konto angelegt")
    DEACTIVATED = "deactivated", _("Konto deaktiviert")
    REACTIVATED = "reactivated", _("Konto wieder aktiviert")
    ROLE_GRANTED = "role_granted", _("Rolle erteilt")
    ROLE_REVOKED = "role_revoked", _("Rolle entzogen")
    ADMIN_GRANTED = "admin_granted", _("Administration erteilt")
    ADMIN_REVOKED = "admin_revoked", _("Administration entzogen")
    STAFF_GRANTED = "staff_granted", _("Zugang zum Django-Admin erteilt")
    STAFF_REVOKED = "staff_revoked", _("Zugang zum Django-Admin entzogen")
    MEMBERSHIP_ADDED = "membership_added", _("ins Projektteam aufgenommen")
    MEMBERSHIP_CHANGED = "membership_changed", _("Rolle im Projektteam geändert")
    MEMBERSHIP_REMOVED = "membership_removed", _("aus dem Projektteam entfernt")
    SECOND_FACTOR_RESET = "second_factor_reset", _("zweiter Faktor zurückgesetzt")
    PASSWORD_SET = "password_set", _("Passwort von anderer Person gesetzt")
    DELETED = "deleted", _("Konto gelöscht")


class AccountEvent(models.Model):
    """A change to an account's access, on record (issue 31): who, when, what – never a
    secret (no password, no key). Written by ``projects.account_log`` for every path:
    the application's forms, the Django admin, management commands."""

    created_at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geändert von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    actor_label = models.CharField(_("geändert von"), max_length=150)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="account_events",
    )
    account_label = models.CharField(_("Konto"), max_length=150)
    kind = models.CharField(_("Vorgang"), max_length=24, choices=AccountEventKind)
    detail = models.CharField(_("was"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Kontoänderung")
        verbose_name_plural = _("Konten und Rollen")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.account_label}"
