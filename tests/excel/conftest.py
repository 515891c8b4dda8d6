"""Fixtures for the grade-book workbook tests: a small, fully filled grade-6 class (TT22)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from vnschool_records.models import (
    Attendance,
    ClassGroup,
    CommentLevel,
    Exemption,
    Semester,
    Student,
    StudentYearRecord,
    SubjectAssessment,
    TrainingLevel,
    subject_catalogue,
)
from vnschool_records.regulations import regulation_for

CLASS_6A1 = ClassGroup(
    name="6A1", grade_level=6, school_year="2023-2024", homeroom_teacher="Lê Thị Hoa"
)

# Regular scores per subject code, per student, long enough for 4 ĐĐGtx.
_SCORES = {
    "HS001": ("8", "7,5", "9", "6,5", "7", "8,5"),
    "HS002": ("5", "6", "4,5", "7", "5,5", "6"),
    "HS003": ("10", "9,5", "9", "10", "9", "9,5"),
}


def _record(sid: str, name: str, dob: date, sex: str) -> StudentYearRecord:
    subjects = subject_catalogue("2018", 6)
    reg = regulation_for(6, "2023-2024")
    scores = [Decimal(s.replace(",", ".")) for s in _SCORES[sid]]
    assessments = []
    for semester in (Semester.ONE, Semester.TWO):
        for s in subjects:
            n = reg.required_regular_count(s.periods_per_year)
            if s.scored:
                assessments.append(
                    SubjectAssessment(
                        subject=s.code,
                        semester=semester,
                        regular=tuple(scores[:n]),
                        midterm=scores[4],
                        final=scores[5],
                        comment="-Tiến bộ rõ" if s.code == "toan" and sid == "HS001" else None,
                    )
                )
            else:
                assessments.append(
                    SubjectAssessment(
                        subject=s.code,
                        semester=semester,
                        # TT22 Art. 6 cl. 2: two regular levels for a comment subject.
                        regular_levels=(CommentLevel.PASS, CommentLevel.PASS),
                        midterm_level=CommentLevel.PASS,
                        final_level=CommentLevel.PASS,
                    )
                )
    return StudentYearRecord(
        student=Student(student_id=sid, full_name=name, date_of_birth=dob, sex=sex),
        class_group=CLASS_6A1,
        subjects=subjects,
        assessments=tuple(assessments),
        training_semester1=TrainingLevel.GOOD,
        training_semester2=TrainingLevel.FAIR,
        attendance=(Attendance(semester=Semester.ONE, excused=2, unexcused=1),),
        exemptions=(
            (
                Exemption(
                    subject="gdtc",
                    part="practical",
                    decision="12/QĐ-THCS",
                    reason="Gãy tay",
                ),
            )
            if sid == "HS002"
            else ()
        ),
    )


@pytest.fixture
def class_6a1() -> list[StudentYearRecord]:
    """Three students of 6A1, given in an order that is not the class-list order."""
    return [
        _record("HS001", "Trần Văn Đức", date(2012, 3, 4), "Nam"),
        _record("HS002", "Nguyễn Thị Dung", date(2012, 5, 6), "Nữ"),
        _record("HS003", "Lê Ân", date(2012, 1, 1), "Nam"),
    ]
