"""Seals: unchanged score groups are skipped whole, and a seal never hides a change."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from vnschool_records.models import StudentYearRecord
from vnschool_records.sync import (
    Batch,
    InMemoryBackend,
    MemoryJournal,
    Receipt,
    SQLiteBackend,
    SyncClient,
)
from vnschool_records.testing import demo_school


def _with_final(record: StudentYearRecord, index: int, final: str) -> StudentYearRecord:
    """The record with assessment ``index``'s end-of-term score replaced (a new object)."""
    assessments = list(record.assessments)
    assessments[index] = assessments[index].model_copy(update={"final": Decimal(final)})
    return record.model_copy(update={"assessments": tuple(assessments)})


def _live(backend: InMemoryBackend | SQLiteBackend) -> dict[str, str]:
    if isinstance(backend, SQLiteBackend):
        return {k: r.data for k, r in backend.live_records().items()}
    return {k: r.data for k, r in backend.store.live().items()}


def _reference(records: list[StudentYearRecord]) -> dict[str, str]:
    backend = InMemoryBackend()
    SyncClient(backend, MemoryJournal(), validator=None).sync(records)
    return _live(backend)


@pytest.mark.parametrize("journal_name", ["journal.sqlite", "journal.jsonl"])
def test_a_fresh_process_skips_sealed_groups_and_sends_only_the_edit(
    tmp_path: Path, journal_name: str
) -> None:
    records = demo_school(3)
    groups = sum(len(r.assessments) for r in records)
    journal = tmp_path / journal_name
    with SyncClient(SQLiteBackend(tmp_path / "t.sqlite"), journal, validator=None) as client:
        client.sync(records)
        assert len(client.journal.seals) == groups
    # A new process: rebuilt records (no object reused), the journal read from disk.
    rebuilt = [_with_final(r, 0, "9.5") if i == 1 else r for i, r in enumerate(demo_school(3))]
    with SyncClient(SQLiteBackend(tmp_path / "t.sqlite"), journal, validator=None) as client:
        assert len(client.journal.seals) == groups
        report = client.sync(rebuilt)
        assert report.planned == report.accepted == 1
        subject = rebuilt[1].assessments[0].subject
        sid = rebuilt[1].student.student_id
        assert report.sent_keys == (f"score/2024-2025/{sid}/{subject}/1/ck",)
        target = client.backend
        assert isinstance(target, SQLiteBackend)
        assert _live(target) == _reference(rebuilt)


