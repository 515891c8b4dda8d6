"""Smoke-run the validation benchmark in --quick mode (speed is judged by the script, not here)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest


def test_bench_validation_quick(
    capsys: pytest.CaptureFixture[str], load_benchmark: Callable[[str], ModuleType]
) -> None:
    module = load_benchmark("bench_validation")
    assert module.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "students: 500" in out
    assert "validate(models):" in out
    assert "records/s" in out
    assert "findings/s" in out
    assert "ratio engine / baseline time:" in out
    assert "target ≥ 10,000 student-years/s:" in out
