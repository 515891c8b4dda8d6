"""Year rollover plan (Kết chuyển dữ liệu sang năm học mới): a pure function of the old year.

Schools carry completed data over to the new year, add the entry-grade intake (tuyển sinh
đầu cấp, grades 6 and 10) and fix earlier years' errors within a week of the opening day
(HCMC 1397/GDĐT-TrH of 18/5/2020). The failures users report most are rollovers that
silently drop students and re-runs that enrol students twice (RosarioSIS #127, openSIS
#313, giuaschool #871). So :func:`plan_rollover` lists *every* student of the old year
exactly once with an outcome and its reason — undecided students included — and
:func:`apply` is idempotent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from vnschool_records._text import identity_key
from vnschool_records.errors import RolloverError
from vnschool_records.models import (
    ClassGroup,
    NfcStr,
    SchoolYear,
    Student,
    StudentYearRecord,
    find_subject,
)
from vnschool_records.regulations import PromotionOutcome, PromotionResult, RegulationId, YearResult
from vnschool_records.rollover._roster import Enrolment, EnrolmentStatus, Roster

__all__ = [
    "Admission",
    "IntakeConflict",
    "RolloverItem",
    "RolloverOutcome",
    "RolloverPlan",
    "plan_rollover",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_FINAL_GRADES = (9, 12)


class RolloverOutcome(StrEnum):
    """What the rollover does with one student (the value is the Vietnamese label)."""

    PROMOTED = "Lên lớp"
    RETAINED = "Ở lại lớp"
    PENDING_SUMMER = "Chờ kiểm tra lại / rèn luyện hè"
    COMPLETED = "Hoàn thành chương trình cấp học"
    TRANSFERRED_OUT = "Chuyển trường"
    LEFT = "Thôi học"
    UNDECIDED = "Chưa xác định"
    ADMITTED = "Tuyển sinh đầu cấp"

    @property
    def moves(self) -> bool:
        """Whether the student is placed in a class of the next year."""
        return self in (
            RolloverOutcome.PROMOTED,
            RolloverOutcome.RETAINED,
            RolloverOutcome.ADMITTED,
        )


class RolloverItem(BaseModel):
    """One student in the plan: where from, the outcome and why, and where to."""

    model_config = _FROZEN

    student: Student
    outcome: RolloverOutcome
    reason_vi: NfcStr
    reason_en: NfcStr
    citation: NfcStr | None = None
    from_class: NfcStr | None = None
    from_grade: int | None = None
    to_class: NfcStr | None = None
    to_grade: int | None = None
    school_code: NfcStr | None = None

    @model_validator(mode="after")
    def _placed_iff_moving(self) -> Self:
        placed = self.to_class is not None and self.to_grade is not None
        if placed != self.outcome.moves:
            raise ValueError(
                f"student {self.student.student_id}: outcome {self.outcome.name} "
                f"{'needs' if self.outcome.moves else 'cannot have'} a class in the next year"
            )
        return self

    @property
    def student_id(self) -> str:
        """The student's id."""
        return self.student.student_id


class Admission(BaseModel):
    """An admitted student (trúng tuyển) for an entry grade: 6 (THCS) or 10 (THPT)."""

    model_config = _FROZEN

    student: Student
    grade_level: int
    class_name: NfcStr = Field(min_length=1)

    @field_validator("grade_level")
    @classmethod
    def _entry_grade(cls, value: int) -> int:
        if value not in _ENTRY_GRADES:
            raise ValueError(
                f"admissions are to an entry grade (6 for THCS, 10 for THPT), not grade {value}"
            )
        return value


class IntakeConflict(BaseModel):
    """An admission not enrolled because it matches a student the school already has."""

    model_config = _FROZEN

    admission: Admission
    matched_student_id: NfcStr
    kind: Literal["duplicate", "conflict"]
    """``duplicate``: the same person; ``conflict``: identifiers disagree, check by hand."""
    reason_vi: NfcStr
    reason_en: NfcStr


