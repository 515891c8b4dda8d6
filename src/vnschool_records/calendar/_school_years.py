"""School-year plans (Kế hoạch thời gian năm học): MOET frameworks and provincial plans.

MOET issues a yearly framework (*khung kế hoạch thời gian năm học*); the Chairman of each
provincial People's Committee issues the local plan within it. The plan gives the opening
days (*tựu trường*, possibly one per grade group), the opening ceremony (*khai giảng*), the
semester boundaries, the end of the year and the students' Tết break. The semester-I review
(*sơ kết học kì I*) and year-end review (*tổng kết năm học*) are set by each school.

The built-in data cover MOET 2019-20 to 2025-26 and Ho Chi Minh City 2019-20 to 2025-26,
each with its decision; 2026-27 exists as an SDK estimate (``estimated=True``). A province
or a school passes its own :class:`SchoolYearPlan`.

>>> plan = school_year_plan("2025-2026")
>>> [(o.day.isoformat(), sorted(o.grade_levels)) for o in plan.opening_days]
[('2025-08-20', [9, 12]), ('2025-08-25', [6, 7, 8, 10, 11])]
>>> semester_of(plan, dt.date(2026, 1, 19)), teaching_week(plan, dt.date(2025, 9, 5))
(<Semester.TWO: 2>, 1)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from vnschool_records._explain import Citation
from vnschool_records.calendar._periods import BoundReading, FixedBound
from vnschool_records.calendar._rows import check_date
from vnschool_records.errors import CalendarDataError
from vnschool_records.models import SchoolYear, Semester

__all__ = [
    "HCMC_PLANS",
    "MOET_FRAMEWORKS",
    "MoetFramework",
    "OpeningDay",
    "SchoolYearPlan",
    "moet_framework",
    "school_year_plan",
    "semester_of",
    "teaching_week",
]

SECONDARY_GRADES = frozenset(range(6, 13))


@dataclass(frozen=True, slots=True)
class OpeningDay:
    """Opening day (Ngày tựu trường) for a group of grade levels."""

    day: dt.date
    grade_levels: frozenset[int] = SECONDARY_GRADES

    def __post_init__(self) -> None:
        check_date(self.day, "OpeningDay.day")
        levels = frozenset(self.grade_levels)
        if not levels or not levels <= frozenset(range(1, 13)):
            raise ValueError(f"opening day {self.day}: grade levels must be 1-12, not {levels}")
        object.__setattr__(self, "grade_levels", levels)

    def label(self, lang: str = "vi") -> str:
        """``"lớp 9, 12"`` / ``"grades 9, 12"``."""
        levels = ", ".join(str(g) for g in sorted(self.grade_levels))
        return f"{'grades' if lang == 'en' else 'lớp'} {levels}"


def _dates(value: tuple[dt.date, dt.date], what: str) -> tuple[dt.date, dt.date]:
    start, end = value
    check_date(start, f"{what} start")
    check_date(end, f"{what} end")
    if end < start:
        raise ValueError(f"{what}: end {end.isoformat()} is before start {start.isoformat()}")
    return start, end


@dataclass(frozen=True, slots=True)
class SchoolYearPlan:
    """School-year plan (Kế hoạch thời gian năm học) of a province — or of one school.

    Attributes:
        school_year: The school year.
        authority_vi / authority_en: Who issued the plan.
        source: The decision (or the SDK's estimate note).
        opening_days: *Tựu trường*, one per grade group.
        term_start: *Khai giảng*.
        semester_1 / semester_2: First and last day of each semester.
        year_end: End of the school year as published (a fixed bound with its reading).
        tet_break: Students' Tết break (school days off; not legal holidays).
        semester_1_review / year_end_review: The school's *sơ kết HK I* and *tổng kết* dates.
        estimated: The whole plan is an SDK estimate (not published yet).
        inferred: Names of fields derived by the SDK rather than read in the source.
    """

    school_year: SchoolYear
    authority_vi: str
    authority_en: str
    source: Citation
    opening_days: tuple[OpeningDay, ...]
    term_start: dt.date
    semester_1: tuple[dt.date, dt.date]
    semester_2: tuple[dt.date, dt.date]
    year_end: FixedBound
    tet_break: tuple[dt.date, dt.date] | None = None
    semester_1_review: dt.date | None = None
    year_end_review: dt.date | None = None
    estimated: bool = False
    inferred: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "school_year", SchoolYear.parse(self.school_year))
        if not self.opening_days:
            raise ValueError(f"plan {self.school_year}: at least one opening day is required")
        object.__setattr__(
            self, "opening_days", tuple(sorted(self.opening_days, key=lambda o: o.day))
        )
        check_date(self.term_start, "term_start")
        object.__setattr__(self, "semester_1", _dates(self.semester_1, "semester_1"))
        object.__setattr__(self, "semester_2", _dates(self.semester_2, "semester_2"))
        if self.tet_break is not None:
            object.__setattr__(self, "tet_break", _dates(self.tet_break, "tet_break"))
        if self.semester_2[0] <= self.semester_1[1]:
            raise ValueError(f"plan {self.school_year}: semester II must start after semester I")
        for name in ("semester_1_review", "year_end_review"):
            value = getattr(self, name)
            if value is not None:
                check_date(value, name)
        sy = self.school_year
        if not (dt.date(sy.start, 7, 1) <= self.opening_days[0].day <= dt.date(sy.start, 9, 30)):
            raise ValueError(
                f"plan {sy}: opening day {self.opening_days[0].day.isoformat()} "
                f"is not in July-September {sy.start}"
            )

    def with_reviews(
        self,
        *,
        semester_1_review: dt.date | None = None,
        year_end_review: dt.date | None = None,
    ) -> SchoolYearPlan:
        """The same plan with the school's own sơ kết HK I / tổng kết dates."""
        return dataclasses.replace(
            self,
            semester_1_review=semester_1_review or self.semester_1_review,
            year_end_review=year_end_review or self.year_end_review,
        )

    def for_grades(self, grade_levels: Iterable[int]) -> tuple[OpeningDay, ...]:
        """The opening days that concern a school teaching ``grade_levels``."""
        levels = frozenset(grade_levels)
        return tuple(o for o in self.opening_days if o.grade_levels & levels)

    def opening_day_for(self, grade_level: int) -> dt.date:
        """The opening day of one grade level."""
        for o in self.opening_days:
            if grade_level in o.grade_levels:
                return o.day
        raise CalendarDataError(
            f"plan {self.school_year} has no opening day for grade {grade_level}"
        )


def semester_of(plan: SchoolYearPlan, day: dt.date) -> Semester | None:
    """The semester ``day`` falls in under ``plan``, or ``None`` (holidays between, summer)."""
    check_date(day, "day")
    if plan.semester_1[0] <= day <= plan.semester_1[1]:
        return Semester.ONE
    if plan.semester_2[0] <= day <= plan.semester_2[1]:
        return Semester.TWO
    return None


def teaching_week(plan: SchoolYearPlan, day: dt.date) -> int | None:
    """Teaching week number (tuần học) of ``day``: 1 is the week (Mon–Sun) semester I starts in.

    Weeks whose Monday-to-Friday lie wholly in the students' Tết break are not teaching
    weeks and are not numbered (``None``); nor are days outside both semesters. This is the
    SDK's convention — a school that numbers weeks differently passes its own plan.
    """
    check_date(day, "day")
    if semester_of(plan, day) is None:
        return None
    first_monday = plan.semester_1[0] - dt.timedelta(days=plan.semester_1[0].weekday())
    monday = day - dt.timedelta(days=day.weekday())

    def is_break_week(m: dt.date) -> bool:
        if plan.tet_break is None:
            return False
        lo, hi = plan.tet_break
        return lo <= m and m + dt.timedelta(days=4) <= hi

    if is_break_week(monday):
        return None
    weeks = (monday - first_monday).days // 7 + 1
    skipped = sum(
        1 for k in range(weeks - 1) if is_break_week(first_monday + dt.timedelta(weeks=k))
    )
    return weeks - skipped


# --------------------------------------------------------------------------- MOET


@dataclass(frozen=True, slots=True)
class MoetFramework:
    """MOET yearly framework (Khung kế hoạch thời gian năm học của Bộ GD&ĐT)."""

    school_year: SchoolYear
    decision: Citation
    earliest_opening: tuple[OpeningDay, ...]
    term_start: dt.date
    semester_1_end: FixedBound
    programme_end: FixedBound
    year_end: FixedBound
    thcs_graduation: FixedBound
    intake: FixedBound
    graduation_exam: tuple[dt.date, dt.date] | None = None
    estimated: bool = False


def _before(y: int, m: int, d: int) -> FixedBound:
    return FixedBound(dt.date(y, m, d), BoundReading.EXCLUSIVE)


def _by(y: int, m: int, d: int) -> FixedBound:
    return FixedBound(dt.date(y, m, d), BoundReading.INCLUSIVE)


def _moet(
    label: str,
    decision: Citation,
    opening: tuple[OpeningDay, ...],
    bounds: tuple[
        tuple[int, int], tuple[int, int], tuple[int, int], tuple[int, int], tuple[int, int]
    ],
    exam: tuple[dt.date, dt.date] | None = None,
    *,
    estimated: bool = False,
) -> MoetFramework:
    sy = SchoolYear.parse(label)
    (m1, d1), (m2, d2), (m3, d3), (m4, d4), (m5, d5) = bounds
    return MoetFramework(
        sy,
        decision,
        opening,
        dt.date(sy.start, 9, 5),
        _before(sy.end, m1, d1),
        _before(sy.end, m2, d2),
        _before(sy.end, m3, d3),
        _before(sy.end, m4, d4),
        _before(sy.end, m5, d5),
        exam,
        estimated=estimated,
    )


def _od(y: int, m: int, d: int, grades: Iterable[int] = SECONDARY_GRADES) -> OpeningDay:
    return OpeningDay(dt.date(y, m, d), frozenset(grades))


_THCS_THPT = (6, 7, 8, 10, 11)

MOET_FRAMEWORKS: dict[str, MoetFramework] = {
    f.school_year.label: f
    for f in (
        _moet(
            "2019-2020",
            Citation(
                "Quyết định 736/QĐ-BGDĐT",
                note="13/3/2020, thay 514/QĐ-BGDĐT (22/2/2020) điều chỉnh khung năm học 2019-2020",
            ),
            (_od(2019, 8, 1),),
            ((1, 20), (7, 11), (7, 15), (7, 31), (8, 15)),
        ),
        _moet(
            "2020-2021",
            Citation("Quyết định 2084/QĐ-BGDĐT", note="27/7/2020"),
            (_od(2020, 9, 1),),
            ((1, 16), (5, 25), (5, 31), (6, 15), (7, 31)),
        ),
        _moet(
            "2021-2022",
            Citation("Quyết định 2551/QĐ-BGDĐT", note="04/8/2021"),
            (_od(2021, 9, 1),),
            ((1, 16), (5, 25), (5, 31), (6, 30), (7, 31)),
        ),
        _moet(
            "2022-2023",
            Citation("Quyết định của Bộ GD&ĐT ngày 05/8/2022", note="số quyết định chưa xác nhận"),
            (_od(2022, 8, 29),),
            ((1, 15), (5, 25), (5, 31), (6, 30), (7, 31)),
        ),
        _moet(
            "2023-2024",
            Citation("Quyết định 2171/QĐ-BGDĐT", note="28/7/2023"),
            (_od(2023, 8, 29),),
            ((1, 15), (5, 25), (5, 31), (6, 30), (7, 31)),
            (dt.date(2024, 6, 26), dt.date(2024, 6, 29)),
        ),
        _moet(
            "2024-2025",
            Citation("Quyết định 2045/QĐ-BGDĐT", note="01/8/2024"),
            (_od(2024, 8, 29),),
            ((1, 18), (5, 31), (5, 31), (6, 30), (7, 31)),
            (dt.date(2025, 6, 26), dt.date(2025, 6, 27)),
        ),
        _moet(
            "2025-2026",
            Citation("Quyết định 2269/QĐ-BGDĐT", note="8-11/8/2025"),
            (_od(2025, 8, 22, (9, 12)), _od(2025, 8, 29, _THCS_THPT)),
            ((1, 18), (5, 31), (5, 31), (6, 30), (7, 31)),
            (dt.date(2026, 6, 11), dt.date(2026, 6, 12)),
        ),
        _moet(
            "2026-2027",
            Citation(
                "Khung kế hoạch thời gian năm học 2026-2027 (chưa ban hành)",
                note="SDK ước tính theo khung 2025-2026 / SDK estimate from the 2025-26 framework",
            ),
            (_od(2026, 8, 22, (9, 12)), _od(2026, 8, 29, _THCS_THPT)),
            ((1, 18), (5, 31), (5, 31), (6, 30), (7, 31)),
            estimated=True,
        ),
    )
}
"""MOET frameworks by school-year label. 2022-23 earliest opening: "1 week before khai giảng"."""


def moet_framework(school_year: str | SchoolYear) -> MoetFramework:
    """The MOET framework of ``school_year`` (2026-27 is an SDK estimate).

    >>> moet_framework("2024-2025").decision.instrument
    'Quyết định 2045/QĐ-BGDĐT'
    """
    label = SchoolYear.parse(school_year).label
    try:
        return MOET_FRAMEWORKS[label]
    except KeyError:
        raise CalendarDataError(
            f"no MOET framework for {label}: built-in data cover 2019-2020 to 2026-2027"
        ) from None


# --------------------------------------------------------------------------- HCMC

_HCMC_VI, _HCMC_EN = "UBND Thành phố Hồ Chí Minh", "Ho Chi Minh City People's Committee"


def _hcmc(
    label: str,
    source: Citation,
    opening: tuple[OpeningDay, ...],
    semester_1: tuple[dt.date, dt.date],
    semester_2: tuple[dt.date, dt.date],
    year_end: FixedBound,
    tet: tuple[dt.date, dt.date] | None,
    *,
    inferred: tuple[str, ...] = (),
    estimated: bool = False,
) -> SchoolYearPlan:
    sy = SchoolYear.parse(label)
    return SchoolYearPlan(
        sy,
        _HCMC_VI,
        _HCMC_EN,
        source,
        opening,
        dt.date(sy.start, 9, 5),
        semester_1,
        semester_2,
        year_end,
        tet,
        estimated=estimated,
        inferred=inferred,
    )


_d = dt.date

HCMC_PLANS: dict[str, SchoolYearPlan] = {
    p.school_year.label: p
    for p in (
        _hcmc(
            "2019-2020",
            Citation(
                "Kế hoạch thời gian năm học 2019-2020 của UBND TP. Hồ Chí Minh",
                note="ban hành 02/7/2019, số chưa tìm thấy; điều chỉnh 5/2020 theo QĐ 736/QĐ-BGDĐT",
            ),
            (_od(2019, 8, 19),),
            (_d(2019, 8, 19), _d(2020, 1, 3)),
            (_d(2020, 1, 6), _d(2020, 7, 10)),
            _before(2020, 7, 15),
            (_d(2020, 1, 20), _d(2020, 2, 2)),
        ),
        _hcmc(
            "2020-2021",
            Citation(
                "Kế hoạch thời gian năm học 2020-2021 của UBND TP. Hồ Chí Minh",
                note="ký 04/8/2020, số chưa tìm thấy",
            ),
            (_od(2020, 9, 1),),
            (_d(2020, 9, 7), _d(2021, 1, 9)),
            (_d(2021, 1, 11), _d(2021, 5, 22)),
            _by(2021, 5, 29),
            (_d(2021, 2, 8), _d(2021, 2, 16)),
        ),
        _hcmc(
            "2021-2022",
            Citation("Quyết định 2999/QĐ-UBND", note="UBND TP. Hồ Chí Minh, 18/8/2021"),
            (_od(2021, 9, 1),),
            (_d(2021, 9, 6), _d(2022, 1, 15)),
            (_d(2022, 1, 17), _d(2022, 5, 28)),
            _by(2022, 5, 31),
            (_d(2022, 1, 29), _d(2022, 2, 6)),
        ),
        _hcmc(
            "2022-2023",
            Citation(
                "Kế hoạch thời gian năm học 2022-2023 của UBND TP. Hồ Chí Minh",
                note="ban hành 10/8/2022, số chưa tìm thấy",
            ),
            (_od(2022, 8, 22),),
            (_d(2022, 9, 5), _d(2023, 1, 14)),
            (_d(2023, 1, 16), _d(2023, 5, 20)),
            _by(2023, 5, 26),
            (_d(2023, 1, 18), _d(2023, 1, 26)),
        ),
        _hcmc(
            "2023-2024",
            Citation(
                "Kế hoạch thời gian năm học 2023-2024 của UBND TP. Hồ Chí Minh",
                note="ban hành 05/8/2023, số chưa tìm thấy",
            ),
            (_od(2023, 8, 28),),
            (_d(2023, 9, 5), _d(2024, 1, 13)),
            (_d(2024, 1, 15), _d(2024, 5, 25)),
            _by(2024, 5, 31),
            (_d(2024, 2, 5), _d(2024, 2, 18)),
        ),
        _hcmc(
            "2024-2025",
            Citation(
                "Kế hoạch thời gian năm học 2024-2025 của UBND TP. Hồ Chí Minh",
                note="ban hành 08/8/2024, số chưa tìm thấy; Tết điều chỉnh 12/12/2024",
            ),
            (_od(2024, 8, 26),),
            (_d(2024, 9, 5), _d(2025, 1, 11)),
            (_d(2025, 1, 13), _d(2025, 5, 30)),
            _before(2025, 5, 31),
            (_d(2025, 1, 23), _d(2025, 2, 2)),
            inferred=("semester_1", "semester_2"),
        ),
        _hcmc(
            "2025-2026",
            Citation(
                "Kế hoạch thời gian năm học 2025-2026 của UBND TP. Hồ Chí Minh",
                note="ban hành 14/8/2025, số chưa tìm thấy; Tết theo đề xuất của Sở 18/12/2025",
            ),
            (_od(2025, 8, 20, (9, 12)), _od(2025, 8, 25, _THCS_THPT)),
            (_d(2025, 9, 5), _d(2026, 1, 17)),
            (_d(2026, 1, 19), _d(2026, 5, 30)),
            _before(2026, 5, 31),
            (_d(2026, 2, 12), _d(2026, 2, 22)),
            inferred=("semester_1", "semester_2"),
        ),
        _hcmc(
            "2026-2027",
            Citation(
                "Kế hoạch thời gian năm học 2026-2027 của UBND TP. Hồ Chí Minh (chưa ban hành)",
                note="SDK ước tính theo kế hoạch 2025-2026 / SDK estimate from the 2025-26 plan",
            ),
            (_od(2026, 8, 20, (9, 12)), _od(2026, 8, 24, _THCS_THPT)),
            (_d(2026, 9, 5), _d(2027, 1, 16)),
            (_d(2027, 1, 18), _d(2027, 5, 29)),
            _before(2027, 5, 31),
            None,
            inferred=("opening_days", "semester_1", "semester_2", "year_end"),
            estimated=True,
        ),
    )
}
"""Ho Chi Minh City plans (lower and upper secondary) by school-year label."""

_PROVINCES = {"hcmc": HCMC_PLANS, "79": HCMC_PLANS, "thành phố hồ chí minh": HCMC_PLANS}


def school_year_plan(school_year: str | SchoolYear, province: str = "hcmc") -> SchoolYearPlan:
    """The built-in plan of ``province`` (``"hcmc"`` / ``"79"``) for ``school_year``.

    >>> school_year_plan("2023-2024").opening_days[0].day
    datetime.date(2023, 8, 28)
    """
    label = SchoolYear.parse(school_year).label
    plans = _PROVINCES.get(province.strip().casefold())
    if plans is None:
        raise CalendarDataError(
            f"no built-in school-year plans for province {province!r}: "
            "only Ho Chi Minh City ('hcmc') is built in; pass your own SchoolYearPlan"
        )
    try:
        return plans[label]
    except KeyError:
        raise CalendarDataError(
            f"no {province} plan for {label}: built-in plans cover 2019-2020 to 2026-2027"
        ) from None
