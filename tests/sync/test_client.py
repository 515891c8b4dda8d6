"""SyncClient: change sets, retries, rejections, conflicts, journal and hooks."""

from __future__ import annotations

import json
import re
import threading
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnschool_records.errors import (
    BatchRejectedError,
    JournalError,
    SyncError,
    TransientSyncError,
)
from vnschool_records.models import StudentYearRecord
from vnschool_records.sync import (
    Batch,
    Change,
    ExcelImportBackend,
    InMemoryBackend,
    JsonlJournal,
    MemoryJournal,
    Receipt,
    Rejection,
    RetryPolicy,
    SQLiteBackend,
    SQLiteJournal,
    SyncClient,
    SyncFinding,
    canonical_json,
)
from vnschool_records.sync._journal import AckColumns
from vnschool_records.testing import demo_school


def _client(backend: Any, journal: Any = None, **kw: Any) -> SyncClient:
    kw.setdefault("validator", None)
    kw.setdefault("sleep", lambda _s: None)
    return SyncClient(backend, journal if journal is not None else MemoryJournal(), **kw)


def _expected_keys(records: list[StudentYearRecord]) -> int:
    classes = {r.class_group.name for r in records}
    scores = sum(len(a.regular) + len(a.regular_levels) + 2 for r in records for a in r.assessments)
    return len(classes) + 2 * len(records) + scores


