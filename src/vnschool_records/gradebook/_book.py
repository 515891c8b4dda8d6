"""Class grade book (Sổ theo dõi và đánh giá học sinh theo lớp) as a workflow.

Every change is an event: the role policy is checked, the locks are checked, the event is
appended to the hash-chained :class:`~vnschool_records.gradebook.AuditLog`, and the state is
the result of applying the events in order — so :meth:`GradeBook.replay` of the log rebuilds
exactly the same book, and a JSON copy whose state disagrees with its own log is refused.

Corrections follow the circulars' chain: the subject teacher requests one (old value, new
value, reason; TT22/2021 Art. 19, TT58/2011 Art. 19), the homeroom teacher confirms it
(xác nhận — TT58/2011 Art. 20 cl. 2; TT22/2021 Art. 20), and once the value's scope is locked
the principal approves it (phê chuẩn — TT58/2011 Art. 21 cl. 3); only then does the value
change. Everything derived from the values (averages, learning result, promotion, award) is
computed from :meth:`GradeBook.to_records`, so it follows every applied correction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Final, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError, model_validator

from vnschool_records._decimal import parse_score
from vnschool_records._text import name_sort_key
from vnschool_records.errors import (
    AuditIntegrityError,
    CorrectionError,
    LockedError,
    ScoreError,
    VnSchoolRecordsError,
)
from vnschool_records.gradebook._audit import (
    Approval,
    AuditEntry,
    AuditLog,
    EventKind,
    VerificationResult,
    canonical_json,
)
from vnschool_records.gradebook._cells import (
    AbsenceKind,
    Cell,
    CellKind,
    CellValue,
    Encoded,
    TrainingPeriod,
    decode_value,
    encode_value,
    format_value,
)
from vnschool_records.gradebook._locks import Lock, LockScope
from vnschool_records.gradebook._pages import PageCorrections, corrections_per_page
from vnschool_records.gradebook._policy import DEFAULT_POLICY, Action, Actor, RolePolicy
from vnschool_records.models import (
    Attendance,
    ClassGroup,
    CommentLevel,
    ConductLevel,
    Exemption,
    NfcStr,
    Semester,
    Student,
    StudentYearRecord,
    Subject,
    SubjectAssessment,
    TrainingLevel,
)

if TYPE_CHECKING:
    from vnschool_records.regulations._types import YearResult

__all__ = [
    "BookSetup",
    "BookState",
    "CellEntry",
    "Correction",
    "CorrectionStatus",
    "GradeBook",
    "GradeBookDocument",
    "ScopeLockedError",
    "UnknownEntryError",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_CONFIRM_CITATION = "TT58/2011/TT-BGDĐT Art. 20 cl. 2; TT22/2021/TT-BGDĐT Art. 20"
_APPROVE_CITATION = "TT58/2011/TT-BGDĐT Art. 21 cl. 3"


class UnknownEntryError(VnSchoolRecordsError, LookupError):
    """A student, subject, correction or lock that the grade book does not have."""


class ScopeLockedError(LockedError):
    """An entry into a locked scope; ``cell`` and ``locks`` say which and by whom."""

    def __init__(self, actor: Actor, action: Action, cell: Cell, locks: tuple[Lock, ...]) -> None:
        self.actor = actor
        self.action = action
        self.cell = cell
        self.locks = locks
        held = "; ".join(lock.describe() for lock in locks)
        super().__init__(
            f"{actor.describe()} may not {action.value} {cell.key}: it is locked ({held}); "
            "request a correction, or ask the principal to unlock with a reason; "
            "nothing was changed"
        )


class CorrectionStatus(StrEnum):
    """Where a correction stands in the chain."""

    REQUESTED = "requested"
    """Asked by the subject teacher; waits for the homeroom teacher's confirmation."""
    CONFIRMED = "confirmed"
    """Confirmed by the homeroom teacher; waits for the principal's approval."""
    APPROVED = "approved"
    """Approved by the principal (the value changes in the same step)."""
    APPLIED = "applied"
    """The value has changed."""
    REJECTED = "rejected"
    """Refused by the homeroom teacher or the principal; the value stays."""


class Correction(BaseModel):
    """Correction (Sửa chữa): a requested change of an entered value and its approvals."""

    model_config = _FROZEN

    correction_id: int = Field(ge=1)
    cell: Cell
    old: Encoded | None
    new: Encoded | None
    reason: NfcStr
    status: CorrectionStatus
    approvals: tuple[Approval, ...]
    rejection: NfcStr | None = None

    @property
    def needs_confirmation(self) -> bool:
        """Scores and comment levels need the homeroom teacher's confirmation."""
        return _needs_confirmation(self.cell)

    def describe(self) -> str:
        """``"#3 assessment/HS001/toan/1/gk: 6,5 → 7,5 (applied)"``."""
        return (
            f"#{self.correction_id} {self.cell.key}: {format_value(self.old)} → "
            f"{format_value(self.new)} ({self.status.value})"
        )


def _needs_confirmation(cell: Cell) -> bool:
    return cell.kind in (CellKind.ASSESSMENT, CellKind.REASSESSMENT)


