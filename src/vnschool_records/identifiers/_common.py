"""The verbs every identifier module exposes, and the code-format data they share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from vnschool_records.errors import InvalidFormatError, InvalidLengthError

__all__ = ["CodeFormat", "IdentifierModule", "strip_separators"]

_SEPARATORS = re.compile(r"[\s.\-/]+")


def strip_separators(number: str) -> str:
    """``number`` without spaces, dots, hyphens and slashes (what people type between groups)."""
    if not isinstance(number, str):
        raise TypeError(f"an identifier is a str, not {type(number).__name__}")
    return _SEPARATORS.sub("", number)


class IdentifierModule(Protocol):
    """Identifier module (Mô-đun mã định danh): the same four verbs for every identifier.

    ``compact`` removes separators; ``validate`` returns the compact form or raises an
    :class:`~vnschool_records.errors.IdentifierError` subclass naming the part and the rule;
    ``is_valid`` never raises; ``format`` gives the form printed on documents.
    """

    def compact(self, number: str) -> str:
        """The number without separators."""
        ...

    def validate(self, number: str) -> str:
        """The compact number, or an ``IdentifierError`` saying what is wrong."""
        ...

    def is_valid(self, number: str) -> bool:
        """Whether ``validate`` would accept the number; never raises."""
        ...

    def format(self, number: str) -> str:
        """The number as printed on documents."""
        ...


@dataclass(frozen=True, slots=True)
class CodeFormat:
    """Code format (Định dạng mã): the shape of a code, kept as data rather than code.

    The sector database publishes no format for its student and school codes, so the shapes
    the SDK checks are data a caller can replace without a code change: pass another
    ``CodeFormat`` to ``validate(..., code_format=...)``.

    >>> f = CodeFormat("demo code", r"\\d{4}", length=4, source="example")
    >>> f.check("1234")
    '1234'
    >>> f.check("12a4")
    Traceback (most recent call last):
    vnschool_records.errors.InvalidFormatError: demo code '12a4' does not match ...
    """

    name: str
    pattern: str
    """A regular expression the whole compact code must match."""
    length: int | None = None
    """The exact length, when the format fixes one (gives a clearer error than the pattern)."""
    source: str = ""
    """Where the format comes from, and how sure that is."""

    def check(self, code: str) -> str:
        """Return ``code`` if it has this format; raise an ``IdentifierError`` otherwise."""
        if self.length is not None and len(code) != self.length:
            raise InvalidLengthError(
                f"{self.name} {code!r} has {len(code)} characters; it must have "
                f"{self.length} ({self.source})"
            )
        if re.fullmatch(self.pattern, code) is None:
            raise InvalidFormatError(
                f"{self.name} {code!r} does not match the format {self.pattern!r} ({self.source})"
            )
        return code
