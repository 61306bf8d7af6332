"""Writes of the contacts app. Atomic, keyword-only, and always with the acting user."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts import selectors
from contacts.models import (
    ORGANISATION_EXISTS,
    Abbreviation,
    ContactPerson,
    CooperationForm,
    FieldOfAction,
    Interaction,
    NetworkContact,
    Organisation,
    PersonChange,
    Vocabulary,
)
from core.actors import acted_by
from core.versioning import bump_version, save_versioned
from projects.models import Project

_by = acted_by  # short: used on every save below


@transaction.atomic
def _responsible(chosen: User | None, *, project: Project, by: User) -> User:
    """Who looks after a new contact: the chosen team member, else whoever records it."""
    if chosen is None:
        return by
    if not project.memberships.filter(user=chosen).exists():
        raise ValidationError(
            {"responsible": _("Zuständig kann nur sein, wer zum Team des Vorhabens gehört.")}
        )
    return chosen


def network_contact_create(
    *,
    project: Project,
    organisation: Organisation,
    contact: NetworkContact,
    by: User,
    fields_of_action: Iterable[FieldOfAction] = (),
    cooperation_forms: Iterable[CooperationForm] = (),
) -> NetworkContact:
    """Create the relationship; a new organisation (no pk yet) is created with it.

    The database holds one live register entry per name and place and one network contact
    per project and organisation: a request that loses a race against another (two tabs,
    a double click) gets the same German message as one that comes later, never a second
    record and never a server error.
    """
    already = ValidationError(
        _("%(org)s ist bereits ein Netzwerkkontakt von %(project)s.")
        % {"org": organisation.name, "project": project.name}
    )
    try:
        with transaction.atomic():
            if organisation.pk is None:
                _by(organisation, by).full_clean()
                organisation.save()
            if NetworkContact.objects.filter(project=project, organisation=organisation).exists():
                raise already
            contact.project = project
            contact.organisation = organisation
            contact.created_by = by
            contact.responsible = _responsible(contact.responsible, project=project, by=by)
            save_versioned(_by(contact, by), expected_version=None)
    except IntegrityError as race:
        if (
            organisation.pk is not None
            and NetworkContact.objects.filter(
                project=project, organisation_id=organisation.pk
            ).exists()
        ):
            raise already from race
        raise ValidationError(ORGANISATION_EXISTS) from race
    contact.fields_of_action.set(fields_of_action)
    contact.cooperation_forms.set(cooperation_forms)
    return contact


@transaction.atomic
def network_contact_record(
    *,
    project: Project,
    organisation: Organisation,
    contact: NetworkContact,
    by: User,
    fields_of_action: Iterable[FieldOfAction] = (),
    cooperation_forms: Iterable[CooperationForm] = (),
    person: ContactPerson | None = None,
    first_interaction: Interaction | None = None,
) -> NetworkContact:
    """The one-page recording: the relationship, optionally its first contact person and
    its first contact-history entry – all of it or nothing."""
    contact = network_contact_create(
        project=project,
        organisation=organisation,
        contact=contact,
        fields_of_action=fields_of_action,
        cooperation_forms=cooperation_forms,
        by=by,
    )
    if person is not None:
        person_save(contact=contact, person=person, expected_version=None, by=by)
    if first_interaction is not None:
        interaction_create(contact=contact, interaction=first_interaction, by=by)
    return contact


@transaction.atomic
def network_contact_set_archived(
    *, contact: NetworkContact, archived: bool, by: User
) -> NetworkContact:
    contact.is_archived = archived
    return bump_version(_by(contact, by), update_fields=["is_archived"])


def _refresh_last_interaction(contact: NetworkContact) -> None:
    latest = contact.interactions.aggregate(latest=Max("date"))["latest"]
    NetworkContact.objects.filter(pk=contact.pk).update(last_interaction_on=latest)


@transaction.atomic
def interaction_create(
    *, contact: NetworkContact, interaction: Interaction, by: User
) -> Interaction:
    interaction.network_contact = contact
    interaction.created_by = by
    _by(interaction, by).full_clean()
    interaction.save()
    _refresh_last_interaction(contact)
    return interaction


@transaction.atomic
def person_save(
    *, contact: NetworkContact, person: ContactPerson, expected_version: int | None, by: User
) -> ContactPerson:
    person.network_contact = contact
    if person.collected_on is None:  # the month of Art. 14 DSGVO runs from here
        person.collected_on = timezone.localdate()
    return save_versioned(_by(person, by), expected_version=expected_version)


@transaction.atomic
def person_leave(
    *,
    contact: NetworkContact,
    person: ContactPerson,
    successor: ContactPerson | None,
    expected_version: int | None,
    by: User,
) -> ContactPerson | None:
    """A contact person left the organisation: no longer responsible, the successor (if
    known) recorded, and the other projects working with the organisation told that the
    person changed (``PersonChange``: organisation and day only)."""
    person.is_active = False
    person_save(contact=contact, person=person, expected_version=expected_version, by=by)
    if successor is not None:
        successor.pk = None
        successor.is_active = True
        person_save(contact=contact, person=successor, expected_version=None, by=by)
    PersonChange.objects.create(organisation=contact.organisation, reported_by=contact)
    return successor


class MergeConflict(ValidationError):
    """Both organisations are network contacts of the same projects."""

    def __init__(self, projects: list[Project]) -> None:
        names = ", ".join(p.name for p in projects)
        super().__init__(
            _(
                "Beide Organisationen sind Netzwerkkontakt von: %(names)s. Bitte bestätigen "
                "Sie, dass diese Netzwerkkontakte zusammengelegt werden."
            )
            % {"names": names}
        )
        self.projects = projects


@transaction.atomic
def organisation_merge(
    *,
    source: Organisation,
    target: Organisation,
    by: User,
    combine_conflicts: bool = False,
) -> Organisation:
    """Move every relationship of ``source`` to ``target``; ``source`` stays as a pointer.

    Where both are contacts of the same project, the two network contacts are combined only
    when asked to: contact persons and history move over, vocabularies are united, notes are
    appended. Nothing is deleted without that consent.
    """
    if source.pk == target.pk:
        raise ValidationError(
            _("Eine Organisation kann nicht mit sich selbst zusammengeführt werden.")
        )
    if source.merged_into_id or target.merged_into_id:
        raise ValidationError(_("Diese Organisation wurde bereits zusammengeführt."))
    conflicts = selectors.merge_conflicts(source=source, target=target)
    if conflicts and not combine_conflicts:
        raise MergeConflict(conflicts)
    for contact in source.network_contacts.select_for_update():
        existing = (
            NetworkContact.objects.select_for_update()
            .filter(project_id=contact.project_id, organisation=target)
            .first()
        )
        if existing is None:
            contact.organisation = target
            bump_version(_by(contact, by), update_fields=["organisation"])
            continue
        contact.persons.update(network_contact=existing)
        contact.interactions.update(network_contact=existing)
        existing.fields_of_action.add(*contact.fields_of_action.all())
        existing.cooperation_forms.add(*contact.cooperation_forms.all())
        if contact.notes:
            existing.notes = "\n\n".join(filter(None, [existing.notes, contact.notes]))
        if contact.since and (existing.since is None or contact.since < existing.since):
            existing.since = contact.since
        existing.in_steering_group = existing.in_steering_group or contact.in_steering_group
        bump_version(_by(existing, by))
        _refresh_last_interaction(existing)
        _by(contact, by).delete()
    source.merged_into = target
    bump_version(_by(source, by), update_fields=["merged_into"])
    return target


# --- vocabularies (the coordination office keeps them) ------------------------------------


@transaction.atomic
def vocabulary_save(*, entry: Vocabulary, by: User) -> Vocabulary:
    _by(entry, by).full_clean()
    entry.save()
    return entry


@transaction.atomic
def vocabulary_delete(*, entry: Vocabulary, by: User) -> None:
    """Only an entry nobody uses: deactivating keeps the data that refers to it."""
    if selectors.vocabulary_in_use(entry):
        raise ValidationError(
            _(
                "„%(label)s“ wird bereits verwendet und kann nicht gelöscht werden. Sie können "
                "den Eintrag stattdessen deaktivieren."
            )
            % {"label": entry.label}
        )
    _by(entry, by).delete()


# --- the recogniser's abbreviation table (the coordination office extends it) ------------


@transaction.atomic
def abbreviation_save(*, entry: Abbreviation, by: User) -> Abbreviation:
    """Add or change an abbreviation: the register's names using it are read again at once
    (contacts.models: keys and word rows), so the type-ahead, the searches and the import
    recognise the organisations by it."""
    entry.full_clean()
    _by(entry, by).save()
    return entry


@transaction.atomic
def abbreviation_delete(*, entry: Abbreviation, by: User) -> None:
    _by(entry, by).delete()
