"""Student code (Mã định danh học sinh): the sector database's code for a student.

Thông tư 42/2021/TT-BGDĐT, Điều 10 says the code is unique, set at the first entry of the
student into the education database and unchanged for life across all levels. No official
format specification is published. Public gradebook code and sector exports show
**10 digits**; that shape is :data:`STUDENT_CODE_FORMAT`, a :class:`CodeFormat` *data value*.
If the sector database changes the shape, pass another format — no code change needed:

>>> validate("7912345678")
'7912345678'
>>> validate("79123456")
Traceback (most recent call last):
vnschool_records.errors.InvalidLengthError: student code '79123456' has 8 characters ...
>>> validate("HS-0001", code_format=CodeFormat("student code", r"HS\\d{4}"))
'HS0001'
"""

from __future__ import annotations

from typing import Final

from vnschool_records.errors import IdentifierError
from vnschool_records.identifiers._common import CodeFormat, strip_separators

__all__ = ["STUDENT_CODE_FORMAT", "CodeFormat", "compact", "format", "is_valid", "validate"]

STUDENT_CODE_FORMAT: Final = CodeFormat(
    name="student code",
    pattern=r"\d{10}",
    length=10,
    source=(
        "Thông tư 42/2021/TT-BGDĐT, Điều 10 (uniqueness); 10 digits as observed in sector "
        "exports — no official format is published"
    ),
)
"""The shape the SDK checks by default: 10 digits (observed, not published)."""


def compact(number: str) -> str:
    """The code without spaces, dots, hyphens or slashes.

    >>> compact(" 79 1234 5678 ")
    '7912345678'
    """
    return strip_separators(number)


def validate(number: str, *, code_format: CodeFormat = STUDENT_CODE_FORMAT) -> str:
    """The compact code if it has ``code_format``; an ``IdentifierError`` otherwise."""
    return code_format.check(compact(number))


def is_valid(number: str, *, code_format: CodeFormat = STUDENT_CODE_FORMAT) -> bool:
    """Whether :func:`validate` accepts the code; never raises.

    >>> is_valid("7912345678"), is_valid("791234567X")
    (True, False)
    """
    try:
        validate(number, code_format=code_format)
    except (IdentifierError, TypeError):
        return False
    return True


def format(number: str, *, code_format: CodeFormat = STUDENT_CODE_FORMAT) -> str:
    """The code as printed: its compact form.

    >>> format("79 1234 5678")
    '7912345678'
    """
    return validate(number, code_format=code_format)
