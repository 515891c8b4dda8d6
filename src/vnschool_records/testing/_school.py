"""A synthetic school (Trường mẫu) for tests and benchmarks: deterministic, valid records."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from vnschool_records._decimal import from_tenths
from vnschool_records.models import (
    ClassGroup,
    CommentLevel,
    SchoolYear,
    Semester,
    Sex,
    Student,
    StudentYearRecord,
    Subject,
    SubjectAssessment,
    TrainingLevel,
    subject_catalogue,
)

__all__ = ["demo_school", "edit_scores"]

_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ")
_MIDDLE = ("Văn", "Thị", "Minh", "Ngọc", "Thanh", "Gia", "Hữu", "Thu")
_GIVEN = ("An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Khoa", "Linh", "Mai", "Nam", "Phúc", "Thủy")


def _score(rng: random.Random) -> Decimal:
    return from_tenths(rng.randint(30, 100))


def demo_school(
    students: int,
    *,
    school_year: str = "2024-2025",
    grade_level: int = 6,
    class_size: int = 40,
    regular: int | None = None,
    seed: int = 0,
) -> list[StudentYearRecord]:
    """Records of ``students`` students in classes of ``class_size``, every score entered.

    Subjects follow the 2018 programme's catalogue for the grade. ``regular`` fixes the
    number of regular assessments per subject and semester (default: 2–4 by subject size,
    as TT22/2021 Art. 7 requires); a larger number makes a denser school for benchmarks.

    >>> records = demo_school(3, seed=1)
    >>> len(records), records[0].class_group.name, len(records[0].assessments)
    (3, '6A1', 24)
    """
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    subjects: tuple[Subject, ...] = subject_catalogue("2018", grade_level)
    classes: dict[int, ClassGroup] = {}
    out: list[StudentYearRecord] = []
    born = date(2024 - grade_level - 6, 1, 1)
    for i in range(students):
        n = i // class_size
        cg = classes.get(n)
        if cg is None:
            cg = ClassGroup(
                name=f"{grade_level}A{n + 1}",
                grade_level=grade_level,
                school_year=SchoolYear.parse(school_year),
            )
            classes[n] = cg
        student = Student(
            student_id=f"HS{i + 1:06d}",
            full_name=f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}",
            date_of_birth=born + timedelta(days=rng.randint(0, 364)),
            sex=Sex.FEMALE if i % 2 else Sex.MALE,
        )
        assessments = []
        for subject in subjects:
            count = regular or (
                2 if subject.periods_per_year <= 35 else 3 if subject.periods_per_year <= 70 else 4
            )
            for sem in (Semester.ONE, Semester.TWO):
                if subject.scored:
                    assessments.append(
                        SubjectAssessment(
                            subject=subject.code,
                            semester=sem,
                            regular=tuple(_score(rng) for _ in range(count)),
                            midterm=_score(rng),
                            final=_score(rng),
                        )
                    )
                else:
                    assessments.append(
                        SubjectAssessment(
                            subject=subject.code,
                            semester=sem,
                            regular_levels=(CommentLevel.PASS,) * count,
                            midterm_level=CommentLevel.PASS,
                            final_level=CommentLevel.PASS,
                        )
                    )
        out.append(
            StudentYearRecord(
                student=student,
                class_group=cg,
                subjects=subjects,
                assessments=tuple(assessments),
                training_semester1=TrainingLevel.GOOD,
                training_semester2=TrainingLevel.GOOD,
            )
        )
    return out


def edit_scores(
    records: list[StudentYearRecord], fraction: float, *, seed: int = 1
) -> tuple[list[StudentYearRecord], int]:
    """New records with about ``fraction`` of the scores re-entered; and how many changed.

    Unchanged assessments stay the very same objects, as in a grade book that replaces only
    what a teacher edited.
    """
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    out = []
    changed = 0
    for record in records:
        assessments = list(record.assessments)
        touched = False
        for j, a in enumerate(assessments):
            if not a.regular:
                continue
            regular = list(a.regular)
            hit = False
            for k, old in enumerate(regular):
                if rng.random() < fraction:
                    new = _score(rng)
                    while new == old:
                        new = _score(rng)
                    regular[k] = new
                    hit = True
                    changed += 1
            if hit:
                assessments[j] = a.model_copy(update={"regular": tuple(regular)})
                touched = True
        out.append(
            record.model_copy(update={"assessments": tuple(assessments)}) if touched else record
        )
    return out, changed
