"""Demo school (Trường mẫu): a realistic, reproducible school year to try the SDK on.

:func:`generate_school` builds a THCS (grades 6–9) or THPT (grades 10–12) with about 40
students per class, Vietnamese names from a built-in list, birth dates and 12-digit
personal identification numbers consistent with each other, and full score sets under the
regulation that applies to each grade and school year. Every class has students on every
path a year can end on — outstanding, adjusted for one subject, summer re-assessment
(passed and still pending), summer training, too many absences — so the results, lists
and documents show them all. The same seed always gives the same school.

>>> demo = generate_school(level="THCS", school_year="2025-2026", classes_per_grade=1,
...                        students_per_class=12, seed=7)
>>> len(demo.classes), len(demo.records)
(4, 48)
>>> demo.records == generate_school(level="THCS", school_year="2025-2026",
...     classes_per_grade=1, students_per_class=12, seed=7).records
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from vnschool_records._decimal import from_tenths
from vnschool_records._text import place_tone_marks
from vnschool_records.demo._names import (
    BIRTHPLACES,
    FAMILY,
    GIVEN_FEMALE,
    GIVEN_MALE,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
)
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
    Subject,
    SubjectAssessment,
    TrainingLevel,
    subject_catalogue,
)
from vnschool_records.regulations import RegulationId, regulation_for
from vnschool_records.rollover import Admission

__all__ = ["DemoSchool", "Profile", "generate_admissions", "generate_school"]


class Profile(StrEnum):
    """The path a demo student's year is built to take."""

    REGULAR = "regular"
    OUTSTANDING = "outstanding"
    ONE_SUBJECT_DRAG = "one-subject-drag"
    REASSESSMENT_PASSED = "reassessment-passed"
    REASSESSMENT_PENDING = "reassessment-pending"
    SUMMER_TRAINING = "summer-training"
    ABSENCES = "absences"


_SPECIAL: tuple[Profile, ...] = (
    Profile.OUTSTANDING,
    Profile.OUTSTANDING,
    Profile.ONE_SUBJECT_DRAG,
    Profile.REASSESSMENT_PASSED,
    Profile.REASSESSMENT_PENDING,
    Profile.SUMMER_TRAINING,
    Profile.ABSENCES,
)


@dataclass(frozen=True)
class DemoSchool:
    """A generated school: the school, its classes and one record per student-year."""

    school: School
    school_year: SchoolYear
    classes: tuple[ClassGroup, ...]
    records: tuple[StudentYearRecord, ...]
    profiles: dict[str, Profile] = field(default_factory=dict)
    """The profile each student (by ``student_id``) was generated with."""
    history: tuple[StudentYearRecord, ...] = ()
    """Earlier years of the same students at this school (for multi-year documents)."""


_SCHOOLS = {
    SchoolLevel.THCS: School(
        code="79000701",
        name="Trường THCS Bình Khánh",
        levels=(SchoolLevel.THCS,),
        province="Thành phố Hồ Chí Minh",
        commune="Xã Bình Khánh",
        parent_agency="ỦY BAN NHÂN DÂN XÃ BÌNH KHÁNH",
        principal="Trần Thị Thu Hà",
        place_name="Bình Khánh",
    ),
    SchoolLevel.THPT: School(
        code="79000902",
        name="Trường THPT Cần Thạnh",
        levels=(SchoolLevel.THPT,),
        province="Thành phố Hồ Chí Minh",
        commune="Xã Cần Giờ",
        parent_agency="SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ HỒ CHÍ MINH",
        principal="Lê Văn Hùng",
        place_name="Cần Giờ",
    ),
}

_THPT_ELECTIVE_SETS = (
    ("vat_li", "hoa_hoc", "sinh_hoc", "tin_hoc"),
    ("dia_li", "gd_ktpl", "cong_nghe", "tin_hoc"),
    ("vat_li", "hoa_hoc", "tin_hoc", "am_nhac"),
)