class BookSetup(BaseModel):
    """What a grade book is built from: the class, its students, subjects and assignments.

    ``subject_teachers`` maps a subject code to the actor id of the teacher assigned to it
    in this class (phân công chuyên môn); ``homeroom_teacher_id`` names the homeroom
    teacher. When given, an actor must match them as well as claim the subject or class.
    ``exemptions`` and ``individual_education_plans`` are the principal's decisions,
    recorded at set-up; an exemption decided during the year is added by
    :meth:`GradeBook.record_exemption`, so the set-up a book holds is the one its first
    entry recorded plus those.
    """

    model_config = _FROZEN

    class_group: ClassGroup
    students: tuple[Student, ...] = Field(min_length=1)
    subjects: tuple[Subject, ...] = Field(min_length=1)
    subject_teachers: dict[str, NfcStr] = Field(default_factory=dict)
    homeroom_teacher_id: NfcStr | None = None
    exemptions: dict[str, tuple[Exemption, ...]] = Field(default_factory=dict)
    individual_education_plans: tuple[str, ...] = ()
    policy: RolePolicy = DEFAULT_POLICY

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        ids = [s.student_id for s in self.students]
        if len(set(ids)) != len(ids):
            raise ValueError("a student id appears twice in students")
        codes = [s.code for s in self.subjects]
        if len(set(codes)) != len(codes):
            raise ValueError("a subject code appears twice in subjects")
        for code in self.subject_teachers:
            if code not in codes:
                raise ValueError(f"subject_teachers names subject {code!r}, not in subjects")
        for sid in (*self.exemptions, *self.individual_education_plans):
            if sid not in ids:
                raise ValueError(f"student {sid!r} has an exemption or IEP but is not enrolled")
        return self


class CellEntry(BaseModel):
    """One filled cell in a state snapshot."""

    model_config = _FROZEN

    cell: Cell
    value: Encoded


class BookState(BaseModel):
    """Everything a grade book holds, in a canonical order (for comparison and JSON)."""

    model_config = _FROZEN

    setup: BookSetup
    cells: tuple[CellEntry, ...]
    corrections: tuple[Correction, ...]
    locks: tuple[Lock, ...]


FORMAT_1: Final = "vnschool-gradebook/1"
FORMAT_2: Final = "vnschool-gradebook/2"
"""Format 2 adds the ``exempt`` and ``withdraw_exemption`` events. A book is written in
format 1 as long as its log has neither, so readers of format 1 still read it; a format-1
document holding one is refused."""
_FORMAT_2_EVENTS: Final = frozenset({EventKind.EXEMPT, EventKind.WITHDRAW_EXEMPTION})


class GradeBookDocument(BaseModel):
    """The JSON form of a grade book: the audit log and the state it must replay to."""

    model_config = _FROZEN

    format: Literal["vnschool-gradebook/1", "vnschool-gradebook/2"] = FORMAT_1
    head: str
    log: tuple[AuditEntry, ...]
    state: BookState


def _now() -> datetime:
    return datetime.now(UTC)


