"""The uniform schema: organisations, network contacts, contact persons, contact history."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.querysets import NetworkContactQuerySet
from contacts.validators import german_phone, german_postcode, not_in_future
from core.models import ActionLog
from core.text import fold
from core.versioning import VersionedModel
from projects.districts import District
from projects.models import Project

# --- vocabularies -------------------------------------------------------------------------


class Vocabulary(models.Model):
    """An entry of a uniform vocabulary: stable code for exports, German label, order."""

    code = models.SlugField(_("Code"), max_length=40, unique=True)
    label = models.CharField(_("Bezeichnung"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)
    is_active = models.BooleanField(
        _("aktiv"), default=True, help_text=_("Inaktive Einträge stehen nicht mehr zur Auswahl.")
    )

    choice_label_field = "label"  # str() is this field (core.widgets.LabelChoiceIterator)

    class Meta:
        abstract = True
        ordering = ["order", "label"]

    def __str__(self) -> str:
        return self.label


class Sector(Vocabulary):
    """A handful of kinds of partner that the network maps draw as sectors (kept by the
    coordination office; each organisation type belongs to one)."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("Sektor der Netzwerkkarte")
        verbose_name_plural = _("Sektoren der Netzwerkkarte")


class OrganisationType(Vocabulary):
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisation_types",
        verbose_name=_("Sektor der Netzwerkkarte"),
        help_text=_("Ohne Sektor steht die Art auf der Karte unter „Sonstige“."),
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("Organisationsart")
        verbose_name_plural = _("Organisationsarten")


