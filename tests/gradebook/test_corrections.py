"""The correction chain (TT58 Art. 19–21; TT22 Art. 19–20) and recomputation of results."""

from __future__ import annotations

from decimal import Decimal

import pytest

from vnschool_records.errors import CorrectionError
from vnschool_records.gradebook import (
    Cell,
    CorrectionStatus,
    EventKind,
    LockScope,
    UnknownEntryError,
)
from vnschool_records.models import CommentLevel, TrainingLevel, subject_catalogue

GK = Cell.assessment("HS001", "toan", 1, "gk")


def _book_with_score(world):
    book = world.new_book()
    book.enter_score(world.gv_toan, "HS001", "toan", 1, "gk", "6,5")
    return book


def test_unlocked_correction_applies_on_confirmation(world) -> None:
    book = _book_with_score(world)
    c = book.request_correction(world.gv_toan, GK, "7,5", reason="Cộng nhầm")
    assert (c.status, book.value(GK)) == (CorrectionStatus.REQUESTED, Decimal("6.5"))
    c = book.confirm_correction(world.gvcn, c.correction_id)
    assert (c.status, book.value(GK)) == (CorrectionStatus.APPLIED, Decimal("7.5"))
    events = [e.event for e in book.log]
    assert events[-3:] == [
        EventKind.REQUEST_CORRECTION,
        EventKind.CONFIRM_CORRECTION,
        EventKind.APPLY_CORRECTION,
    ]
    applied = book.log[-1]
    assert (applied.old, applied.new, applied.reason) == (
        {"score": "6.5"},
        {"score": "7.5"},
        "Cộng nhầm",
    )
    assert [(a.step, a.actor_id) for a in applied.approvals] == [
        ("request_correction", "GV01"),
        ("confirm_correction", "GV04"),
    ]


def test_locked_correction_waits_for_the_principal(world) -> None:
    book = _book_with_score(world)
    book.lock(world.ht, LockScope.for_semester(1), reason="chốt HK I")
    c = book.request_correction(world.gv_toan, GK, "7,5", reason="Cộng nhầm")
    with pytest.raises(CorrectionError, match="must first be confirmed"):
        book.approve_correction(world.ht, c.correction_id)
    c = book.confirm_correction(world.gvcn, c.correction_id)
    assert (c.status, book.value(GK)) == (CorrectionStatus.CONFIRMED, Decimal("6.5"))
    c = book.approve_correction(world.ht, c.correction_id)
    assert (c.status, book.value(GK)) == (CorrectionStatus.APPLIED, Decimal("7.5"))
    assert [a.role.value for a in c.approvals] == ["GVBM", "GVCN", "HT"]
    assert book.locks_covering(GK)  # still locked: the correction went through the chain
    with pytest.raises(CorrectionError, match="not waiting for approval"):
        book.approve_correction(world.ht, c.correction_id)


def test_policy_always_requires_approval(world) -> None:
    from vnschool_records.gradebook import DEFAULT_POLICY

    strict = DEFAULT_POLICY.model_copy(update={"correction_approval": "always"})
    book = world.new_book(policy=strict)
    book.enter_score(world.gv_toan, "HS001", "toan", 1, "gk", "6,5")
    c = book.request_correction(world.gv_toan, GK, "7", reason="x")
    c = book.confirm_correction(world.gvcn, c.correction_id)
    assert c.status is CorrectionStatus.CONFIRMED
    assert book.approve_correction(world.pht, c.correction_id).status is CorrectionStatus.APPLIED


def test_filled_cell_changes_only_through_a_correction(world) -> None:
    book = _book_with_score(world)
    with pytest.raises(CorrectionError, match="only through a correction"):
        book.enter_score(world.gv_toan, "HS001", "toan", 1, "gk", "9")
    assert book.value(GK) == Decimal("6.5")


