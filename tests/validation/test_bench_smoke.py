"""Smoke-run the validation benchmark in --quick mode (speed is judged by the script, not here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_validation.py"


def test_bench_validation_quick(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_validation", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "students: 500" in out
    assert "validate(models):" in out
    assert "records/s" in out
    assert "findings/s" in out
    assert "ratio engine / baseline time:" in out
    assert "target ≥ 10,000 student-years/s:" in out
