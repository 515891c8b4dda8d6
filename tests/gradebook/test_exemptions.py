"""Exemptions decided during the year, and subjects taught in one semester, in the grade book."""

from __future__ import annotations

import json
from typing import Any

import pytest

from vnschool_records.errors import (
    AuditIntegrityError,
    CorrectionError,
    LockedError,
    PermissionDenied,
)
from vnschool_records.gradebook import EventKind, GradeBook, LockScope, UnknownEntryError
from vnschool_records.models import Exemption, Semester, subject_catalogue

INJURY = Exemption(
    subject="gdtc",
    semesters=(Semester.TWO,),
    part="practical",
    decision="15/QĐ-THCS",
    reason="Gãy tay, điều trị 3 tháng",
)


def test_the_principal_records_a_semester_two_exemption(world: Any) -> None:
    book = world.new_book()
    before = len(book.log)
    book.record_exemption(world.ht, "HS001", INJURY)
    assert book.setup.exemptions["HS001"] == (INJURY,)
    entry = book.log.entries[-1]
    assert (entry.event, entry.actor_id, entry.reason) == (EventKind.EXEMPT, "HT01", INJURY.reason)
    assert len(book.log) == before + 1
    record = next(r for r in book.to_records() if r.student.student_id == "HS001")
    assert record.exemptions == (INJURY,)
    others = [r.exemptions for r in book.to_records() if r.student.student_id != "HS001"]
    assert others == [(), ()]


def test_a_book_with_an_exemption_event_is_written_in_format_2_and_replays(world: Any) -> None:
    book = world.new_book()
    assert json.loads(book.to_json())["format"] == "vnschool-gradebook/1"
    book.record_exemption(world.ht, "HS002", INJURY)
    text = book.to_json()
    assert json.loads(text)["format"] == "vnschool-gradebook/2"
    again = GradeBook.from_json(text)
    assert again.snapshot() == book.snapshot()
    assert GradeBook.replay(book.log).setup.exemptions == {"HS002": (INJURY,)}
    # A format-1 reader cannot know the event: a document that claims format 1 is refused.
    doc = json.loads(text)
    doc["format"] = "vnschool-gradebook/1"
    with pytest.raises(AuditIntegrityError, match="cannot hold an exemption event"):
        GradeBook.from_json(json.dumps(doc))


def test_a_second_exemption_for_the_other_semester_adds_to_the_first(world: Any) -> None:
    book = world.new_book()
    book.record_exemption(world.ht, "HS001", INJURY)
    first = INJURY.model_copy(update={"semesters": (Semester.ONE,), "decision": "20/QĐ-THCS"})
    book.record_exemption(world.ht, "HS001", first)
    assert book.setup.exemptions["HS001"] == (INJURY, first)


@pytest.mark.parametrize(
    ("who", "student", "exemption", "error", "says"),
    [
        ("gv_toan", "HS001", INJURY, PermissionDenied, "decide_exemption"),
        ("pht", "HS001", INJURY, PermissionDenied, "decide_exemption"),
        ("ht", "HS009", INJURY, UnknownEntryError, "not in class 6A1"),
        ("ht", "HS001", INJURY.model_copy(update={"subject": "hoa"}), UnknownEntryError, "hoa"),
        ("ht", "HS001", INJURY.model_copy(update={"decision": None}), CorrectionError, "decision"),
        ("ht", "HS001", INJURY.model_copy(update={"decision": " "}), CorrectionError, "decision"),
    ],
)
def test_refusals_change_nothing(
    world: Any, who: str, student: str, exemption: Exemption, error: type, says: str
) -> None:
    book = world.new_book()
    before = book.to_json()
    with pytest.raises(error, match=says):
        book.record_exemption(getattr(world, who), student, exemption)
    assert book.to_json() == before


def test_an_exemption_held_already_is_refused(world: Any) -> None:
    book = world.new_book()
    book.record_exemption(world.ht, "HS001", INJURY)
    before = book.to_json()
    whole_year = INJURY.model_copy(update={"semesters": (Semester.ONE, Semester.TWO)})
    with pytest.raises(CorrectionError, match="already exempt from 'gdtc' in semester 2"):
        book.record_exemption(world.ht, "HS001", whole_year)
    assert book.to_json() == before


@pytest.mark.parametrize(
    "scope",
    [
        LockScope.for_column("gdtc", 2, "tx1"),
        LockScope.for_subject("gdtc", 2),
        LockScope.for_subject("gdtc"),
        LockScope.for_semester(2),
        LockScope.whole_class(),
        LockScope.results(),
    ],
    ids=lambda s: s.key,
)
def test_a_lock_over_the_subject_and_semester_refuses_it(world: Any, scope: LockScope) -> None:
    book = world.new_book()
    book.lock(world.ht, scope, reason="khoá sổ")
    before = book.to_json()
    with pytest.raises(LockedError, match=scope.key):
        book.record_exemption(world.ht, "HS001", INJURY)
    assert book.to_json() == before
    book.unlock(world.ht, scope, reason="quyết định miễn học sau khi khoá sổ")
    book.record_exemption(world.ht, "HS001", INJURY)
    assert book.setup.exemptions["HS001"] == (INJURY,)


