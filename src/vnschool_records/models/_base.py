"""School, school year, class and student (Trường, năm học, lớp, học sinh)."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from vnschool_records._text import clean_name, nfc

__all__ = [
    "ClassGroup",
    "Name",
    "NfcStr",
    "School",
    "SchoolLevel",
    "SchoolYear",
    "Sex",
    "Student",
]

NfcStr = Annotated[str, AfterValidator(nfc)]
"""A string stored in Unicode NFC."""

Name = Annotated[str, AfterValidator(clean_name)]
"""A person's name: NFC, trimmed, single spaces."""

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class SchoolLevel(StrEnum):
    """Level of general education (cấp học) covered by the SDK."""

    THCS = "THCS"
    """Lower secondary (trung học cơ sở), grades 6–9."""
    THPT = "THPT"
    """Upper secondary (trung học phổ thông), grades 10–12."""

    @classmethod
    def for_grade(cls, grade_level: int) -> SchoolLevel:
        """The level a grade belongs to.

        >>> SchoolLevel.for_grade(9), SchoolLevel.for_grade(10)
        (<SchoolLevel.THCS: 'THCS'>, <SchoolLevel.THPT: 'THPT'>)
        """
        if 6 <= grade_level <= 9:
            return cls.THCS
        if 10 <= grade_level <= 12:
            return cls.THPT
        raise ValueError(f"grade level {grade_level} is not a secondary grade (6–12)")

    @property
    def grades(self) -> tuple[int, ...]:
        """The grade levels of this school level."""
        return (6, 7, 8, 9) if self is SchoolLevel.THCS else (10, 11, 12)


class Sex(StrEnum):
    """Sex (giới tính) as recorded on the birth registration."""

    MALE = "Nam"
    FEMALE = "Nữ"


_YEAR_LABEL = re.compile(r"^\s*(\d{4})\s*[-–/]\s*(\d{4})\s*$")


class SchoolYear(BaseModel):
    """School year (năm học), written ``"2023-2024"``; the two years must be consecutive.

    Accepts the label itself wherever a ``SchoolYear`` is expected:

    >>> y = SchoolYear.parse("2023-2024")
    >>> y.start, y.end, str(y.next()), y == SchoolYear.parse("2023 – 2024")
    (2023, 2024, '2024-2025', True)
    >>> SchoolYear.parse("2023-2025")
    Traceback (most recent call last):
    pydantic_core._pydantic_core.ValidationError: 1 validation error for SchoolYear
    ...
    """

    model_config = _FROZEN

    start: int = Field(ge=1975, le=2100)
    end: int

    @model_validator(mode="before")
    @classmethod
    def _from_label(cls, data: Any) -> Any:
        if isinstance(data, str):
            match = _YEAR_LABEL.match(data)
            if not match:
                raise ValueError(f"school year {data!r} is not written like '2023-2024'")
            return {"start": int(match[1]), "end": int(match[2])}
        return data

    @model_validator(mode="after")
    def _consecutive(self) -> Self:
        if self.end != self.start + 1:
            raise ValueError(
                f"school year {self.start}-{self.end}: the end year must be the start year + 1"
            )
        return self

    @classmethod
    def parse(cls, label: str | SchoolYear) -> SchoolYear:
        """A school year from its label (or itself)."""
        if isinstance(label, SchoolYear):
            return label
        return cls.model_validate(label)

    @property
    def label(self) -> str:
        """``"2023-2024"``."""
        return f"{self.start}-{self.end}"

    def next(self) -> SchoolYear:
        """The following school year."""
        return SchoolYear(start=self.start + 1, end=self.end + 1)

    def previous(self) -> SchoolYear:
        """The preceding school year."""
        return SchoolYear(start=self.start - 1, end=self.end - 1)

    def __str__(self) -> str:
        return self.label

    def __lt__(self, other: SchoolYear) -> bool:
        return self.start < other.start


class School(BaseModel):
    """School (trường): its code, name, level and the agency lines printed on its documents.

    ``parent_agency`` is the managing agency printed above the school's name on official
    documents (Decree 30/2020/NĐ-CP, Appendix I): a Phòng GD&ĐT before July 2025, a Sở
    GD&ĐT or a commune-level People's Committee after the 2025 reform. ``district`` is
    ``None`` for addresses after the two-tier reform, which abolished the district level.
    """

    model_config = _FROZEN

    code: NfcStr = Field(min_length=1)
    name: NfcStr = Field(min_length=1)
    levels: tuple[SchoolLevel, ...] = Field(min_length=1)
    province: NfcStr
    commune: NfcStr | None = None
    district: NfcStr | None = None
    parent_agency: NfcStr | None = None
    principal: Name | None = None
    place_name: NfcStr | None = None
    """Place printed on the date line ("Thành phố Hồ Chí Minh, ngày …")."""


class ClassGroup(BaseModel):
    """Class (lớp), e.g. 6A1: its grade level, school year and homeroom teacher."""

    model_config = _FROZEN

    name: NfcStr = Field(min_length=1)
    grade_level: int = Field(ge=6, le=12)
    school_year: SchoolYear
    school_code: NfcStr | None = None
    homeroom_teacher: Name | None = None
    specialised_subject: NfcStr | None = None
    """Subject code of a specialised class (lớp chuyên), which TT58 Art. 13 also checks."""

    @property
    def level(self) -> SchoolLevel:
        """THCS or THPT, from the grade level."""
        return SchoolLevel.for_grade(self.grade_level)


class Student(BaseModel):
    """Student (học sinh): identity as kept in the school's records.

    ``student_id`` is the school's own stable key (often the sector database's student
    code, mã định danh học sinh); ``personal_id`` the 12-digit personal identification
    number (số định danh cá nhân), when known.
    """

    model_config = _FROZEN

    student_id: NfcStr = Field(min_length=1)
    full_name: Name = Field(min_length=1)
    date_of_birth: date
    sex: Sex
    personal_id: str | None = None
    place_of_birth: NfcStr | None = None
    ethnicity: NfcStr | None = None
    address: NfcStr | None = None
    guardian_name: Name | None = None
