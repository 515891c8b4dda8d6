"""Runs one sync of a demo school into a SQLite target; killed at random by the test."""

from __future__ import annotations

import json
import sys

from vnschool_records.sync import Batch, Receipt, SQLiteBackend, SyncClient
from vnschool_records.testing import demo_school


class Reporting(SQLiteBackend):
    """Says when each batch has landed, so the test can kill the run part-way through."""

    def push(self, batch: Batch) -> Receipt:
        receipt = super().push(batch)
        print(f"pushed {batch.sequence}", flush=True)
        return receipt


def main() -> None:
    target, journal, students, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    records = demo_school(students, seed=3)
    print("ready", flush=True)
    with SyncClient(Reporting(target), journal, batch_size=batch, validator=None) as client:
        report = client.sync(records)
    resumed = None if report.resumed is None else report.resumed.describe("en")
    print(json.dumps({"planned": report.planned, "resumed": resumed, "ok": report.ok}), flush=True)


if __name__ == "__main__":
    main()
