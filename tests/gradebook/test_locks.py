"""Locks at each scope, the results cascade, and audited unlocks."""

from __future__ import annotations

from datetime import date

import pytest

from vnschool_records.errors import LockedError, PermissionDenied
from vnschool_records.gradebook import (
    Cell,
    EventKind,
    LockLevel,
    LockScope,
    ScopeLockedError,
    UnknownEntryError,
)
from vnschool_records.models import ConductLevel, TrainingLevel

TOAN_GK_1 = Cell.assessment("HS001", "toan", 1, "gk")
TOAN_CK_1 = Cell.assessment("HS001", "toan", 1, "ck")
TOAN_GK_2 = Cell.assessment("HS001", "toan", 2, "gk")
VAN_GK_1 = Cell.assessment("HS001", "ngu_van", 1, "gk")
TRAIN_1 = Cell.training("HS001", "HK1")
TRAIN_YEAR = Cell.training("HS001", "CN")
TRAIN_SUMMER = Cell.training("HS001", "he")
ABSENT_1 = Cell.absence("HS001", 1, date(2023, 10, 2))
ABSENT_2 = Cell.absence("HS001", 2, date(2024, 3, 4), "C")
REASSESS = Cell.reassessment("HS001", "toan")
ALL = [
    TOAN_GK_1,
    TOAN_CK_1,
    TOAN_GK_2,
    VAN_GK_1,
    TRAIN_1,
    TRAIN_YEAR,
    TRAIN_SUMMER,
    ABSENT_1,
    ABSENT_2,
    REASSESS,
]

# Which of ALL each scope covers, written out by hand.
COVERAGE = {
    LockScope.for_column("toan", 1, "gk"): {TOAN_GK_1},
    LockScope.for_subject("toan", 1): {TOAN_GK_1, TOAN_CK_1},
    LockScope.for_subject("toan"): {TOAN_GK_1, TOAN_CK_1, TOAN_GK_2, REASSESS},
    LockScope.for_semester(1): {TOAN_GK_1, TOAN_CK_1, VAN_GK_1, TRAIN_1, ABSENT_1},
    LockScope.for_semester(2): {TOAN_GK_2, TRAIN_YEAR, ABSENT_2},
    LockScope.whole_class(): set(ALL),
    LockScope.results(): set(ALL) - {TRAIN_SUMMER, REASSESS},
}


@pytest.mark.parametrize("scope", list(COVERAGE), ids=lambda s: s.key)
def test_scope_coverage(scope: LockScope) -> None:
    assert {c for c in ALL if scope.covers(c)} == COVERAGE[scope]


def _enter(book, world, cell: Cell) -> None:
    """Enter something into ``cell`` as the person allowed to."""
    if cell.kind.value == "assessment":
        actor = world.gv_van if cell.subject == "ngu_van" else world.gv_toan
        book.enter_score(actor, cell.student_id, cell.subject, cell.semester, cell.column, 7)
    elif cell.kind.value == "reassessment":
        book.enter_reassessment(world.gv_toan, cell.student_id, cell.subject, 6)
    elif cell.kind.value == "training":
        book.enter_training(world.gvcn, cell.student_id, cell.column, TrainingLevel.GOOD)
    else:
        day, session = cell.column.split(":")
        book.record_absence(
            world.gvcn,
            cell.student_id,
            cell.semester,
            date.fromisoformat(day),
            excused=False,
            session=session,
        )


@pytest.mark.parametrize("scope", list(COVERAGE), ids=lambda s: s.key)
def test_entries_into_locked_scope_are_refused_and_change_nothing(world, scope) -> None:
    book = world.new_book()
    book.lock(world.ht, scope, reason="chốt")
    for cell in ALL:
        before, length = book.snapshot(), len(book.log)
        if cell in COVERAGE[scope]:
            with pytest.raises(LockedError) as info:
                _enter(book, world, cell)
            assert isinstance(info.value, ScopeLockedError)
            assert scope.key in str(info.value)
            assert "HT01" in str(info.value)
            assert book.snapshot() == before
            assert len(book.log) == length
        else:
            _enter(book, world, cell)
            assert book.value(cell) is not None


