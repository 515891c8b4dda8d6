"""Properties of the assessment arithmetic and classifications (hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from regulation_strategies import (
    TT22_COMMENT,
    TT22_SCORED,
    TT58_COMMENT,
    TT58_SCORED,
    half_up_reference,
    record_dicts,
    records,
    scores,
    semester_inputs,
    subject_results,
)

from vnschool_records._decimal import from_tenths, to_tenths
from vnschool_records.errors import RegulationNotFoundError
from vnschool_records.models import StudentYearRecord
from vnschool_records.regulations import (
    AcademicLevel,
    Award,
    LearningLevel,
    Tt22Policy,
    Tt22Regulation,
    Tt58Regulation,
    YearResult,
    evaluate_year,
    regulation_for,
)

TT22 = Tt22Regulation()
TT58 = Tt58Regulation()
TT58_ORIGINAL = Tt58Regulation(edition="original")
REGULATIONS = [TT22, TT58]

_LEARNING_RANK = {lv: i for i, lv in enumerate(reversed(list(LearningLevel)))}
_ACADEMIC_RANK = {lv: i for i, lv in enumerate(reversed(list(AcademicLevel)))}
_AWARD_RANK = {None: 0, Award.ADVANCED: 1, Award.EXCELLENT: 2, Award.OUTSTANDING: 3}


def _rank(level: LearningLevel | AcademicLevel) -> int:
    if isinstance(level, LearningLevel):
        return _LEARNING_RANK[level]
    return _ACADEMIC_RANK[level]


@pytest.mark.parametrize("reg", REGULATIONS, ids=["tt22", "tt58"])
@given(inputs=semester_inputs())
def test_semester_average_is_the_fraction_reference(reg: Any, inputs: Any) -> None:
    regular, mid, final = inputs
    got = reg.semester_average(regular, mid, final).value
    exact = (sum(map(Fraction, regular)) + 2 * Fraction(mid) + 3 * Fraction(final)) / (
        len(regular) + 5
    )
    assert got == half_up_reference(exact)
    assert Decimal(0) <= got <= Decimal(10)
    assert got.as_tuple().exponent == -1


@given(regular=st.lists(scores, min_size=2, max_size=5), periodic=st.lists(scores, min_size=1,
       max_size=3), final=scores)  # fmt: skip
def test_original_tt58_average_is_the_fraction_reference(
    regular: list[Decimal], periodic: list[Decimal], final: Decimal
) -> None:
    got = TT58_ORIGINAL.semester_average(regular, periodic, final).value
    exact = (
        sum(map(Fraction, regular)) + 2 * sum(map(Fraction, periodic)) + 3 * Fraction(final)
    ) / (len(regular) + 2 * len(periodic) + 3)
    assert got == half_up_reference(exact)


@given(inputs=semester_inputs(), data=st.data())
def test_order_of_regular_scores_does_not_matter(inputs: Any, data: st.DataObject) -> None:
    regular, mid, final = inputs
    shuffled = data.draw(st.permutations(regular))
    for reg in REGULATIONS:
        assert (
            reg.semester_average(regular, mid, final).value
            == reg.semester_average(shuffled, mid, final).value
        )


@given(inputs=semester_inputs(), data=st.data())
def test_raising_a_score_never_lowers_the_semester_average(
    inputs: Any, data: st.DataObject
) -> None:
    regular, mid, final = inputs
    values = [*regular, mid, final]
    index = data.draw(st.integers(min_value=0, max_value=len(values) - 1))
    raised = list(values)
    raised[index] = from_tenths(
        data.draw(st.integers(min_value=to_tenths(values[index]), max_value=100))
    )
    for reg in REGULATIONS:
        before = reg.semester_average(values[:-2], values[-2], values[-1]).value
        after = reg.semester_average(raised[:-2], raised[-2], raised[-1]).value
        assert after >= before


@given(first=scores, second=scores)
def test_year_average_lies_between_the_semesters(first: Decimal, second: Decimal) -> None:
    for reg in REGULATIONS:
        year = reg.year_average(first, second).value
        assert min(first, second) <= year <= max(first, second)
        assert year == half_up_reference((Fraction(first) + 2 * Fraction(second)) / 3)


@pytest.mark.parametrize(
    ("reg", "scored", "comment"),
    [(TT22, TT22_SCORED, TT22_COMMENT), (TT58, TT58_SCORED, TT58_COMMENT)],
    ids=["tt22", "tt58"],
)
@given(data=st.data())
def test_raising_a_subject_never_lowers_the_learning_result_or_award(
    reg: Any, scored: tuple[str, ...], comment: tuple[str, ...], data: st.DataObject
) -> None:
    subjects = data.draw(subject_results(scored, comment))
    key = data.draw(st.sampled_from(sorted(subjects)))
    raised = dict(subjects)
    value = subjects[key]
    if isinstance(value, Decimal):
        raised[key] = from_tenths(data.draw(st.integers(to_tenths(value), 100)))
    else:
        raised[key] = "Đạt"
    before = reg.learning_result(subjects, term="CN")
    after = reg.learning_result(raised, term="CN")
    assert _rank(after.value) >= _rank(before.value)
    assert _rank(after.computed_level) >= _rank(before.computed_level)
    if isinstance(reg, Tt22Regulation):
        averages = {k: v for k, v in subjects.items() if isinstance(v, Decimal)}
        raised_averages = {k: v for k, v in raised.items() if isinstance(v, Decimal)}
        award_before = reg.award("Tốt", before.value, averages).value
        award_after = reg.award("Tốt", after.value, raised_averages).value
    else:
        award_before = reg.award("Tốt", before.value).value
        award_after = reg.award("Tốt", after.value).value
    assert _AWARD_RANK[award_after] >= _AWARD_RANK[award_before]


@given(start=st.integers(min_value=2012, max_value=2030), grade=st.integers(6, 12))
def test_every_covered_year_has_a_regulation(start: int, grade: int) -> None:
    reg = regulation_for(grade, f"{start}-{start + 1}")
    assert reg.id.value in {"TT22_2021", "TT58_2011"}
    assert reg.required_regular_count(35) == 2


@given(
    start=st.one_of(st.integers(1990, 2011), st.integers(2031, 2090)),
    grade=st.integers(6, 12),
)
def test_years_outside_the_table_raise(start: int, grade: int) -> None:
    with pytest.raises(RegulationNotFoundError, match=f"{start}-{start + 1}"):
        regulation_for(grade, f"{start}-{start + 1}")


def _year_ranks(result: YearResult) -> tuple[int, int, list[Decimal]]:
    averages = [result.year.subject_averages[k].value for k in sorted(result.year.subject_averages)]
    return _rank(result.year.learning.value), _AWARD_RANK[result.award.value], averages


@pytest.mark.parametrize("regime", ["tt22", "tt58", "tt58-original"])
@settings(max_examples=40)
@given(data=st.data())
def test_evaluate_year_on_any_valid_record(regime: str, data: st.DataObject) -> None:
    record = data.draw(records(regime))
    result = evaluate_year(record)
    assert result.student_id == "HS-P"
    assert set(result.year.subject_averages) | set(result.year.comment_levels) == {
        s.code for s in record.subjects
    }
    assert result.promotion.value is not None
    text = result.explain("vi") + result.explain("en")
    assert "Căn cứ" in text
    assert "Source" in text


@pytest.mark.parametrize("regime", ["tt22", "tt58"])
@settings(max_examples=40)
@given(data=st.data())
def test_raising_one_recorded_score_never_lowers_the_year(regime: str, data: st.DataObject) -> None:
    raw = data.draw(record_dicts(regime))
    scored = [a for a in raw["assessments"] if "regular" in a]
    target = data.draw(st.sampled_from(scored))
    field = data.draw(st.sampled_from(["regular", "midterm", "final"]))
    raised = {**raw, "assessments": [dict(a) for a in raw["assessments"]]}
    item = raised["assessments"][raw["assessments"].index(target)]
    if field == "regular":
        i = data.draw(st.integers(0, len(item["regular"]) - 1))
        current = to_tenths(Decimal(item["regular"][i]))
        item["regular"] = list(item["regular"])
        item["regular"][i] = str(from_tenths(data.draw(st.integers(current, 100))))
    else:
        current = to_tenths(Decimal(item[field]))
        item[field] = str(from_tenths(data.draw(st.integers(current, 100))))
    assume(raised != raw)
    before = _year_ranks(evaluate_year(StudentYearRecord.model_validate(raw)))
    after = _year_ranks(evaluate_year(StudentYearRecord.model_validate(raised)))
    assert after[0] >= before[0]
    assert after[1] >= before[1]
    assert all(a >= b for a, b in zip(after[2], before[2], strict=True))


# ------------------------------------------------------------------ TT22 Art. 9 by the letter
_TT22_LEVELS = (LearningLevel.FAIL, LearningLevel.PASS, LearningLevel.FAIR, LearningLevel.GOOD)


def _art9_cl2(scores: list[Decimal], fails: int) -> LearningLevel:
    """TT22 Art. 9 cl. 2 read literally: counts of subjects at each threshold."""

    def at_least(limit: str) -> int:
        return sum(1 for s in scores if s >= Decimal(limit))

    every = len(scores)
    if fails == 0 and at_least("6.5") == every and at_least("8.0") >= 6:
        return LearningLevel.GOOD
    if fails == 0 and at_least("5.0") == every and at_least("6.5") >= 6:
        return LearningLevel.FAIR
    if fails <= 1 and at_least("5.0") >= 6 and at_least("3.5") == every:
        return LearningLevel.PASS
    return LearningLevel.FAIL


def _art9_reference(
    subjects: dict[str, Any], policy: Tt22Policy
) -> tuple[LearningLevel, LearningLevel, str | None]:
    """(computed, final, the one subject) by trying every subject as "the one" (Art. 9 cl. 3):
    the would-be level is Tốt or Khá reached by the other subjects with that one left out."""
    scores = {k: v for k, v in subjects.items() if isinstance(v, Decimal)}
    failed = [k for k, v in subjects.items() if not isinstance(v, Decimal) and v != "Đạt"]
    computed = _art9_cl2(list(scores.values()), len(failed))
    found: list[tuple[str, LearningLevel]] = []
    for code in subjects:
        if code in scores:
            if failed:
                continue
            others = [v for k, v in scores.items() if k != code]
        elif code in failed and len(failed) == 1 and policy.comment_subject_can_be_the_one:
            others = list(scores.values())
        else:
            continue
        would_be = _art9_cl2(others, 0)
        if would_be in (LearningLevel.GOOD, LearningLevel.FAIR) and (
            _TT22_LEVELS.index(would_be) - _TT22_LEVELS.index(computed) >= 2
        ):
            found.append((code, would_be))
    assert len(found) <= 1, found
    if not found:
        return computed, computed, None
    code, would_be = found[0]
    if policy.adjustment == "one_level_up":
        final = _TT22_LEVELS[_TT22_LEVELS.index(computed) + 1]
    else:
        final = _TT22_LEVELS[_TT22_LEVELS.index(would_be) - 1]
    return computed, final, code


@settings(max_examples=400)
@given(
    data=st.data(),
    adjustment=st.sampled_from(["one_level_up", "below_would_be"]),
    comment_can_be_the_one=st.booleans(),
)
def test_tt22_learning_result_is_article_9_by_the_letter(
    data: st.DataObject, adjustment: str, comment_can_be_the_one: bool
) -> None:
    subjects = data.draw(subject_results(TT22_SCORED, TT22_COMMENT))
    if data.draw(st.booleans()):  # fewer than six scored subjects now and then
        for code in [k for k, v in subjects.items() if isinstance(v, Decimal)][5:]:
            del subjects[code]
    policy = Tt22Policy(
        adjustment=adjustment, comment_subject_can_be_the_one=comment_can_be_the_one
    )  # type: ignore[arg-type]
    result = Tt22Regulation(policy).learning_result(subjects, term="CN")
    observed = (result.computed_level, result.value, result.adjusted_for)
    assert observed == _art9_reference(subjects, policy)


@pytest.mark.parametrize(
    ("others", "low"),
    [
        (["8.0"] * 6, ["4.0"]),  # the sixth highest exactly 8.0: would-be Tốt
        (["7.0"] * 6, ["3.0", "5.0"]),  # the second lowest exactly 5.0: would-be Khá
        (["7.0"] * 6, ["3.0", "4.0"]),  # two below 5.0: no one subject
        (["8.0"] * 5 + ["7.9"], ["3.4"]),  # five at 8.0: would-be Khá only
        (["6.5"] * 6, ["3.4", "6.4"]),  # two below 6.5, one below 5.0
        (["8.0"] * 6, ["6.5"]),  # Tốt exactly at both limits
        (["6.5"] * 6, ["5.0"]),  # Khá exactly at both limits
        (["5.0"] * 6, ["3.5"]),  # Đạt exactly at both limits
    ],
)
@pytest.mark.parametrize("adjustment", ["one_level_up", "below_would_be"])
def test_tt22_learning_result_at_the_thresholds(
    others: list[str], low: list[str], adjustment: str
) -> None:
    subjects: dict[str, Any] = {f"m{i}": Decimal(v) for i, v in enumerate(others + low)}
    policy = Tt22Policy(adjustment=adjustment)  # type: ignore[arg-type]
    result = Tt22Regulation(policy).learning_result(subjects, term="CN")
    observed = (result.computed_level, result.value, result.adjusted_for)
    assert observed == _art9_reference(subjects, policy)
