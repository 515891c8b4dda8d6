"""Reliability: a sync killed at any point resumes with nothing lost and nothing applied twice."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vnschool_records.sync import (
    Batch,
    Change,
    InMemoryBackend,
    MemoryJournal,
    Receipt,
    SQLiteBackend,
    SQLiteJournal,
    SyncClient,
)
from vnschool_records.testing import demo_school

WORKER = Path(__file__).with_name("_kill_worker.py")
STUDENTS = 100
BATCH = 150


def _expected(students: int) -> dict[str, str]:
    reference = InMemoryBackend()
    SyncClient(reference, MemoryJournal(), validator=None).sync(demo_school(students, seed=3))
    return {k: r.data for k, r in reference.store.live().items()}


def _spawn(target: Path, journal: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(target), str(journal), str(STUDENTS), str(BATCH)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.slow
@pytest.mark.parametrize("journal_name", ["journal.sqlite", "journal.jsonl"])
def test_sigkill_at_random_points_then_rerun(tmp_path: Path, journal_name: str) -> None:
    rng = random.Random(f"kill-{journal_name}")
    target, journal = tmp_path / "csdl.sqlite", tmp_path / journal_name
    kills = 0
    for _ in range(3):
        proc = _spawn(target, journal)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        # Kill after a random number of landed batches (and a random moment after that), so
        # every kill falls inside the run however fast the machine is.
        for _ in range(rng.randint(0, 40)):
            if not proc.stdout.readline():
                break
        time.sleep(rng.uniform(0.0, 0.01))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.communicate(timeout=60)
    proc = _spawn(target, journal)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    final = json.loads(out.splitlines()[-1])
    assert final["ok"]

    backend = SQLiteBackend(target)
    live = backend.live_records()
    assert {k: r.data for k, r in live.items()} == _expected(STUDENTS)  # nothing lost
    assert {r.version for r in live.values()} == {1}  # nothing applied twice
    backend.close()

    runs = SQLiteJournal(journal).runs() if journal.suffix == ".sqlite" else None
    if runs is None:
        from vnschool_records.sync import JsonlJournal

        j = JsonlJournal(journal)
        runs = j.runs()
        j.close()
    assert kills >= 1
    interrupted = [r for r in runs if r.status == "interrupted"]
    resumers = {r.resumed_from for r in runs if r.resumed_from is not None}
    assert {r.run_id for r in interrupted} <= resumers
    assert interrupted, [(r.run_id, r.status, r.acked_batches) for r in runs]
    assert runs[-1].status == "completed"
    assert final["resumed"] is None or final["resumed"].startswith("Resumed run")


class _Crash(BaseException):
    """Stands for the process dying: not an Exception, so nothing may catch it."""


def test_crash_after_the_target_applied_but_before_the_journal_heard(tmp_path: Path) -> None:
    target = SQLiteBackend(tmp_path / "csdl.sqlite")
    pushes = {"n": 0}

    sent: list[tuple[Change, ...]] = []

    class Dying(InMemoryBackend):
        def push(self, batch: Batch) -> Receipt:
            pushes["n"] += 1
            sent.append(batch.changes)
            receipt = target.push(batch)
            if pushes["n"] == 3:
                raise _Crash
            return receipt

    records = demo_school(6)
    journal = tmp_path / "journal.sqlite"
    client = SyncClient(Dying(), journal, batch_size=100, validator=None)
    with pytest.raises(_Crash):
        client.sync(records)
    client.journal.close()
    left = SQLiteJournal(journal)
    assert [(p.sequence, len(p.changes)) for p in left.pending()] == [(3, 100)]
    assert left.pending()[0].changes == sent[2]  # the batch that died in flight, as sent
    left.close()

    resumed = SyncClient(target, journal, batch_size=100, validator=None)
    report = resumed.sync(records)
    assert report.resumed is not None
    assert report.resumed.replayed_changes == 100
    assert report.resumed.acked_batches == 2
    assert "Resumed run 1: 2 of" in report.resumed.describe("en")
    assert report.skipped == 100  # the in-flight batch had landed: recognised, not re-applied
    live = target.live_records()
    assert {r.version for r in live.values()} == {1}
    assert len(live) == report.accepted + report.skipped + 200
    assert resumed.sync(records).planned == 0


def test_a_record_edited_between_crash_and_resume_is_not_a_false_conflict(tmp_path: Path) -> None:
    from decimal import Decimal

    target = InMemoryBackend()
    pushes = {"n": 0}

    class Dying(InMemoryBackend):
        def push(self, batch: Batch) -> Receipt:
            pushes["n"] += 1
            receipt = target.push(batch)
            if pushes["n"] == 1:
                raise _Crash
            return receipt

    records = demo_school(1)
    journal = MemoryJournal()
    with pytest.raises(_Crash):
        SyncClient(Dying(), journal, batch_size=10_000, validator=None).sync(records)
    a = records[0].assessments[0]
    edited = records[0].model_copy(
        update={
            "assessments": (
                a.model_copy(update={"final": Decimal("0.5")}),
                *records[0].assessments[1:],
            )
        }
    )
    report = SyncClient(target, journal, validator=None).sync([edited])
    assert report.ok
    assert report.accepted == 1
    assert report.conflicts == ()
    key = f"score/2024-2025/{records[0].student.student_id}/{a.subject}/1/ck"
    assert target.store.records[key].version == 2
