"""Custom sync backend (Hệ thống đích tự viết): a REST target, its contract tests, a real sync.

A vendor's district service takes ``POST /v1/batches`` with JSON. This example writes the
:class:`~vnschool_records.sync.SyncBackend` for it (one method, ``push``: a batch in, a
receipt out), runs the SDK's contract tests (``vnschool_records.testing``) against it with
pytest, and then syncs a demo school through :class:`~vnschool_records.sync.SyncClient`,
which adds validation, batching, retries, idempotency and a resumable journal. The service
is an in-process fake, so nothing goes over the network.

Run: ``.venv/bin/python examples/custom_sync_backend.py [--out DIR]``
(the client's journal goes to ``DIR/journal.sqlite``; default: a temp dir). In your own
test suite you only need the ``TestDistrictBackend`` class; ``pytest`` collects it.
"""

import argparse
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from vnschool_records import evaluate_year, parse_score
from vnschool_records.demo import generate_school
from vnschool_records.errors import SyncError, TransientSyncError
from vnschool_records.sync import (
    Ack,
    Batch,
    Change,
    Conflict,
    Receipt,
    Rejection,
    RetryPolicy,
    SyncBackend,
    SyncClient,
    VersionedStore,
)
from vnschool_records.testing import BackendContractTests

Send = Callable[[str, str, bytes], tuple[int, bytes]]  # (method, path, body) → (status, body)


class FakeDistrictService:
    """Stands in for the real service: one result per change; HTTP 503 while ``busy`` > 0."""

    def __init__(self) -> None:
        self.store = VersionedStore()  # the SDK's reference implementation of target rules
        self.busy = 0

    def handle(self, method: str, path: str, body: bytes) -> tuple[int, bytes]:
        if self.busy:
            self.busy -= 1
            return 503, b'{"error": "maintenance"}'
        results = []
        for sent in json.loads(body)["changes"]:  # in order, one result per change
            receipt, staged = self.store.apply([Change(**sent)])
            self.store.commit(staged)
            if receipt.accepted:
                results.append({"status": "stored", "version": receipt.accepted[0].version})
            elif receipt.skipped:
                results.append({"status": "unchanged", "version": receipt.skipped[0].version})
            else:
                c = receipt.conflicts[0]
                results.append(
                    {
                        "status": "conflict",
                        "version": c.theirs_version,
                        "data": c.theirs_data,
                        "deleted": c.theirs_tombstone,
                    }
                )
        return 200, json.dumps({"results": results}).encode()


class DistrictBackend(SyncBackend):
    """The backend only translates: batch → JSON, answer → Receipt, HTTP errors → SDK errors."""

    def __init__(self, send: Send) -> None:
        self._send = send  # production: wrap your HTTP client; tests: FakeDistrictService
        self._closed = False

    def push(self, batch: Batch) -> Receipt:
        if self._closed:
            raise SyncError("DistrictBackend is closed")
        body = json.dumps(
            {"batch_id": batch.batch_id, "changes": [c._asdict() for c in batch.changes]}
        )
        status, answer = self._send("POST", "/v1/batches", body.encode())
        if status in (429, 502, 503, 504):  # worth retrying: the client backs off and resends
            raise TransientSyncError(f"district service answered HTTP {status}")
        if status != 200:
            raise SyncError(f"district service refused the batch: HTTP {status}")
        acc: list[Ack] = []
        skip: list[Ack] = []
        conflicts: list[Conflict] = []
        rejected: list[Rejection] = []
        results = json.loads(answer)["results"]  # zip strict: every change needs a result
        for change, r in zip(batch.changes, results, strict=True):
            if r["status"] == "stored":
                acc.append(Ack(change.key, change.idempotency_key, r["version"]))
            elif r["status"] == "unchanged":  # a resend after a crash: harmless, skipped
                skip.append(Ack(change.key, change.idempotency_key, r["version"]))
            elif r["status"] == "conflict":  # changed on the service: never overwrite
                conflicts.append(Conflict(change, r["version"], r["data"], r["deleted"]))
            else:
                rejected.append(
                    Rejection(
                        change.key,
                        change.idempotency_key,
                        "district-rejected",
                        "Hệ thống đích từ chối",
                        "Rejected by the service",
                    )
                )
        return Receipt(tuple(acc), tuple(skip), tuple(rejected), tuple(conflicts))

    def close(self) -> None:
        self._closed = True  # after close, push fails (the contract tests check this)


class TestDistrictBackend(BackendContractTests):
    """The SDK's contract tests, run against our backend (each gets an empty folder)."""

    def make_backend(self, path: Path) -> SyncBackend:
        return DistrictBackend(FakeDistrictService().handle)


class _Tally:
    """A tiny pytest plugin that counts the results of the contract tests."""

    def __init__(self) -> None:
        self.outcomes: dict[str, int] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" or report.outcome != "passed":
            self.outcomes[report.outcome] = self.outcomes.get(report.outcome, 0) + 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: temp)")
    out = parser.parse_args().out or Path(tempfile.mkdtemp(prefix="sync-"))
    out.mkdir(parents=True, exist_ok=True)

    # 1. The contract tests, through pytest (they use its tmp_path fixture and raises()).
    tally = _Tally()
    args = [f"{__file__}::TestDistrictBackend", "-q", "-p", "no:cacheprovider"]
    code = pytest.main(args, plugins=[tally])
    print(f"contract tests: {tally.outcomes} (pytest exit code {int(code)})")
    if code != 0:
        return 1

    # 2. A real sync. The service is down for the first two attempts: the client retries.
    service = FakeDistrictService()
    service.busy = 2
    waits: list[float] = []
    demo = generate_school(
        level="THCS", school_year="2025-2026", classes_per_grade=1, students_per_class=8, seed=3
    )
    client = SyncClient(
        DistrictBackend(service.handle),
        out / "journal.sqlite",
        retry=RetryPolicy(attempts=4, base_delay=1.0),
        sleep=waits.append,
    )
    # Records carry scores; pass the year results too so semester and year results are sent.
    results = [evaluate_year(r) for r in demo.records]
    first = client.sync(demo.records, results)  # validation runs first: errors would stop it
    print(
        f"first sync: ok={first.ok} planned={first.planned} batches={first.batches} "
        f"accepted={first.accepted} skipped={first.skipped} retries={first.retries} "
        f"waited={waits} findings={len(first.findings)}"
    )
    # Nothing changed since the last acknowledged sync: nothing is sent.
    again = client.sync(demo.records, results)
    print(f"second sync, nothing changed: planned={again.planned}")

    # 3. A teacher corrects one end-of-term score: only that score and the results it
    #    changes are sent, never the whole grade book.
    # Records are frozen; model_copy(update=...) does not validate, so parse the new score.
    record = demo.records[0]
    fixed = record.assessments[0].model_copy(update={"final": parse_score("9")})
    edited = record.model_copy(update={"assessments": (fixed, *record.assessments[1:])})
    records = [edited, *demo.records[1:]]
    third = client.sync(records, [evaluate_year(edited), *results[1:]])
    print(
        f"after one correction: planned={third.planned} accepted={third.accepted} "
        f"keys={list(third.sent_keys)}"
    )
    client.close()
    print(
        f"journal: {out / 'journal.sqlite'}; the service holds {len(service.store.live())} records"
    )
    return 0 if first.ok and again.planned == 0 and third.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