class RolloverPlan(BaseModel):
    """Rollover plan (Kế hoạch kết chuyển): each old-year student once, intake, conflicts."""

    model_config = _FROZEN

    old_year: SchoolYear
    next_year: SchoolYear
    old_roster: Roster
    items: tuple[RolloverItem, ...]
    intake: tuple[RolloverItem, ...] = ()
    conflicts: tuple[IntakeConflict, ...] = ()

    def counts(self) -> dict[RolloverOutcome, int]:
        """Old-year students per outcome, plus admitted students under ``ADMITTED``."""
        counter = Counter(i.outcome for i in (*self.items, *self.intake))
        return {o: counter[o] for o in RolloverOutcome if counter[o]}

    @property
    def not_moved(self) -> tuple[RolloverItem, ...]:
        """Students the plan leaves where they are, to be decided later (never dropped)."""
        waiting = (RolloverOutcome.PENDING_SUMMER, RolloverOutcome.UNDECIDED)
        return tuple(i for i in self.items if i.outcome in waiting)

    @property
    def placements(self) -> tuple[RolloverItem, ...]:
        """Every item that puts a student in a next-year class (moves and intake)."""
        return tuple(i for i in (*self.items, *self.intake) if i.outcome.moves)

    def item(self, student_id: str) -> RolloverItem:
        """The old-year item of a student, or their intake item if they are new.

        A student who completed grade 9 here and is admitted to grade 10 has both; this
        returns the old-year one, and :attr:`intake` holds the other.
        """
        for i in (*self.items, *self.intake):
            if i.student_id == student_id:
                return i
        raise LookupError(f"student {student_id} is not in the plan")


# ---------------------------------------------------------------- planning

RosterLike = Roster | Iterable[Enrolment | StudentYearRecord | tuple[Student, ClassGroup]]
ResultLike = YearResult | PromotionResult | PromotionOutcome
ClassMap = Mapping[str, str] | Callable[[ClassGroup], str]


def plan_rollover(
    old_year: RosterLike,
    results: Mapping[str, ResultLike] | Iterable[YearResult],
    next_year: SchoolYear | str,
    *,
    class_map: ClassMap | None = None,
    admissions: Iterable[Admission] = (),
    existing: Roster | None = None,
) -> RolloverPlan:
    """Plan the move from ``old_year`` to ``next_year`` (a pure function).

    Args:
        old_year: the old year's roster, or its enrolments, grade-book records or
            ``(student, class)`` pairs.
        results: the year results (:func:`vnschool_records.regulations.evaluate_year`), as
            an iterable or by student id; a mapping may also give a
            :class:`~vnschool_records.regulations.PromotionOutcome` directly (the principal's
            decision for a student assessed against an individual education plan).
        next_year: the school year to roll into; must follow the old one.
        class_map: the next-year class of promoted students, by old class name or as a
            function of the old class; by default the grade number in the name goes up
            one ("6A1" → "7A1"). Retained students keep their class name.
        admissions: entry-grade intake; each admitted student is checked against every
            student the school has (old roster, ``existing`` next-year roster, earlier
            admissions) by personal id, and by normalised name + birth date.
        existing: the next year's roster as it already stands, for the identity checks.
    """
    roster = _as_roster(old_year)
    next_sy = SchoolYear.parse(next_year)
    if next_sy != roster.school_year.next():
        raise RolloverError(
            f"cannot roll {roster.school_year} into {next_sy}: the next school year is "
            f"{roster.school_year.next()}"
        )
    by_id = _results_by_id(results, roster)
    items = tuple(_decide(e, by_id.get(e.student_id), class_map) for e in roster.enrolments)
    intake, conflicts = _admit(tuple(admissions), roster, items, existing)
    return RolloverPlan(
        old_year=roster.school_year,
        next_year=next_sy,
        old_roster=roster,
        items=items,
        intake=intake,
        conflicts=conflicts,
    )


