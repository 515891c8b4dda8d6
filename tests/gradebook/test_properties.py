"""Property: any sequence of allowed and refused actions leaves a book whose log verifies,
whose state equals replaying the log, and which survives a JSON round trip."""

from __future__ import annotations

from datetime import date

from hypothesis import event, given, settings
from hypothesis import strategies as st

from vnschool_records.errors import (
    CorrectionError,
    LockedError,
    PermissionDenied,
    ScoreError,
)
from vnschool_records.gradebook import Cell, GradeBook, LockScope, UnknownEntryError
from vnschool_records.models import CommentLevel, ConductLevel, Exemption, TrainingLevel

ACTORS = ("gv_toan", "gv_van", "gv_toan_6a2", "gvcn", "gvcn_6a2", "ht", "pht", "data_officer")
STUDENTS = ("HS001", "HS002")
DAYS = (date(2023, 10, 2), date(2024, 3, 4))

scores = st.integers(0, 100).map(lambda t: f"{t // 10},{t % 10}")
levels = st.sampled_from(list(CommentLevel))
trainings = st.sampled_from([*TrainingLevel, *ConductLevel])

score_cells = st.builds(
    Cell.assessment,
    st.sampled_from(STUDENTS),
    st.sampled_from(["toan", "ngu_van"]),
    st.sampled_from([1, 2]),
    st.sampled_from(["tx1", "gk", "ck"]),
)
comment_cells = st.builds(
    Cell.assessment,
    st.sampled_from(STUDENTS),
    st.just("gdtc"),
    st.sampled_from([1, 2]),
    st.sampled_from(["tx1", "ck"]),
)
training_cells = st.builds(
    Cell.training, st.sampled_from(STUDENTS), st.sampled_from(["HK1", "HK2", "CN", "he"])
)
absence_cells = st.builds(
    Cell.absence, st.sampled_from(STUDENTS), st.sampled_from([1, 2]), st.sampled_from(DAYS)
)
scopes = st.sampled_from(
    [
        LockScope.for_column("toan", 1, "gk"),
        LockScope.for_subject("ngu_van"),
        LockScope.for_semester(1),
        LockScope.for_semester(2),
        LockScope.whole_class(),
        LockScope.results(),
    ]
)
actor = st.one_of(st.just("auto"), st.just("auto"), st.sampled_from(ACTORS))


def _value_for(cell: Cell):
    if cell.kind.value == "training":
        return trainings
    if cell.kind.value == "absence":
        return st.booleans()
    return levels if cell.subject == "gdtc" else scores


any_cell = st.one_of(score_cells, comment_cells, training_cells, absence_cells)
enter = st.tuples(
    st.just("enter"), actor, any_cell.flatmap(lambda c: st.tuples(st.just(c), _value_for(c)))
)
correct = st.tuples(
    st.just("request"),
    actor,
    any_cell.flatmap(
        lambda c: st.tuples(
            st.just(c),
            st.none() if c.kind.value == "absence" else st.one_of(st.none(), _value_for(c)),
        )
    ),
)
step_on_correction = st.tuples(
    st.sampled_from(["confirm", "approve", "reject"]), actor, st.integers(1, 4)
)
lock_step = st.tuples(st.sampled_from(["lock", "unlock"]), actor, scopes)
exemptions = st.builds(
    Exemption,
    subject=st.sampled_from(["gdtc", "toan"]),
    semesters=st.sampled_from([(1,), (2,), (1, 2)]),
    part=st.just("practical"),
    decision=st.sampled_from(["15/QĐ-THCS", None]),
)
exempt_step = st.tuples(st.just("exempt"), actor, st.tuples(st.sampled_from(STUDENTS), exemptions))
withdraw_step = st.tuples(
    st.just("withdraw"),
    actor,
    st.tuples(st.sampled_from(STUDENTS), st.sampled_from(["gdtc", "toan"]), st.just("15/QĐ-THCS")),
)
steps = st.lists(
    st.one_of(enter, correct, step_on_correction, lock_step, exempt_step, withdraw_step),
    min_size=15,
    max_size=40,
)


def _perform(book: GradeBook, who, step) -> None:
    kind, _name, arg = step
    if kind == "enter":
        cell, value = arg
        if cell.kind.value == "training":
            book.enter_training(who, cell.student_id, cell.column, value)
        elif cell.kind.value == "absence":
            day, session = cell.column.split(":")
            book.record_absence(
                who,
                cell.student_id,
                cell.semester,
                date.fromisoformat(day),
                excused=value,
                session=session,
            )
        elif cell.subject == "gdtc":
            book.enter_comment_level(
                who, cell.student_id, cell.subject, cell.semester, cell.column, value
            )
        else:
            book.enter_score(who, cell.student_id, cell.subject, cell.semester, cell.column, value)
    elif kind == "request":
        cell, value = arg
        book.request_correction(who, cell, value, reason="Sửa theo yêu cầu")
    elif kind == "confirm":
        book.confirm_correction(who, arg)
    elif kind == "approve":
        book.approve_correction(who, arg)
    elif kind == "reject":
        book.reject_correction(who, arg, reason="Không đúng")
    elif kind == "lock":
        book.lock(who, arg, reason="Chốt")
    elif kind == "exempt":
        book.record_exemption(who, *arg)
    elif kind == "withdraw":
        book.withdraw_exemption(who, *arg, reason="Nhập nhầm")
    else:
        book.unlock(who, arg, reason="Mở để sửa")


def _authorised(step) -> str:
    """The person the default policy lets do this step (used for "auto" actors)."""
    kind, _name, arg = step
    if kind in ("enter", "request"):
        cell = arg[0]
        if cell.kind.value in ("training", "absence"):
            return "gvcn"
        return "gv_van" if cell.subject == "ngu_van" else "gv_toan"
    return "gvcn" if kind in ("confirm", "reject") else "ht"


REFUSALS = (PermissionDenied, CorrectionError, UnknownEntryError, ScoreError)


@settings(max_examples=60, deadline=None)
@given(steps=steps)
def test_any_sequence_verifies_and_replays(world, steps) -> None:
    book = world.new_book()
    allowed = refused = 0
    for step in steps:
        name = _authorised(step) if step[1] == "auto" else step[1]
        who = getattr(world, name)
        before, length = book.snapshot(), len(book.log)
        if step[0] == "enter":
            was_locked = bool(book.locks_covering(step[2][0]))
        refusal: Exception | None = None
        try:
            _perform(book, who, step)
        except REFUSALS as exc:
            refusal = exc
        if refusal is not None:
            refused += 1
            assert book.snapshot() == before, refusal
            assert len(book.log) == length
            if isinstance(refusal, LockedError):
                assert step[0] in ("enter", "exempt", "withdraw")
        else:
            allowed += 1
            if step[0] == "enter":
                assert not was_locked
    event(f"allowed {min(allowed, 20) // 10 * 10}+")
    assert allowed + refused == len(steps)
    assert book.verify().ok
    replayed = GradeBook.replay(book.log)
    assert replayed.snapshot() == book.snapshot()
    loaded = GradeBook.from_json(book.to_json())
    assert loaded.snapshot() == book.snapshot()
    for correction in book.corrections:
        if correction.status.value == "applied":
            assert correction.approvals[0].role.value in ("GVBM", "GVCN")
