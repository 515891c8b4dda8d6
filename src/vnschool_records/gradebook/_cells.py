"""Cells (Ô dữ liệu) of a class grade book and the exact encoding of their values.

A cell is one value a person enters: a score or comment level in one assessment column
(``tx1`` … ``tx20`` for regular assessments — ĐĐGtx, ``gk`` mid-term, ``ck`` end-of-term),
a summer re-assessment result, a training/conduct level, or one absence. Values are kept in
a tagged, exact form (``{"score": "8.5"}``) so that the audit log hashes the same bytes on
every machine and a level named "Tốt" is never confused between a training result (TT22)
and a conduct rating (TT58).

>>> c = Cell.assessment("HS001", "toan", 1, "tx2")
>>> c.key
'assessment/HS001/toan/1/tx2'
>>> encode_value(Decimal("8.5")), decode_value({"conduct": "Tốt"})
({'score': '8.5'}, <ConductLevel.GOOD: 'Tốt'>)
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, model_validator

from vnschool_records._decimal import parse_score
from vnschool_records.errors import ScoreError
from vnschool_records.models import (
    CommentLevel,
    ConductLevel,
    NfcStr,
    Semester,
    TrainingLevel,
)

__all__ = [
    "AbsenceKind",
    "Cell",
    "CellKind",
    "CellValue",
    "Encoded",
    "TrainingPeriod",
    "decode_value",
    "encode_value",
    "format_value",
]


class CellKind(StrEnum):
    """What a cell holds."""

    ASSESSMENT = "assessment"
    """A score or comment level in one assessment column of a subject and semester."""
    REASSESSMENT = "reassessment"
    """A summer re-assessment result of a subject (TT22 Art. 14; TT58 Art. 16)."""
    TRAINING = "training"
    """A training result (TT22 Art. 8) or conduct rating (TT58 Art. 3–4)."""
    ABSENCE = "absence"
    """One absence (buổi nghỉ) on one day and session, excused or not."""


class AbsenceKind(StrEnum):
    """Excused (có phép, P) or unexcused (không phép, K) absence."""

    EXCUSED = "P"
    UNEXCUSED = "K"


TrainingPeriod = Literal["HK1", "HK2", "CN", "he"]
"""Semester I, semester II, the year (TT58: the homeroom teacher's judgement), after summer."""

CellValue = Decimal | CommentLevel | TrainingLevel | ConductLevel | AbsenceKind
"""A typed cell value."""

Encoded = dict[str, str]
"""A cell value in its tagged, exact JSON form: one key naming the type."""

_COLUMN = re.compile(r"^(tx([1-9]|1[0-9]|20)|gk|ck)$")
_ABSENCE = re.compile(r"^\d{4}-\d{2}-\d{2}:(S|C)$")
_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Cell(BaseModel):
    """Cell (Ô dữ liệu): the address of one value in a class grade book.

    Use the constructors :meth:`assessment`, :meth:`reassessment`, :meth:`training` and
    :meth:`absence`; the key (``cell.key``) names the cell in the audit log.
    """

    model_config = _FROZEN

    kind: CellKind
    student_id: NfcStr
    subject: str | None = None
    semester: Semester | None = None
    column: str

    @model_validator(mode="after")
    def _shape(self) -> Self:
        kind = self.kind
        if kind is CellKind.ASSESSMENT:
            ok = self.subject is not None and self.semester is not None
            ok = ok and bool(_COLUMN.match(self.column))
        elif kind is CellKind.REASSESSMENT:
            ok = self.subject is not None and self.semester is None and self.column == "lai"
        elif kind is CellKind.TRAINING:
            expected = {"HK1": Semester.ONE, "HK2": Semester.TWO}.get(self.column)
            ok = (
                self.subject is None
                and self.column in ("HK1", "HK2", "CN", "he")
                and self.semester == expected
            )
        else:
            ok = (
                self.subject is None
                and self.semester is not None
                and bool(_ABSENCE.match(self.column))
            )
        if not ok:
            raise ValueError(
                f"not a valid {kind.value} cell: subject={self.subject!r}, "
                f"semester={self.semester!r}, column={self.column!r}; columns are tx1…tx20, gk, "
                "ck for assessments, HK1/HK2/CN/he for training, YYYY-MM-DD:S|C for absences"
            )
        return self

    @classmethod
    def assessment(
        cls, student_id: str, subject: str, semester: Semester | int, column: str
    ) -> Cell:
        """A score or comment level: ``column`` is ``tx1``…``tx20``, ``gk`` or ``ck``."""
        return cls(
            kind=CellKind.ASSESSMENT,
            student_id=student_id,
            subject=subject,
            semester=Semester(semester),
            column=column,
        )

    @classmethod
    def reassessment(cls, student_id: str, subject: str) -> Cell:
        """A summer re-assessment result of a subject."""
        return cls(kind=CellKind.REASSESSMENT, student_id=student_id, subject=subject, column="lai")

    @classmethod
    def training(cls, student_id: str, period: TrainingPeriod) -> Cell:
        """A training/conduct level for ``"HK1"``, ``"HK2"``, ``"CN"`` (year) or ``"he"``."""
        semester = {"HK1": Semester.ONE, "HK2": Semester.TWO}.get(period)
        return cls(kind=CellKind.TRAINING, student_id=student_id, semester=semester, column=period)

    @classmethod
    def absence(
        cls,
        student_id: str,
        semester: Semester | int,
        day: date,
        session: Literal["S", "C"] = "S",
    ) -> Cell:
        """One absence on ``day``, morning (``"S"``, sáng) or afternoon (``"C"``, chiều)."""
        return cls(
            kind=CellKind.ABSENCE,
            student_id=student_id,
            semester=Semester(semester),
            column=f"{day.isoformat()}:{session}",
        )

    @property
    def key(self) -> str:
        """A stable text key: ``kind/student/subject/semester/column`` (empty parts dropped)."""
        parts = [self.kind.value, self.student_id]
        if self.subject is not None:
            parts.append(self.subject)
        if self.semester is not None:
            parts.append(str(int(self.semester)))
        parts.append(self.column)
        return "/".join(parts)


def encode_value(value: CellValue) -> Encoded:
    """The tagged, exact JSON form of a cell value.

    >>> encode_value(CommentLevel.PASS), encode_value(TrainingLevel.GOOD)
    ({'comment': 'Đạt'}, {'training': 'Tốt'})
    """
    if isinstance(value, Decimal):
        return {"score": format(value, "f")}
    if isinstance(value, CommentLevel):
        return {"comment": value.value}
    if isinstance(value, TrainingLevel):
        return {"training": value.value}
    if isinstance(value, ConductLevel):
        return {"conduct": value.value}
    return {"absence": AbsenceKind(value).value}


def decode_value(encoded: Encoded) -> CellValue:
    """The typed value of a tagged JSON form; ``ValueError`` for anything else."""
    if len(encoded) != 1:
        raise ValueError(f"a cell value has exactly one tag, not {sorted(encoded)}")
    ((tag, text),) = encoded.items()
    try:
        if tag == "score":
            return parse_score(text)
        if tag == "comment":
            return CommentLevel(text)
        if tag == "training":
            return TrainingLevel(text)
        if tag == "conduct":
            return ConductLevel(text)
        if tag == "absence":
            return AbsenceKind(text)
    except ScoreError:
        raise
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a valid {tag} value") from exc
    raise ValueError(f"unknown cell value tag {tag!r}")


def format_value(encoded: Encoded | None) -> str:
    """A cell value as a reader sees it: ``"8,5"``, ``"Đạt"``, ``"P"``; ``"—"`` for empty.

    >>> format_value({"score": "8.5"}), format_value(None)
    ('8,5', '—')
    """
    if encoded is None:
        return "—"
    ((tag, text),) = encoded.items()
    return text.replace(".", ",") if tag == "score" else text
