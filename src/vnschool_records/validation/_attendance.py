"""Attendance rules (Chuyên cần): sessions missed beyond 45 in the year.

A student who misses more than 45 sessions in a school year, excused or not, is not
promoted (TT22/2021 Art. 12 cl. 1 c; TT58/2011 Art. 15 cl. 1). The grade book needs to
show it before the year-end review, so it is a warning at any stage.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from vnschool_records.models import StudentYearRecord
from vnschool_records.validation._codes import CITATIONS
from vnschool_records.validation._finding import Family, Finding
from vnschool_records.validation._gradebook import regulation_or_none
from vnschool_records.validation._rules import RecordRule, ValidationContext, make_finding

__all__ = ["MAX_ABSENCES", "AttendanceRule"]

MAX_ABSENCES: Final = 45
"""Sessions a student may miss in a year and still be promoted (TT22 Art. 12 cl. 1 c)."""


class AttendanceRule(RecordRule):
    """More than 45 sessions missed; a semester's attendance entered twice."""

    codes = frozenset({"attendance-over-limit", "attendance-duplicate-semester"})
    family = Family.ATTENDANCE

    def check_record(
        self, index: int, record: StudentYearRecord, context: ValidationContext
    ) -> Iterator[Finding]:
        if not record.attendance:
            return
        seen: set[int] = set()
        for i, row in enumerate(record.attendance):
            if int(row.semester) in seen:
                yield make_finding(
                    "attendance-duplicate-semester",
                    (index, "attendance", i),
                    record,
                    f"Chuyên cần học kì {'I' * int(row.semester)} được nhập hai lần",
                    f"Attendance for semester {'I' * int(row.semester)} is entered twice",
                    value=int(row.semester),
                )
            seen.add(int(row.semester))
        total = record.absences
        if total > MAX_ABSENCES:
            cls = record.class_group
            regulation = regulation_or_none(cls.grade_level, cls.school_year.label)
            tt58 = regulation is not None and regulation.id.value == "TT58_2011"
            yield make_finding(
                "attendance-over-limit",
                (index, "attendance"),
                record,
                f"{record.student.full_name} nghỉ {total} buổi trong năm học (quá {MAX_ABSENCES} "
                "buổi): không đủ điều kiện lên lớp",
                f"{record.student.full_name} missed {total} sessions in the year (more than "
                f"{MAX_ABSENCES}): not eligible for promotion",
                value=total,
                reference=CITATIONS["tt58-promotion" if tt58 else "tt22-promotion"],
            )
