"""Memoised look-ups and shared results of the evaluation hot path: same answers, bounded."""

from __future__ import annotations

import pytest

from vnschool_records.models import SubjectKind, subject_catalogue
from vnschool_records.regulations import PromotionOutcome, Tt22Regulation, _common
from vnschool_records.regulations._common import subject_layout


def test_subject_layout_is_memoised_by_identity_and_bounded() -> None:
    catalogue = subject_catalogue("2018", 10)
    layout = subject_layout(catalogue)
    assert subject_layout(catalogue) is layout
    assert list(layout.names) == list(layout.order) == [s.code for s in catalogue]
    assert layout.comment_codes == {s.code for s in catalogue if s.kind is SubjectKind.COMMENT}
    assert set(layout.scored_periods) == {s.code for s in catalogue if s.scored}
    equal_copy = (*catalogue[:-1], catalogue[-1])
    assert equal_copy == catalogue
    assert equal_copy is not catalogue
    assert subject_layout(equal_copy) is not layout  # by identity, never by a stale id
    lists = [(*catalogue[:n], *catalogue[n:]) for n in range(1, 1100)]
    for one in lists:
        assert subject_layout(one).order == layout.order
    assert len(_common._LAYOUTS) <= 1024
    as_list = list(catalogue)
    assert subject_layout(as_list) is not subject_layout(as_list)  # a list may change
    assert subject_layout(as_list).names == layout.names


def test_promotion_results_are_shared_and_errors_are_not_cached() -> None:
    reg = Tt22Regulation()
    a = reg.promotion("Tốt", "Khá", absences=3, grade_level=7)
    assert reg.promotion("Tốt", "Khá", absences=3, grade_level=8) is a
    assert a.value is PromotionOutcome.PROMOTED
    assert a.absences == 3
    assert "nghỉ 3 buổi" in a.explain("vi")
    assert reg.promotion("Tốt", "Khá", absences=3, grade_level=9).value is (
        PromotionOutcome.COMPLETED
    )
    for _ in range(2):
        with pytest.raises(ValueError, match="absences must not be negative"):
            reg.promotion("Tốt", "Khá", absences=-1)
    listed = reg.promotion("Đạt", "Chưa đạt", reassess_subjects=["toan", "ngu_van"])
    assert listed.reassess_subjects == ("toan", "ngu_van")
    assert reg.promotion("Đạt", "Chưa đạt", reassess_subjects=("toan", "ngu_van")) is listed
