"""A small mutation run: change the code in one small place, run the tests that guard it,
and count the changes no test notices (``make mutate``; not part of CI – it takes minutes).

Four areas, each with the tests that are meant to guard it (docs/testing.md has the latest
score and the mutants judged equivalent):

- the access policy (``projects/access.py``, ``contacts/access.py``)
- the upload parser (``imports/reading.py``, ``imports/tables.py``)
- the ministry figures as of a period's end (``reports/as_of.py``)
- optimistic locking (``core/versioning.py``; its races need PostgreSQL: DATABASE_URL)

Mutations, drawn from the syntax tree: comparisons flipped or loosened (< ↔ <=, == ↔ !=,
in ↔ not in), and/or swapped, a ``not`` dropped, whole numbers shifted by one, True ↔ False,
a decorator or a call in a chain (``.select_for_update()``) removed, a statement removed.
A sample per area keeps the run to minutes (``MUTATE_SAMPLE=0`` tries every one). Each run
draws a new seed and prints it, so a score cannot be tuned to one fixed sample;
``MUTATE_SEED=N`` repeats a run.

The tests that guard an area are the declared ones (every test file that imports one of the
area's modules itself – tests/site/test_mutation_areas.py keeps the list complete; they run
first) and every test file that imports a module that imports them (found with grimp,
import-linter's graph). Browser tests are left out (they need Chromium and minutes).

    python tools/mutate.py [area ...]      # areas: access parser figures locking
"""

from __future__ import annotations

import ast
import contextlib
import copy
import difflib
import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
# `python tools/mutate.py` puts tools/ on the path, not the project: grimp finds the apps here.
sys.path.insert(0, str(ROOT))
AREAS = {
    "access": (
        ["projects/access.py", "contacts/access.py"],
        ["tests/projects/test_access.py", "tests/projects/test_access_per_request.py",
         "tests/projects/test_role_rules.py", "tests/projects/test_ended_projects.py",
         "tests/portal/test_digest_queries.py", "tests/site/test_architecture.py",
         "tests/site/test_role_combinations.py", "tests/test_url_matrix.py"],
    ),
    "parser": (
        ["imports/reading.py", "imports/tables.py"],
        ["tests/imports/test_limits.py", "tests/imports/test_header_edges.py", "tests/imports/test_tables.py",
         "tests/imports/test_dates.py", "tests/imports/test_import.py", "tests/imports/test_corpus.py",
         "tests/site/test_hostile_input.py", "tests/site/test_limits_once.py",
         "tests/imports/test_import_shapes.py", "tests/imports/test_import_pages.py", "tests/imports/test_updates.py",
         "tests/imports/test_sheet_as_seen.py", "tests/imports/test_fresh_lists.py",
         "tests/imports/test_generalisation.py"],
    ),
    "figures": (
        ["reports/as_of.py", "contacts/querysets.py"],
        ["tests/reports/test_as_of.py", "tests/reports/test_exports.py", "tests/reports/test_one_figure.py",
         "tests/reports/test_dashboard.py", "tests/reports/test_project_map.py", "tests/portal/test_home.py",
         "tests/contacts/test_querysets.py", "tests/reports/test_project_map_sql.py"],
    ),
    "locking": (
        ["core/versioning.py"],
        ["tests/core/test_row_locks.py", "tests/core/test_versioning_helpers.py",
         "tests/contacts/test_history_changes.py"],
    ),
}  # fmt: skip
SAMPLE = int(os.environ.get("MUTATE_SAMPLE", "40"))
DECLARED_ONLY = os.environ.get("MUTATE_DECLARED_ONLY") == "1"
PACKAGES = (
    "core",
    "projects",
    "contacts",
    "exchanges",
    "imports",
    "reports",
    "portal",
    "thinka_site",
)
FLIPS = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}  # fmt: skip


REMOVABLE_CALLS = ("select_for_update", "distinct", "exists", "strip", "lower")


