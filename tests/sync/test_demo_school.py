"""``testing.demo_school``: one grade of the real demo school, valid under the regulations."""

from __future__ import annotations

import pytest

from vnschool_records.demo import generate_school
from vnschool_records.regulations import InvalidRecordError, evaluate_year
from vnschool_records.testing import demo_school


def test_records_are_the_demo_schools_first_grade_and_evaluate() -> None:
    records = demo_school(10, class_size=7, seed=3)
    assert len(records) == 10
    assert {r.grade_level for r in records} == {6}
    assert [r.class_group.name for r in records] == ["6A1"] * 7 + ["6A2"] * 3
    assert len({r.student.student_id for r in records}) == 10
    same = generate_school(
        school_year="2024-2025", classes_per_grade=2, students_per_class=7, seed=3
    )
    assert records == [r for r in same.records if r.grade_level == 6][:10]
    for r in records:  # complete score sets: the regulation evaluates every one
        assert evaluate_year(r).grade_level == 6


def test_denser_school_for_load_tests_only() -> None:
    records = demo_school(3, regular=7)
    for r in records:
        for a in r.assessments:
            assert len(a.regular) + len(a.regular_levels) == 7
    assert demo_school(3, regular=7) == records  # reproducible
    # more regular assessments than TT22/2021 Art. 6 cl. 2 counts: the regulation refuses
    with pytest.raises(InvalidRecordError):
        evaluate_year(records[0])


def test_fewer_regular_assessments_than_the_regulation_asks_are_refused() -> None:
    with pytest.raises(ValueError, match="below"):
        demo_school(2, regular=1)
