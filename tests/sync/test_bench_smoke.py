"""The sync benchmark runs in quick mode and prints its verdicts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_sync.py"


def test_bench_sync_quick_runs() -> None:
    out = subprocess.run(
        [sys.executable, str(BENCH), "--quick"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert "ratio to bare executemany:" in out
    assert "re-sync sends only the changed rows: met" in out
    assert out.count("(target") == 2
