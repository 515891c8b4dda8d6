"""MOET frameworks and HCMC plans: data checks and semester/teaching-week arithmetic."""

import datetime as dt

import pytest

from vnschool_records._explain import Citation
from vnschool_records.calendar import (
    HCMC_PLANS,
    MOET_FRAMEWORKS,
    OpeningDay,
    SchoolYearPlan,
    moet_framework,
    school_year_plan,
    semester_of,
    teaching_week,
)
from vnschool_records.calendar._periods import FixedBound
from vnschool_records.errors import CalendarDataError
from vnschool_records.models import Semester

D = dt.date


def test_moet_decision_numbers():
    numbers = {y: f.decision.instrument for y, f in MOET_FRAMEWORKS.items()}
    assert numbers["2020-2021"] == "Quyết định 2084/QĐ-BGDĐT"
    assert numbers["2021-2022"] == "Quyết định 2551/QĐ-BGDĐT"
    assert numbers["2023-2024"] == "Quyết định 2171/QĐ-BGDĐT"
    assert numbers["2024-2025"] == "Quyết định 2045/QĐ-BGDĐT"
    assert numbers["2025-2026"] == "Quyết định 2269/QĐ-BGDĐT"
    assert numbers["2019-2020"] == "Quyết định 736/QĐ-BGDĐT"
    assert moet_framework("2026-2027").estimated
    assert not any(f.estimated for y, f in MOET_FRAMEWORKS.items() if y != "2026-2027")
    f = moet_framework("2024-2025")
    assert f.semester_1_end.last_day == D(2025, 1, 17)  # "before 18/01/2025"
    assert f.term_start == D(2024, 9, 5)
    with pytest.raises(CalendarDataError):
        moet_framework("2018-2019")


def test_hcmc_plans_cover_2019_to_2027():
    assert sorted(HCMC_PLANS) == [f"{y}-{y + 1}" for y in range(2019, 2027)]
    assert [y for y, p in HCMC_PLANS.items() if p.estimated] == ["2026-2027"]
    assert school_year_plan("2021-2022").source.instrument == "Quyết định 2999/QĐ-UBND"
    assert school_year_plan("2025-2026", "79").opening_day_for(9) == D(2025, 8, 20)
    assert school_year_plan("2025-2026").opening_day_for(7) == D(2025, 8, 25)
    with pytest.raises(CalendarDataError):
        school_year_plan("2025-2026", "Hà Nội")
    with pytest.raises(CalendarDataError):
        school_year_plan("2025-2026").opening_day_for(1)


def test_semester_of():
    p = school_year_plan("2020-2021")
    assert semester_of(p, D(2020, 9, 7)) is Semester.ONE
    assert semester_of(p, D(2021, 1, 9)) is Semester.ONE
    assert semester_of(p, D(2021, 1, 10)) is None  # Sunday between the semesters
    assert semester_of(p, D(2021, 1, 11)) is Semester.TWO
    assert semester_of(p, D(2021, 6, 1)) is None


def test_teaching_weeks_skip_the_tet_break():
    p = school_year_plan("2023-2024")
    # Week 1 = Mon 4/9/2023 - Sun 10/9; HK I starts Tue 5/9.
    assert teaching_week(p, D(2023, 9, 5)) == 1
    assert teaching_week(p, D(2023, 9, 11)) == 2
    # Sat 13/1/2024: Monday 8/1 is 18 weeks after 4/9 -> week 19.
    assert teaching_week(p, D(2024, 1, 13)) == 19
    # Tết break Mon 5/2 - Sun 18/2/2024: two weeks not numbered.
    assert teaching_week(p, D(2024, 2, 7)) is None
    assert teaching_week(p, D(2024, 2, 14)) is None
    # Mon 19/2 is 24 weeks after 4/9 -> week 25 minus the 2 break weeks = 23.
    assert teaching_week(p, D(2024, 2, 19)) == 23
    assert teaching_week(p, D(2023, 9, 4)) is None  # before HK I


def test_a_school_supplies_its_own_plan():
    plan = SchoolYearPlan(
        "2024-2025",
        "Trường THCS An Thới Đông",
        "An Thoi Dong lower secondary school",
        Citation("Kế hoạch năm học của trường"),
        (OpeningDay(D(2024, 8, 19)),),
        D(2024, 9, 5),
        (D(2024, 9, 5), D(2025, 1, 11)),
        (D(2025, 1, 13), D(2025, 5, 24)),
        FixedBound(D(2025, 5, 24), "inclusive"),  # type: ignore[arg-type]
        semester_1_review=D(2025, 1, 10),
    )
    from vnschool_records.calendar import deadlines

    ds = {d.obligation.id: d for d in deadlines("2024-2025", plan=plan)}
    # Mon 19/8 -> Mon 26/8; Fri 10/1 -> Fri 17/1; Sat 24/5 -> Sat 31/5 -> Mon 2/6.
    assert ds["1397.database-opening"].due == D(2024, 8, 26)
    assert ds["1397.gradebook-semester-1"].due == D(2025, 1, 17)
    assert not ds["1397.gradebook-semester-1"].estimated
    assert ds["1397.gradebook-year-end"].due == D(2025, 6, 2)


def test_plan_validation():
    good = school_year_plan("2023-2024")
    with pytest.raises(ValueError, match="semester II"):
        SchoolYearPlan(
            good.school_year,
            "x",
            "x",
            good.source,
            good.opening_days,
            good.term_start,
            good.semester_1,
            (D(2023, 12, 1), D(2024, 5, 1)),
            good.year_end,
        )
    with pytest.raises(ValueError, match="opening day"):
        SchoolYearPlan(
            "2023-2024",
            "x",
            "x",
            good.source,
            (OpeningDay(D(2024, 8, 28)),),
            good.term_start,
            good.semester_1,
            good.semester_2,
            good.year_end,
        )
    with pytest.raises(TypeError, match="datetime"):
        OpeningDay(dt.datetime(2023, 8, 28, tzinfo=dt.UTC))  # type: ignore[arg-type]
