"""Deadlines of 1397/GDĐT-TrH for every HCMC school year 2019-20 to 2025-26.

Expected dates are worked by hand: anchor from the HCMC plan (reference §1.2), + 1 week
(Civil Code Art. 147(3), 148(2)), then Art. 148(5) with the holiday table (§3.2). Review
dates not supplied by a school are estimated from the plan (last day of HK I; end of year).
"""

import datetime as dt

import pytest

from vnschool_records.calendar import (
    OBLIGATIONS,
    AnchorEvent,
    BoundReading,
    DeadlineState,
    WorkCalendar,
    deadlines,
    school_year_plan,
)
from vnschool_records.errors import CalendarDataError, IncompleteDataError, PolicyOptionError

D = dt.date

# school year: (opening-day deadline, semester-I deadline, year-end deadline)
HCMC = {
    # tựu trường Mon 19/8 -> Mon 26/8; HK I ends Fri 3/1 -> Fri 10/1;
    # year end "before 15/7/2020" -> Tue 14/7 -> Tue 21/7.
    "2019-2020": (D(2019, 8, 26), D(2020, 1, 10), D(2020, 7, 21)),
    # Tue 1/9 -> Tue 8/9 (2020: Quốc khánh one day); Sat 9/1 -> Sat 16/1 -> Mon 18/1;
    # bế giảng to Sat 29/5 -> Sat 5/6 -> Mon 7/6.
    "2020-2021": (D(2020, 9, 8), D(2021, 1, 18), D(2021, 6, 7)),
    # Wed 1/9 -> Wed 8/9; Sat 15/1 -> Sat 22/1 -> Mon 24/1; Tue 31/5 -> Tue 7/6.
    "2021-2022": (D(2021, 9, 8), D(2022, 1, 24), D(2022, 6, 7)),
    # Mon 22/8 -> Mon 29/8; Sat 14/1 -> Sat 21/1 -> Tết 21-26/1 -> Fri 27/1;
    # Fri 26/5 -> Fri 2/6.
    "2022-2023": (D(2022, 8, 29), D(2023, 1, 27), D(2023, 6, 2)),
    # Mon 28/8 -> Mon 4/9 (in lieu) -> Tue 5/9; Sat 13/1 -> Sat 20/1 -> Mon 22/1;
    # Fri 31/5 -> Fri 7/6.
    "2023-2024": (D(2023, 9, 5), D(2024, 1, 22), D(2024, 6, 7)),
    # Mon 26/8 -> Mon 2/9, Tue 3/9 holidays -> Wed 4/9; HK I ends Sat 11/1 -> Sat 18/1 ->
    # Mon 20/1; "before 31/5/2025" -> Fri 30/5 -> Fri 6/6.
    "2024-2025": (D(2024, 9, 4), D(2025, 1, 20), D(2025, 6, 6)),
    # grades 9/12 Wed 20/8 -> Wed 27/8 governs (earliest); HK I ends Sat 17/1 -> Sat 24/1 ->
    # Mon 26/1; "before 31/5/2026" -> Sat 30/5 -> Sat 6/6 -> Mon 8/6.
    "2025-2026": (D(2025, 8, 27), D(2026, 1, 26), D(2026, 6, 8)),
}


def _by_id(year: str, **kwargs: object) -> dict[str, object]:
    return {d.obligation.id: d for d in deadlines(year, **kwargs)}  # type: ignore[arg-type]


@pytest.mark.parametrize("year", sorted(HCMC))
def test_hcmc_deadlines_every_year(year: str):
    opening, sem1, year_end = HCMC[year]
    ds = _by_id(year)
    assert ds["1397.database-opening"].due == opening
    assert ds["1397.gradebook-semester-1"].due == sem1
    assert ds["1397.gradebook-year-end"].due == year_end
    assert not ds["1397.database-opening"].estimated  # published opening days, decided holidays
    assert ds["1397.gradebook-semester-1"].estimated  # the school has not given its review date
    assert ds["1397.gradebook-year-end"].estimated
    fixed = {"1397.previous-years-corrections", "673.report-back"}
    assert fixed <= set(ds) if year == "2019-2020" else not fixed & set(ds)


def test_fixed_bounds_2019_2020_strict_and_by_readings():
    strict = _by_id("2019-2020")
    assert strict["1397.previous-years-corrections"].due == D(2020, 6, 14)  # Sunday, not moved
    assert strict["673.report-back"].due == D(2020, 6, 14)
    by = _by_id("2019-2020", bound_reading=BoundReading.INCLUSIVE)
    assert by["673.report-back"].due == D(2020, 6, 15)
    text = strict["673.report-back"].explain("vi")
    assert "Công văn 673/GDĐT" in text
    assert "Công văn 1397/GDĐT-TrH" in text
    assert "Thứ Sáu 12/06/2020" in text