def generate_school(
    *,
    level: SchoolLevel | Literal["THCS", "THPT"] = SchoolLevel.THCS,
    school_year: str = "2025-2026",
    classes_per_grade: int = 2,
    students_per_class: int = 40,
    seed: int = 2025,
    with_history: bool = False,
) -> DemoSchool:
    """Generate a school year; see the module docstring. ``with_history`` adds earlier years."""
    lvl = SchoolLevel(level)
    year = SchoolYear.parse(school_year)
    if classes_per_grade < 1 or students_per_class < len(_SPECIAL):
        raise ValueError(
            f"need at least 1 class per grade and {len(_SPECIAL)} students per class "
            "so that every promotion path appears"
        )
    rng = random.Random(f"{seed}-{lvl}-{year.label}")  # noqa: S311 - demo data, not secrets
    classes: list[ClassGroup] = []
    records: list[StudentYearRecord] = []
    history: list[StudentYearRecord] = []
    profiles: dict[str, Profile] = {}
    serial = 0
    for grade in lvl.grades:
        for k in range(1, classes_per_grade + 1):
            group = ClassGroup(
                name=f"{grade}A{k}",
                grade_level=grade,
                school_year=year,
                school_code=_SCHOOLS[lvl].code,
                homeroom_teacher=_teacher_name(rng),
            )
            classes.append(group)
            plan = list(_SPECIAL) + [Profile.REGULAR] * (students_per_class - len(_SPECIAL))
            rng.shuffle(plan)
            electives = _THPT_ELECTIVE_SETS[(k - 1) % len(_THPT_ELECTIVE_SETS)]
            for profile in plan:
                serial += 1
                student = _student(rng, serial, grade, year)
                profiles[student.student_id] = profile
                subjects = _subjects(grade, year, electives)
                records.append(_record(rng, student, group, subjects, profile))
                if with_history:
                    history.extend(_history(rng, student, group, electives, lvl))
    return DemoSchool(
        school=_SCHOOLS[lvl],
        school_year=year,
        classes=tuple(classes),
        records=tuple(records),
        profiles=profiles,
        history=tuple(history),
    )


