"""Properties: a record built valid raises nothing; each single corruption raises its code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from builders import edited, record_dict
from hypothesis import given, settings
from hypothesis import strategies as st

from vnschool_records.models import StudentYearRecord
from vnschool_records.validation import validate

GRADE_YEARS = [(6, 2021), (7, 2022), (9, 2021), (10, 2022), (11, 2023), (12, 2024), (8, 2020)]


@st.composite
def valid_records(draw: st.DrawFn) -> dict[str, Any]:
    grade, year = draw(st.sampled_from(GRADE_YEARS))
    return record_dict(
        grade=grade,
        year=year,
        female=draw(st.booleans()),
        serial=draw(st.integers(0, 999_999)),
        score_tenths=draw(st.integers(50, 100)),
        name=draw(st.sampled_from(["Nguyễn Thị Mai", "Trần Văn Đức", "Lê Hoàng Phương Anh"])),
    )


@settings(max_examples=25, deadline=None)
@given(valid_records())
def test_a_valid_record_raises_no_finding(data: dict[str, Any]) -> None:
    report = validate([data, StudentYearRecord.model_validate(data)])
    # the same student given twice is the only finding
    assert [f.code for f in report] == ["student-duplicate"]
    assert validate([data]).findings == ()


Corruption = Callable[[dict[str, Any], int, int], dict[str, Any]]


def _score_row(data: dict[str, Any], pick: int) -> int:
    scored = [i for i, a in enumerate(data["assessments"]) if "regular" in a]
    return scored[pick % len(scored)]


def _any_row(data: dict[str, Any], pick: int) -> int:
    return pick % len(data["assessments"])


def _flip_sex_digit(pid: str) -> str:
    d = int(pid[3])
    return pid[:3] + str(d ^ 1) + pid[4:]


def _set_id(d: dict[str, Any], pid: str) -> dict[str, Any]:
    return edited(d, ("student", "personal_id"), pid)


def _pid(d: dict[str, Any]) -> str:
    return str(d["student"]["personal_id"])


def _drop(field: str) -> Corruption:
    """Blank the scored or comment form of ``field`` in one assessment row."""

    def corrupt(d: dict[str, Any], i: int, k: int) -> dict[str, Any]:
        row = _any_row(d, i)
        scored = "regular" in d["assessments"][row]
        if field == "regular":
            name = "regular" if scored else "regular_levels"
            return edited(d, ("assessments", row, name), d["assessments"][row][name][1:])
        return edited(d, ("assessments", row, field if scored else f"{field}_level"), None)

    return corrupt


def _drop_row(d: dict[str, Any], i: int, k: int) -> dict[str, Any]:
    row = _any_row(d, i)
    return dict(d, assessments=[a for j, a in enumerate(d["assessments"]) if j != row])


CORRUPTIONS: dict[str, tuple[Corruption, str]] = {
    "blank personal id": (lambda d, i, k: _set_id(d, ""), "personal-id-missing"),
    "blank full name": (
        lambda d, i, k: edited(d, ("student", "full_name"), ""),
        "record-invalid",
    ),
    "break the province code": (
        lambda d, i, k: _set_id(d, "099" + _pid(d)[3:]),
        "personal-id-invalid",
    ),
    "shorten the id": (lambda d, i, k: _set_id(d, _pid(d)[:-1]), "personal-id-invalid"),
    "flip the sex digit": (
        lambda d, i, k: _set_id(d, _flip_sex_digit(_pid(d))),
        "personal-id-sex-mismatch",
    ),
    "score above 10": (
        lambda d, i, k: edited(d, ("assessments", _score_row(d, i), "final"), str(11 + k % 5)),
        "score-invalid",
    ),
    "negative regular score": (
        lambda d, i, k: edited(d, ("assessments", _score_row(d, i), "regular", 0), f"-{k % 9 + 1}"),
        "score-invalid",
    ),
    "drop a mid-term": (_drop("midterm"), "assessment-missing-midterm"),
    "drop an end-of-term": (_drop("final"), "assessment-missing-final"),
    "drop a regular assessment": (_drop("regular"), "assessment-missing-regular"),
    "drop a whole row": (_drop_row, "assessment-missing"),
    "miss 46 sessions": (
        lambda d, i, k: dict(d, attendance=[{"semester": 1, "excused": 46 + k % 20}]),
        "attendance-over-limit",
    ),
    "legacy-encoded name": (
        lambda d, i, k: edited(d, ("student", "guardian_name"), "TrÇn V¨n B×nh"),
        "text-legacy-encoding",
    ),
    "name in capitals": (
        lambda d, i, k: edited(d, ("student", "full_name"), d["student"]["full_name"].upper()),
        "name-all-caps",
    ),
}


@settings(max_examples=80, deadline=None)
@given(
    valid_records(),
    st.sampled_from(sorted(CORRUPTIONS)),
    st.integers(0, 10_000),
    st.integers(0, 10_000),
)
def test_each_single_corruption_raises_exactly_its_code(
    data: dict[str, Any], name: str, pick: int, salt: int
) -> None:
    corrupt, expected = CORRUPTIONS[name]
    broken = corrupt(data, pick, salt)
    found = [f.code for f in validate([broken]).findings]
    assert found == [expected], (name, found)
