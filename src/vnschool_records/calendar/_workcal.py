"""Working calendars (Lịch làm việc): which days are working days, and why a day is not.

Two modes, each a :class:`WorkCalendar`:

* :meth:`WorkCalendar.labor_code` — the holidays of Bộ luật Lao động 45/2019/QH14 Art. 112(1)
  (10/2012/QH13 Art. 115(1) before 2021) and the days in lieu of Art. 111(3);
* :meth:`WorkCalendar.public_sector` — that plus the government's yearly swap days and
  make-up working Saturdays, which bind public agencies (and so public schools).

Both read the SDK's cited table for 2019–2027 and fall back to the ``holidays`` package
(Vietnamese lunar tables, UTC+7) for other years, marking those rows ``estimated``.
``holidays`` is imported lazily, only when such a year is asked for.

>>> import datetime as dt
>>> pub, lab = WorkCalendar.public_sector(), WorkCalendar.labor_code()
>>> pub.is_working_day(dt.date(2026, 1, 2)), lab.is_working_day(dt.date(2026, 1, 2))
(False, True)
>>> pub.is_working_day(dt.date(2026, 1, 10)), lab.is_working_day(dt.date(2026, 1, 10))
(True, False)
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from vnschool_records._explain import Citation
from vnschool_records.calendar._holiday_data import BUILTIN_DAYS, DATA_YEARS, TET_DATES
from vnschool_records.calendar._rows import CalendarDay, DayKind, check_date, format_day
from vnschool_records.errors import CalendarDataError

__all__ = [
    "CalendarMode",
    "NonWorkingDay",
    "WorkCalendar",
    "default_calendar",
    "holidays_in",
    "is_working_day",
    "lunar_new_year",
    "working_days_between",
]

_FIRST_YEAR, _LAST_YEAR = 1975, 2100


class CalendarMode(StrEnum):
    """Which days off count: the Labor Code's, or the public sector's (with swap days)."""

    LABOR_CODE = "labor_code"
    PUBLIC_SECTOR = "public_sector"

    @property
    def label_vi(self) -> str:
        """Vietnamese description of the mode."""
        if self is CalendarMode.LABOR_CODE:
            return "lịch theo Bộ luật Lao động (ngày lễ, tết và nghỉ bù)"
        return "lịch khu vực công (ngày lễ, tết, nghỉ bù, ngày hoán đổi và làm bù)"

    @property
    def label_en(self) -> str:
        """English description of the mode."""
        if self is CalendarMode.LABOR_CODE:
            return "Labor Code calendar (holidays and days in lieu)"
        return "public-sector calendar (holidays, days in lieu, swap days and make-up Saturdays)"


@dataclass(frozen=True, slots=True)
class NonWorkingDay:
    """Non-working day (Ngày không làm việc): a date and why — the weekend or a calendar row."""

    day: dt.date
    row: CalendarDay | None

    @property
    def is_weekend(self) -> bool:
        """True when the day is off only because it is the weekly rest day."""
        return self.row is None

    def describe(self, lang: str = "vi") -> str:
        """``"Chủ nhật 28/02/2021: ngày nghỉ cuối tuần"`` or the row's description."""
        if self.row is not None:
            return self.row.describe(lang)
        what = "weekend" if lang == "en" else "ngày nghỉ cuối tuần"
        return f"{format_day(self.day, lang)}: {what}"


def _basis_name(year: int) -> str:
    if year >= 2021:
        return "Bộ luật Lao động 45/2019/QH14"
    if year >= 2013:
        return "Bộ luật Lao động 10/2012/QH13"
    return "Bộ luật Lao động"


