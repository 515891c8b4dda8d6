"""Messages of refused personal ids say what is wrong and how it usually happens."""

from __future__ import annotations

import pytest

from vnschool_records.errors import InvalidLengthError
from vnschool_records.identifiers import personal_id


def test_dropped_leading_zeros_are_named_as_the_usual_cause() -> None:
    with pytest.raises(InvalidLengthError) as info:
        personal_id.validate("79212345678")  # 079212345678 stored as a number
    message = str(info.value)
    assert "has 11 digits; it must have 12" in message
    assert "leading zeros" in message
    assert "Nghị định 137/2015/NĐ-CP" in message


def test_too_long_has_no_leading_zero_hint() -> None:
    with pytest.raises(InvalidLengthError) as info:
        personal_id.validate("0792123456789")
    assert "leading zeros" not in str(info.value)
