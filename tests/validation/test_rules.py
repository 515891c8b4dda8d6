"""Every rule family with records that pass and records that fail."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from builders import edited, personal_id_for, record, record_dict

from vnschool_records.identifiers import student_code
from vnschool_records.models import School, SchoolLevel, StudentYearRecord
from vnschool_records.validation import (
    DEFAULT_RULES,
    Family,
    Severity,
    Stage,
    ValidationContext,
    validate,
)


def codes(records: list[Any], **kwargs: Any) -> list[str]:
    return [f.code for f in validate(records, **kwargs).findings]


# ---------------------------------------------------------------- identity
def test_valid_records_raise_nothing_under_each_regulation() -> None:
    for grade, year in [(6, 2021), (9, 2021), (10, 2022), (11, 2020), (12, 2024), (8, 2023)]:
        assert codes([record_dict(grade=grade, year=year)]) == [], (grade, year)


def test_personal_id_missing_invalid_and_mismatched() -> None:
    base = record_dict()
    assert codes([edited(base, ("student", "personal_id"), None)]) == ["personal-id-missing"]
    assert codes([edited(base, ("student", "personal_id"), "  ")]) == ["personal-id-missing"]
    assert codes([edited(base, ("student", "personal_id"), "003312000001")]) == [
        "personal-id-invalid"
    ]
    assert codes([edited(base, ("student", "personal_id"), "07931200001")]) == [
        "personal-id-invalid"
    ]
    born = date.fromisoformat(base["student"]["date_of_birth"])
    male_id = personal_id_for(born, female=False)
    assert codes([edited(base, ("student", "personal_id"), male_id)]) == [
        "personal-id-sex-mismatch"
    ]
    other_year = personal_id_for(born.replace(year=born.year - 1), female=True)
    report = validate([edited(base, ("student", "personal_id"), other_year)])
    assert [f.code for f in report] == ["personal-id-birth-mismatch"]
    finding = report.findings[0]
    assert finding.loc == (0, "student", "personal_id")
    assert finding.reference is not None
    assert "137/2015" in finding.reference.instrument
    assert finding.severity is Severity.ERROR
    assert finding.student_id == "7900000001"
    assert finding.class_name == "7A1"


def test_student_code_format_checked_only_when_asked() -> None:
    data = edited(record_dict(), ("student", "student_id"), "HS-01")
    assert codes([data]) == []
    ctx = ValidationContext(student_code_format=student_code.STUDENT_CODE_FORMAT)
    assert codes([data], context=ctx) == ["student-code-invalid"]


def test_same_student_twice() -> None:
    a = record_dict()
    same_code = record_dict(name="Lê Văn Hùng", female=False, serial=9)
    assert codes([a, same_code]) == ["student-duplicate"]
    # same name (typed differently), same birth date, another code and no id
    b = edited(record_dict(student_id="7900000002"), ("student", "full_name"), "nguyễn thị  MAI")
    b = edited(b, ("student", "personal_id"), None)
    report = validate([a, b])
    assert [f.code for f in report if f.family is Family.IDENTITY] == [
        "personal-id-missing",
        "student-duplicate",
    ]
    dup = report.by_code()["student-duplicate"][0]
    assert dup.loc == (1, "student")
    assert dup.ctx["first_index"] == 0
    # another school or another year is not a duplicate
    other_school = edited(a, ("class_group", "school_code"), "79000702")
    assert codes([a, other_school]) == []


def test_two_students_one_personal_id() -> None:
    a = record_dict()
    b = record_dict(student_id="7900000002", name="Phạm Thu Hà")
    assert codes([a, b]) == ["personal-id-shared"]


# ---------------------------------------------------------------- text
def test_raw_names_not_nfc_spaces_caps_and_legacy() -> None:
    base = record_dict()
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Mai")
    report = validate([edited(base, ("student", "full_name"), nfd)])
    assert [f.code for f in report] == ["name-not-nfc"]
    assert report.valid_records[0].student.full_name == "Nguyễn Thị Mai"
    assert codes([edited(base, ("student", "full_name"), " Nguyễn  Thị Mai")]) == [
        "name-extra-spaces"
    ]
    assert codes([edited(base, ("student", "full_name"), "NGUYỄN THỊ MAI")]) == ["name-all-caps"]
    legacy = validate([edited(base, ("student", "full_name"), "NguyÔn ThÞ Mai")])
    assert [f.code for f in legacy] == ["text-legacy-encoding"]
    assert legacy.valid_records[0].student.full_name == "Nguyễn Thị Mai"
    assert legacy.findings[0].ctx["repaired"] is True
    vni_place = edited(base, ("student", "place_of_birth"), "Haø Noäi")
    found = validate([vni_place]).findings
    assert [(f.code, f.loc, f.ctx["fixed"]) for f in found] == [
        ("text-legacy-encoding", (0, "student", "place_of_birth"), "Hà Nội")
    ]


def test_legacy_text_in_models_is_reported_not_changed() -> None:
    model = record()
    legacy = model.model_copy(
        update={"student": model.student.model_copy(update={"full_name": "NguyÔn ThÞ Mai"})}
    )
    report = validate([legacy])
    assert [f.code for f in report] == ["text-legacy-encoding"]
    assert report.findings[0].ctx == {
        "encoding": "tcvn3",
        "fixed": "Nguyễn Thị Mai",
        "repaired": False,
    }
    no_repair = validate(
        [edited(record_dict(), ("student", "full_name"), "NguyÔn ThÞ Mai")],
        context=ValidationContext(repair_text=False),
    )
    assert [f.code for f in no_repair] == ["text-legacy-encoding"]
    assert no_repair.valid_records[0].student.full_name == "NguyÔn ThÞ Mai"


# ---------------------------------------------------------------- enrolment
def test_age_for_the_grade() -> None:
    base = record_dict(grade=6, year=2023)  # born 2012: 11 in 2023-24
    young = edited(base, ("student", "date_of_birth"), "2013-01-01")
    young = edited(young, ("student", "personal_id"), personal_id_for(date(2013, 1, 1), True))
    assert codes([young]) == ["enrolment-age-below"]
    # 3 years over (repeating, late entry) is accepted; 4 is not
    older = edited(base, ("student", "date_of_birth"), "2009-05-05")
    older = edited(older, ("student", "personal_id"), personal_id_for(date(2009, 5, 5), True))
    assert codes([older]) == []
    oldest = edited(base, ("student", "date_of_birth"), "2008-05-05")
    oldest = edited(oldest, ("student", "personal_id"), personal_id_for(date(2008, 5, 5), True))
    assert codes([oldest]) == ["enrolment-age-above"]
    # ethnic-minority students may be 3 years older still (TT32/2020 Art. 33)
    assert codes([edited(oldest, ("student", "ethnicity"), "Hmông")]) == []
    grade10 = record_dict(grade=10, year=2023)
    assert grade10["student"]["date_of_birth"].startswith("2008")  # 15 in 2023-24


def test_class_levels() -> None:
    thcs = School(
        code="79000701", name="THCS Lê Quý Đôn", levels=(SchoolLevel.THCS,), province="HCM"
    )
    ctx = ValidationContext(school=thcs)
    assert codes([record_dict(grade=7)], context=ctx) == []
    assert codes([record_dict(grade=10)], context=ctx) == ["class-level-mismatch"]
    assert codes([record_dict(grade=7, class_name="8A2")]) == ["class-name-grade-mismatch"]
    assert codes([record_dict(grade=7, class_name="Lớp 7 chuyên Toán")]) == []


# ---------------------------------------------------------------- grade book
def _row(data: dict[str, Any], subject: str, semester: int) -> int:
    for i, a in enumerate(data["assessments"]):
        if a["subject"] == subject and a["semester"] == semester:
            return i
    raise LookupError(subject)


def test_regular_count_follows_the_periods() -> None:
    data = record_dict(grade=7, year=2023)  # TT22: toán has 140 periods → 4 regular scores
    i = _row(data, "toan", 1)
    assert len(data["assessments"][i]["regular"]) == 4
    short = edited(data, ("assessments", i, "regular"), ["8"] * 3)
    report = validate([short])
    assert [f.code for f in report] == ["assessment-missing-regular"]
    f = report.findings[0]
    assert f.loc == (0, "assessments", i, "regular")
    assert (f.value, f.ctx["required"]) == (3, 4)
    j = _row(data, "gdcd", 2)  # 35 periods → 2
    assert codes([edited(data, ("assessments", j, "regular"), ["8"])]) == [
        "assessment-missing-regular"
    ]


def test_missing_periodic_and_whole_rows() -> None:
    data = record_dict()
    i = _row(data, "ngu_van", 2)
    assert codes([edited(data, ("assessments", i, "midterm"), None)]) == [
        "assessment-missing-midterm"
    ]
    assert codes([edited(data, ("assessments", i, "final"), None)]) == ["assessment-missing-final"]
    dropped = dict(data, assessments=[a for k, a in enumerate(data["assessments"]) if k != i])
    assert codes([dropped]) == ["assessment-missing"]
    # before the semester-I sync, semester II is not required yet
    assert codes([dropped], context=ValidationContext(stage=Stage.SEMESTER_1)) == []


def _one_semester(data: dict[str, Any], code: str, semester: int) -> dict[str, Any]:
    subjects = [dict(s, semesters=[semester]) if s["code"] == code else s for s in data["subjects"]]
    return dict(data, subjects=subjects)


@pytest.mark.parametrize(("grade", "year"), [(6, 2023), (11, 2020)])  # TT22, TT58
def test_a_subject_taught_in_one_semester_needs_rows_in_that_one_only(
    grade: int, year: int
) -> None:
    data = _one_semester(record_dict(grade=grade, year=year), "toan", 1)
    i = _row(data, "toan", 2)
    without = dict(data, assessments=[a for k, a in enumerate(data["assessments"]) if k != i])
    assert codes([without]) == []
    report = validate([data])
    assert [f.code for f in report.findings] == ["assessment-semester-not-taught"]
    (found,) = report.findings
    assert found.loc == (0, "assessments", i)
    assert "Toán is taught only in semester I, but has assessments in semester II" in (
        found.message("en")
    )
    article = "Điều 9" if grade < 10 or year >= 2022 else "Điều 10, khoản 3"
    assert article in found.reference.format("vi")
    # a row in the wrong semester never stands in for the missing right one
    moved = dict(
        data,
        assessments=[a for k, a in enumerate(data["assessments"]) if k != _row(data, "toan", 1)],
    )
    assert sorted(codes([moved])) == ["assessment-missing", "assessment-semester-not-taught"]
    # the semester it is taught in is still required
    j = _row(data, "toan", 1)
    no_first = dict(
        without, assessments=[a for a in without["assessments"] if a is not data["assessments"][j]]
    )
    assert codes([no_first]) == ["assessment-missing"]


def test_comment_subjects_need_two_regular_and_periodic_levels() -> None:
    data = record_dict(grade=7, year=2023)
    i = _row(data, "gdtc", 1)
    assert codes([edited(data, ("assessments", i, "regular_levels"), ["Đạt"])]) == [
        "assessment-missing-regular"
    ]
    assert codes([edited(data, ("assessments", i, "final_level"), None)]) == [
        "assessment-missing-final"
    ]


def test_exemptions() -> None:
    data = record_dict(grade=7, year=2023)
    practical = {"subject": "gdtc", "part": "practical", "decision": "12/QĐ-THCS"}
    assert codes([dict(data, exemptions=[practical])]) == []
    assert codes([dict(data, exemptions=[dict(practical, decision=None)])]) == [
        "exemption-without-decision"
    ]
    assert codes([dict(data, exemptions=[dict(practical, part="whole")])]) == [
        "exemption-not-allowed"
    ]
    old = record_dict(grade=9, year=2022)  # TT58: whole exemption from Thể dục is allowed
    i, j = _row(old, "the_duc", 1), _row(old, "the_duc", 2)
    exempt = dict(
        old,
        exemptions=[{"subject": "the_duc", "part": "whole", "decision": "5/QĐ"}],
        assessments=[a for k, a in enumerate(old["assessments"]) if k not in (i, j)],
    )
    assert codes([exempt]) == []
    exempt_maths = dict(old, exemptions=[{"subject": "toan", "decision": "5/QĐ"}])
    assert codes([exempt_maths]) == ["exemption-not-allowed"]


# ---------------------------------------------------------------- scores
def test_scores_out_of_range_in_raw_and_constructed_records() -> None:
    data = record_dict()
    i = _row(data, "toan", 1)
    report = validate([edited(data, ("assessments", i, "regular", 1), "11")])
    assert [f.code for f in report] == ["score-invalid"]
    assert report.findings[0].loc == (0, "assessments", i, "regular", 1)
    assert report.records[0]["assessments"][i]["regular"][1] == "11"  # the raw record is kept
    assert codes([edited(data, ("assessments", i, "midterm"), "7,25")]) == ["score-invalid"]
    model = record()
    bad = model.assessments[0].model_copy(update={"final": Decimal("12")})
    constructed = model.model_copy(update={"assessments": (bad, *model.assessments[1:])})
    assert codes([constructed]) == ["score-invalid"]


def test_scores_on_a_comment_subject() -> None:
    data = record_dict(grade=7, year=2023)
    i = _row(data, "gdtc", 1)
    assert codes([edited(data, ("assessments", i, "midterm"), "8")]) == ["score-kind-mismatch"]


# ---------------------------------------------------------------- attendance
def test_attendance() -> None:
    data = record_dict()
    assert codes([dict(data, attendance=[{"semester": 1, "excused": 45}])]) == []
    over = dict(data, attendance=[{"semester": 1, "excused": 30}, {"semester": 2, "unexcused": 16}])
    report = validate([over])
    assert [f.code for f in report] == ["attendance-over-limit"]
    assert report.findings[0].value == 46
    twice = dict(data, attendance=[{"semester": 1}, {"semester": 1}])
    assert codes([twice]) == ["attendance-duplicate-semester"]


# ---------------------------------------------------------------- year end
YEAR_END = ValidationContext(stage=Stage.YEAR_END)
AFTER_SUMMER = ValidationContext(stage=Stage.AFTER_SUMMER)


def test_year_end_needs_training_results() -> None:
    data = edited(record_dict(), ("training_semester2",), None)
    assert codes([data]) == []
    assert codes([data], context=YEAR_END) == ["year-end-training-missing"]
    old = edited(record_dict(grade=9, year=2022), ("training_year",), None)
    assert codes([old], context=YEAR_END) == ["year-end-training-missing"]


def test_year_end_summer_reassessment() -> None:
    data = record_dict(score_tenths=75)
    # two subjects below 3.5: no one-subject adjustment (TT22 Art. 9 cl. 3) → Chưa đạt
    rows = [_row(data, s, sem) for s in ("toan", "ngu_van") for sem in (1, 2)]
    for k in rows:
        data = edited(data, ("assessments", k, "regular"), ["2"] * 4)
        data = edited(data, ("assessments", k, "midterm"), "2")
        data = edited(data, ("assessments", k, "final"), "2")
    report = validate([data], context=YEAR_END)
    assert [f.code for f in report] == ["year-end-summer-pending"]
    assert sorted(report.findings[0].ctx["subjects"]) == ["ngu_van", "toan"]
    assert codes([data], context=AFTER_SUMMER) == ["year-end-reassessment-missing"] * 2
    assert codes([dict(data, reassessments={"toan": "6"})], context=AFTER_SUMMER) == [
        "year-end-reassessment-missing"
    ]
    done = dict(data, reassessments={"toan": "6", "ngu_van": "5,5"})
    assert codes([done], context=AFTER_SUMMER) == []


def test_year_end_individual_plan() -> None:
    data = dict(record_dict(), individual_education_plan=True)
    assert codes([data], context=YEAR_END) == ["year-end-promotion-undecided"]


# ---------------------------------------------------------------- deadlines
def test_sync_after_deadline() -> None:
    data = record_dict()
    ctx = ValidationContext(stage=Stage.YEAR_END, sync_deadline=date(2024, 6, 7))
    assert codes([data], context=ctx, as_of=date(2024, 6, 7)) == []
    report = validate([data], context=ctx, as_of=date(2024, 6, 10))
    assert [f.code for f in report] == ["sync-after-deadline"]
    assert report.findings[0].ctx["deadline"] == date(2024, 6, 7)
    assert codes([data], as_of=date(2030, 1, 1)) == []  # a review has no deadline


# ---------------------------------------------------------------- bad input
def test_broken_records_become_findings_and_are_kept() -> None:
    good = record()
    inputs: list[Any] = [good, 42, {"student": "?"}, record_dict(student_id="7900000002")]
    report = validate(inputs)
    assert len(report.records) == 4
    assert report.records[1] == 42
    assert report.records[0] is good
    assert isinstance(report.records[3], StudentYearRecord)
    assert {f.record_index for f in report if f.code == "record-invalid"} == {1, 2}
    assert not report.ok


def test_wrong_arguments_raise_at_the_call() -> None:
    with pytest.raises(TypeError, match="iterable"):
        validate(record_dict())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="RuleSet"):
        validate([], rules=[])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="as_of"):
        validate([], as_of="2024-01-01")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="ValidationContext"):
        validate([], context={})  # type: ignore[arg-type]


def test_default_rules_cover_every_registered_code() -> None:
    from vnschool_records.validation import FINDING_CODES

    assert DEFAULT_RULES.codes == frozenset(FINDING_CODES)
