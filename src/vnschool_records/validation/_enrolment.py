"""Enrolment rules (Tuổi và lớp): age for the grade, and class levels.

Thông tư 32/2020/TT-BGDĐT (Điều lệ trường trung học), Điều 33: a student enters grade 6
at 11 and grade 10 at 15; students who skipped a grade enter younger, those who entered
school late older; ethnic-minority and disabled students, students in especially difficult
circumstances and students returning from abroad may be up to 3 years older; nobody
repeats more than 3 times in a level. The SDK counts age by calendar year (first year of
the school year minus year of birth) and expects ``grade + 5``: below that is unusual
(grade skipping), above it by more than ``max_years_over_age`` (3, plus 3 more for the
exception groups it can see: a non-Kinh ethnicity or an individual education plan) is
reported. Both are warnings: the charter allows exceptions the record cannot show.

Grades 6–9 are lower secondary and 10–12 upper secondary (Luật Giáo dục 2019, Điều 28 khoản 1); a
class must belong to a level the school teaches, and a class named "7A1" is in grade 7.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from vnschool_records._text import identity_key
from vnschool_records.models import StudentYearRecord
from vnschool_records.validation._finding import Family, Finding
from vnschool_records.validation._rules import RecordRule, ValidationContext, make_finding

__all__ = ["AgeRule", "ClassLevelRule", "charter_age"]

_CLASS_GRADE = re.compile(r"^(?:lớp\s*)?(\d{1,2})(?!\d)")


def charter_age(grade_level: int) -> int:
    """The age of a student in ``grade_level`` under TT32/2020 Art. 33 (grade 6 at 11).

    >>> charter_age(6), charter_age(10), charter_age(12)
    (11, 15, 17)
    """
    return grade_level + 5


class AgeRule(RecordRule):
    """Age outside what the school charter allows for the grade."""

    codes = frozenset({"enrolment-age-below", "enrolment-age-above"})
    family = Family.ENROLMENT

    def check_record(
        self, index: int, record: StudentYearRecord, context: ValidationContext
    ) -> Iterator[Finding]:
        student = record.student
        grade = record.class_group.grade_level
        age = record.class_group.school_year.start - student.date_of_birth.year
        expected = charter_age(grade)
        loc = (index, "student", "date_of_birth")
        if age < expected:
            yield make_finding(
                "enrolment-age-below",
                loc,
                record,
                f"{student.full_name} {age} tuổi học lớp {grade}; tuổi quy định là {expected} "
                "(chỉ đúng khi được học vượt lớp)",
                f"{student.full_name} is {age} in grade {grade}; the charter age is {expected} "
                "(only right for a student who skipped a grade)",
                value=student.date_of_birth,
                ctx={"age": age, "expected": expected},
            )
            return
        allowance = context.max_years_over_age
        ethnicity = student.ethnicity
        if record.individual_education_plan or (
            ethnicity is not None and identity_key(ethnicity) not in ("kinh", "")
        ):
            allowance += 3
        if age > expected + allowance:
            yield make_finding(
                "enrolment-age-above",
                loc,
                record,
                f"{student.full_name} {age} tuổi học lớp {grade}; tuổi quy định là {expected}, "
                f"cao hơn {age - expected} tuổi",
                f"{student.full_name} is {age} in grade {grade}; the charter age is {expected}, "
                f"{age - expected} years above it",
                value=student.date_of_birth,
                ctx={"age": age, "expected": expected, "allowance": allowance},
            )


class ClassLevelRule(RecordRule):
    """A class whose grade is not taught by the school, or whose name says another grade."""

    codes = frozenset({"class-level-mismatch", "class-name-grade-mismatch"})
    family = Family.ENROLMENT

    def check_record(
        self, index: int, record: StudentYearRecord, context: ValidationContext
    ) -> Iterator[Finding]:
        cls = record.class_group
        school = context.school
        if school is not None and cls.level not in school.levels:
            levels = ", ".join(level.value for level in school.levels)
            yield make_finding(
                "class-level-mismatch",
                (index, "class_group", "grade_level"),
                record,
                f"Lớp {cls.name} thuộc khối {cls.grade_level} ({cls.level.value}), trường "
                f"{school.name} chỉ có cấp {levels}",
                f"Class {cls.name} is grade {cls.grade_level} ({cls.level.value}); school "
                f"{school.name} only teaches {levels}",
                value=cls.grade_level,
            )
        match = _CLASS_GRADE.match(cls.name.casefold())
        if match is not None and int(match[1]) != cls.grade_level:
            yield make_finding(
                "class-name-grade-mismatch",
                (index, "class_group", "name"),
                record,
                f"Lớp “{cls.name}” ghi khối {cls.grade_level}",
                f"Class “{cls.name}” is recorded as grade {cls.grade_level}",
                value=cls.name,
                ctx={"grade_in_name": int(match[1])},
            )
