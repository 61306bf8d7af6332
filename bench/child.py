"""One measured step in a process of its own, so that its peak memory is its own.

    python bench/child.py export|xlsxwriter|errors <target.xlsx>

Prints JSON: seconds, peak_mb (largest resident size of this process), rows.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinka_site.settings")

import django  # noqa: E402

django.setup()


def _peak_mb() -> float:
    """This process's own peak resident memory. VmHWM starts afresh at exec; getrusage's
    ru_maxrss would carry over the peak of the benchmark process that started this one."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def error_list(rows: int, columns: int) -> bytes:
    """A list within the upload limits whose every row is an error (no organisation name):
    the error workbook then holds all of it (issue 32, point 9)."""
    # Short values (a letter and a number) keep 20,000 × 100 cells under the 10 MB limit.
    header = ["Name der Einrichtung", *(f"Spalte {n}" for n in range(2, columns + 1))]
    lines = [";".join(header)]
    lines += [
        ";".join(["", *(f"{chr(97 + n % 26)}{row % 100}" for n in range(2, columns + 1))])
        for row in range(rows)
    ]
    return "\r\n".join(lines).encode()


def errors_run(target: Path) -> dict:
    """The import's error workbook of a large list, as the download builds it."""
    from imports import selectors, services
    from projects.models import Project

    rows = int(os.environ.get("BENCH_ERROR_ROWS", "20000"))
    columns = int(os.environ.get("BENCH_ERROR_COLUMNS", "100"))
    project = Project.objects.order_by("slug").first()
    batch = services.upload(
        project=project, by=None, file_name="fehlerliste.csv", data=error_list(rows, columns)
    )
    selectors.table_of(batch)  # read as the preview before it has read it
    before_mb = _rss_mb()
    start, cpu = time.perf_counter(), time.process_time()
    target.write_bytes(selectors.errors_workbook(batch))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    batch.delete()
    # CPU seconds beside the wall clock: on a shared machine the wall clock also counts
    # the time other processes held the cores.
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "rows": rows,
        "columns": columns,
        "rss_before_mb": before_mb,
    }


def main(mode: str, target: Path) -> None:
    if mode == "errors":
        figures = errors_run(target)
        print(json.dumps({**figures, "peak_mb": _peak_mb()}))
        return

    from django.utils import timezone

    from projects.models import Project
    from reports import periods
    from reports.workbook import ExportRequest, write_ministry_workbook

    # The last half-year that has ended: every contact of the data set existed in it, so
    # the detail sheet holds all 100,000 (a 2016 period lists only those begun by then).
    today = timezone.localdate()
    last = (
        periods.half_year(today.year, 1)
        if today.month > 6
        else periods.half_year(today.year - 1, 2)
    )
    export = ExportRequest(projects=Project.objects.all(), period=last, office="Benchmark")
    start = time.perf_counter()
    if mode == "export":
        # The ministry workbook as the export page and `export_ministry` write it.
        with target.open("wb") as file:
            rows = write_ministry_workbook(export, file)
    else:
        from bench.peers import xlsxwriter_details

        rows = xlsxwriter_details(target, export)
    seconds = time.perf_counter() - start
    peak_mb = _peak_mb()
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "rows": rows}))


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
