"""The uniform schema: organisations, network contacts, contact persons, contact history."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connections, models, transaction
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Concat
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts import names
from contacts.querysets import NetworkContactQuerySet
from contacts.validators import german_phone, german_postcode, not_in_future
from core.actors import LABEL_LENGTH
from core.db import insert_values, objects_inserted, objects_inserting
from core.limits import max_length
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


def identity_of(name: str, city: str = "") -> str:
    """The register's uniqueness key of an organisation (name, place): the recogniser's
    identity (``contacts.names.identity_key``) – one live entry per identity."""
    return names.identity_key(name, city, lexicon())


KEYS_SEPARATOR = "\x1f"


def keys_read_from(name: str, city: str, merged: bool) -> str:
    """What an entry's keys and word rows were read from: an entry whose stored value
    differs was changed past the model (raw SQL, a data migration) and is read again."""
    return f"{name}{KEYS_SEPARATOR}{city}{KEYS_SEPARATOR}{'m' if merged else ''}"


# What the recogniser reads (a change to one refreshes the keys and word rows) and what it
# writes from them.
READ_FIELDS = frozenset({"name", "city", "merged_into", "merged_into_id"})
KEY_FIELDS = ("normalised_name", "normalised_city", "match_key", "keys_read_from")


class OrganisationQuerySet(models.QuerySet):
    """Every way of writing many register entries keeps the recogniser's keys and word
    table (``OrganisationToken``, ``NameToken``) true: ``update``, ``bulk_update`` and
    ``bulk_create`` read the names again as ``save()`` does. (``core.db.insert_objects``
    does the same through its signals; raw SQL and data migrations are caught by
    ``stale_organisations`` after every ``migrate``.)"""

    def update(self, **kwargs: Any) -> int:
        if not (READ_FIELDS | set(KEY_FIELDS)) & kwargs.keys():
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            ids = list(self.order_by().values_list("pk", flat=True))
            count = super().update(**kwargs)
            manager: Any = self.model._default_manager.db_manager(self.db)
            for start in range(0, len(ids), 500):
                read_again(list(manager.filter(pk__in=ids[start : start + 500])))
        return count

    def bulk_update(
        self, objs: Iterable[Any], fields: Iterable[str], batch_size: int | None = None
    ) -> int:
        objs = list(objs)
        fields = list(fields)
        if not (READ_FIELDS | set(KEY_FIELDS)) & set(fields):
            return super().bulk_update(objs, fields, batch_size=batch_size)
        with transaction.atomic(using=self.db):
            written = [f for f in fields if f not in KEY_FIELDS]
            count = super().bulk_update(objs, written, batch_size=batch_size) if written else 0
            read_again(objs)
        return count or len(objs)

    def write_keys(self, objs: list[Any]) -> None:
        """The keys of ``objs`` as they are (``read_again``), past ``bulk_update`` above."""
        # A plain QuerySet: Django's bulk_update writes through update() (which reads again).
        models.QuerySet(self.model, using=self.db).bulk_update(objs, KEY_FIELDS, batch_size=500)

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        objs = list(objs)
        for organisation in objs:
            organisation.refresh_keys()
        with transaction.atomic(using=self.db):
            created: list[Any] = super().bulk_create(objs, *args, **kwargs)
            index_organisations([o for o in created if o.pk is not None])
            unknown = [o.normalised_name for o in created if o.pk is None]  # ignore_conflicts
            for start in range(0, len(unknown), 500):
                manager: Any = self.model._default_manager.db_manager(self.db)
                index_organisations(
                    manager.filter(
                        normalised_name__in=unknown[start : start + 500],
                        merged_into__isnull=True,
                    )
                )
        return created


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
    # The recogniser's identity of name and place (``identity_of``): the uniqueness key,
    # looked up through the constraint's (partial, unique) index alone.
    normalised_name = models.CharField(max_length=220, editable=False)
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
    # The recogniser's key (contacts.names): core words in any order, abbreviations spelt
    # out, legal forms and places left out – "Sonneberger Tafel e. V." → "tafel".
    match_key = models.CharField(
        max_length=200, editable=False, blank=True, default="", db_index=True
    )
    # Name, place and merged state the keys were read from (``keys_read_from``).
    keys_read_from = models.CharField(max_length=320, editable=False, blank=True, default="")

    objects = OrganisationQuerySet.as_manager()
    # History rows are read by entry (id) and time, never by these: no index to keep up
    # on every bulk insert (an import writes 10,000 history rows per model).
    history = HistoricalRecords(
        excluded_fields=["normalised_name", "normalised_city", "match_key", "keys_read_from"],
        no_db_index=["organisation_type", "merged_into"],
    )

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]
        base_manager_name = "objects"
        indexes = [models.Index(fields=["city"]), models.Index(fields=["name"])]
        constraints = [
            # One live register entry per organisation and place, as the recogniser reads
            # them (its identity) – held by the database, so two forms sent at once, a
            # double click or two imports cannot make two.
            models.UniqueConstraint(
                fields=["normalised_name"],
                condition=Q(merged_into__isnull=True),
                name="organisation_one_live_entry_per_identity",
                violation_error_message=ORGANISATION_EXISTS,
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})" if self.city else self.name

    def refresh_keys(self) -> Organisation:
        """The matching keys of name and place (set before every save, bulk ones too)."""
        identity = identity_of(self.name, self.city)
        # An old duplicate keeps its "#<id>" (contacts.0024) until it is merged or renamed.
        if not (self.normalised_name or "").startswith(f"{identity}#"):
            self.normalised_name = identity
        self.normalised_city = fold(self.city)
        self.match_key = self.read_name().key[: max_length(Organisation, "match_key")]
        self.keys_read_from = keys_read_from(self.name, self.city, self.merged_into_id is not None)
        return self

    def read_name(self) -> names.Name:
        """The name as the recogniser reads it (contacts.names), with its place."""
        return names.read(self.name, self.city, lexicon())

    def clean(self) -> None:
        super().clean()
        self.refresh_keys()  # before the constraints are checked

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_keys()
        fields = kwargs.get("update_fields")
        if fields is not None and READ_FIELDS & set(fields):
            kwargs["update_fields"] = list(dict.fromkeys([*fields, *KEY_FIELDS]))
        super().save(*args, **kwargs)
        index_organisations([self])

    def get_absolute_url(self) -> str:
        return reverse("contacts:organisation_detail", args=[self.pk])


# --- the recogniser's tables (contacts.names, contacts.recognition) ----------------------


class Abbreviation(models.Model):
    """An abbreviation the register reads as its long form ("VHS" = "Volkshochschule"):
    contacts.names has the usual ones, the coordination office adds its own here."""

    short = models.CharField(_("Abkürzung"), max_length=60, unique=True)
    long = models.CharField(_("ausgeschrieben"), max_length=120)
    is_active = models.BooleanField(_("aktiv"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Abkürzung")
        verbose_name_plural = _("Abkürzungen in Organisationsnamen")
        ordering = ["short"]

    def __str__(self) -> str:
        return f"{self.short} = {self.long}"


# A word of a name as the word tables keep it (longer words are cut to it).
TOKEN_LENGTH = 60


class OrganisationToken(models.Model):
    """One word of a live register entry's name or one of its places, as the recogniser
    reads it: the type-ahead and the searches find candidates here by index, on SQLite as
    on PostgreSQL, and rank them in Python (contacts.recognition)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=TOKEN_LENGTH)
    city = models.CharField(max_length=100, blank=True, default="")  # normalised_city

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "token"], name="organisation_token")
        ]
        indexes = [models.Index(fields=["token", "city"], name="organisation_token_city")]

    def __str__(self) -> str:
        return self.token


