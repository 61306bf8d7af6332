"""Show generated lists: ``python -m tests.imports.generator SEED NUMBER [NUMBER …]`` prints
each list's recipe and cells (as written before the file format), for reading a list the
measure names among the worst; ``--write DIR`` also saves the files."""

from __future__ import annotations

import argparse
from pathlib import Path

from tests.imports.generator.lists import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("seed", type=int)
    parser.add_argument("numbers", type=int, nargs="+")
    parser.add_argument("--write", type=Path, help="Ordner, in den die Dateien geschrieben werden")
    options = parser.parse_args()
    for number in options.numbers:
        generated = generate(options.seed, number)
        print(f"# Liste {number}: {generated.file_name}\n{generated.recipe}")
        for grid in generated.grids:
            print(f"## Blatt {grid.sheet_name}")
            for row in grid.rows:
                print(" | ".join(str(value) for value in row).replace("\n", "⏎"))
            print(f"merged: {grid.merges} hidden: {sorted(grid.hidden)}\n")
        if options.write:
            options.write.mkdir(parents=True, exist_ok=True)
            (options.write / generated.file_name).write_bytes(generated.data)


if __name__ == "__main__":
    main()
