"""Applying a rollover plan (Thực hiện kết chuyển): idempotent, previewed, reconciled.

:func:`apply` returns the next year's roster with every placement of the plan in it;
applying the same plan to the result changes nothing. A student the roster already places
elsewhere is a conflict: the whole plan is refused (nothing changes) and every conflict is
named. :func:`preview` shows, per class, the counts before and after and what happens to
each old class's students; the counts always reconcile. :func:`reapply` moves the students
whose placement changed after a correction of the old year (made through that year's
grade-book audit trail, then re-planned).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from vnschool_records.errors import RolloverError
from vnschool_records.models import ClassGroup
from vnschool_records.rollover._plan import RolloverItem, RolloverOutcome, RolloverPlan
from vnschool_records.rollover._roster import Enrolment, Roster

__all__ = ["ClassChange", "OldClassOutcomes", "RolloverPreview", "apply", "preview", "reapply"]


def _target(plan: RolloverPlan, item: RolloverItem) -> Enrolment:
    if item.to_class is None or item.to_grade is None:
        raise RolloverError(f"student {item.student_id} has no next-year class")
    return Enrolment(
        student=item.student,
        class_group=ClassGroup(
            name=item.to_class,
            grade_level=item.to_grade,
            school_year=plan.next_year,
            school_code=item.school_code,
        ),
    )


def _empty(plan: RolloverPlan, roster: Roster | None) -> Roster:
    if roster is None:
        return Roster(school_year=plan.next_year)
    if roster.school_year != plan.next_year:
        raise RolloverError(
            f"the plan rolls into {plan.next_year}, the roster given is of {roster.school_year}"
        )
    return roster


def apply(plan: RolloverPlan, roster: Roster | None = None) -> Roster:
    """The next year's roster with the plan's placements added; idempotent.

    Raises :class:`~vnschool_records.errors.RolloverError` naming every student the roster
    already places in another class (and every class whose grade would disagree); in that
    case nothing is applied.
    """
    current = _empty(plan, roster)
    enrolments = {e.student_id: e for e in current.enrolments}
    grades = {e.class_group.name: e.class_group.grade_level for e in current.enrolments}
    problems: list[str] = []
    for item in plan.placements:
        target = _target(plan, item)
        name, grade = target.class_group.name, target.class_group.grade_level
        if grades.setdefault(name, grade) != grade:
            problems.append(f"class {name} is grade {grades[name]}, the plan puts grade {grade}")
            continue
        held = enrolments.get(item.student_id)
        if held is None:
            enrolments[item.student_id] = target
        elif (held.class_group.name, held.class_group.grade_level) != (name, grade):
            problems.append(
                f"student {item.student_id} is already in {held.class_group.name}, "
                f"the plan puts them in {name}"
            )
    if problems:
        raise RolloverError("the plan cannot be applied: " + "; ".join(problems))
    return Roster(school_year=plan.next_year, enrolments=tuple(enrolments.values())).sorted()


def reapply(previous: RolloverPlan, corrected: RolloverPlan, roster: Roster) -> Roster:
    """Move the students whose placement changed between two plans of the same years.

    Use it after correcting the old year through its grade book's audit trail and
    re-planning from the recomputed results. A student whose placement changed must still
    be where ``previous`` put them (or absent, if it did not place them); otherwise the
    roster was changed by hand and the move is refused, naming the student.
    """
    if (previous.old_year, previous.next_year) != (corrected.old_year, corrected.next_year):
        raise RolloverError("the two plans are not for the same pair of school years")
    current = _empty(corrected, roster)
    enrolments = {e.student_id: e for e in current.enrolments}
    before = {i.student_id: i for i in previous.placements}
    after = {i.student_id: i for i in corrected.placements}
    problems: list[str] = []
    for sid in sorted(set(before) | set(after)):
        old = _target(previous, before[sid]) if sid in before else None
        new = _target(corrected, after[sid]) if sid in after else None
        held = enrolments.get(sid)
        if _place(held) == _place(new):
            continue  # already where the corrected plan wants them
        if _place(held) != _place(old):
            problems.append(
                f"student {sid} is in {_place(held) or 'no class'}, not where the previous plan "
                f"put them ({_place(old) or 'no class'})"
            )
            continue
        if new is None:
            del enrolments[sid]
        else:
            enrolments[sid] = new
    if problems:
        raise RolloverError("the correction cannot be applied: " + "; ".join(problems))
    return Roster(school_year=corrected.next_year, enrolments=tuple(enrolments.values())).sorted()


def _place(e: Enrolment | None) -> str | None:
    return None if e is None else e.class_group.name


@dataclass(frozen=True, slots=True)
class OldClassOutcomes:
    """An old class: its students before, and how many go each way."""

    class_name: str
    grade_level: int
    before: int
    outcomes: dict[RolloverOutcome, int]

    @property
    def reconciles(self) -> bool:
        """Every student of the class has exactly one outcome."""
        return self.before == sum(self.outcomes.values())


@dataclass(frozen=True, slots=True)
class ClassChange:
    """A next-year class: its count before applying, the students coming in, the count after."""

    class_name: str
    grade_level: int
    before: int
    incoming: int
    after: int

    @property
    def reconciles(self) -> bool:
        """``after == before + incoming``."""
        return self.after == self.before + self.incoming


@dataclass(frozen=True, slots=True)
class RolloverPreview:
    """Preview (Xem trước): counts per class before and after, which always reconcile."""

    old_classes: tuple[OldClassOutcomes, ...]
    new_classes: tuple[ClassChange, ...]
    old_total: int
    outcome_totals: dict[RolloverOutcome, int]
    new_total_before: int
    new_total_after: int

    @property
    def reconciles(self) -> bool:
        """Old students = sum of outcomes; each new class after = before + incoming."""
        return (
            all(c.reconciles for c in self.old_classes)
            and all(c.reconciles for c in self.new_classes)
            and self.old_total
            == sum(n for o, n in self.outcome_totals.items() if o is not RolloverOutcome.ADMITTED)
            and self.new_total_after
            == self.new_total_before + sum(c.incoming for c in self.new_classes)
        )

    def lines(self, lang: str = "vi") -> list[str]:
        """A plain-text table: one line per old class, then one per new class."""
        out: list[str] = []
        for c in self.old_classes:
            parts = ", ".join(
                f"{o.value if lang == 'vi' else o.name.lower()} {n}" for o, n in c.outcomes.items()
            )
            out.append(f"{c.class_name}: {c.before} → {parts}")
        for n in self.new_classes:
            out.append(f"{n.class_name}: {n.before} + {n.incoming} = {n.after}")
        return out


def preview(plan: RolloverPlan, roster: Roster | None = None) -> RolloverPreview:
    """Counts per class before and after applying ``plan`` to ``roster``.

    ``after`` is counted on the roster :func:`apply` actually returns, and checked against
    ``before + incoming``; a preview that does not reconcile raises
    :class:`~vnschool_records.errors.RolloverError` (it would be a bug).
    """
    current = _empty(plan, roster)
    result = apply(plan, current)
    old_rows: list[OldClassOutcomes] = []
    by_class: dict[str, list[RolloverItem]] = {}
    grade_of: dict[str, int] = {}
    for e in plan.old_roster.enrolments:
        grade_of[e.class_group.name] = e.class_group.grade_level
    for item in plan.items:
        by_class.setdefault(item.from_class or "", []).append(item)
    before_old = Counter(e.class_group.name for e in plan.old_roster.enrolments)
    for name in sorted(before_old, key=lambda n: (grade_of[n], n)):
        counts = Counter(i.outcome for i in by_class.get(name, []))
        old_rows.append(
            OldClassOutcomes(
                class_name=name,
                grade_level=grade_of[name],
                before=before_old[name],
                outcomes={o: counts[o] for o in RolloverOutcome if counts[o]},
            )
        )
    before_new = Counter(e.class_group.name for e in current.enrolments)
    after_new = Counter(e.class_group.name for e in result.enrolments)
    present = {e.student_id for e in current.enrolments}
    incoming = Counter(
        i.to_class for i in plan.placements if i.student_id not in present and i.to_class
    )
    grades = {e.class_group.name: e.class_group.grade_level for e in result.enrolments}
    new_rows = tuple(
        ClassChange(
            class_name=name,
            grade_level=grades[name],
            before=before_new[name],
            incoming=incoming[name],
            after=after_new[name],
        )
        for name in sorted(after_new, key=lambda n: (grades[n], n))
    )
    totals = Counter(i.outcome for i in (*plan.items, *plan.intake))
    view = RolloverPreview(
        old_classes=tuple(old_rows),
        new_classes=new_rows,
        old_total=len(plan.old_roster.enrolments),
        outcome_totals={o: totals[o] for o in RolloverOutcome if totals[o]},
        new_total_before=len(current.enrolments),
        new_total_after=len(result.enrolments),
    )
    if not view.reconciles:
        raise RolloverError(f"the rollover preview does not reconcile: {view.lines('en')}")
    return view
