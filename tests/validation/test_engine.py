"""Rule sets, reports, the principal's summary and custom rules."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import pytest
from builders import edited, record, record_dict

from vnschool_records.errors import FindingsError
from vnschool_records.models import StudentYearRecord
from vnschool_records.validation import (
    DEFAULT_RULES,
    Batch,
    Family,
    Finding,
    RecordRule,
    Report,
    Rule,
    RuleSet,
    Severity,
    UnresolvedFindingsError,
    ValidationContext,
    make_finding,
    validate,
)


def _problem_class() -> list[dict[str, Any]]:
    ok = record_dict(student_id="7900000001", name="Nguyễn Thị Mai")
    no_id = edited(
        record_dict(student_id="7900000002", name="Trần Văn An", female=False, serial=2),
        ("student", "personal_id"),
        None,
    )
    caps = edited(
        record_dict(student_id="7900000003", name="Lê Thị Hoa", serial=3),
        ("student", "full_name"),
        "LÊ THỊ HOA",
    )
    other = record_dict(
        grade=8, student_id="7900000004", name="Võ Minh Khoa", female=False, serial=4
    )
    late = dict(other, attendance=[{"semester": 1, "unexcused": 50}])
    return [ok, no_id, caps, late]


def test_without_switches_codes_off_and_leaves_the_default_alone() -> None:
    records = _problem_class()
    full = validate(records)
    assert full.counts() == {
        "personal-id-missing": 1,
        "name-all-caps": 1,
        "attendance-over-limit": 1,
    }
    quiet = DEFAULT_RULES.without("name-all-caps", "personal-id-missing")
    assert sorted(validate(records, rules=quiet).counts()) == ["attendance-over-limit"]
    assert "name-all-caps" in DEFAULT_RULES.codes  # unchanged
    assert quiet.disabled == {"name-all-caps", "personal-id-missing"}
    with pytest.raises(ValueError, match="no rule in this set reports 'no-such-code'"):
        DEFAULT_RULES.without("no-such-code")


class _NoNicknames(RecordRule):
    """A school's own rule: no quotation marks in names."""

    codes = frozenset({"school-name-quotes"})
    family = Family.TEXT

    def check_record(
        self, index: int, record: StudentYearRecord, context: ValidationContext
    ) -> Iterator[Finding]:
        if '"' in record.student.full_name:
            yield Finding(
                "school-name-quotes",
                Severity.WARNING,
                Family.TEXT,
                "Tên có dấu ngoặc kép",
                "Name has quotation marks",
                (index, "student", "full_name"),
                student_id=record.student.student_id,
                class_name=record.class_group.name,
            )


def test_adding_a_rule_returns_a_new_set() -> None:
    mine = _NoNicknames()
    rules = DEFAULT_RULES + (mine,)  # noqa: RUF005 - the documented way to extend a RuleSet
    assert len(rules) == len(DEFAULT_RULES) + 1
    assert mine not in list(DEFAULT_RULES)
    assert isinstance(mine, Rule)
    data = edited(record_dict(), ("student", "full_name"), 'Nguyễn Thị "Bé" Mai')
    assert [f.code for f in validate([data], rules=rules)] == ["school-name-quotes"]
    assert [f.code for f in validate([data])] == []
    assert rules.without("school-name-quotes").active() == DEFAULT_RULES.active()
    assert rules == DEFAULT_RULES + RuleSet([mine])
    with pytest.raises(TypeError, match="is not a Rule"):
        RuleSet([object()])  # type: ignore[list-item]


def test_a_cross_record_rule() -> None:
    class OneClassOnly:
        codes = frozenset({"school-many-classes"})

        def check(self, batch: Batch) -> Iterable[Finding]:
            names = {r.class_group.name for _, r in batch.parsed()}
            if len(names) > 1:
                yield make_finding(
                    "sync-after-deadline",  # reuse a registered code's family and source
                    ("batch",),
                    None,
                    "nhiều lớp",
                    "several classes",
                )

    report = validate(_problem_class(), rules=RuleSet([OneClassOnly()]))
    assert [f.message("en") for f in report] == ["several classes"]


def test_report_grouping_counts_and_raise() -> None:
    report = validate(_problem_class())
    assert report.count() == 3
    assert report.count(Severity.WARNING) == 3
    assert report.ok  # warnings only
    assert set(report.by_class()) == {"7A1", "8A1"}
    assert set(report.by_student()) == {"7900000002", "7900000003", "7900000004"}
    assert set(report.by_family()) == {Family.IDENTITY, Family.TEXT, Family.ATTENDANCE}
    report.raise_for_findings()  # nothing at error level
    with pytest.raises(UnresolvedFindingsError) as caught:
        report.raise_for_findings(min_severity="warning")
    assert isinstance(caught.value, FindingsError)
    assert len(caught.value.findings) == 3
    assert "personal-id-missing" in str(caught.value)
    only = report.filter(family=Family.TEXT)
    assert [f.code for f in only] == ["name-all-caps"]
    assert report.filter(min_severity=Severity.ERROR).count() == 0
    assert report.filter(code="attendance-over-limit").findings[0].value == 50


def test_summary_for_the_principal() -> None:
    report = validate(_problem_class())
    vi = report.summary("vi")
    en = report.summary("en", examples=1)
    assert vi.splitlines()[0] == (
        "Rà soát dữ liệu: 3 phát hiện (0 lỗi, 3 cảnh báo, 0 thông tin) trên 4 hồ sơ."
    )
    assert "Lớp 7A1: 2" in vi
    assert "  Định danh học sinh: 1" in vi
    assert "  Chữ viết, mã tiếng Việt: 1" in vi
    assert "Lớp 8A1: 1" in vi
    assert "    - [attendance-over-limit] Võ Minh Khoa nghỉ 50 buổi" in vi
    assert "Class 7A1: 2" in en
    assert "  Attendance: 1" in en
    assert Report(()).summary() == "Rà soát dữ liệu: không có phát hiện nào."
    with pytest.raises(ValueError, match="lang"):
        report.summary("fr")


def test_summary_truncates_examples() -> None:
    many = [
        edited(
            record_dict(student_id=f"79000000{i:02d}", name=f"Học Sinh Số {i}", serial=i),
            ("student", "personal_id"),
            None,
        )
        for i in range(5)
    ]
    text = validate(many).summary("en", examples=2)
    assert text.count("[personal-id-missing]") == 2
    assert "… and 3 more" in text


def test_finding_format_and_index() -> None:
    report = validate([record(), edited(record_dict(), ("student", "personal_id"), None)])
    finding = report.findings[0]
    assert finding.record_index == 1
    assert finding.format("vi").startswith(
        "Cảnh báo personal-id-missing tại 1.student.personal_id:"
    )
    assert "Quyết định 06/QĐ-TTg" in finding.format("vi")


def test_deadline_from_the_calendar_when_available() -> None:
    from vnschool_records.validation import Stage

    data = record_dict(year=2023)
    ctx = ValidationContext(stage=Stage.YEAR_END)
    late = validate([data], context=ctx, as_of=date(2024, 12, 31))
    assert [f.code for f in late] == ["sync-after-deadline"]
    assert late.findings[0].ctx["deadline"] < date(2024, 12, 31)
    assert [f.code for f in validate([data], context=ctx, as_of=date(2024, 5, 1))] == []
