"""Assessment records (Hồ sơ đánh giá): scores, comments, training, attendance, exemptions.

One :class:`StudentYearRecord` holds everything the grade book knows of one student in one
school year; :func:`vnschool_records.evaluate_year` turns it into results.
"""

from __future__ import annotations

from collections.abc import Hashable
from enum import StrEnum
from typing import Any, Final, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)

from vnschool_records._decimal import Score
from vnschool_records.models._base import ClassGroup, NfcStr, Student
from vnschool_records.models._interning import (
    Interner,
    RowKey,
    RowsKey,
    intern_rows,
    nested_row_key,
    row_key,
    rows_key,
)
from vnschool_records.models._subjects import Semester, Subject, SubjectKind

__all__ = [
    "Attendance",
    "CommentLevel",
    "ConductLevel",
    "Exemption",
    "ExemptionPart",
    "Semester",
    "StudentYearRecord",
    "SubjectAssessment",
    "Term",
    "TrainingLevel",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Term(StrEnum):
    """The period a result is for: semester I, semester II, or the whole year (cả năm)."""

    SEMESTER_1 = "HK1"
    SEMESTER_2 = "HK2"
    YEAR = "CN"

    @property
    def label_vi(self) -> str:
        """``"Học kì I"``, ``"Học kì II"`` or ``"Cả năm"``."""
        return {"HK1": "Học kì I", "HK2": "Học kì II", "CN": "Cả năm"}[self.value]

    @property
    def label_en(self) -> str:
        """``"Semester I"``, ``"Semester II"`` or ``"Year"``."""
        return {"HK1": "Semester I", "HK2": "Semester II", "CN": "Year"}[self.value]


class CommentLevel(StrEnum):
    """Level of a comment-assessed subject: Đạt / Chưa đạt (TT22 Art. 5; TT58 Art. 6: Đ / CĐ)."""

    PASS = "Đạt"
    FAIL = "Chưa đạt"

    @property
    def abbreviation(self) -> str:
        """``"Đ"`` or ``"CĐ"``, as printed in grade books."""
        return "Đ" if self is CommentLevel.PASS else "CĐ"


class TrainingLevel(StrEnum):
    """Training result (kết quả rèn luyện), TT22/2021 Art. 8: four levels."""

    GOOD = "Tốt"
    FAIR = "Khá"
    PASS = "Đạt"
    FAIL = "Chưa đạt"


class ConductLevel(StrEnum):
    """Conduct (hạnh kiểm), TT58/2011 Art. 3 cl. 2: four levels."""

    GOOD = "Tốt"
    FAIR = "Khá"
    AVERAGE = "Trung bình"
    WEAK = "Yếu"


class SubjectAssessment(BaseModel):
    """One subject's assessments in one semester (the row of the class grade book).

    Scored subjects fill ``regular`` (ĐĐGtx), ``midterm`` (ĐĐGgk) and ``final`` (ĐĐGck);
    comment subjects fill ``regular_levels``, ``midterm_level`` and ``final_level``. A
    missing periodic score stays ``None`` — the regulation decides whether that is an
    incomplete record or a zero (TT26 Art. 1 cl. 4: zero only when no make-up was taken),
    and that decision is recorded with ``missed_without_reason``.
    """

    model_config = _FROZEN

    subject: str = Field(min_length=1)
    semester: Semester
    regular: tuple[Score, ...] = ()
    midterm: Score | None = None
    final: Score | None = None
    regular_levels: tuple[CommentLevel, ...] = ()
    midterm_level: CommentLevel | None = None
    final_level: CommentLevel | None = None
    comment: NfcStr | None = None


ExemptionPart = Literal["whole", "practical"]


class Exemption(BaseModel):
    """Exemption (miễn học) granted by the principal's decision.

    TT58 Art. 12 allows a whole-subject exemption from Thể dục, Âm nhạc, Mĩ thuật; TT22
    Art. 10 only the practical part of GDTC and GDQP-AN. ``semesters`` lists the semesters
    it covers (both = the whole year); ``decision`` is the decision number, which the
    validation engine requires.
    """

    model_config = _FROZEN

    subject: str = Field(min_length=1)
    semesters: tuple[Semester, ...] = Field(default=(Semester.ONE, Semester.TWO), min_length=1)
    part: ExemptionPart = "whole"
    decision: NfcStr | None = None
    reason: NfcStr | None = None


class Attendance(BaseModel):
    """Sessions (buổi) missed in a semester, excused (có phép) and unexcused (không phép)."""

    model_config = _FROZEN

    semester: Semester
    excused: int = Field(default=0, ge=0)
    unexcused: int = Field(default=0, ge=0)

    @property
    def total(self) -> int:
        """All sessions missed; both kinds count towards the 45-session limit."""
        return self.excused + self.unexcused


_SUBJECT_VALUE_TYPES: Final[frozenset[type]] = frozenset({str, int, bool, SubjectKind})
_CLASS_VALUE_TYPES: Final[frozenset[type]] = frozenset({str, int, type(None)})
_SUBJECT_LISTS: Final[Interner[RowsKey, tuple[Subject, ...]]] = Interner(1024)
_CLASS_GROUPS: Final[Interner[RowKey, ClassGroup]] = Interner(4096)
_ROW_VALUE_TYPES: Final[frozenset[type]] = frozenset({str, int, type(None), Semester, CommentLevel})
_COMMENT_ROWS: Final[Interner[Hashable, Any]] = Interner(4096)
_ATTENDANCE_ROWS: Final[Interner[Hashable, Any]] = Interner(4096)


def _comment_row_key(row: object) -> Hashable | None:
    # Comment-only rows (Đạt / Chưa đạt) repeat across a district; scored rows rarely do.
    if type(row) is not dict or "regular_levels" not in row:
        return None
    if "regular" in row or "midterm" in row or "final" in row:
        return None
    return nested_row_key(row, _ROW_VALUE_TYPES)


def _attendance_row_key(row: object) -> Hashable | None:
    return row_key(row, _ROW_VALUE_TYPES)


class StudentYearRecord(BaseModel):
    """Everything the grade book holds for one student in one school year.

    ``training_semester1/2`` hold the semester training result (TT22 :class:`TrainingLevel`)
    or conduct (TT58 :class:`ConductLevel`). Under TT58 the *year* conduct is the homeroom
    teacher's judgement, not a formula (Art. 3 cl. 2), so it is an input:
    ``training_year``. Under TT22 it is computed (Art. 8 cl. 2 b) and ``training_year``
    stays ``None``. ``reassessments`` holds summer re-assessment results by subject code;
    ``training_after_summer`` the training result re-assessed after summer training.
    """

    model_config = _FROZEN

    student: Student
    class_group: ClassGroup
    subjects: tuple[Subject, ...] = Field(min_length=1)
    assessments: tuple[SubjectAssessment, ...] = ()
    training_semester1: TrainingLevel | ConductLevel | None = None
    training_semester2: TrainingLevel | ConductLevel | None = None
    training_year: TrainingLevel | ConductLevel | None = None
    attendance: tuple[Attendance, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    reassessments: dict[str, Score | CommentLevel] = Field(default_factory=dict)
    training_after_summer: TrainingLevel | ConductLevel | None = None
    individual_education_plan: bool = False
    """A student with disabilities assessed against an IEP (TT22 Art. 11; TT58 Art. 14):
    the principal decides promotion, so the SDK reports it instead of deciding."""

    @field_validator("class_group", mode="wrap")
    @classmethod
    def _shared_class_group(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        # Every student of a class carries the same class: validate it once (see _interning).
        key = row_key(value, _CLASS_VALUE_TYPES)
        if key is None:
            return handler(value)
        found = _CLASS_GROUPS.get(key)
        return found if found is not None else _CLASS_GROUPS.add(key, handler(value))

    @field_validator("subjects", mode="wrap")
    @classmethod
    def _shared_subjects(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        # Every student of a class follows the same subject list: validate it once.
        key = rows_key(value, _SUBJECT_VALUE_TYPES)
        if key is None:
            return handler(value)
        found = _SUBJECT_LISTS.get(key)
        return found if found is not None else _SUBJECT_LISTS.add(key, handler(value))

    @field_validator("assessments", mode="wrap")
    @classmethod
    def _shared_comment_rows(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        return intern_rows(value, handler, _COMMENT_ROWS, _comment_row_key)

    @field_validator("attendance", mode="wrap")
    @classmethod
    def _shared_attendance_rows(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        return intern_rows(value, handler, _ATTENDANCE_ROWS, _attendance_row_key)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        # Runs for every record of a district: set operations first; the loop that names
        # the first problem only when there is one.
        subjects = self.subjects
        known = {s.code for s in subjects}
        if len(known) != len(subjects):
            raise ValueError("a subject appears twice in subjects")
        first = [a.subject for a in self.assessments if a.semester is Semester.ONE]
        second = [a.subject for a in self.assessments if a.semester is not Semester.ONE]
        if (
            len(set(first)) != len(first)
            or len(set(second)) != len(second)
            or not known.issuperset(first)
            or not known.issuperset(second)
        ):
            self._name_inconsistency(known)
        return self

    def _name_inconsistency(self, known: set[str]) -> None:
        seen: set[tuple[str, int]] = set()
        for a in self.assessments:
            if a.subject not in known:
                raise ValueError(f"assessment for subject {a.subject!r}, which is not in subjects")
            key = (a.subject, int(a.semester))
            if key in seen:
                raise ValueError(
                    f"two assessments for subject {a.subject!r} in semester {int(a.semester)}"
                )
            seen.add(key)
        raise AssertionError("unreachable: an inconsistency was found above")  # pragma: no cover

    @property
    def grade_level(self) -> int:
        """The class's grade level."""
        return self.class_group.grade_level

    @property
    def school_year(self) -> str:
        """The school year label, e.g. ``"2023-2024"``."""
        return self.class_group.school_year.label

    def assessment(self, subject: str, semester: Semester | int) -> SubjectAssessment | None:
        """The assessment of a subject in a semester, if recorded."""
        for a in self.assessments:
            if a.subject == subject and a.semester == semester:
                return a
        return None

    def subject(self, code: str) -> Subject:
        """The subject with that code; ``LookupError`` if the student does not follow it."""
        for s in self.subjects:
            if s.code == code:
                return s
        raise LookupError(f"student {self.student.student_id} does not follow subject {code!r}")

    @property
    def absences(self) -> int:
        """Sessions missed in the year, excused and unexcused."""
        return sum(a.total for a in self.attendance)
