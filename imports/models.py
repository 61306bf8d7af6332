"""Uploaded lists and the record of what each import did (to undo exactly that)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from projects.models import Project


class ImportMode(models.TextChoices):
    ADD = "add", _("nur neue Netzwerkkontakte hinzufügen")
    ADD_AND_UPDATE = "update", _("neue hinzufügen und bestehende ergänzen (nur leere Felder)")
    OVERWRITE = (
        "overwrite",
        _(
            "neue hinzufügen und bestehende aktualisieren (Werte der Liste gelten, außer wo "
            "seit dem Stand der Liste in der Anwendung geändert wurde)"
        ),
    )


class ImportStatus(models.TextChoices):
    DRAFT = "draft", _("in Vorbereitung")
    COMMITTED = "committed", _("importiert")
    UNDONE = "undone", _("rückgängig gemacht")
    EXPIRED = "expired", _("abgelaufen")


class ImportBatch(models.Model):
    """One uploaded list: kept until imported, then the record of what the import did."""

    project = models.ForeignKey(
        Project, verbose_name=_("Vorhaben"), on_delete=models.PROTECT, related_name="imports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hochgeladen von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    file_name = models.CharField(_("Datei"), max_length=255)
    checksum = models.CharField(_("Prüfsumme (SHA-256)"), max_length=64, db_index=True)
    content = models.BinaryField(_("Inhalt"), editable=False)
    header_row = models.PositiveIntegerField(_("Zeile der Spaltenüberschriften"), null=True)
    mapping = models.JSONField(_("Zuordnung der Spalten"), default=dict)
    value_map = models.JSONField(_("Zuordnung der Werte"), default=dict)
    links = models.JSONField(
        _("Zeilen, die einer vorhandenen Organisation zugeordnet wurden"), default=dict
    )
    mode = models.CharField(
        _("Art des Imports"), max_length=10, choices=ImportMode, default=ImportMode.ADD_AND_UPDATE
    )
    list_date = models.DateField(
        _("Stand der Liste"),
        null=True,
        blank=True,
        help_text=_("Was in der Anwendung danach geändert wurde, überschreibt die Liste nicht."),
    )
    resolutions = models.JSONField(
        _("Entscheidungen bei Widersprüchen"),
        default=dict,
        help_text=_("„Zeile:Feld“ → „list“ (Wert der Liste) oder „keep“; „*“ für alle."),
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=ImportStatus, default=ImportStatus.DRAFT
    )
    created_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)
    # Who last changed the draft (header row, mapping, links, choices): the batch keeps no
    # history, and a project's team may all work on one draft (issue 34).
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zuletzt bearbeitet von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    committed_at = models.DateTimeField(_("importiert am"), null=True, blank=True)
    undone_at = models.DateTimeField(_("rückgängig gemacht am"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("neu"), default=0)
    updated_count = models.PositiveIntegerField(_("ergänzt"), default=0)
    skipped_count = models.PositiveIntegerField(_("übersprungen"), default=0)
    review = models.JSONField(
        _("zu prüfende Zeilen"),
        default=list,
        blank=True,
        help_text=_(
            "Zeilen, deren Werte nicht alle gelesen werden konnten (in den Notizen): Stelle, "
            "Organisation, Netzwerkkontakt, Gründe."
        ),
    )

    class Meta:
        verbose_name = _("Import")
        verbose_name_plural = _("Importe")
        ordering = ["-created_at"]
        db_table = "contacts_importbatch"  # moved from contacts without copying rows

    def __str__(self) -> str:
        return f"{self.file_name} ({self.project})"

    def get_absolute_url(self) -> str:
        return reverse("imports:preview", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == ImportStatus.DRAFT

    @property
    def is_committed(self) -> bool:
        return self.status == ImportStatus.COMMITTED


class ImportChangeKind(models.TextChoices):
    CREATED_ORGANISATION = "org", _("Organisation angelegt")
    CREATED_CONTACT = "contact", _("Netzwerkkontakt angelegt")
    CREATED_PERSON = "person", _("Ansprechperson angelegt")
    UPDATED_CONTACT = "update", _("Netzwerkkontakt ergänzt")


class ImportChange(models.Model):
    """What one import did to one record: enough to undo exactly that, and no more."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=ImportChangeKind)
    object_id = models.PositiveBigIntegerField()
    version_after = models.PositiveIntegerField()
    old_values = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "contacts_importchange"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.object_id}"


class SavedImportMapping(models.Model):
    """A column mapping saved under a name, to reuse for the next list of the same shape."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="import_mappings")
    name = models.CharField(_("Name"), max_length=80)
    mapping = models.JSONField(default=dict)
    value_map = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gespeichert von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("gespeicherte Zuordnung")
        verbose_name_plural = _("gespeicherte Zuordnungen")
        db_table = "contacts_savedimportmapping"
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="unique_mapping_name")
        ]

    def __str__(self) -> str:
        return self.name
