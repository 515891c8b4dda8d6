"""Civil Code periods (Bộ luật Dân sự 91/2015/QH13, Art. 147-148): hand-checked examples.

Every expected date below was worked out by hand from the weekday of the raw end and the
holiday table of the reference (§2, §3.2), not by running the code.
"""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnschool_records.calendar import (
    BoundReading,
    FixedBound,
    Period,
    WorkCalendar,
    period_end,
    period_end_explained,
)
from vnschool_records.errors import PolicyOptionError

D = dt.date


@pytest.mark.parametrize(
    ("start", "kwargs", "raw", "end"),
    [
        # days: 2/3/2020 (Mon) + 10 days = Thu 12/3/2020, a working day.
        (D(2020, 3, 2), {"days": 10}, D(2020, 3, 12), D(2020, 3, 12)),
        # days: Tết 2025 lies inside the period and is not skipped: Fri 24/1 + 10 = Mon 3/2.
        (D(2025, 1, 24), {"days": 10}, D(2025, 2, 3), D(2025, 2, 3)),
        # weeks: reference worked examples (§2).
        (D(2023, 8, 28), {"weeks": 1}, D(2023, 9, 4), D(2023, 9, 5)),
        (D(2024, 8, 26), {"weeks": 1}, D(2024, 9, 2), D(2024, 9, 4)),
        (D(2025, 8, 25), {"weeks": 1}, D(2025, 9, 1), D(2025, 9, 3)),
        (D(2025, 1, 18), {"weeks": 1}, D(2025, 1, 25), D(2025, 2, 3)),
        # months: 31/1 + 1 month = last day of February (Art. 148(3)).
        (D(2021, 1, 31), {"months": 1}, D(2021, 2, 28), D(2021, 3, 1)),  # Sun 28/2 -> Mon
        (D(2024, 1, 31), {"months": 1}, D(2024, 2, 29), D(2024, 2, 29)),  # leap year, Thu
        (D(2023, 1, 31), {"months": 1}, D(2023, 2, 28), D(2023, 2, 28)),  # Tue
        # months: 31/3/2023 + 1 = Sun 30/4; 1/5 holiday, 2/5 and 3/5 days in lieu -> Thu 4/5.
        (D(2023, 3, 31), {"months": 1}, D(2023, 4, 30), D(2023, 5, 4)),
        # months: 31/8/2023 + 3 months = 30/11/2023 (Thu).
        (D(2023, 8, 31), {"months": 3}, D(2023, 11, 30), D(2023, 11, 30)),
        # years: 15/8/2023 + 1 year = Thu 15/8/2024; 29/2/2024 + 1 year = Fri 28/2/2025.
        (D(2023, 8, 15), {"years": 1}, D(2024, 8, 15), D(2024, 8, 15)),
        (D(2024, 2, 29), {"years": 1}, D(2025, 2, 28), D(2025, 2, 28)),
        # years: 2/9/2022 + 1 year = Sat 2/9/2023 -> Mon 4/9 in lieu -> Tue 5/9.
        (D(2022, 9, 2), {"years": 1}, D(2023, 9, 2), D(2023, 9, 5)),
    ],
)
def test_civil_code_examples(start: dt.date, kwargs: dict[str, int], raw: dt.date, end: dt.date):
    r = period_end_explained(start, **kwargs)
    assert r.raw_end == raw
    assert r.value == end
    assert period_end(start, **kwargs) == end
    assert r.moved_over == () if raw == end else r.moved_over[0].day == raw


def test_explanation_names_each_day_moved_over_and_the_articles():
    r = period_end_explained(D(2023, 8, 28), weeks=1)
    vi = r.explain("vi")
    en = r.explain("en")
    assert "Thứ Hai 04/09/2023: Nghỉ bù Quốc khánh" in vi
    assert "Bộ luật Lao động 45/2019/QH14, Điều 111, khoản 3" in vi
    assert "Thứ Ba 05/09/2023" in vi
    for article in ("Điều 144", "Điều 145", "Điều 147, khoản 2", "Điều 148, khoản 2", "khoản 5"):
        assert article in vi
    assert "Moved over Mon 04/09/2023" in en
    assert "Civil Code 91/2015/QH13, Art. 148, cl. 5" in en
    assert [m.day for m in r.moved_over] == [D(2023, 9, 4)]