def _module_name(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def _imported_modules(test_file: Path) -> set[str]:
    """Every module a test file names in an import (``from imports import services`` names
    ``imports`` and ``imports.services``)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(test_file.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def guarding_tests(paths: list[str], declared: list[str]) -> list[str]:
    """The declared tests first, then every other test file that reaches the area's modules
    through its imports (directly or through a module of ours that imports them)."""
    graph = grimp.build_graph(*PACKAGES)
    modules = {_module_name(path) for path in paths}
    reaching = set(modules)
    for module in modules:
        reaching |= graph.find_downstream_modules(module)
    found = [
        str(test.relative_to(ROOT))
        for test in sorted((ROOT / "tests").rglob("test_*.py"))
        if "browser" not in test.parts and _imported_modules(test) & reaching
    ]
    return [*declared, *(test for test in found if test not in declared)]


def _replace(tree: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(tree):
        for name, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, name, new)
            elif isinstance(value, list):
                for position, item in enumerate(value):
                    if item is old:
                        value[position] = new


def _is_docstring(statement: ast.stmt) -> bool:
    """A string on its own line documents; removing it changes nothing (an equivalent
    mutant the run would otherwise count as surviving)."""
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)


@dataclass
class Mutant:
    path: str
    line: int
    description: str
    source: str


def _mutants(path: str) -> list[Mutant]:
    """Every single-place change the operators above make in one module."""
    text = (ROOT / path).read_text()
    tree = ast.parse(text)
    found: list[Mutant] = []

    def emit(changed: ast.AST, line: int, description: str) -> None:
        with contextlib.suppress(ValueError, TypeError):  # a change ast cannot write back
            found.append(Mutant(path, line, description, ast.unparse(changed)))

    nodes = list(ast.walk(tree))
    for index, node in enumerate(nodes):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Compare):
            for position, op in enumerate(node.ops):
                if type(op) in FLIPS:
                    changed = copy.deepcopy(tree)
                    target = list(ast.walk(changed))[index]
                    target.ops[position] = FLIPS[type(op)]()
                    emit(changed, line, f"{type(op).__name__} → {FLIPS[type(op)].__name__}")
        elif isinstance(node, ast.BoolOp):
            changed = copy.deepcopy(tree)
            target = list(ast.walk(changed))[index]
            target.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            emit(changed, line, "and ↔ or")
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            changed = copy.deepcopy(tree)
            target = list(ast.walk(changed))[index]
            _replace(changed, target, target.operand)
            emit(changed, line, "not entfernt")
        elif isinstance(node, ast.Constant) and type(node.value) is int and node.value not in (0,):
            changed = copy.deepcopy(tree)
            list(ast.walk(changed))[index].value = node.value + 1
            emit(changed, line, f"{node.value} → {node.value + 1}")
        elif isinstance(node, ast.Constant) and type(node.value) is bool:
            changed = copy.deepcopy(tree)
            list(ast.walk(changed))[index].value = not node.value
            emit(changed, line, f"{node.value} → {not node.value}")
        elif isinstance(node, ast.FunctionDef) and node.decorator_list:
            for position in range(len(node.decorator_list)):
                changed = copy.deepcopy(tree)
                del list(ast.walk(changed))[index].decorator_list[position]
                emit(changed, line, f"Dekorator von {node.name} entfernt")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in REMOVABLE_CALLS
            and not node.args
        ):
            changed = copy.deepcopy(tree)
            target = list(ast.walk(changed))[index]
            _replace(changed, target, target.func.value)  # x.select_for_update() → x
            emit(changed, line, f".{node.func.attr}() entfernt")
        if isinstance(node, ast.FunctionDef | ast.If | ast.For | ast.With):
            for position, statement in enumerate(node.body):
                if (
                    isinstance(
                        statement, ast.Expr | ast.Assign | ast.AugAssign | ast.Raise | ast.If
                    )
                    and len(node.body) > 1
                    and not _is_docstring(statement)
                ):
                    changed = copy.deepcopy(tree)
                    del list(ast.walk(changed))[index].body[position]
                    emit(changed, statement.lineno, "Anweisung entfernt")
    unchanged = ast.unparse(tree)
    return [m for m in found if m.source != unchanged]


def _diff(mutant: Mutant) -> list[str]:
    """The changed lines, both sides written by ast (so that only the mutation differs)."""
    original = ast.unparse(ast.parse((ROOT / mutant.path).read_text())).splitlines()
    changed = mutant.source.splitlines()
    return [
        line
        for line in difflib.unified_diff(original, changed, lineterm="", n=0)
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ][:6]


# A test run that takes longer than this counts as noticed (a mutant that makes the code
# loop forever), as mutation tools count it; the run lists these separately.
TIMEOUT = int(os.environ.get("MUTATE_TIMEOUT", "900"))


def _run_tests(tests: list[str]) -> bool | None:
    """True if the tests notice (fail), None if they did not finish in time; stops at the
    first failure."""
    try:
        result = subprocess.run(  # noqa: S603 – the project's own test command
            [
                sys.executable,
                "-m",
                "pytest",
                "-x",
                "-q",
                "-p",
                "no:cacheprovider",
                "-p",
                "no:randomly",
                "--reuse-db",  # the schema never changes here: only code is mutated
                *tests,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return None
    return result.returncode != 0


def run(areas: list[str], seed: int) -> dict:
    rng = random.Random(seed)
    summary: dict = {"seed": seed, "declared_only": DECLARED_ONLY}
    for area in areas:
        paths, declared = AREAS[area]
        # A busy machine: only the declared tests – a lower bound of the score (a mutant
        # they miss may still be noticed by another guarding test), never an upper one.
        tests = declared if DECLARED_ONLY else guarding_tests(paths, declared)
        print(f"{area}: {len(tests)} Testdateien – {' '.join(tests)}", flush=True)
        mutants = [m for path in paths for m in _mutants(path)]
        if SAMPLE and len(mutants) > SAMPLE:
            mutants = rng.sample(mutants, SAMPLE)
        killed, survived, timeouts = 0, [], []
        start = time.perf_counter()
        for mutant in sorted(mutants, key=lambda m: (m.path, m.line)):
            original = (ROOT / mutant.path).read_text()
            try:
                (ROOT / mutant.path).write_text(mutant.source)
                outcome = _run_tests(tests)
            finally:
                (ROOT / mutant.path).write_text(original)
            noticed = outcome is not False
            if outcome is None:
                timeouts.append(f"{mutant.path}:{mutant.line}")
            if noticed:
                killed += 1
            else:
                survived.append(
                    {
                        "where": f"{mutant.path}:{mutant.line}",
                        "change": mutant.description,
                        "diff": _diff(mutant),
                    }
                )
            verdict = "Zeit um " if outcome is None else "getötet " if noticed else "ÜBERLEBT"
            print(f"  {verdict} {mutant.path}:{mutant.line} {mutant.description}", flush=True)
        summary[area] = {
            "mutants": len(mutants),
            "killed": killed,
            "survived": survived,
            "timeouts": timeouts,
            "seconds": round(time.perf_counter() - start),
        }
        print(f"{area}: {killed} von {len(mutants)} getötet", flush=True)
    return summary


if __name__ == "__main__":
    # Stopped from outside (kill, CI timeout): the finally blocks still restore the module.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    chosen = sys.argv[1:] or list(AREAS)
    unknown = [a for a in chosen if a not in AREAS]
    if unknown:
        sys.exit(f"Unbekannter Bereich: {', '.join(unknown)} (bekannt: {', '.join(AREAS)})")
    seed = int(os.environ.get("MUTATE_SEED") or random.SystemRandom().randrange(1, 1_000_000))
    print(f"Startwert {seed} (wiederholen: MUTATE_SEED={seed} make mutate)", flush=True)
    results = run(chosen, seed)
    out = ROOT / "bench" / "results" / "mutation.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"Ergebnis: {out}")
