"""Holiday data 2019–2027 (Ngày nghỉ lễ, tết 2019–2027): the SDK's own, cited table.

Every day off, day in lieu, public-sector swap day and make-up Saturday from 2019 to 2027,
with its legal basis and — where the number is known — the notice that fixed it. This
table is authoritative for those years; outside them the calendar falls back to the
``holidays`` package (marked ``estimated``).

Where it differs from ``holidays`` 0.109 on purpose:

* Fri 02/01/2026 is a public-sector swap day (Công văn 12729/VPCP-KGVX, 25/12/2025);
  ``holidays`` does not have it.
* Make-up Saturdays (05/01/2019, 04/05/2019, 04/05/2024, 26/04/2025, 10/01/2026,
  22/08/2026) are working days for the public sector; ``holidays`` does not model them.
* 24/11 "Ngày Văn hóa Việt Nam" is **not** a legal holiday yet: Nghị quyết 80-NQ/TW and
  Nghị quyết 30/NQ-CP (2026) order the Labor Code to be amended, and no amendment was
  found. It is offered as :data:`PROPOSED_DAYS`, which a caller may add.
* 2027 is estimated from Art. 112 and 111(3): the Prime Minister has not fixed Tết or the
  day next to Quốc khánh.

Years 2019 and 2020 fall under Bộ luật Lao động 10/2012/QH13 (Art. 115: Quốc khánh one day);
from 01/01/2021 Bộ luật Lao động 45/2019/QH14 (Art. 112: Quốc khánh two days).
"""

from __future__ import annotations

import datetime as dt

from vnschool_records._explain import Citation
from vnschool_records.calendar._rows import CalendarDay, DayKind

__all__ = ["BUILTIN_DAYS", "DATA_YEARS", "ESTIMATED_YEARS", "PROPOSED_DAYS", "TET_DATES"]

DATA_YEARS = range(2019, 2028)
"""Years the SDK's own table covers."""

ESTIMATED_YEARS = frozenset({2027})
"""Years whose Tết and Quốc khánh days are not decided yet."""

_LC2012 = "Bộ luật Lao động 10/2012/QH13"
_LC2019 = "Bộ luật Lao động 45/2019/QH14"

# Art. 112(1) points of the 2019 Code; the 2012 Code Art. 115(1) lists the same days.
_POINTS = {"new_year": "a", "tet": "b", "apr30": "c", "may1": "d", "national": "đ", "hung": "e"}

_NAMES: dict[str, tuple[str, str]] = {
    "new_year": ("Tết Dương lịch", "New Year's Day"),
    "tet": ("Tết Âm lịch (Tết Nguyên Đán)", "Lunar New Year (Tết)"),
    "hung": ("Ngày Giỗ Tổ Hùng Vương (10/3 âm lịch)", "Hung Kings' Commemoration Day"),
    "apr30": ("Ngày Chiến thắng (30/4)", "Reunification Day (30 April)"),
    "may1": ("Ngày Quốc tế Lao động (01/5)", "International Labour Day (1 May)"),
    "national": ("Quốc khánh (02/9)", "National Day (2 September)"),
    "national_adjacent": ("Quốc khánh (ngày liền kề)", "National Day (adjacent day)"),
}


def _basis(year: int, key: str) -> Citation:
    if key == "national_adjacent":
        key = "national"
    if year <= 2020:
        return Citation(_LC2012, article=115, clause="1")
    return Citation(_LC2019, article=112, clause="1", point=_POINTS[key])


def _in_lieu_basis(year: int) -> Citation:
    if year <= 2020:
        return Citation(_LC2012, article=115, clause="3")
    return Citation(_LC2019, article=111, clause="3")


def _holiday(
    year: int, month: int, day: int, key: str, *notices: Citation, estimated: bool = False
) -> CalendarDay:
    vi, en = _NAMES[key]
    return CalendarDay(
        dt.date(year, month, day),
        DayKind.HOLIDAY,
        vi,
        en,
        (_basis(year, key), *notices),
        estimated=estimated,
    )


def _in_lieu(
    year: int, month: int, day: int, key: str, *notices: Citation, estimated: bool = False
) -> CalendarDay:
    vi, en = _NAMES[key]
    return CalendarDay(
        dt.date(year, month, day),
        DayKind.DAY_IN_LIEU,
        f"Nghỉ bù {vi}",
        f"Day off in lieu: {en}",
        (_in_lieu_basis(year), *notices),
        estimated=estimated,
    )


def _tet(
    days: tuple[dt.date, ...],
    in_lieu: tuple[dt.date, ...] = (),
    *notices: Citation,
    estimated: bool = False,
) -> list[CalendarDay]:
    rows = [_holiday(d.year, d.month, d.day, "tet", *notices, estimated=estimated) for d in days]
    rows.extend(
        _in_lieu(d.year, d.month, d.day, "tet", *notices, estimated=estimated) for d in in_lieu
    )
    return rows


