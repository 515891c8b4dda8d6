"""Backend contract tests (Bộ kiểm thử hợp đồng): what every sync backend must do.

A vendor subclasses :class:`BackendContractTests` in their own test suite, with a name
pytest collects, and says how to build their backend::

    from vnschool_records.testing import BackendContractTests

    class TestMyBackend(BackendContractTests):
        def make_backend(self, path):
            return MyBackend(folder=path)

Each test gets a fresh empty folder (``path``). Override :meth:`break_backend` if closing
your backend does not make it fail (it should make the next push raise).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from vnschool_records.errors import SyncError
from vnschool_records.sync import (
    Batch,
    Change,
    MemoryJournal,
    Receipt,
    SyncBackend,
    SyncClient,
)
from vnschool_records.testing._school import demo_school

__all__ = ["BackendContractTests"]


def _c(key: str, value: Any, base: int | None = None, *, kind: str = "score") -> Change:
    return Change.create(kind, key, {"value": value}, base_version=base)


def _versions(receipt: Receipt) -> dict[str, int]:
    return {a.key: a.version for a in receipt.accepted}


class BackendContractTests:
    """Contract tests for a :class:`~vnschool_records.sync.SyncBackend` (subclass me).

    Checks idempotency (a repeat is skipped, never applied twice), ordering (changes apply
    in batch order; receipts keep it), tombstones, conflict reporting (both versions, no
    overwrite), that every change is accounted for, and that failures reach callers of
    :class:`~vnschool_records.sync.SyncClient` as :class:`~vnschool_records.errors.SyncError`.
    """

    def make_backend(self, path: Path) -> SyncBackend:
        """A new backend storing its data under ``path`` (an empty folder)."""
        raise NotImplementedError("subclasses say how to build their backend")

    def break_backend(self, backend: SyncBackend) -> None:
        """Make the backend's next push fail (default: close it)."""
        backend.close()

    # ------------------------------------------------------------------ tests
    def test_new_records_are_accepted_at_version_1_in_batch_order(self, tmp_path: Path) -> None:
        with self.make_backend(tmp_path) as backend:
            changes = tuple(_c(f"score/k{i}", str(i)) for i in (3, 1, 2))
            receipt = backend.push(Batch(changes))
            assert [a.key for a in receipt.accepted] == [c.key for c in changes]
            assert {a.version for a in receipt.accepted} == {1}
            assert [a.idempotency_key for a in receipt.accepted] == [
                c.idempotency_key for c in changes
            ]

    def test_resending_a_batch_is_skipped_not_applied_twice(self, tmp_path: Path) -> None:
        with self.make_backend(tmp_path) as backend:
            batch = Batch((_c("score/a", "7.0"), _c("score/b", "8.0")))
            backend.push(batch)
            again = backend.push(batch)
            assert again.accepted == ()
            assert sorted((a.key, a.version) for a in again.skipped) == [
                ("score/a", 1),
                ("score/b", 1),
            ]
            # Still at version 1: the next edit from version 1 is accepted as version 2.
            third = backend.push(Batch((_c("score/a", "9.0", 1),)))
            assert _versions(third) == {"score/a": 2}

    def test_changes_apply_in_order_within_a_batch(self, tmp_path: Path) -> None:
        with self.make_backend(tmp_path) as backend:
            batch = Batch((_c("score/x", "5.0"), _c("score/x", "6.0", 1), _c("score/x", "7.0", 2)))
            receipt = backend.push(batch)
            assert [(a.key, a.version) for a in receipt.accepted] == [
                ("score/x", 1),
                ("score/x", 2),
                ("score/x", 3),
            ]
            stale = backend.push(Batch((_c("score/x", "9.9", 2),)))
            assert len(stale.conflicts) == 1
            assert stale.conflicts[0].theirs_payload == {"value": "7.0"}

    def test_tombstones_delete_and_records_can_return(self, tmp_path: Path) -> None:
        with self.make_backend(tmp_path) as backend:
            backend.push(Batch((_c("score/t", "4.0"),)))
            gone = Change.create("score", "score/t", tombstone=True, base_version=1)
            assert _versions(backend.push(Batch((gone,)))) == {"score/t": 2}
            assert [a.version for a in backend.push(Batch((gone,))).skipped] == [2]
            back = backend.push(Batch((_c("score/t", "4.5", 2),)))
            assert _versions(back) == {"score/t": 3}

    def test_conflict_reports_both_versions_and_does_not_overwrite(self, tmp_path: Path) -> None:
        with self.make_backend(tmp_path) as backend:
            backend.push(Batch((_c("score/c", "6.0"),)))
            backend.push(Batch((_c("score/c", "6.5", 1),)))  # the target's own edit
            ours = _c("score/c", "8.0", 1)
            receipt = backend.push(Batch((ours, _c("score/d", "1.0"))))
            assert _versions(receipt) == {"score/d": 1}
            (conflict,) = receipt.conflicts
            assert conflict.ours == ours
            assert conflict.theirs_version == 2
            assert conflict.theirs_payload == {"value": "6.5"}
            # Not overwritten: an edit based on the target's version 2 still applies.
            assert _versions(backend.push(Batch((_c("score/c", "8.0", 2),)))) == {"score/c": 3}

    def test_creating_a_record_the_target_already_has_is_a_conflict(self, tmp_path: Path) -> None:
        with self.make_backend(tmp_path) as backend:
            backend.push(Batch((_c("score/e", "3.0"),)))
            receipt = backend.push(Batch((_c("score/e", "3.5"),)))
            assert [c.theirs_version for c in receipt.conflicts] == [1]

    def test_every_change_is_accounted_for(self, tmp_path: Path) -> None:
        with self.make_backend(tmp_path) as backend:
            backend.push(Batch((_c("score/m1", "1.0"), _c("score/m2", "2.0"))))
            batch = Batch(
                (
                    _c("score/m1", "1.0"),  # repeat → skipped
                    _c("score/m2", "2.5", 1),  # edit → accepted
                    _c("score/m3", "3.0", 4),  # unknown base → conflict
                    _c("score/m4", "4.0"),  # new → accepted
                )
            )
            receipt = backend.push(batch)
            assert len(receipt) == len(batch)
            outcome = {a.key: "accepted" for a in receipt.accepted}
            outcome.update({a.key: "skipped" for a in receipt.skipped})
            outcome.update({c.key: "conflict" for c in receipt.conflicts})
            outcome.update({r.key: "rejected" for r in receipt.rejected})
            assert outcome == {
                "score/m1": "skipped",
                "score/m2": "accepted",
                "score/m3": "conflict",
                "score/m4": "accepted",
            }

    def test_failures_reach_the_client_as_sync_errors(self, tmp_path: Path) -> None:
        backend = self.make_backend(tmp_path)
        self.break_backend(backend)
        client = SyncClient(backend, MemoryJournal(), validator=None, sleep=lambda _s: None)
        with pytest.raises(SyncError) as info:
            client.sync(demo_school(2))
        assert str(info.value)
        assert isinstance(info.value, RuntimeError)
        backend.close()

    def test_client_round_trip_sends_only_what_changed(self, tmp_path: Path) -> None:
        with self.make_backend(tmp_path) as backend:
            client = SyncClient(backend, MemoryJournal(), validator=None)
            records = demo_school(3)
            first = client.sync(records)
            assert first.ok
            assert first.accepted == first.planned > 0
            assert client.sync(records).planned == 0
            edited = [records[0].model_copy(update={"assessments": records[0].assessments[1:]})]
            third = client.sync(edited + records[1:])
            assert third.ok
            dropped = records[0].assessments[0]
            removed = len(dropped.regular) + len(dropped.regular_levels) + 2
            assert third.planned == third.accepted == removed  # one tombstone per score
            sid = records[0].student.student_id
            prefix = f"score/2024-2025/{sid}/{dropped.subject}/{int(dropped.semester)}/"
            assert all(k.startswith(prefix) for k in third.sent_keys)
