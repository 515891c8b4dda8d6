"""SQLite journal format: receipts "accepted as sent", old journals, compaction, crash points."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from vnschool_records.errors import JournalError
from vnschool_records.models import StudentYearRecord
from vnschool_records.sync import (
    Batch,
    Change,
    InMemoryBackend,
    MemoryJournal,
    Receipt,
    Rejection,
    SQLiteBackend,
    SQLiteJournal,
    SyncClient,
    _journal,
)
from vnschool_records.sync._journal import (
    AckColumns,
    _decode_acks,
    _decode_changes,
    _encode_acks,
    _encode_changes,
    _encode_pending,
    _sent_columns,
)
from vnschool_records.testing import demo_school, edit_scores

# The schema of journals written before receipts "accepted as sent" existed (no ``sent``).
_OLD_SCHEMA = """
CREATE TABLE runs (
    run_id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, status TEXT NOT NULL,
    planned_changes INTEGER NOT NULL, planned_batches INTEGER NOT NULL,
    acked_batches INTEGER NOT NULL, finished_at TEXT, resumed_from INTEGER, note TEXT NOT NULL
);
CREATE TABLE pending (
    run_id INTEGER NOT NULL, sequence INTEGER NOT NULL, changes TEXT NOT NULL,
    PRIMARY KEY (run_id, sequence)
);
CREATE TABLE acks (
    id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL, sequence INTEGER NOT NULL,
    lines TEXT NOT NULL
);
CREATE TABLE seal_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT, added TEXT NOT NULL, removed TEXT NOT NULL
);
"""


class _Crash(BaseException):
    """Stands for the process dying: not an Exception, so nothing may catch it."""


def _client(backend: Any, journal: Any, **kw: Any) -> SyncClient:
    kw.setdefault("validator", None)
    kw.setdefault("sleep", lambda _s: None)
    return SyncClient(backend, journal, **kw)


def _rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _state(journal: Any) -> tuple[dict[str, Any], dict[str, int], list[Any]]:
    live = {k: n for k, n in journal.live_by_kind.items() if n}
    return dict(journal.acked), live, [(p.run_id, p.sequence, p.changes) for p in journal.pending()]


def _planned_changes(records: list[StudentYearRecord], batch_size: int) -> list[tuple[Change, ...]]:
    reference = InMemoryBackend()
    _client(reference, MemoryJournal(), batch_size=batch_size).sync(records)
    return [b.changes for b in reference.batches]


def test_an_old_format_journal_loads_resumes_and_gains_the_new_column(tmp_path: Path) -> None:
    records = demo_school(2)
    first, second = _planned_changes(records, 150)
    target = InMemoryBackend()
    target.apply(first)  # batch 1 landed and was acknowledged; batch 2 was in flight
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(_OLD_SCHEMA)
    conn.execute(
        "INSERT INTO runs VALUES (1, '2025-01-01T00:00:00.000+00:00', 'running', ?, 2, 1,"
        " NULL, NULL, '')",
        (len(first) + len(second),),
    )
    acks = [(c.key, c.content_hash, 1, c.tombstone) for c in first]
    conn.execute(
        "INSERT INTO acks (run_id, sequence, lines) VALUES (1, 1, ?)", (_encode_acks(acks),)
    )
    conn.execute("INSERT INTO pending VALUES (1, 2, ?)", (_encode_changes(second),))
    conn.commit()
    conn.close()

    journal = SQLiteJournal(path)
    assert "sent" in {r[1] for r in _rows(path, "PRAGMA table_info(acks)")}
    assert journal.acked == {k: (h, v, t) for k, h, v, t in acks}
    assert [(p.run_id, p.sequence, p.changes) for p in journal.pending()] == [(1, 2, second)]
    client = _client(target, journal, batch_size=150)
    report = client.sync(records)
    assert report.resumed is not None
    assert (report.resumed.run_id, report.resumed.replayed_changes) == (1, len(second))
    assert report.accepted == len(second)  # the in-flight batch, then nothing else differs
    assert report.planned == 0
    client.journal.close()
    # The resumed batch came back as sent: its receipt refers to the old-format row.
    assert _rows(path, "SELECT sequence, sent FROM acks ORDER BY id") == [(1, 0), (2, 1)]
    reopened = SQLiteJournal(path)
    assert reopened.pending() == []
    assert len(reopened.acked) == len(first) + len(second)
    assert _client(target, reopened).sync(records).planned == 0
    reopened.close()


def _three_syncs(journal: Any) -> tuple[InMemoryBackend, list[StudentYearRecord]]:
    """A first sync, a 5 % edit (updates) and a removed student (tombstones)."""
    backend = InMemoryBackend()
    client = _client(backend, journal, batch_size=97)
    records = demo_school(3)
    assert client.sync(records).ok
    edited, changed = edit_scores(records, 0.05, seed=2)
    assert changed
    assert client.sync(edited).accepted == changed
    assert client.sync(edited[1:]).ok
    return backend, edited[1:]


def test_receipts_as_sent_reload_to_the_state_explicit_lines_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = MemoryJournal()
    _three_syncs(reference)
    path = tmp_path / "sent.sqlite"
    journal = SQLiteJournal(path)
    backend, records = _three_syncs(journal)
    assert _state(journal) == _state(reference)
    journal.close()
    counts = _rows(path, "SELECT sent, count(*) FROM acks GROUP BY sent")
    assert counts == [(1, _rows(path, "SELECT count(*) FROM pending")[0][0])]
    assert _rows(path, "SELECT count(*) FROM payloads") == [(0,)]  # dropped once acknowledged
    bases = _rows(path, "SELECT changes FROM pending")
    assert any("\t1\t" in text for (text,) in bases)  # tombstones travelled as sent, too
    reopened = SQLiteJournal(path)
    assert _state(reopened) == _state(reference)
    assert reopened.pending() == []
    assert _client(backend, reopened).sync(records).planned == 0
    reopened.close()

    monkeypatch.setattr(SQLiteJournal, "_as_sent", lambda *_a: False)
    explicit_path = tmp_path / "explicit.sqlite"
    explicit = SQLiteJournal(explicit_path)
    _three_syncs(explicit)
    explicit.close()
    assert _rows(explicit_path, "SELECT count(*) FROM pending") == [(0,)]
    assert _state(SQLiteJournal(explicit_path)) == _state(reference)


def test_receipts_with_rejections_or_other_versions_keep_explicit_lines(tmp_path: Path) -> None:
    target = InMemoryBackend()

    def refuse_toan(batch: Batch) -> Receipt:
        bad = [c for c in batch.changes if "/toan/" in c.key]
        good = [c for c in batch.changes if "/toan/" not in c.key]
        return target.apply(good).merge(
            Receipt(
                rejected=tuple(
                    Rejection(c.key, c.idempotency_key, "locked", "Khoá sổ", "Locked") for c in bad
                )
            )
        )

    target.handler = refuse_toan
    path = tmp_path / "partial.sqlite"
    records = demo_school(1)
    report = _client(target, path, batch_size=10_000).sync(records)
    assert report.rejected
    assert _rows(path, "SELECT sent, count(*) FROM acks GROUP BY sent") == [(0, 1)]
    assert _rows(path, "SELECT count(*) FROM pending") == [(0,)]
    assert _rows(path, "SELECT count(*) FROM payloads") == [(0,)]

    # Accepted whole and in order, but at versions other than the changes imply.
    other = InMemoryBackend(lambda b: Receipt.accept_all(b, [7] * len(b.changes)))
    path2 = tmp_path / "versions.sqlite"
    client = _client(other, path2, batch_size=10_000)
    assert client.sync(records).ok
    client.journal.close()
    assert _rows(path2, "SELECT sent FROM acks") == [(0,)]
    reopened = SQLiteJournal(path2)
    assert {v for _h, v, _t in reopened.acked.values()} == {7}
    assert reopened.pending() == []
    reopened.close()


def test_versions_as_sent_are_checked_change_by_change() -> None:
    new = Change.create("student", "student/HS01", {"n": 1})
    upd = Change.create("student", "student/HS02", {"n": 2}, base_version=4)
    gone = Change.create("student", "student/HS03", tombstone=True, base_version=2)
    zero = Change.create("student", "student/HS04", {"n": 4}, base_version=0)
    assert AckColumns.accepted([new, upd, gone, zero], [1, 5, 3, 1]).sent is not None
    assert AckColumns.accepted([upd, gone], [5, 3]).sent is not None
    assert AckColumns.accepted([new, new], [1, 1]).sent is not None
    for changes, versions in (
        ([new, upd, gone], [1, 5, 4]),
        ([upd, gone], [5, 2]),
        ([new], [2]),
        ([upd.with_base(-1)], [0]),
        ([], []),
    ):
        columns = AckColumns.accepted(changes, versions)
        assert columns.sent is None
        assert list(columns) == [
            (c.key, c.content_hash, v, c.tombstone) for c, v in zip(changes, versions, strict=True)
        ]
    changes = [new, upd, gone, zero]
    expected = AckColumns.accepted(changes, [1, 5, 3, 1])
    fixed, payloads = _encode_pending(changes)
    assert _decode_changes(fixed, payloads) == tuple(changes)
    for text, fields in ((_encode_changes(changes), 6), (fixed, 5)):
        keys, hashes, versions, tombs = _sent_columns(text, fields)
        assert (list(keys), list(hashes), versions, tombs) == (
            list(expected.keys),
            list(expected.hashes),
            [1, 5, 3, 1],
            [False, False, True, False],
        )


def test_compaction_folds_receipts_as_sent_and_keeps_the_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "j.sqlite"
    journal = SQLiteJournal(path)
    backend, records = _three_syncs(journal)
    state = _state(journal)
    journal.close()
    before = _rows(path, "SELECT count(*) FROM acks WHERE sent = 1")[0][0]
    assert before > 1
    assert SQLiteJournal(path).acked == state[0]  # few lines: kept as they are
    assert _rows(path, "SELECT count(*) FROM acks WHERE sent = 1") == [(before,)]
    assert _rows(path, "SELECT count(*) FROM pending") == [(before,)]  # their fixed fields
    assert _rows(path, "SELECT count(*) FROM payloads") == [(0,)]

    # Mostly superseded lines: one snapshot replaces the receipts and the batches they named.
    monkeypatch.setattr(_journal, "_worth_compacting", lambda lines, keys: True)
    compacted = SQLiteJournal(path)
    assert _state(compacted) == state
    assert _rows(path, "SELECT run_id, sequence, sent FROM acks") == [(0, 0, 0)]
    assert _rows(path, "SELECT count(*) FROM pending") == [(0,)]
    assert _rows(path, "SELECT count(*) FROM payloads") == [(0,)]
    assert _client(backend, compacted).sync(records).planned == 0
    compacted.close()
    assert _state(SQLiteJournal(path)) == state


def test_an_unsent_batch_survives_compaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = InMemoryBackend()
    pushes = {"n": 0}

    def dying(batch: Batch) -> Receipt:
        pushes["n"] += 1
        if pushes["n"] == 3:
            raise _Crash
        return target.apply(batch.changes)

    records = demo_school(3)
    path = tmp_path / "j.sqlite"
    with pytest.raises(_Crash):
        _client(InMemoryBackend(dying), path, batch_size=100).sync(records)
    monkeypatch.setattr(_journal, "_COMPACT_MIN_LINES", 10)
    left = SQLiteJournal(path)
    assert [(p.run_id, p.sequence) for p in left.pending()] == [(1, 3)]
    assert _rows(path, "SELECT sequence FROM pending ORDER BY sequence") == [(1,), (2,), (3,)]
    assert _rows(path, "SELECT sequence FROM payloads") == [(3,)]  # only the unsent batch's
    assert [(p.sequence, len(p.changes)) for p in SQLiteJournal(path).pending()] == [(3, 100)]
    report = _client(target, left, batch_size=100).sync(records)
    assert report.resumed is not None
    assert report.resumed.replayed_changes == 100
    assert {r.version for r in target.store.live().values()} == {1}


def test_a_crash_between_write_ahead_and_receipt_resumes_exactly_that_batch(
    tmp_path: Path,
) -> None:
    target = SQLiteBackend(tmp_path / "csdl.sqlite")
    sent: list[tuple[Change, ...]] = []

    class Dying(InMemoryBackend):
        def __init__(self, landed: bool) -> None:
            super().__init__()
            self.landed = landed

        def push(self, batch: Batch) -> Receipt:
            sent.append(batch.changes)
            if len(sent) == 3:
                if self.landed:
                    target.push(batch)
                raise _Crash
            return target.push(batch)

    records = demo_school(6)
    for landed in (False, True):
        sent.clear()
        path = tmp_path / f"journal-{landed}.sqlite"
        target.close()
        (tmp_path / "csdl.sqlite").unlink()
        target = SQLiteBackend(tmp_path / "csdl.sqlite")
        with pytest.raises(_Crash):
            _client(Dying(landed), path, batch_size=100).sync(records)
        assert _rows(path, "SELECT sequence FROM acks WHERE sent = 1 ORDER BY id") == [(1,), (2,)]
        left = SQLiteJournal(path)
        assert [(p.sequence, p.changes) for p in left.pending()] == [(3, sent[2])]
        report = _client(target, left, batch_size=100).sync(records)
        assert report.resumed is not None
        assert (report.resumed.acked_batches, report.resumed.replayed_changes) == (2, 100)
        assert report.skipped == (100 if landed else 0)
        left.close()
        live = target.live_records()
        assert {r.version for r in live.values()} == {1}
        assert len(live) == report.accepted + report.skipped + 200
        again = SQLiteJournal(path)
        assert again.pending() == []
        assert len(again.acked) == len(live)
        again.close()
    target.close()


def test_a_failed_receipt_step_leaves_nothing_of_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "j.sqlite"
    journal = SQLiteJournal(path)
    changes = _planned_changes(demo_school(1), 10_000)[0]
    run = journal.begin_run(len(changes), 2, first_batch=changes[:50])
    acks = AckColumns.accepted(changes[:50], [1] * 50)
    assert acks.sent is not None

    def broken(self: Any, conn: Any, batch: Any) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(SQLiteJournal, "_sql_pending", broken)
    with pytest.raises(JournalError, match="disk I/O error"):
        journal.record_receipt(run.run_id, 1, acks, then_pending=changes[50:])
    monkeypatch.undo()
    assert _rows(path, "SELECT count(*) FROM acks") == [(0,)]
    assert _rows(path, "SELECT sequence FROM pending") == [(1,)]
    journal.record_receipt(run.run_id, 1, acks, then_pending=changes[50:])
    assert _rows(path, "SELECT sequence, sent FROM acks") == [(1, 1)]
    with pytest.raises(JournalError, match="already acknowledged"):
        journal.write_pending(run.run_id, 1, changes[:50])
    journal.close()
    reopened = SQLiteJournal(path)
    assert [(p.sequence, p.changes) for p in reopened.pending()] == [(2, changes[50:])]
    assert set(reopened.acked) == {c.key for c in changes[:50]}
    reopened.close()


def test_a_receipt_row_without_its_batch_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    SQLiteJournal(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO acks (run_id, sequence, lines, sent) VALUES (1, 1, '', 1)")
    conn.commit()
    conn.close()
    with pytest.raises(JournalError, match="batch 1 of run 1"):
        SQLiteJournal(path)


def test_keys_with_tabs_or_line_breaks_and_payloads_with_line_breaks_are_refused() -> None:
    good = Change.create("student", "student/HS01", {"name": "An"})
    with_tab = good._replace(data='{"name":"A\tn"}')
    assert _decode_changes(_encode_changes([good, with_tab])) == (good, with_tab)
    for bad in (
        good._replace(key="student/HS\t01"),
        good._replace(key="student/HS\n01"),
        good._replace(kind="stu\tdent"),
        good._replace(content_hash="ab\ncd"),
        good._replace(data='{"name":"A\nn"}'),
    ):
        with pytest.raises(JournalError, match="tab or a line break"):
            _encode_changes([good, bad])
    lines = [("student/HS01", "h1", 1, False)]
    assert _decode_acks(_encode_acks(lines)) == lines
    for key, chash in (("student/H\tS", "h"), ("student/H\nS", "h"), ("student/HS", "h\t")):
        with pytest.raises(JournalError, match="tab or a line break"):
            _encode_acks([*lines, (key, chash, 1, False)])