def _swap(off: dt.date, worked: dt.date, notice: Citation) -> list[CalendarDay]:
    """A public-sector swap: ``off`` is a day off, Saturday ``worked`` is worked instead."""
    return [
        CalendarDay(
            off,
            DayKind.SWAP_DAY_OFF,
            f"Ngày nghỉ hoán đổi (làm bù thứ Bảy {worked:%d/%m/%Y})",
            f"Swapped day off (worked on Saturday {worked:%d/%m/%Y})",
            (notice,),
        ),
        CalendarDay(
            worked,
            DayKind.MAKEUP_WORKDAY,
            f"Ngày làm bù (cho ngày nghỉ {off:%d/%m/%Y})",
            f"Make-up working day (for the day off on {off:%d/%m/%Y})",
            (notice,),
        ),
    ]


def _d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


_CV_6519_2018 = Citation("Công văn 6519/VPCP-KGVX", note="2018; nghỉ lễ 2019 của khu vực công")
_CV_245_2022 = Citation("Công văn 245/VPCP-KGVX", note="Tết 2022")
_CV_2450_2024 = Citation("Công văn 2450/VPCP-KGVX", note="12/4/2024")
_CV_8726_2024 = Citation("Công văn 8726/VPCP-KGVX", note="26/11/2024; Tết 2025")
_TB_6150_2024 = Citation("Thông báo 6150/TB-BLĐTBXH", note="Tết 2025 và 30/4-01/5/2025")
_TB_9441_2025 = Citation("Thông báo 9441/TB-BNV", note="16/10/2025; Tết và Quốc khánh 2026")
_CV_12729_2025 = Citation("Công văn 12729/VPCP-KGVX", note="25/12/2025")
_ESTIMATE = Citation(
    _LC2019, article=112, clause="3", note="dự kiến; Thủ tướng chưa quyết định / not yet decided"
)


