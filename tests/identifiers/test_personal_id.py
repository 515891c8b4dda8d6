"""Personal identification numbers against birth date and sex, for every century digit."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnschool_records.errors import (
    IdentifierError,
    InvalidComponentError,
    InvalidFormatError,
    InvalidLengthError,
)
from vnschool_records.identifiers import (
    MERGED_2025,
    PROVINCE_NAMES,
    IdentifierModule,
    personal_id,
    school_code,
    student_code,
)

# (number, date of birth, sex): digit 4 = century and sex (NĐ 137/2015 Art. 13).
VALID = [
    ("001087000123", date(1987, 5, 2), "Nam"),  # 0: 1900s male, Hà Nội
    ("079190123456", date(1990, 1, 1), "Nữ"),  # 1: 1900s female, Hồ Chí Minh
    ("038210654321", date(2010, 9, 5), "Nam"),  # 2: 2000s male, Thanh Hóa
    ("096312000001", date(2012, 12, 31), "Nữ"),  # 3: 2000s female, Cà Mau (the digit a
    #                                              widespread public validator forgets)
    ("046400000777", date(2100, 2, 1), "Nam"),  # 4: 2100s male, Thừa Thiên Huế
    ("092501000001", date(2101, 1, 1), "Nữ"),  # 5: 2100s female, Cần Thơ
    ("011600000001", date(2200, 6, 6), "Nam"),  # 6: 2200s male, Điện Biên
    ("066799000001", date(2299, 6, 6), "Nữ"),  # 7: 2200s female, Đắk Lắk
    ("002805000001", date(2305, 6, 6), "Nam"),  # 8: 2300s male, Hà Giang
    ("087900000001", date(2300, 6, 6), "Nữ"),  # 9: 2300s female, Đồng Tháp
]


@pytest.mark.parametrize(("number", "born", "sex"), VALID)
def test_valid_numbers_for_each_century_digit(number: str, born: date, sex: str) -> None:
    assert personal_id.validate(number, date_of_birth=born, sex=sex) == number
    assert personal_id.is_valid(number, date_of_birth=born, sex=sex)
    parts = personal_id.decode(number)
    assert parts.birth_year == born.year
    assert parts.sex == sex


def test_all_ten_century_digits_are_covered() -> None:
    assert sorted(int(n[3]) for n, _, _ in VALID) == list(range(10))


@pytest.mark.parametrize(("number", "born", "sex"), VALID)
def test_wrong_sex_names_digit_4(number: str, born: date, sex: str) -> None:
    other = "Nữ" if sex == "Nam" else "Nam"
    with pytest.raises(InvalidComponentError, match=r"digit 4 .*(even \(male\)|odd \(female\))"):
        personal_id.validate(number, date_of_birth=born, sex=other)


@pytest.mark.parametrize(("number", "born", "sex"), VALID)
def test_wrong_century_names_digit_4(number: str, born: date, sex: str) -> None:
    shifted = born.replace(year=born.year - 100)
    with pytest.raises(InvalidComponentError, match=r"digit 4 .* means born in"):
        personal_id.validate(number, date_of_birth=shifted)


def test_wrong_year_names_digits_5_6() -> None:
    with pytest.raises(InvalidComponentError, match=r"digits 5–6 '10'"):
        personal_id.validate("038210654321", date_of_birth=date(2011, 1, 1))


def test_sex_words() -> None:
    assert personal_id.is_valid("096312000001", sex="female")
    assert personal_id.is_valid("096312000001", sex="NỮ")
    assert not personal_id.is_valid("096312000001", sex="male")
    assert not personal_id.is_valid("096312000001", sex="other")  # unknown word
    with pytest.raises(ValueError, match="sex must be"):
        personal_id.validate("096312000001", sex="x")


@pytest.mark.parametrize(
    ("number", "error", "fragment"),
    [
        ("00120501234", InvalidLengthError, "11 digits"),
        ("0012050123456", InvalidLengthError, "13 digits"),
        ("00120501234A", InvalidFormatError, "character 12"),
        ("００１205012345", InvalidFormatError, "character 1"),  # full-width digits
        ("003205012345", InvalidComponentError, "digits 1–3 '003'"),
        ("100205012345", InvalidComponentError, "digits 1–3 '100'"),
        ("097205012345", InvalidComponentError, "digits 1–3 '097'"),
    ],
)
def test_invalid_shapes(number: str, error: type[IdentifierError], fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        personal_id.validate(number)
    assert not personal_id.is_valid(number)


def test_errors_are_value_errors() -> None:
    with pytest.raises(ValueError, match="not a digit"):
        personal_id.validate("abc")


def test_type_errors_at_the_call() -> None:
    with pytest.raises(TypeError):
        personal_id.validate(1205012345)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        personal_id.validate("001205012345", date_of_birth="2005-01-01")  # type: ignore[arg-type]
    assert not personal_id.is_valid(None)  # type: ignore[arg-type]


def test_province_table() -> None:
    assert len(PROVINCE_NAMES) == 63
    assert set(MERGED_2025) == set(PROVINCE_NAMES)
    assert len({new for new, _ in MERGED_2025.values()}) == 34
    # every 2025 unit code is one of the old codes (QĐ 19/2025/QĐ-TTg)
    assert {new for new, _ in MERGED_2025.values()} <= set(PROVINCE_NAMES)
    parts = personal_id.decode("077305000123")
    assert (parts.province_name, parts.province_2025) == (
        "Bà Rịa - Vũng Tàu",
        "Thành phố Hồ Chí Minh",
    )


def test_decode_and_format() -> None:
    parts = personal_id.decode("001 305 012345")
    assert (parts.province_code, parts.century_sex_digit, parts.century_start) == ("001", 3, 2000)
    assert (parts.birth_year, parts.serial, parts.sex) == (2005, "012345", "Nữ")
    assert personal_id.format("001-305-012-345") == "001305012345"
    assert personal_id.compact(" 001.305.012345 ") == "001305012345"


@settings(max_examples=100)
@given(
    province=st.sampled_from(sorted(PROVINCE_NAMES)),
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2399, 12, 31)),
    female=st.booleans(),
    serial=st.integers(0, 999_999),
)
def test_built_numbers_validate(province: str, born: date, female: bool, serial: int) -> None:
    digit4 = 2 * ((born.year - 1900) // 100) + int(female)
    number = f"{province}{digit4}{born.year % 100:02d}{serial:06d}"
    sex = "Nữ" if female else "Nam"
    assert personal_id.validate(number, date_of_birth=born, sex=sex) == number
    assert personal_id.decode(number).birth_year == born.year


def test_modules_follow_the_protocol() -> None:
    modules: list[IdentifierModule] = [personal_id, student_code, school_code]
    for module in modules:
        assert {"compact", "validate", "is_valid", "format"} <= set(dir(module))
        assert module.is_valid("not a number !") is False
