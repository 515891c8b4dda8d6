"""Scores (Điểm số): parsing, the ``Score`` type, and the one rounding rule.

Every circular says a score or an average is "số nguyên hoặc số thập phân được lấy đến
chữ số thập phân thứ nhất sau khi làm tròn số" (TT22/2021 Art. 5 cl. 3 b; TT58/2011
Art. 8 and Art. 10 cl. 1 c, as amended by TT26/2020 Art. 1 cl. 4). The method is the
Vietnamese school convention: if the first dropped digit is 5 or more, add one to the last
kept digit — half-up on the *exact* value, applied once. Python's ``round`` (half-even on
a binary float) gets this wrong:

>>> round(8.25, 1)          # the bug this module exists to avoid
8.2
>>> round_half_up(Decimal("8.25"))
Decimal('8.3')
>>> average_of_tenths(44 + 38 + 59 + 2 * 48 + 3 * 53, 8)   # 4.4 3.8 5.9 | 4.8 | 5.3
Decimal('5.0')

Parsing accepts what teachers type and what spreadsheets hold:

>>> parse_score("7,5"), parse_score(7), parse_score(8.5), parse_score(Decimal("10"))
(Decimal('7.5'), Decimal('7'), Decimal('8.5'), Decimal('10'))
>>> parse_score(8.25, max_places=None)     # a float is read through its shortest string
Decimal('8.25')
>>> parse_score("7.25")
Traceback (most recent call last):
vnschool_records.errors.ScoreError: score '7.25' has more than one decimal place ...

"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from fractions import Fraction
from typing import Annotated, Final

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

from vnschool_records.errors import ScoreError

__all__ = [
    "MAX_SCORE",
    "MIN_SCORE",
    "TENTH",
    "Score",
    "average_of_tenths",
    "format_score",
    "from_tenths",
    "parse_score",
    "round_half_up",
    "to_tenths",
]

TENTH: Final = Decimal("0.1")
MIN_SCORE: Final = Decimal(0)
MAX_SCORE: Final = Decimal(10)
_CITATION: Final = "TT22/2021/TT-BGDĐT Art. 5 cl. 3 b; TT58/2011/TT-BGDĐT Art. 8 cl. 2"
_EXACT: Final = Context(prec=60, rounding=ROUND_HALF_UP)

# The 101 recordable scores 0.0, 0.1, … 10.0 as Decimals with exactly one decimal place.
_TENTHS: Final = tuple(Decimal(i).scaleb(-1) for i in range(101))


def from_tenths(tenths: int) -> Decimal:
    """The one-decimal ``Decimal`` for an integer number of tenths (``85`` → ``8.5``).

    >>> from_tenths(85), from_tenths(100), from_tenths(0)
    (Decimal('8.5'), Decimal('10.0'), Decimal('0.0'))
    """
    if 0 <= tenths <= 100:
        return _TENTHS[tenths]
    return Decimal(tenths).scaleb(-1)


def to_tenths(score: Decimal) -> int:
    """The exact number of tenths in a score with at most one decimal (``8.5`` → ``85``).

    >>> to_tenths(Decimal("8.5")), to_tenths(Decimal("10"))
    (85, 100)
    >>> to_tenths(Decimal("8.25"))
    Traceback (most recent call last):
    vnschool_records.errors.ScoreError: score 8.25 has more than one decimal place ...
    """
    scaled = score.scaleb(1)
    integral = scaled.to_integral_value()
    if scaled != integral:
        raise ScoreError(
            f"score {score} has more than one decimal place; a score is rounded to one decimal "
            f"({_CITATION})"
        )
    return int(integral)


def round_half_up(value: Decimal | Fraction | int) -> Decimal:
    """Round an exact value to one decimal, half-up (the school convention).

    Negative values round half away from zero; scores never are negative.

    >>> round_half_up(Fraction(396, 80)), round_half_up(Decimal("7.25")), round_half_up(7)
    (Decimal('5.0'), Decimal('7.3'), Decimal('7.0'))
    >>> round_half_up(Decimal("-0.05"))
    Decimal('-0.1')
    """
    if isinstance(value, Fraction):
        num, den = value.numerator * 10, value.denominator
        sign = -1 if num < 0 else 1
        tenths = sign * ((2 * abs(num) + den) // (2 * den))
        return from_tenths(tenths)
    return Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP, context=_EXACT)


def average_of_tenths(total_tenths: int, count: int) -> Decimal:
    """``total_tenths / 10 / count`` rounded half-up to one decimal, in integer arithmetic.

    This is the hot path of every average: weighted sums of one-decimal scores are exact
    integers of tenths, so the quotient is rounded without any intermediate rounding.

    >>> average_of_tenths(396, 8)      # 39.6 / 8 = 4.95 exactly → 5.0 (a float gives 4.9)
    Decimal('5.0')
    >>> average_of_tenths(660, 8)      # 8.25 → 8.3
    Decimal('8.3')
    """
    if count <= 0:
        raise ValueError(f"cannot average over {count} items")
    if total_tenths < 0:
        return round_half_up(Fraction(total_tenths, 10 * count))
    return from_tenths((2 * total_tenths + count) // (2 * count))


def parse_score(value: object, *, max_places: int | None = 1, where: str = "") -> Decimal:
    """Parse a score from what a teacher or a spreadsheet gives: ``7``, ``"7,5"``, ``"7.5"``.

    A ``float`` is read through its shortest decimal string (``8.25`` is ``Decimal("8.25")``),
    never its binary value. Booleans, NaN, infinities, values outside 0–10 and — with the
    default ``max_places=1`` — more than one decimal place are refused with a
    :class:`~vnschool_records.errors.ScoreError` that names the value and the rule.
    ``where`` is added to the message to say where the value came from.

    >>> parse_score(" 9,0 ")
    Decimal('9.0')
    >>> parse_score(True)
    Traceback (most recent call last):
    vnschool_records.errors.ScoreError: score True is a boolean, not a number
    >>> parse_score("11")
    Traceback (most recent call last):
    vnschool_records.errors.ScoreError: score '11' is outside 0–10 ...
    """
    at = f" at {where}" if where else ""
    if isinstance(value, bool):
        raise ScoreError(f"score {value!r}{at} is a boolean, not a number")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ScoreError(f"score {value!r}{at} is not a finite number")
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace(",", ".", 1)
        if not text or text.count(",") or not _looks_numeric(text):
            raise ScoreError(
                f"score {value!r}{at} is not a number; write it like 7, 7,5 or 7.5 ({_CITATION})"
            )
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - _looks_numeric already refused it
            raise ScoreError(f"score {value!r}{at} is not a number") from None
    else:
        raise ScoreError(f"score {value!r}{at} has type {type(value).__name__}, not a number")
    if not number.is_finite():
        raise ScoreError(f"score {value!r}{at} is not a finite number")
    if number < MIN_SCORE or number > MAX_SCORE:
        raise ScoreError(f"score {value!r}{at} is outside 0–10, the 10-point scale ({_CITATION})")
    if max_places is not None:
        exponent = number.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > max_places:
            raise ScoreError(
                f"score {value!r}{at} has more than one decimal place; a score is an integer or "
                f"a decimal rounded to one decimal ({_CITATION})"
            )
    return abs(number) if number.is_zero() else number


def _looks_numeric(text: str) -> bool:
    digits = text[1:] if text[:1] in "+-" else text
    head, _, tail = digits.partition(".")
    return (head.isdigit() or (head == "" and tail != "")) and (tail == "" or tail.isdigit())


def format_score(value: Decimal | None, *, empty: str = "") -> str:
    """A score or average for Vietnamese readers: one decimal, decimal comma (``8,5``).

    >>> format_score(Decimal("8.5")), format_score(Decimal("10")), format_score(None, empty="—")
    ('8,5', '10,0', '—')
    """
    if value is None:
        return empty
    return f"{value.quantize(TENTH, rounding=ROUND_HALF_UP, context=_EXACT):f}".replace(".", ",")


def _canonical_strings() -> dict[str, Decimal]:
    # Every recordable score as a spreadsheet or JSON writes it ("7", "7.5", "7,5"), mapped
    # to exactly what parse_score returns for it: a look-up instead of a parse on the hot path.
    # The one-decimal forms map to the shared from_tenths() objects, so that a table keyed
    # by them (regulations' TENTHS_OF) finds a validated score by identity, without
    # comparing two Decimals.
    table: dict[str, Decimal] = {}
    for tenths in range(101):
        whole, tenth = divmod(tenths, 10)
        shared = _TENTHS[tenths]
        for text in (f"{whole}.{tenth}", f"{whole},{tenth}"):
            if repr(parse_score(text)) != repr(shared):  # pragma: no cover - checked at import
                raise AssertionError(f"{text!r} does not parse to {shared!r}")
            table[text] = shared
        if tenth == 0:
            table[str(whole)] = parse_score(str(whole))
    return table


_CANONICAL_STRINGS: Final = _canonical_strings()


def _validate_score(value: object) -> Decimal:
    if type(value) is str:
        hit = _CANONICAL_STRINGS.get(value)
        if hit is not None:
            return hit
    if type(value) is Decimal and value.is_finite() and MIN_SCORE <= value <= MAX_SCORE:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= -1:
            return value
    return parse_score(value)


Score = Annotated[
    Decimal,
    PlainValidator(_validate_score),
    PlainSerializer(lambda d: format(d, "f"), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^(10(\.0)?|\d(\.\d)?)$"}),
]
"""A recorded score: a ``Decimal`` in 0–10 with at most one decimal (pydantic type).

Serialises to JSON as a string (``"8.5"``) so that no consumer reads it as a binary float.
"""
