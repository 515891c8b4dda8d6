"""Correction counts per printed page (Số điểm được sửa chữa trong trang).

The printed class grade book and the học bạ carry a footer on each results page, signed by
the homeroom teacher: "Trong trang này có … điểm được sửa chữa, trong đó môn: … điểm …"
(sổ gọi tên và ghi điểm under TT58/2011; TT22/2021 học bạ: "Trong trang này có sửa chữa ở …
chỗ, thuộc môn học, hoạt động giáo dục: …"). The count comes from the audit log: every
applied correction of a score or comment level of a subject printed on that page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vnschool_records.gradebook._audit import AuditLog, EventKind
from vnschool_records.gradebook._cells import Cell, CellKind
from vnschool_records.models import Semester, Subject

__all__ = ["PageCorrections", "corrections_per_page"]


@dataclass(frozen=True, slots=True)
class PageCorrections:
    """The corrections on one printed page: total and per subject (in page order)."""

    page: int
    subjects: tuple[str, ...]
    by_subject: tuple[tuple[str, str, int], ...]
    """(subject code, subject name, count) for every subject of the page."""

    @property
    def total(self) -> int:
        """All corrected values on the page."""
        return sum(n for _code, _name, n in self.by_subject)

    def footer_vi(self) -> str:
        """The footer line as printed.

        >>> PageCorrections(1, ("toan",), (("toan", "Toán", 2),)).footer_vi()
        'Trong trang này có 2 điểm được sửa chữa, trong đó môn: Toán 2 điểm.'
        >>> PageCorrections(2, ("gdcd",), (("gdcd", "Giáo dục công dân", 0),)).footer_vi()
        'Trong trang này có 0 điểm được sửa chữa.'
        """
        if self.total == 0:
            return "Trong trang này có 0 điểm được sửa chữa."
        parts = ", ".join(f"{name} {n} điểm" for _code, name, n in self.by_subject if n)
        return f"Trong trang này có {self.total} điểm được sửa chữa, trong đó môn: {parts}."

    def footer_en(self) -> str:
        """The footer in English."""
        if self.total == 0:
            return "No values were corrected on this page."
        parts = ", ".join(f"{name} {n}" for _code, name, n in self.by_subject if n)
        return f"{self.total} values corrected on this page; by subject: {parts}."


def corrections_per_page(
    log: AuditLog,
    pages: Sequence[Sequence[str]],
    *,
    subjects: Sequence[Subject] | None = None,
    student_id: str | None = None,
    semester: Semester | int | None = None,
) -> tuple[PageCorrections, ...]:
    """Count applied corrections of scores and comment levels per printed page.

    ``pages`` lists the subject codes printed on each page, in order (the class book prints
    two subjects per page; a học bạ prints a student's whole year on one page). Restrict to
    one student (học bạ) with ``student_id`` and to one semester with ``semester``; summer
    re-assessments count in the year (``semester=None``) only. Subject names come from
    ``subjects`` or from the book's set-up in the log's first entry.
    """
    seen: dict[str, int] = {}
    for number, page in enumerate(pages, start=1):
        for code in page:
            if code in seen:
                raise ValueError(f"subject {code!r} is on page {seen[code]} and page {number}")
            seen[code] = number
    names = _subject_names(log, subjects)
    cells: dict[int, Cell] = {}
    counts: dict[str, int] = dict.fromkeys(seen, 0)
    wanted_semester = None if semester is None else Semester(semester)
    for entry in log:
        ident = entry.data.get("id")
        if entry.event is EventKind.REQUEST_CORRECTION and isinstance(ident, int):
            cells[ident] = Cell.model_validate(entry.data["cell"])
        elif entry.event is EventKind.APPLY_CORRECTION and isinstance(ident, int):
            cell = cells[ident]
            if cell.kind not in (CellKind.ASSESSMENT, CellKind.REASSESSMENT):
                continue
            if student_id is not None and cell.student_id != student_id:
                continue
            if wanted_semester is not None and cell.semester != wanted_semester:
                continue
            if cell.subject in counts:
                counts[cell.subject] += 1
    return tuple(
        PageCorrections(
            page=number,
            subjects=tuple(page),
            by_subject=tuple((code, names.get(code, code), counts[code]) for code in page),
        )
        for number, page in enumerate(pages, start=1)
    )


def _subject_names(log: AuditLog, subjects: Sequence[Subject] | None) -> dict[str, str]:
    if subjects is not None:
        return {s.code: s.name for s in subjects}
    if len(log) == 0 or log[0].event is not EventKind.CREATE:
        return {}
    setup = log[0].data.get("setup")
    if not isinstance(setup, dict):
        return {}
    listed = setup.get("subjects")
    out: dict[str, str] = {}
    if isinstance(listed, list):
        for item in listed:
            if isinstance(item, dict):
                code, name = item.get("code"), item.get("name")
                if isinstance(code, str) and isinstance(name, str):
                    out[code] = name
    return out
