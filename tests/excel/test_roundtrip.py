"""Round trip: records → workbook → records is the identity (hypothesis)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from vnschool_records._decimal import from_tenths
from vnschool_records.excel import read_gradebook, write_gradebook
from vnschool_records.models import (
    Attendance,
    ClassGroup,
    CommentLevel,
    ConductLevel,
    Exemption,
    Semester,
    Student,
    StudentYearRecord,
    Subject,
    SubjectAssessment,
    TrainingLevel,
    subject_catalogue,
)
from vnschool_records.regulations import regulation_for

# (grade, school year, programme): TT22 for grade 6 in 2023-2024 and grade 10 in 2022-2023,
# TT58/26 for grade 9 in 2020-2021 (TT22 Art. 21 roadmap).
REGIMES = [(6, "2023-2024", "2018"), (10, "2022-2023", "2018"), (9, "2020-2021", "2006")]
TEXTS = [
    "Chăm chỉ, tiến bộ",
    "=1+2",
    "-Cần cố gắng",
    "+84 912 345 678",
    "@mention",
    "'=đã có nháy",
    "\tTab đầu dòng",
    "Nguyễn Thị Hoà",
    "12",
    "Ghi chú: [x] * ? / \\",
]
NAMES = ["Nguyễn Văn An", "Trần Thị Ánh", "Lê Ân", "Phạm Đức", "Võ Thị Hoà", "Bùi Ba", "Đỗ Thuý"]

scores = st.integers(0, 100).map(from_tenths)
levels = st.sampled_from(list(CommentLevel))
texts = st.sampled_from(TEXTS)


def _sub(draw, items: list, min_size: int = 0) -> list:
    """A sub-sequence of ``items`` (order kept)."""
    mask = draw(st.lists(st.booleans(), min_size=len(items), max_size=len(items)))
    chosen = [x for x, keep in zip(items, mask, strict=True) if keep]
    if len(chosen) < min_size:
        chosen = items[:min_size]
    return chosen


@st.composite
def assessment(draw, subject: Subject, semester: Semester) -> SubjectAssessment | None:
    comment = draw(st.none() | texts)
    if subject.scored:
        a = SubjectAssessment(
            subject=subject.code,
            semester=semester,
            regular=tuple(draw(st.lists(scores, max_size=5))),
            midterm=draw(st.none() | scores),
            final=draw(st.none() | scores),
            comment=comment,
        )
        empty = not a.regular and a.midterm is None and a.final is None
    else:
        a = SubjectAssessment(
            subject=subject.code,
            semester=semester,
            regular_levels=tuple(draw(st.lists(levels, max_size=4))),
            midterm_level=draw(st.none() | levels),
            final_level=draw(st.none() | levels),
            comment=comment,
        )
        empty = not a.regular_levels and a.midterm_level is None and a.final_level is None
    # Nothing recorded reads back as "no assessment": the canonical form has none.
    return None if empty and comment is None else a


@st.composite
def student_record(draw, sid: str, cls: ClassGroup, subjects: list[Subject], tt58: bool):
    followed = _sub(draw, subjects, min_size=1)
    assessments = []
    for semester in (Semester.ONE, Semester.TWO):  # canonical order: semester, then subject
        for s in followed:
            if semester not in s.semesters:  # taught in the other semester only
                continue
            if draw(st.booleans()) and (a := draw(assessment(s, semester))) is not None:
                assessments.append(a)
    training_kind = ConductLevel if tt58 else TrainingLevel
    training = st.none() | st.sampled_from(list(training_kind))
    attendance = []
    for semester in (Semester.ONE, Semester.TWO):
        if draw(st.booleans()):
            attendance.append(
                Attendance(
                    semester=semester,
                    excused=draw(st.integers(0, 60)),
                    unexcused=draw(st.integers(0, 60)),
                )
            )
    exemptions = [
        Exemption(
            subject=draw(st.sampled_from([s.code for s in followed])),
            semesters=tuple(
                draw(st.lists(st.sampled_from(list(Semester)), min_size=1, max_size=2))
            ),
            part=draw(st.sampled_from(["whole", "practical"])),
            decision=draw(st.none() | st.sampled_from(["12/QĐ-THCS", "-05/QĐ"])),
            reason=draw(st.none() | texts),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    reassessments = {
        s.code: draw(scores) if s.scored else draw(levels) for s in _sub(draw, followed)
    }
    student = Student(
        student_id=sid,
        full_name=draw(st.sampled_from(NAMES)),
        date_of_birth=draw(st.dates(date(2000, 1, 1), date(2016, 12, 31))),
        sex=draw(st.sampled_from(["Nam", "Nữ"])),
        personal_id=draw(st.none() | st.just("001212345678")),
        place_of_birth=draw(st.none() | texts),
        ethnicity=draw(st.none() | st.sampled_from(["Kinh", "Tày", "Khơ-me"])),
        address=draw(st.none() | texts),
        guardian_name=draw(st.none() | st.sampled_from(NAMES)),
    )
    return StudentYearRecord(
        student=student,
        class_group=cls,
        subjects=tuple(followed),
        assessments=tuple(assessments),
        training_semester1=draw(training),
        training_semester2=draw(training),
        training_year=draw(training) if tt58 else None,
        training_after_summer=draw(training),
        attendance=tuple(attendance),
        exemptions=tuple(exemptions),
        reassessments=reassessments,
        individual_education_plan=draw(st.booleans()),
    )


@st.composite
def class_records(draw) -> list[StudentYearRecord]:
    grade, year, programme = draw(st.sampled_from(REGIMES))
    cls = ClassGroup(
        name=draw(st.sampled_from(["6A1", "10 Chuyên Toán", "-9B"])),
        grade_level=grade,
        school_year=year,
        school_code=draw(st.none() | st.just("79000701")),
        homeroom_teacher=draw(st.none() | st.sampled_from(NAMES)),
    )
    catalogue = list(subject_catalogue(programme, grade))
    subjects = _sub(draw, catalogue[:: draw(st.sampled_from([1, 2]))], min_size=1)[:6]
    # Some taught in one semester only (Subject.semesters): no sheet for the other.
    subjects = [
        s if only is None else s.model_copy(update={"semesters": (only,)})
        for s in subjects
        for only in [draw(st.none() | st.none() | st.sampled_from(list(Semester)))]
    ]
    tt58 = regulation_for(grade, year).id.value == "TT58_2011"
    ids = draw(
        st.lists(
            st.sampled_from(["HS01", "HS02", "0123", "-7", "=A1", "HS 9"]),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    return [draw(student_record(sid, cls, subjects, tt58)) for sid in ids]


@settings(max_examples=20, deadline=None)
@given(class_records())
def test_records_workbook_records_is_the_identity(records):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "so.xlsx"
        assert write_gradebook(records, path) == ()
        result = read_gradebook(path)
    assert result.findings == ()
    assert {r.student.student_id: r for r in result.records} == {
        r.student.student_id: r for r in records
    }


def test_a_subject_taught_in_one_semester_has_one_sheet_and_reads_back(class_6a1, tmp_path):
    from openpyxl import load_workbook

    records = []
    for r in class_6a1[:3]:
        subjects = tuple(
            s.model_copy(update={"semesters": (Semester.TWO,)}) if s.code == "cong_nghe" else s
            for s in r.subjects
        )
        kept = tuple(a for a in r.assessments if (a.subject, a.semester) != ("cong_nghe", 1))
        records.append(r.model_copy(update={"subjects": subjects, "assessments": kept}))
    path = tmp_path / "so.xlsx"
    assert write_gradebook(records, path) == ()
    names = load_workbook(path, read_only=True).sheetnames
    assert "Công nghệ_HK2" in names
    assert "Công nghệ_HK1" not in names
    back = read_gradebook(path)
    assert back.findings == ()
    assert {r.student.student_id: r for r in back.records} == {
        r.student.student_id: r for r in records
    }
    (cn,) = [s for s in back.records[0].subjects if s.code == "cong_nghe"]
    assert cn.semesters == (Semester.TWO,)


def test_subject_order_of_every_student_is_kept(class_6a1, tmp_path):
    """Students following different electives in different places of the order."""
    a, b = class_6a1[0], class_6a1[1]
    subjects = a.subjects
    late = a.model_copy(update={"subjects": subjects[8:], "assessments": ()})
    early = b.model_copy(update={"subjects": (subjects[0], *subjects[8:10]), "assessments": ()})
    path = tmp_path / "so.xlsx"
    write_gradebook([late, early], path)
    back = {r.student.student_id: r for r in read_gradebook(path).records}
    assert back[late.student.student_id].subjects == late.subjects
    assert back[early.student.student_id].subjects == early.subjects
