"""A demo school's records (Hồ sơ trường mẫu) for tests and benchmarks: the real demo school.

:func:`demo_school` takes one grade of :func:`vnschool_records.demo.generate_school` (the
SDK's policy-consistent demo school: every score set complete under the regulation of
its year, students on every path a year can end on), so sync tests and benchmarks run on
the same data as the demo, the documents and the results. :func:`edit_scores` re-enters a
fraction of the scores, as a teacher correcting the grade book would.
"""

from __future__ import annotations

import math
import random
from decimal import Decimal

from vnschool_records._decimal import from_tenths
from vnschool_records.demo import generate_school
from vnschool_records.models import CommentLevel, SchoolLevel, StudentYearRecord

__all__ = ["demo_school", "edit_scores"]


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
    """Records of the first ``students`` students of ``grade_level`` in the demo school.

    Classes hold ``class_size`` students (at least 7, so every promotion path appears in
    each). ``regular`` raises the number of regular assessments of every subject and
    semester to that many (extra scores drawn at random, extra comment levels Đạt): a
    denser school for load tests only. Above the count TT22/2021 Art. 6 cl. 2 sets for a
    subject's periods the regulation refuses the records, so use them where nothing
    evaluates them (the sync benchmark syncs with ``validator=None``). A number below the
    count is refused here.

    >>> records = demo_school(3, seed=1)
    >>> len(records), records[0].class_group.name, len(records[0].assessments)
    (3, '6A1', 24)
    """
    if students < 1:
        raise ValueError(f"students must be at least 1, not {students}")
    per_class = max(class_size, 7)
    level = SchoolLevel.THCS if grade_level <= 9 else SchoolLevel.THPT
    if grade_level not in level.grades:
        raise ValueError(f"grade_level must be 6-12, not {grade_level}")
    demo = generate_school(
        level=level,
        school_year=school_year,
        classes_per_grade=math.ceil(students / per_class),
        students_per_class=per_class,
        seed=seed,
    )
    records = [r for r in demo.records if r.grade_level == grade_level][:students]
    if regular is None:
        return records
    rng = random.Random(f"regular-{seed}")  # noqa: S311 - test data, not secrets
    out = []
    for record in records:
        assessments = []
        for a in record.assessments:
            have = len(a.regular) or len(a.regular_levels)
            if have > regular:
                raise ValueError(
                    f"regular={regular} is below the {have} regular assessments "
                    f"the regulation requires for {a.subject!r}"
                )
            if a.regular:
                extra = tuple(_score(rng) for _ in range(regular - have))
                a = a.model_copy(update={"regular": a.regular + extra})
            elif a.regular_levels:
                levels = (CommentLevel.PASS,) * (regular - have)
                a = a.model_copy(update={"regular_levels": a.regular_levels + levels})
            assessments.append(a)
        out.append(record.model_copy(update={"assessments": tuple(assessments)}))
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
