"""Benchmark: initial sync and a 1 % re-sync of a whole school into the SQLite backend.

Full size (default): 2,000 grade-6 students of the demo school
(``vnschool_records.demo.generate_school`` via ``testing.demo_school``), every score of a
year — 12 subjects x 2 semesters x (7 regular + mid-term + end-of-term), about 436,000
changes in all, a little denser than TT22 requires, to match the size the sync issue names.
Prints changes/s and the ratio to a bare ``sqlite3`` ``executemany`` of the same rows into
the same schema in the same run.

The run is made of rounds (``--rounds``, 5): a bare insert, then right after it an initial
sync into fresh files, then three 1 % re-syncs (``--resyncs``) with that client, each
editing another 1 % of the scores the last one left (the same edits in every round). A
round gives two figures, each against a time taken moments before under the same machine
conditions: the bare insert's time over the initial sync's, and its best re-sync's time
as a share of its initial sync. The median round's figures count, so that one round
disturbed by other work on a shared machine (the bare insert is I/O-bound and moves the
most) neither makes nor breaks a target; every round is printed, with how many met each
target on their own, and the load average at the start and the end. Each step's files are
flushed before the next is timed. Last, a fresh process's view: a client opened on the
last round's files makes one more 1 % re-sync (information only).

Targets: initial sync >= 0.3x bare executemany; the 1 % re-sync sends only the changed
rows and takes < 5 % of the initial sync's time. ``--quick`` runs a 100-student school.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from _report import Figure, write_json

from vnschool_records.models import StudentYearRecord
from vnschool_records.sync import (
    InMemoryBackend,
    MemoryJournal,
    SQLiteBackend,
    SQLiteJournal,
    SyncClient,
)
from vnschool_records.sync._sqlite import _SCHEMA
from vnschool_records.testing import demo_school, edit_scores


def _bare_executemany(rows: list[tuple[object, ...]], path: Path) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.executescript(_SCHEMA)
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def _settle() -> None:
    """Write out the previous step's files, so a timed step does not pay for their flush.

    On ext4 (``data=ordered``) the first ``fsync`` of a step would otherwise wait for every
    dirty page the step before left behind, such as the bare insert's 150 MB.
    """
    os.sync()


def _rows_like(records: list[StudentYearRecord]) -> list[tuple[object, ...]]:
    """The rows the initial sync will write, built through a throw-away in-memory sync."""
    reference = InMemoryBackend()
    SyncClient(reference, MemoryJournal(), validator=None).sync(records)
    return [
        (
            k,
            r.kind,
            r.version,
            r.content_hash,
            r.idempotency_key,
            r.tombstone,
            r.data,
            "0" * 24,
            "2025-01-01T00:00:00+00:00",
        )
        for k, r in reference.store.records.items()
    ]


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="100 students; a few seconds")
    parser.add_argument("--students", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--regular", type=int, default=7, help="regular scores per subject")
    parser.add_argument(
        "--rounds", type=int, default=None, help="rounds (the median counts); 5, quick 1"
    )
    parser.add_argument(
        "--resyncs", type=int, default=None, help="1 %% re-syncs a round (best counts); 3, quick 1"
    )
    parser.add_argument("--json", default=None, help="also write the headline figures here")
    args = parser.parse_args()
    students = args.students or (100 if args.quick else 2000)
    args.rounds = args.rounds or (1 if args.quick else 5)
    args.resyncs = args.resyncs or (1 if args.quick else 3)

    t0 = time.perf_counter()
    records = demo_school(students, regular=args.regular, class_size=45)
    print(f"school: {len(records)} students built in {time.perf_counter() - t0:.1f} s")
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))

    with tempfile.TemporaryDirectory() as tmp:
        rows = _rows_like(records)
        n = len(rows)
        # 1 % of all scores: edit_scores re-enters regular scores only, so scale the rate.
        scores = n - len(records) * 2 - len({r.class_group.name for r in records})
        regular = sum(len(a.regular) for r in records for a in r.assessments)
        rate = 0.01 * scores / regular
        rounds: list[_Round] = []
        only_changed = True
        folder = Path(tmp)
        for number in range(args.rounds):
            if number:
                shutil.rmtree(folder)  # the last round's files stay for the fresh process
            folder = Path(tmp) / f"round{number + 1}"
            folder.mkdir()
            this, edited, changed, sent, only = _round(
                records, rows, folder, args.batch_size, rate, args.resyncs
            )
            only_changed = only_changed and only
            rounds.append(this)
            print(f"round {number + 1}: {this.describe()}")

        edited, changed2 = edit_scores(edited, rate, seed=5 + args.resyncs)
        _settle()
        start = time.perf_counter()  # opening the journal (reading it) is part of this one
        cold_client = SyncClient(
            SQLiteBackend(folder / "csdl.sqlite"),
            SQLiteJournal(folder / "journal.sqlite"),
            batch_size=args.batch_size,
            validator=None,
        )
        third = cold_client.sync(edited)
        cold = time.perf_counter() - start
        cold_client.close()

    only_changed = only_changed and third.planned == changed2
    ratio = _median([r.ratio for r in rounds])
    share = _median([r.share for r in rounds])
    initial = _median([r.initial for r in rounds])
    resync = _median([r.resync for r in rounds])
    bare = _median([r.bare for r in rounds])
    ratio_met = sum(r.ratio >= 0.3 for r in rounds)
    share_met = sum(r.share < 0.05 for r in rounds)
    print(f"batch size: {args.batch_size}; journal: SQLite; target: SQLiteBackend")
    print(f"median of {len(rounds)} rounds (each: a bare insert, then an initial sync into")
    print(f"fresh files, then {args.resyncs} re-sync(s) of 1 %; a round's re-sync is its best):")
    print(
        f"initial sync: {n:,} changes ({scores:,} scores) in {initial:.2f} s"
        f" = {n / initial:,.0f} changes/s"
    )
    print(f"bare sqlite3 executemany of the same {n:,} rows: {bare:.2f} s = {n / bare:,.0f} rows/s")
    met = "met" if ratio >= 0.3 else "NOT met"
    print(
        f"ratio to bare executemany: {ratio:.2f}x (target >= 0.30x): {met}"
        f" (rounds meeting it: {ratio_met} of {len(rounds)})"
    )
    print(
        f"1 % re-sync: {changed:,} scores changed, {sent:,} sent (the last); {resync:.3f} s;"
        f" {share:.1%} of its round's initial sync (target < 5 %):"
        f" {'met' if share < 0.05 else 'NOT met'} (rounds meeting it: {share_met} of {len(rounds)})"
    )
    print(f"re-sync sends only the changed rows: {'met' if only_changed else 'NOT met'}")
    print(
        f"(info) 1 % re-sync from a fresh process (reading the journal included):"
        f" {changed2:,} sent in {cold:.2f} s = {cold / initial:.1%} of the initial sync"
    )
    print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    write_json(
        [
            Figure("sync", "initial sync into SQLiteBackend", f"{n / initial:,.0f} changes/s",
                   f"{ratio:.2f}x", ">= 0.3x bare executemany", ratio >= 0.3),
            Figure("sync", "1 % re-sync time", f"{resync:.3f} s", f"{share:.1%} of initial",
                   "< 5 % of the initial sync", share < 0.05),
            Figure("sync", "1 % re-sync sends only changed rows", f"{sent:,} sent",
                   "", f"= {changed:,} changed", only_changed),
        ],
        args.json,
    )  # fmt: skip


@dataclass(frozen=True)
class _Round:
    """One round's times: a bare insert, the initial sync right after, its best re-sync."""

    bare: float
    initial: float
    resyncs: tuple[float, ...]

    @property
    def resync(self) -> float:
        return min(self.resyncs)

    @property
    def ratio(self) -> float:
        """The initial sync's throughput over the bare insert's."""
        return self.bare / self.initial

    @property
    def share(self) -> float:
        """The best re-sync's time as a share of the same round's initial sync."""
        return self.resync / self.initial

    def describe(self) -> str:
        resyncs = ", ".join(f"{t:.3f}" for t in self.resyncs)
        return (
            f"bare {self.bare:.2f} s, initial {self.initial:.2f} s ({self.ratio:.2f}x);"
            f" re-syncs {resyncs} s (best {self.share:.1%} of the initial)"
        )


