"""Builders of small, explicit student-year records for the regulation tests."""

from __future__ import annotations

from typing import Any

from vnschool_records.models import StudentYearRecord, SubjectKind, subject_catalogue
from vnschool_records.regulations import Tt22Regulation, Tt58Regulation


def record(
    regime: str = "tt22",
    *,
    grade: int = 6,
    scores: dict[str, str] | None = None,
    comments: dict[str, str] | None = None,
    drop: tuple[tuple[str, int], ...] = (),
    **fields: Any,
) -> StudentYearRecord:
    """A complete record where every scored subject has every score equal to ``scores[code]``
    (default "8") in both semesters, and every comment subject is ``comments[code]`` (default
    "Đạt") in every assessment. ``drop`` removes (subject, semester) assessments. ``fields``
    override record fields (training, attendance, exemptions, reassessments…).
    """
    if regime == "tt22":
        year, programme, reg = "2024-2025", "2018", Tt22Regulation()
        training: dict[str, Any] = {"training_semester1": "Tốt", "training_semester2": "Tốt"}
    else:
        year = "2020-2021" if regime == "tt58" else "2016-2017"
        programme = "2006"
        reg = Tt58Regulation(edition="amended" if regime == "tt58" else "original")
        training = {
            "training_semester1": "Tốt",
            "training_semester2": "Tốt",
            "training_year": "Tốt",
        }
    scores = scores or {}
    comments = comments or {}
    subjects = subject_catalogue(programme, grade)
    assessments: list[dict[str, Any]] = []
    for subj in subjects:
        n = reg.required_regular_count(subj.periods_per_year)
        for sem in (1, 2):
            if (subj.code, sem) in drop:
                continue
            if subj.kind is SubjectKind.SCORED:
                value = scores.get(subj.code, "8")
                assessments.append(
                    {
                        "subject": subj.code,
                        "semester": sem,
                        "regular": [value] * n,
                        "midterm": value,
                        "final": value,
                    }
                )
            else:
                level = comments.get(subj.code, "Đạt")
                count = 2 if regime == "tt22" else n
                assessments.append(
                    {
                        "subject": subj.code,
                        "semester": sem,
                        "regular_levels": [level] * count,
                        "midterm_level": level,
                        "final_level": level,
                    }
                )
    data: dict[str, Any] = {
        "student": {
            "student_id": "HS001",
            "full_name": "Lê Văn Cường",
            "date_of_birth": "2012-09-02",
            "sex": "Nam",
        },
        "class_group": {"name": f"{grade}A1", "grade_level": grade, "school_year": year},
        "subjects": [s.model_dump() for s in subjects],
        "assessments": assessments,
        **training,
    }
    data.update(fields)
    return StudentYearRecord.model_validate(data)
