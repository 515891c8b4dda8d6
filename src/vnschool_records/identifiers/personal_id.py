"""Personal identification number (Số định danh cá nhân / số CCCD): 12 digits.

The number is assigned for life by the national population database (Luật Căn cước 2023,
Điều 12). Its structure is set by Nghị định 137/2015/NĐ-CP, Điều 13:

* digits 1–3: the province (or country) where the birth was registered — one of the 63
  codes of Thông tư 07/2016/TT-BCA, Phụ lục 1, named as they were before the 2025 merger;
* digit 4: century of birth and sex — 0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s,
  6/7 = 2200s, 8/9 = 2300s (even = male, odd = female);
* digits 5–6: the last two digits of the year of birth;
* digits 7–12: a random number. There is **no check digit**, so nothing offline can tell
  whether the random part was really issued.

>>> validate("001 205 012345")
'001205012345'
>>> validate("001205012345", date_of_birth=date(2005, 3, 1), sex="Nam")
'001205012345'
>>> validate("001305012345", sex="Nam")
Traceback (most recent call last):
vnschool_records.errors.InvalidComponentError: digit 4 ...
>>> decode("079310000123").province_name, decode("079310000123").birth_year
('Hồ Chí Minh', 2010)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from vnschool_records._text import nfc
from vnschool_records.errors import (
    IdentifierError,
    InvalidComponentError,
    InvalidFormatError,
    InvalidLengthError,
)
from vnschool_records.identifiers._common import strip_separators
from vnschool_records.identifiers._provinces import MERGED_2025, PROVINCE_NAMES

__all__ = ["SOURCE", "PersonalIdParts", "compact", "decode", "format", "is_valid", "validate"]

SOURCE: Final = "Nghị định 137/2015/NĐ-CP, Điều 13; Thông tư 07/2016/TT-BCA, Phụ lục 1"
_LENGTH: Final = 12

SexLabel = Literal["Nam", "Nữ"]

_SEX_WORDS: Final[dict[str, SexLabel]] = {
    "nam": "Nam",
    "male": "Nam",
    "m": "Nam",
    "nữ": "Nữ",
    "nu": "Nữ",
    "female": "Nữ",
    "f": "Nữ",
}


@dataclass(frozen=True, slots=True)
class PersonalIdParts:
    """The parts of a personal identification number, decoded."""

    province_code: str
    """Digits 1–3: province of birth registration."""
    province_name: str
    """The province's name when the birth was registered (pre-2025 names)."""
    province_2025: str
    """The provincial unit that province lies in since 1/7/2025."""
    century_sex_digit: int
    """Digit 4."""
    century_start: int
    """First year of the century of birth (1900, 2000, …)."""
    sex: SexLabel
    """``"Nam"`` (male) or ``"Nữ"`` (female), as in the birth register."""
    birth_year: int
    """Full year of birth: century + digits 5–6."""
    serial: str
    """Digits 7–12, a random number."""


def compact(number: str) -> str:
    """The number without spaces, dots or hyphens.

    >>> compact(" 001.205-012345 ")
    '001205012345'
    """
    return strip_separators(number)


def _sex_label(sex: str) -> SexLabel:
    label = _SEX_WORDS.get(nfc(str(sex)).strip().casefold())
    if label is None:
        raise ValueError(f"sex must be 'Nam' or 'Nữ' (or 'male'/'female'), not {sex!r}")
    return label


def decode(number: str) -> PersonalIdParts:
    """Split a valid number into its parts; raises an ``IdentifierError`` if it is invalid.

    >>> p = decode("044187001234")
    >>> p.province_name, p.province_2025, p.sex, p.birth_year, p.serial
    ('Quảng Bình', 'Quảng Trị', 'Nữ', 1987, '001234')
    """
    digits = _check_shape(compact(number))
    digit4 = int(digits[3])
    century_start = 1900 + 100 * (digit4 // 2)
    return PersonalIdParts(
        province_code=digits[:3],
        province_name=PROVINCE_NAMES[digits[:3]],
        province_2025=MERGED_2025[digits[:3]][1],
        century_sex_digit=digit4,
        century_start=century_start,
        sex="Nam" if digit4 % 2 == 0 else "Nữ",
        birth_year=century_start + int(digits[4:6]),
        serial=digits[6:],
    )


def _check_shape(digits: str) -> str:
    if not digits.isascii() or not digits.isdigit():
        bad = next((i for i, ch in enumerate(digits, 1) if not ("0" <= ch <= "9")), 0)
        raise InvalidFormatError(
            f"personal id {digits!r}: character {bad} is not a digit; the number has only "
            f"digits ({SOURCE})"
        )
    if len(digits) != _LENGTH:
        hint = (
            "; a spreadsheet that stored it as a number drops leading zeros"
            if digits.isdigit() and len(digits) < _LENGTH
            else ""
        )
        raise InvalidLengthError(
            f"personal id {digits!r} has {len(digits)} digits; it must have 12{hint} ({SOURCE})"
        )
    if digits[:3] not in PROVINCE_NAMES:
        raise InvalidComponentError(
            f"personal id {digits!r}: digits 1–3 {digits[:3]!r} are not a province code of "
            "birth registration (Thông tư 07/2016/TT-BCA, Phụ lục 1)"
        )
    return digits


def validate(number: str, *, date_of_birth: date | None = None, sex: str | None = None) -> str:
    """The compact number if it is valid and agrees with the birth date and sex given.

    Raises ``InvalidFormatError`` (not all digits), ``InvalidLengthError`` (not 12 digits) or
    ``InvalidComponentError`` naming the digit and the rule it breaks: unknown province
    code (digits 1–3), a century digit or year digits that contradict ``date_of_birth``
    (digits 4–6), or a sex digit that contradicts ``sex`` (digit 4).
    """
    parts = decode(number)
    digits = compact(number)
    if date_of_birth is not None:
        if not isinstance(date_of_birth, date):
            raise TypeError(f"date_of_birth must be a date, not {type(date_of_birth).__name__}")
        year = date_of_birth.year
        if year // 100 * 100 != parts.century_start:
            raise InvalidComponentError(
                f"personal id {digits!r}: digit 4 {digits[3]!r} means born in "
                f"{parts.century_start}–{parts.century_start + 99}, but the date of birth is "
                f"{date_of_birth.isoformat()} (digit 4 is the century and sex code, {SOURCE})"
            )
        if year % 100 != int(digits[4:6]):
            raise InvalidComponentError(
                f"personal id {digits!r}: digits 5–6 {digits[4:6]!r} are the year of birth, but "
                f"the date of birth is {date_of_birth.isoformat()} ({SOURCE})"
            )
    if sex is not None and _sex_label(sex) != parts.sex:
        raise InvalidComponentError(
            f"personal id {digits!r}: digit 4 {digits[3]!r} is "
            f"{'even (male)' if parts.sex == 'Nam' else 'odd (female)'}, but the sex recorded is "
            f"{_sex_label(sex)!r} ({SOURCE})"
        )
    return digits


def is_valid(number: str, *, date_of_birth: date | None = None, sex: str | None = None) -> bool:
    """Whether :func:`validate` accepts the number; never raises.

    >>> is_valid("001205012345"), is_valid("003205012345"), is_valid(None)  # type: ignore[arg-type]
    (True, False, False)
    """
    try:
        validate(number, date_of_birth=date_of_birth, sex=sex)
    except (IdentifierError, ValueError, TypeError):
        return False
    return True


def format(number: str) -> str:
    """The number as printed on the card: 12 digits without separators.

    >>> format("001 205 012 345")
    '001205012345'
    """
    return validate(number)
