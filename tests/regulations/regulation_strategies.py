"""Hypothesis strategies for the regulation tests: scores, subject maps and whole records."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from vnschool_records._decimal import from_tenths
from vnschool_records.models import (
    ConductLevel,
    StudentYearRecord,
    SubjectKind,
    TrainingLevel,
    subject_catalogue,
)
from vnschool_records.regulations import Tt22Regulation, Tt58Regulation

tenths = st.integers(min_value=0, max_value=100)
scores = tenths.map(from_tenths)
"""A recordable score: a one-decimal Decimal in 0–10."""


def half_up_reference(value: Fraction) -> Decimal:
    """Reference rounding, written independently of the SDK: floor(10·x + 1/2) / 10."""
    scaled = value * 10 + Fraction(1, 2)
    return Decimal(scaled.numerator // scaled.denominator) / 10


@st.composite
def semester_inputs(
    draw: st.DrawFn, min_regular: int = 2, max_regular: int = 4
) -> tuple[list[Decimal], Decimal, Decimal]:
    """Regular scores, a mid-term and an end-of-term score."""
    regular = draw(st.lists(scores, min_size=min_regular, max_size=max_regular))
    return regular, draw(scores), draw(scores)


TT22_SCORED = (
    "toan", "ngu_van", "ngoai_ngu_1", "gdcd", "lich_su_dia_li", "khtn", "cong_nghe",
    "tin_hoc", "vat_li", "hoa_hoc",
)  # fmt: skip
TT22_COMMENT = ("gdtc", "nghe_thuat", "nd_gddp", "hdtn_hn")
TT58_SCORED = (
    "toan", "ngu_van", "ngoai_ngu", "vat_li", "hoa_hoc", "sinh_hoc", "lich_su", "dia_li",
    "gdcd", "cong_nghe", "tin_hoc",
)  # fmt: skip
TT58_COMMENT = ("the_duc", "am_nhac", "mi_thuat")

comment_levels = st.sampled_from(["Đạt", "Đạt", "Đạt", "Chưa đạt"])
"""Mostly Đạt, sometimes Chưa đạt."""


@st.composite
def subject_results(
    draw: st.DrawFn, scored: tuple[str, ...], comment: tuple[str, ...]
) -> dict[str, Any]:
    """A mapping subject → average (Decimal) or comment level, as learning_result takes."""
    n_scored = draw(st.integers(min_value=6, max_value=len(scored)))
    n_comment = draw(st.integers(min_value=0, max_value=len(comment)))
    # Averages cluster near the thresholds so that the levels vary.
    around = st.sampled_from([20, 35, 50, 65, 80, 90]).flatmap(
        lambda c: st.integers(min_value=max(0, c - 3), max_value=min(100, c + 3))
    )
    values: dict[str, Any] = {
        code: from_tenths(draw(st.one_of(around, tenths))) for code in scored[:n_scored]
    }
    values.update({code: draw(comment_levels) for code in comment[:n_comment]})
    return values


@st.composite
def record_dicts(draw: st.DrawFn, regime: str) -> dict[str, Any]:
    """A complete, valid student-year record as plain data.

    ``regime`` is ``"tt22"`` (2024-2025, any grade), ``"tt58"`` (2020-2021, amended) or
    ``"tt58-original"`` (2016-2017).
    """
    grade = draw(st.integers(min_value=6, max_value=12))
    if regime == "tt22":
        year, programme, reg = "2024-2025", "2018", Tt22Regulation()
    elif regime == "tt58":
        year, programme, reg = "2020-2021", "2006", Tt58Regulation()
    else:
        year, programme, reg = "2016-2017", "2006", Tt58Regulation(edition="original")
    subjects = subject_catalogue(programme, grade)
    ability = draw(st.integers(min_value=20, max_value=95))
    near = st.integers(min_value=max(0, ability - 25), max_value=min(100, ability + 25))
    assessments: list[dict[str, Any]] = []
    for subj in subjects:
        n = reg.required_regular_count(subj.periods_per_year)
        for sem in (1, 2):
            if subj.kind is SubjectKind.SCORED:
                assessments.append(
                    {
                        "subject": subj.code,
                        "semester": sem,
                        "regular": [str(from_tenths(draw(near))) for _ in range(n)],
                        "midterm": str(from_tenths(draw(near))),
                        "final": str(from_tenths(draw(near))),
                    }
                )
            else:
                levels = [draw(comment_levels) for _ in range(n + 2)]
                if regime == "tt22":
                    levels = levels[-4:]
                assessments.append(
                    {
                        "subject": subj.code,
                        "semester": sem,
                        "regular_levels": levels[:-2],
                        "midterm_level": levels[-2],
                        "final_level": levels[-1],
                    }
                )
    if regime == "tt22":
        training = st.sampled_from([t.value for t in TrainingLevel])
        extra: dict[str, Any] = {}
    else:
        training = st.sampled_from([c.value for c in ConductLevel])
        extra = {"training_year": draw(training)}
    return {
        "student": {
            "student_id": "HS-P",
            "full_name": "Trần Thị Bình",
            "date_of_birth": "2010-01-01",
            "sex": "Nữ",
        },
        "class_group": {"name": f"{grade}A1", "grade_level": grade, "school_year": year},
        "subjects": [s.model_dump() for s in subjects],
        "assessments": assessments,
        "training_semester1": draw(training),
        "training_semester2": draw(training),
        "attendance": [
            {"semester": 1, "excused": draw(st.integers(0, 30)), "unexcused": 0},
            {"semester": 2, "excused": draw(st.integers(0, 30)), "unexcused": 0},
        ],
        **extra,
    }


def records(regime: str) -> st.SearchStrategy[StudentYearRecord]:
    """Validated records of a regime."""
    return record_dicts(regime).map(StudentYearRecord.model_validate)
