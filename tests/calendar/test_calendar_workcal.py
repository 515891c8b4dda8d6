"""Working calendars: the cited table 2019-2027, its corrections of `holidays`, and lunar Tết."""

import datetime as dt

import holidays
import pytest

from vnschool_records._explain import Citation
from vnschool_records.calendar import (
    PROPOSED_DAYS,
    CalendarDay,
    CalendarMode,
    DayKind,
    WorkCalendar,
    holidays_in,
    is_working_day,
    lunar_new_year,
    working_days_between,
)
from vnschool_records.calendar._holiday_data import BUILTIN_DAYS
from vnschool_records.errors import CalendarDataError

D = dt.date
PUB = WorkCalendar.public_sector()
LAB = WorkCalendar.labor_code()


def test_quoc_khanh_with_days_in_lieu():
    # 2023: Fri 1/9 + Sat 2/9 -> Mon 4/9 in lieu (Art. 111(3)); Tue 5/9 works.
    assert [is_working_day(D(2023, 9, d)) for d in range(1, 6)] == [False] * 4 + [True]
    row = PUB.row(D(2023, 9, 4))
    assert row is not None
    assert row.kind is DayKind.DAY_IN_LIEU
    assert row.sources[0] == Citation("Bộ luật Lao động 45/2019/QH14", article=111, clause="3")
    # 2020 (Labor Code 2012): one day only; Thu 3/9/2020 works.
    assert not is_working_day(D(2020, 9, 2))
    assert is_working_day(D(2020, 9, 3))
    # 2021: Thu 2/9 + Fri 3/9 (the Labor Code 2019 second day).
    assert not is_working_day(D(2021, 9, 3))
    # 2024: Mon 2/9 + Tue 3/9; 2025: Mon 1/9 + Tue 2/9.
    assert not is_working_day(D(2024, 9, 3))
    assert is_working_day(D(2024, 9, 4))
    assert not is_working_day(D(2025, 9, 1))
    assert is_working_day(D(2025, 9, 3))


def test_swap_days_and_make_up_saturdays():
    # (day off, Saturday worked) pairs from the reference §3.2.
    pairs = [
        (D(2019, 4, 29), D(2019, 5, 4)),
        (D(2024, 4, 29), D(2024, 5, 4)),
        (D(2025, 5, 2), D(2025, 4, 26)),
        (D(2026, 1, 2), D(2026, 1, 10)),
        (D(2026, 8, 31), D(2026, 8, 22)),
    ]
    for off, worked in pairs:
        assert not PUB.is_working_day(off), off
        assert PUB.is_working_day(worked), worked
        assert LAB.is_working_day(off), off
        assert not LAB.is_working_day(worked), worked
    assert PUB.is_working_day(D(2019, 1, 5))  # make-up for Mon 31/12/2018
    assert PUB.row(D(2026, 1, 2)).sources[0].instrument == "Công văn 12729/VPCP-KGVX"


def test_tet_windows_public_sector():
    # Weekdays off per official Tết windows (reference §3.2).
    windows = {
        2019: [D(2019, 2, d) for d in (4, 5, 6, 7, 8)],
        2020: [D(2020, 1, d) for d in (23, 24, 27, 28, 29)],
        2021: [D(2021, 2, d) for d in (10, 11, 12, 15, 16)],
        2022: [D(2022, 1, 31)] + [D(2022, 2, d) for d in (1, 2, 3, 4)],
        2023: [D(2023, 1, d) for d in (20, 23, 24, 25, 26)],
        2024: [D(2024, 2, d) for d in (8, 9, 12, 13, 14)],
        2025: [D(2025, 1, d) for d in (27, 28, 29, 30, 31)],
        2026: [D(2026, 2, d) for d in (16, 17, 18, 19, 20)],
    }
    for year, days in windows.items():
        for d in days:
            assert not PUB.is_working_day(d), d
        before = days[0] - dt.timedelta(days=1)
        while before.weekday() >= 5:
            before -= dt.timedelta(days=1)
        after = days[-1] + dt.timedelta(days=1)
        while after.weekday() >= 5:
            after += dt.timedelta(days=1)
        assert PUB.is_working_day(before), (year, before)
        assert PUB.is_working_day(after), (year, after)


