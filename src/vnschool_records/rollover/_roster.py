"""Roster (Danh sách học sinh theo lớp): who is enrolled in which class in a school year."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, model_validator

from vnschool_records._text import name_sort_key
from vnschool_records.errors import RolloverError
from vnschool_records.models import ClassGroup, NfcStr, SchoolYear, Student, StudentYearRecord

__all__ = ["Enrolment", "EnrolmentStatus", "Roster"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class EnrolmentStatus(StrEnum):
    """Whether a student is still in the class at the end of the year."""

    ACTIVE = "active"
    TRANSFERRED_OUT = "transferred_out"
    """Chuyển trường: moved to another school during the year."""
    LEFT = "left"
    """Thôi học: left school."""


class Enrolment(BaseModel):
    """Enrolment (Xếp lớp): one student in one class of a school year."""

    model_config = _FROZEN

    student: Student
    class_group: ClassGroup
    status: EnrolmentStatus = EnrolmentStatus.ACTIVE
    note: NfcStr | None = None

    @property
    def student_id(self) -> str:
        """The student's id."""
        return self.student.student_id


class Roster(BaseModel):
    """Roster (Danh sách lớp): every enrolment of a school in one school year.

    Build it from enrolments, from grade-book records (:meth:`from_records`) or from
    ``(student, class)`` pairs (:meth:`from_pairs`). A student is enrolled at most once.

    >>> from datetime import date
    >>> s = Student(student_id="HS1", full_name="Lê Ân", date_of_birth=date(2012, 1, 2), sex="Nữ")
    >>> r = Roster.from_pairs([(s, ClassGroup(name="6A1", grade_level=6, school_year="2023-2024"))])
    >>> r.class_counts()
    {'6A1': 1}
    """

    model_config = _FROZEN

    school_year: SchoolYear
    enrolments: tuple[Enrolment, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        seen: set[str] = set()
        grades: dict[str, int] = {}
        for e in self.enrolments:
            if e.student_id in seen:
                raise ValueError(f"student {e.student_id} is enrolled twice")
            seen.add(e.student_id)
            if e.class_group.school_year != self.school_year:
                raise ValueError(
                    f"student {e.student_id}: class {e.class_group.name} is of school year "
                    f"{e.class_group.school_year}, not {self.school_year}"
                )
            grade = grades.setdefault(e.class_group.name, e.class_group.grade_level)
            if grade != e.class_group.grade_level:
                raise ValueError(f"class {e.class_group.name} appears with two grade levels")
        return self

    @classmethod
    def from_pairs(
        cls,
        pairs: Iterable[tuple[Student, ClassGroup]],
        *,
        school_year: SchoolYear | str | None = None,
    ) -> Roster:
        """A roster of active enrolments from ``(student, class)`` pairs."""
        enrolments = tuple(Enrolment(student=s, class_group=c) for s, c in pairs)
        return cls._of(enrolments, school_year)

    @classmethod
    def from_records(
        cls, records: Iterable[StudentYearRecord], *, school_year: SchoolYear | str | None = None
    ) -> Roster:
        """A roster of active enrolments from grade-book records."""
        return cls.from_pairs(
            ((r.student, r.class_group) for r in records), school_year=school_year
        )

    @classmethod
    def _of(cls, enrolments: tuple[Enrolment, ...], school_year: SchoolYear | str | None) -> Roster:
        if school_year is None:
            years = {e.class_group.school_year.label for e in enrolments}
            if len(years) != 1:
                raise RolloverError(
                    "cannot tell the roster's school year: "
                    + (f"classes of {sorted(years)}" if years else "no enrolments")
                )
            school_year = years.pop()
        return cls(school_year=SchoolYear.parse(school_year), enrolments=enrolments)

    def find(self, student_id: str) -> Enrolment | None:
        """The enrolment of a student, if any."""
        for e in self.enrolments:
            if e.student_id == student_id:
                return e
        return None

    def class_counts(self) -> dict[str, int]:
        """Active students per class, by class name."""
        counts = Counter(
            e.class_group.name for e in self.enrolments if e.status is EnrolmentStatus.ACTIVE
        )
        return dict(sorted(counts.items()))

    def sorted(self) -> Roster:
        """The same roster in class order, then class-list (Vietnamese) order."""
        ordered = sorted(
            self.enrolments,
            key=lambda e: (
                e.class_group.grade_level,
                e.class_group.name,
                name_sort_key(e.student.full_name),
            ),
        )
        return self.model_copy(update={"enrolments": tuple(ordered)})
