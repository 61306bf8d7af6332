"""Measuring: each list imported through the runner and scored, the database left as it
was."""

from __future__ import annotations

from django.db import transaction

from tests.imports.generator.lists import generate
from tests.imports.generator.runner import import_list
from tests.imports.generator.scoring import ListScore, Summary, score
from tests.imports.generator.shapes import GeneratedList


def measure_one(generated: GeneratedList, *, project, user) -> ListScore:
    """Import one list and score it; everything it wrote is rolled back."""
    with transaction.atomic():
        run = import_list(
            project=project, user=user, file_name=generated.file_name, data=generated.data
        )
        result = score(generated, project, run)
        transaction.set_rollback(True)
    return result


def measure(seed: int, count: int, *, project, user) -> Summary:
    return Summary(
        [measure_one(generate(seed, i), project=project, user=user) for i in range(count)]
    )
