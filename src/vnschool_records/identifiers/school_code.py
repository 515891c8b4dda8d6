"""School code (Mã trường): the sector database's code for a school.

The education database gives each school a code (Thông tư 42/2021/TT-BGDĐT, Điều 10:
codes of managed entities are unique and stable), but its format is not published. The
default :data:`SCHOOL_CODE_FORMAT` therefore only checks what every observed code has:
letters and digits (with ``.``/``-``/``_`` separators removed by :func:`compact`), 2 to 20
characters. It is a :class:`CodeFormat` data value: a province that knows its exact shape
passes its own, no code change needed.

>>> validate(" 79000701 ")
'79000701'
>>> validate("7")
Traceback (most recent call last):
vnschool_records.errors.InvalidFormatError: school code '7' does not match ...
>>> validate("79000701", code_format=CodeFormat("school code", r"79\\d{6}", length=8))
'79000701'
"""

from __future__ import annotations

from typing import Final

from vnschool_records.errors import IdentifierError
from vnschool_records.identifiers._common import CodeFormat, strip_separators

__all__ = ["SCHOOL_CODE_FORMAT", "CodeFormat", "compact", "format", "is_valid", "validate"]

SCHOOL_CODE_FORMAT: Final = CodeFormat(
    name="school code",
    pattern=r"[0-9A-Z]{2,20}",
    source="format not published by the sector database; letters and digits, 2–20 characters",
)
"""The permissive default shape of a school code."""


def compact(number: str) -> str:
    """The code without separators, in upper case.

    >>> compact("thcs-79.001")
    'THCS79001'
    """
    return strip_separators(number).replace("_", "").upper()


def validate(number: str, *, code_format: CodeFormat = SCHOOL_CODE_FORMAT) -> str:
    """The compact code if it has ``code_format``; an ``IdentifierError`` otherwise."""
    return code_format.check(compact(number))


def is_valid(number: str, *, code_format: CodeFormat = SCHOOL_CODE_FORMAT) -> bool:
    """Whether :func:`validate` accepts the code; never raises.

    >>> is_valid("79000701"), is_valid("7 9 0 0 ! 1")
    (True, False)
    """
    try:
        validate(number, code_format=code_format)
    except (IdentifierError, TypeError):
        return False
    return True


def format(number: str, *, code_format: CodeFormat = SCHOOL_CODE_FORMAT) -> str:
    """The code as printed: its compact form.

    >>> format("79-000-701")
    '79000701'
    """
    return validate(number, code_format=code_format)