class FieldOfAction(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")


class CooperationForm(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("Form der Zusammenarbeit")
        verbose_name_plural = _("Formen der Zusammenarbeit")


class InteractionChannel(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("Kontaktweg")
        verbose_name_plural = _("Kontaktwege")


# --- organisations ------------------------------------------------------------------------

_LEGAL_FORMS = re.compile(r"\b(e\s?v|ev|gmbh|ggmbh|mbh|ag|kg|ug|eg|gbr|ohg|kdör|aör)\b")


def normalise_name(name: str) -> str:
    """A matching key: lower case, umlauts folded, legal forms and punctuation removed."""
    text = _LEGAL_FORMS.sub(" ", fold(name))  # "e. V." → "e v" → ""
    return " ".join(text.split())


ORGANISATION_EXISTS = _(
    "Diese Organisation gibt es an diesem Ort schon im Register. Bitte wählen Sie den "
    "vorhandenen Eintrag."
)


class RelatedProgramme(models.TextChoices):
    """The ministry's related programmes ThINKA projects must work with (DOMAIN.md)."""

    THILIK = "thilik", _("ThILIK (Integrationsmanagement)")
    PLANNING = "planning", _("Planungskoordination")


class Organisation(VersionedModel):
    """One real organisation, shared by all projects (the register)."""

    name = models.CharField(_("Name"), max_length=200)
    normalised_name = models.CharField(max_length=200, editable=False, db_index=True)
    organisation_type = models.ForeignKey(
        OrganisationType,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("Organisationsart"),
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=150, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=5, blank=True, validators=[german_postcode])
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    district = models.CharField(
        _("Landkreis / kreisfreie Stadt"), max_length=4, choices=District, blank=True
    )
    phone = models.CharField(_("Telefon"), max_length=40, blank=True, validators=[german_phone])
    email = models.EmailField(_("E-Mail"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    related_programme = models.CharField(
        _("verwandtes Programm"),
        max_length=10,
        choices=RelatedProgramme,
        blank=True,
        help_text=_(
            "Von der Koordinierungsstelle gepflegt: ThILIK oder Planungskoordination. Die "
            "Bindungen der Vorhaben an diese Programme sind eine eigene Kennzahl."
        ),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("zusammengeführt in"),
        editable=False,
    )
    is_demo = models.BooleanField(_("Demodaten"), default=False, editable=False)
    # The place as the register compares it (core.text.fold): "Gera " and "gera" are one.
    normalised_city = models.CharField(max_length=100, editable=False, blank=True, default="")
    # History rows are read by entry (id) and time, never by these: no index to keep up
    # on every bulk insert (an import writes 10,000 history rows per model).
    history = HistoricalRecords(
        excluded_fields=["normalised_name", "normalised_city"],
        no_db_index=["organisation_type", "merged_into"],
    )

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]
        indexes = [models.Index(fields=["city"]), models.Index(fields=["name"])]
        constraints = [
            # One live register entry per organisation and place – held by the database,
            # so two forms sent at once, a double click or two imports cannot make two.
            models.UniqueConstraint(
                fields=["normalised_name", "normalised_city"],
                condition=Q(merged_into__isnull=True),
                name="organisation_one_live_entry_per_name_and_place",
                violation_error_message=ORGANISATION_EXISTS,
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})" if self.city else self.name

    def refresh_keys(self) -> Organisation:
        """The matching keys of name and place (set before every save, bulk ones too)."""
        self.normalised_name = normalise_name(self.name)
        self.normalised_city = fold(self.city)
        return self

    def clean(self) -> None:
        super().clean()
        self.refresh_keys()  # before the constraints are checked

    def save(self, *args, **kwargs) -> None:
        self.refresh_keys()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("contacts:organisation_detail", args=[self.pk])


# --- network contacts ---------------------------------------------------------------------


class Intensity(models.TextChoices):
    OCCASIONAL = "occasional", _("gelegentlich")
    REGULAR = "regular", _("regelmäßig")
    CLOSE = "close", _("eng")


class ContactStatus(models.TextChoices):
    ACTIVE = "active", _("aktiv")
    DORMANT = "dormant", _("ruhend")
    ENDED = "ended", _("beendet")


class SteeringMandate(models.TextChoices):
    DECIDES = "decides", _("entscheidet mit")
    INFORMED = "informed", _("wird informiert")


class NetworkContact(VersionedModel):
    """One project's relationship with one organisation."""

    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        related_name="network_contacts",
        verbose_name=_("Vorhaben"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="network_contacts",
        verbose_name=_("Organisation"),
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction,
        blank=True,
        related_name="network_contacts",
        verbose_name=_("Handlungsfelder"),
    )
    cooperation_forms = models.ManyToManyField(
        CooperationForm,
        blank=True,
        related_name="network_contacts",
        verbose_name=_("Formen der Zusammenarbeit"),
    )
    intensity = models.CharField(
        _("Intensität"), max_length=12, choices=Intensity, default=Intensity.OCCASIONAL
    )
    since = models.DateField(_("Kontakt seit"), null=True, blank=True, validators=[not_in_future])
    status = models.CharField(
        _("Status"), max_length=10, choices=ContactStatus, default=ContactStatus.ACTIVE
    )
    ended_on = models.DateField(_("beendet am"), null=True, blank=True)
    in_steering_group = models.BooleanField(_("Mitglied der Steuerungsgruppe"), default=False)
    steering_mandate = models.CharField(
        _("Mandat in der Steuerungsgruppe"), max_length=10, choices=SteeringMandate, blank=True
    )
    moderates_steering_group = models.BooleanField(
        _("moderiert die Steuerungsgruppe"), default=False
    )
    notes = models.TextField(_("Notizen"), blank=True)
    last_interaction_on = models.DateField(
        _("letzter Kontakt"), null=True, blank=True, editable=False, db_index=True
    )
    is_archived = models.BooleanField(_("archiviert"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    # The named figures (active at a date, new, ended, dormant, missing): contacts.querysets.
    objects = NetworkContactQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[fields_of_action, cooperation_forms],
        no_db_index=["organisation", "project", "created_by", "last_interaction_on"],
    )

    class Meta:
        verbose_name = _("Netzwerkkontakt")
        verbose_name_plural = _("Netzwerkkontakte")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"],
                name="network_contact_unique_per_project",
                violation_error_message=_(
                    "Diese Organisation ist bereits ein Netzwerkkontakt dieses Vorhabens."
                ),
            ),
            models.CheckConstraint(
                # Ended means ended on a day: the reports count by that date (as of a period).
                condition=Q(status="ended", ended_on__isnull=False)
                | (~Q(status="ended") & Q(ended_on__isnull=True)),
                name="network_contact_ended_has_a_date",
                violation_error_message=_(
                    "Ein beendeter Netzwerkkontakt braucht „beendet am“; nur er hat dieses Datum."
                ),
            ),
            models.CheckConstraint(
                condition=Q(in_steering_group=True) | Q(steering_mandate=""),
                name="network_contact_mandate_needs_membership",
                violation_error_message=_(
                    "Ein Mandat gibt es nur für Mitglieder der Steuerungsgruppe."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["project", "is_archived", "status"]),
            models.Index(fields=["project", "in_steering_group"]),
            # The start page's "last activity" per project.
            models.Index(fields=["project", "updated_at"]),
            models.Index(fields=["intensity"]),
            # The dashboard's newest "since" and its months (a scan of every contact without).
            models.Index(fields=["since"]),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name} – {self.project.name}"

    def save(self, *args, **kwargs) -> None:
        self.align_end_date()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("contacts:detail", args=[self.pk])

    def align_end_date(self) -> NetworkContact:
        """Status and "beendet am" agree (set before every save, bulk ones too): ending a
        contact without a date ends it today; a contact taken up again has no end date."""
        if self.status == ContactStatus.ENDED:
            self.ended_on = self.ended_on or timezone.localdate()
        else:
            self.ended_on = None
        return self


# --- contact persons and history ----------------------------------------------------------


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)")
    PUBLIC_FUNCTION = (
        "public_function",
        _("dienstliche Kontaktdaten, berechtigtes Interesse (Art. 6 Abs. 1 lit. f DSGVO)"),
    )


class ContactPerson(VersionedModel):
    """An Ansprechperson: personal data, visible only to the project and the coordination."""

    network_contact = models.ForeignKey(
        NetworkContact,
        on_delete=models.CASCADE,
        related_name="persons",
        verbose_name=_("Netzwerkkontakt"),
    )
    name = models.CharField(_("Name"), max_length=150)
    function = models.CharField(_("Funktion"), max_length=150, blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True, validators=[german_phone])
    email = models.EmailField(_("E-Mail"), blank=True)
    legal_basis = models.CharField(
        _("Rechtsgrundlage"),
        max_length=20,
        choices=LegalBasis,
        default=LegalBasis.PUBLIC_FUNCTION,
    )
    consent_on = models.DateField(_("Einwilligung am"), null=True, blank=True)
    is_active = models.BooleanField(_("aktuell zuständig"), default=True)
    erased_at = models.DateTimeField(
        _("gelöscht nach Art. 17 DSGVO am"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords()

    ERASED_NAME = "[gelöscht]"

    class Meta:
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")
        ordering = ["-is_active", "name"]

    def __str__(self) -> str:
        return self.name


class Interaction(models.Model):
    """One dated entry in the contact history (Kontaktverlauf)."""

    network_contact = models.ForeignKey(
        NetworkContact,
        on_delete=models.CASCADE,
        related_name="interactions",
        verbose_name=_("Netzwerkkontakt"),
    )
    date = models.DateField(_("Datum"), default=timezone.localdate)
    channel = models.ForeignKey(
        InteractionChannel,
        on_delete=models.PROTECT,
        related_name="interactions",
        verbose_name=_("Kontaktweg"),
    )
    occasion = models.CharField(_("Anlass"), max_length=200)
    result = models.TextField(_("Ergebnis"), blank=True)
    follow_up_on = models.DateField(_("Wiedervorlage am"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("erfasst von"),
    )
    created_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Kontakt")
        verbose_name_plural = _("Kontaktverlauf")
        ordering = ["-date", "-created_at"]
        indexes = [
            models.Index(fields=["network_contact", "-date"]),
            models.Index(fields=["follow_up_on"]),
            models.Index(fields=["date"]),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.occasion}"


# --- data-subject requests (DSGVO) ------------------------------------------------------


class PrivacyAction(models.TextChoices):
    ACCESS_REPORT = "access_report", _("Auskunft nach Art. 15 DSGVO")
    ERASURE = "erasure", _("Löschung nach Art. 17 DSGVO")


class PrivacyLog(ActionLog):
    """Data-subject requests answered: what was done, by whom – never the personal data."""

    action = models.CharField(_("Vorgang"), max_length=20, choices=PrivacyAction)
    project = models.ForeignKey(
        Project, verbose_name=_("Vorhaben"), on_delete=models.PROTECT, related_name="+"
    )
    network_contact = models.ForeignKey(
        NetworkContact,
        verbose_name=_("Netzwerkkontakt"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    person_id = models.PositiveBigIntegerField(_("Nummer der Ansprechperson"))
    user_label = models.CharField(_("bearbeitet von"), max_length=150)

    class Meta:
        verbose_name = _("Datenschutzvorgang")
        verbose_name_plural = _("Datenschutzvorgänge")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.person_id}"
