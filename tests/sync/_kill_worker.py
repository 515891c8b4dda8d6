"""Runs one sync of a demo school into a SQLite target; killed at random by the test."""

from __future__ import annotations

import json
import sys

from vnschool_records.sync import SQLiteBackend, SyncClient
from vnschool_records.testing import demo_school


def main() -> None:
    target, journal, students, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    records = demo_school(students, seed=3)
    print("ready", flush=True)
    with SyncClient(SQLiteBackend(target), journal, batch_size=batch, validator=None) as client:
        report = client.sync(records)
    resumed = None if report.resumed is None else report.resumed.describe("en")
    print(json.dumps({"planned": report.planned, "resumed": resumed, "ok": report.ok}), flush=True)


if __name__ == "__main__":
    main()
