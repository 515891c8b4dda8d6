"""Demo data for the render tests: the real demo school, its results computed by the policy.

Records come from :func:`vnschool_records.demo.generate_school` (a THCS school in
2024-2025 with every student's earlier years) and results from
:func:`vnschool_records.regulations.evaluate_year`; nothing here chooses a level or an
average. What a grade book adds to an extract — correction counts from its audit log and
the homeroom teacher's comment — is supplied here as input.

The demo generator cannot make TT58-era years yet (it records two regular comment levels
where TT58/2011 Art. 8 cl. 1 asks three for Thể dục), so the one TT58 year the tests need
is entered here by hand, with the regular-assessment counts the regulation requires, and
evaluated by the regulation like the others.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from functools import cache

import pytest

from vnschool_records._decimal import from_tenths
from vnschool_records.demo import DemoSchool, generate_school
from vnschool_records.models import (
    ClassGroup,
    CommentLevel,
    ConductLevel,
    Programme,
    School,
    SchoolYear,
    Semester,
    Sex,
    Student,
    StudentYearRecord,
    SubjectAssessment,
    subject_catalogue,
)
from vnschool_records.regulations import PromotionOutcome, YearResult, evaluate_year, regulation_for
from vnschool_records.render import Corrections, ExtractYearInput

HOMEROOM_COMMENT = (
    "Chăm ngoan, tích cực tham gia hoạt động tập thể; cần mạnh dạn hơn khi phát biểu."
)


@dataclass(frozen=True)
class DemoData:
    """The demo school of 2024-2025, its history and every year's evaluated result."""

    demo: DemoSchool
    results: dict[tuple[str, str], YearResult]

    @property
    def school(self) -> School:
        """The school, managed after the 2025 reform (commune level, no district)."""
        return self.demo.school

    @property
    def old_school(self) -> School:
        """The same school as it was before 1/7/2025, under a district."""
        return self.school.model_copy(
            update={
                "district": "huyện Cần Giờ",
                "parent_agency": "Phòng Giáo dục và Đào tạo huyện Cần Giờ",
                "place_name": "Cần Giờ",
            }
        )

    def result(self, record: StudentYearRecord) -> YearResult:
        """The evaluated result of one record."""
        return self.results[(record.student.student_id, record.class_group.school_year.label)]

    def years_of(self, student_id: str) -> list[StudentYearRecord]:
        """A student's records, oldest year first."""
        mine = [
            r
            for r in (*self.demo.history, *self.demo.records)
            if r.student.student_id == student_id
        ]
        return sorted(mine, key=lambda r: r.class_group.school_year.start)

    def finalists(self) -> list[str]:
        """Student ids of grade 9 (four years at the school each), in generation order."""
        return [r.student.student_id for r in self.demo.records if r.grade_level == 9]

    def history(self, index: int, years: int | None = None) -> list[ExtractYearInput]:
        """The ``index``-th grade-9 student's first ``years`` years, as extract input.

        The second year carries one correction of Toán and every year the homeroom
        teacher's comment, as a grade book would supply them.
        """
        records = self.years_of(self.finalists()[index])[:years]
        return [
            ExtractYearInput(
                record=r,
                result=self.result(r),
                corrections=Corrections(1, ("Toán",)) if k == 1 else Corrections(),
                homeroom_comment=HOMEROOM_COMMENT,
            )
            for k, r in enumerate(records)
        ]

    def finalist_where(self, outcome: PromotionOutcome) -> int:
        """Index of the first grade-9 student whose current year ended with ``outcome``."""
        for i, sid in enumerate(self.finalists()):
            if self.result(self.years_of(sid)[-1]).promotion.value is outcome:
                return i
        raise LookupError(outcome)

    def class_entries(self, name: str) -> list[tuple[StudentYearRecord, YearResult]]:
        """Every student of a 2024-2025 class with their result."""
        return [(r, self.result(r)) for r in self.demo.records if r.class_group.name == name]


def tt58_year(index: int) -> ExtractYearInput:
    """A grade-6 year of 2019-2020 (TT58/2011), scores entered as a teacher would."""
    rng = random.Random(index)
    year = SchoolYear.parse("2019-2020")
    reg = regulation_for(6, year.label)
    subjects = subject_catalogue(Programme.GDPT_2006, 6)
    assessments = []
    for s in subjects:
        n = reg.required_regular_count(s.periods_per_year)  # TT58/2011 Art. 8 cl. 1
        for sem in (Semester.ONE, Semester.TWO):
            if s.scored:
                assessments.append(
                    SubjectAssessment(
                        subject=s.code,
                        semester=sem,
                        regular=tuple(from_tenths(rng.randint(60, 95)) for _ in range(n)),
                        midterm=from_tenths(rng.randint(60, 95)),
                        final=from_tenths(rng.randint(60, 95)),
                    )
                )
            else:
                assessments.append(
                    SubjectAssessment(
                        subject=s.code,
                        semester=sem,
                        regular_levels=(CommentLevel.PASS,) * n,
                        midterm_level=CommentLevel.PASS,
                        final_level=CommentLevel.PASS,
                    )
                )
    record = StudentYearRecord(
        student=Student(
            student_id=f"79100{index:05d}",
            full_name="Lê Thị Ngọc Diệp",
            date_of_birth=date(2008, 3, 4),
            sex=Sex.FEMALE,
            place_of_birth="Thành phố Hồ Chí Minh",
            ethnicity="Kinh",
        ),
        class_group=ClassGroup(name="6A1", grade_level=6, school_year=year),
        subjects=subjects,
        assessments=tuple(assessments),
        training_semester1=ConductLevel.GOOD,
        training_semester2=ConductLevel.GOOD,
        training_year=ConductLevel.GOOD,
    )
    return ExtractYearInput(record=record, result=evaluate_year(record))


@cache
def demo_data() -> DemoData:
    """Built once per test process: two classes per grade of 20 students, with history."""
    demo = generate_school(
        school_year="2024-2025", classes_per_grade=2, students_per_class=20, with_history=True
    )
    results = {
        (r.student.student_id, r.class_group.school_year.label): evaluate_year(r)
        for r in (*demo.history, *demo.records)
    }
    return DemoData(demo=demo, results=results)


@pytest.fixture(scope="session")
def data() -> DemoData:
    """The demo school and its results (see :class:`DemoData`)."""
    return demo_data()


@pytest.fixture(scope="session")
def tt58() -> ExtractYearInput:
    """One TT58-era year (2019-2020, grade 6), evaluated by TT58/2011."""
    return tt58_year(4)