@functools.lru_cache(maxsize=256)
def _fallback_rows(year: int) -> tuple[CalendarDay, ...]:
    """Rows for a year outside the table, from ``holidays`` (imported here, lazily)."""
    import holidays  # lazy: heavy-ish; only for years outside the SDK table

    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise CalendarDataError(f"no holiday data for {year}: supported years are 1975-2100")
    vi = holidays.country_holidays("VN", years=year, language="vi")
    en = holidays.country_holidays("VN", years=year, language="en_US")
    source = Citation(
        _basis_name(year),
        note="tính bằng gói holidays, chưa đối chiếu thông báo hằng năm / "
        "computed with the holidays package, not checked against the yearly notice",
    )
    rows: list[CalendarDay] = []
    for day in sorted(vi):
        name_vi = str(vi[day])
        name_en = str(en.get(day, name_vi))
        if "Văn hóa Việt Nam" in name_vi:
            continue  # 24/11: not a legal holiday yet (see _holiday_data)
        if name_vi.startswith("Ngày nghỉ (thay cho"):
            kind = DayKind.SWAP_DAY_OFF
        elif "nghỉ bù" in name_vi:
            kind = DayKind.DAY_IN_LIEU
        else:
            kind = DayKind.HOLIDAY
        rows.append(CalendarDay(day, kind, name_vi, name_en, (source,), estimated=True))
    return tuple(rows)


def lunar_new_year(year: int) -> dt.date:
    """Tết (mùng 1 tháng Giêng) in the Vietnamese lunar calendar (UTC+7), not the Chinese one.

    The two calendars differ in some years (1985: 21/01 vs 20/02; 2007: 17/02 vs 18/02;
    2030: 02/02 vs 03/02). The SDK table covers 2019–2027; other years come from the
    ``holidays`` package's Vietnamese lunar tables.

    >>> lunar_new_year(2025), lunar_new_year(1985)
    (datetime.date(2025, 1, 29), datetime.date(1985, 1, 21))
    """
    if year in TET_DATES:
        return TET_DATES[year]
    import holidays  # lazy: only for years outside the SDK table

    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise CalendarDataError(f"no lunar calendar data for {year}: supported years 1975-2100")
    en = holidays.country_holidays("VN", years=year, language="en_US")
    for day, name in en.items():
        if str(name) == "Lunar New Year":
            return day
    raise CalendarDataError(f"the holidays package has no Lunar New Year for {year}")