def test_correction_errors(world) -> None:
    book = _book_with_score(world)
    with pytest.raises(CorrectionError, match="needs a reason"):
        book.request_correction(world.gv_toan, GK, "7", reason=" ")
    with pytest.raises(CorrectionError, match="nothing to correct"):
        book.request_correction(world.gv_toan, GK, "6.5", reason="x")
    c = book.request_correction(world.gv_toan, GK, "7", reason="x")
    with pytest.raises(CorrectionError, match="already has an open correction #1"):
        book.request_correction(world.gv_toan, GK, "8", reason="y")
    with pytest.raises(CorrectionError, match="needs a reason"):
        book.reject_correction(world.gvcn, c.correction_id, reason="")
    c = book.reject_correction(world.gvcn, c.correction_id, reason="Điểm đúng")
    assert (c.status, c.rejection, book.value(GK)) == (
        CorrectionStatus.REJECTED,
        "Điểm đúng",
        Decimal("6.5"),
    )
    with pytest.raises(CorrectionError, match="not waiting for confirmation"):
        book.confirm_correction(world.gvcn, c.correction_id)
    with pytest.raises(CorrectionError, match="no longer open"):
        book.reject_correction(world.ht, c.correction_id, reason="x")
    with pytest.raises(UnknownEntryError, match="#9"):
        book.confirm_correction(world.gvcn, 9)
    with pytest.raises(ValueError, match="outside 0–10"):
        book.request_correction(world.gv_toan, GK, "11", reason="x")


def test_training_correction_needs_no_confirmation_but_approval_when_locked(world) -> None:
    book = world.new_book()
    cell = book.enter_training(world.gvcn, "HS001", "HK1", TrainingLevel.FAIR)
    c = book.request_correction(world.gvcn, cell, TrainingLevel.GOOD, reason="Xét lại")
    assert c.status is CorrectionStatus.APPLIED
    book.lock(world.ht, LockScope.results())
    c = book.request_correction(world.gvcn, cell, TrainingLevel.PASS, reason="Vi phạm nội quy")
    assert c.status is CorrectionStatus.CONFIRMED
    assert book.value(cell) is TrainingLevel.GOOD
    book.approve_correction(world.ht, c.correction_id)
    assert book.value(cell) is TrainingLevel.PASS


def test_correction_can_remove_or_add_a_value(world) -> None:
    book = _book_with_score(world)
    c = book.request_correction(world.gv_toan, GK, None, reason="Nhập nhầm học sinh")
    book.confirm_correction(world.gvcn, c.correction_id)
    assert book.value(GK) is None
    # After closing, a missing make-up score is added through the chain too.
    book.lock(world.ht, LockScope.results())
    ck = Cell.assessment("HS001", "toan", 1, "ck")
    c = book.request_correction(world.gv_toan, ck, "8", reason="Kiểm tra bù")
    book.confirm_correction(world.gvcn, c.correction_id)
    book.approve_correction(world.ht, c.correction_id)
    assert book.value(ck) == Decimal("8")


def test_comment_subject_corrections_take_levels(world) -> None:
    book = world.new_book()
    cell = book.enter_comment_level(world.gv_toan, "HS001", "gdtc", 1, "ck", CommentLevel.FAIL)
    with pytest.raises(ValueError, match="assessed by comments"):
        book.request_correction(world.gv_toan, cell, "8", reason="x")
    c = book.request_correction(world.gv_toan, cell, "Đạt", reason="Kiểm tra lại")
    book.confirm_correction(world.gvcn, c.correction_id)
    assert book.value(cell) is CommentLevel.PASS


def test_unknown_student_and_subject(world) -> None:
    book = world.new_book()
    with pytest.raises(UnknownEntryError, match="HS999"):
        book.enter_score(world.gv_toan, "HS999", "toan", 1, "gk", 7)
    with pytest.raises(UnknownEntryError, match="vat_li"):
        book.enter_score(world.gv_toan, "HS001", "vat_li", 1, "gk", 7)
    with pytest.raises(ValueError, match="assessed with scores"):
        book.enter_score(world.gv_toan, "HS001", "toan", 1, "gk", CommentLevel.PASS)


# ---------------------------------------------------------------- recomputation

SIX = ("ngu_van", "ngoai_ngu_1", "gdcd", "lich_su_dia_li", "khtn")  # with toan: 6 at 6.0
WEAK = ("cong_nghe", "tin_hoc")  # 4.0 each


