"""One name for the acting person (issue 34, docs/architecture.md "Begriffe"): every service
that changes data takes it as ``by`` and uses it; ``user`` never names it. The account a
service changes is ``account``.

Found by reading the services' signatures and bodies, so a new service is checked the day
it is written."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from pathlib import Path

import pytest

APPS = ["core", "projects", "contacts", "exchanges", "imports", "reports", "portal"]

# Services without an acting person, each with its reason.
NO_ACTING_PERSON = {
    "imports.services.expire_drafts": "der tägliche Auftrag (portal.tasks), niemand handelt",
    "portal.services.feedback_allowed": "öffentliche Rückmeldung ohne Anmeldung: zählt je Adresse",
    "portal.services.feedback_submit": "öffentliche Rückmeldung ohne Anmeldung",
}


def _services():
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.iter_modules(package.__path__):
            if info.name == "services":
                module = importlib.import_module(f"{app}.services")
                for name, function in inspect.getmembers(module, inspect.isfunction):
                    if function.__module__ == module.__name__ and not name.startswith("_"):
                        yield f"{module.__name__}.{name}", function


SERVICES = list(_services())
IDS = [name for name, _ in SERVICES]


def _task_starters():
    """``start_*`` in every ``<app>.tasks``: they queue a job on the acting person's behalf
    (``reports.tasks.start_ministry_export``); the job keeps it in its field ``user``."""
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.iter_modules(package.__path__):
            if info.name == "tasks":
                module = importlib.import_module(f"{app}.tasks")
                for name, function in inspect.getmembers(module, inspect.isfunction):
                    if function.__module__ == module.__name__ and name.startswith("start_"):
                        yield f"{module.__name__}.{name}", function


STARTERS = list(_task_starters())


def _names_the_acting_person_by(function) -> bool:
    """Keyword-only ``by``, no ``user`` beside it."""
    parameters = inspect.signature(function).parameters
    return (
        "user" not in parameters
        and "by" in parameters
        and parameters["by"].kind is inspect.Parameter.KEYWORD_ONLY
    )


def _reads_by(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """``by`` read somewhere in the body (assigned or deleted does not count); a function
    nested inside with its own ``by`` speaks for itself."""

    def reads(node: ast.AST) -> bool:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) and (
            "by" in _parameters(node)
        ):
            return False
        if isinstance(node, ast.Name) and node.id == "by" and isinstance(node.ctx, ast.Load):
            return True
        return any(reads(child) for child in ast.iter_child_nodes(node))

    return any(reads(statement) for statement in function.body)


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    arguments = function.args
    return {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}


def _uses_by(function) -> bool:
    tree = ast.parse(textwrap.dedent(inspect.getsource(inspect.unwrap(function))))
    definition = tree.body[0]
    assert isinstance(definition, ast.FunctionDef | ast.AsyncFunctionDef)
    return _reads_by(definition)


def test_there_are_task_starters_to_read():
    assert {name for name, _ in STARTERS} >= {
        "reports.tasks.start_ministry_export",
        "reports.tasks.start_final_recompute",
    }


@pytest.mark.parametrize(("name", "function"), STARTERS, ids=[name for name, _ in STARTERS])
def test_every_task_starter_names_the_acting_person_by(name, function):
    assert _names_the_acting_person_by(function), (
        f"{name}: die handelnde Person heißt by (das Feld des Auftrags bleibt user)"
    )
    assert _uses_by(function), f"{name} nimmt by, nutzt es aber nicht"


def test_the_check_sees_a_starter_taking_user():
    def start_with_user(*, user: object, report: object) -> object:
        return (user, report)

    def start_with_user_and_by(*, user: object, by: object) -> object:
        return (user, by)

    def start_positional(by: object) -> object:
        return by

    def start_with_by(*, by: object, report: object) -> object:
        return (by, report)

    assert not _names_the_acting_person_by(start_with_user)
    assert not _names_the_acting_person_by(start_with_user_and_by)
    assert not _names_the_acting_person_by(start_positional)
    assert _names_the_acting_person_by(start_with_by)


def test_the_exception_lists_name_existing_services():
    names = {name for name, _ in SERVICES}
    assert set(NO_ACTING_PERSON) <= names


@pytest.mark.parametrize(("name", "function"), SERVICES, ids=IDS)
def test_every_service_names_the_acting_person_by(name, function):
    parameters = inspect.signature(function).parameters
    assert "user" not in parameters, f"{name}: die handelnde Person heißt by, ein Konto account"
    if name in NO_ACTING_PERSON:
        assert "by" not in parameters, f"{name} steht zu Unrecht in NO_ACTING_PERSON"
        return
    assert "by" in parameters, f"{name} nimmt keine handelnde Person (by=)"


@pytest.mark.parametrize(
    ("name", "function"),
    [(name, function) for name, function in SERVICES if name not in NO_ACTING_PERSON],
    ids=[name for name in IDS if name not in NO_ACTING_PERSON],
)
def test_every_service_uses_the_acting_person(name, function):
    assert _uses_by(function), f"{name} nimmt by, nutzt es aber nicht"


def _unused_by_in(source: str, module: str) -> list[str]:
    """Every function of a module – public, private helper or nested – that takes ``by``
    and never reads it."""
    return [
        f"{module}.{node.name}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and "by" in _parameters(node)
        and not _reads_by(node)
    ]


SERVICE_FILES = sorted(
    path
    for app in APPS
    for path in (Path(__file__).resolve().parents[2] / app).glob("**/services*.py")
    if "migrations" not in path.parts
)


def test_there_are_service_modules_to_read():
    assert len(SERVICE_FILES) >= 6, SERVICE_FILES


def test_no_service_module_takes_by_without_reading_it():
    """The whole source of every services module, read as a syntax tree: a function that
    accepts the acting person and drops it fails here, named (issue 34)."""
    unused = [
        name
        for path in SERVICE_FILES
        for name in _unused_by_in(path.read_text(), f"{path.parent.name}.{path.stem}")
    ]
    assert unused == [], "by angenommen, nie gelesen: " + ", ".join(unused)


def _user_parameters_in(source: str, module: str) -> list[str]:
    """Every function of a module – private helpers too – with a parameter ``user``."""
    return [
        f"{module}.{node.name}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and "user" in _parameters(node)
    ]


def test_no_service_helper_names_the_acting_person_user():
    """The helpers behind the services too (``imports.services._create_many``, ``_restore``):
    the acting person passed along is ``by``; ``user=`` stays only as the keyword of the
    history library and the models' fields."""
    named_user = [
        name
        for path in SERVICE_FILES
        for name in _user_parameters_in(path.read_text(), f"{path.parent.name}.{path.stem}")
    ]
    assert named_user == [], "handelnde Person als user: " + ", ".join(named_user)


def test_the_helper_check_sees_a_user_parameter():
    source = "def _helper(batch, user):\n    return user\n\ndef _kept(batch, by):\n    return by\n"
    assert _user_parameters_in(source, "app.services") == ["app.services._helper"]


def test_the_check_sees_an_unused_by():
    def unused(*, thing: object, by: object) -> object:
        return thing

    def used(*, thing: object, by: object) -> object:
        return (thing, by)

    def assigned_only(*, thing: object, by: object) -> object:
        by = None  # noqa: F841 - the case under test: assigned, never read
        return thing

    assert not _uses_by(unused)
    assert _uses_by(used)
    assert not _uses_by(assigned_only)


def test_the_module_check_names_every_offender():
    source = textwrap.dedent(
        """
        def dropped(*, entry, by):
            entry.save()

        def _helper(entry, by):
            del by
            return entry

        def kept(*, entry, by):
            entry.author = by
            entry.save()

        def shadowed(*, entry, by):
            def inner(by):
                return by
            return inner(entry)
        """
    )
    assert _unused_by_in(source, "app.services") == [
        "app.services.dropped",
        "app.services._helper",
        "app.services.shadowed",
    ]
