"""The engine derives per-subject-list look-ups once, and never from a stale list."""

from __future__ import annotations

from builders import record

from vnschool_records.models import Subject, SubjectKind
from vnschool_records.validation import validate


def test_a_shared_subject_list_and_a_changed_list_both_give_the_right_findings() -> None:
    base = record()
    twin = record(student_id="7900000002", name="Trần Văn Bình", female=False, serial=2)
    assert twin.subjects is base.subjects  # validation shares the class's subject list
    assert validate([base, twin]).counts() == {}

    subjects = list(base.subjects)  # a record built without validation may hold a list
    unchecked = base.model_copy(update={"subjects": subjects})
    assert validate([unchecked]).counts() == {}
    subjects.append(
        Subject(code="extra", name="Extra", kind=SubjectKind.SCORED, periods_per_year=35)
    )
    assert validate([unchecked]).counts() == {"assessment-missing": 2}
    subjects[-1] = Subject(
        code="extra", name="Extra", kind=SubjectKind.COMMENT, periods_per_year=35
    )
    report = validate([unchecked])
    assert report.counts() == {"assessment-missing": 2}
    assert validate([base]).counts() == {}
