"""Writes of the import: upload, commit (all or nothing), undo (exactly what was created)."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Q, QuerySet
from django.db.models.fields.related_descriptors import ManyToManyDescriptor
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contacts.models import (
    ContactPerson,
    LegalBasis,
    NetworkContact,
    Organisation,
    OrganisationType,
    imported_source,
)
from core.actors import acted_by
from core.db import insert_from, insert_rows, long_statements
from core.history import bulk_create_with_history, bulk_delete_with_history
from core.limits import max_length
from core.versioning import VersionedModel, save_versioned
from imports import evidence
from imports.models import (
    ImportBatch,
    ImportChange,
    ImportChangeKind,
    ImportStatus,
    SavedImportMapping,
)
from imports.rows import ERROR, NEW, PERSON, RowResult, evaluate
from imports.selectors import (
    give_back,
    plan_of,
    preview,
    previewed,
    remember_table,
    table_of,
)
from imports.tables import Table, read_table
from projects.models import Project

_by = acted_by


def upload(*, project: Project, by: User | None, file_name: str, data: bytes) -> ImportBatch:
    """Check that the file reads, then keep it as a draft with suggested mappings."""
    table = read_table(data, file_name)
    checksum = hashlib.sha256(data).hexdigest()
    remember_table((checksum, file_name[: max_length(ImportBatch, "file_name")], None), table)
    return ImportBatch.objects.create(
        project=project,
        user=by,
        changed_by=by,
        file_name=file_name[: max_length(ImportBatch, "file_name")],
        checksum=checksum,
        content=data,
        header_row=None,  # found by content on every sheet, until the user picks a row
        mapping=evidence.suggest(table.header, table.rows),
    )


# --- the wizard's draft: header row, mapping, links (all before the commit) ---------------


def header_row_set(
    *, batch: ImportBatch, header_row: int, table: Table, by: User | None
) -> ImportBatch:
    """The user's header row (``table`` read with it): other column names, so the mapping
    is suggested again."""
    batch.header_row = header_row
    batch.mapping = evidence.suggest(table.header, table.rows)
    batch.changed_by = by
    batch.save(update_fields=["header_row", "mapping", "changed_by"])
    return batch


def mapping_apply_saved(
    *, batch: ImportBatch, saved: SavedImportMapping, by: User | None
) -> ImportBatch:
    batch.mapping, batch.value_map = saved.mapping, saved.value_map
    batch.changed_by = by
    batch.save(update_fields=["mapping", "value_map", "changed_by"])
    return batch


@transaction.atomic
def mapping_save(
    *,
    batch: ImportBatch,
    mapping: dict[str, str],
    value_map: dict,
    mode: str,
    list_date: datetime.date | None = None,
    save_as: str = "",
    by: User | None,
) -> ImportBatch:
    """The columns' and values' mapping of a draft; under a name for the next list too."""
    batch.mapping, batch.value_map, batch.mode = mapping, value_map, mode
    batch.list_date = list_date
    batch.changed_by = by
    batch.save(update_fields=["mapping", "value_map", "mode", "list_date", "changed_by"])
    if save_as:
        SavedImportMapping.objects.update_or_create(
            project=batch.project,
            name=save_as,
            defaults={"mapping": mapping, "value_map": value_map, "saved_by": by},
        )
    return batch


def resolutions_save(
    *,
    batch: ImportBatch,
    resolutions: dict[str, str],
    replace: bool = False,
    by: User | None,
) -> ImportBatch:
    """The user's choices where the application holds newer values than the list
    ("row:field" or "*" → "list" or "keep"); ``replace``: a choice for all, earlier
    single choices dropped."""
    chosen = {k: v for k, v in resolutions.items() if v in ("list", "keep")}
    batch.resolutions = chosen if replace else {**batch.resolutions, **chosen}
    batch.changed_by = by
    batch.save(update_fields=["resolutions", "changed_by"])
    return batch


def links_save(*, batch: ImportBatch, links: dict[str, int | None], by: User | None) -> ImportBatch:
    """Rows linked to an existing register entry (row → organisation id; None: "Nein, neu
    anlegen", kept so that a doubtful candidate is not preselected again)."""
    merged = dict(batch.links)
    for row, organisation_id in links.items():
        merged[row] = organisation_id
    batch.links = merged
    batch.changed_by = by
    batch.save(update_fields=["links", "changed_by"])
    return batch


def role_set(*, batch: ImportBatch, column: str, role: str, by: User | None) -> ImportBatch:
    """One column's role changed in one action (the preview's "Rolle ändern"); a field
    another column had moves to this one."""
    plan = plan_of(batch).with_role(column, role)
    batch.mapping = plan.mapping
    batch.changed_by = by
    batch.save(update_fields=["mapping", "changed_by"])
    return batch


class ImportRefused(ValidationError):
    pass


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    persons: int = 0  # rows that brought a further contact person of an organisation
    review: list[RowResult] = field(default_factory=list)  # rows to check: values kept in the notes


def _review_entry(result: RowResult) -> dict[str, object]:
    """A row to check after the import, as ``ImportBatch.review`` keeps it."""
    first = result.first or result
    contact = first.contact
    return {
        "place": result.place,
        "name": result.name,
        "contact": contact.pk if contact is not None else None,
        "reasons": [str(reason) for reason in result.review],
    }


@transaction.atomic
def commit(*, batch: ImportBatch, by: User | None, skip_errors: bool = False) -> Counts:
    """Import every row in one transaction: everything or nothing.

    The rows are written as the preview evaluated them, if neither the plan nor anything
    the evaluation read has changed since (``selectors.previewed``); otherwise they are
    evaluated again here, inside the transaction. Either way an existing contact changed
    since its evaluation refuses the import: an outdated preview never writes stale
    decisions.
    """
    with long_statements():
        return _commit(batch=batch, by=by, skip_errors=skip_errors)


def _commit(*, batch: ImportBatch, by: User | None, skip_errors: bool) -> Counts:
    # One import at a time per project: a second commit waits here for the first and then
    # evaluates its rows against what the first created (PostgreSQL row lock).
    Project.objects.select_for_update().get(pk=batch.project_id)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.DRAFT:
        raise ImportRefused(_("Diese Liste wurde bereits importiert."))
    table = table_of(batch)
    plan = plan_of(batch, table)
    if not plan.has("organisation"):
        raise ImportRefused(_("Bitte ordnen Sie eine Spalte dem Namen der Organisation zu."))
    # Taken under the project's lock: no other import of this project runs meanwhile.
    evaluation = previewed(batch, plan)
    results = evaluation.results if evaluation else evaluate(table, plan, batch.project)
    errors = [r for r in results if r.status == ERROR]
    if errors and not skip_errors:
        if evaluation is not None:
            give_back(batch, evaluation)  # nothing changed: the next try may take it
        raise ImportRefused(
            ngettext(
                "%(n)s Zeile hat Fehler. Korrigieren Sie die Datei oder lassen Sie diese Zeile "
                "ausdrücklich aus.",
                "%(n)s Zeilen haben Fehler. Korrigieren Sie die Datei oder lassen Sie diese "
                "Zeilen ausdrücklich aus.",
                len(errors),
            )
            % {"n": len(errors)}
        )
    default_type = OrganisationType.objects.get(code="sonstige")
    counts = Counts()
    new_rows = [r for r in results if r.status == NEW]
    try:
        with transaction.atomic():
            _create_many(batch, new_rows, by, default_type)
    except IntegrityError as race:
        # Another project's import created the same organisation at this very moment.
        raise ImportRefused(
            _(
                "Während dieses Imports wurden dieselben Organisationen gerade von anderer "
                "Stelle angelegt. Es wurde nichts importiert; bitte starten Sie den Import "
                "noch einmal."
            )
        ) from race
    counts.created = len(new_rows)
    counts.review = [r for r in results if r.needs_review]
    for result in results:
        if result.is_update and any(result.updates.values()):
            _update(batch, result, by)
            counts.updated += 1
        elif result.is_update:
            counts.skipped += 1  # every conflict kept the application's value
        elif result.status == PERSON:
            counts.persons += 1
        elif result.status != NEW:
            counts.skipped += 1
    batch.status = ImportStatus.COMMITTED
    batch.committed_at = timezone.now()
    batch.user = batch.user or by
    batch.created_count, batch.updated_count, batch.skipped_count = (
        counts.created,
        counts.updated,
        counts.skipped,
    )
    batch.review = [_review_entry(result) for result in counts.review]
    batch.save()
    return counts


def _record(
    batch: ImportBatch,
    kind: str,
    instance: NetworkContact | ContactPerson,
    old_values: dict[str, object] | None = None,
) -> None:
    ImportChange.objects.create(
        batch=batch,
        kind=kind,
        object_id=instance.pk,
        version_after=getattr(instance, "version", 1),
        old_values=old_values or {},
    )


ORG_FIELDS = ("street", "postcode", "city", "phone", "email", "website")
CONTACT_FIELDS = ("intensity", "since", "status", "ended_on", "in_steering_group", "notes")
BULK = 1000


def _link_rows(
    relation: ManyToManyDescriptor[Any, Any],
    contacts_and_ids: list[tuple[NetworkContact, list[int]]],
) -> None:
    """The rows of an m2m table (e.g. contact ↔ field of action), inserted as plain ids."""
    source = relation.field.m2m_field_name()
    target = relation.field.m2m_reverse_field_name()
    pairs = [(contact.pk, pk) for contact, ids in contacts_and_ids for pk in dict.fromkeys(ids)]
    insert_rows(relation.through, [source, target], pairs, batch_size=BULK)


def _create_many(
    batch: ImportBatch,
    rows: list[RowResult],
    by: User | None,
    default_type: OrganisationType,
) -> None:
    """New rows in bulk: organisations, network contacts, their vocabularies and persons –
    a few statements per 500 rows instead of a dozen per row, with history entries."""
    new_orgs = []
    for result in rows:
        if result.organisation is None:
            values = result.values
            result.organisation = Organisation(
                name=values["organisation"],
                organisation_type_id=values.get("organisation_type") or default_type.pk,
                **{name: values[name] for name in ORG_FIELDS if name in values},
            )  # its matching keys and words: as it is inserted (contacts.models)
            new_orgs.append(result.organisation)
    bulk_create_with_history(new_orgs, Organisation, batch_size=BULK, user=by)
    # Who looks after the new contacts (issue 33): whoever imports them, as for a contact
    # recorded by hand – if they belong to the project's team (the coordination office
    # importing for a project, or the command line without a user: nobody yet).
    responsible = (
        by if by is not None and batch.project.memberships.filter(user=by).exists() else None
    )
    contacts = [
        # Keys rather than objects: Django's checks of an assigned object, 40,000 times.
        NetworkContact(
            project_id=batch.project_id,
            organisation_id=_organisation_of(result).pk,
            created_by_id=_key(by),
            responsible_id=_key(responsible),
            **{name: result.values[name] for name in CONTACT_FIELDS if name in result.values},
        ).align_end_date()
        for result in rows
    ]
    bulk_create_with_history(contacts, NetworkContact, batch_size=BULK, user=by)
    for contact, result in zip(contacts, rows, strict=True):
        result.contact = contact  # for the list of rows to check after the import
    for relation, name in (
        (NetworkContact.fields_of_action, "fields_of_action"),
        (NetworkContact.cooperation_forms, "cooperation_forms"),
    ):
        _link_rows(
            relation, [(c, r.values.get(name, [])) for c, r in zip(contacts, rows, strict=True)]
        )
    source = imported_source(file_name=batch.file_name, number=batch.pk)  # one for all
    persons = [
        _new_person(contact, person, source)
        for contact, result in zip(contacts, rows, strict=True)
        for person in result.persons
    ]
    bulk_create_with_history(persons, ContactPerson, batch_size=BULK, user=by)
    # Existing register entries the new contacts link to: their empty fields the list fills
    # (rows._register_values), remembered with the contact's entry in the undo log.
    fills = {
        contact.pk: filled
        for contact, result in zip(contacts, rows, strict=True)
        if result.updates.get("organisation")
        and (filled := _fill_register(contact.organisation_id, result.updates["organisation"], by))
    }
    # The undo log, written by the database from the new rows (their ids and versions).
    for model, created, kind in (
        (Organisation, new_orgs, ImportChangeKind.CREATED_ORGANISATION),
        (NetworkContact, contacts, ImportChangeKind.CREATED_CONTACT),
        (ContactPerson, persons, ImportChangeKind.CREATED_PERSON),
    ):
        insert_from(
            ImportChange,
            model,
            [obj.pk for obj in created],
            copy={"object_id": "id", "version_after": "version"},
            values={"batch_id": batch.pk, "kind": kind, "old_values": {}},
            batch_size=BULK,
        )
    for change in ImportChange.objects.filter(
        batch=batch, kind=ImportChangeKind.CREATED_CONTACT, object_id__in=list(fills)
    ):
        change.old_values = {"organisation": fills[change.object_id]}
        change.save(update_fields=["old_values"])


def _key(instance: Model | None) -> int | None:
    return instance.pk if instance is not None else None


def _organisation_of(result: RowResult) -> Organisation:
    assert result.organisation is not None  # matched, linked or just created
    return result.organisation


def _new_person(
    contact: NetworkContact, person: dict[str, Any], source: dict[str, Any]
) -> ContactPerson:
    """A person of the list; ``source``: ``imported_source`` of the batch (Art. 14 DSGVO:
    from list N on this day – the persons are to be informed)."""
    return ContactPerson(
        network_contact_id=contact.pk,
        name=person["name"],
        function=person["function"],
        phone=person["phone"],
        email=person["email"],
        consent_on=person.get("consent_on"),
        legal_basis=LegalBasis.CONSENT if person.get("consent_on") else LegalBasis.PUBLIC_FUNCTION,
        **source,
    )


def _fill_register(
    organisation_id: int, fills: dict[str, Any] | None, by: User | None
) -> dict[str, object] | None:
    """Empty fields of the shared register entry the list fills (rows._register_values);
    what the undo needs to empty them again, or None if nothing was filled."""
    if not fills:
        return None
    organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    filled = {name: value for name, value in fills.items() if not getattr(organisation, name)}
    if not filled:
        return None
    for name, value in filled.items():
        setattr(organisation, name, value)
    save_versioned(_by(organisation, by), expected_version=organisation.version)
    return {"id": organisation.pk, "version_after": organisation.version, "fields": sorted(filled)}


def _json(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _update(batch: ImportBatch, result: RowResult, by: User | None) -> None:
    """Write what the preview showed for an existing contact ("ergänzen": empty fields,
    added vocabulary entries and persons), recording the old values for the undo. A
    contact saved since its row was evaluated refuses the import (never overwritten)."""
    evaluated = result.contact
    assert evaluated is not None  # an update row has its contact (rows.evaluate)
    contact = NetworkContact.objects.select_for_update().get(pk=evaluated.pk)
    if contact.version != evaluated.version:
        raise ImportRefused(
            _(
                "Der Netzwerkkontakt „%(name)s“ wurde seit der Vorschau geändert. Es wurde "
                "nichts importiert; bitte prüfen Sie die Vorschau noch einmal."
            )
            % {"name": contact}
        )
    updates = result.updates
    old: dict[str, object] = {name: _json(getattr(contact, name)) for name in CONTACT_FIELDS}
    old["fields_of_action"] = list(contact.fields_of_action.values_list("pk", flat=True))
    old["cooperation_forms"] = list(contact.cooperation_forms.values_list("pk", flat=True))
    for name in CONTACT_FIELDS:
        if name in updates:
            setattr(contact, name, updates[name])
    save_versioned(_by(contact, by), expected_version=contact.version)
    if filled := _fill_register(contact.organisation_id, updates.get("organisation"), by):
        old["organisation"] = filled
    if updates.get("fields_of_action"):
        contact.fields_of_action.add(*updates["fields_of_action"])
    if updates.get("cooperation_forms"):
        contact.cooperation_forms.add(*updates["cooperation_forms"])
    _record(batch, ImportChangeKind.UPDATED_CONTACT, contact, old)
    for person in updates.get("persons", []):
        created = _new_person(
            contact, person, imported_source(file_name=batch.file_name, number=batch.pk)
        )
        save_versioned(_by(created, by), expected_version=None)
        _record(batch, ImportChangeKind.CREATED_PERSON, created)


@dataclass
class UndoReport:
    """What an undo did, per kind of record (a list's three contacts come with their
    organisations and persons: "10 entfernt" would read as ten contacts)."""

    contacts: int = 0
    organisations: int = 0
    persons: int = 0
    restored: int = 0
    kept: list[str] = field(default_factory=list)

    @property
    def removed(self) -> int:
        return self.contacts + self.organisations + self.persons


@transaction.atomic
def undo(*, batch: ImportBatch, by: User | None) -> UndoReport:
    """Remove exactly what the import created and restore what it changed – unless the
    record was edited since; those are kept and listed."""
    with long_statements():
        return _undo(batch=batch, by=by)


def _undo(*, batch: ImportBatch, by: User | None) -> UndoReport:
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.COMMITTED:
        raise ImportRefused(_("Nur ein abgeschlossener Import kann rückgängig gemacht werden."))
    report = UndoReport()
    changes: dict[str, list[ImportChange]] = {}
    for change in batch.changes.all():
        changes.setdefault(change.kind, []).append(change)
    # Persons first, then contacts, then organisations: each may hold on to the next.
    report.persons = _remove_unchanged(
        ContactPerson, changes.get(ImportChangeKind.CREATED_PERSON, []), report, by=by
    )
    for change in changes.get(ImportChangeKind.UPDATED_CONTACT, []):
        _restore(change, by, report)
    for change in changes.get(ImportChangeKind.CREATED_CONTACT, []):
        if filled := change.old_values.get("organisation"):
            _restore_register(filled, by, report)
    report.contacts = _remove_unchanged(
        NetworkContact,
        changes.get(ImportChangeKind.CREATED_CONTACT, []),
        report,
        in_use=lambda qs: qs.filter(Q(interactions__isnull=False) | Q(persons__isnull=False)),
        in_use_reason=_("inzwischen mit neuen Einträgen"),
        by=by,
    )
    report.organisations = _remove_unchanged(
        Organisation,
        changes.get(ImportChangeKind.CREATED_ORGANISATION, []),
        report,
        in_use=lambda qs: qs.filter(network_contacts__isnull=False),
        in_use_reason=_("von anderen Netzwerkkontakten genutzt"),
        by=by,
    )
    batch.status = ImportStatus.UNDONE
    batch.undone_at = timezone.now()
    batch.save()
    return report


def _remove_unchanged[M: VersionedModel](
    model: type[M],
    changes: list[ImportChange],
    report: UndoReport,
    in_use: Callable[[QuerySet[M]], QuerySet[M]] | None = None,
    in_use_reason: str = "",
    *,
    by: User | None = None,
) -> int:
    """Delete the created records not edited or used since; the number deleted."""
    removed = 0
    expected = {change.object_id: change.version_after for change in changes}
    for start in range(0, len(expected), BULK):
        ids = list(expected)[start : start + BULK]
        rows = model._default_manager.select_for_update().filter(pk__in=ids)
        edited = [obj for obj in rows.only("pk", "version") if obj.version != expected[obj.pk]]
        keep = {obj.pk for obj in edited}
        report.kept += [
            _("%(what)s „%(name)s“ (inzwischen bearbeitet)")
            % {"what": model._meta.verbose_name, "name": obj}
            for obj in model._default_manager.filter(pk__in=keep)
        ]
        candidates = model._default_manager.filter(pk__in=ids).exclude(pk__in=keep)
        if in_use is not None:
            used = model._default_manager.filter(pk__in=in_use(candidates).values("pk"))
            report.kept += [
                _("%(what)s „%(name)s“ (%(reason)s)")
                % {"what": model._meta.verbose_name, "name": obj, "reason": in_use_reason}
                for obj in used
            ]
            candidates = candidates.exclude(pk__in=used.values("pk"))
        removed += bulk_delete_with_history(
            model, list(candidates.values_list("pk", flat=True)), user=by
        )
    return removed


def _restore(change: ImportChange, by: User | None, report: UndoReport) -> None:
    instance = NetworkContact.objects.select_for_update().filter(pk=change.object_id).first()
    if instance is None:
        return
    if instance.version != change.version_after:
        report.kept.append(
            _("Netzwerkkontakt „%(name)s“ (inzwischen bearbeitet)") % {"name": instance}
        )
        return
    old = change.old_values
    for name in ("intensity", "status", "in_steering_group", "notes"):
        setattr(instance, name, old[name])
    for name in ("since", "ended_on"):
        value = old.get(name)
        setattr(instance, name, datetime.date.fromisoformat(value) if value else None)
    save_versioned(_by(instance, by), expected_version=instance.version)
    instance.fields_of_action.set(old["fields_of_action"])
    instance.cooperation_forms.set(old["cooperation_forms"])
    if filled := old.get("organisation"):
        _restore_register(filled, by, report)
    report.restored += 1


def _restore_register(filled: dict[str, Any], by: User | None, report: UndoReport) -> None:
    """Empty again the register entry's fields the import filled – unless it was edited
    since (then kept and listed)."""
    organisation = Organisation.objects.select_for_update().filter(pk=filled["id"]).first()
    if organisation is not None and organisation.version == filled["version_after"]:
        for name in filled["fields"]:
            setattr(organisation, name, "")
        save_versioned(_by(organisation, by), expected_version=organisation.version)
    elif organisation is not None:
        report.kept.append(
            _("Organisation „%(name)s“ (inzwischen bearbeitet)") % {"name": organisation}
        )


__all__ = [
    "ERROR",
    "NEW",
    "Counts",
    "ImportRefused",
    "commit",
    "preview",
    "undo",
    "upload",
]


def expire_drafts(*, older_than_days: int) -> int:
    """Imports left "in Vorbereitung" for ``older_than_days`` days expire: their uploaded
    file (it may name persons) is discarded, the entry stays as "abgelaufen"."""
    cutoff = timezone.now() - datetime.timedelta(days=older_than_days)
    return ImportBatch.objects.filter(status=ImportStatus.DRAFT, created_at__lt=cutoff).update(
        status=ImportStatus.EXPIRED, content=b""
    )
