"""Benchmark: writing the class grade-book workbook (sổ theo dõi và đánh giá) with openpyxl.

Writes N score rows (one row = one student × subject × semester) with
``vnschool_records.excel.write_gradebook`` and, in the same run, the same rows (same
sheets, same values) with bare openpyxl write-only ``ws.append(values)`` and no styles —
the baseline the target is judged against. For reference it also times bare openpyxl
writing the same cells with the same styles (unlocked, one-decimal score cells) the way
openpyxl documents it. Prints rows/s, the ratios, and the peak memory of the SDK write
(tracemalloc, in a separate pass so it does not slow the timed ones). Both sides stream
through the XML library openpyxl picked (lxml when installed, else the standard library);
the benchmark prints which.

Targets (issue 6): ≥ 0.8× bare openpyxl write-only; peak memory under 150 MB.

Usage::

    python benchmarks/bench_excel.py           # 100,000 score rows
    python benchmarks/bench_excel.py --quick   # 3,000 score rows, a few seconds
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from decimal import Decimal
from pathlib import Path

from _report import Figure, write_json
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Protection
from openpyxl.xml import LXML

from vnschool_records.excel import write_gradebook
from vnschool_records.models import (
    Attendance,
    ClassGroup,
    CommentLevel,
    Semester,
    Student,
    StudentYearRecord,
    SubjectAssessment,
    TrainingLevel,
    subject_catalogue,
)
from vnschool_records.regulations import regulation_for

GIVEN = ["An", "Bình", "Châu", "Dung", "Đức", "Giang", "Hà", "Hoà", "Khánh", "Linh", "Minh", "Ánh"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thu", "Quốc"]


def build_records(score_rows: int, seed: int = 6) -> list[StudentYearRecord]:
    """One synthetic grade-6 class big enough to hold ``score_rows`` rows (TT22, 2023-2024)."""
    rng = random.Random(seed)
    cls = ClassGroup(name="6A1", grade_level=6, school_year="2023-2024")
    subjects = subject_catalogue("2018", 6)
    reg = regulation_for(6, "2023-2024")
    per_student = 2 * len(subjects)
    students = max(1, score_rows // per_student)
    tenths = [Decimal(i).scaleb(-1) for i in range(30, 101)]
    records = []
    for i in range(students):
        assessments = []
        for semester in (Semester.ONE, Semester.TWO):
            for s in subjects:
                n = reg.required_regular_count(s.periods_per_year)
                if s.scored:
                    assessments.append(
                        SubjectAssessment(
                            subject=s.code,
                            semester=semester,
                            regular=tuple(rng.choice(tenths) for _ in range(n)),
                            midterm=rng.choice(tenths),
                            final=rng.choice(tenths),
                        )
                    )
                else:
                    assessments.append(
                        SubjectAssessment(
                            subject=s.code,
                            semester=semester,
                            regular_levels=(CommentLevel.PASS,) * n,
                            midterm_level=CommentLevel.PASS,
                            final_level=CommentLevel.PASS,
                        )
                    )
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        records.append(
            StudentYearRecord(
                student=Student(
                    student_id=f"HS{i:06d}",
                    full_name=name,
                    date_of_birth=date(2012, 1 + i % 12, 1 + i % 28),
                    sex="Nam" if i % 2 else "Nữ",
                ),
                class_group=cls,
                subjects=subjects,
                assessments=tuple(assessments),
                training_semester1=TrainingLevel.GOOD,
                training_semester2=TrainingLevel.GOOD,
                attendance=(Attendance(semester=Semester.ONE, excused=1),),
            )
        )
    return records


def bare_rows(records: list[StudentYearRecord]) -> list[tuple[str, list[list[object]]]]:
    """The score rows per sheet as plain values: what bare openpyxl is asked to write."""
    subjects = records[0].subjects
    sheets = []
    for semester in (Semester.ONE, Semester.TWO):
        for s in subjects:
            rows: list[list[object]] = []
            for i, r in enumerate(records, 1):
                a = r.assessment(s.code, semester)
                assert a is not None
                ident: list[object] = [
                    i,
                    r.student.student_id,
                    r.student.full_name,
                    r.student.date_of_birth.strftime("%d/%m/%Y"),
                ]
                if s.scored:
                    rows.append([*ident, *a.regular, a.midterm, a.final, None, a.comment])
                else:
                    levels = [lv.abbreviation for lv in a.regular_levels]
                    rows.append([*ident, *levels, "Đ", "Đ", None, a.comment])
            sheets.append((f"{s.code}_{int(semester)}", rows))
    return sheets


def write_bare(sheets: list[tuple[str, list[list[object]]]], path: Path) -> None:
    wb = Workbook(write_only=True)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)


def write_bare_styled(sheets: list[tuple[str, list[list[object]]]], path: Path) -> None:
    """Bare openpyxl writing the same cells *with the same styles*, the documented way.

    Every score cell is a ``WriteOnlyCell`` with ``number_format`` and ``protection`` set,
    as openpyxl's write-only documentation shows for styled cells.
    """
    wb = Workbook(write_only=True)
    unlocked = Protection(locked=False)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        ws.protection.sheet = True
        for row in rows:
            out: list[object] = list(row[:4])
            for value in row[4:]:
                if value is None:
                    out.append(None)
                    continue
                cell = WriteOnlyCell(ws, value)
                cell.number_format = "0.0"
                cell.protection = unlocked
                out.append(cell)
            ws.append(out)
    wb.save(path)


def timed(fn: object, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small size, a few seconds")
    parser.add_argument("--rows", type=int, default=None, help="score rows to write")
    parser.add_argument("--json", default=None, help="also write the headline figures here")
    args = parser.parse_args(argv)
    target_rows = args.rows or (3_000 if args.quick else 100_000)
    repeat = 2 if args.quick else 3

    records = build_records(target_rows)
    sheets = bare_rows(records)
    rows = sum(len(r) for _, r in sheets)
    with tempfile.TemporaryDirectory() as tmp:
        sdk_path, bare_path = Path(tmp, "sdk.xlsx"), Path(tmp, "bare.xlsx")
        t_bare = timed(lambda: write_bare(sheets, bare_path), repeat)
        t_sdk = timed(lambda: write_gradebook(records, sdk_path), repeat)
        t_styled = timed(lambda: write_bare_styled(sheets, bare_path), 1)
        gc.collect()
        tracemalloc.start()
        write_gradebook(records, sdk_path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size = sdk_path.stat().st_size

    sdk_rate, bare_rate = rows / t_sdk, rows / t_bare
    ratio = sdk_rate / bare_rate
    peak_mb = peak / 2**20
    print(
        f"score rows written         : {rows:,} ({len(records):,} students, {len(sheets)} sheets)"
    )
    mb = size / 2**20
    print(f"write_gradebook            : {t_sdk:.2f} s  {sdk_rate:,.0f} rows/s  ({mb:.1f} MB file)")
    print(f"bare openpyxl write-only   : {t_bare:.2f} s  {bare_rate:,.0f} rows/s")
    print(f"openpyxl XML writer        : {'lxml' if LXML else 'standard library (et_xmlfile)'}")
    speed_ok = "met" if ratio >= 0.8 else "NOT met"
    memory_ok = "met" if peak_mb < 150 else "NOT met"
    styled_rate = rows / t_styled
    print(f"bare openpyxl, same styles : {t_styled:.2f} s  {styled_rate:,.0f} rows/s")
    print(f"ratio to bare openpyxl     : {ratio:.2f}x  (target >= 0.8x: {speed_ok})")
    print(f"ratio to same-styles bare  : {sdk_rate / styled_rate:.2f}x")
    print(f"peak memory while writing  : {peak_mb:.1f} MB  (target < 150 MB: {memory_ok})")
    write_json(
        [
            Figure("excel", "workbook write", f"{sdk_rate:,.0f} rows/s", f"{ratio:.2f}x",
                   ">= 0.8x bare openpyxl write-only", ratio >= 0.8),
            Figure("excel", "peak memory while writing", f"{peak_mb:.1f} MB", "",
                   "< 150 MB", peak_mb < 150),
        ],
        args.json,
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
