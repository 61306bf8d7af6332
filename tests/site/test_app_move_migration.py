"""The move of the import models to ``imports`` and of ExportLog to ``reports`` (issue 15):
a database in the schema before the move, holding the demo data, an import and an export,
migrates forward without copying a row – same tables, same columns, same rows, and the
permissions follow the models. Runs on SQLite and on PostgreSQL (CI runs both)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from imports import services as import_services
from imports.models import ImportBatch, SavedImportMapping
from projects.models import Project
from reports.models import ExportKind, ExportLog

BEFORE_THE_MOVE = [
    ("contacts", "0010_project_activity_index"),
    ("imports", None),
    ("reports", None),
]
OLD_STATE = [("contacts", "0010_project_activity_index")]  # the old models, for reading
AFTER_THE_MOVE = [
    ("contacts", "0011_move_imports_and_exports"),
    ("imports", "0001_initial"),
    ("reports", "0001_initial"),
]
MOVED_TABLES = [
    "contacts_importbatch",
    "contacts_importchange",
    "contacts_savedimportmapping",
    "contacts_exportlog",
    "contacts_exportlog_projects",
]
LIST = "Name der Einrichtung;Ort\r\nImkerverein Lindenblüte e. V.;Sonneberg\r\nSchachclub Königsspringer;Sonneberg\r\n"


def schema() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        return {
            table: sorted(
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            )
            for table in connection.introspection.table_names(cursor)
        }


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def count_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - fixed table names
        return cursor.fetchone()[0]


@pytest.fixture
def database_before_the_move(committed_db):
    """The demo data, an import, an export and a saved mapping – then the schema taken back
    to before the move, as a database of the previous version would be."""
    call_command("seed_demo", "--allow-without-debug", verbosity=0)
    project = Project.objects.get(slug="sonneberg")
    batch = import_services.upload(
        project=project, by=None, file_name="liste.csv", data=LIST.encode()
    )
    import_services.commit(batch=batch, by=None)
    log = ExportLog.objects.create(kind=ExportKind.MINISTRY, user_label="Koordination", rows=3)
    log.projects.add(project)
    SavedImportMapping.objects.create(project=project, name="Liste 2015", mapping={"0": "name"})
    executor = migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state(OLD_STATE).apps
    # The content types the old code's post_migrate created, with a permission given out.
    ContentType.objects.filter(app_label__in=["imports", "reports"]).delete()
    ContentType.objects.clear_cache()
    old_type, _created = ContentType.objects.get_or_create(
        app_label="contacts", model="importbatch"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=old_type, codename="view_importbatch", defaults={"name": "Can view import"}
    )
    # The old models (from the migration state) read the rows: they are the old tables.
    assert old.get_model("contacts", "ImportBatch").objects.count() == 1
    assert old.get_model("contacts", "ExportLog").objects.get(pk=log.pk).rows == 3
    yield {"batch": batch, "permission": permission, "log": log}
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def test_the_move_keeps_every_table_column_and_row(database_before_the_move):
    tables_before = schema()
    rows_before = {table: count_rows(table) for table in MOVED_TABLES}
    assert rows_before["contacts_importchange"] > 0
    assert rows_before["contacts_exportlog_projects"] == 1

    executor = migrate(AFTER_THE_MOVE)
    ContentType.objects.clear_cache()
    # The models as they were right after the move (later migrations add columns).
    moved = executor.loader.project_state(AFTER_THE_MOVE).apps

    assert schema() == tables_before  # state only: not one table or column changed
    assert {table: count_rows(table) for table in MOVED_TABLES} == rows_before
    batch = moved.get_model("imports", "ImportBatch").objects.get()
    assert batch.pk == database_before_the_move["batch"].pk
    assert batch.created_count == 2
    changes = moved.get_model("imports", "ImportChange").objects.filter(batch=batch)
    assert changes.count() == rows_before["contacts_importchange"]
    log = moved.get_model("reports", "ExportLog").objects.get(pk=database_before_the_move["log"].pk)
    assert log.kind == ExportKind.MINISTRY
    assert [p.slug for p in log.projects.all()] == ["sonneberg"]
    assert moved.get_model("imports", "SavedImportMapping").objects.get().name == "Liste 2015"


def test_permissions_follow_the_moved_models(database_before_the_move):
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    permission = Permission.objects.get(pk=database_before_the_move["permission"].pk)
    assert permission.content_type.app_label == "imports"
    assert permission.content_type.model_class() is ImportBatch


def test_the_move_can_be_reversed_without_touching_a_row(database_before_the_move):
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    rows = {table: count_rows(table) for table in MOVED_TABLES}
    executor = migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state(OLD_STATE).apps
    assert {table: count_rows(table) for table in MOVED_TABLES} == rows
    assert old.get_model("contacts", "ImportBatch").objects.count() == 1
    ContentType.objects.clear_cache()
    permission = Permission.objects.get(pk=database_before_the_move["permission"].pk)
    assert permission.content_type.app_label == "contacts"
