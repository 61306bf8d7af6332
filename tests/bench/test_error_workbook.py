"""The benchmark's error-workbook step keeps working (issue 32, point 9; its time and
memory are measured by `make bench`, e.g. `BENCH_ONLY=errors make bench`)."""

import importlib.util
from pathlib import Path

from openpyxl import load_workbook

from imports.models import ImportBatch

CHILD = Path(__file__).resolve().parents[2] / "bench" / "child.py"


def _child():
    spec = importlib.util.spec_from_file_location("bench_child", CHILD)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_error_workbook_step_writes_every_row_and_column(world, tmp_path, monkeypatch):
    monkeypatch.setenv("BENCH_ERROR_ROWS", "30")
    monkeypatch.setenv("BENCH_ERROR_COLUMNS", "12")
    target = tmp_path / "errors.xlsx"
    figures = _child().errors_run(target)
    assert (figures["rows"], figures["columns"]) == (30, 12)
    rows = list(load_workbook(target, read_only=True).active.values)
    assert len(rows) == 1 + 30  # the header and every row of the list (each an error)
    assert len(rows[1]) == 1 + 12 + 1  # row number, the list's columns, the reasons
    assert rows[1][2] == "c0"  # column 2 of row 0, as the list holds it
    assert rows[30][12] == "m29"
    assert len(_child().error_list(20_000, 100)) <= 10 * 1024 * 1024  # within the upload limit
    assert not ImportBatch.objects.exists()  # the step leaves nothing behind
