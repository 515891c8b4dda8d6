"""Workbook findings (Phát hiện khi đọc sổ điểm): data problems found in a filled workbook.

Each problem in a workbook is a value, never an exception: a stable kebab-case ``code``, a
``severity``, a Vietnamese and an English message that both start with the cell
(``"Toán_HK1!D12: …"``), the location ``loc`` as ``(sheet, cell)``, the ``reference`` (the
article the value breaks, when there is one) and the offending ``value``.

The field names and order are those of :class:`vnschool_records.validation.Finding`, so the
type can be swapped for that one without touching callers.

>>> f = WorkbookFinding.at("Toán_HK1", "D12", "excel-score-too-many-decimals",
...                        "'7,25' có hai chữ số thập phân", "'7,25' has two decimals",
...                        value="7,25")
>>> f.message_en
"Toán_HK1!D12: '7,25' has two decimals"
>>> f.where
'Toán_HK1!D12'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["FINDING_CODES", "Severity", "WorkbookFinding"]

Severity = Literal["error", "warning"]

FINDING_CODES: Final[dict[str, str]] = {
    "excel-score-not-a-number": "a score cell holds text that is not a number",
    "excel-score-out-of-range": "a score outside 0–10",
    "excel-score-too-many-decimals": "a score with more than one decimal place",
    "excel-level-invalid": "a comment-subject level other than Đ / CĐ",
    "excel-training-invalid": "a training or conduct level the regulation does not have",
    "excel-count-invalid": "a number of missed sessions that is not a whole number ≥ 0",
    "excel-date-invalid": "a date of birth that is not a date",
    "excel-flag-invalid": "a yes/no cell holding something other than x or blank",
    "excel-formula-in-cell": "an input cell holds a formula; its result is not used",
    "excel-missing-sheet": "a sheet named in the workbook's meta sheet is missing",
    "excel-missing-column": "a sheet lacks a column it needs",
    "excel-unknown-student": "a row whose student code is not on the student sheet",
    "excel-duplicate-row": "the same student appears twice on one sheet",
    "excel-name-mismatch": "a row's name differs from the student sheet (rows shifted?)",
    "excel-student-invalid": "a student row that cannot make a student",
    "excel-record-invalid": "a student's data that cannot make a year record",
    "excel-exemption-invalid": "an exemption row that cannot be read",
    "excel-not-written": "a value the workbook layout has no cell for (writing)",
}
"""Every finding code this package emits, with what it means (documented in docs/excel.md)."""


@dataclass(frozen=True, slots=True)
class WorkbookFinding:
    """Workbook finding (Phát hiện trong sổ điểm): one data problem at a sheet and cell.

    ``loc`` is ``(sheet, cell)`` — ``("Toán_HK1", "D12")`` — or ``(sheet,)`` for a problem
    with a whole sheet, or ``()`` for the workbook.
    """

    code: str
    severity: Severity
    message_vi: str
    message_en: str
    loc: tuple[str | int, ...] = ()
    reference: str | None = None
    value: object = None

    @classmethod
    def at(
        cls,
        sheet: str,
        cell: str | None,
        code: str,
        message_vi: str,
        message_en: str,
        *,
        severity: Severity = "error",
        reference: str | None = None,
        value: object = None,
    ) -> WorkbookFinding:
        """A finding at ``sheet!cell`` whose messages start with that location."""
        if code not in FINDING_CODES:
            raise ValueError(f"unknown workbook finding code {code!r}")
        loc: tuple[str | int, ...] = (sheet,) if cell is None else (sheet, cell)
        where = _where(loc)
        return cls(
            code=code,
            severity=severity,
            message_vi=f"{where}: {message_vi}" if where else message_vi,
            message_en=f"{where}: {message_en}" if where else message_en,
            loc=loc,
            reference=reference,
            value=value,
        )

    @property
    def where(self) -> str:
        """``"Toán_HK1!D12"``: the location as a spreadsheet reference."""
        return _where(self.loc)

    def message(self, lang: str = "vi") -> str:
        """The message in ``"vi"`` or ``"en"``."""
        if lang == "vi":
            return self.message_vi
        if lang == "en":
            return self.message_en
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")


def _where(loc: tuple[str | int, ...]) -> str:
    if not loc:
        return ""
    if len(loc) == 1:
        return str(loc[0])
    return f"{loc[0]}!{loc[1]}"
