"""Periods (Thời hạn): the Civil Code's way of counting days, weeks, months and years.

Bộ luật Dân sự 91/2015/QH13, Chương X:

* Art. 147(2)–(3): the start day (or the day of the event) is not counted;
* Art. 148(1)–(4): a period of days ends with its last day; of weeks, on the corresponding
  weekday of the last week; of months, on the corresponding day of the last month, or the
  last day of that month if it has none; of years, on the corresponding day and month;
* Art. 148(5): if the last day is a weekend day or a holiday, the period ends at the end of
  the next working day. Only the end moves — days off inside the period are not skipped.
* Art. 148(6): the last day ends at 24:00.

A fixed bound ("trước ngày X", "trong ngày X") is not a period: nothing is counted and
Art. 148(5) does not move it. :class:`FixedBound` makes its reading explicit.

>>> import datetime as dt
>>> period_end(dt.date(2023, 8, 28), weeks=1)   # Mon 4/9/2023 is Quốc khánh's day in lieu
datetime.date(2023, 9, 5)
>>> period_end(dt.date(2021, 1, 31), months=1)  # raw end 28/02/2021 is a Sunday
datetime.date(2021, 3, 1)
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from vnschool_records._explain import Citation, Explained, Explanation, Step
from vnschool_records.calendar._rows import check_date, format_day
from vnschool_records.calendar._workcal import NonWorkingDay, WorkCalendar, default_calendar
from vnschool_records.errors import PolicyOptionError

__all__ = [
    "CIVIL_CODE",
    "BoundReading",
    "FixedBound",
    "Period",
    "PeriodEnd",
    "period_end",
    "period_end_explained",
]

CIVIL_CODE = "Bộ luật Dân sự 91/2015/QH13"

CITE_START = Citation(CIVIL_CODE, article=147, clause="2")
CITE_EVENT = Citation(CIVIL_CODE, article=147, clause="3")
CITE_END_DAYS = Citation(CIVIL_CODE, article=148, clause="1")
CITE_END_WEEKS = Citation(CIVIL_CODE, article=148, clause="2")
CITE_END_MONTHS = Citation(CIVIL_CODE, article=148, clause="3")
CITE_END_YEARS = Citation(CIVIL_CODE, article=148, clause="4")
CITE_ROLL = Citation(CIVIL_CODE, article=148, clause="5")
CITE_MIDNIGHT = Citation(CIVIL_CODE, article=148, clause="6")
CITE_DEFAULT = Citation(CIVIL_CODE, article=145, clause="1")
CITE_PERIOD = Citation(CIVIL_CODE, article=144)


@dataclass(frozen=True, slots=True)
class Period:
    """Period (Thời hạn): a number of days, weeks, months and years (Civil Code Art. 144).

    >>> Period(weeks=1).describe("vi"), Period(months=1, days=2).describe("en")
    ('1 tuần', '1 month 2 days')
    """

    days: int = 0
    weeks: int = 0
    months: int = 0
    years: int = 0

    def __post_init__(self) -> None:
        values = {
            "days": self.days,
            "weeks": self.weeks,
            "months": self.months,
            "years": self.years,
        }
        for name, value in values.items():
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"{name} must be an int, not {type(value).__name__}")
            if value < 0:
                raise PolicyOptionError(f"{name}={value}: a period cannot be negative")
        if not any(values.values()):
            raise PolicyOptionError("a period needs at least one of days, weeks, months, years")

    def raw_end(self, start: dt.date) -> dt.date:
        """The last day before any roll (Art. 147(2), 148(1)–(4)).

        Years and months first (clamped to the last day of a short month, Art. 148(3)),
        then weeks and days.
        """
        total = start.month - 1 + self.months + 12 * self.years
        year, month = start.year + total // 12, total % 12 + 1
        day = min(start.day, monthrange(year, month)[1])
        return dt.date(year, month, day) + dt.timedelta(days=self.days + 7 * self.weeks)

    def describe(self, lang: str = "vi") -> str:
        """``"1 tuần"`` / ``"1 week"``; parts joined from years down to days."""
        names_vi = (("years", "năm"), ("months", "tháng"), ("weeks", "tuần"), ("days", "ngày"))
        names_en = (("years", "year"), ("months", "month"), ("weeks", "week"), ("days", "day"))
        parts = []
        for attr, word in names_en if lang == "en" else names_vi:
            n = getattr(self, attr)
            if n:
                plural = "s" if lang == "en" and n != 1 else ""
                parts.append(f"{n} {word}{plural}")
        return " ".join(parts)

    def citation(self) -> Citation:
        """The clause of Art. 148 that fixes where this period ends (the coarsest unit)."""
        if self.years:
            return CITE_END_YEARS
        if self.months:
            return CITE_END_MONTHS
        if self.weeks:
            return CITE_END_WEEKS
        return CITE_END_DAYS


def _weekday_step(start: dt.date) -> Step:
    return Step(f"Mốc: {format_day(start)}", f"Start: {format_day(start, 'en')}")


@dataclass(frozen=True, slots=True)
class PeriodEnd(Explained[dt.date]):
    """Period end (Ngày kết thúc thời hạn): the date, the raw end and each day it moved over.

    ``value`` is the last day (the period ends at 24:00 of it, Art. 148(6)); ``raw_end`` is
    the end before Art. 148(5); ``moved_over`` lists the non-working days skipped, each with
    its reason (weekend, or a named holiday with its source).
    """

    start: dt.date = field(default=dt.date.min)
    period: Period = field(default_factory=lambda: Period(days=1))
    raw_end: dt.date = field(default=dt.date.min)
    moved_over: tuple[NonWorkingDay, ...] = ()
    mode_vi: str = ""
    mode_en: str = ""
    from_event: bool = False


def _explain_period(
    start: dt.date,
    period: Period,
    raw: dt.date,
    moved: tuple[NonWorkingDay, ...],
    end: dt.date,
    calendar: WorkCalendar,
    *,
    from_event: bool,
) -> Callable[[], Explanation]:
    def build() -> Explanation:
        first = start + dt.timedelta(days=1)
        steps = [
            _weekday_step(start),
            Step(
                f"Ngày {'xảy ra sự kiện' if from_event else 'bắt đầu'} không được tính; "
                f"thời hạn tính từ {format_day(first)}",
                f"The {'event' if from_event else 'start'} day is not counted; "
                f"the period runs from {format_day(first, 'en')}",
            ),
            Step(
                f"Thời hạn {period.describe('vi')} → ngày cuối cùng {format_day(raw)}",
                f"Period of {period.describe('en')} → last day {format_day(raw, 'en')}",
            ),
        ]
        if raw.day != start.day and (period.months or period.years) and not period.days:
            steps.append(
                Step(
                    "Tháng kết thúc không có ngày tương ứng: lấy ngày cuối cùng của tháng",
                    "The final month has no corresponding day: its last day is used",
                )
            )
        if moved:
            steps.extend(
                Step(f"Dời qua {m.describe('vi')}", f"Moved over {m.describe('en')}") for m in moved
            )
            steps.append(
                Step(
                    f"Ngày cuối cùng là ngày nghỉ: thời hạn kết thúc vào ngày làm việc tiếp theo, "
                    f"{format_day(end)}",
                    f"The last day is a day off: the period ends on the next working day, "
                    f"{format_day(end, 'en')}",
                )
            )
        else:
            steps.append(
                Step(
                    f"{format_day(end)} là ngày làm việc: không dời",
                    f"{format_day(end, 'en')} is a working day: no move",
                )
            )
        steps.append(
            Step(
                f"Kết thúc lúc 24 giờ ngày {end:%d/%m/%Y}; ngày nghỉ trong thời hạn vẫn được tính; "
                f"theo {calendar.mode.label_vi}",
                f"Ends at 24:00 on {end:%d/%m/%Y}; days off inside the period still count; "
                f"using the {calendar.mode.label_en}",
            )
        )
        cites = [CITE_PERIOD, CITE_DEFAULT, CITE_EVENT if from_event else CITE_START]
        cites.append(period.citation())
        if moved:
            cites.append(CITE_ROLL)
        cites.append(CITE_MIDNIGHT)
        return Explanation(
            f"Kết thúc thời hạn {period.describe('vi')} kể từ {start:%d/%m/%Y}",
            f"End of a {period.describe('en')} period from {start:%d/%m/%Y}",
            tuple(steps),
            tuple(cites),
        )

    return build


def period_end_explained(
    start: dt.date,
    *,
    days: int = 0,
    weeks: int = 0,
    months: int = 0,
    years: int = 0,
    calendar: WorkCalendar | None = None,
    from_event: bool = False,
) -> PeriodEnd:
    """Like :func:`period_end`, returning the date with its explanation and the raw end.

    >>> r = period_end_explained(dt.date(2025, 1, 18), weeks=1)
    >>> r.raw_end, r.value, len(r.moved_over)
    (datetime.date(2025, 1, 25), datetime.date(2025, 2, 3), 9)
    """
    check_date(start, "start")
    cal = calendar or default_calendar()
    period = Period(days=days, weeks=weeks, months=months, years=years)
    raw = period.raw_end(start)
    moved: list[NonWorkingDay] = []
    end = raw
    while (why := cal.non_working(end)) is not None:
        moved.append(why)
        end += dt.timedelta(days=1)
    moved_t = tuple(moved)
    return PeriodEnd(
        end,
        _explain_period(start, period, raw, moved_t, end, cal, from_event=from_event),
        start=start,
        period=period,
        raw_end=raw,
        moved_over=moved_t,
        mode_vi=cal.mode.label_vi,
        mode_en=cal.mode.label_en,
        from_event=from_event,
    )


def period_end(
    start: dt.date,
    *,
    days: int = 0,
    weeks: int = 0,
    months: int = 0,
    years: int = 0,
    calendar: WorkCalendar | None = None,
) -> dt.date:
    """Last day of a period counted from ``start`` (Civil Code 91/2015/QH13 Art. 147–148).

    The start day is not counted; weeks, months and years end on the corresponding day
    (the last day of a short month); an end on a weekend or holiday moves to the next
    working day of ``calendar`` (default: public sector). Use :func:`period_end_explained`
    for the account of how the date was reached.

    >>> period_end(dt.date(2024, 2, 29), years=1)
    datetime.date(2025, 2, 28)
    """
    return period_end_explained(
        start, days=days, weeks=weeks, months=months, years=years, calendar=calendar
    ).value


class BoundReading(StrEnum):
    """How a fixed bound is read (cách hiểu mốc cố định)."""

    EXCLUSIVE = "exclusive"
    """"trước ngày X" read strictly: the last permitted day is X − 1."""
    INCLUSIVE = "inclusive"
    """"trong ngày X", "đến hết ngày X", or "trước ngày X" read as "by X": X itself."""


_BOUND_WORDS = {
    BoundReading.EXCLUSIVE: ("trước ngày", "before"),
    BoundReading.INCLUSIVE: ("đến hết ngày", "by the end of"),
}


@dataclass(frozen=True, slots=True)
class FixedBound:
    """Fixed bound (Mốc thời gian cố định): "trước ngày X" or "trong ngày X", with its reading.

    Nothing is counted and Civil Code Art. 148(5) does not extend it: if the last permitted
    day is a day off, the bound stays there (the explanation names the last working day
    before it).

    >>> b = FixedBound(dt.date(2020, 6, 15))
    >>> b.last_day, FixedBound(dt.date(2020, 6, 15), BoundReading.INCLUSIVE).last_day
    (datetime.date(2020, 6, 14), datetime.date(2020, 6, 15))
    """

    day: dt.date
    reading: BoundReading = BoundReading.EXCLUSIVE

    def __post_init__(self) -> None:
        check_date(self.day, "FixedBound.day")
        object.__setattr__(self, "reading", BoundReading(self.reading))

    @property
    def last_day(self) -> dt.date:
        """The last permitted day under the reading."""
        if self.reading is BoundReading.EXCLUSIVE:
            return self.day - dt.timedelta(days=1)
        return self.day

    def with_reading(self, reading: BoundReading | str) -> FixedBound:
        """The same bound read another way."""
        return FixedBound(self.day, BoundReading(reading))

    def describe(self, lang: str = "vi") -> str:
        """``"trước ngày 15/06/2020"`` / ``"before 15/06/2020"``."""
        vi, en = _BOUND_WORDS[self.reading]
        return f"{en if lang == 'en' else vi} {self.day:%d/%m/%Y}"

    def explained(self, calendar: WorkCalendar | None = None) -> Explained[dt.date]:
        """The last permitted day with an account of the reading and of any day off."""
        cal = calendar or default_calendar()
        last = self.last_day

        def build() -> Explanation:
            if self.reading is BoundReading.EXCLUSIVE:
                steps = [
                    Step(
                        f'Mốc cố định "trước ngày {self.day:%d/%m/%Y}", hiểu chặt: '
                        f"ngày cuối cùng là {format_day(last)}",
                        f'Fixed bound "before {self.day:%d/%m/%Y}", strict reading: '
                        f"the last permitted day is {format_day(last, 'en')}",
                    )
                ]
            else:
                steps = [
                    Step(
                        f"Mốc cố định đến hết ngày {self.day:%d/%m/%Y}: "
                        f"ngày cuối cùng là {format_day(last)}",
                        f"Fixed bound by the end of {self.day:%d/%m/%Y}: "
                        f"the last permitted day is {format_day(last, 'en')}",
                    )
                ]
            steps.append(
                Step(
                    "Không phải thời hạn tính bằng ngày/tuần/tháng: không áp dụng dời ngày "
                    "theo khoản 5 Điều 148",
                    "Not a counted period: Art. 148(5) does not move it",
                )
            )
            why = cal.non_working(last)
            if why is not None:
                before = cal.previous_working_day(last)
                steps.append(
                    Step(
                        f"Lưu ý: {why.describe('vi')}; "
                        f"ngày làm việc cuối cùng là {format_day(before)}",
                        f"Note: {why.describe('en')}; the last working day is "
                        f"{format_day(before, 'en')}",
                    )
                )
            return Explanation(
                f"Mốc cố định {self.describe('vi')}",
                f"Fixed bound {self.describe('en')}",
                tuple(steps),
                (CITE_DEFAULT, CITE_ROLL),
            )

        return Explained(last, build)