def _as_roster(old_year: RosterLike) -> Roster:
    if isinstance(old_year, Roster):
        return old_year
    enrolments: list[Enrolment] = []
    for entry in old_year:
        if isinstance(entry, Enrolment):
            enrolments.append(entry)
        elif isinstance(entry, StudentYearRecord):
            enrolments.append(Enrolment(student=entry.student, class_group=entry.class_group))
        else:
            student, class_group = entry
            enrolments.append(Enrolment(student=student, class_group=class_group))
    try:
        return Roster._of(tuple(enrolments), None)
    except ValueError as exc:
        raise RolloverError(f"the old roster is not consistent: {exc}") from exc


def _results_by_id(
    results: Mapping[str, ResultLike] | Iterable[YearResult], roster: Roster
) -> dict[str, ResultLike]:
    if isinstance(results, Mapping):
        by_id: dict[str, ResultLike] = dict(results)
    else:
        by_id = {}
        for r in results:
            if r.student_id in by_id:
                raise RolloverError(f"two year results for student {r.student_id}")
            by_id[r.student_id] = r
    known = {e.student_id for e in roster.enrolments}
    stray = sorted(set(by_id) - known)
    if stray:
        raise RolloverError(
            f"year results for students not on the {roster.school_year} roster: {', '.join(stray)}"
        )
    for sid, given in by_id.items():
        if isinstance(given, YearResult) and given.school_year != roster.school_year.label:
            raise RolloverError(
                f"student {sid}: the year result is for {given.school_year}, "
                f"not {roster.school_year}"
            )
    return by_id


_CITATIONS: dict[tuple[RegulationId | None, str], str] = {
    (RegulationId.TT22_2021, "promoted"): "TT22/2021/TT-BGDĐT Art. 12 cl. 1",
    (RegulationId.TT22_2021, "retained"): "TT22/2021/TT-BGDĐT Art. 12 cl. 3",
    (RegulationId.TT22_2021, "summer"): "TT22/2021/TT-BGDĐT Art. 13–14",
    (RegulationId.TT22_2021, "iep"): "TT22/2021/TT-BGDĐT Art. 12 cl. 4",
    (RegulationId.TT58_2011, "promoted"): "TT58/2011/TT-BGDĐT Art. 15 cl. 1",
    (RegulationId.TT58_2011, "retained"): "TT58/2011/TT-BGDĐT Art. 15 cl. 2",
    (RegulationId.TT58_2011, "summer"): "TT58/2011/TT-BGDĐT Art. 16–17",
    (RegulationId.TT58_2011, "iep"): "TT58/2011/TT-BGDĐT Art. 14 (as amended by TT26/2020)",
}


def _citation(regulation: RegulationId | None, key: str) -> str | None:
    if regulation is None:
        return None
    return _CITATIONS.get((regulation, key))


def _next_class_name(old: ClassGroup, class_map: ClassMap | None) -> str:
    if class_map is not None:
        if callable(class_map):
            return class_map(old)
        if old.name in class_map:
            return class_map[old.name]
        raise RolloverError(f"class_map has no next-year class for {old.name}")
    prefix = str(old.grade_level)
    if old.name.startswith(prefix) and not old.name[len(prefix) : len(prefix) + 1].isdigit():
        return str(old.grade_level + 1) + old.name[len(prefix) :]
    raise RolloverError(
        f"cannot derive the next-year class of {old.name!r} from its name; give a class_map"
    )


