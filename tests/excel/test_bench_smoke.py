"""Smoke test: the workbook benchmark runs at its --quick size and prints its verdicts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


@pytest.mark.slow
def test_bench_excel_quick_runs():
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_excel.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        cwd=ROOT,
    ).stdout
    assert "rows/s" in out
    assert "ratio to bare openpyxl" in out
    assert "peak memory" in out
    assert "target >= 0.8x" in out