def test_weekend_reason_is_named():
    r = period_end_explained(D(2021, 1, 31), months=1)
    assert r.moved_over[0].is_weekend
    assert "Chủ nhật 28/02/2021: ngày nghỉ cuối tuần" in r.explain("vi")
    assert "last day of" in r.explain("en") or "its last day is used" in r.explain("en")


def test_swap_day_moves_only_in_public_sector_mode():
    # Fri 26/12/2025 + 1 week = Fri 2/1/2026: a public-sector swap day (12729/VPCP-KGVX).
    assert period_end(D(2025, 12, 26), weeks=1, calendar=WorkCalendar.public_sector()) == D(
        2026, 1, 5
    )
    assert period_end(D(2025, 12, 26), weeks=1, calendar=WorkCalendar.labor_code()) == D(2026, 1, 2)
    # Sat 10/1/2026 is a make-up working day in the public sector: no move at all.
    assert period_end(D(2026, 1, 3), weeks=1, calendar=WorkCalendar.public_sector()) == D(
        2026, 1, 10
    )
    assert period_end(D(2026, 1, 3), weeks=1, calendar=WorkCalendar.labor_code()) == D(2026, 1, 12)


def test_bad_periods_are_refused():
    with pytest.raises(PolicyOptionError):
        period_end(D(2020, 1, 1))
    with pytest.raises(PolicyOptionError):
        period_end(D(2020, 1, 1), days=-1)
    with pytest.raises(TypeError, match="datetime"):
        period_end(dt.datetime(2020, 1, 1, tzinfo=dt.UTC), days=1)
    with pytest.raises(TypeError, match="int"):
        Period(days=1.5)  # type: ignore[arg-type]


def test_fixed_bound_readings_are_explicit_and_not_moved():
    strict = FixedBound(D(2020, 6, 15))
    assert strict.reading is BoundReading.EXCLUSIVE
    assert strict.last_day == D(2020, 6, 14)  # a Sunday: not moved by Art. 148(5)
    by = strict.with_reading("inclusive")
    assert by.last_day == D(2020, 6, 15)
    text = strict.explained().explain("vi")
    assert "hiểu chặt" in text
    assert "Chủ nhật 14/06/2020" in text
    assert "Thứ Sáu 12/06/2020" in text  # the last working day before it
    assert "does not move it" in strict.explained().explain("en")


starts = st.dates(min_value=D(2019, 1, 1), max_value=D(2027, 6, 30))
LONGEST_RUN_2019_2027 = 9  # Tết 2019, 2025 and 2026: Saturday to the Sunday after, 9 days


@settings(max_examples=150)
@given(start=starts, days=st.integers(1, 60), months=st.integers(0, 6))
def test_deadline_is_a_working_day_not_before_raw_end(start: dt.date, days: int, months: int):
    for cal in (WorkCalendar.public_sector(), WorkCalendar.labor_code()):
        r = period_end_explained(start, days=days, months=months, calendar=cal)
        assert r.value >= r.raw_end
        assert cal.is_working_day(r.value)
        assert (r.value - r.raw_end).days <= LONGEST_RUN_2019_2027
        assert len(r.moved_over) == (r.value - r.raw_end).days


@settings(max_examples=100)
@given(start=starts, n=st.integers(1, 20))
def test_weeks_equal_seven_days_before_the_roll(start: dt.date, n: int):
    w = period_end_explained(start, weeks=n)
    d = period_end_explained(start, days=7 * n)
    assert w.raw_end == d.raw_end == start + dt.timedelta(days=7 * n)
    assert w.raw_end.weekday() == start.weekday()
    assert w.value == d.value


def test_longest_run_matches_the_hand_count():
    assert WorkCalendar.public_sector().longest_non_working_run(2019, 2027) == 9
    assert WorkCalendar.labor_code().longest_non_working_run(2019, 2027) == 9