def _decide(
    enrolment: Enrolment, result: ResultLike | None, class_map: ClassMap | None
) -> RolloverItem:
    cg = enrolment.class_group

    def item(
        outcome: RolloverOutcome,
        reason_vi: str,
        reason_en: str,
        *,
        citation: str | None = None,
        to_class: str | None = None,
        to_grade: int | None = None,
    ) -> RolloverItem:
        return RolloverItem(
            student=enrolment.student,
            outcome=outcome,
            reason_vi=reason_vi,
            reason_en=reason_en,
            citation=citation,
            from_class=cg.name,
            from_grade=cg.grade_level,
            to_class=to_class,
            to_grade=to_grade,
            school_code=cg.school_code,
        )

    if enrolment.status is EnrolmentStatus.TRANSFERRED_OUT:
        return item(
            RolloverOutcome.TRANSFERRED_OUT,
            "Chuyển trường trong năm học" + _note(enrolment),
            reason_en="Transferred to another school during the year" + _note(enrolment),
        )
    if enrolment.status is EnrolmentStatus.LEFT:
        return item(
            RolloverOutcome.LEFT,
            "Thôi học trong năm học" + _note(enrolment),
            reason_en="Left school during the year" + _note(enrolment),
        )
    if result is None:
        return item(
            RolloverOutcome.UNDECIDED,
            "Chưa có kết quả cả năm",
            reason_en="No year result yet",
        )
    regulation: RegulationId | None = None
    reassess: tuple[str, ...] = ()
    if isinstance(result, YearResult):
        if result.grade_level != cg.grade_level:
            return item(
                RolloverOutcome.UNDECIDED,
                f"Kết quả ghi khối {result.grade_level}, lớp thuộc khối {cg.grade_level}",
                reason_en=f"The result is for grade {result.grade_level}, the class is grade "
                f"{cg.grade_level}",
            )
        regulation = result.regulation
        outcome: PromotionOutcome = result.promotion.value
        reassess = result.promotion.reassess_subjects
    elif isinstance(result, PromotionResult):
        outcome = result.value
        reassess = result.reassess_subjects
    else:
        outcome = PromotionOutcome(result)
    final_grade = cg.grade_level in _FINAL_GRADES
    if outcome in (PromotionOutcome.PROMOTED, PromotionOutcome.COMPLETED):
        if final_grade:
            return item(
                RolloverOutcome.COMPLETED,
                f"Hoàn thành chương trình lớp {cg.grade_level}",
                f"Completed the programme of grade {cg.grade_level}",
                citation=_citation(regulation, "promoted"),
            )
        if outcome is PromotionOutcome.COMPLETED:
            return item(
                RolloverOutcome.UNDECIDED,
                f"Kết quả 'hoàn thành chương trình' ở lớp {cg.grade_level}",
                f"Result 'completed the programme' in grade {cg.grade_level}",
            )
        return item(
            RolloverOutcome.PROMOTED,
            PromotionOutcome.PROMOTED.value,
            "Promoted",
            citation=_citation(regulation, "promoted"),
            to_class=_next_class_name(cg, class_map),
            to_grade=cg.grade_level + 1,
        )
    if outcome in (PromotionOutcome.RETAINED, PromotionOutcome.NOT_COMPLETED):
        return item(
            RolloverOutcome.RETAINED,
            outcome.value,
            "Not promoted: repeats the grade",
            citation=_citation(regulation, "retained"),
            to_class=cg.name,
            to_grade=cg.grade_level,
        )
    if outcome in (PromotionOutcome.REASSESSMENT, PromotionOutcome.SUMMER_TRAINING):
        subjects = f": {', '.join(_subject_name(code) for code in reassess)}" if reassess else ""
        english = (
            "Summer re-assessment"
            if outcome is PromotionOutcome.REASSESSMENT
            else "Summer training"
        )
        return item(
            RolloverOutcome.PENDING_SUMMER,
            outcome.value + subjects,
            english + subjects,
            citation=_citation(regulation, "summer"),
        )
    return item(
        RolloverOutcome.UNDECIDED,
        "Hiệu trưởng quyết định (học sinh học theo kế hoạch giáo dục cá nhân)",
        "The principal decides (student assessed against an individual education plan)",
        citation=_citation(regulation, "iep"),
    )


def _note(enrolment: Enrolment) -> str:
    return f" ({enrolment.note})" if enrolment.note else ""


# ---------------------------------------------------------------- intake


