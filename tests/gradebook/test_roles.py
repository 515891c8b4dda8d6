"""Role matrix: each role × each action, allowed and refused (TT22 Art. 18–20; TT58 Art. 19–21).

The expected table is written here by hand from the circulars, not read from the policy:
the subject teacher enters and corrects their own subjects' scores; the homeroom teacher
rates training, records absences and confirms corrections; the principal and the vice
principal approve corrections and lock; the data officer sets books up and exports, and
never changes a value.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from vnschool_records.errors import PermissionDenied
from vnschool_records.gradebook import (
    DEFAULT_POLICY,
    Action,
    ActionDenied,
    Actor,
    Cell,
    GradeBook,
    LockScope,
    Role,
)
from vnschool_records.models import CommentLevel, Exemption, TrainingLevel

S, C, P, V, D = (
    Role.SUBJECT_TEACHER,
    Role.HOMEROOM_TEACHER,
    Role.PRINCIPAL,
    Role.VICE_PRINCIPAL,
    Role.DATA_OFFICER,
)

EXPECTED: dict[str, set[Role]] = {
    "create_book": {P, V, D},
    "enter_score": {S},
    "enter_comment_level": {S},
    "enter_reassessment": {S},
    "enter_training": {C},
    "enter_attendance": {C},
    "request_score_correction": {S},
    "request_training_correction": {C},
    "confirm_correction": {C},
    "approve_correction": {P, V},
    "reject_correction": {C, P, V},
    "lock": {P, V},
    "unlock": {P, V},
    "export": {S, C, P, V, D},
    "decide_exemption": {P},
}

SCORE = Cell.assessment("HS001", "toan", 1, "gk")
TRAINING = Cell.training("HS001", "HK1")


def _prepare(world, action: str) -> tuple[GradeBook, Callable[[GradeBook, Actor], object]]:
    """A book in the state the action needs (set up by authorised people) and the action."""
    book = world.new_book()
    if action == "create_book":
        return book, lambda _b, a: world.new_book(created_by=a)
    if action == "enter_score":
        return book, lambda b, a: b.enter_score(a, "HS001", "toan", 1, "tx1", "8")
    if action == "enter_comment_level":
        return book, lambda b, a: b.enter_comment_level(a, "HS001", "gdtc", 1, "tx1", "Đ")
    if action == "enter_reassessment":
        return book, lambda b, a: b.enter_reassessment(a, "HS001", "toan", "5,5")
    if action == "enter_training":
        return book, lambda b, a: b.enter_training(a, "HS001", "HK1", TrainingLevel.GOOD)
    if action == "enter_attendance":
        return book, lambda b, a: b.record_absence(a, "HS001", 1, date(2023, 10, 2), excused=True)
    if action == "export":
        return book, lambda b, a: b.export(a)
    if action == "decide_exemption":
        ruling = Exemption(subject="gdtc", semesters=(2,), part="practical", decision="15/QĐ")
        return book, lambda b, a: b.record_exemption(a, "HS001", ruling)
    if action == "lock":
        return book, lambda b, a: b.lock(a, LockScope.for_semester(1), reason="chốt HK I")
    if action == "unlock":
        book.lock(world.ht, LockScope.for_semester(1))
        return book, lambda b, a: b.unlock(a, LockScope.for_semester(1), reason="mở sửa")
    book.enter_score(world.gv_toan, "HS001", "toan", 1, "gk", "6,5")
    book.enter_training(world.gvcn, "HS001", "HK1", TrainingLevel.FAIR)
    if action == "request_score_correction":
        return book, lambda b, a: b.request_correction(a, SCORE, "7,5", reason="cộng nhầm")
    if action == "request_training_correction":
        return book, lambda b, a: b.request_correction(
            a, TRAINING, TrainingLevel.GOOD, reason="xét lại"
        )
    if action == "approve_correction":
        book.lock(world.ht, LockScope.for_semester(1))
    c = book.request_correction(world.gv_toan, SCORE, "7,5", reason="cộng nhầm")
    if action == "confirm_correction":
        return book, lambda b, a: b.confirm_correction(a, c.correction_id)
    if action == "approve_correction":
        book.confirm_correction(world.gvcn, c.correction_id)
        return book, lambda b, a: b.approve_correction(a, c.correction_id)
    assert action == "reject_correction"
    return book, lambda b, a: b.reject_correction(a, c.correction_id, reason="không đúng")


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_role_matrix(world, action: str, role: Role) -> None:
    book, perform = _prepare(world, action)
    actor = world.by_role(role)
    before, length = book.snapshot(), len(book.log)
    if role in EXPECTED[action]:
        perform(book, actor)
        assert book.verify().ok
        if action not in ("export", "create_book"):
            assert len(book.log) > length
    else:
        with pytest.raises(PermissionDenied) as info:
            perform(book, actor)
        message = str(info.value)
        assert actor.actor_id in message
        assert "rule" in message
        assert "nothing was changed" in message
        assert isinstance(info.value, ActionDenied)
        assert info.value.actor == actor
        assert book.snapshot() == before
        assert len(book.log) == length


def test_every_action_is_in_the_matrix() -> None:
    special = {"request_score_correction", "request_training_correction"}
    action_of = {
        key: Action.REQUEST_CORRECTION if key in special else Action(key) for key in EXPECTED
    }
    assert set(action_of.values()) == set(Action)
    for rule in DEFAULT_POLICY.rules:
        assert rule.citation.startswith(("TT", "as assigned")), rule.name


def test_subject_teacher_only_own_subject_and_class(world) -> None:
    book = world.new_book()
    # Ngữ văn teacher may not enter Toán.
    with pytest.raises(PermissionDenied, match=r"toan is not among the actor's subjects"):
        book.enter_score(world.gv_van, "HS001", "toan", 1, "tx1", 7)
    # A Toán teacher of 6A2 may not enter Toán in 6A1.
    with pytest.raises(PermissionDenied, match=r"class 6A1 is not among"):
        book.enter_score(world.gv_toan_6a2, "HS001", "toan", 1, "tx1", 7)
    # Claiming the subject is not enough when the book assigns it to someone else.
    impostor = world.gv_van.model_copy(update={"subjects": ("ngu_van", "toan")})
    with pytest.raises(PermissionDenied, match=r"assigned to GV01"):
        book.enter_score(impostor, "HS001", "toan", 1, "tx1", 7)
    book.enter_score(world.gv_van, "HS001", "ngu_van", 1, "tx1", 7)
    assert len(book.log) == 2


def test_homeroom_teacher_only_own_class(world) -> None:
    book = world.new_book()
    with pytest.raises(PermissionDenied, match="enter_training"):
        book.enter_training(world.gvcn_6a2, "HS001", "HK1", TrainingLevel.GOOD)
    # Another teacher claiming 6A1 as homeroom is refused: the book names GV04.
    claim = world.gvcn_6a2.model_copy(update={"classes": ("6A1",)})
    with pytest.raises(PermissionDenied, match="homeroom teacher of 6A1 is GV04"):
        book.enter_training(claim, "HS001", "HK1", TrainingLevel.GOOD)


def test_subject_teacher_cannot_correct_training_nor_homeroom_scores(world) -> None:
    book = world.new_book()
    book.enter_score(world.gv_toan, "HS001", "toan", 1, "gk", "6,5")
    book.enter_training(world.gvcn, "HS001", "HK1", TrainingLevel.FAIR)
    with pytest.raises(PermissionDenied, match="only who may enter_training"):
        book.request_correction(world.gv_toan, TRAINING, TrainingLevel.GOOD, reason="x")
    with pytest.raises(PermissionDenied, match="only who may enter_score"):
        book.request_correction(world.gvcn, SCORE, "9", reason="x")


def test_tightened_policy_refuses_vice_principal_unlock(world) -> None:
    strict = DEFAULT_POLICY.without(action=Action.UNLOCK, role=Role.VICE_PRINCIPAL)
    book = world.new_book(policy=strict)
    book.lock(world.pht, LockScope.whole_class())
    with pytest.raises(PermissionDenied, match="no right to unlock") as info:
        book.unlock(world.pht, LockScope.whole_class(), reason="sửa")
    assert info.value.rule == "no rule"
    book.unlock(world.ht, LockScope.whole_class(), reason="sửa")
    assert book.locks == ()


def test_policy_is_data_and_travels_with_the_book(world) -> None:
    strict = DEFAULT_POLICY.without(role=Role.DATA_OFFICER, name="trường THCS A")
    book = world.new_book(policy=strict)
    loaded = GradeBook.from_json(book.to_json())
    assert loaded.policy == strict
    with pytest.raises(PermissionDenied):
        loaded.export(world.data_officer)


def test_without_needs_an_argument() -> None:
    with pytest.raises(ValueError, match="needs an action"):
        DEFAULT_POLICY.without()


def test_comment_level_accepts_abbreviations(world) -> None:
    book = world.new_book()
    cell = book.enter_comment_level(world.gv_toan, "HS001", "gdtc", 1, "tx1", "CĐ")
    assert book.value(cell) is CommentLevel.FAIL