def _fill_year(book, world) -> None:
    """A full grade-6 year for HS001 under TT22, built so that one Toán score decides.

    Scored subjects: every score s in both semesters → average s. Toán (4 ĐĐGtx) semester II
    has ck 1.0: (4·6 + 2·6 + 3·1) / 9 = 39/9 = 4.33 → 4.3; year (6.0 + 2·4.3) / 3 = 4.87 → 4.9.
    So only 5 subjects reach 5.0 and learning is Chưa đạt (TT22 Art. 9 cl. 2 c needs 6).
    """
    gv = world.gv_toan.model_copy(
        update={"subjects": tuple(s.code for s in subject_catalogue("2018", 6))}
    )
    book_teachers = book.setup.subject_teachers
    assert book_teachers["toan"] == gv.actor_id
    for subject in subject_catalogue("2018", 6):
        actor = world.gv_van if book_teachers.get(subject.code) == "GV02" else gv
        # TT22 Art. 6 cl. 2: scored subjects take 2 regular scores up to 35 periods a year,
        # 3 up to 70, 4 above; comment subjects take 2.
        periods = subject.periods_per_year
        regular = 2 if periods <= 35 or not subject.scored else 3 if periods <= 70 else 4
        columns = [f"tx{i}" for i in range(1, regular + 1)] + ["gk", "ck"]
        for semester in (1, 2):
            for column in columns:
                if not subject.scored:
                    book.enter_comment_level(
                        actor, "HS001", subject.code, semester, column, CommentLevel.PASS
                    )
                    continue
                value = "6" if subject.code in (*SIX, "toan") else "4"
                if (subject.code, semester, column) == ("toan", 2, "ck"):
                    value = "1"
                book.enter_score(actor, "HS001", subject.code, semester, column, value)
    for period in ("HK1", "HK2"):
        book.enter_training(world.gvcn, "HS001", period, TrainingLevel.GOOD)


def test_correction_recomputes_averages_learning_and_promotion(world) -> None:
    from vnschool_records.regulations import LearningLevel, PromotionOutcome

    book = world.new_book()
    _fill_year(book, world)
    book.lock(world.ht, LockScope.results(), reason="Phê duyệt kết quả cả năm")
    before = book.result("HS001")
    assert before.semester2.subject_averages["toan"].value == Decimal("4.3")
    assert before.year.subject_averages["toan"].value == Decimal("4.9")
    assert before.year.learning.value is LearningLevel.FAIL
    assert before.promotion.value is PromotionOutcome.REASSESSMENT

    cell = Cell.assessment("HS001", "toan", 2, "ck")
    c = book.request_correction(world.gv_toan, cell, "7", reason="Chấm sót câu 3")
    book.confirm_correction(world.gvcn, c.correction_id)
    assert book.result("HS001").year.subject_averages["toan"].value == Decimal("4.9")
    book.approve_correction(world.ht, c.correction_id)

    after = book.result("HS001")
    # (4·6 + 2·6 + 3·7) / 9 = 57/9 = 6.33 → 6.3; year (6.0 + 2·6.3) / 3 = 6.2
    assert after.semester2.subject_averages["toan"].value == Decimal("6.3")
    assert after.year.subject_averages["toan"].value == Decimal("6.2")
    # six subjects ≥ 5.0, none below 3.5, all comment subjects Đạt → Đạt (Art. 9 cl. 2 c)
    assert after.year.learning.value is LearningLevel.PASS
    assert after.promotion.value is PromotionOutcome.PROMOTED
    assert after.award.value is None
    assert book.verify().ok


def test_results_of_an_incomplete_book_name_the_gap(world) -> None:
    from vnschool_records.errors import IncompleteDataError

    book = world.new_book()
    _fill_year(book, world)
    with pytest.raises(IncompleteDataError, match="HS002"):
        book.results()
    with pytest.raises(UnknownEntryError, match="HS404"):
        book.result("HS404")
    one = world.new_book(students=(world.students[0],))
    _fill_year(one, world)
    assert set(one.results()) == {"HS001"}