class NameToken(models.Model):
    """Every word the register's names use, once: typed beginnings and misspellings are
    looked up here (by beginning, by first or last two letters and length), then the
    organisations by the words found."""

    token = models.CharField(max_length=TOKEN_LENGTH, unique=True)
    head = models.CharField(max_length=2)
    tail = models.CharField(max_length=2)
    size = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["head", "size"], name="name_token_head"),
            models.Index(fields=["tail", "size"], name="name_token_tail"),
        ]

    def __str__(self) -> str:
        return self.token


_LEXICON: tuple[float, names.Lexicon, list[tuple[str, str, bool]]] | None = None
LEXICON_SECONDS = 30  # other processes see a changed table after this long


def lexicon() -> names.Lexicon:
    """The usual abbreviations and the coordination office's (theirs win). The same object
    while the table is unchanged: the names read with it stay cached (contacts.names)."""
    global _LEXICON  # noqa: PLW0603 - a per-process cache of one small table
    now = time.monotonic()
    if _LEXICON is None or now - _LEXICON[0] > LEXICON_SECONDS:
        rows = list(Abbreviation.objects.values_list("short", "long", "is_active"))
        if _LEXICON is not None and rows == _LEXICON[2]:
            _LEXICON = (now, _LEXICON[1], rows)
            return _LEXICON[1]
        switched_off = {names.words(short) for short, _long, active in rows if not active}
        pairs = [
            pair for pair in names.DEFAULT_ABBREVIATIONS if names.words(pair[0]) not in switched_off
        ]
        pairs += [(short, long) for short, long, active in rows if active]
        _LEXICON = (now, names.Lexicon.build(pairs), rows)
    return _LEXICON[1]


