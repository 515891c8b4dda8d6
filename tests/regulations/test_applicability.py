"""The applicability table, regulation_for, evaluate_year, and the shared helpers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from regulation_records import record

from vnschool_records._explain import Explained, Explanation
from vnschool_records.errors import PolicyOptionError, RegulationNotFoundError, ScoreError
from vnschool_records.models import CommentLevel, SchoolYear, Term
from vnschool_records.regulations import (
    APPLICABILITY,
    FIRST_SCHOOL_YEAR,
    LAST_SCHOOL_YEAR,
    LearningLevel,
    LearningResult,
    PromotionOutcome,
    PromotionResult,
    RegulationId,
    TermResults,
    Tt22Policy,
    Tt22Regulation,
    Tt58Policy,
    Tt58Regulation,
    YearResult,
    evaluate_year,
    regulation_for,
)
from vnschool_records.regulations._common import comment_of, parse_subjects, tenths_of


def test_exactly_one_row_covers_each_grade_and_year() -> None:
    for start in range(FIRST_SCHOOL_YEAR, LAST_SCHOOL_YEAR + 1):
        for grade in range(6, 13):
            rows = [r for r in APPLICABILITY if r.covers(grade, start)]
            assert len(rows) == 1, (grade, start)
            assert rows[0].citation.instrument.startswith("Thông tư")


def test_the_tt22_roadmap_rows_cite_article_21() -> None:
    tt22 = [r for r in APPLICABILITY if r.regulation is RegulationId.TT22_2021]
    assert {(r.first_year, tuple(sorted(r.grades))) for r in tt22} == {
        (2021, (6,)),
        (2022, (7, 10)),
        (2023, (8, 11)),
        (2024, (9, 12)),
    }
    assert {r.citation.format("en") for r in tt22} == {
        f"Circular 22/2021/TT-BGDĐT, Art. 21, cl. 1({p})" for p in "abcd"
    }


def test_regulation_for_accepts_school_year_objects_and_caches() -> None:
    year = SchoolYear.parse("2023-2024")
    assert regulation_for(8, year) is regulation_for(8, "2023-2024")
    assert regulation_for(9, year).id is RegulationId.TT58_2011


def test_policies_reach_their_own_regulation() -> None:
    tt22 = Tt22Policy(year_average_from="exact")
    tt58 = Tt58Policy(gioi_average_also_reaches_kha=False)
    reg22 = regulation_for(6, "2023-2024", policy=tt22)
    assert isinstance(reg22, Tt22Regulation)
    assert reg22.policy == tt22  # regulations are cached per equal policy, so not `is`
    reg58 = regulation_for(9, "2023-2024", policy=[tt22, tt58])
    assert isinstance(reg58, Tt58Regulation)
    assert reg58.policy == tt58
    default58 = regulation_for(9, "2023-2024", policy=tt22)
    assert isinstance(default58, Tt58Regulation)
    assert default58.policy == Tt58Policy()


@pytest.mark.parametrize(
    ("grade", "year", "match"),
    [
        (5, "2023-2024", "grade 5"),
        (13, "2023-2024", "grade 13"),
        (9, "2011-2012", "2011-2012"),
        (9, "2031-2032", "2031-2032"),
        (9, "2023/2025", "not a school year"),
        (9, "năm nay", "not a school year"),
        ("9", "2023-2024", "not an integer"),
        (True, "2023-2024", "not an integer"),
    ],
)
def test_unknown_grades_and_years_raise_lookup_errors(grade: object, year: str, match: str) -> None:
    with pytest.raises(RegulationNotFoundError, match=match) as info:
        regulation_for(grade, year)  # type: ignore[arg-type]
    assert isinstance(info.value, LookupError)


def test_bad_policies_are_refused() -> None:
    with pytest.raises(PolicyOptionError, match="one Tt22Policy"):
        regulation_for(
            6, "2023-2024", policy=[Tt22Policy(), Tt22Policy(adjustment="below_would_be")]
        )
    with pytest.raises(PolicyOptionError, match="str"):
        regulation_for(6, "2023-2024", policy=["exact"])  # type: ignore[list-item]


def test_evaluate_year_dispatches_by_grade_and_year() -> None:
    assert evaluate_year(record()).regulation is RegulationId.TT22_2021
    assert evaluate_year(record("tt58")).regulation is RegulationId.TT58_2011
    exact = evaluate_year(record(), policy=[Tt22Policy(year_average_from="exact")])
    assert exact.year.subject_averages["toan"].value == Decimal("8.0")


def test_shared_parsing_helpers() -> None:
    assert tenths_of(7) == 70
    assert tenths_of("7,5") == 75
    with pytest.raises(ScoreError, match="outside 0–10"):
        tenths_of(11)
    with pytest.raises(ScoreError, match="outside 0–10"):
        tenths_of(Decimal("10.5"))
    with pytest.raises(ScoreError, match="not 'Đạt'"):
        comment_of(1, "gdtc")
    scored, comments = parse_subjects({"a": CommentLevel.FAIL, "b": Decimal("6.5")})
    assert scored == {"b": 65}
    assert comments == {"a": CommentLevel.FAIL}


def test_year_result_explain_skips_a_missing_training() -> None:
    learning = LearningResult(
        LearningLevel.FAIL, lambda: Explanation("Học tập", "Learning"), Term.YEAR
    )
    term = TermResults(Term.YEAR, {}, {}, learning, None)
    result = YearResult(
        regulation=RegulationId.TT22_2021,
        student_id="X",
        grade_level=6,
        school_year="2024-2025",
        semester1=term,
        semester2=term,
        year=term,
        promotion=PromotionResult(
            PromotionOutcome.PROMOTED, lambda: Explanation("Lên lớp", "Promotion")
        ),
        award=Explained(None, lambda: Explanation("Khen thưởng", "Award")),
    )
    assert result.explain("en") == "\n".join(["Learning"] * 3 + ["Promotion", "Award"])