class WorkCalendar:
    """Working calendar (Lịch làm việc): weekends, holidays, days in lieu and swap days.

    Build one with :meth:`labor_code` or :meth:`public_sector`. ``extra`` rows are added
    and replace a built-in row on the same date (a province's own day off, a make-up
    Saturday, 24/11 before it becomes law); ``remove`` drops built-in rows by date.

    >>> cal = WorkCalendar.public_sector()
    >>> [r.day.isoformat() for r in cal.holidays_in(2023) if r.day.month == 9]
    ['2023-09-01', '2023-09-02', '2023-09-04']
    >>> cal.next_working_day(dt.date(2023, 9, 2))
    datetime.date(2023, 9, 5)
    """

    __slots__ = ("_cache", "_extra", "_remove", "_weekend", "mode")

    def __init__(
        self,
        mode: CalendarMode | str = CalendarMode.PUBLIC_SECTOR,
        *,
        extra: Iterable[CalendarDay] = (),
        remove: Iterable[dt.date] = (),
        weekend: Iterable[int] = (5, 6),
    ) -> None:
        self.mode = CalendarMode(mode)
        extras: dict[dt.date, CalendarDay] = {}
        for i, row in enumerate(extra):
            if not isinstance(row, CalendarDay):
                raise TypeError(f"extra[{i}] must be a CalendarDay, not {type(row).__name__}")
            extras[row.day] = row
        self._extra = extras
        self._remove = frozenset(check_date(d, "remove[]") for d in remove)
        days = frozenset(weekend)
        if not days <= set(range(7)) or len(days) > 2:
            raise ValueError(f"weekend must be at most two weekday numbers 0-6, not {sorted(days)}")
        self._weekend = days
        self._cache: dict[int, dict[dt.date, CalendarDay]] = {}

    @classmethod
    def labor_code(
        cls, extra: Iterable[CalendarDay] = (), *, remove: Iterable[dt.date] = ()
    ) -> WorkCalendar:
        """Labor Code 2019 Art. 112 holidays + Art. 111(3) days in lieu (no swap days)."""
        return cls(CalendarMode.LABOR_CODE, extra=extra, remove=remove)

    @classmethod
    def public_sector(
        cls, extra: Iterable[CalendarDay] = (), *, remove: Iterable[dt.date] = ()
    ) -> WorkCalendar:
        """The Labor Code days plus the government's swap days and make-up Saturdays."""
        return cls(CalendarMode.PUBLIC_SECTOR, extra=extra, remove=remove)

    def __repr__(self) -> str:
        extra, remove = len(self._extra), len(self._remove)
        return f"WorkCalendar({self.mode.value!r}, extra={extra}, remove={remove})"

    # ------------------------------------------------------------------ rows
    def _year(self, year: int) -> dict[dt.date, CalendarDay]:
        rows = self._cache.get(year)
        if rows is None:
            base = (
                [r for r in BUILTIN_DAYS if r.day.year == year]
                if year in DATA_YEARS
                else list(_fallback_rows(year))
            )
            rows = {}
            for row in base:
                if self.mode is CalendarMode.LABOR_CODE and row.kind.public_sector_only:
                    continue
                rows.setdefault(row.day, row)
            for day in self._remove:
                if day.year == year:
                    rows.pop(day, None)
            for day, row in self._extra.items():
                if day.year == year:
                    rows[day] = row
            self._cache[year] = rows
        return rows

    def row(self, day: dt.date) -> CalendarDay | None:
        """The calendar row for ``day`` (holiday, day in lieu, swap or make-up day), if any."""
        check_date(day, "day")
        return self._year(day.year).get(day)

    def holidays_in(self, year: int) -> tuple[CalendarDay, ...]:
        """Every row of ``year`` in this mode, by date (days off and make-up working days)."""
        rows = self._year(year)
        return tuple(rows[d] for d in sorted(rows))

    def is_estimated(self, year: int) -> bool:
        """True if any row of ``year`` is an estimate (not yet decided)."""
        return any(r.estimated for r in self._year(year).values())

    # ------------------------------------------------------------------ days
    def non_working(self, day: dt.date) -> NonWorkingDay | None:
        """Why ``day`` is not a working day, or ``None`` if it is one."""
        row = self.row(day)
        if row is not None:
            return None if row.kind is DayKind.MAKEUP_WORKDAY else NonWorkingDay(day, row)
        if day.weekday() in self._weekend:
            return NonWorkingDay(day, None)
        return None

    def is_working_day(self, day: dt.date) -> bool:
        """True if ``day`` is a working day in this calendar."""
        return self.non_working(day) is None

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the first working day after it."""
        check_date(day, "day")
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def previous_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the last working day before it."""
        check_date(day, "day")
        while not self.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days ``d`` with ``start < d <= end``; negative if ``end`` is before ``start``.

        The first day is not counted, as in Civil Code Art. 147(2), so a deadline due on
        the next working day is "1 working day left".
        """
        check_date(start, "start")
        check_date(end, "end")
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start + dt.timedelta(days=1)
        while day <= end:
            count += self.is_working_day(day)
            day += dt.timedelta(days=1)
        return count

    def longest_non_working_run(self, first_year: int, last_year: int) -> int:
        """The longest run of consecutive non-working days within the years given."""
        best = run = 0
        day = dt.date(first_year, 1, 1)
        stop = dt.date(last_year, 12, 31)
        while day <= stop:
            run = 0 if self.is_working_day(day) else run + 1
            best = max(best, run)
            day += dt.timedelta(days=1)
        return best


@functools.lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    """The calendar used when none is given: the public sector's (schools are public units)."""
    return WorkCalendar.public_sector()


def is_working_day(day: dt.date, calendar: WorkCalendar | None = None) -> bool:
    """True if ``day`` is a working day (default: the public-sector calendar).

    >>> is_working_day(dt.date(2023, 9, 4)), is_working_day(dt.date(2023, 9, 5))
    (False, True)
    """
    return (calendar or default_calendar()).is_working_day(day)


def working_days_between(start: dt.date, end: dt.date, calendar: WorkCalendar | None = None) -> int:
    """Working days after ``start`` up to and including ``end`` (see :class:`WorkCalendar`).

    >>> working_days_between(dt.date(2025, 1, 24), dt.date(2025, 2, 3))
    1
    """
    return (calendar or default_calendar()).working_days_between(start, end)


def holidays_in(year: int, calendar: WorkCalendar | None = None) -> tuple[CalendarDay, ...]:
    """Every day off (and make-up working day) of ``year``, each with names and sources."""
    return (calendar or default_calendar()).holidays_in(year)
