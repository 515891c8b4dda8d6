"""Deadline rule (Thời hạn): data scheduled to sync after its deadline.

Công văn 1397/GDĐT-TrH (Sở GD&ĐT TP.HCM, 18/5/2020) asks schools to finish the grade book
and sync results within one week after the semester-I review and after the year-end review.
Given the planned sync date (``as_of``), this rule compares it with the deadline for the
stage: ``ValidationContext.sync_deadline`` when the caller gives one, otherwise the
``1397.gradebook-semester-1`` / ``1397.gradebook-year-end`` deadline computed by
:func:`vnschool_records.calendar.deadlines`. It is deliberately tolerant: without a date
to compare, or without calendar data for the year, it says nothing (the calendar reports
its own gaps).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from typing import Any

from vnschool_records.errors import VnSchoolRecordsError
from vnschool_records.validation._finding import Family, Finding
from vnschool_records.validation._rules import Batch, Stage, make_finding

__all__ = ["DeadlineRule"]

_OBLIGATION_FOR_STAGE = {
    Stage.SEMESTER_1: "1397.gradebook-semester-1",
    Stage.YEAR_END: "1397.gradebook-year-end",
    Stage.AFTER_SUMMER: "1397.gradebook-year-end",
}


@cache
def _calendar_deadline(school_year: str, obligation_id: str) -> dt.date | None:
    try:
        from vnschool_records.calendar import deadlines

        found: Any = deadlines(school_year)
    except (ImportError, VnSchoolRecordsError, LookupError, ValueError, TypeError):
        return None
    for item in found:
        obligation = getattr(item, "obligation", None)
        due = getattr(item, "due", None)
        if getattr(obligation, "id", None) == obligation_id and isinstance(due, dt.date):
            return due
    return None


class DeadlineRule:
    """A sync planned (``as_of``) after the stage's deadline: one finding per school year."""

    codes = frozenset({"sync-after-deadline"})
    family = Family.DEADLINES

    def __repr__(self) -> str:
        return "DeadlineRule()"

    def check(self, batch: Batch) -> Iterator[Finding]:
        planned = batch.as_of
        context = batch.context
        obligation = _OBLIGATION_FOR_STAGE.get(context.stage)
        if planned is None or (obligation is None and context.sync_deadline is None):
            return
        first_of_year: dict[str, int] = {}
        for index, record in batch.parsed():
            first_of_year.setdefault(record.class_group.school_year.label, index)
        for year, index in sorted(first_of_year.items()):
            due = context.sync_deadline
            if due is None and obligation is not None:
                due = _calendar_deadline(year, obligation)
            if due is None or planned <= due:
                continue
            late = (planned - due).days
            yield make_finding(
                "sync-after-deadline",
                ("sync",),
                None,
                f"Dữ liệu năm học {year} dự kiến đồng bộ ngày {planned:%d/%m/%Y}, sau thời hạn "
                f"{due:%d/%m/%Y} ({late} ngày)",
                f"School-year {year} data is planned to sync on {planned.isoformat()}, "
                f"{late} day(s) after its deadline {due.isoformat()}",
                value=planned,
                ctx={"deadline": due, "school_year": year, "first_record": index},
            )
