"""Calendar rows (Dòng dữ liệu lịch): one day off, day in lieu, swapped day or make-up working day.

A row is a fact with its source: the date, what kind of day it is, its name in Vietnamese
and English, the legal basis and the notice that fixed it, and whether the SDK only
*estimates* it (a year whose days the Prime Minister has not decided yet).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from vnschool_records._explain import Citation
from vnschool_records._text import nfc

__all__ = ["CalendarDay", "DayKind", "check_date"]


def check_date(value: object, what: str) -> dt.date:
    """Return ``value`` if it is a plain :class:`datetime.date`; raise ``TypeError`` otherwise.

    A ``datetime`` is a subclass of ``date``; accepting one silently would compare a
    moment with a day, so it is refused with a message that names the argument.

    >>> check_date(dt.date(2020, 6, 15), "as_of")
    datetime.date(2020, 6, 15)
    >>> check_date("2020-06-15", "as_of")
    Traceback (most recent call last):
    TypeError: as_of must be a datetime.date, not str ('2020-06-15')
    """
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(
            f"{what} must be a datetime.date, not {type(value).__name__} ({value!r})"
            + (
                "; use .date() on a timezone-aware datetime"
                if isinstance(value, dt.datetime)
                else ""
            )
        )
    return value


class DayKind(StrEnum):
    """Kind of calendar row (loại ngày)."""

    HOLIDAY = "holiday"
    """Ngày nghỉ lễ, tết — a holiday of Labor Code 2019 Art. 112(1) (2012 Code Art. 115(1))."""
    DAY_IN_LIEU = "day_in_lieu"
    """Ngày nghỉ bù — a holiday fell on the weekly rest day (Labor Code 2019 Art. 111(3))."""
    SWAP_DAY_OFF = "swap_day_off"
    """Ngày nghỉ hoán đổi — a weekday off for the public sector, worked on a Saturday instead."""
    MAKEUP_WORKDAY = "makeup_workday"
    """Ngày làm bù — a Saturday worked by the public sector in exchange for a swapped day."""

    @property
    def is_day_off(self) -> bool:
        """True for every kind except a make-up working day."""
        return self is not DayKind.MAKEUP_WORKDAY

    @property
    def public_sector_only(self) -> bool:
        """Swap days and make-up Saturdays bind public agencies only (not the Labor Code)."""
        return self in (DayKind.SWAP_DAY_OFF, DayKind.MAKEUP_WORKDAY)

    @property
    def label_vi(self) -> str:
        """Vietnamese label of the kind."""
        return {
            "holiday": "ngày nghỉ lễ, tết",
            "day_in_lieu": "ngày nghỉ bù",
            "swap_day_off": "ngày nghỉ hoán đổi",
            "makeup_workday": "ngày làm bù",
        }[self.value]

    @property
    def label_en(self) -> str:
        """English label of the kind."""
        return {
            "holiday": "public holiday",
            "day_in_lieu": "day off in lieu",
            "swap_day_off": "swapped day off",
            "makeup_workday": "make-up working day",
        }[self.value]


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """Calendar day (Ngày trong lịch làm việc): a day off or a make-up working day, with its source.

    Attributes:
        day: The date.
        kind: Holiday, day in lieu, swapped day off or make-up working day.
        name_vi: Name in Vietnamese (NFC).
        name_en: Name in English.
        sources: Legal basis first, then the notice that fixed the day, if any.
        estimated: True when the day is the SDK's estimate (not yet decided).

    >>> from vnschool_records._explain import Citation
    >>> row = CalendarDay(dt.date(2026, 1, 2), DayKind.SWAP_DAY_OFF, "Nghỉ hoán đổi",
    ...                   "Swapped day off", (Citation("Công văn 12729/VPCP-KGVX"),))
    >>> row.kind.is_day_off, row.describe("en")
    (True, 'Fri 02/01/2026: Swapped day off (swapped day off; Official letter 12729/VPCP-KGVX)')
    """

    day: dt.date
    kind: DayKind
    name_vi: str
    name_en: str
    sources: tuple[Citation, ...]
    estimated: bool = False

    def __post_init__(self) -> None:
        check_date(self.day, "CalendarDay.day")
        object.__setattr__(self, "kind", DayKind(self.kind))  # accepts the plain string too
        if not self.name_vi.strip() or not self.name_en.strip():
            raise ValueError(f"calendar row {self.day.isoformat()}: both names are required")
        if not self.sources:
            raise ValueError(f"calendar row {self.day.isoformat()}: a source is required")
        object.__setattr__(self, "name_vi", nfc(self.name_vi.strip()))
        object.__setattr__(self, "sources", tuple(self.sources))

    def name(self, lang: str = "vi") -> str:
        """The name in ``lang``."""
        return self.name_en if lang == "en" else self.name_vi

    def describe(self, lang: str = "vi") -> str:
        """One line: weekday, date, name, kind and sources (``"(dự kiến)"`` if estimated)."""
        wd = weekday_name(self.day, lang)
        kind = self.kind.label_en if lang == "en" else self.kind.label_vi
        srcs = "; ".join(c.format("en" if lang == "en" else "vi") for c in self.sources)
        est = ""
        if self.estimated:
            est = ", estimated" if lang == "en" else ", dự kiến"
        return f"{wd} {self.day:%d/%m/%Y}: {self.name(lang)} ({kind}{est}; {srcs})"


_WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def weekday_name(day: dt.date, lang: str = "vi") -> str:
    """``"Thứ Hai"`` … ``"Chủ nhật"`` (vi) or ``"Mon"`` … ``"Sun"`` (en).

    >>> weekday_name(dt.date(2023, 9, 4)), weekday_name(dt.date(2023, 9, 4), "en")
    ('Thứ Hai', 'Mon')
    """
    return (_WEEKDAYS_EN if lang == "en" else _WEEKDAYS_VI)[day.weekday()]


def format_day(day: dt.date, lang: str = "vi") -> str:
    """``"Thứ Ba 05/09/2023"`` or ``"Tue 05/09/2023"`` — the form used in explanations."""
    return f"{weekday_name(day, lang)} {day:%d/%m/%Y}"
