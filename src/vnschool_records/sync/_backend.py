"""Sync backend (Hệ thống đích): the one seam a vendor implements, and the in-memory backend.

A backend is told one thing: "here is a batch, what did you do with it?" Everything else
(deciding what changed, idempotency keys, batching, retries, the journal, mapping errors)
is :class:`~vnschool_records.sync.SyncClient`'s job, so a backend stays small.

>>> from vnschool_records.sync import Change, Batch, InMemoryBackend
>>> with InMemoryBackend() as target:
...     receipt = target.push(Batch((Change.create("student", "student/HS01", {"name": "An"}),)))
>>> [(a.key, a.version) for a in receipt.accepted]
[('student/HS01', 1)]
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Self

from vnschool_records.errors import SyncError
from vnschool_records.sync._model import Ack, Batch, Change, Conflict, Receipt

__all__ = ["InMemoryBackend", "StoredRecord", "SyncBackend", "VersionedStore"]


class SyncBackend(ABC):
    """Sync backend (Hệ thống đích): receives batches and answers with receipts.

    Subclasses implement :meth:`push`; they may override :meth:`close`. A backend must
    apply a batch's changes in order, honour ``base_version`` (apply only if the target's
    version of the record still equals it, else report a :class:`Conflict` with both
    versions), treat a change it already holds as *skipped* (never apply it twice), and
    account for every change in the receipt. :class:`vnschool_records.testing.BackendContractTests`
    checks all of this.
    """

    @abstractmethod
    def push(self, batch: Batch) -> Receipt:
        """Apply one batch and say what happened to each change.

        Raise :class:`~vnschool_records.errors.TransientSyncError` (or let an ``OSError``
        / ``TimeoutError`` escape) for failures worth retrying; the client maps any other
        exception to :class:`~vnschool_records.errors.SyncError` with ``__cause__`` kept.
        """

    def close(self) -> None:  # noqa: B027 - optional hook; most backends hold nothing
        """Release files and connections. Idempotent."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """What a target holds for one key: version, content and the last idempotency key."""

    kind: str
    version: int
    content_hash: str
    data: str
    tombstone: bool
    idempotency_key: str


class VersionedStore:
    """Versioned store (kho có phiên bản): the target semantics every shipped backend shares.

    For each change, in order:

    * the target already holds this content (same idempotency key or content hash) →
      *skipped*, acknowledged at the version it holds;
    * the record is absent and the change expects it absent (``base_version`` is
      ``None``) → created at version 1; a tombstone for a record the target does not hold
      is skipped at version 0;
    * the target's version equals ``base_version`` → applied, version + 1;
    * otherwise → a :class:`Conflict` with both versions; nothing is overwritten.

    :meth:`apply` computes a receipt and the records to store without storing them;
    :meth:`commit` stores them, so a backend that writes files can make the write durable
    between the two.
    """

    def __init__(self, records: dict[str, StoredRecord] | None = None) -> None:
        self.records: dict[str, StoredRecord] = records if records is not None else {}

    def apply(self, changes: Iterable[Change]) -> tuple[Receipt, dict[str, StoredRecord]]:
        """The receipt for ``changes`` and the new records they produce (not yet stored)."""
        accepted: list[Ack] = []
        skipped: list[Ack] = []
        conflicts: list[Conflict] = []
        staged: dict[str, StoredRecord] = {}
        for change in changes:
            current = staged.get(change.key) or self.records.get(change.key)
            ikey = change.idempotency_key
            if current is None:
                if change.base_version is None:
                    staged[change.key] = _stored(change, 1)
                    accepted.append(Ack(change.key, ikey, 1))
                elif change.tombstone:
                    skipped.append(Ack(change.key, ikey, 0))
                else:
                    conflicts.append(Conflict(change, 0, None))
            elif current.idempotency_key == ikey or current.content_hash == change.content_hash:
                skipped.append(Ack(change.key, ikey, current.version))
            elif change.base_version is not None and current.version == change.base_version:
                staged[change.key] = _stored(change, current.version + 1)
                accepted.append(Ack(change.key, ikey, current.version + 1))
            else:
                conflicts.append(
                    Conflict(
                        change,
                        current.version,
                        None if current.tombstone else current.data,
                        current.tombstone,
                    )
                )
        receipt = Receipt(
            accepted=tuple(accepted), skipped=tuple(skipped), conflicts=tuple(conflicts)
        )
        return receipt, staged

    def commit(self, staged: dict[str, StoredRecord]) -> None:
        """Store what :meth:`apply` staged."""
        self.records.update(staged)

    def live(self) -> dict[str, StoredRecord]:
        """Records that are not tombstones."""
        return {k: r for k, r in self.records.items() if not r.tombstone}


def _stored(change: Change, version: int) -> StoredRecord:
    return StoredRecord(
        change.kind,
        version,
        change.content_hash,
        change.data,
        change.tombstone,
        change.idempotency_key,
    )


Handler = Callable[[Batch], Receipt | None]
"""A test handler: return a receipt to answer for the target, ``None`` to let the
in-memory store apply the batch, or raise to simulate an outage."""


class InMemoryBackend(SyncBackend):
    """In-memory backend (hệ thống đích trong bộ nhớ): records batches; for tests and demos.

    Every pushed batch is kept in :attr:`batches`. Without a handler the batch is applied
    to an in-memory :class:`VersionedStore` (:attr:`store`). A ``handler(batch)`` can
    simulate the target: raise to simulate an outage, return a :class:`Receipt` to answer
    itself (rejections, for instance), or return ``None`` to let the store apply it.

    >>> from vnschool_records.errors import TransientSyncError
    >>> calls = []
    >>> def flaky(batch):
    ...     calls.append(batch.batch_id)
    ...     if len(calls) < 3:
    ...         raise TransientSyncError("target busy")
    ...     return None
    >>> backend = InMemoryBackend(handler=flaky)
    """

    def __init__(self, handler: Handler | None = None) -> None:
        self.handler = handler
        self.store = VersionedStore()
        self.batches: list[Batch] = []
        self.closed = False

    def push(self, batch: Batch) -> Receipt:
        """Record the batch, then let the handler or the store answer."""
        if self.closed:
            raise SyncError("InMemoryBackend is closed")
        self.batches.append(batch)
        if self.handler is not None:
            answer = self.handler(batch)
            if answer is not None:
                return answer
        return self.apply(batch.changes)

    def apply(self, changes: Iterable[Change]) -> Receipt:
        """Apply changes to the in-memory store (a handler may call this for part of a batch)."""
        receipt, staged = self.store.apply(changes)
        self.store.commit(staged)
        return receipt

    def close(self) -> None:
        """Mark the backend closed; later pushes raise :class:`SyncError`."""
        self.closed = True
