"""Duplicates: a record or an assessment given twice is reported, and only the first is sent.

Validation refuses a record with two assessments of one subject in one semester, but a
record built with ``model_copy`` is not validated, and a caller may pass the same student
twice. The sync then sends the first, reports the other as ``sync-duplicate-key`` when it
differs, and still leaves the target equal to the records once the duplicate is gone.
"""

from __future__ import annotations

from decimal import Decimal

from vnschool_records.models import StudentYearRecord
from vnschool_records.sync import InMemoryBackend, MemoryJournal, SyncClient
from vnschool_records.testing import demo_school


def _live(backend: InMemoryBackend) -> dict[str, str]:
    return {k: r.data for k, r in backend.store.live().items()}


def _reference(records: list[StudentYearRecord]) -> dict[str, str]:
    backend = InMemoryBackend()
    SyncClient(backend, MemoryJournal(), validator=None).sync(records)
    return _live(backend)


def _with_extra(record: StudentYearRecord, final: str | None) -> StudentYearRecord:
    """The record with its first assessment given a second time, its final score ``final``
    (``None``: the very same values, as another object)."""
    first = record.assessments[0]
    update = {} if final is None else {"final": Decimal(final), "regular": first.regular[:1]}
    extra = first.model_copy(update=update)
    return record.model_copy(update={"assessments": (*record.assessments, extra)})


def _group(record: StudentYearRecord) -> str:
    a = record.assessments[0]
    return f"score/{record.school_year}/{record.student.student_id}/{a.subject}/{int(a.semester)}"


def test_a_different_second_assessment_is_reported_and_only_the_first_is_sent() -> None:
    records = demo_school(2)
    doubled = [_with_extra(records[0], "2.5"), records[1]]
    backend = InMemoryBackend()
    client = SyncClient(backend, MemoryJournal(), validator=None)
    report = client.sync(doubled)
    duplicates = [f for f in report.findings if f.code == "sync-duplicate-key"]
    assert [f.value for f in duplicates] == [_group(records[0])]
    assert duplicates[0].severity == "error"
    assert "hai lần" in duplicates[0].message_vi
    # The first assessment's scores only: the target is what the records without it give.
    assert _live(backend) == _reference(records)
    # Every key was sent once.
    assert len(report.sent_keys) == len(set(report.sent_keys))

    # Still reported while it is there; once it is gone, nothing is reported or sent.
    again = client.sync(doubled)
    assert [f.value for f in again.findings if f.code == "sync-duplicate-key"] == [
        _group(records[0])
    ]
    assert again.planned == 0
    clean = client.sync(records)
    assert clean.findings == ()
    assert clean.planned == 0
    assert _live(backend) == _reference(records)


def test_an_identical_second_assessment_is_sent_once_and_not_reported() -> None:
    records = demo_school(1)
    backend = InMemoryBackend()
    report = SyncClient(backend, MemoryJournal(), validator=None).sync(
        [_with_extra(records[0], None)]
    )
    assert report.findings == ()
    assert len(report.sent_keys) == len(set(report.sent_keys))
    assert _live(backend) == _reference(records)


def test_a_changed_first_assessment_is_sent_while_the_duplicate_stays() -> None:
    records = demo_school(1)
    backend = InMemoryBackend()
    client = SyncClient(backend, MemoryJournal(), validator=None)
    client.sync([_with_extra(records[0], "2.5")])
    first, *others = records[0].assessments
    changed = first.model_copy(update={"final": Decimal("9.9")})
    edited = records[0].model_copy(update={"assessments": (changed, *others)})
    report = client.sync([_with_extra(edited, "2.5")])
    assert report.planned == report.accepted == 1
    assert report.sent_keys == (f"{_group(records[0])}/ck",)
    assert _live(backend) == _reference([edited])


def test_the_same_student_twice_is_reported_and_only_the_first_record_is_sent() -> None:
    records = demo_school(2)
    second = records[0].model_copy(update={"assessments": tuple(reversed(records[0].assessments))})
    backend = InMemoryBackend()
    report = SyncClient(backend, MemoryJournal(), validator=None).sync(
        [records[0], records[1], second]
    )
    enrolment = f"enrolment/{records[0].school_year}/{records[0].student.student_id}"
    assert [f.value for f in report.findings if f.code == "sync-duplicate-key"] == [enrolment]
    assert _live(backend) == _reference(records)
