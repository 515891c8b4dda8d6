"""Interning of repeated sub-records during validation: shared, never wrong, bounded."""

from __future__ import annotations

import copy
import threading
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from vnschool_records.models import (
    CommentLevel,
    Semester,
    StudentYearRecord,
    SubjectKind,
    subject_catalogue,
)
from vnschool_records.models._interning import Interner

_SUBJECTS = [s.model_dump() for s in subject_catalogue("2018", 6)[:3]] + [
    {"code": "gdtc", "name": "Giáo dục thể chất", "kind": "comment", "periods_per_year": 70}
]


def _raw(n: int, **changes: Any) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for sem in (1, 2):
        for code in ("ngu_van", "toan", "ngoai_ngu_1"):
            rows.append(
                {
                    "subject": code,
                    "semester": sem,
                    "regular": ["7", "8,5", str(n % 10), "9.0"],
                    "midterm": "7.5",
                    "final": "8",
                }
            )
        rows.append(
            {
                "subject": "gdtc",
                "semester": sem,
                "regular_levels": ["Đạt", "Đạt"],
                "midterm_level": "Đạt",
                "final_level": "Đạt",
            }
        )
    data: dict[str, Any] = {
        "student": {
            "student_id": f"HS{n:04d}",
            "full_name": "Trần Thị Bình",
            "date_of_birth": "2013-02-01",
            "sex": "Nữ",
        },
        "class_group": {"name": "6A1", "grade_level": 6, "school_year": "2024-2025"},
        "subjects": copy.deepcopy(_SUBJECTS),
        "assessments": rows,
        "training_semester1": "Tốt",
        "training_semester2": "Khá",
        "attendance": [{"semester": 1, "excused": 2}, {"semester": 2, "excused": 0}],
    }
    data.update(changes)
    return data


def test_students_of_a_class_share_the_repeated_parts() -> None:
    a = StudentYearRecord.model_validate(_raw(1))
    b = StudentYearRecord.model_validate(_raw(2))  # equal dicts, not the same objects
    assert a.class_group is b.class_group
    assert a.subjects is b.subjects
    assert a.assessments[3] is b.assessments[3]  # the comment row
    assert a.assessments[0] is not b.assessments[0]  # scored rows are validated per student
    assert a.attendance[1] is b.attendance[1]
    assert a.student != b.student
    # The shared values are exactly what validation gives without any cache.
    assert a.subjects[3].kind is SubjectKind.COMMENT
    assert a.assessments[3].regular_levels == (CommentLevel.PASS, CommentLevel.PASS)
    assert a.assessments[3].semester is Semester.ONE
    assert a.assessments[0].regular == (Decimal("7"), Decimal("8.5"), Decimal("1"), Decimal("9.0"))


def test_a_value_of_another_type_never_shares_an_entry() -> None:
    base = StudentYearRecord.model_validate(_raw(3))
    subjects = copy.deepcopy(_SUBJECTS)
    subjects[0]["periods_per_year"] = float(subjects[0]["periods_per_year"])  # lax: still valid
    other = StudentYearRecord.model_validate(_raw(3, subjects=subjects))
    assert other.subjects == base.subjects
    assert other.subjects is not base.subjects
    subjects[0]["periods_per_year"] = 140.5  # equal-looking entries must not hide this
    with pytest.raises(ValidationError) as info:
        StudentYearRecord.model_validate(_raw(3, subjects=subjects))
    assert info.value.errors()[0]["loc"] == ("subjects", 0, "periods_per_year")


def test_invalid_input_is_never_cached_and_errors_keep_their_location() -> None:
    bad_subjects = copy.deepcopy(_SUBJECTS)
    bad_subjects[1]["code"] = "Toán"
    for _ in range(2):
        with pytest.raises(ValidationError) as info:
            StudentYearRecord.model_validate(_raw(4, subjects=bad_subjects))
        assert [e["loc"] for e in info.value.errors()] == [("subjects", 1, "code")]

    bad_rows = _raw(4)["assessments"]
    bad_rows[3] = dict(bad_rows[3], midterm_level="Tốt")  # a comment row, invalid level
    bad_rows[5] = dict(bad_rows[5], regular=["7", "11"])
    for _ in range(2):
        with pytest.raises(ValidationError) as info:
            StudentYearRecord.model_validate(_raw(4, assessments=bad_rows))
        locs = [e["loc"] for e in info.value.errors()]
        assert locs == [("assessments", 3, "midterm_level"), ("assessments", 5, "regular", 1)]

    bad_class = {"name": "6A1", "grade_level": 6, "school_year": "2024-2026"}
    with pytest.raises(ValidationError):
        StudentYearRecord.model_validate(_raw(4, class_group=bad_class))
    with pytest.raises(ValidationError) as info:
        StudentYearRecord.model_validate(_raw(4, attendance={"semester": 1}))
    assert info.value.errors()[0]["loc"] == ("attendance",)


def test_changing_the_input_after_validation_changes_the_result() -> None:
    raw = _raw(5)
    first = StudentYearRecord.model_validate(raw)
    raw["subjects"][0]["name"] = "Ngữ văn (chuyên)"
    raw["class_group"]["name"] = "6A2"
    raw["assessments"][3]["final_level"] = "Chưa đạt"
    second = StudentYearRecord.model_validate(raw)
    assert first.subjects[0].name == "Ngữ văn"
    assert second.subjects[0].name == "Ngữ văn (chuyên)"
    assert (first.class_group.name, second.class_group.name) == ("6A1", "6A2")
    assert second.assessments[3].final_level is CommentLevel.FAIL


def test_rows_given_as_a_generator_or_models_still_validate() -> None:
    raw = _raw(6)
    from_generator = StudentYearRecord.model_validate(
        _raw(6, assessments=(row for row in raw["assessments"]))
    )
    assert len(from_generator.assessments) == 8
    models = StudentYearRecord.model_validate(
        _raw(
            6,
            subjects=from_generator.subjects,
            class_group=from_generator.class_group,
            assessments=from_generator.assessments,
        )
    )
    assert models == from_generator


def test_validation_from_several_threads_agrees() -> None:
    raws = [_raw(n) for n in range(40)]
    expected = [StudentYearRecord.model_validate(r) for r in raws]
    results: list[list[StudentYearRecord]] = []

    def work() -> None:
        results.append([StudentYearRecord.model_validate(r) for r in raws])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4
    assert all(r == expected for r in results)


def test_interner_is_bounded_and_keeps_the_first_value() -> None:
    cache: Interner[int, str] = Interner(maxsize=3)
    for key in range(10):
        assert cache.add(key, f"v{key}") == f"v{key}"
        assert len(cache) <= 3
    assert [cache.get(k) for k in (6, 7, 8, 9)] == [None, "v7", "v8", "v9"]
    assert cache.add(9, "other") == "v9"