@pytest.mark.parametrize(
    "scope", [LockScope.for_semester(1), LockScope.for_subject("toan", 2)], ids=lambda s: s.key
)
def test_a_lock_elsewhere_does_not(world: Any, scope: LockScope) -> None:
    book = world.new_book()
    book.lock(world.ht, scope)
    book.record_exemption(world.ht, "HS001", INJURY)
    assert book.setup.exemptions["HS001"] == (INJURY,)


def test_the_principal_withdraws_an_exemption_with_a_reason(world: Any) -> None:
    book = world.new_book()
    book.record_exemption(world.ht, "HS001", INJURY)
    withdrawn = book.withdraw_exemption(
        world.ht, "HS001", "gdtc", "15/QĐ-THCS", reason="Nhập nhầm học sinh"
    )
    assert withdrawn == INJURY
    assert "HS001" not in book.setup.exemptions
    record = next(r for r in book.to_records() if r.student.student_id == "HS001")
    assert record.exemptions == ()
    entry = book.log.entries[-1]
    assert (entry.event, entry.reason) == (EventKind.WITHDRAW_EXEMPTION, "Nhập nhầm học sinh")
    text = book.to_json()
    assert json.loads(text)["format"] == "vnschool-gradebook/2"
    assert GradeBook.from_json(text).snapshot() == book.snapshot()
    # Once withdrawn, the right exemption can be recorded.
    book.record_exemption(world.ht, "HS002", INJURY)
    assert book.setup.exemptions == {"HS002": (INJURY,)}


def test_an_exemption_given_at_set_up_can_be_withdrawn_and_the_others_stay(world: Any) -> None:
    music = Exemption(subject="nghe_thuat", decision="3/QĐ-THCS")
    book = GradeBook.create(
        class_group=world.class_group,
        students=world.students,
        subjects=subject_catalogue("2018", 6),
        created_by=world.ht,
        exemptions={"HS003": [INJURY, music]},
    )
    book.withdraw_exemption(world.ht, "HS003", "gdtc", "15/QĐ-THCS", reason="Đã bình phục")
    assert book.setup.exemptions == {"HS003": (music,)}
    assert GradeBook.replay(book.log).snapshot() == book.snapshot()


@pytest.mark.parametrize(
    ("who", "subject", "decision", "reason", "error", "says"),
    [
        ("gv_toan", "gdtc", "15/QĐ-THCS", "x", PermissionDenied, "decide_exemption"),
        ("ht", "gdtc", "16/QĐ-THCS", "x", UnknownEntryError, "no exemption"),
        ("ht", "toan", "15/QĐ-THCS", "x", UnknownEntryError, "no exemption"),
        ("ht", "gdtc", "15/QĐ-THCS", " ", CorrectionError, "reason"),
    ],
)
def test_withdrawal_refusals_change_nothing(
    world: Any, who: str, subject: str, decision: str, reason: str, error: type, says: str
) -> None:
    book = world.new_book()
    book.record_exemption(world.ht, "HS001", INJURY)
    before = book.to_json()
    with pytest.raises(error, match=says):
        book.withdraw_exemption(getattr(world, who), "HS001", subject, decision, reason=reason)
    assert book.to_json() == before


def test_a_lock_over_the_exemption_refuses_its_withdrawal(world: Any) -> None:
    book = world.new_book()
    book.record_exemption(world.ht, "HS001", INJURY)
    book.lock(world.ht, LockScope.for_semester(2))
    before = book.to_json()
    with pytest.raises(LockedError, match="semester/2"):
        book.withdraw_exemption(world.ht, "HS001", "gdtc", "15/QĐ-THCS", reason="x")
    assert book.to_json() == before


def test_a_subject_taught_in_one_semester_takes_entries_in_that_one_only(world: Any) -> None:
    subjects = tuple(
        s.model_copy(update={"semesters": (Semester.ONE,)}) if s.code == "toan" else s
        for s in subject_catalogue("2018", 6)
    )
    book = GradeBook.create(
        class_group=world.class_group,
        students=world.students,
        subjects=subjects,
        created_by=world.ht,
        subject_teachers={"toan": "GV01"},
    )
    book.enter_score(world.gv_toan, "HS001", "toan", 1, "gk", "8")
    before = book.to_json()
    with pytest.raises(UnknownEntryError, match="'toan' is taught only in semester 1"):
        book.enter_score(world.gv_toan, "HS001", "toan", 2, "gk", "8")
    assert book.to_json() == before
    assert GradeBook.from_json(before).setup.subjects == subjects