def _teacher_name(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"


def _student(rng: random.Random, serial: int, grade: int, year: SchoolYear) -> Student:
    sex = Sex.FEMALE if rng.random() < 0.5 else Sex.MALE
    female = sex is Sex.FEMALE
    middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    name = f"{rng.choice(FAMILY)} {middle} {given}"
    # Grade 6 is entered in the calendar year the pupil turns 11 (grade 10: 15).
    birth_year = year.start - grade - 5
    born = date(birth_year, 1, 1) + timedelta(days=rng.randrange(365))
    province_code, province = rng.choice(BIRTHPLACES)
    # 12-digit personal id: province of birth registration, century-and-sex digit
    # (21st century: 2 male, 3 female), two-digit birth year, six serial digits.
    century_sex = (2 if born.year >= 2000 else 0) + (1 if female else 0)
    personal_id = f"{province_code}{century_sex}{born.year % 100:02d}{rng.randrange(10**6):06d}"
    return Student(
        # Province 79, then 1 (THCS) or 2 (THPT) so two demo schools never share an id.
        student_id=f"79{1 if grade <= 9 else 2}{serial:07d}",
        full_name=name,
        date_of_birth=born,
        sex=sex,
        personal_id=personal_id,
        place_of_birth=province,
        ethnicity="Kinh",
    )


def _subjects(grade: int, year: SchoolYear, electives: tuple[str, ...]) -> tuple[Subject, ...]:
    reg = regulation_for(grade, year.label)
    programme = Programme.GDPT_2018 if reg.id is RegulationId.TT22_2021 else Programme.GDPT_2006
    catalogue = subject_catalogue(programme, grade)
    if programme is Programme.GDPT_2018 and grade >= 10:
        return tuple(s for s in catalogue if not s.elective or s.code in electives)
    return catalogue


def _clamp(tenths: int) -> int:
    return max(0, min(100, tenths))


def _score(rng: random.Random, mean: float, spread: float, *, halves: bool) -> Decimal:
    # Random draws are floats; they only pick demo values and are turned into exact tenths
    # at once. No policy arithmetic happens here.
    tenths = _clamp(int(rng.gauss(mean, spread) * 10))
    if halves:
        tenths = tenths - tenths % 5
    return from_tenths(tenths)


def _record(
    rng: random.Random,
    student: Student,
    group: ClassGroup,
    subjects: tuple[Subject, ...],
    profile: Profile,
) -> StudentYearRecord:
    reg = regulation_for(group.grade_level, group.school_year.label)
    tt22 = reg.id is RegulationId.TT22_2021
    ability = {
        Profile.OUTSTANDING: 9.4,
        Profile.ONE_SUBJECT_DRAG: 8.6,
        Profile.REASSESSMENT_PASSED: 4.2,
        Profile.REASSESSMENT_PENDING: 4.0,
    }.get(profile, rng.gauss(7.2, 0.8))
    spread = 0.35 if profile is Profile.OUTSTANDING else 0.9
    scored = [s for s in subjects if s.scored]
    dragged = rng.choice(scored).code if profile is Profile.ONE_SUBJECT_DRAG else None
    weak_fail = {s.code for s in rng.sample(scored, 2)}
    assessments: list[SubjectAssessment] = []
    for subject in subjects:
        for semester in (Semester.ONE, Semester.TWO):
            if not subject.scored:
                fail = profile is Profile.REASSESSMENT_PENDING and subject.code == "gdtc"
                n = reg.required_comment_count(subject.periods_per_year)
                levels = tuple(CommentLevel.PASS for _ in range(n))
                final = CommentLevel.FAIL if fail else CommentLevel.PASS
                assessments.append(
                    SubjectAssessment(
                        subject=subject.code,
                        semester=semester,
                        regular_levels=levels,
                        midterm_level=CommentLevel.PASS,
                        final_level=final,
                    )
                )
                continue
            mean = ability + rng.uniform(-0.4, 0.4)
            if subject.code == dragged:
                mean = 4.4
            if subject.code in weak_fail and profile in (
                Profile.REASSESSMENT_PASSED,
                Profile.REASSESSMENT_PENDING,
            ):
                mean = 2.8
            count = reg.required_regular_count(subject.periods_per_year)
            assessments.append(
                SubjectAssessment(
                    subject=subject.code,
                    semester=semester,
                    regular=tuple(_score(rng, mean, spread, halves=True) for _ in range(count)),
                    midterm=_score(rng, mean, spread * 0.7, halves=False),
                    final=_score(rng, mean, spread * 0.7, halves=False),
                )
            )
    training1, training2, year_training = _training(rng, profile, tt22)
    absences = 50 if profile is Profile.ABSENCES else rng.choice((0, 0, 1, 2, 3, 5))
    after_summer: TrainingLevel | ConductLevel | None = None
    if profile is Profile.SUMMER_TRAINING:
        after_summer = TrainingLevel.PASS if tt22 else ConductLevel.AVERAGE
    record = StudentYearRecord(
        student=student,
        class_group=group,
        subjects=subjects,
        assessments=tuple(assessments),
        training_semester1=training1,
        training_semester2=training2,
        training_year=year_training,
        attendance=(
            Attendance(semester=Semester.ONE, excused=absences // 2, unexcused=0),
            Attendance(semester=Semester.TWO, excused=absences - absences // 2, unexcused=0),
        ),
        training_after_summer=after_summer,
    )
    if profile is Profile.REASSESSMENT_PASSED:
        # The school records a result for every subject the regulation sends to summer
        # re-assessment (TT22 Art. 14; TT58 Art. 16); here each one is passed.
        listed = reg.evaluate(record).promotion.reassess_subjects
        kinds = {s.code: s.scored for s in subjects}
        results: dict[str, Decimal | CommentLevel] = {
            code: from_tenths(rng.randrange(55, 70)) if kinds[code] else CommentLevel.PASS
            for code in listed
        }
        record = record.model_copy(update={"reassessments": results})
    return record


def _training(
    rng: random.Random, profile: Profile, tt22: bool
) -> tuple[
    TrainingLevel | ConductLevel, TrainingLevel | ConductLevel, TrainingLevel | ConductLevel | None
]:
    if tt22:
        if profile is Profile.SUMMER_TRAINING:
            return TrainingLevel.PASS, TrainingLevel.FAIL, None
        if profile in (Profile.OUTSTANDING, Profile.ONE_SUBJECT_DRAG):
            return TrainingLevel.GOOD, TrainingLevel.GOOD, None
        pick = rng.choices(
            (TrainingLevel.GOOD, TrainingLevel.FAIR, TrainingLevel.PASS), (6, 3, 1), k=2
        )
        return pick[0], pick[1], None
    if profile is Profile.SUMMER_TRAINING:
        return ConductLevel.AVERAGE, ConductLevel.WEAK, ConductLevel.WEAK
    if profile in (Profile.OUTSTANDING, Profile.ONE_SUBJECT_DRAG):
        return ConductLevel.GOOD, ConductLevel.GOOD, ConductLevel.GOOD
    conduct = rng.choices((ConductLevel.GOOD, ConductLevel.FAIR), (7, 3), k=2)
    return conduct[0], conduct[1], conduct[1]


def _history(
    rng: random.Random,
    student: Student,
    group: ClassGroup,
    electives: tuple[str, ...],
    level: SchoolLevel,
) -> list[StudentYearRecord]:
    out: list[StudentYearRecord] = []
    year = group.school_year
    for grade in range(level.grades[0], group.grade_level):
        back = group.grade_level - grade
        past_year = SchoolYear(start=year.start - back, end=year.end - back)
        past_group = ClassGroup(
            name=f"{grade}{group.name[len(str(group.grade_level)) :]}",
            grade_level=grade,
            school_year=past_year,
            school_code=group.school_code,
            homeroom_teacher=_teacher_name(rng),
        )
        subjects = _subjects(grade, past_year, electives)
        out.append(_record(rng, student, past_group, subjects, Profile.REGULAR))
    return out


def generate_admissions(
    demo: DemoSchool, count: int = 40, *, seed: int = 2025
) -> tuple[Admission, ...]:
    """Admitted students (trúng tuyển) for the entry grade of the next school year.

    Returns admissions to grade 6 (THCS) or 10 (THPT). The last one is a student already
    at the school, submitted again with the tone mark of the name placed differently and
    no personal id — the identity check has to catch it.
    """
    if count < 2:
        raise ValueError("need at least 2 admissions (one of them a duplicate to catch)")
    rng = random.Random(f"admissions-{seed}-{demo.school.code}")  # noqa: S311 - demo data
    next_year = demo.school_year.next()
    grade = demo.school.levels[0].grades[0]
    classes = sorted({g.name for g in demo.classes if g.grade_level == grade})
    base = 5_000_000 + len(demo.records)
    out = [
        Admission(
            student=_student(rng, base + i, grade, next_year),
            grade_level=grade,
            class_name=classes[i % len(classes)],
        )
        for i in range(count - 1)
    ]
    known = demo.records[0].student
    resubmitted = known.model_copy(
        update={
            "student_id": f"79{1 if grade <= 9 else 2}{base + count:07d}",
            "full_name": place_tone_marks(known.full_name, style="new").upper(),
            "personal_id": None,
        }
    )
    out.append(Admission(student=resubmitted, grade_level=grade, class_name=classes[0]))
    return tuple(out)