def test_permission_is_checked_before_the_lock(world) -> None:
    book = world.new_book()
    book.lock(world.ht, LockScope.whole_class())
    with pytest.raises(PermissionDenied) as info:
        book.enter_score(world.gv_van, "HS001", "toan", 1, "gk", 7)
    assert not isinstance(info.value, LockedError)


def test_unlocking_a_narrow_scope_leaves_the_broad_lock_in_force(world) -> None:
    book = world.new_book()
    book.lock(world.ht, LockScope.for_column("toan", 1, "gk"))
    book.lock(world.ht, LockScope.results())
    book.unlock(world.ht, LockScope.for_column("toan", 1, "gk"), reason="mở cột")
    assert [lock.scope.level for lock in book.locks_covering(TOAN_GK_1)] == [LockLevel.RESULTS]
    with pytest.raises(LockedError):
        _enter(book, world, TOAN_GK_1)
    # and unlocking the broad one does not remove a narrow one set separately
    book.lock(world.ht, LockScope.for_column("toan", 1, "gk"))
    book.unlock(world.pht, LockScope.results(), reason="phúc khảo")
    with pytest.raises(LockedError):
        _enter(book, world, TOAN_GK_1)
    _enter(book, world, TOAN_CK_1)


def test_results_lock_freezes_results_inputs_but_not_summer_work(world) -> None:
    book = world.new_book()
    _enter(book, world, TOAN_GK_1)
    digest = book.records_digest()
    book.lock(world.ht, LockScope.results(), reason="Hiệu trưởng phê duyệt kết quả")
    entry = book.log[-1]
    assert entry.event is EventKind.LOCK
    assert entry.data["records_digest"] == digest
    for cell in (TOAN_CK_1, TRAIN_YEAR, ABSENT_2):
        with pytest.raises(LockedError):
            _enter(book, world, cell)
    assert book.records_digest() == digest  # averages, promotion and awards are computed from these
    _enter(book, world, REASSESS)
    book.enter_training(world.gvcn, "HS001", "he", ConductLevel.FAIR)
    assert book.records_digest() != digest


def test_unlock_is_audited_with_reason_and_actor(world) -> None:
    book = world.new_book()
    book.lock(world.ht, LockScope.for_semester(1), reason="chốt HK I")
    with pytest.raises(ValueError, match="needs a reason"):
        book.unlock(world.ht, LockScope.for_semester(1), reason="  ")
    with pytest.raises(PermissionDenied):
        book.unlock(world.gvcn, LockScope.for_semester(1), reason="tôi muốn sửa")
    book.unlock(world.pht, LockScope.for_semester(1), reason="bổ sung điểm kiểm tra lại")
    entry = book.log[-1]
    assert (entry.event, entry.actor_id, entry.role.value, entry.reason) == (
        EventKind.UNLOCK,
        "PHT01",
        "PHT",
        "bổ sung điểm kiểm tra lại",
    )
    assert entry.data["scope"] == {
        "level": "semester",
        "subject": None,
        "semester": 1,
        "column": None,
    }
    _enter(book, world, TOAN_GK_1)


def test_lock_twice_is_a_no_op_and_unlock_of_open_scope_is_an_error(world) -> None:
    book = world.new_book()
    first = book.lock(world.ht, LockScope.whole_class(), reason="a")
    length = len(book.log)
    assert book.lock(world.pht, LockScope.whole_class(), reason="b") == first
    assert len(book.log) == length
    with pytest.raises(UnknownEntryError, match="not locked"):
        book.unlock(world.ht, LockScope.for_semester(2), reason="x")
    with pytest.raises(UnknownEntryError, match="latin"):
        book.lock(world.ht, LockScope.for_subject("latin"))


def test_bad_scope_shapes_are_refused() -> None:
    with pytest.raises(ValueError, match="semester lock"):
        LockScope(level=LockLevel.SEMESTER)
    with pytest.raises(ValueError, match="not an assessment cell"):
        LockScope.column_of(TRAIN_1)
    assert LockScope.column_of(TOAN_GK_1) == LockScope.for_column("toan", 1, "gk")
