"""How many regular comment levels a comment subject records per semester."""

from __future__ import annotations

import pytest

from vnschool_records.regulations import Tt22Regulation, Tt58Regulation, regulation_for


@pytest.mark.parametrize("periods", [35, 70, 105])
def test_tt22_always_two(periods: int) -> None:
    # TT22/2021 Art. 6 cl. 2: comment subjects record 2 regular assessments per semester,
    # while a scored subject of 70 periods records 3.
    assert Tt22Regulation().required_comment_count(periods) == 2
    assert regulation_for(6, "2023-2024").required_comment_count(periods) == 2


@pytest.mark.parametrize(("periods", "count"), [(35, 2), (70, 3), (105, 4)])
def test_tt58_counts_tests_per_subject_whatever_its_form(periods: int, count: int) -> None:
    # TT58/2011 Art. 8 cl. 1 (as amended by TT26/2020): the count follows periods per year.
    assert Tt58Regulation().required_comment_count(periods) == count


def test_periods_must_be_positive() -> None:
    with pytest.raises(ValueError, match="must be positive"):
        Tt22Regulation().required_comment_count(0)
    with pytest.raises(ValueError, match="must be positive"):
        Tt58Regulation().required_comment_count(0)
