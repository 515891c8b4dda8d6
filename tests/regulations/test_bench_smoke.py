"""Smoke-run the evaluation benchmark in quick mode (no timing assertions)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest


def test_bench_evaluation_quick_prints_its_table(
    capsys: pytest.CaptureFixture[str], load_benchmark: Callable[[str], ModuleType]
) -> None:
    module = load_benchmark("bench_evaluation")
    assert module.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "bench_evaluation (--quick)" in out
    for label in ("validation (dicts", "evaluation (evaluate_year)", "plain integer loop"):
        assert label in out
    assert "scores/s" in out
    assert "students/s" in out
    assert "results differing from the loop           0" in out
    assert out.count("target:") == 2
