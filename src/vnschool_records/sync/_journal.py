"""Sync journal (Nhật ký đồng bộ): durable progress, so a killed run resumes where it stopped.

The journal holds what the target last acknowledged for every key (content hash,
version, tombstone), each run's progress, and — written *before* a batch is sent — the
batch itself. If the process dies while a batch is in flight, the next run re-sends
exactly that batch (same idempotency keys, so the target treats a repeat as *skipped*),
then carries on with whatever is still different.

It also holds *seals*: a score group (one subject, one semester, one student) whose every
score stands acknowledged, with the digest of the source it was derived from (see
:mod:`vnschool_records.sync._derive`). A seal is removed, durably, before any score of its
group is sent, and written only after every score of it is acknowledged, so a seal never
vouches for a state the target does not hold; losing seals only makes the next sync compare
those scores one by one. Two durable forms:

* :class:`SQLiteJournal` — one SQLite file (WAL, ``synchronous=FULL``);
* :class:`JsonlJournal` — JSON lines, ``fsync`` after every line; a torn last line from a
  crash is dropped on open.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import compress, repeat
from operator import add, itemgetter, not_
from pathlib import Path
from typing import Any, Final, cast, overload

from vnschool_records._gc import gc_paused
from vnschool_records.errors import JournalError
from vnschool_records.sync._model import Change, idempotency_key

__all__ = [
    "AckColumns",
    "AckedEntry",
    "Journal",
    "JsonlJournal",
    "MemoryJournal",
    "PendingBatch",
    "RunInfo",
    "SQLiteJournal",
    "open_journal",
]

AckedEntry = tuple[str, int, bool]
"""What the target acknowledged for a key: (content hash, version, tombstone)."""

AckLine = tuple[str, str, int, bool]
"""One acknowledgement to record: (key, content hash, version, tombstone)."""


class AckColumns(Sequence[AckLine]):
    """Acknowledgements held as four columns (keys, hashes, versions, tombstones).

    A batch accepted whole arrives column-wise; keeping it so spares building one tuple
    per acknowledgement and taking them apart again to encode and fold them. Reads as a
    sequence of :data:`AckLine` like any other.
    """

    __slots__ = ("hashes", "keys", "sent", "tombs", "versions")

    def __init__(
        self,
        keys: Sequence[str],
        hashes: Sequence[str],
        versions: Sequence[int],
        tombs: Sequence[bool],
    ) -> None:
        if not len(keys) == len(hashes) == len(versions) == len(tombs):
            raise ValueError("acknowledgement columns of different lengths")
        self.keys, self.hashes, self.versions, self.tombs = keys, hashes, versions, tombs
        self.sent: tuple[Change, ...] | None = None
        """The batch these acknowledge *as sent* (see :meth:`accepted`), else ``None``."""

    @classmethod
    def accepted(cls, changes: Sequence[Change], versions: Sequence[int]) -> AckColumns:
        """The receipt of a batch accepted whole and in order, at ``versions``.

        Keys, hashes and tombstones are the changes' own. When every version is the one
        the change implies (1 for a new record, base + 1 for an update), :attr:`sent`
        holds the batch: the receipt then says nothing its write-ahead copy does not, and
        a journal may record it as a reference to that copy.

        >>> from vnschool_records.sync._model import Change
        >>> new = Change.create("student", "student/HS01", {"name": "An"})
        >>> edit = Change.create("student", "student/HS02", {"name": "Bình"}, base_version=3)
        >>> AckColumns.accepted([new, edit], [1, 4]).sent == (new, edit)
        True
        >>> AckColumns.accepted([new, edit], [1, 7]).sent is None
        True
        """
        sent = tuple(changes)
        columns = cls(
            tuple(map(_KEY, sent)), tuple(map(_HASH, sent)), versions, tuple(map(_TOMB, sent))
        )
        if sent and _versions_as_sent(tuple(map(_BASE, sent)), versions):
            columns.sent = sent
        return columns

    def __len__(self) -> int:
        return len(self.keys)

    @overload
    def __getitem__(self, index: int) -> AckLine: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[AckLine]: ...

    def __getitem__(self, index: int | slice) -> AckLine | Sequence[AckLine]:
        if isinstance(index, slice):
            return list(zip(self.keys, self.hashes, self.versions, self.tombs, strict=True))[index]
        return (self.keys[index], self.hashes[index], self.versions[index], self.tombs[index])

    def __iter__(self) -> Iterator[AckLine]:
        return zip(self.keys, self.hashes, self.versions, self.tombs, strict=True)


_KEY: Final = itemgetter(1)
_TOMB: Final = itemgetter(3)
_BASE: Final = itemgetter(4)
_HASH: Final = itemgetter(5)


def _versions_as_sent(bases: tuple[int | None, ...], versions: Sequence[int]) -> bool:
    """Whether each version is the one its change implies: 1 if new, else base + 1.

    A first sync (all new) is checked with one C-level count; a batch of updates with a
    C-level map. Negative bases (which the journal's text form cannot tell from "new")
    never count as sent.
    """
    n = len(bases)
    if len(versions) != n:
        return False
    new = bases.count(None)
    if new == n:
        return versions.count(1) == n
    if new == 0:
        known = cast("tuple[int, ...]", bases)
        return min(known) >= 0 and list(map(add, known, repeat(1))) == list(versions)
    implied = [1 if b is None else b + 1 if b >= 0 else None for b in bases]
    return implied == list(versions)


def _ack_columns(
    acks: Sequence[AckLine],
) -> tuple[Sequence[str], Sequence[str], Sequence[int], Sequence[bool]]:
    if isinstance(acks, AckColumns):
        return acks.keys, acks.hashes, acks.versions, acks.tombs
    keys, hashes, versions, tombs = zip(*acks, strict=True)
    return keys, hashes, versions, tombs


SealLine = tuple[str, str, int]
"""One sealed group: (group key, source digest, number of items)."""


@dataclass(frozen=True, slots=True)
class RunInfo:
    """One sync run as the journal remembers it.

    ``status`` is ``"running"`` (still running, or killed), ``"completed"``, ``"failed"``
    (stopped by an error it reported) or ``"interrupted"`` (found unfinished by a later
    run, which resumed it: that run's ``resumed_from`` names this one).
    """

    run_id: int
    started_at: str
    status: str
    planned_changes: int
    planned_batches: int
    acked_batches: int = 0
    finished_at: str | None = None
    resumed_from: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class PendingBatch:
    """A batch written ahead of sending and not yet acknowledged."""

    run_id: int
    sequence: int
    changes: tuple[Change, ...]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def kind_of(key: str) -> str:
    """The kind prefix of a key built by the client (``"score/…"`` → ``"score"``)."""
    return key.split("/", 1)[0]


_FLAG_TEXT: Final = {False: "0", True: "1"}


def _base_text(base: int | None) -> str:
    return "-1" if base is None else str(base)


def _change_columns(
    changes: Sequence[Change],
) -> tuple[Iterable[str], ...]:
    """Kind, key, tombstone, base, hash and data columns, as text, checked for the format.

    The fields before the payload must be free of tabs and line breaks, the payload of
    line breaks (``split("\t", 5)`` keeps tabs in the last field). Checked per column on
    joined text: C-level scans, cheaper than counting characters over the encoded text.
    """
    kinds, keys, datas, tombs, bases, hashes = (
        tuple(map(itemgetter(i), changes)) for i in (0, 1, 2, 3, 4, 5)
    )
    fields = "".join(set(kinds)) + "".join(keys) + "".join(hashes)
    if "\t" in fields or "\n" in fields or "\n" in "".join(datas):
        raise JournalError("a change key contains a tab or a line break, or a payload a line break")
    tomb_text = map(_FLAG_TEXT.__getitem__, tombs)
    base_text = (
        repeat("-1", len(bases)) if bases.count(None) == len(bases) else map(_base_text, bases)
    )
    return kinds, keys, tomb_text, base_text, hashes, datas


def _encode_changes(changes: Sequence[Change]) -> str:
    """``kind<TAB>key<TAB>tombstone<TAB>base<TAB>hash<TAB>data`` per line (columns joined in C)."""
    if not changes:
        return ""
    return "\n".join(map("\t".join, zip(*_change_columns(changes), strict=True)))


def _encode_pending(changes: Sequence[Change]) -> tuple[str, str]:
    """``kind<TAB>key<TAB>tombstone<TAB>base<TAB>hash`` lines, and the payloads, one a line.

    Kept apart so that a receipt *as sent* reads the fixed fields without the payloads, and
    the payloads can be dropped once the batch is acknowledged.
    """
    if not changes:
        return "", ""
    kinds, keys, tombs, bases, hashes, datas = _change_columns(changes)
    fixed = "\n".join(map("\t".join, zip(kinds, keys, tombs, bases, hashes, strict=True)))
    return fixed, "\n".join(datas)


def _decode_changes(text: str, payloads: str | None = None) -> tuple[Change, ...]:
    """Changes from :func:`_encode_changes` text, or :func:`_encode_pending`'s two texts."""
    if not text:
        return ()
    lines = text.split("\n")
    if payloads is None:
        rows = map(str.split, lines, repeat("\t"), repeat(5))
    else:
        datas = payloads.split("\n")
        if len(datas) != len(lines):
            raise ValueError("a batch written ahead has more or fewer payloads than changes")
        rows = map(list.__add__, map(str.split, lines, repeat("\t"), repeat(4)), map(_one, datas))
    out = []
    for kind, key, tomb, base, chash, data in rows:
        base_version = None if base == "-1" else int(base)
        ikey = idempotency_key(chash, base_version)
        out.append(Change(kind, key, data, tomb == "1", base_version, chash, ikey))
    return tuple(out)


def _one(item: str) -> list[str]:
    return [item]


def _encode_acks(acks: Sequence[AckLine]) -> str:
    """``key<TAB>hash<TAB>version<TAB>tombstone`` per line (columns joined in C)."""
    if not acks:
        return ""
    keys, hashes, versions, tombs = _ack_columns(acks)
    fields = "".join(keys) + "".join(hashes)
    if "\t" in fields or "\n" in fields:
        raise JournalError("a change key contains a tab or a line break")
    return "\n".join(
        map(
            "\t".join,
            zip(keys, hashes, map(str, versions), map(_FLAG_TEXT.__getitem__, tombs), strict=True),
        )
    )


def _decode_ack_columns(text: str) -> tuple[Sequence[str], Sequence[str], list[int], list[bool]]:
    """Keys, hashes, versions and tombstone flags of encoded acknowledgements (split in C)."""
    if not text:
        return (), (), [], []
    rows = map(str.split, text.split("\n"), repeat("\t"))
    keys, hashes, versions, tombs = zip(*rows, strict=True)
    return keys, hashes, list(map(int, versions)), list(map("1".__eq__, tombs))


def _decode_acks(text: str) -> list[AckLine]:
    return list(zip(*_decode_ack_columns(text), strict=True))


def _encode_seals(seals: Iterable[SealLine]) -> str:
    text = "\n".join(f"{g}\t{d}\t{n}" for g, d, n in seals)
    if text and text.count("\t") != 2 * (text.count("\n") + 1):
        raise JournalError("a group key contains a tab or a line break")
    return text


def _decode_seals(text: str) -> list[SealLine]:
    out: list[SealLine] = []
    for line in text.split("\n") if text else ():
        g, d, n = line.split("\t")
        out.append((g, d, int(n)))
    return out


class Journal(ABC):
    """Sync journal (Nhật ký đồng bộ): acknowledged state, runs and write-ahead batches.

    Subclasses persist; this base keeps the in-memory view the client reads.
    """

    def __init__(self) -> None:
        self.acked: dict[str, AckedEntry] = {}
        self.live_by_kind: Counter[str] = Counter()
        self.seals: dict[str, tuple[str, int]] = {}
        self._runs: dict[int, RunInfo] = {}
        self._pending: dict[tuple[int, int], PendingBatch] = {}

    # ------------------------------------------------------------------ in-memory view
    def _fold(self, acks: Sequence[AckLine]) -> None:
        if acks:
            self._fold_columns(*_ack_columns(acks))

    def _fold_columns(
        self,
        keys: Sequence[str],
        hashes: Sequence[str],
        versions: Sequence[int],
        tombs: Sequence[bool],
    ) -> None:
        acked, live = self.acked, self.live_by_kind
        if acked.keys().isdisjoint(keys) and len(set(keys)) == len(keys):  # new keys only
            acked.update(zip(keys, zip(hashes, versions, tombs, strict=True), strict=True))
            alive = list(compress(keys, map(not_, tombs))) if any(tombs) else keys
            if not alive:
                return
            head = alive[0].partition("/")[0]
            if all(map(str.startswith, alive, repeat(head + "/"))):  # one kind: count in C
                live[head] += len(alive)
            else:
                live.update(map(itemgetter(0), map(str.partition, alive, repeat("/"))))
            return
        acks = zip(keys, hashes, versions, tombs, strict=True)
        get = acked.get
        appeared: list[str] = []
        gone: list[str] = []
        for key, chash, version, tomb in acks:
            old = get(key)
            acked[key] = (chash, version, tomb)
            if old is None:
                if not tomb:
                    appeared.append(key)
            elif old[2] != tomb:  # a record came back or was deleted
                (gone if tomb else appeared).append(key)
        if appeared:
            live.update(k[: k.find("/")] for k in appeared)
        if gone:
            live.subtract(k[: k.find("/")] for k in gone)

    def _fold_seals(self, added: Sequence[SealLine], removed: Iterable[str] = ()) -> None:
        seals = self.seals
        for gkey in removed:
            seals.pop(gkey, None)
        if added:
            gkeys, digests, counts = zip(*added, strict=True)
            seals.update(zip(gkeys, zip(digests, counts, strict=True), strict=True))

    def runs(self) -> list[RunInfo]:
        """Every run, oldest first."""
        return [self._runs[k] for k in sorted(self._runs)]

    def unfinished_run(self) -> RunInfo | None:
        """The latest run still marked running (killed before it finished), if any."""
        running = [r for r in self.runs() if r.status == "running"]
        return running[-1] if running else None

    def pending(self) -> list[PendingBatch]:
        """Batches written ahead and never acknowledged, in the order they were sent."""
        return [self._pending[k] for k in sorted(self._pending)]

    # ------------------------------------------------------------------ operations
    def begin_run(
        self,
        planned_changes: int,
        planned_batches: int,
        *,
        resumed_from: int | None = None,
        unseal: Iterable[str] = (),
        first_batch: Sequence[Change] | None = None,
    ) -> RunInfo:
        """Start a run; marks an unfinished run it resumes as ``"interrupted"``.

        In the same durable step it can forget the seals of groups the run will send
        (``unseal``) and write its first batch ahead (``first_batch``, sequence 1): the
        run, then the seals, then the batch, so any prefix of the step a crash leaves is a
        state :meth:`unseal` and :meth:`write_pending` called one by one could leave.
        """
        run_id = max(self._runs, default=0) + 1
        info = RunInfo(
            run_id, _now(), "running", planned_changes, planned_batches, resumed_from=resumed_from
        )
        updates = [info]
        if resumed_from is not None and resumed_from in self._runs:
            updates.append(replace(self._runs[resumed_from], status="interrupted"))
        held = sorted(g for g in unseal if g in self.seals) if self.seals else []
        first = None if first_batch is None else PendingBatch(run_id, 1, tuple(first_batch))
        self._write_begin(updates, held, first)
        for r in updates:
            self._runs[r.run_id] = r
        if held:
            self._fold_seals((), held)
        if first is not None:
            self._pending[(run_id, 1)] = first
        return info

    def finish_run(
        self,
        run_id: int,
        status: str,
        note: str = "",
        *,
        last_batch: tuple[int, Sequence[AckLine]] | None = None,
        seals: Sequence[SealLine] = (),
    ) -> RunInfo:
        """End a run in one durable step: the last batch's receipt, the seals, the status.

        ``last_batch`` is ``(sequence, acknowledgements)`` as for :meth:`record_receipt`;
        ``seals`` as for :meth:`seal`. Written in that order, so a seal is never durable
        without the acknowledgements it vouches for, nor a run completed without both.
        """
        run = self._runs[run_id]
        receipt = None
        if last_batch is not None:
            run = replace(run, acked_batches=run.acked_batches + 1)
            receipt = (last_batch[0], last_batch[1], run)
        info = replace(run, status=status, finished_at=_now(), note=note)
        self._write_finish(run_id, receipt, seals, info)
        if receipt is not None:
            self._fold(receipt[1])
            self._pending.pop((run_id, receipt[0]), None)
        if seals:
            self._fold_seals(seals)
        self._runs[run_id] = info
        return info

    def update_plan(self, run_id: int, planned_changes: int, planned_batches: int) -> RunInfo:
        """Record how many changes and batches a run plans to send."""
        info = replace(
            self._runs[run_id], planned_changes=planned_changes, planned_batches=planned_batches
        )
        self._write_runs([info])
        self._runs[run_id] = info
        return info

    def write_pending(self, run_id: int, sequence: int, changes: Sequence[Change]) -> None:
        """Record a batch before it is sent (write-ahead)."""
        batch = PendingBatch(run_id, sequence, tuple(changes))
        self._write_pending(batch)
        self._pending[(run_id, sequence)] = batch

    def record_receipt(
        self,
        run_id: int,
        sequence: int,
        acks: Sequence[AckLine],
        *,
        then_pending: Sequence[Change] | None = None,
    ) -> None:
        """Record a sent batch's acknowledgements and drop it from the pending list.

        ``then_pending`` writes the run's next batch ahead in the same durable step (one
        ``fsync`` instead of two).
        """
        run = self._runs.get(run_id)
        updated = None if run is None else replace(run, acked_batches=run.acked_batches + 1)
        following = (
            None
            if then_pending is None
            else PendingBatch(run_id, sequence + 1, tuple(then_pending))
        )
        self._write_receipt(run_id, sequence, acks, updated, following)
        self._fold(acks)
        self._pending.pop((run_id, sequence), None)
        if following is not None:
            self._pending[(run_id, following.sequence)] = following
        if updated is not None:
            self._runs[run_id] = updated

    def seal(self, seals: Sequence[SealLine]) -> None:
        """Record groups whose every item stands acknowledged, with their source digest."""
        if seals:
            self._write_seals(seals, ())
            self._fold_seals(seals)

    def unseal(self, groups: Iterable[str]) -> None:
        """Forget the seals of these groups (durably) before any of their items is sent."""
        held = sorted(g for g in groups if g in self.seals)
        if held:
            self._write_seals((), held)
            self._fold_seals((), held)

    def end_run(self, run_id: int, status: str, note: str = "") -> RunInfo:
        """Mark a run ``"completed"`` or ``"failed"``, with a note."""
        info = replace(self._runs[run_id], status=status, finished_at=_now(), note=note)
        self._write_runs([info])
        self._runs[run_id] = info
        return info

    # ------------------------------------------------------------------ persistence
    def _write_begin(
        self, runs: Sequence[RunInfo], unsealed: Sequence[str], first: PendingBatch | None
    ) -> None:
        """Persist a run's start; one step by one by default (in a safe order)."""
        self._write_runs(runs)
        if unsealed:
            self._write_seals((), unsealed)
        if first is not None:
            self._write_pending(first)

    def _write_finish(
        self,
        run_id: int,
        receipt: tuple[int, Sequence[AckLine], RunInfo] | None,
        seals: Sequence[SealLine],
        run: RunInfo,
    ) -> None:
        """Persist a run's end; one step by one by default (in a safe order)."""
        if receipt is not None:
            self._write_receipt(run_id, receipt[0], receipt[1], receipt[2], None)
        if seals:
            self._write_seals(seals, ())
        self._write_runs([run])

    @abstractmethod
    def _write_runs(self, runs: Sequence[RunInfo]) -> None: ...

    @abstractmethod
    def _write_pending(self, batch: PendingBatch) -> None: ...

    @abstractmethod
    def _write_receipt(
        self,
        run_id: int,
        sequence: int,
        acks: Sequence[AckLine],
        run: RunInfo | None,
        following: PendingBatch | None,
    ) -> None: ...

    def _write_seals(self, added: Sequence[SealLine], removed: Sequence[str]) -> None:  # noqa: B027
        """Persist seal changes. The default keeps seals in memory only, which is safe:
        a journal reopened without seals compares every score."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the file. Idempotent."""


class MemoryJournal(Journal):
    """A journal that lives only in memory: nothing survives the process (tests, demos)."""

    def _write_runs(self, runs: Sequence[RunInfo]) -> None:
        return None

    def _write_pending(self, batch: PendingBatch) -> None:
        return None

    def _write_receipt(
        self,
        run_id: int,
        sequence: int,
        acks: Sequence[AckLine],
        run: RunInfo | None,
        following: PendingBatch | None,
    ) -> None:
        return None


_SQL_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, status TEXT NOT NULL,
    planned_changes INTEGER NOT NULL, planned_batches INTEGER NOT NULL,
    acked_batches INTEGER NOT NULL, finished_at TEXT, resumed_from INTEGER, note TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pending (
    run_id INTEGER NOT NULL, sequence INTEGER NOT NULL, changes TEXT NOT NULL,
    fields INTEGER NOT NULL DEFAULT 6, PRIMARY KEY (run_id, sequence)
);
CREATE TABLE IF NOT EXISTS payloads (
    run_id INTEGER NOT NULL, sequence INTEGER NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (run_id, sequence)
);
CREATE TABLE IF NOT EXISTS acks (
    id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL, sequence INTEGER NOT NULL,
    lines TEXT NOT NULL, sent INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS seal_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT, added TEXT NOT NULL, removed TEXT NOT NULL
);
"""
_COMPACT_MIN_LINES: Final = 10_000
_UPGRADES: Final = (
    ("acks", "sent", "ALTER TABLE acks ADD COLUMN sent INTEGER NOT NULL DEFAULT 0"),
    ("pending", "fields", "ALTER TABLE pending ADD COLUMN fields INTEGER NOT NULL DEFAULT 6"),
)
_DELETE_BATCH: Final = (
    "DELETE FROM pending WHERE run_id = ? AND sequence = ?",
    "DELETE FROM payloads WHERE run_id = ? AND sequence = ?",
)


def _sent_columns(
    text: str, fields: int
) -> tuple[Sequence[str], Sequence[str], list[int], list[bool]]:
    """Keys, hashes, versions and tombstones of a write-ahead batch accepted as sent.

    ``text`` is a ``pending.changes`` value of ``fields`` fields a line: 5, or 6 (the
    payload last) in rows written before payloads had their own table. Split in C,
    without building :class:`Change` objects: the version is 1 for a new record (base
    ``-1``), else base + 1.
    """
    if not text:
        return (), (), [], []
    rows = map(str.split, text.split("\n"), repeat("\t"), repeat(fields - 1))
    _kinds, keys, tombs, bases, hashes, *_datas = zip(*rows, strict=True)
    n = len(bases)
    if bases.count("-1") == n:
        versions = [1] * n
    else:
        versions = [1 if b == "-1" else int(b) + 1 for b in bases]
    return keys, hashes, versions, list(map("1".__eq__, tombs))


def _worth_compacting(lines: int, keys: int) -> bool:
    """Rewrite the acknowledgements once most stored lines are superseded ones."""
    return lines > _COMPACT_MIN_LINES and lines > 2 * keys


class SQLiteJournal(Journal):
    """Journal in one SQLite file: tables ``runs``, ``pending``, ``acks`` and ``seal_log``.

    ``pending`` holds each batch written ahead, ``changes`` one line per change:
    ``kind<TAB>key<TAB>tombstone<TAB>base<TAB>hash`` (base ``-1``: a new record) when
    ``fields`` is 5, with the batch's data in ``payloads`` (one payload a line); rows
    written before ``payloads`` existed have ``fields`` 6, the data a sixth field.

    ``acks`` rows are receipts, folded in ``id`` order. With ``sent = 0``, ``lines`` holds
    one line per key, ``key<TAB>hash<TAB>version<TAB>tombstone``. With ``sent = 1``
    (``lines`` empty) the row is a receipt *accepted as sent*: batch ``(run_id,
    sequence)`` of ``pending`` came back accepted whole, in order, every record at the
    version its change implies (1 if new, else base + 1), so the row stands for those
    lines, read from the batch's fixed fields; a ``pending`` row such a receipt refers to
    is not pending, and its payloads are deleted in the receipt's transaction. Any other
    receipt (skips, rejections, conflicts, other versions) gets explicit lines, and its
    batch is deleted in the same transaction. Journals written before ``sent``, ``fields``
    and ``payloads`` existed gain them on open (``sent`` 0, ``fields`` 6) and read as
    before.

    ``seal_log`` rows hold sealed groups (``added``: ``group<TAB>digest<TAB>items`` lines)
    and unsealed ones (``removed``: one group key a line), applied in order. On open, each
    log is folded into one row when most of its lines are superseded (receipts as sent
    count their batch's lines); the receipts' snapshot replaces every ``acks`` row and the
    ``pending`` rows they referred to, in one transaction.

    Durability: WAL with ``synchronous=FULL``, so every committed step (a batch written
    ahead, a receipt) survives a power loss as well as a killed process.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__()
        self.path = Path(path)
        self._sent_rows: set[tuple[int, int]] = set()  # pending rows receipted as sent
        try:
            self._conn: sqlite3.Connection | None = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False
            )
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.executescript(_SQL_SCHEMA)
            self._upgrade(self._conn)
            with gc_paused(promote=True):
                self._load(self._conn)
        except sqlite3.Error as exc:
            raise JournalError(f"cannot open the sync journal {self.path}: {exc}") from exc
        except ValueError as exc:
            raise JournalError(f"the sync journal {self.path} is unreadable: {exc}") from exc

    def _upgrade(self, conn: sqlite3.Connection) -> None:
        """Give a journal written before *as sent* receipts existed their two columns."""

        def missing() -> list[str]:
            return [
                sql
                for table, column, sql in _UPGRADES
                if column not in {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            ]

        if missing():
            with self._tx(conn):
                for sql in missing():  # another process may have added them meanwhile
                    conn.execute(sql)

    def _load(self, conn: sqlite3.Connection) -> None:
        for row in conn.execute(
            "SELECT run_id, started_at, status, planned_changes, planned_batches,"
            " acked_batches, finished_at, resumed_from, note FROM runs"
        ):
            self._runs[row[0]] = RunInfo(*row)
        written_ahead = {
            (run_id, seq): (text, fields)
            for run_id, seq, text, fields in conn.execute(
                "SELECT run_id, sequence, changes, fields FROM pending"
            )
        }
        rows = conn.execute("SELECT run_id, sequence, lines, sent FROM acks ORDER BY id").fetchall()
        lines = 0
        sent_rows: list[tuple[int, int]] = []
        for run_id, seq, text, sent in rows:
            if sent:
                batch = written_ahead.pop((run_id, seq), None)
                if batch is None:
                    raise ValueError(f"a receipt refers to batch {seq} of run {run_id}, not held")
                columns = _sent_columns(*batch)
                sent_rows.append((run_id, seq))
            else:
                columns = _decode_ack_columns(text)
            lines += len(columns[0])
            if columns[0]:
                self._fold_columns(*columns)
        self._sent_rows = set(sent_rows)
        for (run_id, seq), (text, fields) in written_ahead.items():
            data = None
            if fields == 5:
                found = conn.execute(
                    "SELECT data FROM payloads WHERE run_id = ? AND sequence = ?", (run_id, seq)
                ).fetchone()
                if found is None:
                    raise ValueError(f"batch {seq} of run {run_id} lost its payloads")
                data = found[0]
            changes = _decode_changes(text, data)
            self._pending[(run_id, seq)] = PendingBatch(run_id, seq, changes)
        seal_rows = conn.execute("SELECT added, removed FROM seal_log ORDER BY id").fetchall()
        seal_lines = 0
        for added, removed in seal_rows:
            dropped = removed.split("\n") if removed else []
            sealed = _decode_seals(added)
            seal_lines += len(sealed) + len(dropped)
            self._fold_seals(sealed, dropped)
        if len(rows) > 1 and _worth_compacting(lines, len(self.acked)):
            snapshot = _encode_acks([(k, h, v, t) for k, (h, v, t) in self.acked.items()])
            with self._tx(conn):
                conn.execute("DELETE FROM acks")
                conn.execute(
                    "INSERT INTO acks (run_id, sequence, lines) VALUES (0, 0, ?)", (snapshot,)
                )
                for sql in _DELETE_BATCH:
                    conn.executemany(sql, sent_rows)
            self._sent_rows.clear()
        if len(seal_rows) > 1 and _worth_compacting(seal_lines, len(self.seals)):
            held = _encode_seals((g, d, n) for g, (d, n) in self.seals.items())
            with self._tx(conn):
                conn.execute("DELETE FROM seal_log")
                conn.execute("INSERT INTO seal_log (added, removed) VALUES (?, '')", (held,))

    @contextlib.contextmanager
    def _tx(self, conn: sqlite3.Connection) -> Any:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    @property
    def _c(self) -> sqlite3.Connection:
        if self._conn is None:
            raise JournalError(f"the sync journal {self.path} is closed")
        return self._conn

    def _step(self, *parts: tuple[Any, ...]) -> None:
        """Run statements in one transaction: each part is ``(method, *args)``."""
        c = self._c
        try:
            with self._tx(c):
                for method, *args in parts:
                    method(c, *args)
        except sqlite3.Error as exc:
            raise JournalError(f"cannot write the sync journal {self.path}: {exc}") from exc

    @staticmethod
    def _sql_runs(c: sqlite3.Connection, runs: Sequence[RunInfo]) -> None:
        c.executemany(
            "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    r.run_id,
                    r.started_at,
                    r.status,
                    r.planned_changes,
                    r.planned_batches,
                    r.acked_batches,
                    r.finished_at,
                    r.resumed_from,
                    r.note,
                )
                for r in runs
            ],
        )

    def _sql_pending(self, c: sqlite3.Connection, batch: PendingBatch) -> None:
        if (batch.run_id, batch.sequence) in self._sent_rows:
            raise JournalError(
                f"batch {batch.sequence} of run {batch.run_id} is already acknowledged; it"
                " cannot be written ahead again"
            )
        fixed, data = _encode_pending(batch.changes)
        c.execute(
            "INSERT OR REPLACE INTO pending (run_id, sequence, changes, fields)"
            " VALUES (?, ?, ?, 5)",
            (batch.run_id, batch.sequence, fixed),
        )
        c.execute(
            "INSERT OR REPLACE INTO payloads VALUES (?, ?, ?)", (batch.run_id, batch.sequence, data)
        )

    @staticmethod
    def _sql_seals(
        c: sqlite3.Connection, added: Sequence[SealLine], removed: Sequence[str]
    ) -> None:
        c.execute(
            "INSERT INTO seal_log (added, removed) VALUES (?, ?)",
            (_encode_seals(added), "\n".join(removed)),
        )

    def _as_sent(self, run_id: int, sequence: int, acks: Sequence[AckLine]) -> bool:
        """Whether ``acks`` may be recorded as a reference to the batch written ahead.

        Only for a receipt of the very batch the ``pending`` table holds for
        ``(run_id, sequence)``, accepted whole at the versions it implies
        (:meth:`AckColumns.accepted`); the comparison is C-level (same objects).
        """
        sent = acks.sent if isinstance(acks, AckColumns) else None
        if not sent:
            return False
        held = self._pending.get((run_id, sequence))
        return held is not None and held.changes == sent

    @staticmethod
    def _sql_receipt(
        c: sqlite3.Connection,
        run_id: int,
        sequence: int,
        acks: Sequence[AckLine],
        run: RunInfo | None,
        as_sent: bool,
    ) -> None:
        if as_sent:  # the pending row's fixed fields stay: this row refers to them
            c.execute(
                "INSERT INTO acks (run_id, sequence, lines, sent) VALUES (?, ?, '', 1)",
                (run_id, sequence),
            )
            # The payloads are no longer needed; the next batch reuses their pages.
            c.execute(_DELETE_BATCH[1], (run_id, sequence))
        else:
            if acks:
                c.execute(
                    "INSERT INTO acks (run_id, sequence, lines) VALUES (?, ?, ?)",
                    (run_id, sequence, _encode_acks(acks)),
                )
            for sql in _DELETE_BATCH:
                c.execute(sql, (run_id, sequence))
        if run is not None:
            c.execute(
                "UPDATE runs SET acked_batches = ? WHERE run_id = ?", (run.acked_batches, run_id)
            )

    def _write_runs(self, runs: Sequence[RunInfo]) -> None:
        self._step((self._sql_runs, runs))

    def _write_pending(self, batch: PendingBatch) -> None:
        self._step((self._sql_pending, batch))

    def _write_receipt(
        self,
        run_id: int,
        sequence: int,
        acks: Sequence[AckLine],
        run: RunInfo | None,
        following: PendingBatch | None,
    ) -> None:
        as_sent = self._as_sent(run_id, sequence, acks)
        parts: list[tuple[Any, ...]] = [(self._sql_receipt, run_id, sequence, acks, run, as_sent)]
        if following is not None:
            parts.append((self._sql_pending, following))
        self._step(*parts)
        if as_sent:
            self._sent_rows.add((run_id, sequence))

    def _write_seals(self, added: Sequence[SealLine], removed: Sequence[str]) -> None:
        self._step((self._sql_seals, added, removed))

    def _write_begin(
        self, runs: Sequence[RunInfo], unsealed: Sequence[str], first: PendingBatch | None
    ) -> None:
        parts: list[tuple[Any, ...]] = [(self._sql_runs, runs)]
        if unsealed:
            parts.append((self._sql_seals, (), unsealed))
        if first is not None:
            parts.append((self._sql_pending, first))
        self._step(*parts)

    def _write_finish(
        self,
        run_id: int,
        receipt: tuple[int, Sequence[AckLine], RunInfo] | None,
        seals: Sequence[SealLine],
        run: RunInfo,
    ) -> None:
        parts: list[tuple[Any, ...]] = []
        as_sent = receipt is not None and self._as_sent(run_id, receipt[0], receipt[1])
        if receipt is not None:
            parts.append((self._sql_receipt, run_id, receipt[0], receipt[1], None, as_sent))
        if seals:
            parts.append((self._sql_seals, seals, ()))
        parts.append((self._sql_runs, [run]))
        self._step(*parts)
        if receipt is not None and as_sent:
            self._sent_rows.add((run_id, receipt[0]))

    def close(self) -> None:
        """Close the file. Idempotent."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class JsonlJournal(Journal):
    """Journal as JSON lines, ``fsync``-ed line by line; rewritten compactly on open.

    Line types: ``{"t": "run", ...}``, ``{"t": "pending", "run", "seq", "changes"}``,
    ``{"t": "ack", "run", "seq", "acks"}``. A last line cut short by a crash is dropped.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__()
        self.path = Path(path)
        self.dropped_torn_line = False
        try:
            with gc_paused(promote=True):
                self._load()
                self._compact()
            self._fh: Any = self.path.open("a", encoding="utf-8")
        except OSError as exc:
            raise JournalError(f"cannot open the sync journal {self.path}: {exc}") from exc

    def _load(self) -> None:
        if not self.path.exists():
            return
        lines = self.path.read_text(encoding="utf-8").split("\n")
        for number, line in enumerate(lines, start=1):
            if not line:
                continue
            try:
                entry = json.loads(line)
            except ValueError as exc:
                if number >= len(lines) - 1:
                    self.dropped_torn_line = True
                    continue
                raise JournalError(f"{self.path}, line {number}: not valid JSON") from exc
            self._replay(entry)

    def _replay(self, entry: dict[str, Any]) -> None:
        kind = entry.get("t")
        if kind == "run":
            info = RunInfo(**entry["run"])
            self._runs[info.run_id] = info
        elif kind == "pending":
            key = (entry["run"], entry["seq"])
            self._pending[key] = PendingBatch(*key, _decode_changes(entry["changes"]))
        elif kind == "ack":
            self._fold(_decode_acks(entry["acks"]))
            self._pending.pop((entry["run"], entry["seq"]), None)
            run = self._runs.get(entry["run"])
            if run is not None:
                self._runs[run.run_id] = replace(run, acked_batches=run.acked_batches + 1)
        elif kind == "seal":
            self._fold_seals(_decode_seals(entry.get("add", "")), entry.get("drop", []))
        else:
            raise JournalError(f"{self.path}: unknown line type {kind!r}")

    def _compact(self) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for run in self.runs():
                fh.write(json.dumps({"t": "run", "run": _run_dict(run)}, ensure_ascii=False) + "\n")
            if self.acked:
                acks = _encode_acks([(k, h, v, t) for k, (h, v, t) in self.acked.items()])
                fh.write(json.dumps({"t": "ack", "run": 0, "seq": 0, "acks": acks}) + "\n")
            for p in self.pending():
                fh.write(self._pending_line(p))
            if self.seals:
                added = _encode_seals((g, d, n) for g, (d, n) in self.seals.items())
                fh.write(json.dumps({"t": "seal", "add": added}, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        _fsync_dir(self.path.parent)

    @staticmethod
    def _pending_line(batch: PendingBatch) -> str:
        entry = {
            "t": "pending",
            "run": batch.run_id,
            "seq": batch.sequence,
            "changes": _encode_changes(batch.changes),
        }
        return json.dumps(entry, ensure_ascii=False) + "\n"

    def _append(self, text: str) -> None:
        if self._fh is None:
            raise JournalError(f"the sync journal {self.path} is closed")
        try:
            self._fh.write(text)
            self._fh.flush()
            os.fsync(self._fh.fileno())
        except OSError as exc:
            raise JournalError(f"cannot write the sync journal {self.path}: {exc}") from exc

    @staticmethod
    def _run_lines(runs: Sequence[RunInfo]) -> str:
        return "".join(
            json.dumps({"t": "run", "run": _run_dict(r)}, ensure_ascii=False) + "\n" for r in runs
        )

    @staticmethod
    def _seal_line(added: Sequence[SealLine], removed: Sequence[str]) -> str:
        entry = {"t": "seal", "add": _encode_seals(added), "drop": list(removed)}
        return json.dumps(entry, ensure_ascii=False) + "\n"

    def _write_runs(self, runs: Sequence[RunInfo]) -> None:
        self._append(self._run_lines(runs))

    def _write_begin(
        self, runs: Sequence[RunInfo], unsealed: Sequence[str], first: PendingBatch | None
    ) -> None:
        # One append, one fsync; a crash may keep any prefix of the lines (a torn last
        # line is dropped on open), and every prefix is a consistent journal.
        text = self._run_lines(runs)
        if unsealed:
            text += self._seal_line((), unsealed)
        if first is not None:
            text += self._pending_line(first)
        self._append(text)

    def _write_finish(
        self,
        run_id: int,
        receipt: tuple[int, Sequence[AckLine], RunInfo] | None,
        seals: Sequence[SealLine],
        run: RunInfo,
    ) -> None:
        # As in _write_begin: acknowledgements, then seals, then the status; any prefix holds.
        text = ""
        if receipt is not None:
            entry = {"t": "ack", "run": run_id, "seq": receipt[0], "acks": _encode_acks(receipt[1])}
            text += json.dumps(entry, ensure_ascii=False) + "\n"
        if seals:
            text += self._seal_line(seals, ())
        self._append(text + self._run_lines([run]))

    def _write_pending(self, batch: PendingBatch) -> None:
        self._append(self._pending_line(batch))

    def _write_receipt(
        self,
        run_id: int,
        sequence: int,
        acks: Sequence[AckLine],
        run: RunInfo | None,
        following: PendingBatch | None,
    ) -> None:
        entry = {"t": "ack", "run": run_id, "seq": sequence, "acks": _encode_acks(acks)}
        text = json.dumps(entry, ensure_ascii=False) + "\n"
        if following is not None:
            text += self._pending_line(following)
        self._append(text)

    def _write_seals(self, added: Sequence[SealLine], removed: Sequence[str]) -> None:
        self._append(self._seal_line(added, removed))

    def close(self) -> None:
        """Close the file. Idempotent."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def _run_dict(run: RunInfo) -> dict[str, Any]:
    return {
        "run_id": run.run_id,
        "started_at": run.started_at,
        "status": run.status,
        "planned_changes": run.planned_changes,
        "planned_batches": run.planned_batches,
        "acked_batches": run.acked_batches,
        "finished_at": run.finished_at,
        "resumed_from": run.resumed_from,
        "note": run.note,
    }


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def open_journal(journal: Journal | str | os.PathLike[str] | None) -> Journal:
    """A journal from a path (``.jsonl`` → :class:`JsonlJournal`, else SQLite), or as given.

    ``None`` gives a :class:`MemoryJournal`, which does not survive the process.
    """
    if journal is None:
        return MemoryJournal()
    if isinstance(journal, Journal):
        return journal
    path = Path(journal)
    if path.suffix == ".jsonl":
        return JsonlJournal(path)
    return SQLiteJournal(path)