class GradeBook:
    """Grade book (Sổ điểm điện tử): one class in one school year, changed only by audited events.

    Build one with :meth:`create`; read values with :meth:`value`; change them with the
    ``enter_*`` methods (empty cells) and the correction chain (filled cells); close scopes
    with :meth:`lock`. A refused action raises :class:`~vnschool_records.errors.PermissionDenied`
    (or its subclass :class:`~vnschool_records.errors.LockedError`) and changes nothing.
    """

    def __init__(self, *, clock: Callable[[], datetime] = _now) -> None:
        """An empty book; use :meth:`create`, :meth:`replay` or :meth:`from_json` instead."""
        self._clock = clock
        self._setup: BookSetup | None = None
        self._log = AuditLog()
        self._cells: dict[str, tuple[Cell, Encoded]] = {}
        self._corrections: dict[int, Correction] = {}
        self._locks: dict[str, Lock] = {}
        self._students: dict[str, Student] = {}
        self._subjects: dict[str, Subject] = {}

    # ------------------------------------------------------------------ construction

    @classmethod
    def create(
        cls,
        *,
        class_group: ClassGroup,
        students: Iterable[Student],
        subjects: Iterable[Subject],
        created_by: Actor,
        subject_teachers: Mapping[str, str] | None = None,
        homeroom_teacher_id: str | None = None,
        exemptions: Mapping[str, Sequence[Exemption]] | None = None,
        individual_education_plans: Iterable[str] = (),
        policy: RolePolicy = DEFAULT_POLICY,
        at: datetime | None = None,
        clock: Callable[[], datetime] = _now,
    ) -> GradeBook:
        """Open a new book; the first audit entry records the whole set-up."""
        setup = BookSetup(
            class_group=class_group,
            students=tuple(students),
            subjects=tuple(subjects),
            subject_teachers=dict(subject_teachers or {}),
            homeroom_teacher_id=homeroom_teacher_id,
            exemptions={k: tuple(v) for k, v in (exemptions or {}).items()},
            individual_education_plans=tuple(individual_education_plans),
            policy=policy,
        )
        policy.check(created_by, Action.CREATE_BOOK, class_name=class_group.name)
        book = cls(clock=clock)
        book._commit(
            created_by,
            EventKind.CREATE,
            at=at,
            data={"setup": setup.model_dump(mode="json")},
        )
        return book

    @classmethod
    def replay(
        cls, log: AuditLog | Sequence[AuditEntry], *, clock: Callable[[], datetime] = _now
    ) -> GradeBook:
        """Rebuild a book from its audit log alone (after verifying the chain)."""
        entries = log.entries if isinstance(log, AuditLog) else tuple(log)
        checked = AuditLog.from_entries(entries)
        book = cls(clock=clock)
        for entry in checked:
            book._apply(entry)
        book._log = checked
        return book

    # ------------------------------------------------------------------ reading

    @property
    def setup(self) -> BookSetup:
        """The set-up recorded by the first entry, with the exemptions recorded since."""
        if self._setup is None:
            raise UnknownEntryError("the grade book has not been created")
        return self._setup

    @property
    def class_group(self) -> ClassGroup:
        """The class this book is for."""
        return self.setup.class_group

    @property
    def policy(self) -> RolePolicy:
        """The role policy the book enforces."""
        return self.setup.policy

    @property
    def log(self) -> AuditLog:
        """The audit log (read-only)."""
        return self._log

    @property
    def locks(self) -> tuple[Lock, ...]:
        """Locks in force, by scope key."""
        return tuple(self._locks[k] for k in sorted(self._locks))

    @property
    def corrections(self) -> tuple[Correction, ...]:
        """Every correction ever requested, oldest first."""
        return tuple(self._corrections[k] for k in sorted(self._corrections))

    def correction(self, correction_id: int) -> Correction:
        """One correction by number."""
        try:
            return self._corrections[correction_id]
        except KeyError:
            raise UnknownEntryError(f"no correction #{correction_id} in this book") from None

    def value(self, cell: Cell) -> CellValue | None:
        """The value in ``cell``, or ``None`` when empty."""
        held = self._cells.get(cell.key)
        return None if held is None else decode_value(held[1])

    def locks_covering(self, cell: Cell) -> tuple[Lock, ...]:
        """The locks in force that cover ``cell`` (empty when it is open)."""
        return tuple(lock for lock in self.locks if lock.scope.covers(cell))

    def verify(
        self, *, expected_head: str | None = None, expected_length: int | None = None
    ) -> VerificationResult:
        """Verify the audit log's hash chain (see :meth:`AuditLog.verify`)."""
        return self._log.verify(expected_head=expected_head, expected_length=expected_length)

    def snapshot(self) -> BookState:
        """The whole state in canonical order: equal books have equal snapshots."""
        return BookState(
            setup=self.setup,
            cells=tuple(
                CellEntry(cell=cell, value=value)
                for _key, (cell, value) in sorted(self._cells.items())
            ),
            corrections=self.corrections,
            locks=self.locks,
        )

    # ------------------------------------------------------------------ entries

    def enter_score(
        self,
        actor: Actor,
        student_id: str,
        subject: str,
        semester: Semester | int,
        column: str,
        score: Decimal | int | str,
        *,
        at: datetime | None = None,
    ) -> Cell:
        """Enter a score (ĐĐGtx ``tx1``…, ĐĐGgk ``gk``, ĐĐGck ``ck``) into an empty cell."""
        cell = Cell.assessment(student_id, subject, semester, column)
        self._enter(actor, cell, score, at=at)
        return cell

    def enter_comment_level(
        self,
        actor: Actor,
        student_id: str,
        subject: str,
        semester: Semester | int,
        column: str,
        level: CommentLevel | str,
        *,
        at: datetime | None = None,
    ) -> Cell:
        """Enter a comment level (Đạt / Chưa đạt) of a comment-assessed subject."""
        cell = Cell.assessment(student_id, subject, semester, column)
        self._enter(actor, cell, level, at=at)
        return cell

    def enter_reassessment(
        self,
        actor: Actor,
        student_id: str,
        subject: str,
        value: Decimal | int | str | CommentLevel,
        *,
        at: datetime | None = None,
    ) -> Cell:
        """Enter a summer re-assessment result (TT22 Art. 14; TT58 Art. 16)."""
        cell = Cell.reassessment(student_id, subject)
        self._enter(actor, cell, value, at=at)
        return cell

    def enter_training(
        self,
        actor: Actor,
        student_id: str,
        period: TrainingPeriod,
        level: TrainingLevel | ConductLevel,
        *,
        at: datetime | None = None,
    ) -> Cell:
        """Enter a training result (TT22 Art. 8) or conduct (TT58 Art. 3–4) for a period."""
        cell = Cell.training(student_id, period)
        self._enter(actor, cell, level, at=at)
        return cell

    def record_absence(
        self,
        actor: Actor,
        student_id: str,
        semester: Semester | int,
        day: date,
        *,
        excused: bool,
        session: Literal["S", "C"] = "S",
        at: datetime | None = None,
    ) -> Cell:
        """Record one absence (buổi nghỉ), excused (P) or not (K)."""
        cell = Cell.absence(student_id, semester, day, session)
        kind = AbsenceKind.EXCUSED if excused else AbsenceKind.UNEXCUSED
        self._enter(actor, cell, kind, at=at)
        return cell

    def _enter(self, actor: Actor, cell: Cell, raw: object, *, at: datetime | None) -> None:
        action = self._entry_action(cell)
        self._check(actor, action, cell)
        self._check_open(actor, action, cell)
        value = self._coerce(cell, raw)
        if cell.key in self._cells:
            raise CorrectionError(
                f"{cell.key} already holds {format_value(self._cells[cell.key][1])}: a filled "
                f"value changes only through a correction ({_CONFIRM_CITATION}); "
                "nothing was changed"
            )
        self._commit(
            actor,
            EventKind.ENTER,
            at=at,
            cell=cell.key,
            new=encode_value(value),
            data={"cell": _cell_json(cell)},
        )

    # ------------------------------------------------------------------ corrections

    def request_correction(
        self,
        actor: Actor,
        cell: Cell,
        new: object,
        *,
        reason: str,
        at: datetime | None = None,
    ) -> Correction:
        """Ask to change ``cell`` to ``new`` (``None`` removes it), giving the reason.

        The requester must be allowed to enter the value (the subject teacher for scores
        and comment levels, the homeroom teacher for training and attendance). Scores and
        comment levels then wait for the homeroom teacher's confirmation; training and
        attendance, entered by the homeroom teacher, are confirmed by the request itself.
        """
        action = self._entry_action(cell)
        self._check(actor, Action.REQUEST_CORRECTION, cell, entry_action=action)
        if not reason.strip():
            raise CorrectionError("a correction needs a reason; nothing was changed")
        held = self._cells.get(cell.key)
        old = None if held is None else held[1]
        new_encoded = None if new is None else encode_value(self._coerce(cell, new))
        if new_encoded == old:
            raise CorrectionError(
                f"{cell.key} already holds {format_value(old)}: nothing to correct"
            )
        for c in self._corrections.values():
            if c.cell.key == cell.key and c.status in (
                CorrectionStatus.REQUESTED,
                CorrectionStatus.CONFIRMED,
            ):
                raise CorrectionError(
                    f"{cell.key} already has an open correction #{c.correction_id}; "
                    "confirm, approve or reject it first"
                )
        number = len(self._corrections) + 1
        self._commit(
            actor,
            EventKind.REQUEST_CORRECTION,
            at=at,
            cell=cell.key,
            old=old,
            new=new_encoded,
            reason=reason,
            data={"id": number, "cell": _cell_json(cell)},
        )
        self._apply_if_ready(actor, number, at=at)
        return self._corrections[number]

    def confirm_correction(
        self, actor: Actor, correction_id: int, *, at: datetime | None = None
    ) -> Correction:
        """The homeroom teacher confirms a requested correction (xác nhận).

        When the value's scope is not locked (and the policy does not ask for approval of
        every correction), the value changes now; otherwise it waits for the principal.
        """
        correction = self.correction(correction_id)
        self._check(actor, Action.CONFIRM_CORRECTION, correction.cell)
        if correction.status is not CorrectionStatus.REQUESTED:
            raise CorrectionError(
                f"correction {correction.describe()} is not waiting for confirmation"
            )
        self._check_not_stale(correction)
        self._commit(
            actor,
            EventKind.CONFIRM_CORRECTION,
            at=at,
            cell=correction.cell.key,
            data={"id": correction_id},
        )
        self._apply_if_ready(actor, correction_id, at=at)
        return self._corrections[correction_id]

    def approve_correction(
        self, actor: Actor, correction_id: int, *, at: datetime | None = None
    ) -> Correction:
        """The principal approves a confirmed correction (phê chuẩn); the value changes."""
        correction = self.correction(correction_id)
        self._check(actor, Action.APPROVE_CORRECTION, correction.cell)
        if correction.status is CorrectionStatus.REQUESTED:
            raise CorrectionError(
                f"correction {correction.describe()} must first be confirmed by the homeroom "
                f"teacher ({_APPROVE_CITATION}: the principal approves corrections the homeroom "
                "teacher has confirmed)"
            )
        if correction.status is not CorrectionStatus.CONFIRMED:
            raise CorrectionError(f"correction {correction.describe()} is not waiting for approval")
        self._check_not_stale(correction)
        self._commit(
            actor,
            EventKind.APPROVE_CORRECTION,
            at=at,
            cell=correction.cell.key,
            data={"id": correction_id},
        )
        self._commit_apply(actor, correction_id, at=at)
        return self._corrections[correction_id]

    def reject_correction(
        self, actor: Actor, correction_id: int, *, reason: str, at: datetime | None = None
    ) -> Correction:
        """Refuse an open correction, with a reason; the value stays as it is."""
        correction = self.correction(correction_id)
        self._check(actor, Action.REJECT_CORRECTION, correction.cell)
        if correction.status not in (CorrectionStatus.REQUESTED, CorrectionStatus.CONFIRMED):
            raise CorrectionError(f"correction {correction.describe()} is no longer open")
        if not reason.strip():
            raise CorrectionError("a rejection needs a reason; nothing was changed")
        self._commit(
            actor,
            EventKind.REJECT_CORRECTION,
            at=at,
            cell=correction.cell.key,
            reason=reason,
            data={"id": correction_id},
        )
        return self._corrections[correction_id]

    def _approval_needed(self, cell: Cell) -> bool:
        return self.policy.correction_approval == "always" or bool(self.locks_covering(cell))

    def _apply_if_ready(self, actor: Actor, number: int, *, at: datetime | None) -> None:
        correction = self._corrections[number]
        if correction.status is CorrectionStatus.CONFIRMED and not self._approval_needed(
            correction.cell
        ):
            self._commit_apply(actor, number, at=at)

    def _commit_apply(self, actor: Actor, number: int, *, at: datetime | None) -> None:
        correction = self._corrections[number]
        self._commit(
            actor,
            EventKind.APPLY_CORRECTION,
            at=at,
            cell=correction.cell.key,
            old=correction.old,
            new=correction.new,
            reason=correction.reason,
            approvals=correction.approvals,
            data={"id": number},
        )

    def _check_not_stale(self, correction: Correction) -> None:
        held = self._cells.get(correction.cell.key)
        current = None if held is None else held[1]
        if current != correction.old:
            raise CorrectionError(
                f"correction {correction.describe()} is stale: the cell now holds "
                f"{format_value(current)}"
            )

    # ------------------------------------------------------------------ locks

    def lock(
        self,
        actor: Actor,
        scope: LockScope,
        *,
        reason: str | None = None,
        at: datetime | None = None,
    ) -> Lock:
        """Close a scope to entries. Locking an already locked scope changes nothing.

        Locking :meth:`LockScope.results` records a digest of every input of the year's
        results, so a printed document can show what was approved.
        """
        self._check(actor, Action.LOCK, None, subject=scope.subject)
        self._check_scope_subject(scope)
        if scope.key in self._locks:
            return self._locks[scope.key]
        data: dict[str, JsonValue] = {"scope": scope.model_dump(mode="json")}
        if scope.level.value == "results":
            data["records_digest"] = self.records_digest()
        self._commit(actor, EventKind.LOCK, at=at, reason=reason, data=data)
        return self._locks[scope.key]

    def unlock(
        self, actor: Actor, scope: LockScope, *, reason: str, at: datetime | None = None
    ) -> None:
        """Reopen a scope; an audited action by an authorised role, with a reason.

        Only that lock is removed: cells a broader lock still covers stay locked.
        """
        self._check(actor, Action.UNLOCK, None, subject=scope.subject)
        if scope.key not in self._locks:
            raise UnknownEntryError(f"scope {scope.key} is not locked")
        if not reason.strip():
            raise CorrectionError("an unlock needs a reason; nothing was changed")
        self._commit(
            actor,
            EventKind.UNLOCK,
            at=at,
            reason=reason,
            data={"scope": scope.model_dump(mode="json")},
        )

    # ------------------------------------------------------------------ exemptions

    def record_exemption(
        self,
        actor: Actor,
        student_id: str,
        exemption: Exemption,
        *,
        at: datetime | None = None,
    ) -> None:
        """Record an exemption the principal decided during the year (quyết định miễn học).

        TT58/2011 Art. 12 and TT22/2021 Art. 10: the principal grants an exemption for one
        semester or the whole year (TT58: Thể dục, Âm nhạc, Mĩ thuật; TT22: the practical
        part of GDTC and GDQP-AN) — for example a physical-education exemption after an
        accident in semester II. The decision number is required; the evaluation rules
        check the rest (which subjects, which part) when the year is evaluated. Refused
        when the student already holds an exemption from that subject in one of those
        semesters, or while a lock covers the subject in one of them (the results they
        fix would change): unlock first, with a reason.
        """
        self._check_exemption(actor, student_id, exemption.subject)
        if exemption.decision is None or not exemption.decision.strip():
            raise CorrectionError(
                "an exemption needs the number of the principal's decision; nothing was changed"
            )
        held = self.setup.exemptions.get(student_id, ())
        for semester in exemption.semesters:
            if any(h.subject == exemption.subject and semester in h.semesters for h in held):
                raise CorrectionError(
                    f"student {student_id!r} is already exempt from {exemption.subject!r} in"
                    f" semester {int(semester)}; nothing was changed"
                )
        self._check_exemption_open(actor, student_id, exemption)
        self._commit(
            actor,
            EventKind.EXEMPT,
            at=at,
            reason=exemption.reason,
            data={"student_id": student_id, "exemption": exemption.model_dump(mode="json")},
        )

    def withdraw_exemption(
        self,
        actor: Actor,
        student_id: str,
        subject: str,
        decision: str,
        *,
        reason: str,
        at: datetime | None = None,
    ) -> Exemption:
        """Withdraw an exemption the book holds (the principal's decision ``decision`` for
        ``subject``): one recorded by mistake, or ended by a later decision. Returns it.

        An audited entry with a reason, by the principal, as granting is (TT58/2011 Art. 12,
        TT22/2021 Art. 10); refused while a lock covers the subject in one of the
        exemption's semesters. Scores entered meanwhile are kept; the semesters it covered
        need their assessments again, which the review of the records will point out.
        """
        self._check_exemption(actor, student_id, subject)
        if not reason.strip():
            raise CorrectionError("a withdrawal needs a reason; nothing was changed")
        held = self.setup.exemptions.get(student_id, ())
        found = [e for e in held if e.subject == subject and e.decision == decision]
        if not found:
            raise UnknownEntryError(
                f"student {student_id!r} holds no exemption from {subject!r} by decision"
                f" {decision!r}"
            )
        self._check_exemption_open(actor, student_id, found[0])
        self._commit(
            actor,
            EventKind.WITHDRAW_EXEMPTION,
            at=at,
            reason=reason,
            data={"student_id": student_id, "subject": subject, "decision": decision},
        )
        return found[0]

    def _check_exemption(self, actor: Actor, student_id: str, subject: str) -> None:
        self._check(actor, Action.DECIDE_EXEMPTION, None, subject=subject)
        if student_id not in self._students:
            raise UnknownEntryError(
                f"student {student_id!r} is not in class {self.class_group.name}"
            )
        if subject not in self._subjects:
            raise UnknownEntryError(
                f"subject {subject!r} is not taught in class {self.class_group.name}"
            )

    def _check_exemption_open(self, actor: Actor, student_id: str, exemption: Exemption) -> None:
        """Refuse while a lock covers the exemption's subject in one of its semesters."""
        for semester in exemption.semesters:
            cell = Cell.assessment(student_id, exemption.subject, semester, "ck")
            locks = tuple(
                lock
                for lock in self.locks
                if lock.scope.covers(cell)
                or (lock.scope.subject, lock.scope.semester) == (exemption.subject, semester)
            )
            if locks:
                raise ScopeLockedError(actor, Action.DECIDE_EXEMPTION, cell, locks)

    def _check_scope_subject(self, scope: LockScope) -> None:
        if scope.subject is not None and scope.subject not in self._subjects:
            raise UnknownEntryError(f"subject {scope.subject!r} is not taught in this book")

    # ------------------------------------------------------------------ derived

    def to_records(self) -> tuple[StudentYearRecord, ...]:
        """One :class:`StudentYearRecord` per student, in class-list order."""
        setup = self.setup
        by_student: dict[str, list[tuple[Cell, CellValue]]] = {
            s.student_id: [] for s in setup.students
        }
        for cell, encoded in self._cells.values():
            by_student[cell.student_id].append((cell, decode_value(encoded)))
        records = [
            self._record(student, by_student[student.student_id]) for student in setup.students
        ]
        records.sort(key=lambda r: name_sort_key(r.student.full_name))
        return tuple(records)

    def _record(self, student: Student, cells: list[tuple[Cell, CellValue]]) -> StudentYearRecord:
        setup = self.setup
        columns: dict[tuple[str, Semester], dict[str, CellValue]] = {}
        training: dict[str, TrainingLevel | ConductLevel] = {}
        absences: dict[Semester, list[int]] = {}
        reassess: dict[str, Decimal | CommentLevel] = {}
        for cell, value in cells:
            if cell.kind is CellKind.ASSESSMENT:
                key = (str(cell.subject), Semester(cell.semester or 1))
                columns.setdefault(key, {})[cell.column] = value
            elif cell.kind is CellKind.TRAINING:
                if isinstance(value, TrainingLevel | ConductLevel):
                    training[cell.column] = value
            elif cell.kind is CellKind.ABSENCE:
                counts = absences.setdefault(Semester(cell.semester or 1), [0, 0])
                counts[0 if value is AbsenceKind.EXCUSED else 1] += 1
            elif isinstance(value, Decimal | CommentLevel):
                reassess[str(cell.subject)] = value
        assessments = []
        order = {s.code: i for i, s in enumerate(setup.subjects)}
        for (code, semester), values in sorted(
            columns.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])
        ):
            assessments.append(_assessment(self._subjects[code], semester, values))
        return StudentYearRecord(
            student=student,
            class_group=setup.class_group,
            subjects=setup.subjects,
            assessments=tuple(assessments),
            training_semester1=training.get("HK1"),
            training_semester2=training.get("HK2"),
            training_year=training.get("CN"),
            attendance=tuple(
                Attendance(semester=sem, excused=c[0], unexcused=c[1])
                for sem, c in sorted(absences.items())
            ),
            exemptions=setup.exemptions.get(student.student_id, ()),
            reassessments=reassess,
            training_after_summer=training.get("he"),
            individual_education_plan=student.student_id in setup.individual_education_plans,
        )

    def records_digest(self) -> str:
        """SHA-256 of the canonical JSON of :meth:`to_records`: what a results lock freezes."""
        import hashlib

        payload = [r.model_dump(mode="json") for r in self.to_records()]
        return hashlib.sha256(canonical_json(payload)).hexdigest()

    def result(self, student_id: str) -> YearResult:
        """One student's :class:`~vnschool_records.regulations.YearResult`, recomputed from the
        current values by :func:`vnschool_records.regulations.evaluate_year`."""
        from vnschool_records.regulations import evaluate_year

        for record in self.to_records():
            if record.student.student_id == student_id:
                return evaluate_year(record)
        raise UnknownEntryError(f"student {student_id!r} is not in class {self.class_group.name}")

    def results(self) -> dict[str, YearResult]:
        """Every student's :class:`~vnschool_records.regulations.YearResult`, recomputed
        from the current values by :func:`vnschool_records.regulations.evaluate_year`.

        Every student's record must be complete; a gap raises the regulation's
        :class:`~vnschool_records.errors.IncompleteDataError` naming it.
        """
        from vnschool_records.regulations import evaluate_year

        return {r.student.student_id: evaluate_year(r) for r in self.to_records()}

    def corrections_per_page(
        self,
        pages: Sequence[Sequence[str]],
        *,
        student_id: str | None = None,
        semester: Semester | int | None = None,
    ) -> tuple[PageCorrections, ...]:
        """Applied score corrections per printed page (see :func:`corrections_per_page`)."""
        return corrections_per_page(
            self._log, pages, subjects=self.setup.subjects, student_id=student_id, semester=semester
        )

    # ------------------------------------------------------------------ JSON

    def to_json(self) -> str:
        """The whole book as JSON (audit log and state), for storage."""
        return self.document().model_dump_json()

    def document(self) -> GradeBookDocument:
        """The book as a pydantic document (what :meth:`to_json` writes)."""
        entries = self._log.entries
        exempt = any(e.event in _FORMAT_2_EVENTS for e in entries)
        return GradeBookDocument(
            format=FORMAT_2 if exempt else FORMAT_1,
            head=self._log.head,
            log=entries,
            state=self.snapshot(),
        )

    def export(self, actor: Actor) -> str:
        """:meth:`to_json` for an actor the policy lets export this class's book."""
        self._check(actor, Action.EXPORT, None)
        return self.to_json()

    def export_audit_jsonl(self, actor: Actor) -> str:
        """The audit log as JSON lines, for an actor the policy lets export it."""
        self._check(actor, Action.EXPORT, None)
        return self._log.to_jsonl()

    @classmethod
    def from_json(cls, text: str | bytes, *, clock: Callable[[], datetime] = _now) -> GradeBook:
        """Load a book written by :meth:`to_json`; verify the log and that it replays to the
        stored state, else raise :class:`~vnschool_records.errors.AuditIntegrityError`."""
        try:
            doc = GradeBookDocument.model_validate_json(text)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise AuditIntegrityError(
                f"not a grade-book document: {where}: {first['msg']}"
            ) from exc
        if doc.format == FORMAT_1 and any(e.event in _FORMAT_2_EVENTS for e in doc.log):
            raise AuditIntegrityError(
                f"a {FORMAT_1} document cannot hold an exemption event (written as {FORMAT_2})"
            )
        book = cls.replay(doc.log, clock=clock)
        if book._log.head != doc.head:
            raise AuditIntegrityError(
                f"the stored head {doc.head[:12]}… differs from the log's {book._log.head[:12]}…"
            )
        replayed = book.snapshot()
        if replayed != doc.state:
            raise AuditIntegrityError(
                "the stored state differs from what its audit log replays to: "
                + _first_difference(doc.state, replayed)
            )
        return book

    # ------------------------------------------------------------------ internals

    def _student_and_subject(self, cell: Cell) -> Subject | None:
        if cell.student_id not in self._students:
            raise UnknownEntryError(
                f"student {cell.student_id!r} is not in class {self.class_group.name}"
            )
        if cell.subject is None:
            return None
        try:
            subject = self._subjects[cell.subject]
        except KeyError:
            raise UnknownEntryError(
                f"subject {cell.subject!r} is not taught in class {self.class_group.name}"
            ) from None
        if cell.semester is not None and cell.semester not in subject.semesters:
            raise UnknownEntryError(
                f"subject {cell.subject!r} is taught only in semester"
                f" {int(subject.semesters[0])} in class {self.class_group.name}"
            )
        return subject

    def _entry_action(self, cell: Cell) -> Action:
        subject = self._student_and_subject(cell)
        if cell.kind is CellKind.ASSESSMENT:
            assert subject is not None
            return Action.ENTER_SCORE if subject.scored else Action.ENTER_COMMENT_LEVEL
        if cell.kind is CellKind.REASSESSMENT:
            return Action.ENTER_REASSESSMENT
        if cell.kind is CellKind.TRAINING:
            return Action.ENTER_TRAINING
        return Action.ENTER_ATTENDANCE

    def _check(
        self,
        actor: Actor,
        action: Action,
        cell: Cell | None,
        *,
        subject: str | None = None,
        entry_action: Action | None = None,
    ) -> None:
        setup = self.setup
        code = cell.subject if cell is not None else subject
        setup.policy.check(
            actor,
            action,
            class_name=setup.class_group.name,
            subject=code,
            subject_teacher_id=None if code is None else setup.subject_teachers.get(code),
            homeroom_teacher_id=setup.homeroom_teacher_id,
            entry_action=entry_action,
        )

    def _check_open(self, actor: Actor, action: Action, cell: Cell) -> None:
        held = self.locks_covering(cell)
        if held:
            raise ScopeLockedError(actor, action, cell, held)

    def _coerce(self, cell: Cell, raw: object) -> CellValue:
        subject = self._student_and_subject(cell)
        where = cell.key
        if cell.kind in (CellKind.ASSESSMENT, CellKind.REASSESSMENT):
            assert subject is not None
            if subject.scored:
                if isinstance(raw, CommentLevel):
                    raise ScoreError(
                        f"{where}: {subject.name} is assessed with scores, not {raw.value!r}"
                    )
                return parse_score(raw, where=where)
            return _comment_level(raw, where, subject.name)
        if cell.kind is CellKind.TRAINING:
            if isinstance(raw, TrainingLevel | ConductLevel):
                return raw
            raise ValueError(
                f"{where}: give a TrainingLevel (TT22 Art. 8) or a ConductLevel (TT58 Art. 3), "
                f"not {raw!r}"
            )
        if isinstance(raw, AbsenceKind):
            return raw
        raise ValueError(f"{where}: an absence is AbsenceKind.EXCUSED or UNEXCUSED, not {raw!r}")

    def _commit(
        self,
        actor: Actor,
        event: EventKind,
        *,
        at: datetime | None,
        cell: str | None = None,
        old: Encoded | None = None,
        new: Encoded | None = None,
        reason: str | None = None,
        approvals: tuple[Approval, ...] = (),
        data: dict[str, JsonValue] | None = None,
    ) -> AuditEntry:
        when = at if at is not None else self._clock()
        entry = self._log.prepare(
            at=when,
            actor_id=actor.actor_id,
            actor_name=actor.name,
            role=actor.role,
            event=event,
            cell=cell,
            old=old,
            new=new,
            reason=reason,
            approvals=approvals,
            data=data,
        )
        self._apply(entry)
        self._log.push(entry)
        return entry

    def _apply(self, entry: AuditEntry) -> None:
        """Apply one event to the state; the only place the state changes."""
        try:
            self._apply_unchecked(entry)
        except AuditIntegrityError:
            raise
        except (ValueError, KeyError, TypeError) as exc:
            raise AuditIntegrityError(
                f"audit log entry {entry.index} ({entry.event.value}) cannot be applied: {exc}"
            ) from exc

    def _apply_unchecked(self, entry: AuditEntry) -> None:
        event = entry.event
        if event is EventKind.CREATE:
            if self._setup is not None or entry.index != 0:
                raise ValueError("a book is created once, by its first entry")
            setup = BookSetup.model_validate(entry.data["setup"])
            self._setup = setup
            self._students = {s.student_id: s for s in setup.students}
            self._subjects = {s.code: s for s in setup.subjects}
            return
        if self._setup is None:
            raise ValueError("the first entry must create the book")
        approval = Approval(
            step=event.value,
            actor_id=entry.actor_id,
            actor_name=entry.actor_name,
            role=entry.role,
            at=entry.at,
        )
        if event is EventKind.ENTER:
            cell = Cell.model_validate(entry.data["cell"])
            if cell.key in self._cells or entry.new is None or entry.cell != cell.key:
                raise ValueError(f"{cell.key} cannot be entered twice or emptied by an entry")
            self._student_and_subject(cell)
            decode_value(entry.new)
            self._cells[cell.key] = (cell, entry.new)
        elif event is EventKind.REQUEST_CORRECTION:
            cell = Cell.model_validate(entry.data["cell"])
            number = entry.data["id"]
            if not isinstance(number, int) or number != len(self._corrections) + 1:
                raise ValueError(f"correction number {number} is out of sequence")
            if entry.reason is None:
                raise ValueError(f"correction #{number} has no reason")
            held = self._cells.get(cell.key)
            if (None if held is None else held[1]) != entry.old:
                raise ValueError(f"{cell.key} did not hold the correction's old value")
            self._corrections[number] = Correction(
                correction_id=number,
                cell=cell,
                old=entry.old,
                new=entry.new,
                reason=entry.reason,
                status=(
                    CorrectionStatus.REQUESTED
                    if _needs_confirmation(cell)
                    else CorrectionStatus.CONFIRMED
                ),
                approvals=(approval,),
            )
        elif event in (
            EventKind.CONFIRM_CORRECTION,
            EventKind.APPROVE_CORRECTION,
            EventKind.APPLY_CORRECTION,
            EventKind.REJECT_CORRECTION,
        ):
            self._advance(entry, approval)
        elif event is EventKind.EXEMPT:
            sid = entry.data["student_id"]
            exemption = Exemption.model_validate(entry.data["exemption"])
            if not isinstance(sid, str) or sid not in self._students:
                raise ValueError(f"student {sid!r} is not in the book")
            if exemption.subject not in self._subjects:
                raise ValueError(f"subject {exemption.subject!r} is not in the book")
            setup = self._setup
            exemptions = {**setup.exemptions, sid: (*setup.exemptions.get(sid, ()), exemption)}
            self._setup = setup.model_copy(update={"exemptions": exemptions})
        elif event is EventKind.WITHDRAW_EXEMPTION:
            sid, subject, decision = (entry.data[k] for k in ("student_id", "subject", "decision"))
            setup = self._setup
            had: tuple[Exemption, ...] = setup.exemptions.get(str(sid), ())
            left = tuple(e for e in had if (e.subject, e.decision) != (subject, decision))
            if len(left) == len(had):
                raise ValueError(f"student {sid!r} holds no exemption {subject!r} by {decision!r}")
            if entry.reason is None:
                raise ValueError("an exemption is withdrawn with a reason")
            exemptions = {k: v for k, v in setup.exemptions.items() if k != sid}
            if left:
                exemptions[str(sid)] = left
            self._setup = setup.model_copy(update={"exemptions": exemptions})
        elif event is EventKind.LOCK:
            scope = LockScope.model_validate(entry.data["scope"])
            if scope.key in self._locks:
                raise ValueError(f"{scope.key} is already locked")
            self._locks[scope.key] = Lock(
                scope=scope,
                actor_id=entry.actor_id,
                role=entry.role,
                at=entry.at,
                reason=entry.reason,
            )
        else:
            scope = LockScope.model_validate(entry.data["scope"])
            del self._locks[scope.key]

    def _advance(self, entry: AuditEntry, approval: Approval) -> None:
        number = entry.data["id"]
        if not isinstance(number, int) or number not in self._corrections:
            raise ValueError(f"no correction #{number}")
        c = self._corrections[number]
        event = entry.event
        update: dict[str, object]
        if event is EventKind.CONFIRM_CORRECTION:
            if c.status is not CorrectionStatus.REQUESTED:
                raise ValueError(f"correction #{number} is not waiting for confirmation")
            update = {"status": CorrectionStatus.CONFIRMED, "approvals": (*c.approvals, approval)}
        elif event is EventKind.APPROVE_CORRECTION:
            if c.status is not CorrectionStatus.CONFIRMED:
                raise ValueError(f"correction #{number} is not waiting for approval")
            update = {"status": CorrectionStatus.APPROVED, "approvals": (*c.approvals, approval)}
        elif event is EventKind.REJECT_CORRECTION:
            if c.status not in (CorrectionStatus.REQUESTED, CorrectionStatus.CONFIRMED):
                raise ValueError(f"correction #{number} is not open")
            update = {"status": CorrectionStatus.REJECTED, "rejection": entry.reason}
        else:
            if c.status not in (CorrectionStatus.CONFIRMED, CorrectionStatus.APPROVED):
                raise ValueError(f"correction #{number} is not ready to apply")
            held = self._cells.get(c.cell.key)
            if (None if held is None else held[1]) != c.old or (entry.old, entry.new) != (
                c.old,
                c.new,
            ):
                raise ValueError(f"correction #{number} does not match the cell or the entry")
            if c.new is None:
                del self._cells[c.cell.key]
            else:
                self._cells[c.cell.key] = (c.cell, c.new)
            update = {"status": CorrectionStatus.APPLIED}
        self._corrections[number] = c.model_copy(update=update)


