"""TT22/2021: explanations, input errors, exemptions, summer outcomes, whole-record evaluation."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from regulation_records import record

from vnschool_records.errors import IncompleteDataError, PolicyOptionError, ScoreError
from vnschool_records.models import (
    CommentLevel,
    Exemption,
    Semester,
    StudentYearRecord,
    Term,
    TrainingLevel,
)
from vnschool_records.regulations import (
    Award,
    InvalidRecordError,
    LearningLevel,
    PromotionOutcome,
    Regulation,
    RegulationId,
    SubjectAverage,
    Tt22Policy,
    Tt22Regulation,
    evaluate_year,
)

REG = Tt22Regulation()


def test_implements_the_protocol() -> None:
    assert isinstance(REG, Regulation)
    assert REG.id is RegulationId.TT22_2021
    assert REG.citation.format("vi") == "Thông tư 22/2021/TT-BGDĐT"
    assert REG.policy == Tt22Policy()
    assert "Tt22Policy" in repr(REG)


def test_semester_average_explains_in_both_languages() -> None:
    result = REG.semester_average(
        ["7", "8", "6"], "6,5", "8", periods_per_year=70, subject="Toán", semester=1
    )
    vi, en = result.explain("vi"), result.explain("en")
    assert "Điểm trung bình môn học kì I — Toán" in vi
    assert "(7 + 8 + 6 + 2×6,5 + 3×8) / 8 = 7,25 → 7,3" in vi
    assert "(7 + 8 + 6 + 2×6.5 + 3×8) / 8 = 7.25 → 7.3" in en
    assert "Thông tư 22/2021/TT-BGDĐT, Điều 6, khoản 2" in vi
    assert "Circular 22/2021/TT-BGDĐT, Art. 9, cl. 1(b)" in en
    assert result.exact == Fraction(29, 4)


def test_an_exact_semester_average_shows_no_rounding_arrow() -> None:
    text = REG.semester_average(["8", "8"], "8", "8").explain("en")
    assert "/ 7 = 8.0\n" in text
    assert "→" not in text.split("\n")[3]


def test_year_average_explanations() -> None:
    rounded = REG.year_average("7,3", "8,1", subject="Toán").explain("vi")
    assert "(7,3 + 2×8,1) / 3 ≈ 7,833 → 7,8" in rounded
    assert "đã làm tròn" in rounded
    exact_reg = Tt22Regulation(Tt22Policy(year_average_from="exact"))
    one = REG.semester_average(["7", "8", "7.8"], "8", "8")  # 7.85
    two = REG.semester_average(["8", "8", "7.6"], "8", "8")  # 7.95
    exact = exact_reg.year_average(one, two)
    assert exact.value == Decimal("7.9")
    text = exact.explain("en")
    assert "unrounded" in text
    assert "(7.85 + 2×7.95) / 3" in text
    thirds = exact_reg.year_average(Fraction(20, 3), "7")
    assert "6.667" in thirds.explain("en")
    assert exact_reg.year_average("7", "7").value == Decimal("7.0")
    assert REG.year_average(Fraction(129, 20), "6").value == Decimal("6.2")  # 6.45 → 6.5


def test_one_semester_subject_takes_that_semester() -> None:
    first_only = REG.year_average("6,4", None, subject="GDQP")
    assert first_only.value == Decimal("6.4")
    assert "chỉ học ở học kì I" in first_only.explain("vi")
    second = REG.year_average(None, SubjectAverage(Decimal("7.5"), lambda: None))  # type: ignore[arg-type, return-value]
    assert second.value == Decimal("7.5")
    assert "semester II" in REG.year_average(None, "7").explain("en")
    with pytest.raises(IncompleteDataError, match="neither semester"):
        REG.year_average(None, None, subject="Toán")


@pytest.mark.parametrize(
    ("regular", "mid", "final", "periods", "error", "match"),
    [
        (["7", "8"], None, "8", None, IncompleteDataError, "mid-term"),
        (["7", "8"], "8", None, None, IncompleteDataError, "end-of-term"),
        (["7", "8"], "8", "8", 70, IncompleteDataError, "2 regular score.*3 required"),
        (["7", "8", "9", "9"], "8", "8", 70, InvalidRecordError, "prescribes 3"),
        ([], "8", "8", None, IncompleteDataError, "no regular score"),
        (["7", "8.25"], "8", "8", None, ScoreError, "regular score 2"),
        (["7", "8"], "11", "8", None, ScoreError, "mid-term score"),
    ],
)
def test_semester_average_refuses_bad_inputs(
    regular: list[str],
    mid: str | None,
    final: str | None,
    periods: int | None,
    error: type[Exception],
    match: str,
) -> None:
    with pytest.raises(error, match=match):
        REG.semester_average(
            regular, mid, final, periods_per_year=periods, subject="toan", semester=2
        )


def test_required_count_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="periods per year"):
        REG.required_regular_count(0)


def test_year_average_refuses_fraction_out_of_range() -> None:
    with pytest.raises(InvalidRecordError, match="outside 0–10"):
        REG.year_average(Fraction(11), "7")


def test_comment_levels_and_their_errors() -> None:
    level = REG.comment_semester_level(["Đ", "Đ"], "Đ", "Đ", subject="GDTC", semester=1)
    assert level.value is CommentLevel.PASS
    assert "4" not in level.explain("en").split("\n")[0]
    assert "0 Chưa đạt" in level.explain("en")
    with pytest.raises(IncompleteDataError, match="mid-term comment"):
        REG.comment_semester_level(["Đ", "Đ"], None, "Đ")
    with pytest.raises(IncompleteDataError, match="end-of-term comment"):
        REG.comment_semester_level(["Đ", "Đ"], "Đ", None)
    with pytest.raises(IncompleteDataError, match="1 regular"):
        REG.comment_semester_level(["Đ"], "Đ", "Đ")
    with pytest.raises(InvalidRecordError, match="prescribes 2"):
        REG.comment_semester_level(["Đ", "Đ", "Đ"], "Đ", "Đ")
    with pytest.raises(ScoreError, match="not 'Đạt'"):
        REG.comment_semester_level(["Đ", "Tốt"], "Đ", "Đ", subject="GDTC")
    year = REG.comment_year_level("Đ", "CĐ", subject="GDTC")
    assert year.value is CommentLevel.FAIL
    assert "học kì II" in year.explain("vi")
    only = REG.comment_year_level("CĐ", None)
    assert only.value is CommentLevel.FAIL
    assert "only in semester I" in only.explain("en")
    with pytest.raises(IncompleteDataError):
        REG.comment_year_level(None, None)


def test_learning_result_explains_counts_rule_and_adjustment() -> None:
    subjects = {f"m{i}": "9" for i in range(6)} | {"cn": "8", "tin": "4", "gdtc": "Đ"}
    result = REG.learning_result(subjects, term=Term.SEMESTER_1)
    assert result.value is LearningLevel.FAIR
    assert result.computed_level is LearningLevel.PASS
    assert result.overall_average is None
    vi = result.explain("vi")
    assert "Kết quả học tập Học kì I" in vi
    assert "Số môn ≥ 8,0: 7" in vi
    assert "duy nhất môn tin" in vi
    assert "Điều 9, khoản 3" in vi
    en = (
        Tt22Regulation(Tt22Policy(adjustment="below_would_be"))
        .learning_result(subjects, term="HK2")
        .explain("en")
    )
    assert "just below the would-be level" in en
    assert "Art. 9, cl. 2(c)" in en
    only_comments = REG.learning_result({"gdtc": "Đ"}, term="CN")
    assert only_comments.value is LearningLevel.FAIL
    assert "lowest: —" in only_comments.explain("en")


def test_learning_result_input_errors() -> None:
    with pytest.raises(IncompleteDataError, match="no subject results"):
        REG.learning_result({}, term="CN")
    with pytest.raises(ValueError, match="term 'year'"):
        REG.learning_result({"toan": "8"}, term="year")
    with pytest.raises(ScoreError, match="subject 'toan'"):
        REG.learning_result({"toan": "tám"}, term="CN")


def test_policy_options_are_checked() -> None:
    with pytest.raises(PolicyOptionError, match="year_average_from"):
        Tt22Policy(year_average_from="raw")  # type: ignore[arg-type]
    with pytest.raises(PolicyOptionError, match="adjustment"):
        Tt22Policy(adjustment="two_up")  # type: ignore[arg-type]


def test_training_year_accepts_strings_and_refuses_conduct_levels() -> None:
    assert REG.training_result_year(TrainingLevel.GOOD, "Khá").value is TrainingLevel.FAIR
    assert "(Tốt, Khá) → Khá" in REG.training_result_year("Tốt", "Khá").explain("vi")
    with pytest.raises(InvalidRecordError, match="not a TT22 training level"):
        REG.training_result_year("Trung bình", "Tốt")


def test_promotion_refuses_contradictions() -> None:
    with pytest.raises(InvalidRecordError, match="does not call for summer training"):
        REG.promotion("Đạt", "Khá", training_after_summer="Tốt")
    with pytest.raises(InvalidRecordError, match="does not call for re-assessment"):
        REG.promotion("Đạt", "Khá", learning_after_reassessment="Đạt")
    with pytest.raises(InvalidRecordError, match="before the result of summer training"):
        REG.promotion("Chưa đạt", "Chưa đạt", learning_after_reassessment="Đạt")
    with pytest.raises(IncompleteDataError, match="must be listed"):
        REG.promotion("Đạt", "Chưa đạt")
    with pytest.raises(ValueError, match="negative"):
        REG.promotion("Đạt", "Đạt", absences=-1)
    with pytest.raises(InvalidRecordError, match="learning level"):
        REG.promotion("Đạt", "Giỏi")


def test_both_chua_dat_trains_first_then_reassesses() -> None:
    first = REG.promotion("Chưa đạt", "Chưa đạt", reassess_subjects=["toan"])
    assert first.value is PromotionOutcome.SUMMER_TRAINING
    assert first.reassess_subjects == ("toan",)
    assert not first.final
    assert "then re-assessment of the failed subjects" in first.explain("en")
    second = REG.promotion(
        "Chưa đạt", "Chưa đạt", reassess_subjects=["toan"], training_after_summer="Đạt"
    )
    assert second.value is PromotionOutcome.REASSESSMENT
    third = REG.promotion(
        "Chưa đạt",
        "Chưa đạt",
        reassess_subjects=["toan"],
        training_after_summer="Đạt",
        learning_after_reassessment="Đạt",
    )
    assert third.value is PromotionOutcome.PROMOTED
    assert "After the summer: training Đạt, learning Đạt" in third.explain("en")


def test_promotion_explanations_cite_the_article() -> None:
    retained = REG.promotion("Tốt", "Tốt", absences=46, grade_level=6)
    assert "Điều 12, khoản 3" in retained.explain("vi")
    assert "46" in retained.explain("en")
    iep = REG.promotion("Tốt", "Tốt", individual_education_plan=True)
    assert "Art. 12, cl. 4" in iep.explain("en")


def test_award_explanations() -> None:
    outstanding = REG.award("Tốt", "Tốt", dict.fromkeys("abcdef", "9"))
    assert outstanding.value is Award.OUTSTANDING
    assert "Điều 15, khoản 1, điểm a" in outstanding.explain("vi")
    none = REG.award("Khá", "Tốt", {"a": "9"})
    assert none.value is None
    assert "không có danh hiệu" in none.explain("vi")
    assert "no title" in none.explain("en")


# ---------------------------------------------------------------------------- evaluate
def test_evaluate_a_whole_year() -> None:
    rec = record(scores={"tin_hoc": "4"}, attendance=[{"semester": 1, "excused": 3}])
    result = evaluate_year(rec)
    assert result.regulation is RegulationId.TT22_2021
    assert result.school_year == "2024-2025"
    assert result.grade_level == 6
    assert result.year.subject_averages["tin_hoc"].value == Decimal("4.0")
    assert result.year.learning.value is LearningLevel.FAIR  # Tốt→Đạt by tin_hoc, adjusted
    assert result.year.learning.adjusted_for == "tin_hoc"
    assert result.promotion.value is PromotionOutcome.PROMOTED
    assert result.promotion.absences == 3
    assert result.award.value is None
    assert result.semester_awards == ()
    assert result.semester1.training is not None
    assert result.semester1.training.value is TrainingLevel.GOOD
    assert "Giáo viên chủ nhiệm" in result.semester1.training.explain("vi")
    text = result.explain("en")
    assert "Learning result, Year" in text
    assert "Tin học" in text
    assert "Source: Circular 22/2021/TT-BGDĐT, Art. 9, cl. 3" in text
    assert list(result.semester2.comment_levels) == ["gdtc", "nghe_thuat", "nd_gddp", "hdtn_hn"]
    assert "LazyResults" in repr(result.year.subject_averages)
    with pytest.raises(KeyError):
        result.year.subject_averages["latin"]


def test_evaluate_with_the_exact_year_policy() -> None:
    rec = record(scores={"toan": "7"})
    result = evaluate_year(rec, policy=Tt22Policy(year_average_from="exact"))
    assert result.year.subject_averages["toan"].value == Decimal("7.0")


def test_evaluate_names_what_is_missing() -> None:
    with pytest.raises(IncompleteDataError, match=r"'khtn', semester II"):
        evaluate_year(record(drop=(("khtn", 2),)))
    with pytest.raises(IncompleteDataError, match=r"'gdtc', semester I\b"):
        evaluate_year(record(drop=(("gdtc", 1),)))
    with pytest.raises(IncompleteDataError, match="semester I"):
        evaluate_year(record(training_semester1=None))


def test_evaluate_refuses_what_tt22_does_not_provide() -> None:
    whole = [{"subject": "gdtc", "part": "whole", "decision": "12/QĐ"}]
    with pytest.raises(InvalidRecordError, match="practical part of GDTC and GDQP-AN"):
        evaluate_year(record(exemptions=whole))
    practical_toan = [{"subject": "toan", "part": "practical"}]
    with pytest.raises(InvalidRecordError, match="practical part"):
        evaluate_year(record(exemptions=practical_toan))
    with pytest.raises(InvalidRecordError, match="training_year is an input only under TT58"):
        evaluate_year(record(training_year="Tốt"))
    with pytest.raises(InvalidRecordError, match="not a TT22 training level"):
        evaluate_year(record(training_semester1="Trung bình"))


def test_practical_exemption_keeps_the_subject_assessed() -> None:
    result = evaluate_year(
        record(exemptions=[{"subject": "gdtc", "part": "practical", "decision": "1/QĐ"}])
    )
    assert result.year.comment_levels["gdtc"].value is CommentLevel.PASS


def test_exemption_of_an_unknown_subject() -> None:
    rec = record()
    bad = rec.model_copy(update={"exemptions": (Exemption(subject="latin", part="practical"),)})
    with pytest.raises(InvalidRecordError, match="'latin', which is not in"):
        evaluate_year(bad)


def test_one_semester_subjects() -> None:
    rec = record(scores={"cong_nghe": "6.4"}, drop=(("cong_nghe", 2), ("nd_gddp", 1)))
    result = evaluate_year(rec, taught_in={"cong_nghe": 1, "nd_gddp": Semester.TWO})
    assert result.year.subject_averages["cong_nghe"].value == Decimal("6.4")
    assert "cong_nghe" not in result.semester2.subject_averages
    assert "only in semester I" in result.year.subject_averages["cong_nghe"].explain("en")
    assert result.year.comment_levels["nd_gddp"].value is CommentLevel.PASS
    assert "nd_gddp" not in result.semester1.comment_levels
    with pytest.raises(IncompleteDataError, match="'cong_nghe', semester II"):
        evaluate_year(record(drop=(("cong_nghe", 1), ("cong_nghe", 2))), taught_in={"cong_nghe": 2})
    with pytest.raises(InvalidRecordError, match="taught only in semester 1"):
        evaluate_year(record(), taught_in={"cong_nghe": 1})
    with pytest.raises(InvalidRecordError, match="'latin', which is not"):
        evaluate_year(record(), taught_in={"latin": 1})
    with pytest.raises(InvalidRecordError, match="not semester 1 or 2"):
        evaluate_year(record(), taught_in={"toan": 3})


def taught_only_in(rec: StudentYearRecord, code: str, semester: int) -> StudentYearRecord:
    """``rec`` with subject ``code`` declared as taught in one semester (Subject.semesters)."""
    subjects = tuple(
        s.model_copy(update={"semesters": (Semester(semester),)}) if s.code == code else s
        for s in rec.subjects
    )
    return rec.model_copy(update={"subjects": subjects})


def test_a_subject_declared_for_one_semester_needs_no_taught_in() -> None:
    rec = taught_only_in(
        record(scores={"cong_nghe": "6.4"}, drop=(("cong_nghe", 2),)), "cong_nghe", 1
    )
    result = evaluate_year(rec)
    assert result.year.subject_averages["cong_nghe"].value == Decimal("6.4")
    assert "cong_nghe" not in result.semester2.subject_averages
    assert "only in semester I" in result.year.subject_averages["cong_nghe"].explain("en")
    agreeing = evaluate_year(rec, taught_in={"cong_nghe": 1})
    assert agreeing.year.subject_averages == result.year.subject_averages
    with pytest.raises(InvalidRecordError, match="but the subject is taught only in semester 1"):
        evaluate_year(rec, taught_in={"cong_nghe": 2})
    with pytest.raises(InvalidRecordError, match="'cong_nghe', semester II, but it is taught"):
        evaluate_year(taught_only_in(record(), "cong_nghe", 1))


def test_incomplete_scores_inside_a_record_are_named() -> None:
    rec = record()
    toan = rec.assessment("toan", 1)
    assert toan is not None
    broken = [
        a if a is not toan else toan.model_copy(update={"final": None}) for a in rec.assessments
    ]
    with pytest.raises(IncompleteDataError, match="'Toán', semester I: the end-of-term"):
        evaluate_year(rec.model_copy(update={"assessments": tuple(broken)}))
    gdtc = rec.assessment("gdtc", 2)
    assert gdtc is not None
    broken = [
        a if a is not gdtc else gdtc.model_copy(update={"regular_levels": ()})
        for a in rec.assessments
    ]
    with pytest.raises(IncompleteDataError, match=r"'Giáo dục thể chất', semester II: 0 regular"):
        evaluate_year(rec.model_copy(update={"assessments": tuple(broken)}))


def test_summer_reassessment_flow() -> None:
    failing = record(scores={"toan": "3", "khtn": "4"}, comments={"nd_gddp": "Chưa đạt"})
    before = evaluate_year(failing)
    assert before.year.learning.value is LearningLevel.FAIL
    assert before.promotion.value is PromotionOutcome.REASSESSMENT
    assert before.promotion.reassess_subjects == ("toan", "khtn", "nd_gddp")
    assert not before.promotion.final
    assert before.after_summer is None
    done = failing.model_copy(
        update={
            "reassessments": {
                "toan": Decimal("6"),
                "khtn": Decimal("5"),
                "nd_gddp": CommentLevel.PASS,
            }
        }
    )
    after = evaluate_year(done)
    assert after.after_summer is not None
    # toan 6.0, khtn 5.0, six subjects at 8.0, comments all Đạt → all ≥ 5.0, six ≥ 6.5 → Khá
    assert after.after_summer.learning.value is LearningLevel.FAIR
    assert after.after_summer.subject_averages["toan"].value == Decimal("6.0")
    assert "thay cho ĐTBmcn" in after.after_summer.subject_averages["toan"].explain("vi")
    assert "replaces the year level" in after.after_summer.comment_levels["nd_gddp"].explain("en")
    assert after.promotion.value is PromotionOutcome.PROMOTED
    assert "Kết quả học tập Cả năm" in after.explain("vi")
    missing = failing.model_copy(update={"reassessments": {"toan": Decimal("6")}})
    with pytest.raises(IncompleteDataError, match="'khtn', 'nd_gddp'"):
        evaluate_year(missing)
    extra = failing.model_copy(
        update={
            "reassessments": {
                "toan": Decimal("6"),
                "khtn": Decimal("6"),
                "nd_gddp": CommentLevel.PASS,
                "gdcd": Decimal("9"),
            }
        }
    )
    with pytest.raises(InvalidRecordError, match="'gdcd', which is not to be re-assessed"):
        evaluate_year(extra)
    wrong_kind = failing.model_copy(
        update={
            "reassessments": {
                "toan": CommentLevel.PASS,
                "khtn": Decimal("6"),
                "nd_gddp": CommentLevel.PASS,
            }
        }
    )
    with pytest.raises(InvalidRecordError, match="scored subject 'toan'"):
        evaluate_year(wrong_kind)
    wrong_level = failing.model_copy(
        update={
            "reassessments": {"toan": Decimal("6"), "khtn": Decimal("6"), "nd_gddp": Decimal("6")}
        }
    )
    with pytest.raises(InvalidRecordError, match="comment subject 'nd_gddp'"):
        evaluate_year(wrong_level)


def test_summer_training_flow() -> None:
    rec = record(training_semester1="Chưa đạt", training_semester2="Chưa đạt")
    result = evaluate_year(rec)
    assert result.year.training is not None
    assert result.year.training.value is TrainingLevel.FAIL
    assert result.promotion.value is PromotionOutcome.SUMMER_TRAINING
    trained = evaluate_year(rec.model_copy(update={"training_after_summer": TrainingLevel.PASS}))
    assert trained.promotion.value is PromotionOutcome.PROMOTED
    still = evaluate_year(rec.model_copy(update={"training_after_summer": TrainingLevel.FAIL}))
    assert still.promotion.value is PromotionOutcome.RETAINED
    assert "still Chưa đạt" in still.promotion.explain("en")


def test_final_grades_and_iep() -> None:
    rec = record(grade=9)
    assert evaluate_year(rec).promotion.value is PromotionOutcome.COMPLETED
    iep = rec.model_copy(update={"individual_education_plan": True})
    assert evaluate_year(iep).promotion.value is PromotionOutcome.PRINCIPAL_DECIDES
    outstanding = evaluate_year(record(grade=12, scores={"toan": "9.5"}))
    assert outstanding.award.value is Award.EXCELLENT
    all_nine = evaluate_year(
        record(
            grade=11,
            scores=dict.fromkeys(
                ["ngu_van", "toan", "ngoai_ngu_1", "lich_su", "gdqp_an", "dia_li"], "9"
            ),
        )
    )
    assert all_nine.award.value is Award.OUTSTANDING
    assert all_nine.promotion.value is PromotionOutcome.PROMOTED


def test_reassessment_retained_after_summer() -> None:
    failing = record(scores={"toan": "2"}, comments={"nd_gddp": "Chưa đạt", "gdtc": "Chưa đạt"})
    done = failing.model_copy(
        update={
            "reassessments": {
                "toan": Decimal("3"),
                "nd_gddp": CommentLevel.FAIL,
                "gdtc": CommentLevel.FAIL,
            }
        }
    )
    result = evaluate_year(done)
    assert result.promotion.value is PromotionOutcome.RETAINED
    assert "still Chưa đạt after re-assessment" in result.promotion.explain("en")


def test_single_subject_below_65_with_a_would_be_kha() -> None:
    # seven subjects at 7.0 (none ≥ 8.0) and one at 3.0: Chưa đạt; without it Khá → Đạt
    low = REG.learning_result({f"m{i}": "7" for i in range(7)} | {"x": "3"}, term="CN")
    assert (low.computed_level, low.value, low.adjusted_for) == (
        LearningLevel.FAIL,
        LearningLevel.PASS,
        "x",
    )
    # the same with 4.0: Đạt already, Khá is one level up → no adjustment
    mid = REG.learning_result({f"m{i}": "7" for i in range(7)} | {"x": "4"}, term="CN")
    assert (mid.computed_level, mid.value, mid.adjusted_for) == (
        LearningLevel.PASS,
        LearningLevel.PASS,
        None,
    )


def test_too_few_subjects_left_for_a_would_be_level() -> None:
    # five at 7.0 and one at 3.0: only five ≥ 5.0 → Chưa đạt; without the 3.0 only five
    # subjects remain ≥ 6.5 (< 6) → no would-be Tốt/Khá → no adjustment
    result = REG.learning_result({f"m{i}": "7" for i in range(5)} | {"x": "3"}, term="CN")
    assert (result.value, result.adjusted_for) == (LearningLevel.FAIL, None)