def test_culture_day_is_not_law_yet_but_can_be_added():
    assert is_working_day(D(2026, 11, 24))
    assert D(2026, 11, 24) in holidays.country_holidays("VN", years=2026)  # what holidays says
    cal = WorkCalendar.public_sector(extra=PROPOSED_DAYS)
    assert not cal.is_working_day(D(2026, 11, 24))
    assert cal.row(D(2026, 11, 24)).estimated
    # Outside the SDK table the holidays fallback also drops 24/11.
    assert WorkCalendar.public_sector().is_working_day(D(2028, 11, 24))


def test_table_agrees_with_holidays_except_the_documented_corrections():
    """Every weekday off in `holidays` 0.109 is off in our table, and vice versa, except:
    the 2/1/2026 swap (missing there) and 24/11 (not law yet)."""
    vn = holidays.country_holidays("VN", years=range(2019, 2028))
    theirs = {d for d in vn if d.weekday() < 5}
    ours = set()
    for year in range(2019, 2028):
        d = D(year, 1, 1)
        while d.year == year:
            if d.weekday() < 5 and not PUB.is_working_day(d):
                ours.add(d)
            d += dt.timedelta(days=1)
    assert ours - theirs == {D(2026, 1, 2)}
    assert theirs - ours == {D(2026, 11, 24), D(2027, 11, 24)}


def test_rows_have_names_sources_and_unique_dates():
    days = [r.day for r in BUILTIN_DAYS]
    assert len(days) == len(set(days))
    for r in BUILTIN_DAYS:
        assert r.name_vi
        assert r.name_en
        assert r.sources
    # Only what the Prime Minister decides yearly (Art. 112(3)) is estimated: Tết 2027 and
    # the day next to Quốc khánh 2027; the fixed-date days of 2027 are law already.
    estimated = {r.day for r in BUILTIN_DAYS if r.estimated}
    assert estimated == {D(2027, 2, d) for d in range(4, 11)} | {D(2027, 9, 3)}
    assert all(r.day.year == 2024 for r in holidays_in(2024))
    assert PUB.is_estimated(2027)
    assert not PUB.is_estimated(2026)


def test_tet_vietnamese_not_chinese_calendar():
    # Vietnamese (UTC+7) vs Chinese (UTC+8) lunar new year (reference §3.4).
    expected = {
        1985: (D(1985, 1, 21), D(1985, 2, 20)),
        2007: (D(2007, 2, 17), D(2007, 2, 18)),
        2030: (D(2030, 2, 2), D(2030, 2, 3)),
    }
    for year, (vn_day, cn_day) in expected.items():
        assert lunar_new_year(year) == vn_day
        cn = holidays.country_holidays("CN", years=year, language="en_US")
        assert cn.get(cn_day) == "Chinese New Year (Spring Festival)"
        assert vn_day != cn_day
    # And the calendar uses it: mùng 1 Tết 2030 (Sat 2/2) is in the fallback rows.
    assert any(r.day == D(2030, 2, 2) for r in holidays_in(2030))
    assert lunar_new_year(2024) == D(2024, 2, 10)


def test_fallback_years_are_estimated_and_cited():
    rows = holidays_in(2030)
    assert rows
    assert all(r.estimated for r in rows)
    assert "holidays" in rows[0].sources[0].note
    with pytest.raises(CalendarDataError):
        holidays_in(2200)


def test_extra_and_remove_rows():
    local = CalendarDay(
        D(2024, 11, 20),
        DayKind.HOLIDAY,
        "Ngày Nhà giáo Việt Nam (trường nghỉ)",
        "Teachers' Day (school closed)",
        (Citation("Quyết định của trường"),),
    )
    cal = WorkCalendar.labor_code([local], remove=[D(2024, 9, 3)])
    assert cal.mode is CalendarMode.LABOR_CODE
    assert not cal.is_working_day(D(2024, 11, 20))
    assert cal.is_working_day(D(2024, 9, 3))
    with pytest.raises(TypeError, match="extra"):
        WorkCalendar.public_sector(["2024-11-20"])  # type: ignore[list-item]


def test_working_days_between_counts_after_start_up_to_end():
    # Fri 24/1/2025 -> Mon 3/2/2025: only Mon 3/2 is a working day (Tết in between).
    assert working_days_between(D(2025, 1, 24), D(2025, 2, 3)) == 1
    assert working_days_between(D(2025, 2, 3), D(2025, 1, 24)) == -1
    # Mon 1/6/2020 -> Sun 14/6/2020: Tue-Fri (4) + Mon-Fri (5) = 9.
    assert working_days_between(D(2020, 6, 1), D(2020, 6, 14)) == 9
    assert working_days_between(D(2020, 6, 1), D(2020, 6, 1)) == 0
