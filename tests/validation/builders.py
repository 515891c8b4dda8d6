"""Build valid student-year records (as dicts and models) for the validation tests."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from vnschool_records.models import StudentYearRecord, SubjectKind, subject_catalogue
from vnschool_records.regulations import regulation_for


def personal_id_for(born: date, female: bool, province: str = "079", serial: int = 1) -> str:
    """A personal id consistent with a birth date and sex (NĐ 137/2015 Art. 13)."""
    digit4 = 2 * ((born.year - 1900) // 100) + int(female)
    return f"{province}{digit4}{born.year % 100:02d}{serial:06d}"


def record_dict(
    *,
    grade: int = 7,
    year: int = 2023,
    student_id: str = "7900000001",
    name: str = "Nguyễn Thị Mai",
    female: bool = True,
    serial: int = 1,
    class_name: str | None = None,
    score_tenths: int = 75,
) -> dict[str, Any]:
    """A complete, valid record: every assessment the applicable regulation requires."""
    born = date(year - (grade + 5), 3, 14)
    school_year = f"{year}-{year + 1}"
    regulation = regulation_for(grade, school_year)
    tt22 = regulation.id.value == "TT22_2021"
    programme = "2018" if tt22 else "2006"
    subjects = subject_catalogue(programme, grade)
    if grade >= 10 and tt22:  # a THPT student follows 4 electives, not all of them
        electives = [s for s in subjects if s.elective][:4]
        subjects = tuple(s for s in subjects if not s.elective) + tuple(electives)
    score = f"{score_tenths // 10}.{score_tenths % 10}"
    assessments: list[dict[str, Any]] = []
    for subject in subjects:
        for semester in (1, 2):
            if subject.kind is SubjectKind.COMMENT:
                count = 2 if tt22 else regulation.required_regular_count(subject.periods_per_year)
                assessments.append(
                    {
                        "subject": subject.code,
                        "semester": semester,
                        "regular_levels": ["Đạt"] * count,
                        "midterm_level": "Đạt",
                        "final_level": "Đạt",
                    }
                )
            else:
                count = regulation.required_regular_count(subject.periods_per_year)
                assessments.append(
                    {
                        "subject": subject.code,
                        "semester": semester,
                        "regular": [score] * count,
                        "midterm": score,
                        "final": score,
                    }
                )
    return {
        "student": {
            "student_id": student_id,
            "full_name": name,
            "date_of_birth": born.isoformat(),
            "sex": "Nữ" if female else "Nam",
            "personal_id": personal_id_for(born, female, serial=serial),
            "ethnicity": "Kinh",
        },
        "class_group": {
            "name": class_name or f"{grade}A1",
            "grade_level": grade,
            "school_year": school_year,
            "school_code": "79000701",
            "homeroom_teacher": "Trần Văn Bình",
        },
        "subjects": [s.model_dump() for s in subjects],
        "assessments": assessments,
        "training_semester1": "Tốt",
        "training_semester2": "Tốt",
        "training_year": None if tt22 else "Tốt",
        "attendance": [{"semester": 1, "excused": 2}, {"semester": 2, "unexcused": 1}],
    }


def record(**kwargs: Any) -> StudentYearRecord:
    """:func:`record_dict` as a model."""
    return StudentYearRecord.model_validate(record_dict(**kwargs))


def edited(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A deep copy of ``data`` with the item at ``path`` set to ``value``."""
    out = copy.deepcopy(data)
    target: Any = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return out
