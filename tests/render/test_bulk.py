"""Bulk rendering: parallel workers, progress, one bad record never stops the batch."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from vnschool_records.models import Student
from vnschool_records.render import StudentHistory, check_content_hashes, render_school

if TYPE_CHECKING:
    from conftest import DemoData

CREATED = datetime(2025, 9, 5, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


def _histories(data: DemoData) -> list[StudentHistory]:
    # grade-9 students 0–19 are in 9A1, 20–39 in 9A2: two years each end in 7A1 or 7A2
    good = [StudentHistory(years=data.history(i, years=2), number=i) for i in (1, 2, 21, 3, 22)]
    broken_years = data.history(30, years=1)
    rec = broken_years[0].record
    cjk = Student.model_validate({**rec.student.model_dump(), "full_name": "Nguyễn 字"})
    broken_years[0] = dataclasses.replace(
        broken_years[0], record=rec.model_copy(update={"student": cjk})
    )
    return [
        *good[:2],
        StudentHistory(years=[], number=90),  # no records at all: the view cannot be built
        StudentHistory(years=broken_years, number=91),  # a glyph the font lacks: drawing fails
        *good[2:],
    ]


def test_parallel_bulk_reports_failures_and_keeps_going(tmp_path: Path, data: DemoData) -> None:
    calls: list[tuple[int, int, str, bool]] = []
    summary = render_school(
        data.school,
        _histories(data),
        tmp_path,
        issued_on=date(2023, 6, 1),
        created_at=CREATED,
        workers=2,
        progress=lambda *a: calls.append(a),
    )
    assert summary.total == 7
    assert summary.rendered == 5
    assert len(summary.files) == 5
    assert all(p.read_bytes().startswith(b"%PDF-") for p in summary.files)
    stages = sorted((f.stage, f.error) for f in summary.failures)
    assert stages == [("render", "RenderError"), ("view", "ValueError")]
    assert "U+5B57" in next(f.message for f in summary.failures if f.stage == "render")
    assert [c[0] for c in calls] == list(range(1, 8))
    assert all(c[1] == 7 for c in calls)
    assert sum(1 for c in calls if not c[3]) == 2
    assert not summary.ok
    assert "FAILED" in summary.describe()


def test_one_pdf_per_class_in_process(tmp_path: Path, data: DemoData) -> None:
    summary = render_school(
        data.school,
        _histories(data),
        tmp_path,
        issued_on=date(2023, 6, 1),
        created_at=CREATED,
        per_class=True,
        workers=0,
    )
    assert summary.rendered == 5
    assert sorted(p.name for p in summary.files) == ["7A1.pdf", "7A2.pdf"]
    assert {f.stage for f in summary.failures} == {"view", "render"}
    # each class file carries one checkable extract per student of the class
    checks = {p.name: check_content_hashes(p.read_bytes()) for p in summary.files}
    assert {k: len(v) for k, v in checks.items()} == {"7A1.pdf": 3, "7A2.pdf": 2}
    assert all(c.matches for v in checks.values() for c in v)


def test_benchmark_quick_runs() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_render.py"), "--quick"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert "documents/s" in out
    assert "ratio" in out
