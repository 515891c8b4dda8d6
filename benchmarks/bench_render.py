"""Benchmark: bulk render of a school's learning-record extracts.

Renders every student's extract (4 school years each) with ``render_school`` (process
pool, fonts parsed once per worker) and compares its documents/s with a naive fpdf2 loop
measured in the same run: one process, a new document per student, the four bundled TTF
files parsed again for every document. The naive loop draws the same pages, so the ratio
measures the pipeline, not a different layout. Target: ≥ 4× the naive loop on 2 cores.

    python benchmarks/bench_render.py            # 1 000 students (naive loop on 100)
    python benchmarks/bench_render.py --quick    # 16 students, a few seconds
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path

from fpdf import FPDF

import vnschool_records.render._pdf as pdf_module
from vnschool_records.render import (
    StudentHistory,
    build_extract_view,
    render_extract,
    render_school,
)
from vnschool_records.render._demo import demo_history, demo_school
from vnschool_records.render._fonts import FAMILY, FONT_FILES

CREATED = datetime(2025, 9, 5, tzinfo=UTC)
TARGET = 4.0


def naive_install(pdf: FPDF, family: str = FAMILY) -> None:
    """What a straightforward caller does: parse the TTF files for every new document."""
    folder = resources.files("vnschool_records.render") / "_fonts"
    for style, name in FONT_FILES.items():
        with resources.as_file(folder / name) as path:
            pdf.add_font(family, style, str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    parser.add_argument("--students", type=int, default=None)
    parser.add_argument("--workers", type=int, default=None, help="default: CPU count")
    args = parser.parse_args()
    n = args.students or (16 if args.quick else 1000)
    naive_n = min(n, 4 if args.quick else 100)
    workers = args.workers or os.cpu_count() or 1
    school = demo_school()
    histories = [
        StudentHistory(years=demo_history(i, class_suffix=f"A{i % 25 + 1}"), number=i + 1)
        for i in range(n)
    ]

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
            for i, h in enumerate(histories[:naive_n]):
                view = build_extract_view(
                    school, h.years, number=h.number, issued_on=date(2025, 6, 1)
                )
                Path(tmp, f"{i}.pdf").write_bytes(render_extract(view, created_at=CREATED))
            naive_s = time.perf_counter() - start
    finally:
        pdf_module.install_fonts = cached_install
    naive_rate = naive_n / naive_s

    print(f"students: {n} (4 school years each), workers: {workers}")
    print(
        f"naive loop:                  {naive_rate:7.1f} documents/s ({naive_n} documents, "
        f"{naive_s:.2f} s)"
    )
    for mode, (rate, seconds) in rates.items():
        ratio = rate / naive_rate
        verdict = "met" if ratio >= TARGET else "NOT met"
        print(
            f"render_school, {mode}: {rate:7.1f} documents/s ({seconds:.2f} s); "
            f"ratio {ratio:.2f}x (target >= {TARGET:.0f}x on 2 cores: {verdict})"
        )


if __name__ == "__main__":
    main()
