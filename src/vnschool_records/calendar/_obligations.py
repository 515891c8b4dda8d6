"""Obligations and deadlines (Nghĩa vụ và thời hạn): the guidance of 1397/GDĐT-TrH as data.

Sở GD&ĐT TP. Hồ Chí Minh, Công văn 1397/GDĐT-TrH (18/5/2020) — forwarded to district
schools by Phòng GD&ĐT huyện Cần Giờ, Công văn 673/GDĐT (20/5/2020) — sets deadlines that
schools compute by hand today. Each is an :class:`Obligation` row: an anchor event (the
opening day, the semester-I review, the year-end review) plus a period counted by the Civil
Code (Art. 147–148), or a fixed bound with an explicit reading.

:func:`deadlines` turns the rows into :class:`Deadline` values for one school year.

>>> ds = deadlines("2023-2024", as_of=dt.date(2023, 9, 1))
>>> d = ds[0]
>>> d.obligation.id, d.due, d.estimated, d.status.state.value, d.status.working_days_left
('1397.database-opening', datetime.date(2023, 9, 5), False, 'upcoming', 1)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from vnschool_records._explain import Citation, Explained, Explanation, Step
from vnschool_records.calendar._periods import (
    BoundReading,
    FixedBound,
    Period,
    PeriodEnd,
    period_end_explained,
)
from vnschool_records.calendar._rows import check_date, format_day
from vnschool_records.calendar._school_years import (
    SECONDARY_GRADES,
    OpeningDay,
    SchoolYearPlan,
    school_year_plan,
)
from vnschool_records.calendar._workcal import WorkCalendar, default_calendar
from vnschool_records.errors import IncompleteDataError, PolicyOptionError
from vnschool_records.models import SchoolYear

__all__ = [
    "CV_673",
    "CV_1397",
    "OBLIGATIONS",
    "AnchorEvent",
    "Deadline",
    "DeadlineState",
    "DeadlineStatus",
    "Obligation",
    "deadlines",
]

CV_1397 = Citation("Công văn 1397/GDĐT-TrH", note="Sở GD&ĐT TP. Hồ Chí Minh, 18/5/2020")
CV_673 = Citation(
    "Công văn 673/GDĐT",
    note="Phòng GD&ĐT huyện Cần Giờ, 20/5/2020, chuyển tiếp 1397/GDĐT-TrH",
)


class AnchorEvent(StrEnum):
    """The event a period is counted from (sự kiện làm mốc)."""

    OPENING_DAY = "opening_day"
    """Ngày tựu trường, set by the People's Committee (possibly per grade group)."""
    SEMESTER_1_REVIEW = "semester_1_review"
    """Sơ kết học kì I, set by the school."""
    YEAR_END_REVIEW = "year_end_review"
    """Tổng kết năm học, set by the school."""

    @property
    def label_vi(self) -> str:
        """Vietnamese name of the event."""
        return {
            "opening_day": "ngày tựu trường",
            "semester_1_review": "sơ kết học kì I",
            "year_end_review": "tổng kết năm học",
        }[self.value]

    @property
    def label_en(self) -> str:
        """English name of the event."""
        return {
            "opening_day": "opening day (tựu trường)",
            "semester_1_review": "semester-I review (sơ kết HK I)",
            "year_end_review": "year-end review (tổng kết năm học)",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Obligation:
    """Obligation (Nghĩa vụ): what must be done, by when, and where that is written.

    Exactly one of ``anchor`` + ``period`` (a counted period) or ``fixed`` (a fixed bound)
    is set. ``school_years`` limits a one-off obligation to the years it names; otherwise it
    applies from ``first_school_year`` on.
    """

    id: str
    text_vi: str
    text_en: str
    data_vi: str
    data_en: str
    citations: tuple[Citation, ...]
    anchor: AnchorEvent | None = None
    period: Period | None = None
    fixed: FixedBound | None = None
    first_school_year: str = "2019-2020"
    school_years: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        counted = self.anchor is not None and self.period is not None
        if counted == (self.fixed is not None) or (self.anchor is None) != (self.period is None):
            raise PolicyOptionError(
                f"obligation {self.id!r}: give either anchor + period or a fixed bound"
            )
        if not self.citations:
            raise PolicyOptionError(f"obligation {self.id!r}: a citation is required")

    @property
    def reading_vi(self) -> str:
        """How the deadline is read, in Vietnamese."""
        if self.fixed is not None:
            return f"mốc cố định, {self.fixed.describe('vi')}"
        assert self.anchor is not None
        assert self.period is not None
        return (
            f"thời hạn {self.period.describe('vi')} kể từ {self.anchor.label_vi} "
            "(Bộ luật Dân sự, Điều 147-148)"
        )

    @property
    def reading_en(self) -> str:
        """How the deadline is read, in English."""
        if self.fixed is not None:
            return f"fixed bound, {self.fixed.describe('en')}"
        assert self.anchor is not None
        assert self.period is not None
        return (
            f"period of {self.period.describe('en')} from the {self.anchor.label_en} "
            "(Civil Code Art. 147-148)"
        )

    def applies_to(self, school_year: SchoolYear) -> bool:
        """True if the obligation binds in ``school_year``."""
        if self.school_years is not None:
            return school_year.label in self.school_years
        return not school_year < SchoolYear.parse(self.first_school_year)


_WEEK = Period(weeks=1)

OBLIGATIONS: tuple[Obligation, ...] = (
    Obligation(
        "1397.database-opening",
        "Hoàn thành cơ sở dữ liệu năm học mới trong vòng 01 tuần sau ngày tựu trường",
        "Complete the new school year's database within 1 week after the opening day",
        "hồ sơ trường, lớp, học sinh trên cơ sở dữ liệu ngành",
        "school, class and student records in the sector database",
        (CV_1397,),
        anchor=AnchorEvent.OPENING_DAY,
        period=_WEEK,
    ),
    Obligation(
        "1397.gradebook-semester-1",
        "Hoàn tất sổ gọi tên và ghi điểm, đồng bộ kết quả với cơ sở dữ liệu ngành "
        "trong vòng 01 tuần sau sơ kết học kì I",
        "Finish the grade book and sync results with the sector database within 1 week "
        "after the semester-I review",
        "sổ gọi tên và ghi điểm điện tử; kết quả học kì I",
        "electronic grade book; semester-I results",
        (CV_1397,),
        anchor=AnchorEvent.SEMESTER_1_REVIEW,
        period=_WEEK,
    ),
    Obligation(
        "1397.gradebook-year-end",
        "Hoàn tất sổ gọi tên và ghi điểm, đồng bộ kết quả với cơ sở dữ liệu ngành "
        "trong vòng 01 tuần sau tổng kết năm học",
        "Finish the grade book and sync results with the sector database within 1 week "
        "after the year-end review",
        "sổ gọi tên và ghi điểm điện tử; kết quả cả năm",
        "electronic grade book; whole-year results",
        (CV_1397,),
        anchor=AnchorEvent.YEAR_END_REVIEW,
        period=_WEEK,
    ),
    Obligation(
        "1397.previous-years-corrections",
        "Rà soát, chỉnh sửa sai sót dữ liệu các năm học trước và đồng bộ trước ngày 15/6/2020",
        "Correct errors in previous years' data and sync them before 15/6/2020",
        "dữ liệu các năm học trước trên cơ sở dữ liệu ngành",
        "previous years' data in the sector database",
        (CV_1397,),
        fixed=FixedBound(dt.date(2020, 6, 15)),
        school_years=("2019-2020",),
    ),
    Obligation(
        "673.report-back",
        "Báo cáo kết quả thực hiện về Phòng GD&ĐT huyện Cần Giờ trước ngày 15/6/2020",
        "Report the results back to the Cần Giờ district education office before 15/6/2020",
        "báo cáo kết quả thực hiện Công văn 1397/GDĐT-TrH",
        "report on carrying out official letter 1397/GDĐT-TrH",
        (CV_673, CV_1397),
        fixed=FixedBound(dt.date(2020, 6, 15)),
        school_years=("2019-2020",),
    ),
)
"""The obligations of 1397/GDĐT-TrH and the report-back of 673/GDĐT."""


class DeadlineState(StrEnum):
    """Where a deadline stands on a given day."""

    UPCOMING = "upcoming"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"

    @property
    def label_vi(self) -> str:
        """``"sắp đến hạn"``, ``"đến hạn hôm nay"`` or ``"quá hạn"``."""
        return {"upcoming": "sắp đến hạn", "due_today": "đến hạn hôm nay", "overdue": "quá hạn"}[
            self.value
        ]


@dataclass(frozen=True, slots=True)
class DeadlineStatus:
    """Deadline status (Tình trạng thời hạn) as of a day.

    ``calendar_days_left`` is ``due - as_of`` (negative when overdue);
    ``working_days_left`` counts working days after ``as_of`` up to ``due`` (negative when
    overdue: the working days since ``due``).
    """

    as_of: dt.date
    state: DeadlineState
    calendar_days_left: int
    working_days_left: int

    @classmethod
    def compute(cls, due: dt.date, as_of: dt.date, calendar: WorkCalendar) -> DeadlineStatus:
        """The status of a deadline due on ``due`` as of ``as_of``."""
        check_date(as_of, "as_of")
        left = (due - as_of).days
        if left > 0:
            state = DeadlineState.UPCOMING
        elif left == 0:
            state = DeadlineState.DUE_TODAY
        else:
            state = DeadlineState.OVERDUE
        return cls(as_of, state, left, calendar.working_days_between(as_of, due))

    def describe(self, lang: str = "vi") -> str:
        """One line, e.g. ``"sắp đến hạn: còn 4 ngày (2 ngày làm việc)"``."""
        c, w = self.calendar_days_left, self.working_days_left
        if lang == "en":
            if self.state is DeadlineState.OVERDUE:
                return f"overdue by {-c} days ({-w} working days) as of {self.as_of:%d/%m/%Y}"
            if self.state is DeadlineState.DUE_TODAY:
                return f"due today ({self.as_of:%d/%m/%Y})"
            return f"upcoming: {c} days left ({w} working days) as of {self.as_of:%d/%m/%Y}"
        if self.state is DeadlineState.OVERDUE:
            return f"quá hạn {-c} ngày ({-w} ngày làm việc) tính đến {self.as_of:%d/%m/%Y}"
        if self.state is DeadlineState.DUE_TODAY:
            return f"đến hạn hôm nay ({self.as_of:%d/%m/%Y})"
        return f"sắp đến hạn: còn {c} ngày ({w} ngày làm việc) tính đến {self.as_of:%d/%m/%Y}"


@dataclass(frozen=True, slots=True)
class Deadline(Explained[dt.date]):
    """Deadline (Hạn hoàn thành): one obligation's last day in one school year, explained.

    ``value`` (also :attr:`due`) is the last day; the obligation is met by 24:00 of it.
    ``alternatives`` holds one deadline per opening day when a school has several (by grade
    group); the deadline itself is the governing one.
    """

    obligation: Obligation = field(default=OBLIGATIONS[0])
    school_year: SchoolYear = field(default_factory=lambda: SchoolYear.parse("2019-2020"))
    anchor_day: dt.date | None = None
    raw_end: dt.date | None = None
    estimated: bool = False
    grade_levels: frozenset[int] | None = None
    alternatives: tuple[Deadline, ...] = ()
    status: DeadlineStatus | None = None

    @property
    def due(self) -> dt.date:
        """The last day (the value)."""
        return self.value

    @property
    def uid(self) -> str:
        """A stable identifier: obligation, school year and grade group."""
        grades = ""
        if self.grade_levels is not None and self.grade_levels != SECONDARY_GRADES:
            grades = ".g" + "-".join(str(g) for g in sorted(self.grade_levels))
        return f"{self.obligation.id}.{self.school_year.label}{grades}@vnschool-records"

    def status_as_of(self, as_of: dt.date, calendar: WorkCalendar | None = None) -> DeadlineStatus:
        """The status of this deadline on ``as_of``."""
        return DeadlineStatus.compute(self.value, as_of, calendar or default_calendar())


def _sentence(text: str) -> str:
    """``text`` with its first letter upper-cased and the rest kept (``str.capitalize``
    would turn "sơ kết HK I" into "Sơ kết hk i")."""
    return text[:1].upper() + text[1:]


def _status_steps(status: DeadlineStatus | None) -> tuple[Step, ...]:
    if status is None:
        return ()
    return (Step(status.describe("vi"), status.describe("en")),)


def _grades(d: Deadline, lang: str) -> str:
    levels = ", ".join(str(g) for g in sorted(d.grade_levels or ()))
    return f"({'grades' if lang == 'en' else 'lớp'} {levels})"


@dataclass(frozen=True, slots=True)
class _Anchor:
    day: dt.date
    estimated: bool
    why_vi: str
    why_en: str
    grades: frozenset[int] | None = None


def _anchors(
    obligation: Obligation,
    plan: SchoolYearPlan,
    events: Mapping[str, dt.date],
    grade_levels: frozenset[int],
) -> list[_Anchor]:
    anchor = obligation.anchor
    assert anchor is not None
    given = events.get(anchor.value)
    src_vi = plan.source.format("vi")
    src_en = plan.source.format("en")
    if given is not None:
        check_date(given, f"events[{anchor.value!r}]")
        return [_Anchor(given, False, "do trường/Sở cung cấp", "supplied by the school/province")]
    est_vi = " (kế hoạch dự kiến)" if plan.estimated else ""
    est_en = " (estimated plan)" if plan.estimated else ""
    if anchor is AnchorEvent.OPENING_DAY:
        openings: Sequence[OpeningDay] = plan.for_grades(grade_levels)
        if not openings:
            raise IncompleteDataError(
                f"plan {plan.school_year} has no opening day for grades {sorted(grade_levels)}"
            )
        inferred = "opening_days" in plan.inferred
        return [
            _Anchor(
                o.day,
                plan.estimated or inferred,
                f"theo {src_vi}{est_vi}, {o.label('vi')}",
                f"per {src_en}{est_en}, {o.label('en')}",
                o.grade_levels & grade_levels,
            )
            for o in openings
        ]
    if anchor is AnchorEvent.SEMESTER_1_REVIEW:
        if plan.semester_1_review is not None:
            return [
                _Anchor(
                    plan.semester_1_review,
                    plan.estimated,
                    "theo kế hoạch của trường",
                    "per the school's plan",
                )
            ]
        return [
            _Anchor(
                plan.semester_1[1],
                True,
                f"trường chưa cung cấp ngày sơ kết; ước tính bằng ngày cuối học kì I ({src_vi})",
                f"no review date supplied; estimated as the last day of semester I ({src_en})",
            )
        ]
    if plan.year_end_review is not None:
        return [
            _Anchor(
                plan.year_end_review,
                plan.estimated,
                "theo kế hoạch của trường",
                "per the school's plan",
            )
        ]
    return [
        _Anchor(
            plan.year_end.last_day,
            True,
            f"trường chưa cung cấp ngày tổng kết; ước tính bằng ngày kết thúc năm học "
            f"{plan.year_end.describe('vi')} ({src_vi})",
            f"no review date supplied; estimated as the end of the school year "
            f"{plan.year_end.describe('en')} ({src_en})",
        )
    ]


def _period_deadline(
    obligation: Obligation,
    sy: SchoolYear,
    anchor: _Anchor,
    calendar: WorkCalendar,
    as_of: dt.date | None,
) -> Deadline:
    assert obligation.period is not None
    assert obligation.anchor is not None
    p = obligation.period
    end: PeriodEnd = period_end_explained(
        anchor.day,
        days=p.days,
        weeks=p.weeks,
        months=p.months,
        years=p.years,
        calendar=calendar,
        from_event=True,
    )
    years = range(end.raw_end.year, end.value.year + 1)
    estimated = anchor.estimated or any(calendar.is_estimated(y) for y in years)
    event = obligation.anchor
    status = DeadlineStatus.compute(end.value, as_of, calendar) if as_of is not None else None

    def build() -> Explanation:
        inner = end.explanation()
        steps = [
            Step(obligation.text_vi, obligation.text_en),
            Step(
                f"{_sentence(event.label_vi)}: {format_day(anchor.day)} — {anchor.why_vi}",
                f"{_sentence(event.label_en)}: {format_day(anchor.day, 'en')} — {anchor.why_en}",
            ),
            *inner.steps[1:],
        ]
        if estimated:
            steps.append(Step("Hạn này là dự kiến (ước tính)", "This deadline is an estimate"))
        steps.extend(_status_steps(status))
        return Explanation(
            f"Hạn: {obligation.text_vi}",
            f"Deadline: {obligation.text_en}",
            tuple(steps),
            (*obligation.citations, *inner.citations),
        )

    return Deadline(
        end.value,
        build,
        obligation=obligation,
        school_year=sy,
        anchor_day=anchor.day,
        raw_end=end.raw_end,
        estimated=estimated,
        grade_levels=anchor.grades,
        status=status,
    )


def _governing(
    alternatives: list[Deadline],
    governing: Literal["earliest", "latest"],
    as_of: dt.date | None,
    calendar: WorkCalendar,
) -> Deadline:
    pick = min if governing == "earliest" else max
    chosen = pick(alternatives, key=lambda d: d.value)
    if len(alternatives) == 1:
        return chosen
    inner = chosen.explainer

    def build() -> Explanation:
        base = inner()
        lines = [
            Step(
                f"Tựu trường {_grades(a, 'vi')}: {format_day(a.anchor_day or a.value)}"
                f" → hạn {format_day(a.value)}",
                f"Opening day {_grades(a, 'en')}: "
                f"{format_day(a.anchor_day or a.value, 'en')} → due {format_day(a.value, 'en')}",
            )
            for a in alternatives
        ]
        if governing == "earliest":
            rule = Step(
                f"Trường có nhiều ngày tựu trường; văn bản không nói ngày nào áp dụng: lấy hạn "
                f"sớm nhất ({format_day(chosen.value)}) để đáp ứng mọi cách hiểu",
                f"The school has several opening days and the guidance does not say which one "
                f"applies: the earliest deadline ({format_day(chosen.value, 'en')}) governs, "
                "which satisfies every reading",
            )
        else:
            rule = Step(
                f"Trường có nhiều ngày tựu trường: theo lựa chọn, lấy hạn muộn nhất "
                f"({format_day(chosen.value)})",
                f"The school has several opening days: as chosen, the latest deadline "
                f"({format_day(chosen.value, 'en')}) governs",
            )
        return Explanation(
            base.title_vi, base.title_en, (*base.steps, *lines, rule), base.citations
        )

    return Deadline(
        chosen.value,
        build,
        obligation=chosen.obligation,
        school_year=chosen.school_year,
        anchor_day=chosen.anchor_day,
        raw_end=chosen.raw_end,
        estimated=any(a.estimated for a in alternatives),
        grade_levels=chosen.grade_levels,
        alternatives=tuple(alternatives),
        status=DeadlineStatus.compute(chosen.value, as_of, calendar) if as_of else None,
    )


def _fixed_deadline(
    obligation: Obligation,
    sy: SchoolYear,
    bound: FixedBound,
    calendar: WorkCalendar,
    as_of: dt.date | None,
) -> Deadline:
    explained = bound.explained(calendar)
    status = DeadlineStatus.compute(explained.value, as_of, calendar) if as_of else None

    def build() -> Explanation:
        inner = explained.explanation()
        return Explanation(
            f"Hạn: {obligation.text_vi}",
            f"Deadline: {obligation.text_en}",
            (Step(obligation.text_vi, obligation.text_en), *inner.steps, *_status_steps(status)),
            (*obligation.citations, *inner.citations),
        )

    return Deadline(
        explained.value,
        build,
        obligation=obligation,
        school_year=sy,
        status=status,
    )


def deadlines(
    school_year: str | SchoolYear,
    plan: SchoolYearPlan | None = None,
    events: Mapping[str, dt.date] | None = None,
    calendar: WorkCalendar | None = None,
    as_of: dt.date | None = None,
    *,
    obligations: Iterable[Obligation] = OBLIGATIONS,
    grade_levels: Iterable[int] = SECONDARY_GRADES,
    governing: Literal["earliest", "latest"] = "earliest",
    bound_reading: BoundReading | str | None = None,
    province: str = "hcmc",
) -> list[Deadline]:
    """The deadlines of ``school_year``, sorted by date, each explained.

    Args:
        school_year: ``"2023-2024"`` or a :class:`~vnschool_records.models.SchoolYear`.
        plan: The school-year plan; default: the built-in plan of ``province``.
        events: The school's own event dates, keyed by :class:`AnchorEvent` value
            (``"opening_day"``, ``"semester_1_review"``, ``"year_end_review"``); they win
            over the plan. Missing review dates are estimated from the plan (``estimated``).
        calendar: Working calendar for Art. 148(5); default: public sector.
        as_of: If given, each deadline carries its :class:`DeadlineStatus` on that day.
        obligations: The rows to compute (default: 1397/GDĐT-TrH and 673/GDĐT).
        grade_levels: Grades the school teaches; selects its opening days.
        governing: With several opening days, whether the ``"earliest"`` (default, meets
            every reading) or the ``"latest"`` deadline governs.
        bound_reading: Reading of fixed bounds; default: each row's own (strict X − 1).
        province: Which built-in plan to use when ``plan`` is not given.

    Raises:
        CalendarDataError: No plan is known for that year and none was given.
        IncompleteDataError: The plan has no opening day for the school's grades.
    """
    sy = SchoolYear.parse(school_year)
    if governing not in ("earliest", "latest"):
        raise PolicyOptionError(f"governing must be 'earliest' or 'latest', not {governing!r}")
    if as_of is not None:
        check_date(as_of, "as_of")
    cal = calendar or default_calendar()
    chosen = [o for o in obligations if o.applies_to(sy)]
    the_plan: SchoolYearPlan | None = plan
    if the_plan is None and any(o.anchor is not None for o in chosen):
        the_plan = school_year_plan(sy, province)
    if the_plan is not None and the_plan.school_year != sy:
        raise PolicyOptionError(f"the plan is for {the_plan.school_year}, not {sy}")
    ev = {AnchorEvent(k).value: v for k, v in (events or {}).items()}
    levels = frozenset(grade_levels)
    out: list[Deadline] = []
    for ob in chosen:
        if ob.fixed is not None:
            bound = ob.fixed if bound_reading is None else ob.fixed.with_reading(bound_reading)
            out.append(_fixed_deadline(ob, sy, bound, cal, as_of))
            continue
        assert the_plan is not None
        alts = [_period_deadline(ob, sy, a, cal, as_of) for a in _anchors(ob, the_plan, ev, levels)]
        out.append(_governing(alts, governing, as_of, cal))
    out.sort(key=lambda d: (d.value, d.obligation.id))
    return out
