"""Every limit defined once (issue 34): the upload size and rows, the page sizes and the
models' field lengths live in one place (core.limits, the models' ``max_length``, the
settings); these tests read the code of every app and fail on a literal copy."""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps
from django.db import models

from core import limits

ROOT = Path(__file__).resolve().parents[2]
APPS = ["core", "projects", "contacts", "exchanges", "imports", "reports", "portal", "thinka_site"]
HOME = ROOT / "core" / "limits.py"
PAGINATORS = {"Paginator", "ReversiblePaginator"}


def _field_lengths() -> set[int]:
    """The text lengths of our models' fields – cutting a text to one of them by a literal
    number repeats the model (from 60 up: shorter cuts are excerpts, not limits)."""
    return {
        field.max_length
        for model in apps.get_models()
        if model._meta.app_label in APPS
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField) and field.max_length and field.max_length >= 60
    }


def copies(source: str, lengths: set[int]) -> list[str]:
    """The literal copies of a limit in ``source``: a size in units of 1024, a page size
    passed to a paginator, a text cut to a field's length."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mult)
            and any(
                isinstance(side, ast.Constant) and side.value == 1024
                for side in (node.left, node.right)
            )
        ):
            found.append(f"Zeile {node.lineno}: Größe in 1024ern")
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) in PAGINATORS
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
        ):
            found.append(f"Zeile {node.lineno}: Seitengröße {node.args[1].value}")
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.slice, ast.Slice)
            and node.slice.lower is None
            and isinstance(node.slice.upper, ast.Constant)
            and node.slice.upper.value in lengths
        ):
            found.append(f"Zeile {node.lineno}: auf {node.slice.upper.value} Zeichen gekürzt")
    return sorted(set(found))


def _app_files() -> list[Path]:
    return [
        path
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts and path != HOME
    ]


def test_no_limit_is_copied_as_a_literal():
    lengths = _field_lengths()
    files = _app_files()
    found = {
        str(path.relative_to(ROOT)): hits
        for path in files
        if (hits := copies(path.read_text(), lengths))
    }
    print(f"{len(files)} Dateien gelesen, Feldlängen {sorted(lengths)}")
    assert found == {}


def test_the_search_finds_each_kind_of_copy():
    source = (
        "size = 10 * 1024 * 1024\n"
        "page = Paginator(rows, 50)\n"
        "name = text[:200]\n"
        "fine = text[:3]\n"
        "page = Paginator(rows, limits.PAGE_SIZE)\n"
    )
    assert len(copies(source, {200})) == 3


def test_the_upload_page_names_the_limits_the_reader_applies():
    from imports import reading
    from imports.forms import UploadForm

    help_text = str(UploadForm.base_fields["file"].help_text)
    assert reading.MAX_BYTES == limits.UPLOAD_MAX_BYTES
    assert reading.MAX_ROWS == limits.UPLOAD_MAX_ROWS
    assert f"{limits.megabytes(limits.UPLOAD_MAX_BYTES)} MB" in help_text
    assert f"{limits.UPLOAD_MAX_ROWS:,}".replace(",", ".") + " Zeilen" in help_text


def test_the_import_cuts_values_to_the_models_lengths():
    from contacts.models import ContactPerson, Organisation
    from imports import rows

    assert Organisation._meta.get_field("name").max_length == rows.ORGANISATION_LIMIT
    assert rows.LIMITS["street"] == Organisation._meta.get_field("street").max_length
    assert rows.LIMITS["person_name"] == ContactPerson._meta.get_field("name").max_length