def test_school_supplied_review_dates_are_not_estimated():
    # Reference §2 worked example: sơ kết Sat 18/1/2025 -> Sat 25/1 -> Tết -> Mon 3/2/2025.
    ds = _by_id("2024-2025", events={"semester_1_review": D(2025, 1, 18)})
    d = ds["1397.gradebook-semester-1"]
    assert d.due == D(2025, 2, 3)
    assert d.raw_end == D(2025, 1, 25)
    assert not d.estimated
    en = d.explain("en")
    assert "supplied by the school" in en
    assert "Moved over Mon 27/01/2025: Lunar New Year (Tết)" in en
    # The plan route: the same date as the school's plan.
    plan = school_year_plan("2024-2025").with_reviews(year_end_review=D(2025, 5, 24))
    ds = _by_id("2024-2025", plan=plan)
    assert ds["1397.gradebook-year-end"].due == D(2025, 6, 2)  # Sat 31/5 -> Mon 2/6
    assert not ds["1397.gradebook-year-end"].estimated


def test_several_opening_days_each_computed_and_one_governs():
    d = _by_id("2025-2026", grade_levels=range(6, 10))["1397.database-opening"]
    assert [a.due for a in d.alternatives] == [D(2025, 8, 27), D(2025, 9, 3)]
    assert d.due == D(2025, 8, 27)
    assert d.grade_levels == frozenset({9})
    assert "the earliest deadline (Wed 27/08/2025) governs" in d.explain("en")
    latest = _by_id("2025-2026", grade_levels=range(6, 10), governing="latest")
    assert latest["1397.database-opening"].due == D(2025, 9, 3)
    # A school with grades 10-11 only has one opening day (Mon 25/8/2025).
    only = _by_id("2025-2026", grade_levels=(10, 11))["1397.database-opening"]
    assert only.due == D(2025, 9, 3)
    assert only.alternatives == ()
    with pytest.raises(IncompleteDataError):
        deadlines("2025-2026", grade_levels=(1,))
    with pytest.raises(PolicyOptionError):
        deadlines("2025-2026", governing="middle")  # type: ignore[arg-type]


def test_status_as_of():
    # 2019-20 report-back, strict: Sun 14/6/2020. As of Mon 1/6/2020: 13 days, 9 working days.
    d = _by_id("2019-2020", as_of=D(2020, 6, 1))["673.report-back"]
    assert d.status.state is DeadlineState.UPCOMING
    assert (d.status.calendar_days_left, d.status.working_days_left) == (13, 9)
    assert "còn 13 ngày (9 ngày làm việc)" in d.explain("vi")
    today = _by_id("2023-2024", as_of=D(2023, 9, 5))["1397.database-opening"]
    assert today.status.state is DeadlineState.DUE_TODAY
    late = _by_id("2023-2024", as_of=D(2023, 9, 11))["1397.database-opening"]
    # Tue 5/9 -> Mon 11/9: 6 calendar days; working days Wed 6, Thu 7, Fri 8, Mon 11 = 4.
    assert late.status.state is DeadlineState.OVERDUE
    assert (late.status.calendar_days_left, late.status.working_days_left) == (-6, -4)
    assert late.status_as_of(D(2023, 9, 1)).working_days_left == 1  # only Tue 5/9 (4/9 off)


def test_labor_code_calendar_reading():
    # 2025-26 year end: Sat 30/5/2026 + 1 week = Sat 6/6/2026 -> Mon 8/6 in both modes;
    # the Labor Code mode has no swap days, and none falls in that week anyway.
    ds = _by_id("2025-2026", calendar=WorkCalendar.labor_code())
    assert ds["1397.gradebook-year-end"].due == D(2026, 6, 8)


def test_estimated_year_and_unknown_year():
    ds = deadlines("2026-2027")
    assert ds
    assert all(d.estimated for d in ds)
    with pytest.raises(CalendarDataError):
        deadlines("2030-2031")
    assert len(OBLIGATIONS) == 5
    assert {o.anchor for o in OBLIGATIONS if o.anchor} == set(AnchorEvent)


def test_uids_are_stable_and_unique():
    a = [d.uid for d in deadlines("2025-2026")]
    b = [d.uid for d in deadlines("2025-2026")]
    assert a == b
    assert len(set(a)) == len(a)
    assert a[0] == "1397.database-opening.2025-2026.g9-12@vnschool-records"
