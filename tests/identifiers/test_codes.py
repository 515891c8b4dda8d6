"""Student and school codes: formats are data a caller can replace."""

from __future__ import annotations

import pytest

from vnschool_records.errors import InvalidFormatError, InvalidLengthError
from vnschool_records.identifiers import CodeFormat, school_code, student_code


def test_student_code_default_is_ten_digits() -> None:
    assert student_code.validate("79 1234 5678") == "7912345678"
    assert student_code.STUDENT_CODE_FORMAT.length == 10
    with pytest.raises(InvalidLengthError, match="has 9 characters; it must have 10"):
        student_code.validate("791234567")
    with pytest.raises(InvalidFormatError, match="does not match"):
        student_code.validate("79123456X8")
    assert not student_code.is_valid("791234567")
    assert not student_code.is_valid(7912345678)  # type: ignore[arg-type]


def test_student_code_format_is_replaceable_data() -> None:
    twelve = CodeFormat("student code", r"\d{12}", length=12, source="a future format")
    assert student_code.validate("791234567890", code_format=twelve) == "791234567890"
    assert not student_code.is_valid("7912345678", code_format=twelve)
    assert student_code.format("7912-345-678") == "7912345678"


def test_school_code() -> None:
    assert school_code.validate("thcs_79.001") == "THCS79001"
    assert school_code.is_valid("79000701")
    assert not school_code.is_valid("7")
    assert not school_code.is_valid("79#0001")
    strict = CodeFormat("school code", r"79\d{6}", length=8, source="HCMC practice")
    assert school_code.format("79-000-701", code_format=strict) == "79000701"
    with pytest.raises(InvalidLengthError):
        school_code.validate("7900070", code_format=strict)
