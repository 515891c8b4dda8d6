"""Sample records (Dữ liệu mẫu) for examples, golden files and the rendering benchmark.

Deterministic synthetic students with results shaped like a regulation's output, so the
documents can be drawn before (or without) running the regulations. Nothing here is
policy: the levels are chosen by a seeded generator, not computed.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Final

from vnschool_records._decimal import from_tenths
from vnschool_records._explain import Explained, Explanation
from vnschool_records.models import (
    Attendance,
    ClassGroup,
    CommentLevel,
    ConductLevel,
    Programme,
    School,
    SchoolLevel,
    SchoolYear,
    Semester,
    Sex,
    Student,
    StudentYearRecord,
    SubjectAssessment,
    Term,
    TrainingLevel,
    subject_catalogue,
)
from vnschool_records.regulations._types import (
    AcademicLevel,
    Award,
    LearningLevel,
    LearningResult,
    PromotionOutcome,
    PromotionResult,
    RegulationId,
    TermResults,
    YearResult,
)
from vnschool_records.render._views import Corrections, ExtractYearInput

__all__ = ["demo_history", "demo_name", "demo_school"]

FAMILY_NAMES: Final = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ")
MIDDLE_NAMES: Final = ("Thị", "Văn", "Ngọc", "Minh", "Thanh", "Hữu", "Thuỳ", "Quốc", "Bảo", "Khánh")
GIVEN_NAMES: Final = (
    "An", "Ánh", "Bình", "Chi", "Dũng", "Đức", "Giang", "Hà", "Hạnh", "Hùng", "Khoa", "Linh",
    "Loan", "My", "Ngân", "Nhung", "Phúc", "Quỳnh", "Sơn", "Thảo", "Thuỷ", "Trâm", "Tuấn", "Uyên",
    "Việt", "Xuân", "Yến", "Ưng", "Ơn", "Ẩn",
)  # fmt: skip


def _why() -> Explanation:
    return Explanation("Dữ liệu mẫu", "Sample data")


def demo_school(*, reform_2025: bool = True) -> School:
    """A THCS school of Ho Chi Minh City, managed after (or before) the 2025 reform."""
    if reform_2025:
        return School(
            code="79000123",
            name="Trường THCS Bình Khánh",
            levels=(SchoolLevel.THCS,),
            province="Thành phố Hồ Chí Minh",
            commune="xã Bình Khánh",
            parent_agency="Ủy ban nhân dân xã Bình Khánh",
            principal="Nguyễn Văn Hiệu",
        )
    return School(
        code="79000123",
        name="Trường THCS Bình Khánh",
        levels=(SchoolLevel.THCS,),
        province="Thành phố Hồ Chí Minh",
        district="huyện Cần Giờ",
        commune="xã Bình Khánh",
        parent_agency="Phòng Giáo dục và Đào tạo huyện Cần Giờ",
        principal="Nguyễn Văn Hiệu",
        place_name="Cần Giờ",
    )


def demo_name(index: int) -> str:
    """A Vietnamese full name, different for each of the first 3 000 indexes."""
    given = GIVEN_NAMES[index % len(GIVEN_NAMES)]
    middle = MIDDLE_NAMES[(index // len(GIVEN_NAMES)) % len(MIDDLE_NAMES)]
    family = FAMILY_NAMES[(index // (len(GIVEN_NAMES) * len(MIDDLE_NAMES))) % len(FAMILY_NAMES)]
    return f"{family} {middle} {given}"


def _tt22_applies(grade: int, start: int) -> bool:
    first = 2021 + (grade - 6) if grade <= 9 else 2022 + (grade - 10)
    return start >= first


def demo_history(
    index: int,
    *,
    first_year: int = 2021,
    years: int = 4,
    first_grade: int = 6,
    class_suffix: str = "A1",
) -> list[ExtractYearInput]:
    """A student's consecutive school years, with results and a few corrections."""
    rng = random.Random(index * 7919 + first_year)  # noqa: S311 - sample data, not secrets
    student = Student(
        student_id=f"79{index:08d}",
        full_name=demo_name(index),
        date_of_birth=date(first_year - first_grade - 5, 1 + index % 12, 1 + index % 28),
        sex=Sex.FEMALE if index % 2 else Sex.MALE,
        place_of_birth="Thành phố Hồ Chí Minh",
        ethnicity="Kinh",
        personal_id=f"079{2 + index % 2}{(first_year - first_grade - 5) % 100:02d}{index:06d}",
    )
    out: list[ExtractYearInput] = []
    for k in range(years):
        grade = first_grade + k
        start = first_year + k
        tt22 = _tt22_applies(grade, start)
        programme = Programme.GDPT_2018 if tt22 else Programme.GDPT_2006
        subjects = subject_catalogue(programme, grade)
        if grade >= 10:
            subjects = tuple(s for s in subjects if not s.elective)[:10]
        group = ClassGroup(
            name=f"{grade}{class_suffix}",
            grade_level=grade,
            school_year=SchoolYear(start=start, end=start + 1),
            homeroom_teacher="Trần Thị Thu Hà",
        )
        assessments = []
        averages: dict[Term, dict[str, Explained[Decimal]]] = {t: {} for t in Term}
        levels: dict[Term, dict[str, Explained[CommentLevel]]] = {t: {} for t in Term}
        for s in subjects:
            for sem in (Semester.ONE, Semester.TWO):
                comment = "Tiến bộ rõ; cần chú ý trình bày." if rng.random() < 0.3 else None
                if s.scored:
                    assessments.append(
                        SubjectAssessment(subject=s.code, semester=sem, comment=comment)
                    )
                else:
                    assessments.append(
                        SubjectAssessment(
                            subject=s.code,
                            semester=sem,
                            final_level=CommentLevel.PASS,
                            comment=comment,
                        )
                    )
            if s.scored:
                a1, a2 = rng.randint(50, 100), rng.randint(50, 100)
                yr = (a1 + 2 * a2 + 1) // 3
                for term, v in ((Term.SEMESTER_1, a1), (Term.SEMESTER_2, a2), (Term.YEAR, yr)):
                    averages[term][s.code] = Explained(from_tenths(v), _why)
            else:
                for term in Term:
                    levels[term][s.code] = Explained(CommentLevel.PASS, _why)
        train: TrainingLevel | ConductLevel = TrainingLevel.GOOD if tt22 else ConductLevel.GOOD
        learn: LearningLevel | AcademicLevel = LearningLevel.FAIR if tt22 else AcademicLevel.GOOD

        def term_results(term: Term) -> TermResults:
            overall = None
            if not tt22:  # noqa: B023 - read in the same iteration
                tenths = [int(v.value * 10) for v in averages[term].values()]  # noqa: B023
                n = max(len(tenths), 1)
                overall = from_tenths((sum(tenths) + n // 2) // n)
            return TermResults(
                term=term,
                subject_averages=averages[term],  # noqa: B023
                comment_levels=levels[term],  # noqa: B023
                learning=LearningResult(learn, _why, term=term, overall_average=overall),  # noqa: B023
                training=Explained(train, _why),  # noqa: B023
            )

        final = grade in (9, 12)
        outcome = PromotionOutcome.COMPLETED if final else PromotionOutcome.PROMOTED
        absences = (rng.randint(0, 3), rng.randint(0, 2))
        record = StudentYearRecord(
            student=student,
            class_group=group,
            subjects=subjects,
            assessments=tuple(assessments),
            training_semester1=train,
            training_semester2=train,
            training_year=None if tt22 else train,
            attendance=(
                Attendance(semester=Semester.ONE, excused=absences[0]),
                Attendance(semester=Semester.TWO, excused=absences[1], unexcused=index % 2),
            ),
        )
        result = YearResult(
            regulation=RegulationId.TT22_2021 if tt22 else RegulationId.TT58_2011,
            student_id=student.student_id,
            grade_level=grade,
            school_year=group.school_year.label,
            semester1=term_results(Term.SEMESTER_1),
            semester2=term_results(Term.SEMESTER_2),
            year=term_results(Term.YEAR),
            promotion=PromotionResult(outcome, _why, absences=sum(absences) + index % 2),
            award=Explained(Award.EXCELLENT if index % 5 == 0 else None, _why),
        )
        corrections = Corrections(1, (subjects[1].name,)) if rng.random() < 0.25 else Corrections()
        out.append(
            ExtractYearInput(
                record=record,
                result=result,
                corrections=corrections,
                homeroom_comment="Chăm ngoan, tích cực tham gia hoạt động tập thể; "
                "cần mạnh dạn hơn khi phát biểu.",
            )
        )
    return out
