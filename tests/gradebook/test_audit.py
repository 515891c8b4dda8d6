"""Audit log: hash chain, tamper detection that says where, JSON lines, JSON round trip."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest

from vnschool_records.errors import AuditIntegrityError
from vnschool_records.gradebook import (
    GENESIS_HASH,
    AuditLog,
    Cell,
    EventKind,
    GradeBook,
    LockScope,
    canonical_json,
)
from vnschool_records.models import TrainingLevel


def _busy_book(world) -> GradeBook:
    """Ten entries: create, 4 entries, lock, request, confirm, approve, apply."""
    book = world.new_book()
    book.enter_score(world.gv_toan, "HS001", "toan", 1, "gk", "6,5")
    book.enter_score(world.gv_van, "HS002", "ngu_van", 1, "tx1", "8")
    book.enter_training(world.gvcn, "HS001", "HK1", TrainingLevel.GOOD)
    book.record_absence(world.gvcn, "HS003", 1, date(2023, 10, 2), excused=True)
    book.lock(world.ht, LockScope.for_semester(1), reason="Chốt sổ HK I")
    cell = Cell.assessment("HS001", "toan", 1, "gk")
    c = book.request_correction(world.gv_toan, cell, "7,5", reason="Cộng nhầm")
    book.confirm_correction(world.gvcn, c.correction_id)
    book.approve_correction(world.ht, c.correction_id)
    return book


def test_chain_is_sha256_of_canonical_json_with_previous_hash(world) -> None:
    book = _busy_book(world)
    prev = GENESIS_HASH
    for i, entry in enumerate(book.log):
        body = entry.model_dump(mode="json")
        stored = body.pop("hash")
        assert body["prev_hash"] == prev
        assert body["index"] == i
        digest = hashlib.sha256(
            json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
        ).hexdigest()
        assert digest == stored
        prev = stored
    assert book.log.head == prev
    result = book.verify()
    assert (result.ok, result.entries, result.head, result.index) == (True, 10, prev, None)


def test_entries_record_who_when_what_old_new_reason(world) -> None:
    book = _busy_book(world)
    first = book.log[0]
    assert (first.event, first.actor_id, first.role.value) == (EventKind.CREATE, "HT01", "HT")
    enter = book.log[1]
    assert (enter.actor_id, enter.actor_name, enter.cell, enter.old, enter.new) == (
        "GV01",
        "Trần Thị Lan",
        "assessment/HS001/toan/1/gk",
        None,
        {"score": "6.5"},
    )
    assert enter.at.utcoffset() is not None
    times = [e.at for e in book.log]
    assert times == sorted(times)


def _lines(book: GradeBook) -> list[str]:
    return book.log.to_jsonl().splitlines()


@pytest.mark.parametrize("index", [0, 3, 7, 9])
def test_edit_is_detected_at_the_edited_entry(world, index: int) -> None:
    lines = _lines(_busy_book(world))
    entry = json.loads(lines[index])
    entry["reason"] = "sửa lén"
    lines[index] = json.dumps(entry, ensure_ascii=False)
    log = AuditLog.from_jsonl("\n".join(lines), verify=False)
    result = log.verify()
    assert (result.ok, result.index) == (False, index)
    assert "altered" in (result.problem or "")
    with pytest.raises(AuditIntegrityError, match=f"entry {index}:"):
        AuditLog.from_jsonl("\n".join(lines))


def test_edit_with_recomputed_hash_breaks_the_next_link(world) -> None:
    lines = _lines(_busy_book(world))
    log = AuditLog.from_jsonl("\n".join(lines))
    forged = log[1].model_copy(update={"new": {"score": "9.5"}})
    forged = forged.model_copy(update={"hash": forged.content_hash()})
    entries = list(log.entries)
    entries[1] = forged
    result = AuditLog.from_entries(entries, verify=False).verify()
    assert (result.ok, result.index) == (False, 2)
    assert "does not link to entry 1" in (result.problem or "")


@pytest.mark.parametrize("index", [1, 5, 8])
def test_deletion_is_detected_where_it_happened(world, index: int) -> None:
    lines = _lines(_busy_book(world))
    del lines[index]
    result = AuditLog.from_jsonl("\n".join(lines), verify=False).verify()
    assert (result.ok, result.index) == (False, index)
    assert "removed" in (result.problem or "")


def test_reordering_is_detected(world) -> None:
    lines = _lines(_busy_book(world))
    lines[4], lines[5] = lines[5], lines[4]
    result = AuditLog.from_jsonl("\n".join(lines), verify=False).verify()
    assert (result.ok, result.index) == (False, 4)


def test_truncation_needs_an_anchor(world) -> None:
    book = _busy_book(world)
    head, length = book.log.head, len(book.log)
    lines = _lines(book)[:-2]
    log = AuditLog.from_jsonl("\n".join(lines))  # a prefix of a chain is a valid chain
    assert log.verify().ok
    assert not log.verify(expected_head=head).ok
    result = log.verify(expected_length=length)
    assert (result.ok, result.index) == (False, 8)


def test_malformed_line_names_the_line(world) -> None:
    lines = _lines(_busy_book(world))
    lines[2] = '{"index": 2}'
    with pytest.raises(AuditIntegrityError, match="line 3"):
        AuditLog.from_jsonl("\n".join(lines))


def test_jsonl_is_canonical_and_round_trips(world) -> None:
    book = _busy_book(world)
    text = book.export_audit_jsonl(world.data_officer)
    for line in text.splitlines():
        assert line == canonical_json(json.loads(line)).decode()
    again = AuditLog.from_jsonl(text)
    assert again.entries == book.log.entries
    assert again.to_jsonl() == text


def test_json_round_trip_without_loss(world) -> None:
    book = _busy_book(world)
    text = book.to_json()
    loaded = GradeBook.from_json(text)
    assert loaded.snapshot() == book.snapshot()
    assert loaded.log.entries == book.log.entries
    assert loaded.to_json() == text
    assert loaded.corrections[0].approvals == book.corrections[0].approvals
    # the loaded book keeps working and enforcing its locks and policy
    loaded.enter_score(world.gv_toan, "HS002", "toan", 2, "gk", "9")
    assert loaded.verify().ok


def test_json_with_altered_state_is_refused_and_says_where(world) -> None:
    book = _busy_book(world)
    doc = json.loads(book.to_json())
    for entry in doc["state"]["cells"]:
        if entry["cell"]["student_id"] == "HS002":
            entry["value"] = {"score": "10"}
    with pytest.raises(AuditIntegrityError, match=r"cell assessment/HS002/ngu_van/1/tx1"):
        GradeBook.from_json(json.dumps(doc))


def test_json_with_altered_log_is_refused(world) -> None:
    book = _busy_book(world)
    doc = json.loads(book.to_json())
    doc["log"][3]["actor_id"] = "GV99"
    with pytest.raises(AuditIntegrityError, match="entry 3"):
        GradeBook.from_json(json.dumps(doc))
    with pytest.raises(AuditIntegrityError, match="not a grade-book document"):
        GradeBook.from_json('{"format": "other"}')


def test_replay_reproduces_state(world) -> None:
    book = _busy_book(world)
    replayed = GradeBook.replay(book.log)
    assert replayed.snapshot() == book.snapshot()
    assert replayed.records_digest() == book.records_digest()


def test_replay_refuses_a_log_that_cannot_apply(world) -> None:
    book = _busy_book(world)
    entries = list(book.log.entries)
    # A well-chained log whose events contradict each other: enter the same cell twice.
    log = AuditLog()
    for e in entries[:2]:
        log.push(e)
    twin = log.prepare(
        at=entries[1].at,
        actor_id="GV01",
        actor_name="Trần Thị Lan",
        role=entries[1].role,
        event=EventKind.ENTER,
        cell=entries[1].cell,
        new={"score": "9"},
        data=dict(entries[1].data),
    )
    log.push(twin)
    with pytest.raises(AuditIntegrityError, match="entry 2"):
        GradeBook.replay(log)


def test_push_refuses_an_entry_that_does_not_chain(world) -> None:
    book = _busy_book(world)
    log = AuditLog()
    with pytest.raises(AuditIntegrityError, match="does not follow"):
        log.push(book.log[1])
