"""Backup and restore as documented in docs/betrieb.md: a pg_dump restores into an empty
database, and the restored data gives the same counts."""

from __future__ import annotations

import shutil
import subprocess
import uuid

import psycopg2
import pytest
from django.db import connection

from contacts.models import ContactPerson, Interaction, NetworkContact, Organisation
from projects.models import Project
from tests import factories

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql" or not shutil.which("pg_dump"),
    reason="nur mit PostgreSQL und pg_dump/pg_restore",
)

TABLES = {
    Project: "projects_project",
    Organisation: "contacts_organisation",
    NetworkContact: "contacts_networkcontact",
    ContactPerson: "contacts_contactperson",
    Interaction: "contacts_interaction",
}


def _libpq_args(settings: dict) -> list[str]:
    args = ["-h", settings["HOST"] or "127.0.0.1", "-U", settings["USER"] or "postgres"]
    if settings.get("PORT"):
        args += ["-p", str(settings["PORT"])]
    return args


def test_a_dump_restores_into_an_empty_database_with_the_same_counts(committed_db, tmp_path):
    world_contact = factories.NetworkContactFactory()
    factories.ContactPersonFactory(network_contact=world_contact)
    factories.InteractionFactory(network_contact=world_contact)
    settings = connection.settings_dict
    dump = tmp_path / "thinka.dump"
    libpq = _libpq_args(settings)
    subprocess.run(
        ["pg_dump", *libpq, "-Fc", "--no-owner", "-f", str(dump), settings["NAME"]], check=True
    )
    target = f"thinka_restore_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", *libpq, target], check=True)
    try:
        subprocess.run(
            ["pg_restore", *libpq, "--no-owner", "--exit-on-error", "-d", target, str(dump)],
            check=True,
        )
        with (
            psycopg2.connect(
                dbname=target,
                host=settings["HOST"] or "127.0.0.1",
                user=settings["USER"] or "postgres",
                port=settings.get("PORT") or 5432,
            ) as restored,
            restored.cursor() as cursor,
        ):
            for model, table in TABLES.items():
                cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
                assert cursor.fetchone()[0] == model.objects.count(), table
                assert model.objects.count() >= 1
        restored.close()
    finally:
        subprocess.run(["dropdb", *libpq, "--if-exists", target], check=True)
