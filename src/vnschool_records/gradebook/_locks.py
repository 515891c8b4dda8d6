"""Locks (Khoá sổ): the scopes of a grade book that no longer accept entries.

Schools close the book in steps (provincial practice, e.g. HCMC 1397/GDĐT-TrH of 18/5/2020;
the Hanoi digital học bạ locks a record when teachers finish): one score column, one
subject, one semester, the whole class, and finally the year's results once the principal
has approved them (TT58/2011 Art. 21 cl. 6). A lock covers cells; a broader lock covers
everything a narrower one does, and removing a narrower lock never opens what a broader
lock still covers (the Moodle MDL-78082 failure the SDK is built to avoid).

>>> from vnschool_records.gradebook._cells import Cell
>>> results = LockScope.results()
>>> results.covers(Cell.assessment("HS001", "toan", 2, "ck"))
True
>>> results.covers(Cell.reassessment("HS001", "toan"))    # summer work comes after closing
False
>>> LockScope.for_column("toan", 1, "gk").covers(Cell.assessment("HS001", "toan", 1, "gk"))
True
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, model_validator

from vnschool_records.gradebook._cells import Cell, CellKind
from vnschool_records.gradebook._policy import Role
from vnschool_records.models import NfcStr, Semester

__all__ = ["Lock", "LockLevel", "LockScope"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class LockLevel(StrEnum):
    """How much a lock covers, narrowest first."""

    COLUMN = "column"
    """One assessment column (e.g. the mid-term of Toán in semester I)."""
    SUBJECT = "subject"
    """One subject, in one semester or (without a semester) in the whole year, re-assessment
    included."""
    SEMESTER = "semester"
    """Every entry of one semester; semester II also covers the year training rating."""
    CLASS = "class"
    """Every entry of the class book, summer work included."""
    RESULTS = "results"
    """The year's results (chốt sổ): every input of the year's averages, learning results,
    promotion and awards — so those are frozen with it. Summer re-assessment and summer
    training come after closing and stay open."""


class LockScope(BaseModel):
    """Lock scope (Phạm vi khoá): what one lock covers."""

    model_config = _FROZEN

    level: LockLevel
    subject: str | None = None
    semester: Semester | None = None
    column: str | None = None

    @model_validator(mode="after")
    def _shape(self) -> Self:
        level = self.level
        if level is LockLevel.COLUMN:
            ok = None not in (self.subject, self.semester, self.column)
        elif level is LockLevel.SUBJECT:
            ok = self.subject is not None and self.column is None
        elif level is LockLevel.SEMESTER:
            ok = self.semester is not None and self.subject is None and self.column is None
        else:
            ok = self.subject is None and self.semester is None and self.column is None
        if not ok:
            raise ValueError(
                f"a {level.value} lock cannot have subject={self.subject!r}, "
                f"semester={self.semester!r}, column={self.column!r}"
            )
        return self

    @classmethod
    def column_of(cls, cell: Cell) -> LockScope:
        """The column lock covering an assessment cell."""
        if cell.kind is not CellKind.ASSESSMENT:
            raise ValueError(f"{cell.key} is not an assessment cell")
        return cls.for_column(str(cell.subject), Semester(cell.semester or 1), cell.column)

    @classmethod
    def for_column(cls, subject: str, semester: Semester | int, column: str) -> LockScope:
        """One assessment column."""
        return cls(
            level=LockLevel.COLUMN, subject=subject, semester=Semester(semester), column=column
        )

    @classmethod
    def for_subject(cls, subject: str, semester: Semester | int | None = None) -> LockScope:
        """One subject, in a semester or the whole year."""
        sem = None if semester is None else Semester(semester)
        return cls(level=LockLevel.SUBJECT, subject=subject, semester=sem)

    @classmethod
    def for_semester(cls, semester: Semester | int) -> LockScope:
        """Every entry of one semester."""
        return cls(level=LockLevel.SEMESTER, semester=Semester(semester))

    @classmethod
    def whole_class(cls) -> LockScope:
        """The whole class book."""
        return cls(level=LockLevel.CLASS)

    @classmethod
    def results(cls) -> LockScope:
        """The year's results and everything they are computed from."""
        return cls(level=LockLevel.RESULTS)

    @property
    def key(self) -> str:
        """``"column/toan/1/gk"``, ``"semester/2"``, ``"results"``."""
        parts = [self.level.value]
        if self.subject is not None:
            parts.append(self.subject)
        if self.semester is not None:
            parts.append(str(int(self.semester)))
        if self.column is not None:
            parts.append(self.column)
        return "/".join(parts)

    def covers(self, cell: Cell) -> bool:
        """Whether an entry into ``cell`` falls inside this scope."""
        level = self.level
        if level is LockLevel.CLASS:
            return True
        if level is LockLevel.RESULTS:
            summer = cell.kind is CellKind.REASSESSMENT or (
                cell.kind is CellKind.TRAINING and cell.column == "he"
            )
            return not summer
        if level is LockLevel.SEMESTER:
            if cell.kind is CellKind.TRAINING and cell.column == "CN":
                return self.semester is Semester.TWO
            return cell.semester is not None and cell.semester == self.semester
        if level is LockLevel.SUBJECT:
            if cell.subject != self.subject:
                return False
            if self.semester is None:
                return True
            return cell.kind is CellKind.ASSESSMENT and cell.semester == self.semester
        return (
            cell.kind is CellKind.ASSESSMENT
            and cell.subject == self.subject
            and cell.semester == self.semester
            and cell.column == self.column
        )


class Lock(BaseModel):
    """A lock in force: its scope, who set it, when and why."""

    model_config = _FROZEN

    scope: LockScope
    actor_id: NfcStr
    role: Role
    at: AwareDatetime
    reason: NfcStr | None = None

    def describe(self) -> str:
        """``"results, locked by HT01 (HT) at 2024-05-25T10:00:00+07:00"``."""
        return f"{self.scope.key}, locked by {self.actor_id} ({self.role.value}) at {_iso(self.at)}"


def _iso(at: datetime) -> str:
    return at.isoformat()