def _rows() -> tuple[CalendarDay, ...]:
    r: list[CalendarDay] = []
    # 2019 (Labor Code 2012; Quốc khánh one day).
    r.append(_holiday(2019, 1, 1, "new_year"))
    # The Monday 31/12/2018 swap was worked back on Saturday 05/01/2019.
    r.append(
        CalendarDay(
            _d(2019, 1, 5),
            DayKind.MAKEUP_WORKDAY,
            "Ngày làm bù (cho ngày nghỉ 31/12/2018)",
            "Make-up working day (for the day off on 31/12/2018)",
            (_CV_6519_2018,),
        )
    )
    r += _tet(tuple(_d(2019, 2, d) for d in (4, 5, 6, 7, 8)))
    r += [_holiday(2019, 4, 14, "hung"), _in_lieu(2019, 4, 15, "hung")]
    r += [_holiday(2019, 4, 30, "apr30"), _holiday(2019, 5, 1, "may1")]
    r += _swap(_d(2019, 4, 29), _d(2019, 5, 4), _CV_6519_2018)
    r.append(_holiday(2019, 9, 2, "national"))
    # 2020.
    r.append(_holiday(2020, 1, 1, "new_year"))
    r += _tet(
        tuple(_d(2020, 1, d) for d in (23, 24, 25, 26, 27)), (_d(2020, 1, 28), _d(2020, 1, 29))
    )
    r.append(_holiday(2020, 4, 2, "hung"))
    r += [_holiday(2020, 4, 30, "apr30"), _holiday(2020, 5, 1, "may1")]
    r.append(_holiday(2020, 9, 2, "national"))
    # 2021 (Labor Code 2019 in force: Quốc khánh two days).
    r.append(_holiday(2021, 1, 1, "new_year"))
    r += _tet(
        tuple(_d(2021, 2, d) for d in (10, 11, 12, 13, 14)), (_d(2021, 2, 15), _d(2021, 2, 16))
    )
    r.append(_holiday(2021, 4, 21, "hung"))
    r += [
        _holiday(2021, 4, 30, "apr30"),
        _holiday(2021, 5, 1, "may1"),
        _in_lieu(2021, 5, 3, "may1"),
    ]
    r += [_holiday(2021, 9, 2, "national"), _holiday(2021, 9, 3, "national_adjacent")]
    # 2022.
    r += [_holiday(2022, 1, 1, "new_year"), _in_lieu(2022, 1, 3, "new_year")]
    r += _tet((_d(2022, 1, 31), *(_d(2022, 2, d) for d in (1, 2, 3, 4))), (), _CV_245_2022)
    r += [_holiday(2022, 4, 10, "hung"), _in_lieu(2022, 4, 11, "hung")]
    r += [_holiday(2022, 4, 30, "apr30"), _holiday(2022, 5, 1, "may1")]
    r += [_in_lieu(2022, 5, 2, "apr30"), _in_lieu(2022, 5, 3, "may1")]
    r += [_holiday(2022, 9, 1, "national_adjacent"), _holiday(2022, 9, 2, "national")]
    # 2023.
    r += [_holiday(2023, 1, 1, "new_year"), _in_lieu(2023, 1, 2, "new_year")]
    r += _tet(
        tuple(_d(2023, 1, d) for d in (20, 21, 22, 23, 24)), (_d(2023, 1, 25), _d(2023, 1, 26))
    )
    r += [
        _holiday(2023, 4, 29, "hung"),
        _holiday(2023, 4, 30, "apr30"),
        _holiday(2023, 5, 1, "may1"),
    ]
    r += [_in_lieu(2023, 5, 2, "hung"), _in_lieu(2023, 5, 3, "apr30")]
    r += [_holiday(2023, 9, 1, "national_adjacent"), _holiday(2023, 9, 2, "national")]
    r.append(_in_lieu(2023, 9, 4, "national"))
    # 2024.
    r.append(_holiday(2024, 1, 1, "new_year"))
    r += _tet(tuple(_d(2024, 2, d) for d in (8, 9, 10, 11, 12)), (_d(2024, 2, 13), _d(2024, 2, 14)))
    r.append(_holiday(2024, 4, 18, "hung"))
    r += [_holiday(2024, 4, 30, "apr30"), _holiday(2024, 5, 1, "may1")]
    r += _swap(_d(2024, 4, 29), _d(2024, 5, 4), _CV_2450_2024)
    r += [_holiday(2024, 9, 2, "national"), _holiday(2024, 9, 3, "national_adjacent")]
    # 2025.
    r.append(_holiday(2025, 1, 1, "new_year"))
    r += _tet(tuple(_d(2025, 1, d) for d in (27, 28, 29, 30, 31)), (), _CV_8726_2024, _TB_6150_2024)
    r.append(_holiday(2025, 4, 7, "hung"))
    r += [_holiday(2025, 4, 30, "apr30"), _holiday(2025, 5, 1, "may1")]
    r += _swap(_d(2025, 5, 2), _d(2025, 4, 26), _TB_6150_2024)
    r += [_holiday(2025, 9, 1, "national_adjacent"), _holiday(2025, 9, 2, "national")]
    # 2026.
    r.append(_holiday(2026, 1, 1, "new_year"))
    r += _swap(_d(2026, 1, 2), _d(2026, 1, 10), _CV_12729_2025)
    r += _tet(tuple(_d(2026, 2, d) for d in (16, 17, 18, 19, 20)), (), _TB_9441_2025)
    r += [_holiday(2026, 4, 26, "hung"), _in_lieu(2026, 4, 27, "hung")]
    r += [_holiday(2026, 4, 30, "apr30"), _holiday(2026, 5, 1, "may1")]
    r += _swap(_d(2026, 8, 31), _d(2026, 8, 22), _TB_9441_2025)
    r += [
        _holiday(2026, 9, 1, "national_adjacent", _TB_9441_2025),
        _holiday(2026, 9, 2, "national", _TB_9441_2025),
    ]
    # 2027: not decided; Art. 112 + 111(3) estimate.
    r.append(_holiday(2027, 1, 1, "new_year"))
    r += _tet(
        tuple(_d(2027, 2, d) for d in (4, 5, 6, 7, 8)),
        (_d(2027, 2, 9), _d(2027, 2, 10)),
        _ESTIMATE,
        estimated=True,
    )
    r.append(_holiday(2027, 4, 16, "hung"))
    r += [
        _holiday(2027, 4, 30, "apr30"),
        _holiday(2027, 5, 1, "may1"),
        _in_lieu(2027, 5, 3, "may1"),
    ]
    r += [
        _holiday(2027, 9, 2, "national"),
        _holiday(2027, 9, 3, "national_adjacent", _ESTIMATE, estimated=True),
    ]
    return tuple(sorted(r, key=lambda row: row.day))


BUILTIN_DAYS: tuple[CalendarDay, ...] = _rows()
"""Every row 2019–2027, sorted by date."""

TET_DATES: dict[int, dt.date] = {
    2019: _d(2019, 2, 5),
    2020: _d(2020, 1, 25),
    2021: _d(2021, 2, 12),
    2022: _d(2022, 2, 1),
    2023: _d(2023, 1, 22),
    2024: _d(2024, 2, 10),
    2025: _d(2025, 1, 29),
    2026: _d(2026, 2, 17),
    2027: _d(2027, 2, 6),
}
"""Mùng 1 Tết (Vietnamese lunar calendar, UTC+7) for the table years."""

_CULTURE_DAY_SOURCES = (
    Citation("Nghị quyết 80-NQ/TW", note="01/2026"),
    Citation("Nghị quyết 30/NQ-CP", note="02/2026; chưa sửa Bộ luật Lao động / not yet law"),
)

PROPOSED_DAYS: tuple[CalendarDay, ...] = tuple(
    CalendarDay(
        _d(year, 11, 24),
        DayKind.HOLIDAY,
        "Ngày Văn hóa Việt Nam (24/11, dự kiến)",
        "Vietnam Culture Day (24 November, proposed)",
        _CULTURE_DAY_SOURCES,
        estimated=True,
    )
    for year in (2026, 2027)
)
"""24/11 as a day off, for callers who want it before the Labor Code is amended."""