def _cell_json(cell: Cell) -> dict[str, JsonValue]:
    dumped: dict[str, JsonValue] = cell.model_dump(mode="json")
    return dumped


def _comment_level(raw: object, where: str, subject_name: str) -> CommentLevel:
    if isinstance(raw, CommentLevel):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        for level in CommentLevel:
            if text in (level.value, level.abbreviation):
                return level
    raise ScoreError(
        f"{where}: {subject_name} is assessed by comments; give Đạt (Đ) or Chưa đạt (CĐ), "
        f"not {raw!r} (TT22/2021 Art. 5; TT58/2011 Art. 6)"
    )


def _assessment(
    subject: Subject, semester: Semester, values: dict[str, CellValue]
) -> SubjectAssessment:
    regular_keys = sorted((k for k in values if k.startswith("tx")), key=lambda k: int(k[2:]))
    regular = [values[k] for k in regular_keys]
    mid, final = values.get("gk"), values.get("ck")
    if subject.scored:
        return SubjectAssessment(
            subject=subject.code,
            semester=semester,
            regular=tuple(v for v in regular if isinstance(v, Decimal)),
            midterm=mid if isinstance(mid, Decimal) else None,
            final=final if isinstance(final, Decimal) else None,
        )
    return SubjectAssessment(
        subject=subject.code,
        semester=semester,
        regular_levels=tuple(v for v in regular if isinstance(v, CommentLevel)),
        midterm_level=mid if isinstance(mid, CommentLevel) else None,
        final_level=final if isinstance(final, CommentLevel) else None,
    )


def _first_difference(stored: BookState, replayed: BookState) -> str:
    if stored.setup != replayed.setup:
        return "the set-up"
    a = {e.cell.key: e.value for e in stored.cells}
    b = {e.cell.key: e.value for e in replayed.cells}
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            return (
                f"cell {key}: stored {format_value(a.get(key))}, "
                f"log gives {format_value(b.get(key))}"
            )
    if stored.corrections != replayed.corrections:
        return "the corrections"
    return "the locks"
