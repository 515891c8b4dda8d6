"""Smoke-run the evaluation benchmark in quick mode (no timing assertions)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_evaluation.py"


def test_bench_evaluation_quick_prints_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_evaluation", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "bench_evaluation (--quick)" in out
    for label in ("validation (dicts", "evaluation (evaluate_year)", "plain integer loop"):
        assert label in out
    assert "scores/s" in out
    assert "students/s" in out
    assert "results differing from the loop           0" in out
    assert out.count("target:") == 2
