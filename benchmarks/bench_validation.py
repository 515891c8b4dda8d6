"""Benchmark: validating a district of full score records (Rà soát dữ liệu cả quận/huyện).

Builds a district of student-year records (default 20,000 students over THCS and THPT
grades, every required score present, a few deliberate problems), then times
``validate(records)`` with the default rules. The in-run baseline is a plain loop over the
same records as dicts that only counts regular/mid-term/end-of-term scores against the
required numbers — the cheapest possible version of the completeness check — so the ratio
says what the full engine (identity, text, age, completeness, scores, attendance) costs
on top of it. Target: at least 10,000 student-years per second.

    python benchmarks/bench_validation.py          # 20,000 students
    python benchmarks/bench_validation.py --quick  # 500 students, a few seconds
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from datetime import date
from typing import Any

from _report import Figure, GcClock, write_json

from vnschool_records.models import SubjectKind, parse_records, subject_catalogue
from vnschool_records.regulations import regulation_for
from vnschool_records.validation import validate

TARGET_PER_SECOND = 10_000
_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
_MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Hoàng", "Thanh", "Quốc", "Thu"]
_GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Khoa", "Lan", "Mai", "Nam", "Phúc"]


def _template(grade: int, school_year: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    regulation = regulation_for(grade, school_year)
    tt22 = regulation.id.value == "TT22_2021"
    subjects = subject_catalogue("2018" if tt22 else "2006", grade)
    if grade >= 10 and tt22:
        subjects = tuple(s for s in subjects if not s.elective) + tuple(
            [s for s in subjects if s.elective][:4]
        )
    rows: list[dict[str, Any]] = []
    for s in subjects:
        for sem in (1, 2):
            if s.kind is SubjectKind.COMMENT:
                n = 2 if tt22 else regulation.required_regular_count(s.periods_per_year)
                rows.append(
                    {
                        "subject": s.code,
                        "semester": sem,
                        "regular_levels": ["Đạt"] * n,
                        "midterm_level": "Đạt",
                        "final_level": "Đạt",
                    }
                )
            else:
                n = regulation.required_regular_count(s.periods_per_year)
                rows.append(
                    {
                        "subject": s.code,
                        "semester": sem,
                        "regular": ["7.5", "8", "6.5", "9"][:n],
                        "midterm": "7",
                        "final": "8.5",
                    }
                )
    return [s.model_dump() for s in subjects], rows


def build_district(students: int) -> list[dict[str, Any]]:
    """Raw records for a district: 40 students per class, grades 6–12, school year 2024-2025."""
    year = "2024-2025"
    templates = {g: _template(g, year) for g in range(6, 13)}
    out: list[dict[str, Any]] = []
    for n in range(students):
        grade = 6 + (n // 40) % 7
        subjects, rows = templates[grade]
        female = n % 2 == 1
        born = date(2024 - (grade + 5), 1 + n % 12, 1 + n % 28)
        digit4 = 2 + int(female)
        pid = f"079{digit4}{born.year % 100:02d}{n:06d}"
        if n % 997 == 0:
            pid = pid[:-1]  # a broken personal id now and then
        school = f"79{n // 1200:06d}"
        out.append(
            {
                "student": {
                    "student_id": f"79{n:08d}",
                    "full_name": f"{_FAMILY[n % 10]} {_MIDDLE[n % 8]} {_GIVEN[n % 11]}",
                    "date_of_birth": born.isoformat(),
                    "sex": "Nữ" if female else "Nam",
                    "personal_id": pid,
                },
                "class_group": {
                    "name": f"{grade}A{1 + (n // 280) % 30}",
                    "grade_level": grade,
                    "school_year": year,
                    "school_code": school,
                },
                "subjects": subjects,
                "assessments": rows if n % 503 else rows[1:],  # a missing row now and then
                "training_semester1": "Tốt",
                "training_semester2": "Khá",
                "attendance": [{"semester": 1, "excused": n % 7}],
            }
        )
    return out


def baseline(raw: list[dict[str, Any]]) -> int:
    """The plain loop: count each row's scores against the required number."""
    required: dict[tuple[int, int, str], int] = {}
    problems = 0
    for rec in raw:
        grade = rec["class_group"]["grade_level"]
        periods = {s["code"]: (s["periods_per_year"], s["kind"]) for s in rec["subjects"]}
        seen = set()
        for row in rec["assessments"]:
            p, kind = periods[row["subject"]]
            key = (grade, p, kind)
            need = required.get(key)
            if need is None:
                reg = regulation_for(grade, rec["class_group"]["school_year"])
                need = 2 if kind == "comment" else reg.required_regular_count(p)
                required[key] = need
            got = row.get("regular") or row.get("regular_levels") or ()
            problems += len(got) < need
            problems += (row.get("midterm") or row.get("midterm_level")) is None
            problems += (row.get("final") or row.get("final_level")) is None
            seen.add((row["subject"], row["semester"]))
        problems += 2 * len(periods) - len(seen)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 students instead of 20,000")
    parser.add_argument("--students", type=int, default=None)
    parser.add_argument("--json", default=None, help="also write the headline figures here")
    args = parser.parse_args(argv)
    students = args.students or (500 if args.quick else 20_000)

    raw = build_district(students)
    gc.collect()
    clock = GcClock()
    t0 = time.perf_counter()
    models = parse_records(raw)
    parse_s = time.perf_counter() - t0
    parse_gc = clock.stop()

    validate(models[:50])  # warm the regulation and requirement caches, as a real run would
    baseline(raw[:50])
    t0 = time.perf_counter()
    base_problems = baseline(raw)
    base_s = time.perf_counter() - t0

    clock = GcClock()
    t0 = time.perf_counter()
    report = validate(models)
    engine_s = time.perf_counter() - t0
    engine_gc = clock.stop()

    clock = GcClock()
    t0 = time.perf_counter()
    raw_report = validate(raw)
    raw_s = time.perf_counter() - t0
    raw_gc = clock.stop()

    completeness = sum(1 for f in report if f.code.startswith("assessment-"))
    assert completeness == base_problems, (completeness, base_problems)
    assert raw_report.counts() == report.counts()

    per_s = students / engine_s
    print(f"students: {students:,}  findings: {len(report):,}  ({dict(report.counts())})")
    print(
        f"parse dicts → models:  {parse_s:7.3f} s  {students / parse_s:12,.0f} records/s"
        f"  (cyclic GC {parse_gc:.2f} s)"
    )
    print(f"baseline (dict loop):  {base_s:7.3f} s  {students / base_s:12,.0f} records/s")
    print(
        f"validate(models):      {engine_s:7.3f} s  {per_s:12,.0f} records/s  "
        f"{len(report) / engine_s:10,.0f} findings/s  (cyclic GC {engine_gc:.2f} s)"
    )
    print(
        f"validate(raw dicts):   {raw_s:7.3f} s  {students / raw_s:12,.0f} records/s"
        f"  (cyclic GC {raw_gc:.2f} s)"
    )
    print(f"ratio engine / baseline time: {engine_s / base_s:.2f}×")
    print(
        "retained under the GC throughout: the raw dicts and the parsed models; each "
        "validate() keeps its report (and, from raw dicts, the models it parses)"
    )
    met = per_s >= TARGET_PER_SECOND
    print(f"target ≥ {TARGET_PER_SECOND:,} student-years/s: {'met' if met else 'NOT met'}")
    write_json(
        [
            Figure("validation", "validate(models)", f"{per_s:,.0f} student-years/s",
                   f"{engine_s / base_s:.2f}x the dict loop's time",
                   f">= {TARGET_PER_SECOND:,} student-years/s", met),
            Figure("validation", "validate(raw dicts)", f"{students / raw_s:,.0f} records/s"),
        ],
        args.json,
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