def _same_person(a: Student, b: Student) -> Literal["duplicate", "conflict", "different"]:
    same_name_dob = identity_key(a.full_name) == identity_key(b.full_name) and (
        a.date_of_birth == b.date_of_birth
    )
    if a.personal_id and b.personal_id:
        if a.personal_id == b.personal_id:
            return "duplicate" if same_name_dob else "conflict"
        return "different"
    if same_name_dob:
        return "duplicate"
    if a.student_id == b.student_id:
        return "conflict"
    return "different"


def _admit(
    admissions: Sequence[Admission],
    roster: Roster,
    items: tuple[RolloverItem, ...],
    existing: Roster | None,
) -> tuple[tuple[RolloverItem, ...], tuple[IntakeConflict, ...]]:
    outcome_of = {i.student_id: i for i in items}
    known: list[Student] = [e.student for e in roster.enrolments]
    if existing is not None:
        known.extend(e.student for e in existing.enrolments)
    intake: list[RolloverItem] = []
    conflicts: list[IntakeConflict] = []
    for admission in admissions:
        new = admission.student
        clash: tuple[Student, Literal["duplicate", "conflict"]] | None = None
        continuing = False
        for other in known:
            verdict = _same_person(new, other)
            if verdict == "different":
                if other.student_id == new.student_id:
                    verdict = "conflict"
                else:
                    continue
            prior = outcome_of.get(other.student_id)
            if (
                verdict == "duplicate"
                and prior is not None
                and prior.outcome is RolloverOutcome.COMPLETED
                and prior.from_grade == 9
                and admission.grade_level == 10
                and other.student_id == new.student_id
            ):
                continuing = True
                continue
            clash = (other, verdict)
            break
        if clash is not None:
            other, kind = clash
            conflicts.append(_conflict(admission, other, kind))
            continue
        reason_vi = "Trúng tuyển vào lớp " + str(admission.grade_level)
        reason_en = f"Admitted to grade {admission.grade_level}"
        if continuing:
            reason_vi += " (học tiếp từ lớp 9 của trường)"
            reason_en += " (continues from grade 9 of this school)"
        intake.append(
            RolloverItem(
                student=new,
                outcome=RolloverOutcome.ADMITTED,
                to_class=admission.class_name,
                to_grade=admission.grade_level,
                reason_vi=reason_vi,
                reason_en=reason_en,
            )
        )
        known.append(new)
    return tuple(intake), tuple(conflicts)


def _conflict(
    admission: Admission, other: Student, kind: Literal["duplicate", "conflict"]
) -> IntakeConflict:
    new = admission.student
    if kind == "duplicate":
        vi = (
            f"Trùng với học sinh {other.student_id} ({other.full_name}, "
            f"{_dmy(other.date_of_birth)}): không xếp lớp lần thứ hai"
        )
        en = (
            f"Same person as student {other.student_id} ({other.full_name}, "
            f"{_dmy(other.date_of_birth)}): not enrolled twice"
        )
    else:
        vi = (
            f"Mã hoặc số định danh trùng với học sinh {other.student_id} nhưng họ tên hoặc ngày "
            f"sinh khác ({other.full_name}, {_dmy(other.date_of_birth)} / {new.full_name}, "
            f"{_dmy(new.date_of_birth)}): cần kiểm tra hồ sơ"
        )
        en = (
            f"Same id as student {other.student_id} but a different name or birth date "
            f"({other.full_name}, {_dmy(other.date_of_birth)} / {new.full_name}, "
            f"{_dmy(new.date_of_birth)}): check the records"
        )
    return IntakeConflict(
        admission=admission,
        matched_student_id=other.student_id,
        kind=kind,
        reason_vi=vi,
        reason_en=en,
    )


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


_ENTRY_GRADES = frozenset({6, 10})


def _subject_name(code: str) -> str:
    """The subject's Vietnamese name for a code of the built-in catalogues, else the code."""
    try:
        return find_subject(code).name
    except LookupError:
        return code