def test_initial_sync_sends_every_record_once_then_nothing() -> None:
    backend = InMemoryBackend()
    client = _client(backend, batch_size=100)
    records = demo_school(5)
    report = client.sync(records)
    assert report.planned == report.accepted == _expected_keys(records)
    assert report.batches == -(-report.planned // 100)
    # Batches arrive in kind order: classes, students, enrolments, then scores.
    kinds = [c.kind for b in backend.batches for c in b.changes]
    assert kinds[:7] == [
        "class",
        "student",
        "student",
        "student",
        "student",
        "student",
        "enrolment",
    ]
    assert client.sync(records).planned == 0


def test_score_payloads_are_canonical_json() -> None:
    backend = InMemoryBackend()
    _client(backend).sync(demo_school(2))
    for batch in backend.batches:
        for change in batch.changes:
            assert canonical_json(change.payload) == change.data
            assert Change.create(change.kind, change.key, change.payload) == change


def test_a_score_edit_sends_one_change_and_a_deletion_a_tombstone() -> None:
    backend = InMemoryBackend()
    client = _client(backend)
    records = demo_school(2)
    client.sync(records)
    a = records[1].assessments[0]
    new_a = a.model_copy(
        update={"midterm": Decimal("9.9") if a.midterm != Decimal("9.9") else Decimal("1.0")}
    )
    edited = records[1].model_copy(update={"assessments": (new_a, *records[1].assessments[1:])})
    report = client.sync([records[0], edited])
    assert report.sent_keys == (
        f"score/2024-2025/{records[1].student.student_id}/{a.subject}/1/gk",
    )
    (change,) = backend.batches[-1].changes
    assert change.base_version == 1
    assert change.payload["value"] == str(new_a.midterm)
    report = client.sync([records[0]])
    tombstones = [c for c in backend.batches[-1].changes if c.tombstone]
    assert len(tombstones) == report.planned == _expected_keys([records[1]]) - 1
    # Deleted in reverse order: scores before the enrolment before the student.
    assert [c.kind for c in backend.batches[-1].changes][-2:] == ["enrolment", "student"]
    assert not any(r.tombstone is False for r in [backend.store.records[c.key] for c in tombstones])


def test_transient_failures_are_retried_with_backoff() -> None:
    failures = {"left": 3}

    def flaky(batch: Batch) -> Receipt | None:
        if failures["left"]:
            failures["left"] -= 1
            raise ConnectionResetError("connection reset by peer")
        return None

    slept: list[float] = []
    backend = InMemoryBackend(handler=flaky)
    client = _client(backend, sleep=slept.append, retry=RetryPolicy(base_delay=1, multiplier=3))
    records = demo_school(2)
    report = client.sync(records)
    assert report.ok
    assert report.retries == 3
    assert slept == [1, 3, 9]
    assert report.accepted == _expected_keys(records)


def test_giving_up_maps_the_error_and_keeps_the_batch_for_the_next_run() -> None:
    down = {"on": True}

    def outage(batch: Batch) -> Receipt | None:
        if down["on"]:
            raise TimeoutError("timed out")
        return None

    backend = InMemoryBackend(handler=outage)
    journal = MemoryJournal()
    client = _client(backend, journal, retry=RetryPolicy(attempts=2))
    with pytest.raises(TransientSyncError) as info:
        client.sync(demo_school(1))
    assert isinstance(info.value.__cause__, TimeoutError)
    assert journal.runs()[-1].status == "failed"
    assert len(journal.pending()) == 1
    down["on"] = False
    report = client.sync(demo_school(1))
    assert report.resumed is not None
    assert report.resumed.replayed_changes > 0
    assert journal.pending() == []
    assert client.sync(demo_school(1)).planned == 0


def test_foreign_exceptions_become_sync_errors_with_cause() -> None:
    def broken(batch: Batch) -> Receipt | None:
        raise KeyError("no such table")

    client = _client(InMemoryBackend(handler=broken))
    with pytest.raises(SyncError) as info:
        client.sync(demo_school(1))
    assert type(info.value) is SyncError
    assert isinstance(info.value.__cause__, KeyError)
    assert "InMemoryBackend failed: KeyError" in str(info.value)


def test_rejected_records_are_reported_and_the_rest_land() -> None:
    backend = InMemoryBackend()

    def refuse_toan(batch: Batch) -> Receipt:
        bad = [c for c in batch.changes if "/toan/" in c.key]
        good = [c for c in batch.changes if "/toan/" not in c.key]
        rejected = Receipt(
            rejected=tuple(
                Rejection(
                    c.key,
                    c.idempotency_key,
                    "csdl-mon-khoa",
                    "Môn Toán đang khoá sổ",
                    "Toán is locked",
                )
                for c in bad
            )
        )
        return backend.apply(good).merge(rejected)

    backend.handler = refuse_toan
    journal = MemoryJournal()
    client = _client(backend, journal)
    records = demo_school(2)
    report = client.sync(records)
    assert not report.ok
    n_toan = sum(len(a.regular) + 2 for r in records for a in r.assessments if a.subject == "toan")
    assert len(report.rejected) == n_toan
    assert report.accepted == _expected_keys(records) - n_toan
    codes = {f.code for f in report.findings}
    assert codes == {"csdl-mon-khoa"}
    assert report.findings[0].message("en") == "Toán is locked"
    assert all("/toan/" not in k for k in backend.store.records)
    # Not acknowledged, so sent again next time (and again refused): never silently dropped.
    again = client.sync(records)
    assert len(again.rejected) == n_toan
    assert again.accepted == 0


def test_a_whole_batch_rejection_becomes_rejections() -> None:
    def refuse(batch: Batch) -> Receipt | None:
        raise BatchRejectedError("tệp sai mẫu")

    report = _client(InMemoryBackend(handler=refuse)).sync(demo_school(1))
    assert report.accepted == 0
    assert len(report.rejected) == report.planned
    assert {r.code for r in report.rejected} == {"sync-batch-rejected"}


def test_a_receipt_that_drops_a_change_is_refused() -> None:
    def lossy(batch: Batch) -> Receipt:
        return Receipt.accept_all(batch.changes[1:], [1] * (len(batch) - 1))

    journal = MemoryJournal()
    with pytest.raises(SyncError, match="does not account for every change"):
        _client(InMemoryBackend(handler=lossy), journal).sync(demo_school(1))
    assert journal.acked == {}


def test_conflict_keeps_the_targets_version(tmp_path: Path) -> None:
    target = SQLiteBackend(tmp_path / "t.sqlite")
    client = _client(target)
    records = demo_school(1)
    client.sync(records)
    key = f"score/2024-2025/{records[0].student.student_id}/toan/1/gk"
    officer = Change.create("score", key, {"value": "1.0"})
    assert target.apply_local_edit(officer) == 2
    a = records[0].assessment("toan", 1)
    assert a is not None
    edited = records[0].model_copy(
        update={
            "assessments": tuple(
                x if x is not a else a.model_copy(update={"midterm": Decimal("9.5")})
                for x in records[0].assessments
            )
        }
    )
    report = client.sync([edited])
    (conflict,) = report.conflicts
    assert conflict.theirs_version == 2
    assert conflict.theirs_payload == {"value": "1.0"}
    assert conflict.ours.payload["value"] == "9.5"
    assert report.findings[0].code == "sync-conflict"
    assert "9.5" in report.findings[0].message("en")
    assert "1.0" in report.findings[0].message("en")
    stored = target.record(key)
    assert stored is not None
    assert json.loads(stored.data) == {"value": "1.0"}


def test_late_sync_warns_with_the_deadline() -> None:
    client = _client(InMemoryBackend(), today=lambda: date(2024, 9, 16))
    report = client.sync(demo_school(1), deadline=date(2024, 9, 12))
    (late,) = [f for f in report.findings if f.code == "sync-after-deadline"]
    assert late.severity == "warning"
    assert "12/09/2024" in late.message("vi")
    assert report.ok
    on_time = _client(InMemoryBackend(), today=lambda: date(2024, 9, 12))
    assert on_time.sync(demo_school(1), deadline=date(2024, 9, 12)).findings == ()


# The school's own review dates: every deadline exact (nothing estimated).
_EVENTS = {"semester_1_review": date(2025, 1, 11), "year_end_review": date(2025, 5, 24)}


def _calendar(**events: date) -> list[Any]:
    from vnschool_records.calendar import deadlines

    return deadlines("2024-2025", events=events or _EVENTS)


def _late_counts(report: Any) -> dict[str, int]:
    """Obligation id → changes the finding says were sent late."""
    out = {}
    for f in report.findings:
        if f.code == "sync-after-deadline":
            (n,) = re.findall(r"(\d+) changes", f.message("en"))
            out[f.loc[0]] = int(n)
    return out


def _by_event(keys: list[str]) -> dict[str, int]:
    """Keys the target stored, by the obligation their data is due under, counted by hand."""
    patterns = {
        "1397.database-opening": r"(class|enrolment)/2024-2025/.*",
        "1397.gradebook-semester-1": (
            r"(score/2024-2025/[^/]+/[^/]+/1/[^/]+|semester_result/2024-2025/[^/]+/1)"
        ),
        "1397.gradebook-year-end": (
            r"(score/2024-2025/[^/]+/[^/]+/2/[^/]+|semester_result/2024-2025/[^/]+/2"
            r"|year_result/2024-2025/[^/]+)"
        ),
    }
    return {ob: sum(bool(re.fullmatch(p, k)) for k in keys) for ob, p in patterns.items()}


def test_calendar_deadlines_name_each_obligation_whose_data_is_sent_late() -> None:
    from vnschool_records.regulations import evaluate_year

    records = demo_school(3)
    results = [evaluate_year(r) for r in records]
    plan = {d.obligation.id: d for d in _calendar()}
    assert not any(d.estimated for d in plan.values())
    after_all = plan["1397.gradebook-year-end"].value + timedelta(days=1)
    backend = InMemoryBackend()
    report = _client(backend, today=lambda: after_all).sync(
        records, results, deadlines=plan.values()
    )
    expected = _by_event(list(backend.store.records))
    assert all(expected.values())
    assert _late_counts(report) == expected
    assert report.ok  # late is a warning: everything was sent
    year_end = next(f for f in report.findings if f.loc[0] == "1397.gradebook-year-end")
    assert year_end.severity == "warning"
    assert year_end.value == plan["1397.gradebook-year-end"].value.isoformat()
    assert "1397/GDĐT-TrH" in (year_end.reference or "")
    assert f"sau hạn {plan['1397.gradebook-year-end'].value:%d/%m/%Y}" in year_end.message("vi")
    assert "student/" not in str(expected)  # a student's own record is due under none


def test_only_the_obligations_whose_data_is_sent_are_named() -> None:
    records = demo_school(2)
    plan = {d.obligation.id: d for d in _calendar()}
    # On the semester-I deadline's last day: the roster is late, semester I is not.
    on_last_day = plan["1397.gradebook-semester-1"].value
    day = [on_last_day]
    client = _client(InMemoryBackend(), today=lambda: day[0])
    first = client.sync(records, deadlines=plan.values())
    assert set(_late_counts(first)) == {"1397.database-opening"}
    # A week later one semester-I score is re-entered: that one change is late, nothing else.
    r = records[0]
    i, a = next((i, a) for i, a in enumerate(r.assessments) if int(a.semester) == 1 and a.regular)
    value = Decimal("1.0") if a.regular[0] != Decimal("1.0") else Decimal("2.0")
    changed = a.model_copy(update={"regular": (value, *a.regular[1:])})
    edited = r.model_copy(
        update={"assessments": (*r.assessments[:i], changed, *r.assessments[i + 1 :])}
    )
    day[0] = on_last_day + timedelta(days=7)
    again = client.sync([edited, *records[1:]], deadlines=plan.values())
    assert again.planned == 1
    assert _late_counts(again) == {"1397.gradebook-semester-1": 1}
    # Nothing sent, nothing late.
    assert _late_counts(client.sync([edited, *records[1:]], deadlines=plan.values())) == {}


def test_an_estimated_review_date_is_said_in_the_warning() -> None:
    plan = _calendar(opening_day=date(2024, 9, 5))  # review dates estimated from the plan
    year_end = next(d for d in plan if d.obligation.id == "1397.gradebook-year-end")
    assert year_end.estimated
    late = year_end.value + timedelta(days=1)
    report = _client(InMemoryBackend(), today=lambda: late).sync(demo_school(1), deadlines=plan)
    found = next(f for f in report.findings if f.loc[0] == "1397.gradebook-year-end")
    assert "estimated" in found.message("en")
    assert "ước tính" in found.message("vi")


@pytest.mark.parametrize("wrong", [[date(2025, 1, 20)], "2025-01-20", date(2025, 1, 20)])
def test_deadlines_must_be_calendar_deadlines(wrong: Any) -> None:
    journal = MemoryJournal()
    with pytest.raises(TypeError, match=r"calendar\.deadlines\(\)"):
        _client(InMemoryBackend(), journal).sync(demo_school(1), deadlines=wrong)
    assert journal.runs() == []  # refused before anything was planned


def test_validation_errors_refuse_the_sync() -> None:
    seen: list[int] = []

    def validator(records: Any) -> list[SyncFinding]:
        seen.append(len(records))
        return [
            SyncFinding(
                "identity-personal-id-invalid",
                "error",
                "Sai số định danh",
                "Bad personal id",
                (0, "student"),
            ),
            SyncFinding("name-spacing", "warning", "Thừa dấu cách", "Extra space"),
        ]

    backend = InMemoryBackend()
    journal = MemoryJournal()
    report = SyncClient(backend, journal, validator=validator).sync(demo_school(2))
    assert report.refused
    assert not report.ok
    assert seen == [2]
    # The error refuses; the warning is reported alongside it, with its severity kept.
    assert [(f.code, f.severity) for f in report.findings] == [
        ("identity-personal-id-invalid", "error"),
        ("name-spacing", "warning"),
    ]
    assert backend.batches == []
    assert journal.runs()[-1].status == "refused"


def test_journal_survives_reopening_both_formats(tmp_path: Path) -> None:
    for journal_path in (tmp_path / "j.sqlite", tmp_path / "j.jsonl"):
        backend = InMemoryBackend()
        records = demo_school(3)
        with SyncClient(backend, journal_path, validator=None) as client:
            first = client.sync(records)
        reopened = SyncClient(backend, journal_path, validator=None)
        assert reopened.sync(records).planned == 0
        assert [r.status for r in reopened.journal.runs()] == ["completed", "completed"]
        assert len(reopened.journal.acked) == first.accepted
        reopened.journal.close()


def test_column_wise_receipts_fold_and_reopen_like_line_wise_ones(tmp_path: Path) -> None:
    keys = ("score/y/HS01/toan/1/tx1", "score/y/HS01/toan/1/tx2", "student/HS01")
    hashes = ("h1", "h2", "h3")
    columns = AckColumns(keys, hashes, [1, 2, 1], (False, True, False))
    lines = [
        ("score/y/HS01/toan/1/tx1", "h1", 1, False),
        ("score/y/HS01/toan/1/tx2", "h2", 2, True),
    ]
    assert list(columns)[:2] == lines
    assert columns[1] == lines[1]
    assert columns[:2] == lines
    assert len(columns) == 3
    with pytest.raises(ValueError, match="different lengths"):
        AckColumns(keys, hashes, [1], (False,))
    for name in ("j.sqlite", "j.jsonl"):
        path = tmp_path / name
        by_columns = SyncClient(InMemoryBackend(), path, validator=None).journal
        by_lines = MemoryJournal()
        for journal, acks in ((by_columns, columns), (by_lines, list(columns))):
            run = journal.begin_run(3, 1)
            journal.record_receipt(run.run_id, 1, acks)
        assert by_columns.acked == by_lines.acked
        assert by_columns.live_by_kind == by_lines.live_by_kind == {"score": 1, "student": 1}
        by_columns.close()
        reopened = SQLiteJournal(path) if name.endswith("sqlite") else JsonlJournal(path)
        assert reopened.acked == by_lines.acked
        assert reopened.live_by_kind == by_lines.live_by_kind
        reopened.close()


def test_jsonl_journal_drops_a_torn_last_line(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    client = SyncClient(InMemoryBackend(), path, validator=None)
    client.sync(demo_school(1))
    client.journal.close()
    with path.open("a", encoding="utf-8") as fh:
        fh.write('{"t": "ack", "run": 1, "se')
    journal = JsonlJournal(path)
    assert journal.dropped_torn_line
    assert journal.runs()[-1].status == "completed"
    journal.close()
    path.write_text('{"t": "run"\n{"t": "x"}\n', encoding="utf-8")
    with pytest.raises(JournalError, match="line 1"):
        JsonlJournal(path)


def test_sqlite_journal_maps_its_errors(tmp_path: Path) -> None:
    (tmp_path / "not-a-db.sqlite").write_bytes(b"x" * 4096)
    with pytest.raises(JournalError) as info:
        SQLiteJournal(tmp_path / "not-a-db.sqlite")
    assert info.value.__cause__ is not None


def test_two_clients_at_once_lose_no_update(tmp_path: Path) -> None:
    path = tmp_path / "csdl.sqlite"
    records = demo_school(20)
    a_client = _client(SQLiteBackend(path), batch_size=50)
    b_client = _client(SQLiteBackend(path), batch_size=50)
    reports: dict[str, Any] = {}

    def run(name: str, client: SyncClient, recs: list[StudentYearRecord]) -> None:
        reports[name] = client.sync(recs)

    threads = [
        threading.Thread(target=run, args=(n, c, records))
        for n, c in (("a", a_client), ("b", b_client))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = _expected_keys(records)
    assert reports["a"].accepted + reports["b"].accepted == total  # each record created once
    assert reports["a"].skipped + reports["b"].skipped == total

    # Both now edit the same score differently, one after the other.
    def edit(value: str) -> list[StudentYearRecord]:
        r0 = records[0]
        a = r0.assessments[0]
        return [
            r0.model_copy(
                update={
                    "assessments": (
                        a.model_copy(update={"final": Decimal(value)}),
                        *r0.assessments[1:],
                    )
                }
            ),
            *records[1:],
        ]

    threads = [
        threading.Thread(target=run, args=("a2", a_client, edit("2.0"))),
        threading.Thread(target=run, args=("b2", b_client, edit("3.0"))),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [n for n in ("a2", "b2") if reports[n].accepted == 1]
    losers = [n for n in ("a2", "b2") if len(reports[n].conflicts) == 1]
    assert len(winners) == 1
    assert len(losers) == 1
    key = (
        f"score/2024-2025/{records[0].student.student_id}/{records[0].assessments[0].subject}/1/ck"
    )
    stored = SQLiteBackend(path).record(key)
    assert stored is not None
    assert stored.version == 2
    winner_value = "2.0" if winners == ["a2"] else "3.0"
    assert json.loads(stored.data)["value"] == winner_value
    assert reports[losers[0]].conflicts[0].theirs_payload["value"] == winner_value


def test_excel_import_workbook_has_students_and_scores_per_class(tmp_path: Path) -> None:
    import openpyxl

    backend = ExcelImportBackend(tmp_path / "imports")
    records = demo_school(3)
    _client(backend, batch_size=10_000).sync(records)
    wb = openpyxl.load_workbook(backend.workbook_path(1), read_only=True)
    students = list(wb["HocSinh"].iter_rows(values_only=True))
    assert students[2][:4] == ("STT", "Mã định danh Bộ GD&ĐT", "Họ và tên", "Ngày sinh")
    r0 = records[0].student
    assert students[3][1] == r0.student_id
    assert students[3][2] == r0.full_name
    assert students[3][3] == r0.date_of_birth.strftime("%d/%m/%Y")
    assert students[3][7] == "6A1"
    toan = list(wb["Diem_6A1_toan_HK1"].iter_rows(values_only=True))
    a = records[0].assessment("toan", 1)
    assert a is not None
    row = toan[3]
    assert row[2] == r0.student_id
    assert row[5:9] == tuple(f"{v:.1f}" for v in a.regular)
    assert row[10:12] == (f"{a.midterm:.1f}", f"{a.final:.1f}")
    # One workbook per batch; a workbook without its manifest is removed on reopen.
    (tmp_path / "imports" / "import-000009.xlsx").write_bytes(b"partial")
    reopened = ExcelImportBackend(tmp_path / "imports")
    assert not (tmp_path / "imports" / "import-000009.xlsx").exists()
    assert len(reopened.store.records) == _expected_keys(records)


_edit = st.tuples(st.integers(0, 3), st.integers(0, 23), st.integers(0, 4), st.integers(0, 100))


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.one_of(_edit, st.just("sync"), st.just("drop"), st.just("restore")), max_size=12)
)
def test_any_edits_and_syncs_leave_the_target_equal_to_the_school(ops: list[Any]) -> None:
    base = demo_school(4, seed=7)
    current = list(base)
    backend = InMemoryBackend()
    client = _client(backend, batch_size=37)
    for op in [*ops, "sync"]:
        if op == "sync":
            assert client.sync(current).ok
            reference = InMemoryBackend()
            _client(reference).sync(current)
            live = {k: r.data for k, r in backend.store.live().items()}
            assert live == {k: r.data for k, r in reference.store.live().items()}
        elif op == "drop":
            current = current[:-1]
        elif op == "restore":
            current = list(base)
        else:
            i, j, k, tenths = op
            if i >= len(current):
                continue
            rec = current[i]
            a = rec.assessments[j]
            if a.regular:
                regular = list(a.regular)
                regular[k % len(regular)] = Decimal(tenths) / 10
                a = a.model_copy(update={"regular": tuple(regular)})
            else:
                a = a.model_copy(update={"comment": f"nhận xét {tenths}"})
            assessments = list(rec.assessments)
            assessments[j] = a
            current[i] = rec.model_copy(update={"assessments": tuple(assessments)})


def test_the_validation_engine_is_used_by_default() -> None:
    pytest.importorskip("vnschool_records.validation")
    records = demo_school(2)
    a = records[0].assessments[0]
    broken = records[0].model_copy(
        update={
            "assessments": (a.model_copy(update={"midterm": None}), *records[0].assessments[1:])
        }
    )
    backend = InMemoryBackend()
    refused = SyncClient(backend, MemoryJournal()).sync([broken, records[1]])
    assert refused.refused
    assert backend.batches == []
    (finding,) = [f for f in refused.findings if f.severity == "error"]
    assert finding.code == "assessment-missing-midterm"
    assert finding.loc == ("0", "assessments", "0", "midterm")
    assert finding.message_en
    assert finding.reference is not None
    assert "Thông tư" in finding.reference or "Điều" in finding.reference
    # Warnings alone (no personal ids in the demo school) do not stop a sync.
    assert SyncClient(backend, MemoryJournal()).sync(records).ok


def test_validation_warnings_travel_in_the_report_and_do_not_block() -> None:
    pytest.importorskip("vnschool_records.validation")
    from vnschool_records.models import Attendance, Semester

    records = demo_school(2)
    # 30 + 20 = 50 sessions missed, over the 45 that TT22/2021 Art. 12 cl. 1(c) allows.
    absent = records[1].model_copy(
        update={
            "attendance": (
                Attendance(semester=Semester.ONE, excused=30),
                Attendance(semester=Semester.TWO, unexcused=20),
            )
        }
    )
    backend = InMemoryBackend()
    report = SyncClient(backend, MemoryJournal()).sync([records[0], absent])
    assert not report.refused
    assert report.ok
    assert report.accepted == report.planned > 0
    (over,) = [f for f in report.findings if f.code == "attendance-over-limit"]
    assert over.severity == "warning"
    assert over.loc == ("1", "attendance")
    assert over.value == "50"
    assert "50" in over.message_en
    assert over.reference is not None
