"""Domain models: validation, NFC, and the subject catalogues."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from vnschool_records.models import (
    Attendance,
    ClassGroup,
    CommentLevel,
    Exemption,
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
    SubjectKind,
    Term,
    find_subject,
    subject_catalogue,
)


def _student(**kw: object) -> Student:
    data: dict[str, object] = {
        "student_id": "0123456789",
        "full_name": "Nguyễn Văn An",
        "date_of_birth": date(2012, 3, 4),
        "sex": Sex.MALE,
    }
    data.update(kw)
    return Student.model_validate(data)


def test_school_year_label_parsing_and_navigation() -> None:
    year = SchoolYear.parse("2023-2024")
    assert (year.start, year.end, year.label, str(year)) == (2023, 2024, "2023-2024", "2023-2024")
    assert year.next().label == "2024-2025"
    assert year.previous().label == "2022-2023"
    assert SchoolYear.parse(year) is year
    assert SchoolYear.parse("2023/2024") == year
    assert year < year.next()
    assert SchoolYear(start=2020, end=2021).label == "2020-2021"


@pytest.mark.parametrize("bad", ["2023-2025", "2023", "23-24", "2024-2023"])
def test_school_year_refuses_non_consecutive_or_malformed(bad: str) -> None:
    with pytest.raises(ValidationError):
        SchoolYear.parse(bad)


def test_school_level_for_grade() -> None:
    assert [SchoolLevel.for_grade(g) for g in (6, 9, 10, 12)] == [
        SchoolLevel.THCS,
        SchoolLevel.THCS,
        SchoolLevel.THPT,
        SchoolLevel.THPT,
    ]
    assert SchoolLevel.THCS.grades == (6, 7, 8, 9)
    assert SchoolLevel.THPT.grades == (10, 11, 12)
    with pytest.raises(ValueError, match="not a secondary grade"):
        SchoolLevel.for_grade(5)


def test_names_are_stored_nfc_with_single_spaces() -> None:
    student = _student(full_name=unicodedata.normalize("NFD", "  Nguyễn   Thị  Hoà "))
    assert student.full_name == "Nguyễn Thị Hoà"
    assert unicodedata.is_normalized("NFC", student.full_name)


def test_class_group_level_and_bounds() -> None:
    group = ClassGroup(name="10A1", grade_level=10, school_year="2024-2025")  # type: ignore[arg-type]
    assert group.level is SchoolLevel.THPT
    with pytest.raises(ValidationError):
        ClassGroup(name="5A", grade_level=5, school_year="2024-2025")  # type: ignore[arg-type]


def test_school_model() -> None:
    school = School(
        code="79000701",
        name="Trường THCS Bình Khánh",
        levels=(SchoolLevel.THCS,),
        province="Thành phố Hồ Chí Minh",
        commune="Xã Bình Khánh",
    )
    assert school.district is None
    with pytest.raises(ValidationError):
        School(code="x", name="y", levels=(), province="z")


def test_catalogues() -> None:
    thcs = subject_catalogue(Programme.GDPT_2018, 6)
    assert [s.code for s in thcs if s.scored] == [
        "ngu_van", "toan", "ngoai_ngu_1", "gdcd", "lich_su_dia_li", "khtn", "cong_nghe", "tin_hoc",
    ]  # fmt: skip
    assert len([s for s in thcs if s.kind is SubjectKind.COMMENT]) == 4
    assert {s.code: s.periods_per_year for s in subject_catalogue("2018", 8)}["cong_nghe"] == 52
    thpt = subject_catalogue("2018", 11)
    assert {"am_nhac", "mi_thuat"} <= {s.code for s in thpt if not s.scored}
    old = subject_catalogue("2006", 7)
    assert "hoa_hoc" not in {s.code for s in old}  # chemistry starts in grade 8
    assert "hoa_hoc" in {s.code for s in subject_catalogue("2006", 8)}
    assert {s.code for s in subject_catalogue("2006", 12) if not s.scored} == {"the_duc"}
    with pytest.raises(ValueError, match="not a secondary grade"):
        subject_catalogue("2018", 13)


def test_find_subject() -> None:
    assert find_subject("Toán").code == "toan"
    assert find_subject("NGỮ VĂN").code == "ngu_van"
    assert find_subject("Tiếng Anh").code == "ngoai_ngu_1"
    with pytest.raises(LookupError):
        find_subject("Latin")


def test_a_subject_taught_in_one_semester() -> None:
    both = next(s for s in subject_catalogue("2018", 6) if s.code == "toan")
    assert both.semesters == (Semester.ONE, Semester.TWO)
    assert both.only_semester is None
    assert "semesters" not in both.model_dump()  # the default is left out: old hashes hold
    assert "semesters" not in both.model_dump_json()
    second = both.model_copy(update={"semesters": (Semester.TWO,)})
    assert second.only_semester is Semester.TWO
    assert second.model_dump(mode="json")["semesters"] == [2]
    assert Subject.model_validate(second.model_dump(mode="json")) == second
    mixed = Subject.model_validate({**both.model_dump(), "semesters": [2, 1, 2]})
    assert mixed.semesters == (Semester.ONE, Semester.TWO)
    with pytest.raises(ValidationError, match="semester 1, semester 2 or both"):
        Subject.model_validate({**both.model_dump(), "semesters": []})
    with pytest.raises(ValidationError):
        Subject.model_validate({**both.model_dump(), "semesters": [3]})


def _record(**kw: object) -> StudentYearRecord:
    subjects = subject_catalogue("2018", 6)
    data: dict[str, object] = {
        "student": _student(),
        "class_group": ClassGroup(name="6A1", grade_level=6, school_year="2023-2024"),  # type: ignore[arg-type]
        "subjects": subjects,
        "assessments": (
            SubjectAssessment(
                subject="toan", semester=Semester.ONE, regular=("7", "8,5", 9, 6),  # type: ignore[arg-type]
                midterm=Decimal("7"), final=Decimal("8"),
            ),
            SubjectAssessment(
                subject="gdtc", semester=Semester.ONE,
                regular_levels=(CommentLevel.PASS, CommentLevel.PASS),
                midterm_level=CommentLevel.PASS, final_level=CommentLevel.FAIL,
            ),
        ),
        "attendance": (Attendance(semester=Semester.ONE, excused=3, unexcused=1),
                       Attendance(semester=Semester.TWO, excused=2)),
        "exemptions": (Exemption(subject="gdtc", part="practical", decision="12/QĐ-THCS"),),
    }  # fmt: skip
    data.update(kw)
    return StudentYearRecord.model_validate(data)


def test_year_record_accessors() -> None:
    record = _record()
    assert record.grade_level == 6
    assert record.school_year == "2023-2024"
    assert record.absences == 6
    math = record.assessment("toan", 1)
    assert math is not None
    assert math.regular == (Decimal("7"), Decimal("8.5"), Decimal("9"), Decimal("6"))
    assert record.assessment("toan", 2) is None
    assert record.subject("toan").periods_per_year == 140
    with pytest.raises(LookupError, match="does not follow subject 'latin'"):
        record.subject("latin")
    assert CommentLevel.FAIL.abbreviation == "CĐ"
    assert CommentLevel.PASS.abbreviation == "Đ"
    assert (Term.SEMESTER_1.label_vi, Term.YEAR.label_en) == ("Học kì I", "Year")


def test_year_record_round_trips_through_json() -> None:
    record = _record()
    again = StudentYearRecord.model_validate_json(record.model_dump_json())
    assert again == record


def test_year_record_refuses_inconsistent_assessments() -> None:
    with pytest.raises(ValidationError, match="not in subjects"):
        _record(assessments=(SubjectAssessment(subject="latin", semester=Semester.ONE),))
    dup = SubjectAssessment(subject="toan", semester=Semester.ONE)
    with pytest.raises(ValidationError, match="two assessments"):
        _record(assessments=(dup, dup))
    subjects = subject_catalogue("2018", 6)
    with pytest.raises(ValidationError, match="appears twice"):
        _record(subjects=(*subjects, subjects[0]))


def test_scores_in_records_are_validated() -> None:
    with pytest.raises(ValidationError, match="outside 0–10"):
        SubjectAssessment(subject="toan", semester=Semester.ONE, regular=("11",))  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Attendance(semester=Semester.ONE, excused=-1)
