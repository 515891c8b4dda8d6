"""Worked cases from the circulars (tests/regulations/cases/*.csv), computed by hand.

Each row names the regulation (and policy), the verb, its inputs in a small notation, the
expected value, optional extra expectations, the citation and a note with the arithmetic.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from vnschool_records.regulations import (
    Tt22Policy,
    Tt22Regulation,
    Tt58Policy,
    Tt58Regulation,
    regulation_for,
)

CASES_DIR = Path(__file__).parent / "cases"


def _load() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted(CASES_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows.extend(csv.DictReader(f))
    return rows


CASES = _load()

REGULATIONS: dict[str, Any] = {
    "tt22": Tt22Regulation(),
    "tt22-exact": Tt22Regulation(Tt22Policy(year_average_from="exact")),
    "tt22-wouldbe": Tt22Regulation(Tt22Policy(adjustment="below_would_be")),
    "tt22-nocomment": Tt22Regulation(Tt22Policy(comment_subject_can_be_the_one=False)),
    "tt58": Tt58Regulation(),
    "tt58-original": Tt58Regulation(edition="original"),
    "tt58-literal": Tt58Regulation(Tt58Policy(gioi_average_also_reaches_kha=False)),
    "tt58-nocomment": Tt58Regulation(Tt58Policy(comment_subject_can_be_the_one=False)),
}


def test_case_file_is_large_and_well_formed() -> None:
    assert len(CASES) >= 60
    ids = [c["id"] for c in CASES]
    assert len(set(ids)) == len(ids)
    for case in CASES:
        assert case["citation"].strip(), case["id"]
        assert case["note"].strip(), case["id"]
        assert case["regulation"] in {*REGULATIONS, "any"}, case["id"]


def _semester(text: str) -> tuple[list[str], list[str], str]:
    regular, periodic, final = (part.split() for part in text.split("|"))
    return regular, periodic, final[0]


def _pairs(text: str, sep: str = " ") -> dict[str, str]:
    return dict(item.split("=", 1) for item in text.split(sep) if item)


def _shown(value: object) -> str:
    if value is None:
        return "None"
    if isinstance(value, Decimal):
        return str(value)
    return str(getattr(value, "value", value))


def _run(case: dict[str, str]) -> tuple[Any, dict[str, str]]:
    """Evaluate a case; returns (value, extra observations)."""
    verb, text = case["verb"], case["inputs"]
    observed: dict[str, str] = {}
    if verb == "applicability":
        grade, year = (p.strip() for p in text.split("|"))
        reg = regulation_for(int(grade), year)
        if isinstance(reg, Tt58Regulation):
            observed["edition"] = reg.edition
        return reg.id, observed
    reg = REGULATIONS[case["regulation"]]
    if verb == "semester_average":
        regular, periodic, final = _semester(text)
        mid: Any = periodic if len(periodic) > 1 else periodic[0]
        return reg.semester_average(regular, mid, final).value, observed
    if verb == "year_average":
        first, second = (p.strip() for p in text.split("|"))
        return reg.year_average(first, second).value, observed
    if verb == "year_from_assessments":
        one, two = (
            reg.semester_average(regular, periodic[0], final)
            for regular, periodic, final in map(_semester, text.split("||"))
        )
        return reg.year_average(one, two).value, observed
    if verb == "comment_semester":
        periods = 35
        if text.startswith("@"):
            head, text = text.split(" ", 1)
            periods = int(head[1:])
        regular, (mid,), final = _semester(text)
        kwargs = {"periods_per_year": periods} if isinstance(reg, Tt58Regulation) else {}
        return reg.comment_semester_level(regular, mid, final, **kwargs).value, observed
    if verb == "training_year":
        first, second = (p.strip() for p in text.split("|"))
        return reg.training_result_year(first, second).value, observed
    if verb == "learning":
        subjects = _pairs(text)
        specialised = subjects.pop("specialised", None)
        kwargs = {"specialised_subject": specialised} if specialised else {}
        result = reg.learning_result(subjects, term="CN", **kwargs)
        observed["computed"] = _shown(result.computed_level)
        if result.adjusted_for is not None:
            observed["culprit"] = result.adjusted_for
        if result.overall_average is not None:
            observed["overall"] = str(result.overall_average)
        return result.value, observed
    if verb == "promotion":
        args = _pairs(text, ";")
        result = reg.promotion(
            args["training"],
            args["learning"],
            absences=int(args.get("absences", "0")),
            grade_level=int(args["grade"]),
            reassess_subjects=tuple(filter(None, args.get("subjects", "").split("+"))),
            individual_education_plan=args.get("iep") == "true",
            training_after_summer=args.get("after_training"),
            learning_after_reassessment=args.get("after_learning"),
        )
        observed["final"] = str(result.final).lower()
        if result.reassess_subjects:
            observed["subjects"] = "+".join(result.reassess_subjects)
        return result.value, observed
    if verb == "award":
        parts = [p.strip() for p in text.split("|")]
        if isinstance(reg, Tt22Regulation):
            averages = {f"s{i}": v for i, v in enumerate(parts[2].split())}
            return reg.award(parts[0], parts[1], averages).value, observed
        return reg.award(parts[0], parts[1]).value, observed
    if verb == "required_regular":
        return reg.required_regular_count(int(text)), observed
    raise AssertionError(f"unknown verb {verb!r} in case {case['id']}")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_worked_case(case: dict[str, str]) -> None:
    value, observed = _run(case)
    assert _shown(value) == case["expected"], f"{case['id']}: {case['note']}"
    expected_extra = _pairs(case["extra"], ";") if case["extra"] else {}
    for key, want in expected_extra.items():
        assert observed.get(key) == want, f"{case['id']} {key}: {case['note']}"
    if case["verb"] == "promotion":
        assert observed.get("subjects") == expected_extra.get("subjects"), case["id"]
