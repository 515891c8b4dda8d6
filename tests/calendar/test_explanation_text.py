"""Explanation text: labels keep their capitals, calendar files carry no dated status."""

from __future__ import annotations

import datetime as dt

from vnschool_records.calendar import deadlines, to_ics


def test_event_labels_keep_their_capitals() -> None:
    found = deadlines("2025-2026", events={"semester_1_review": dt.date(2026, 1, 10)})
    semester = next(d for d in found if d.obligation.id == "1397.gradebook-semester-1")
    assert "Sơ kết học kì I:" in semester.explain("vi")
    assert "Semester-I review (sơ kết HK I):" in semester.explain("en")
    assert "hk i" not in semester.explain("en")


def test_ics_description_has_no_status_as_of_a_day() -> None:
    found = deadlines("2025-2026", as_of=dt.date(2026, 1, 20))
    assert "as of 20/01/2026" in found[0].explain("en")  # the status is in the explanation
    stamp = dt.datetime(2026, 1, 20, tzinfo=dt.UTC)
    ics = to_ics(found, lang="en", stamp=stamp).decode("utf-8").replace("\r\n ", "")
    assert "as of 20/01/2026" not in ics
    assert "overdue" not in ics
    assert "Civil Code 91/2015/QH13" in ics
