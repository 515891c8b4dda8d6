"""Findings (Phát hiện): a problem in the records, as a value.

A finding never interrupts a validation run: it says what is wrong (a stable kebab-case
``code``), how much it matters (``severity``), where (``loc``, a pydantic-style path that
starts at the record's position in the input), why (``reference``, the article the rule
comes from), and what value was found — in Vietnamese and in English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from vnschool_records._explain import Citation, check_lang
from vnschool_records.errors import FindingsError

__all__ = ["Family", "Finding", "Loc", "Severity", "UnresolvedFindingsError"]

Loc = tuple[str | int, ...]


class Severity(StrEnum):
    """Severity (Mức độ) of a finding: ``error`` blocks a sync, ``warning`` needs a look."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info."""
        return _RANK[self]

    @property
    def label_vi(self) -> str:
        """``"Lỗi"``, ``"Cảnh báo"`` or ``"Thông tin"``."""
        return {"error": "Lỗi", "warning": "Cảnh báo", "info": "Thông tin"}[self.value]


_RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


class Family(StrEnum):
    """Rule family (Nhóm quy tắc), the headings of the review summary."""

    RECORD = "record"
    IDENTITY = "identity"
    TEXT = "text"
    ENROLMENT = "enrolment"
    GRADEBOOK = "gradebook"
    SCORES = "scores"
    ATTENDANCE = "attendance"
    YEAR_END = "year-end"
    DEADLINES = "deadlines"

    def label(self, lang: str = "vi") -> str:
        """The family's heading in ``lang``."""
        vi, en = _FAMILY_LABELS[self]
        return vi if check_lang(lang) == "vi" else en


_FAMILY_LABELS = {
    Family.RECORD: ("Cấu trúc hồ sơ", "Record structure"),
    Family.IDENTITY: ("Định danh học sinh", "Student identity"),
    Family.TEXT: ("Chữ viết, mã tiếng Việt", "Vietnamese text"),
    Family.ENROLMENT: ("Tuổi và lớp", "Enrolment"),
    Family.GRADEBOOK: ("Sổ điểm đầy đủ", "Grade-book completeness"),
    Family.SCORES: ("Điểm hợp lệ", "Score validity"),
    Family.ATTENDANCE: ("Chuyên cần", "Attendance"),
    Family.YEAR_END: ("Sẵn sàng tổng kết năm", "Year-end readiness"),
    Family.DEADLINES: ("Thời hạn đồng bộ", "Sync deadlines"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """Finding (Phát hiện): one problem in the records, with where, why and the value found.

    ``loc`` starts with the record's index in the input, then follows the record's fields
    like a pydantic error location: ``(3, "assessments", 5, "midterm")``. ``student_id``
    and ``class_name`` are copied from the record for grouping (``None`` when the record
    was too broken to tell). ``ctx`` holds extra details, e.g. ``{"fixed": "Nguyễn"}`` for a
    repaired text.
    """

    code: str
    severity: Severity
    family: Family
    message_vi: str
    message_en: str
    loc: Loc = ()
    reference: Citation | None = None
    value: Any = None
    student_id: str | None = None
    class_name: str | None = None
    ctx: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def message(self, lang: str = "vi") -> str:
        """The message in ``lang`` (``"vi"`` or ``"en"``)."""
        return self.message_vi if check_lang(lang) == "vi" else self.message_en

    @property
    def record_index(self) -> int | None:
        """Position of the record in the input, when the finding is about one record."""
        first = self.loc[0] if self.loc else None
        return first if isinstance(first, int) else None

    def format(self, lang: str = "vi") -> str:
        """One line: severity, code, location, message and source.

        >>> from vnschool_records._explain import Citation
        >>> f = Finding("attendance-over-limit", Severity.WARNING, Family.ATTENDANCE,
        ...             "Nghỉ 50 buổi", "50 sessions missed", (0, "attendance"),
        ...             Citation("Thông tư 22/2021/TT-BGDĐT", article=12, clause="1", point="c"))
        >>> f.format("en")  # doctest: +ELLIPSIS
        'warning attendance-over-limit at 0.attendance: 50 sessions missed [Circular 22/...(c)]'
        """
        checked = check_lang(lang)
        where = ".".join(str(p) for p in self.loc) or "-"
        at = "tại" if checked == "vi" else "at"
        severity = self.severity.label_vi if checked == "vi" else self.severity.value
        text = f"{severity} {self.code} {at} {where}: {self.message(checked)}"
        if self.reference is not None:
            text += f" [{self.reference.format(checked)}]"
        return text


class UnresolvedFindingsError(FindingsError):
    """Raised by :meth:`Report.raise_for_findings`; ``findings`` holds the offending ones."""

    def __init__(self, findings: tuple[Finding, ...], min_severity: Severity) -> None:
        self.findings = findings
        self.min_severity = min_severity
        codes = sorted({f.code for f in findings})
        shown = "; ".join(f.format("en") for f in findings[:3])
        more = f" (and {len(findings) - 3} more)" if len(findings) > 3 else ""
        super().__init__(
            f"{len(findings)} finding(s) at or above {min_severity.value} "
            f"({', '.join(codes)}): {shown}{more}"
        )
