"""Workbook findings (Phát hiện khi đọc sổ điểm): data problems found in a filled workbook.

Each problem in a workbook is a :class:`vnschool_records.validation.Finding`, never an
exception: a stable kebab-case ``code``, a ``severity``, a family, Vietnamese and English
messages that both start with the cell (``"Toán_HK1!D12: …"``), ``loc`` as
``(sheet, cell)``, the ``reference`` (the article the value breaks, when there is one) and
the offending ``value``. They merge into the same reports as validation findings.

>>> f = finding_at("Toán_HK1", "D12", "excel-score-too-many-decimals",
...                "'7,25' có hai chữ số thập phân", "'7,25' has two decimals", value="7,25")
>>> f.message_en, f.loc, f.family.value
("Toán_HK1!D12: '7,25' has two decimals", ('Toán_HK1', 'D12'), 'scores')
"""

from __future__ import annotations

from typing import Final

from vnschool_records._explain import Citation
from vnschool_records.validation import Family, Finding, Severity

__all__ = ["FINDING_CODES", "finding_at", "level_reference", "score_reference", "where"]

_S, _R, _I, _A, _G = (
    Family.SCORES,
    Family.RECORD,
    Family.IDENTITY,
    Family.ATTENDANCE,
    Family.GRADEBOOK,
)

FINDING_CODES: Final[dict[str, tuple[Family, str]]] = {
    "excel-score-not-a-number": (_S, "a score cell holds text that is not a number"),
    "excel-score-out-of-range": (_S, "a score outside 0–10"),
    "excel-score-too-many-decimals": (_S, "a score with more than one decimal place"),
    "excel-level-invalid": (_S, "a comment-subject level other than Đ / CĐ"),
    "excel-training-invalid": (_G, "a training or conduct level the regulation does not have"),
    "excel-count-invalid": (_A, "a number of missed sessions that is not a whole number ≥ 0"),
    "excel-date-invalid": (_I, "a date of birth that is not a date"),
    "excel-flag-invalid": (_R, "a yes/no cell holding something other than x or blank"),
    "excel-formula-in-cell": (_R, "an input cell holds a formula; its result is not used"),
    "excel-missing-sheet": (_R, "a sheet named in the workbook's meta sheet is missing"),
    "excel-missing-column": (_R, "a sheet lacks a column it needs"),
    "excel-unknown-student": (_R, "a row whose student code is not on the student sheet"),
    "excel-duplicate-row": (_R, "the same student appears twice on one sheet"),
    "excel-name-mismatch": (_I, "a row's name differs from the student sheet (rows shifted?)"),
    "excel-student-invalid": (_I, "a student row that cannot make a student"),
    "excel-record-invalid": (_R, "a student's data that cannot make a year record"),
    "excel-exemption-invalid": (_R, "an exemption row that cannot be read"),
    "excel-not-written": (_R, "a value the workbook layout has no cell for (writing)"),
}
"""Every finding code this package emits: its family and meaning (documented in docs/excel.md)."""


def score_reference(regulation: str) -> Citation:
    """Where a score's form is set: 0–10, at most one decimal."""
    if regulation == "TT58_2011":
        return Citation(
            "Thông tư 58/2011/TT-BGDĐT",
            article=8,
            clause="2",
            amended_by="Thông tư 26/2020/TT-BGDĐT, Điều 1, khoản 4",
        )
    return Citation("Thông tư 22/2021/TT-BGDĐT", article=5, clause="3", point="b")


def level_reference(regulation: str) -> Citation:
    """Where the Đạt / Chưa đạt levels of comment subjects are set."""
    if regulation == "TT58_2011":
        return Citation("Thông tư 58/2011/TT-BGDĐT", article=6)
    return Citation("Thông tư 22/2021/TT-BGDĐT", article=5, clause="2")


def where(loc: tuple[str | int, ...]) -> str:
    """``"Toán_HK1!D12"``: a workbook location as a spreadsheet reference.

    >>> where(("Toán_HK1", "D12")), where(("Miễn học",)), where(())
    ('Toán_HK1!D12', 'Miễn học', '')
    """
    if not loc:
        return ""
    if len(loc) == 1:
        return str(loc[0])
    return f"{loc[0]}!{loc[1]}"


def finding_at(
    sheet: str,
    cell: str | None,
    code: str,
    message_vi: str,
    message_en: str,
    *,
    severity: Severity = Severity.ERROR,
    reference: Citation | None = None,
    value: object = None,
) -> Finding:
    """A finding at ``sheet!cell`` (or the whole sheet) whose messages start with the place."""
    family, _ = FINDING_CODES[code]
    loc: tuple[str | int, ...] = (sheet,) if cell is None else (sheet, cell)
    at = where(loc)
    return Finding(
        code=code,
        severity=severity,
        family=family,
        message_vi=f"{at}: {message_vi}",
        message_en=f"{at}: {message_en}",
        loc=loc,
        reference=reference,
        value=value,
    )