def forget_lexicon() -> None:
    global _LEXICON  # noqa: PLW0603
    _LEXICON = None


def token_rows(name: names.Name, *, organisation_id: int, city: str) -> list[OrganisationToken]:
    return [
        OrganisationToken(organisation_id=organisation_id, token=token[:TOKEN_LENGTH], city=city)
        for token in sorted(name.tokens)
        if token
    ]


def index_organisations(organisations: Iterable[Organisation], *, fresh: bool = False) -> None:
    """Keep the recogniser's word tables for ``organisations`` (after a save, a bulk insert,
    a merge): live entries get their words, merged ones none. ``fresh``: just inserted,
    no words yet. The rows go in as plain values (an import's 10,000 new entries)."""
    organisations = [o for o in organisations if o.pk is not None]
    if not organisations:
        return
    ids = [o.pk for o in organisations]
    for start in range(0, 0 if fresh else len(ids), 900):
        OrganisationToken.objects.filter(organisation_id__in=ids[start : start + 900]).delete()
    rows = [
        (o.pk, token[:TOKEN_LENGTH], o.normalised_city)
        for o in organisations
        if o.merged_into_id is None
        for token in sorted(set(o.read_name().tokens))
        if token
    ]
    rows = list({(pk, token): (pk, token, city) for pk, token, city in rows}.values())
    insert_values(OrganisationToken, ["organisation", "token", "city"], rows, batch_size=2000)
    words = sorted({token for _pk, token, _city in rows})
    insert_values(
        NameToken,
        ["token", "head", "tail", "size"],
        [(w, w[:2], w[-2:], min(len(w), TOKEN_LENGTH)) for w in words],
        batch_size=2000,
        ignore_conflicts=True,
    )


def read_again(organisations: list[Organisation]) -> None:
    """Read the names of ``organisations`` again (after a change past ``save()``, or to the
    abbreviation table): their keys and word rows follow. Two live entries the new reading
    makes one identity are both kept – the later with "#<id>" after the identity, so the
    duplicate hints offer them for merging – rather than failing the change."""
    if not organisations:
        return
    for organisation in organisations:
        organisation.refresh_keys()
    live = sorted((o for o in organisations if o.merged_into_id is None), key=lambda o: o.pk)
    taken = set(
        Organisation.objects.filter(
            normalised_name__in=[o.normalised_name for o in live], merged_into__isnull=True
        )
        .exclude(pk__in=[o.pk for o in live])
        .values_list("normalised_name", flat=True)
    )
    for organisation in live:
        if organisation.normalised_name in taken:
            organisation.normalised_name = f"{organisation.normalised_name}#{organisation.pk}"
        taken.add(organisation.normalised_name)
    with transaction.atomic():
        Organisation.objects.all().write_keys(organisations)
        index_organisations(organisations)


