"""Benchmark: bulk render of a school's learning-record extracts.

The school is the demo school (``vnschool_records.demo.generate_school``, THCS, 2024-2025,
with every student's earlier years: one to four years per extract), its results computed
by ``vnschool_records.regulations.evaluate_year``. Every student's extract is rendered
with ``render_school`` (process pool; fonts parsed once per worker and embedded from a
per-process cache) and its documents/s compared with a naive fpdf2 loop measured in the
same run: one process, a new FPDF document per student with the four full bundled TTF
files added again (``add_font``) and fpdf2's own subsetting at output. The naive loop
draws the same pages with the same drawing code, so the ratio measures the pipeline, not
a different layout. Target: ≥ 4× the naive loop on 2 cores.

    python benchmarks/bench_render.py            # 1 000 students (naive loop on 100)
    python benchmarks/bench_render.py --quick    # 28 students, a few seconds
"""

from __future__ import annotations

import argparse
import math
import os
import tempfile
import time
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path

from _report import Figure, write_json
from fpdf import FPDF

import vnschool_records.render._pdf as pdf_module
from vnschool_records.demo import generate_school
from vnschool_records.models import School
from vnschool_records.regulations import evaluate_year
from vnschool_records.render import (
    ExtractYearInput,
    StudentHistory,
    build_extract_view,
    render_extract,
    render_school,
)
from vnschool_records.render._fonts import FAMILY, FONT_FILES

CREATED = datetime(2025, 9, 5, tzinfo=UTC)
TARGET = 4.0


def naive_install(pdf: FPDF, family: str = FAMILY) -> None:
    """What a straightforward caller does: parse the TTF files for every new document."""
    folder = resources.files("vnschool_records.render") / "_fonts"
    for style, name in FONT_FILES.items():
        with resources.as_file(folder / name) as path:
            pdf.add_font(family, style, str(path))


def demo_histories(students: int) -> tuple[School, list[StudentHistory]]:
    """The demo school's first ``students`` students (classes of 25), every year evaluated."""
    per_class = 25 if students >= 100 else 7
    classes = max(1, math.ceil(students / (4 * per_class)))  # THCS: grades 6-9
    demo = generate_school(
        school_year="2024-2025",
        classes_per_grade=classes,
        students_per_class=per_class,
        with_history=True,
    )
    years: dict[str, list[ExtractYearInput]] = {}
    for record in sorted((*demo.history, *demo.records), key=lambda r: r.school_year):
        item = ExtractYearInput(record=record, result=evaluate_year(record))
        years.setdefault(record.student.student_id, []).append(item)
    chosen = [r.student.student_id for r in demo.records][:students]
    histories = [StudentHistory(years=years[sid], number=i + 1) for i, sid in enumerate(chosen)]
    return demo.school, histories


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    parser.add_argument("--students", type=int, default=None)
    parser.add_argument("--workers", type=int, default=None, help="default: CPU count")
    parser.add_argument("--json", default=None, help="also write the headline figures here")
    args = parser.parse_args()
    n = args.students or (28 if args.quick else 1000)
    workers = args.workers or os.cpu_count() or 1
    t0 = time.perf_counter()
    school, histories = demo_histories(n)
    n = len(histories)
    naive_n = min(n, 7 if args.quick else 100)
    years = sum(len(h.years) for h in histories)
    built = time.perf_counter() - t0

    rates: dict[str, tuple[float, float]] = {}
    for mode, per_class in (("one file per student", False), ("one file per class", True)):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            summary = render_school(
                school,
                histories,
                Path(tmp),
                issued_on=date(2025, 6, 1),
                created_at=CREATED,
                workers=workers,
                per_class=per_class,
            )
            seconds = time.perf_counter() - start
        if not summary.ok:
            raise SystemExit(summary.describe())
        rates[mode] = (n / seconds, seconds)

    cached_install = pdf_module.install_fonts
    pdf_module.install_fonts = naive_install  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            # an even sample across grades, so it has the same mix of 1- to 4-year extracts
            sample = histories[:: max(1, n // naive_n)][:naive_n]
            for i, h in enumerate(sample):
                view = build_extract_view(
                    school, h.years, number=h.number, issued_on=date(2025, 6, 1)
                )
                Path(tmp, f"{i}.pdf").write_bytes(render_extract(view, created_at=CREATED))
            naive_s = time.perf_counter() - start
    finally:
        pdf_module.install_fonts = cached_install
    naive_rate = naive_n / naive_s

    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(
        f"students: {n} ({years} school years, generated and evaluated in {built:.1f} s), "
        f"workers: {workers}, CPUs: {os.cpu_count()}"
    )
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(
        f"naive loop:                  {naive_rate:7.1f} documents/s ({naive_n} documents, "
        f"{naive_s:.2f} s)"
    )
    figures = []
    for mode, (rate, seconds) in rates.items():
        ratio = rate / naive_rate
        verdict = "met" if ratio >= TARGET else "NOT met"
        print(
            f"render_school, {mode}: {rate:7.1f} documents/s ({seconds:.2f} s); "
            f"ratio {ratio:.2f}x (target >= {TARGET:.0f}x on 2 cores: {verdict})"
        )
        figures.append(
            Figure("render", f"extracts, {mode}", f"{rate:.1f} documents/s", f"{ratio:.2f}x",
                   f">= {TARGET:.0f}x the naive fpdf2 loop", ratio >= TARGET)
        )  # fmt: skip
    write_json(figures, args.json)


if __name__ == "__main__":
    main()