def test_seals_of_another_derivation_version_only_cost_one_comparison_of_every_score(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an upgrade that changes the digests, nothing unchanged is sent, and the
    groups are sealed again under the new digests."""
    from vnschool_records.sync import _derive

    records = demo_school(3)
    journal = tmp_path / "journal.sqlite"
    with SyncClient(SQLiteBackend(tmp_path / "t.sqlite"), journal, validator=None) as client:
        client.sync(records)
        before = dict(client.journal.seals)
    monkeypatch.setattr(_derive, "DERIVATION_VERSION", "score-items/upgraded")
    with SyncClient(SQLiteBackend(tmp_path / "t.sqlite"), journal, validator=None) as client:
        report = client.sync(records)
        assert report.ok
        assert report.planned == 0
        after = dict(client.journal.seals)
        assert after.keys() == before.keys()
        assert all(after[g][0] != before[g][0] and after[g][1] == before[g][1] for g in after)
        again = client.sync(demo_school(3))  # rebuilt objects: skipped on the new seals
        assert again.planned == 0
        assert _derive.Deriver().derive(demo_school(3), None, after).sealed_items == sum(
            n for _, n in after.values()
        )


def test_an_edit_then_its_undo_is_sent_both_times() -> None:
    """The seal of the old content must not survive the edit, or the undo would be skipped."""
    records = demo_school(2)
    backend = InMemoryBackend()
    client = SyncClient(backend, MemoryJournal(), validator=None)
    client.sync(records)
    edited = [_with_final(records[0], 3, "1.0"), records[1]]
    assert client.sync(edited).accepted == 1
    undone = [_with_final(records[0], 3, str(records[0].assessments[3].final)), records[1]]
    assert client.sync(undone).accepted == 1
    assert _live(backend) == _reference(records)


class _Crash(BaseException):
    """Stands for the process dying: nothing may catch it."""


def test_a_crash_after_the_edit_landed_cannot_leave_a_stale_seal(tmp_path: Path) -> None:
    target = SQLiteBackend(tmp_path / "t.sqlite")
    journal = tmp_path / "journal.sqlite"
    records = demo_school(2)
    with SyncClient(target, journal, validator=None) as first:
        first.sync(records)

    class DiesAfterPush(InMemoryBackend):
        def push(self, batch: Batch) -> Receipt:
            target.push(batch)
            raise _Crash

    target = SQLiteBackend(tmp_path / "t.sqlite")
    dying = SyncClient(DiesAfterPush(), journal, validator=None)
    with pytest.raises(_Crash):
        dying.sync([_with_final(records[0], 2, "0.5"), records[1]])
    dying.journal.close()

    # The school undoes the edit before the next sync: the target holds 0.5, so the
    # group must not be skipped on the strength of its old seal.
    with SyncClient(target, journal, validator=None) as resumed:
        report = resumed.sync(records)
        assert report.ok
        assert resumed.sync(records).planned == 0
    check = SQLiteBackend(tmp_path / "t.sqlite")
    assert _live(check) == _reference(records)
    check.close()


def test_a_deleted_record_leaves_tombstones_and_its_return_is_sent_again() -> None:
    records = demo_school(3)
    backend = InMemoryBackend()
    client = SyncClient(backend, MemoryJournal(), validator=None)
    client.sync(records)
    gone = client.sync(records[:2])
    assert gone.planned == gone.accepted > 0
    third = records[2].student.student_id
    assert all(k.endswith(third) or f"/{third}/" in k for k in gone.sent_keys)
    assert not any(third in g for g in client.journal.seals)
    back = client.sync(records)
    assert back.planned == gone.planned
    assert _live(backend) == _reference(records)
    assert client.sync(records).planned == 0


def test_a_rejected_score_keeps_its_group_unsealed_until_it_lands() -> None:
    records = demo_school(1)
    bad = (
        f"score/2024-2025/{records[0].student.student_id}/{records[0].assessments[0].subject}/1/gk"
    )
    refuse = {"on": True}

    def handler(batch: Batch) -> Receipt | None:
        if not refuse["on"]:
            return None
        from vnschool_records.sync import Rejection

        ok = [c for c in batch.changes if c.key != bad]
        rejected = [c for c in batch.changes if c.key == bad]
        accepted = backend.store.apply(ok)[0] if ok else Receipt()
        return accepted.merge(
            Receipt(
                rejected=tuple(
                    Rejection(c.key, c.idempotency_key, "target-says-no", "Không nhận")
                    for c in rejected
                )
            )
        )

    backend = InMemoryBackend(handler=handler)
    client = SyncClient(backend, MemoryJournal(), validator=None)
    first = client.sync(records)
    assert [r.key for r in first.rejected] == [bad]
    assert bad.rsplit("/", 1)[0] not in client.journal.seals
    refuse["on"] = False
    again = client.sync(records)
    assert again.sent_keys == (bad,)
    assert bad.rsplit("/", 1)[0] in client.journal.seals


def test_the_source_digest_covers_every_field_of_an_assessment() -> None:
    from vnschool_records.models import CommentLevel, Semester, SubjectAssessment
    from vnschool_records.sync._derive import Deriver

    record = demo_school(1)[0]
    base = SubjectAssessment(
        subject="toan",
        semester=Semester.ONE,
        regular=(Decimal("7.5"),),
        midterm=Decimal("8"),
        final=Decimal("9"),
        comment="Tốt",
    )

    def digest(a: SubjectAssessment) -> str:
        only = record.model_copy(update={"assessments": (a,)})
        [(_, found, _)] = Deriver().derive([only], None).fresh
        return found

    changed = {
        "subject": "ngu_van",
        "semester": Semester.TWO,
        "regular": (Decimal("7.5"), Decimal("6")),
        "midterm": Decimal("8.5"),
        "final": None,
        "regular_levels": (CommentLevel.PASS,),
        "midterm_level": CommentLevel.PASS,
        "final_level": CommentLevel.FAIL,
        "comment": "Khá",
    }
    assert set(changed) == set(SubjectAssessment.model_fields)  # a new field needs a case here
    text = digest(base)
    for name, value in changed.items():
        assert digest(base.model_copy(update={name: value})) != text, name
    # An equal score in the other form (8 for 8.0) gives the same items, so the same digest.
    assert digest(base.model_copy(update={"midterm": Decimal("8.0")})) == text
    # The mid-term score moved to a second regular one: the same value texts in the same
    # order, under other components, so another digest.
    moved = base.model_copy(update={"regular": (Decimal("7.5"), Decimal("8")), "midterm": None})
    assert digest(moved) != text


@pytest.mark.parametrize("journal_name", ["journal.sqlite", "journal.jsonl"])
def test_seals_survive_reopening_and_compaction(
    tmp_path: Path, journal_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vnschool_records.sync import _journal, open_journal

    monkeypatch.setattr(_journal, "_worth_compacting", lambda lines, keys: True)
    records = demo_school(3)
    target = InMemoryBackend()
    path = tmp_path / journal_name
    client = SyncClient(target, path, validator=None)
    client.sync(records)
    for n, final in enumerate(("1.0", "2.0", "3.0")):
        records = [_with_final(records[0], n, final), *records[1:]]
        assert client.sync(records).accepted == 1
    held = dict(client.journal.seals)
    assert len(held) == sum(len(r.assessments) for r in records)
    client.journal.close()
    for _ in range(2):  # the first open compacts, the second reads the compacted form
        journal = open_journal(path)
        assert journal.seals == held
        journal.close()
    if journal_name.endswith(".sqlite"):
        import sqlite3

        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT count(*) FROM seal_log").fetchone() == (1,)
    again = SyncClient(target, path, validator=None)
    assert again.sync(records).planned == 0
    again.close()


def test_an_edited_assessment_sends_its_changes_and_drops_a_removed_score() -> None:
    """Scores reused from a sealed assessment are not compared again, yet stay on the target."""
    records = demo_school(2)
    backend = InMemoryBackend()
    client = SyncClient(backend, MemoryJournal(), validator=None)
    client.sync(records)
    index = next(i for i, a in enumerate(records[0].assessments) if len(a.regular) >= 3)
    a = records[0].assessments[index]
    edited = a.model_copy(update={"regular": (Decimal("0.5"), *a.regular[1:])})
    rec = records[0].model_copy(
        update={
            "assessments": tuple(
                edited if i == index else x for i, x in enumerate(records[0].assessments)
            )
        }
    )
    report = client.sync([rec, records[1]])
    assert report.planned == report.accepted == (1 if a.regular[0] != Decimal("0.5") else 0)
    assert _live(backend) == _reference([rec, records[1]])
    shorter = edited.model_copy(update={"regular": edited.regular[:-1]})
    rec2 = rec.model_copy(
        update={
            "assessments": tuple(
                shorter if i == index else x for i, x in enumerate(rec.assessments)
            )
        }
    )
    gone = client.sync([rec2, records[1]])
    sid = rec2.student.student_id
    last = f"score/2024-2025/{sid}/{a.subject}/{int(a.semester)}/tx{len(a.regular)}"
    assert gone.sent_keys == (last,)
    assert gone.planned == gone.accepted == 1
    assert _live(backend) == _reference([rec2, records[1]])
    assert client.sync([rec2, records[1]]).planned == 0


def test_a_run_ends_in_one_step_and_any_prefix_of_it_keeps_seals_behind_their_acks(
    tmp_path: Path,
) -> None:
    from vnschool_records.sync import JsonlJournal

    path = tmp_path / "j.jsonl"
    records = demo_school(2)
    client = SyncClient(InMemoryBackend(), path, batch_size=10_000, validator=None)
    client.journal.close()
    before = path.read_bytes()
    client = SyncClient(InMemoryBackend(), path, batch_size=10_000, validator=None)
    client.sync(records)  # one batch: begin (run, batch 1), then one finish step
    client.journal.close()
    text = path.read_bytes()[len(before) :]
    lines = text.split(b"\n")
    assert [line[:12] for line in lines if line] == [
        b'{"t": "run",',
        b'{"t": "pendi',
        b'{"t": "ack",',
        b'{"t": "seal"',
        b'{"t": "run",',
    ]
    finish = text.index(b'{"t": "ack"')
    for cut in range(finish, len(text) + 1, max(1, (len(text) - finish) // 40)):
        path.write_bytes(before + text[:cut])
        journal = JsonlJournal(path)
        if journal.seals:  # seals only ever land after the acknowledgements they vouch for
            sealed_items = sum(n for _d, n in journal.seals.values())
            assert sealed_items == sum(1 for k in journal.acked if k.startswith("score/"))
            assert journal.pending() == []
        if journal.runs()[-1].status == "completed":
            assert journal.seals
            assert journal.pending() == []
        journal.close()