def _round(
    records: list[StudentYearRecord],
    rows: list[tuple[object, ...]],
    folder: Path,
    batch_size: int,
    rate: float,
    resyncs: int,
) -> tuple[_Round, list[StudentYearRecord], int, int, bool]:
    """Time one round in ``folder``: (times, the records as the last re-sync left them, the
    scores it changed and sent, whether every re-sync sent only the changed rows)."""
    _settle()
    bare = _bare_executemany(rows, folder / "bare.sqlite")
    (folder / "bare.sqlite").unlink()
    gc.collect()
    with SyncClient(
        SQLiteBackend(folder / "csdl.sqlite"),
        SQLiteJournal(folder / "journal.sqlite"),
        batch_size=batch_size,
        validator=None,
    ) as client:
        _settle()
        start = time.perf_counter()
        first = client.sync(records)
        initial = time.perf_counter() - start
        assert first.ok, "initial sync reported problems"
        assert first.accepted == len(rows), (first.accepted, len(rows))
        times: list[float] = []
        only_changed = True
        edited, changed, sent = records, 0, 0
        for seed in range(5, 5 + resyncs):  # the same edits in every round
            edited, changed = edit_scores(edited, rate, seed=seed)
            _settle()
            start = time.perf_counter()
            report = client.sync(edited)
            times.append(time.perf_counter() - start)
            sent = report.planned
            only_changed = only_changed and report.planned == report.accepted == changed
    return _Round(bare, initial, tuple(times)), edited, changed, sent, only_changed


if __name__ == "__main__":
    main()
