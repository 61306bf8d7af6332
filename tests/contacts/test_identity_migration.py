"""contacts 0024 (issue 29): the register's uniqueness key becomes the recogniser's identity.
A register that holds two entries of one organisation under the old key ("AWO OV Gera"
beside "Arbeiterwohlfahrt Ortsverein Gera e. V.") migrates: the older keeps the identity,
the later gets "#<id>" and is offered for merging; a new second entry is refused. Runs on
SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from contacts import selectors
from contacts.models import Organisation, OrganisationType, stale_organisations
from core.text import fold

BEFORE = [("contacts", "0022_responsible_and_person_change")]
AFTER = [("contacts", "0025_drop_unused_name_trigram_index")]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def test_old_duplicates_are_kept_apart_and_new_ones_refused(committed_db):
    """(committed_db: migrating needs committed data; it also puts back the vocabularies an
    earlier transactional test emptied.)"""
    kind = OrganisationType.objects.get(code="verein")
    old_apps = _migrate(BEFORE).loader.project_state(BEFORE).apps
    old_model = old_apps.get_model("contacts", "Organisation")
    made = []
    for name, city in [
        ("AWO Ortsverein Gera e. V.", "Gera"),
        ("Arbeiterwohlfahrt OV Gera", "Gera"),  # the same organisation: the old key differs
        ("Tafel Jena", "Jena"),
    ]:
        made.append(
            old_model.objects.create(
                name=name,
                city=city,
                organisation_type_id=kind.pk,
                normalised_name=fold(name),
                normalised_city=fold(city),
            ).pk
        )
    try:
        _migrate(AFTER)
        call_command("migrate", verbosity=0)  # post_migrate: word rows for the new entries
        first, second, tafel = (Organisation.objects.get(pk=pk) for pk in made)
        assert first.normalised_name == "arbeiterwohlfahrt ortsverband@gera"
        assert second.normalised_name == f"arbeiterwohlfahrt ortsverband@gera#{second.pk}"
        assert tafel.normalised_name == "tafel@jena"
        assert not stale_organisations().exists()
        pairs = [(p.first.pk, p.second.pk) for p in selectors.possible_duplicates()]
        assert (first.pk, second.pk) in pairs
        second.phone = "0365 12345"
        second.save()  # the old duplicate stays editable until it is merged
        with pytest.raises(IntegrityError), transaction.atomic():
            Organisation.objects.create(
                name="Jenaer Tafel e.V.", city="", organisation_type_id=kind.pk
            )
    finally:
        call_command("migrate", verbosity=0)
        Organisation.objects.filter(pk__in=made).delete()
