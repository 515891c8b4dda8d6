"""School calendar and deadlines (Lịch năm học và thời hạn): periods, holidays, plans, obligations.

A pure policy package: Civil Code periods (Bộ luật Dân sự 91/2015/QH13, Art. 144–148),
working calendars built on the Labor Code's holidays (45/2019/QH14, Art. 111–112) and the
government's swap days, MOET frameworks and provincial school-year plans as cited data,
the obligations of Công văn 1397/GDĐT-TrH as rows, and Decree 30/2020 date lines.
``holidays`` (years outside the SDK's table) and ``icalendar`` (:func:`to_ics`) are
imported only when used.

>>> import datetime as dt
>>> from vnschool_records.calendar import period_end, is_working_day, format_place_date
>>> period_end(dt.date(2024, 8, 26), weeks=1)          # Mon 2/9 and Tue 3/9 are Quốc khánh
datetime.date(2024, 9, 4)
>>> is_working_day(dt.date(2026, 1, 2))                 # swap day (12729/VPCP-KGVX)
False
>>> format_place_date("Thành phố Hồ Chí Minh", dt.date(2020, 5, 18))
'Thành phố Hồ Chí Minh, ngày 18 tháng 5 năm 2020'
"""

from vnschool_records.calendar._documents import (
    DECREE_30,
    format_date_vi,
    format_document_number,
    format_place_date,
)
from vnschool_records.calendar._holiday_data import PROPOSED_DAYS
from vnschool_records.calendar._ics import to_ics
from vnschool_records.calendar._obligations import (
    OBLIGATIONS,
    AnchorEvent,
    Deadline,
    DeadlineState,
    DeadlineStatus,
    Obligation,
    deadlines,
)
from vnschool_records.calendar._periods import (
    BoundReading,
    FixedBound,
    Period,
    PeriodEnd,
    period_end,
    period_end_explained,
)
from vnschool_records.calendar._rows import CalendarDay, DayKind
from vnschool_records.calendar._school_years import (
    HCMC_PLANS,
    MOET_FRAMEWORKS,
    MoetFramework,
    OpeningDay,
    SchoolYearPlan,
    moet_framework,
    school_year_plan,
    semester_of,
    teaching_week,
)
from vnschool_records.calendar._workcal import (
    CalendarMode,
    NonWorkingDay,
    WorkCalendar,
    holidays_in,
    is_working_day,
    lunar_new_year,
    working_days_between,
)

__all__ = [
    "DECREE_30",
    "HCMC_PLANS",
    "MOET_FRAMEWORKS",
    "OBLIGATIONS",
    "PROPOSED_DAYS",
    "AnchorEvent",
    "BoundReading",
    "CalendarDay",
    "CalendarMode",
    "DayKind",
    "Deadline",
    "DeadlineState",
    "DeadlineStatus",
    "FixedBound",
    "MoetFramework",
    "NonWorkingDay",
    "Obligation",
    "OpeningDay",
    "Period",
    "PeriodEnd",
    "SchoolYearPlan",
    "WorkCalendar",
    "deadlines",
    "format_date_vi",
    "format_document_number",
    "format_place_date",
    "holidays_in",
    "is_working_day",
    "lunar_new_year",
    "moet_framework",
    "period_end",
    "period_end_explained",
    "school_year_plan",
    "semester_of",
    "teaching_week",
    "to_ics",
    "working_days_between",
]
