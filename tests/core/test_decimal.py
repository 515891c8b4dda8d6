"""Scores and rounding: TT22/2021 Art. 5 cl. 3 b; TT58/2011 Art. 8 cl. 2 (amended by TT26/2020)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from vnschool_records._decimal import (
    Score,
    average_of_tenths,
    format_score,
    from_tenths,
    parse_score,
    round_half_up,
    to_tenths,
)
from vnschool_records.errors import ScoreError

tenths = st.integers(min_value=0, max_value=100)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (7, "7"),
        ("7.5", "7.5"),
        ("7,5", "7.5"),
        (" 10 ", "10"),
        (Decimal("7.5"), "7.5"),
        (8.5, "8.5"),
        (0, "0"),
        ("0,0", "0.0"),
        ("-0", "0"),
        (".5", "0.5"),
        ("+9", "9"),
        ("7.", "7"),
    ],
)
def test_parse_accepts_what_teachers_type(raw: object, expected: str) -> None:
    assert parse_score(raw) == Decimal(expected)


def test_float_is_read_through_its_shortest_string_not_its_binary_value() -> None:
    # Decimal(8.25) would be 8.25 exactly, but Decimal(0.1) is 0.1000000000000000055…
    assert parse_score(0.1) == Decimal("0.1")
    assert str(parse_score(0.1)) == "0.1"
    assert parse_score(8.25, max_places=None) == Decimal("8.25")


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (True, "boolean"),
        (False, "boolean"),
        (float("nan"), "not a finite number"),
        (float("inf"), "not a finite number"),
        (Decimal("NaN"), "not a finite number"),
        (Decimal("Infinity"), "not a finite number"),
        ("abc", "not a number"),
        ("", "not a number"),
        ("7,5,1", "not a number"),
        ("1e1", "not a number"),
        (None, "has type NoneType"),
        ([7], "has type list"),
        ("10.1", "outside 0–10"),
        (-1, "outside 0–10"),
        (11, "outside 0–10"),
        ("7,25", "more than one decimal place"),
        (8.25, "more than one decimal place"),
        (Decimal("9.99"), "more than one decimal place"),
    ],
)
def test_parse_rejects_with_a_message_naming_value_and_rule(raw: object, fragment: str) -> None:
    with pytest.raises(ScoreError, match=fragment):
        parse_score(raw, where="Toán_HK1!D12")
    with pytest.raises(ValueError, match="Toán_HK1!D12"):  # ScoreError is a ValueError
        parse_score(raw, where="Toán_HK1!D12")


def test_rule_is_cited_in_range_and_places_errors() -> None:
    with pytest.raises(ScoreError, match=r"TT22/2021/TT-BGDĐT Art\. 5 cl\. 3 b"):
        parse_score("7,25")


def test_round_half_up_known_traps() -> None:
    assert round_half_up(Decimal("8.25")) == Decimal("8.3")
    assert round_half_up(Decimal("7.26")) == Decimal("7.3")
    assert round_half_up(Decimal("3.45")) == Decimal("3.5")
    assert round_half_up(Decimal("4.949999")) == Decimal("4.9")
    assert round_half_up(Fraction(33, 4)) == Decimal("8.3")
    assert round_half_up(Fraction(-33, 4)) == Decimal("-8.3")
    assert round_half_up(9) == Decimal("9.0")


def test_average_of_tenths_on_the_float_trap() -> None:
    # 4.4 3.8 5.9 | 4.8 | 5.3: (14.1 + 9.6 + 15.9) / 8 = 39.6 / 8 = 4.95 → 5.0; floats give 4.9.
    assert average_of_tenths(44 + 38 + 59 + 2 * 48 + 3 * 53, 8) == Decimal("5.0")
    assert average_of_tenths(0, 7) == Decimal("0.0")
    assert average_of_tenths(-5, 10) == Decimal("-0.1")
    with pytest.raises(ValueError, match="cannot average over 0"):
        average_of_tenths(10, 0)


@given(st.lists(tenths, min_size=1, max_size=12), st.integers(min_value=1, max_value=12))
def test_average_of_tenths_equals_fraction_reference(values: list[int], count: int) -> None:
    total = sum(values)
    exact = Fraction(total, 10 * count)
    expected_tenths = int(exact * 10 + Fraction(1, 2))  # floor(x + 1/2) for x ≥ 0
    assert average_of_tenths(total, count) == Decimal(expected_tenths) / 10


@given(tenths)
def test_tenths_round_trip(t: int) -> None:
    assert to_tenths(from_tenths(t)) == t
    assert parse_score(format_score(from_tenths(t))) == from_tenths(t)


def test_from_tenths_outside_the_table() -> None:
    assert from_tenths(123) == Decimal("12.3")
    assert from_tenths(-4) == Decimal("-0.4")


def test_to_tenths_refuses_two_places() -> None:
    with pytest.raises(ScoreError, match="more than one decimal"):
        to_tenths(Decimal("8.25"))


@given(st.decimals(min_value=0, max_value=10, places=3, allow_nan=False, allow_infinity=False))
def test_rounding_is_idempotent_and_within_a_half_tenth(d: Decimal) -> None:
    once = round_half_up(d)
    assert round_half_up(once) == once
    assert abs(once - d) <= Decimal("0.05")


def test_format_score_uses_a_decimal_comma() -> None:
    assert format_score(Decimal("8.5")) == "8,5"
    assert format_score(Decimal("7")) == "7,0"
    assert format_score(Decimal("8.25")) == "8,3"
    assert format_score(None) == ""


class _Row(BaseModel):
    score: Score


def test_score_type_in_a_model() -> None:
    assert _Row(score="7,5").score == Decimal("7.5")  # type: ignore[arg-type]
    assert _Row(score=Decimal("10")).score == Decimal("10")
    assert _Row(score=Decimal("8.5")).model_dump_json() == '{"score":"8.5"}'
    assert _Row.model_validate_json('{"score":"8.5"}').score == Decimal("8.5")
    with pytest.raises(ValidationError, match="more than one decimal place"):
        _Row(score=Decimal("8.25"))
    with pytest.raises(ValidationError, match="boolean"):
        _Row(score=True)  # type: ignore[arg-type]
    schema = _Row.model_json_schema()
    assert schema["properties"]["score"]["type"] == "string"
