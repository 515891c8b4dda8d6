"""Assessment regulations (Quy chế đánh giá): TT58/2011 (as amended by TT26/2020) and TT22/2021.

One module per legal instrument, the same verbs in each (:class:`Regulation`), and a
table saying which applies to a grade in a school year (:func:`regulation_for`).
:func:`evaluate_year` computes everything for one student's year, with explanations:

>>> reg = regulation_for(10, "2023-2024")
>>> reg.id.value, reg.semester_average(["4,4", "3,8", "5,9"], "4,8", "5,3").value
('TT22_2021', Decimal('5.0'))
>>> print(reg.year_average("7,3", "8,1").explain("en"))
Year subject average
  - year average = (sem. I + 2×sem. II) / 3
  - Uses the semester averages as recorded, rounded to one decimal.
  - (7.3 + 2×8.1) / 3 ≈ 7.833 → 7.8
  Source: Circular 22/2021/TT-BGDĐT, Art. 9, cl. 1(b)
  Source: Circular 22/2021/TT-BGDĐT, Art. 5, cl. 3(b)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from vnschool_records.models import Semester, StudentYearRecord
from vnschool_records.regulations._applicability import (
    APPLICABILITY,
    FIRST_SCHOOL_YEAR,
    LAST_SCHOOL_YEAR,
    Applicability,
    Policy,
    concrete_regulation,
    regulation_for,
)
from vnschool_records.regulations._types import (
    AcademicLevel,
    Award,
    InvalidRecordError,
    LearningLevel,
    LearningResult,
    PromotionOutcome,
    PromotionResult,
    Regulation,
    RegulationId,
    ScoreLike,
    SubjectAverage,
    SubjectValue,
    TermResults,
    YearResult,
)
from vnschool_records.regulations.tt22_2021 import Tt22Policy, Tt22Regulation
from vnschool_records.regulations.tt58_2011 import Tt58Edition, Tt58Policy, Tt58Regulation

__all__ = [
    "APPLICABILITY",
    "FIRST_SCHOOL_YEAR",
    "LAST_SCHOOL_YEAR",
    "AcademicLevel",
    "Applicability",
    "Award",
    "InvalidRecordError",
    "LearningLevel",
    "LearningResult",
    "Policy",
    "PromotionOutcome",
    "PromotionResult",
    "Regulation",
    "RegulationId",
    "ScoreLike",
    "SubjectAverage",
    "SubjectValue",
    "TermResults",
    "Tt22Policy",
    "Tt22Regulation",
    "Tt58Edition",
    "Tt58Policy",
    "Tt58Regulation",
    "YearResult",
    "evaluate_year",
    "regulation_for",
]


def evaluate_year(
    record: StudentYearRecord,
    *,
    policy: Policy | Iterable[Policy] | None = None,
    taught_in: Mapping[str, Semester | int] | None = None,
) -> YearResult:
    """Every result of one student's year, under the regulation for its grade and school year.

    ``policy`` as for :func:`regulation_for`; ``taught_in`` names subjects taught in one
    semester only (subject code → semester).
    """
    group = record.class_group  # record.grade_level and .school_year, read once
    regulation = concrete_regulation(group.grade_level, group.school_year.label, policy=policy)
    return regulation.evaluate(record, taught_in=taught_in)
