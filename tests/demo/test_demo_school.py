"""The demo school: reproducible, realistic, and covering every path a year can end on."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest

from vnschool_records.demo import Profile, generate_school
from vnschool_records.identifiers import personal_id
from vnschool_records.regulations import PromotionOutcome, evaluate_year


@pytest.fixture(scope="module", params=["THCS", "THPT"])
def demo(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    return generate_school(
        level=request.param, school_year="2025-2026", classes_per_grade=1, students_per_class=15
    )


def test_same_seed_same_school_other_seed_other_school() -> None:
    kwargs = {"classes_per_grade": 1, "students_per_class": 8}
    a = generate_school(seed=1, **kwargs)  # type: ignore[arg-type]
    assert a.records == generate_school(seed=1, **kwargs).records  # type: ignore[arg-type]
    assert a.records != generate_school(seed=2, **kwargs).records  # type: ignore[arg-type]


def test_identity_data_is_consistent(demo) -> None:  # type: ignore[no-untyped-def]
    ids = [r.student.student_id for r in demo.records]
    assert len(ids) == len(set(ids))
    for record in demo.records:
        student = record.student
        assert unicodedata.is_normalized("NFC", student.full_name)
        assert student.personal_id is not None
        personal_id.validate(
            student.personal_id, date_of_birth=student.date_of_birth, sex=student.sex
        )
        # grade 6 is entered the calendar year the pupil turns 11, grade 10 at 15
        age = record.class_group.school_year.start - student.date_of_birth.year
        assert age == record.grade_level + 5


def test_every_path_appears_with_the_outcome_it_was_built_for(demo) -> None:  # type: ignore[no-untyped-def]
    outcomes: Counter[tuple[Profile, PromotionOutcome]] = Counter()
    for record in demo.records:
        result = evaluate_year(record)
        outcomes[(demo.profiles[record.student.student_id], result.promotion.value)] += 1
        if demo.profiles[record.student.student_id] is Profile.ONE_SUBJECT_DRAG:
            assert result.year.learning.adjusted_for is not None
    final = demo.records[0].class_group.level.grades[-1]
    n_classes = len(demo.classes)
    promoted = {PromotionOutcome.PROMOTED, PromotionOutcome.COMPLETED}
    by_profile: Counter[Profile] = Counter()
    for (profile, outcome), n in outcomes.items():
        if profile is Profile.REASSESSMENT_PENDING:
            assert outcome is PromotionOutcome.REASSESSMENT
        elif profile is Profile.ABSENCES:
            assert outcome in {PromotionOutcome.RETAINED, PromotionOutcome.NOT_COMPLETED}
        elif profile in {Profile.REASSESSMENT_PASSED, Profile.SUMMER_TRAINING,
                         Profile.OUTSTANDING}:  # fmt: skip
            assert outcome in promoted
        by_profile[profile] += n
    assert by_profile[Profile.OUTSTANDING] == 2 * n_classes
    assert final in (9, 12)


def test_too_few_students_is_refused() -> None:
    with pytest.raises(ValueError, match="every promotion path"):
        generate_school(students_per_class=3)
