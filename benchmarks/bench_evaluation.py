"""Benchmark: validate and evaluate a synthetic district's school year.

Builds a deterministic district of N students (default 20,000), each with 12 scored and
4 comment subjects over two semesters, as plain dicts (what a vendor's JSON gives).

1. Validation: the dicts become ``StudentYearRecord`` models (pydantic). Target:
   at least 500,000 scores/s.
2. Evaluation: ``evaluate_year`` on every validated record (averages, levels, training,
   promotion, award — explanations stay lazy). Baseline, in the same run: a plain-Python
   loop over integer tenths doing the same arithmetic (semester and year averages,
   thresholds, comment levels, training table, promotion, award). Target: evaluation
   within 5× of the plain loop.

Run ``python benchmarks/bench_evaluation.py`` (full size) or with ``--quick``.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from collections.abc import Sequence
from typing import Any

from _report import Figure, GcClock, write_json

from vnschool_records.models import parse_records, subject_catalogue
from vnschool_records.regulations import YearResult, evaluate_year

VALIDATION_TARGET = 500_000  # scores per second
RATIO_TARGET = 5.0  # evaluation time / plain-loop time
_CHUNK = 500

_SCORED = (
    "ngu_van", "toan", "ngoai_ngu_1", "lich_su", "gdqp_an", "dia_li",
    "gd_ktpl", "vat_li", "hoa_hoc", "sinh_hoc", "cong_nghe", "tin_hoc",
)  # fmt: skip
_COMMENT = ("gdtc", "am_nhac", "hdtn_hn", "nd_gddp")
_TRAINING = ("Tốt", "Khá", "Đạt", "Chưa đạt")
_TRAINING_WEIGHTS = (50, 30, 17, 3)


def _regular_count(periods: int) -> int:
    return 2 if periods <= 35 else 3 if periods <= 70 else 4


def _score(rng: random.Random, ability: int) -> str:
    tenths = max(0, min(100, int(rng.gauss(ability, 12))))
    whole, tenth = divmod(tenths, 10)
    return str(whole) if tenth == 0 else f"{whole}.{tenth}"


def build_district(students: int, seed: int = 20240901) -> list[dict[str, Any]]:
    """The district as plain dicts: grade 11 in 2024-2025 (TT22), 12 + 4 subjects."""
    rng = random.Random(seed)
    catalogue = {s.code: s for s in subject_catalogue("2018", 11)}
    subjects = [catalogue[c].model_dump() for c in _SCORED + _COMMENT]
    periods = {c: catalogue[c].periods_per_year for c in _SCORED + _COMMENT}
    records: list[dict[str, Any]] = []
    for i in range(students):
        ability = rng.randint(45, 92)
        assessments: list[dict[str, Any]] = []
        for sem in (1, 2):
            for code in _SCORED:
                n = _regular_count(periods[code])
                assessments.append(
                    {
                        "subject": code,
                        "semester": sem,
                        "regular": [_score(rng, ability) for _ in range(n)],
                        "midterm": _score(rng, ability),
                        "final": _score(rng, ability),
                    }
                )
            for code in _COMMENT:
                levels = ["Đạt" if rng.random() < 0.97 else "Chưa đạt" for _ in range(4)]
                assessments.append(
                    {
                        "subject": code,
                        "semester": sem,
                        "regular_levels": levels[:2],
                        "midterm_level": levels[2],
                        "final_level": levels[3],
                    }
                )
        records.append(
            {
                "student": {
                    "student_id": f"HS{i:06d}",
                    "full_name": "Nguyễn Văn An",
                    "date_of_birth": "2008-05-17",
                    "sex": "Nam",
                },
                "class_group": {
                    "name": f"11A{i % 12 + 1}",
                    "grade_level": 11,
                    "school_year": "2024-2025",
                },
                "subjects": subjects,
                "assessments": assessments,
                "training_semester1": rng.choices(_TRAINING, _TRAINING_WEIGHTS)[0],
                "training_semester2": rng.choices(_TRAINING, _TRAINING_WEIGHTS)[0],
                "attendance": [
                    {"semester": 1, "excused": rng.randint(0, 8), "unexcused": rng.randint(0, 2)},
                    {"semester": 2, "excused": rng.randint(0, 8), "unexcused": rng.randint(0, 2)},
                ],
            }
        )
    return records


def count_scores(records: Sequence[dict[str, Any]]) -> tuple[int, int]:
    """Numeric scores and comment levels in the district."""
    scores = levels = 0
    for r in records:
        for a in r["assessments"]:
            if "regular" in a:
                scores += len(a["regular"]) + 2
            else:
                levels += len(a["regular_levels"]) + 2
    return scores, levels


# ----------------------------------------------------------------------- plain baseline
_TRAINING_YEAR = {
    (0, 0): 0, (0, 1): 1, (0, 2): 1, (0, 3): 3,
    (1, 0): 0, (1, 1): 1, (1, 2): 2, (1, 3): 3,
    (2, 0): 1, (2, 1): 1, (2, 2): 2, (2, 3): 3,
    (3, 0): 1, (3, 1): 2, (3, 2): 2, (3, 3): 3,
}  # fmt: skip
"""Art. 8 table with 0 = Tốt … 3 = Chưa đạt."""


def to_plain(records: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """The same data as integer tenths and small ints (not timed)."""
    plain: list[tuple[Any, ...]] = []
    for r in records:
        scored: dict[str, list[tuple[list[int], int, int]]] = {}
        comments: dict[str, list[bool]] = {}
        for a in r["assessments"]:
            if "regular" in a:
                regular = [round(float(s) * 10) for s in a["regular"]]
                item = (regular, round(float(a["midterm"]) * 10), round(float(a["final"]) * 10))
                scored.setdefault(a["subject"], []).append(item)
            else:
                levels = [*a["regular_levels"], a["midterm_level"], a["final_level"]]
                comments.setdefault(a["subject"], []).append(all(v == "Đạt" for v in levels))
        absences = sum(x["excused"] + x["unexcused"] for x in r["attendance"])
        plain.append(
            (
                list(scored.values()),
                list(comments.values()),
                _TRAINING.index(r["training_semester1"]),
                _TRAINING.index(r["training_semester2"]),
                absences,
            )
        )
    return plain


def _level(averages: list[int], fails: int) -> int:
    n80 = sum(1 for t in averages if t >= 80)
    n65 = sum(1 for t in averages if t >= 65)
    n50 = sum(1 for t in averages if t >= 50)
    low = min(averages)
    if fails == 0 and low >= 65 and n80 >= 6:
        return 0
    if fails == 0 and low >= 50 and n65 >= 6:
        return 1
    if fails <= 1 and n50 >= 6 and low >= 35:
        return 2
    return 3


def plain_loop(plain: Sequence[tuple[Any, ...]]) -> list[tuple[int, ...]]:
    """Integer-tenths arithmetic for every student: the baseline."""
    out: list[tuple[int, ...]] = []
    for scored, comments, rl1, rl2, absences in plain:
        s1: list[int] = []
        s2: list[int] = []
        yr: list[int] = []
        for (reg1, gk1, ck1), (reg2, gk2, ck2) in scored:
            n1, n2 = len(reg1) + 5, len(reg2) + 5
            a1 = (2 * (sum(reg1) + 2 * gk1 + 3 * ck1) + n1) // (2 * n1)
            a2 = (2 * (sum(reg2) + 2 * gk2 + 3 * ck2) + n2) // (2 * n2)
            s1.append(a1)
            s2.append(a2)
            yr.append((2 * (a1 + 2 * a2) + 3) // 6)
        f1 = sum(1 for c in comments if not c[0])
        f2 = sum(1 for c in comments if not c[1])
        level1, level2, level_year = _level(s1, f1), _level(s2, f2), _level(yr, f2)
        rl_year = _TRAINING_YEAR[(rl1, rl2)]
        promoted = int(rl_year <= 2 and level_year <= 2 and absences <= 45)
        award = 0
        if rl_year == 0 and level_year == 0:
            award = 2 if sum(1 for t in yr if t >= 90) >= 6 else 1
        out.append((level1, level2, level_year, rl_year, promoted, award))
    return out


# ----------------------------------------------------------------------- main
def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its table; returns 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--students", type=int, default=20_000, help="district size")
    parser.add_argument("--quick", action="store_true", help="small sizes (a few seconds)")
    parser.add_argument("--seed", type=int, default=20240901)
    parser.add_argument("--json", default=None, help="also write the headline figures here")
    args = parser.parse_args(argv)
    students = 300 if args.quick else args.students

    district = build_district(students, args.seed)
    scores, levels = count_scores(district)
    gc.collect()
    # 1. Validation, dicts → models, with the SDK's bulk call (parse_records, which pauses
    # the cyclic GC while it builds the batch — see vnschool_records._gc). The input dicts
    # stay alive (as a vendor's parsed JSON would) and every validated record is kept.
    gc_clock = GcClock()
    t0 = time.perf_counter()
    records = parse_records(district)
    t_validate = time.perf_counter() - t0
    gc_validate = gc_clock.stop()
    plain = to_plain(district)  # the baseline's input, built outside the timed phase

    # 2. Evaluation from the validated models against the plain loop. The inputs of this
    # phase — the validated records and the plain loop's integer data — are long-lived:
    # both are moved out of the cyclic GC's way alike (gc.freeze), as a service would after
    # loading. Both sides keep every result (20,000 YearResult objects; 20,000 tuples of
    # six ints) under the GC, and the GC time of each side is counted in its time.
    # Evaluation and loop are interleaved chunk by chunk so that load on a shared machine
    # slows both alike.
    gc.collect()
    gc.freeze()
    t_evaluate = t_plain = 0.0
    gc_evaluate = gc_plain = 0.0
    results: list[YearResult] = []
    baseline: list[tuple[int, ...]] = []
    gc_clock = GcClock()
    for start in range(0, students, _CHUNK):
        t1 = time.perf_counter()
        results.extend(evaluate_year(r) for r in records[start : start + _CHUNK])
        t2 = time.perf_counter()
        gc_evaluate += gc_clock.lap()
        baseline.extend(plain_loop(plain[start : start + _CHUNK]))
        t3 = time.perf_counter()
        gc_plain += gc_clock.lap()
        t_evaluate += t2 - t1
        t_plain += t3 - t2
    gc_clock.stop()
    gc.unfreeze()

    order = ("Tốt", "Khá", "Đạt", "Chưa đạt")
    mismatches = sum(
        1
        for res, base in zip(results, baseline, strict=True)
        if order.index(res.year.learning.computed_level or res.year.learning.value) != base[2]
        or order.index(res.year.training.value if res.year.training else "") != base[3]
    )

    validation_rate = scores / t_validate
    ratio = t_evaluate / t_plain

    def rates(seconds: float) -> str:
        return f"{students / seconds:,.0f} students/s, {scores / seconds:,.0f} scores/s"

    rows = [
        ("students", f"{students:,}"),
        ("scores (+ comment levels)", f"{scores:,} (+ {levels:,})"),
        ("validation (dicts → models)", rates(t_validate)),
        ("  of which cyclic GC", f"{gc_validate:.2f} s of {t_validate:.2f} s"),
        ("evaluation (evaluate_year)", rates(t_evaluate)),
        ("  of which cyclic GC", f"{gc_evaluate:.2f} s of {t_evaluate:.2f} s"),
        ("plain integer loop", rates(t_plain)),
        ("  of which cyclic GC", f"{gc_plain:.2f} s of {t_plain:.2f} s"),
        ("evaluation / plain loop", f"{ratio:.1f}×"),
        ("results differing from the loop", f"{mismatches}"),
        (
            f"target: validation ≥ {VALIDATION_TARGET:,} scores/s",
            "met" if validation_rate >= VALIDATION_TARGET else "NOT met",
        ),
        (
            f"target: evaluation within {RATIO_TARGET:g}× of the loop",
            "met" if ratio <= RATIO_TARGET else "NOT met",
        ),
    ]
    notes = (
        "retained under the GC: validation - the input dicts and every validated record;",
        "  evaluation - every YearResult; loop - every result tuple (both keep all results)",
        "frozen out of the GC (gc.freeze) for phase 2: the records and the loop's int data",
    )
    width = max(len(k) for k, _ in rows)
    print("bench_evaluation" + (" (--quick)" if args.quick else ""))
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")
    for note in notes:
        print(f"  {note}")
    write_json(
        [
            Figure("evaluation", "validation (dicts → models)",
                   f"{validation_rate:,.0f} scores/s", "",
                   f">= {VALIDATION_TARGET:,} scores/s", validation_rate >= VALIDATION_TARGET),
            Figure("evaluation", "evaluate_year", f"{students / t_evaluate:,.0f} students/s",
                   f"{ratio:.1f}x the plain loop's time", f"within {RATIO_TARGET:g}x",
                   ratio <= RATIO_TARGET),
        ],
        args.json,
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
