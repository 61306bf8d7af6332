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

import pytest

APPS = ["core", "projects", "contacts", "exchanges", "imports", "reports", "portal"]

# Services without an acting person, each with its reason.
NO_ACTING_PERSON = {
    "imports.services.expire_drafts": "der tägliche Auftrag (portal.tasks), niemand handelt",
    "portal.services.feedback_allowed": "öffentliche Rückmeldung ohne Anmeldung: zählt je Adresse",
    "portal.services.feedback_submit": "öffentliche Rückmeldung ohne Anmeldung",
}

# ``by`` accepted but not used yet: the record keeps no author (no history on the model, or
# the import's draft steps that only the batch's owner may take). Only shrinks.
BY_NOT_YET_USED = {
    "contacts.services.abbreviation_delete",
    "contacts.services.abbreviation_save",
    "imports.services.header_row_set",
    "imports.services.links_save",
    "imports.services.mapping_apply_saved",
    "imports.services.mapping_save",
    "imports.services.resolutions_save",
    "imports.services.role_set",
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


def _uses_by(function) -> bool:
    tree = ast.parse(textwrap.dedent(inspect.getsource(inspect.unwrap(function))))
    body = tree.body[0].body
    return any(
        isinstance(node, ast.Name) and node.id == "by" for stmt in body for node in ast.walk(stmt)
    )


def test_the_exception_lists_name_existing_services():
    names = {name for name, _ in SERVICES}
    assert set(NO_ACTING_PERSON) <= names
    assert names >= BY_NOT_YET_USED


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
    used = _uses_by(function)
    if name in BY_NOT_YET_USED:
        assert not used, f"{name} nutzt by jetzt: aus BY_NOT_YET_USED streichen"
        return
    assert used, f"{name} nimmt by, nutzt es aber nicht"


def test_the_check_sees_an_unused_by():
    def unused(*, thing: object, by: object) -> object:
        return thing

    def used(*, thing: object, by: object) -> object:
        return (thing, by)

    assert not _uses_by(unused)
    assert _uses_by(used)