def stale_organisations() -> models.QuerySet[Organisation]:
    """Entries whose name, place or merged state changed past the model (raw SQL, a data
    migration with the historical model): their keys and word rows are not theirs."""
    read_from = Concat(
        "name",
        Value(KEYS_SEPARATOR),
        "city",
        Value(KEYS_SEPARATOR),
        Case(When(merged_into__isnull=True, then=Value("")), default=Value("m")),
        output_field=models.CharField(),
    )
    return Organisation.objects.exclude(keys_read_from=read_from)


def read_stale_organisations() -> int:
    """Read again every entry ``stale_organisations`` finds (after each ``migrate``)."""
    ids = list(stale_organisations().values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        read_again(list(Organisation.objects.filter(pk__in=ids[start : start + 500])))
    return len(ids)


def reindex_words(words: Iterable[str]) -> int:
    """Read again the entries whose names use ``words`` (an abbreviation was added or
    changed): their keys and word rows follow the table."""
    ids = OrganisationToken.objects.filter(token__in=set(words)).values("organisation_id")
    organisations = list(Organisation.objects.filter(pk__in=ids, merged_into__isnull=True))
    read_again(organisations)
    return len(organisations)


@receiver(post_migrate, dispatch_uid="contacts_read_stale_organisations")
def _read_stale_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After every ``migrate``: entries a data migration (or raw SQL) changed past the
    model get their recogniser keys and word rows again."""
    if sender.name != "contacts":
        return
    connection = connections[using]
    if Organisation._meta.db_table not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        table = connection.introspection.get_table_description(cursor, Organisation._meta.db_table)
    if "keys_read_from" in {column.name for column in table}:  # not below contacts 0024
        read_stale_organisations()


@receiver(objects_inserting, sender=Organisation)
def _keys_before_insert(sender: type, objects: list[Organisation], **kwargs: Any) -> None:
    for organisation in objects:
        organisation.refresh_keys()


@receiver(objects_inserted, sender=Organisation)
def _words_after_insert(sender: type, objects: list[Organisation], **kwargs: Any) -> None:
    index_organisations(objects, fresh=True)


@receiver([post_save, post_delete], sender=Abbreviation)
def _abbreviation_changed(
    sender: type[Abbreviation], instance: Abbreviation, **kwargs: Any
) -> None:
    forget_lexicon()
    affected = set(names.words(instance.short)) | set(names.words(instance.long))
    affected |= {"".join(names.words(instance.long)), "".join(names.words(instance.short))}
    reindex_words(affected)


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
    # Who in the team looks after this partner (the Wiedervorlagen page filters by it);
    # optional, set to whoever recorded the contact unless chosen otherwise.
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zuständig im Team"),
    )
    # The named figures (active at a date, new, ended, dormant, missing): contacts.querysets.
    objects = NetworkContactQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[fields_of_action, cooperation_forms],
        no_db_index=["organisation", "project", "created_by", "last_interaction_on", "responsible"],
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

    def save(self, *args: Any, **kwargs: Any) -> None:
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


class DataSource(models.TextChoices):
    """Where a contact person's data came from (Art. 13 or Art. 14 DSGVO)."""

    RECORDED = "recorded", _("vom Vorhaben erfasst")
    IMPORTED = "imported", _("aus einer Liste importiert")
    FROM_PERSON = "from_person", _("von der Person selbst angegeben")


class InformationExemption(models.TextChoices):
    """Why a person need not receive the information of Art. 14 DSGVO."""

    COLLECTED_FROM_PERSON = (
        "art13",
        _("bei der Person erhoben, bei der Erhebung informiert (Art. 13 DSGVO)"),
    )
    HAS_INFORMATION = (
        "has_information",
        _("Die Person verfügt bereits über die Informationen (Art. 14 Abs. 5 lit. a DSGVO)"),
    )


# Art. 14 Abs. 3 lit. a DSGVO: inform within a reasonable period, at the latest a month.
INFORM_WITHIN_MONTHS = 1


def imported_source(*, file_name: str, number: int, on: datetime.date | None = None) -> dict:
    """The source fields of a person an import creates: "Liste „x.xlsx“ (Import Nr. 12)"
    – the import passes them, so the rule what an import records lives here."""
    # Stored data, in German whatever the language of the page that imported it; the file
    # name is cut so that the note fits its field.
    note = "Liste „{name}“ (Import Nr. {number})"
    room = max_length(ContactPerson, "source_note") - len(note.format(name="", number=number))
    return {
        "source": DataSource.IMPORTED,
        "source_note": note.format(name=file_name[:room], number=number),
        "collected_on": on or timezone.localdate(),
    }


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
    consent_withdrawn_on = models.DateField(
        _("Einwilligung widerrufen / Widerspruch am"),
        null=True,
        blank=True,
        help_text=_("Ab diesem Tag läuft die Löschfrist (Löschkonzept)."),
    )
    is_active = models.BooleanField(_("aktuell zuständig"), default=True)
    source = models.CharField(
        _("Herkunft der Daten"), max_length=12, choices=DataSource, default=DataSource.RECORDED
    )
    source_note = models.CharField(
        _("Herkunft genauer"),
        max_length=200,
        blank=True,
        help_text=_("Zum Beispiel: Website der Organisation, Visitenkarte, Liste des Vorhabens."),
    )
    collected_on = models.DateField(
        _("erhoben am"), null=True, blank=True, help_text=_("Ab diesem Tag läuft die Monatsfrist.")
    )
    informed_on = models.DateField(
        _("informiert am"),
        null=True,
        blank=True,
        help_text=_("Tag, an dem die Person nach Art. 14 DSGVO informiert wurde."),
    )
    information_exemption = models.CharField(
        _("Information nicht nötig, weil"),
        max_length=20,
        choices=InformationExemption,
        blank=True,
    )
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

    @property
    def needs_information(self) -> bool:
        """Art. 14 DSGVO: the data did not come from the person and nobody informed them."""
        return (
            self.erased_at is None
            and self.source != DataSource.FROM_PERSON
            and not self.information_exemption
            and self.informed_on is None
        )

    @property
    def inform_by(self) -> datetime.date | None:
        """The last day to inform the person (a month after the data were obtained)."""
        start = self.collected_on or (self.created_at and timezone.localdate(self.created_at))
        if start is None:
            return None
        month = start.month + INFORM_WITHIN_MONTHS
        year, month = start.year + (month - 1) // 12, (month - 1) % 12 + 1
        return start.replace(year=year, month=month, day=min(start.day, 28))


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


class PersonChange(models.Model):
    """A project reported that its contact person at an organisation left: the other
    projects working with the organisation see "Ansprechperson gewechselt" – only the
    organisation and the day, nothing about the person or the reporting project's data."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="person_changes"
    )
    reported_by = models.ForeignKey(
        NetworkContact, on_delete=models.CASCADE, related_name="+", editable=False
    )
    reported_on = models.DateField(_("gemeldet am"), default=timezone.localdate)

    class Meta:
        verbose_name = _("Wechsel der Ansprechperson")
        verbose_name_plural = _("Wechsel der Ansprechpersonen")
        indexes = [models.Index(fields=["organisation", "-reported_on"])]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.reported_on:%d.%m.%Y})"


# --- data-subject requests (DSGVO) ------------------------------------------------------


class PrivacyAction(models.TextChoices):
    ACCESS_REPORT = "access_report", _("Auskunft nach Art. 15 DSGVO")
    ERASURE = "erasure", _("Löschung nach Art. 17 DSGVO")
    NOTICE = "notice", _("Information nach Art. 14 DSGVO erstellt")
    INFORMED = "informed", _("als informiert eingetragen (Art. 14 DSGVO)")
    RETENTION = "retention", _("Löschung nach Löschregel")


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
    user_label = models.CharField(_("bearbeitet von"), max_length=LABEL_LENGTH)

    class Meta:
        verbose_name = _("Datenschutzvorgang")
        verbose_name_plural = _("Datenschutzvorgänge")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.person_id}"


# --- information of Art. 14 DSGVO -----------------------------------------------------

FILL_IN = "[bitte ergänzen: "  # marks what the operator must fill in before use


class NoticeTemplate(models.Model):
    """The text of the information a contact person receives (Art. 14 DSGVO), kept by the
    coordination office – one template for all projects. "{vorhaben}" and "{traeger}" are
    replaced by the person's project and its operators; the source is filled per person."""

    subject = models.CharField(
        _("Betreff"),
        max_length=200,
        default="Information über die Verarbeitung Ihrer Kontaktdaten (Art. 14 DSGVO)",
    )
    introduction = models.TextField(
        _("Einleitung"),
        default=(
            "das Vorhaben {vorhaben} arbeitet im Programm ThINKA mit Organisationen im "
            "Stadtteil zusammen. Dafür haben wir Ihre dienstlichen Kontaktdaten gespeichert. "
            "Nach Art. 14 der Datenschutz-Grundverordnung (DSGVO) informieren wir Sie darüber."
        ),
    )
    controller = models.TextField(
        _("Verantwortlich"),
        default=(
            "{traeger} als Träger des Vorhabens {vorhaben}, [bitte ergänzen: Anschrift, "
            "Telefon, E-Mail]. Datenschutzbeauftragte*r: [bitte ergänzen: Name oder Stelle, "
            "Kontakt]."
        ),
    )
    purposes = models.TextField(
        _("Zwecke"),
        default=(
            "Netzwerkarbeit des Vorhabens: Kontakt zu Ihrer Organisation halten, gemeinsame "
            "Angebote abstimmen, Verweisberatung. Die Koordinierungsstelle (ThASG e. V.) prüft "
            "die Angaben; das Ministerium erhält nur Summen ohne Angaben zu Personen."
        ),
    )
    legal_basis = models.TextField(
        _("Rechtsgrundlage"),
        default=(
            "Art. 6 Abs. 1 lit. f DSGVO (berechtigtes Interesse an der Zusammenarbeit mit "
            "Ihrer Organisation über dienstliche Kontaktdaten) oder, wo Sie eingewilligt haben, "
            "Art. 6 Abs. 1 lit. a DSGVO."
        ),
    )
    categories = models.TextField(
        _("Kategorien der Daten"),
        default="Name, Funktion, dienstliche Telefonnummer und E-Mail-Adresse, Organisation.",
    )
    recipients = models.TextField(
        _("Empfänger"),
        default=(
            "Mitarbeitende des Vorhabens und die Koordinierungsstelle ThINKA; "
            "[bitte ergänzen: Auftragsverarbeiter, z. B. Rechenzentrum]."
        ),
    )
    retention = models.TextField(
        _("Speicherdauer"),
        default=(
            "Bis drei Jahre nach dem Ende der Zusammenarbeit mit Ihrer Organisation oder bis "
            "zu Ihrem Widerspruch bzw. Widerruf; danach werden die Daten gelöscht."
        ),
    )
    rights = models.TextField(
        _("Ihre Rechte"),
        default=(
            "Sie haben das Recht auf Auskunft (Art. 15), Berichtigung (Art. 16), Löschung "
            "(Art. 17), Einschränkung (Art. 18) und Widerspruch (Art. 21 DSGVO); eine "
            "Einwilligung können Sie jederzeit widerrufen. Sie können sich beim Thüringer "
            "Landesbeauftragten für den Datenschutz und die Informationsfreiheit (TLfDI) "
            "beschweren."
        ),
    )
    closing = models.TextField(
        _("Schluss"),
        default="Mit freundlichen Grüßen\n[bitte ergänzen: Name, Vorhaben]",
    )
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    history = HistoricalRecords()

    SECTIONS = (
        "controller",
        "purposes",
        "legal_basis",
        "categories",
        "recipients",
        "retention",
        "rights",
    )

    class Meta:
        verbose_name = _("Vorlage der Information nach Art. 14 DSGVO")
        verbose_name_plural = _("Vorlagen der Information nach Art. 14 DSGVO")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> NoticeTemplate:
        """The one template (created with the German defaults on first use)."""
        template = cls.objects.order_by("pk").first()
        if template is None:
            template = cls.objects.create()
        return template

    @property
    def needs_filling_in(self) -> bool:
        return any(
            FILL_IN in getattr(self, name) for name in ("introduction", *self.SECTIONS, "closing")
        )
