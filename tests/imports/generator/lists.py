"""Building the lists (no Django needed): ``generate(seed, number)``."""

from __future__ import annotations

import random

from tests.imports.generator import formats, shapes, truth
from tests.imports.generator.shapes import GeneratedList


def generate(seed: int, number: int) -> GeneratedList:
    """List ``number`` of the run seeded with ``seed`` (each list has its own random
    source, so a list can be rebuilt alone from the two numbers)."""
    rng = random.Random(f"{seed}:{number}")
    records = truth.make_records(rng, rng.randint(3, 12))
    variation = random.Random(f"{seed}:{number}:values")
    generated = shapes.build(rng, records, number, variation)
    suffix, generated.data = formats.write(generated.grids, generated.recipe["format"])
    generated.file_name = f"liste-{seed}-{number}{suffix}"
    return generated
