"""TT58/2011 (original and as amended by TT26/2020): explanations, errors, exemptions, summer."""

from __future__ import annotations

from decimal import Decimal

import pytest
from regulation_records import record

from vnschool_records.errors import IncompleteDataError, PolicyOptionError
from vnschool_records.models import (
    ClassGroup,
    CommentLevel,
    ConductLevel,
    Exemption,
    Semester,
    SubjectKind,
    TrainingLevel,
)
from vnschool_records.regulations import (
    AcademicLevel,
    Award,
    InvalidRecordError,
    PromotionOutcome,
    Regulation,
    RegulationId,
    Tt58Policy,
    Tt58Regulation,
    evaluate_year,
)

REG = Tt58Regulation()
ORIGINAL = Tt58Regulation(edition="original")


def test_identity_and_editions() -> None:
    assert isinstance(REG, Regulation)
    assert REG.id is RegulationId.TT58_2011
    assert REG.edition == "amended"
    assert ORIGINAL.edition == "original"
    assert REG.policy == Tt58Policy()
    assert "edition='original'" in repr(ORIGINAL)
    assert REG.citation.format("vi") == (
        "Thông tư 58/2011/TT-BGDĐT (sửa đổi bởi Thông tư 26/2020/TT-BGDĐT)"
    )
    assert ORIGINAL.citation.format("en") == "Circular 58/2011/TT-BGDĐT"
    with pytest.raises(PolicyOptionError, match="edition"):
        Tt58Regulation(edition="2011")  # type: ignore[arg-type]
    with pytest.raises(PolicyOptionError, match="True or False"):
        Tt58Policy(comment_subject_can_be_the_one="yes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="periods per year"):
        REG.required_regular_count(0)


def test_semester_average_explanations_differ_by_edition() -> None:
    amended = REG.semester_average(["8", "8", "9"], "8,5", "8", periods_per_year=70, subject="Toán")
    text = amended.explain("vi")
    assert "(8 + 8 + 9 + 2×8,5 + 3×8) / 8 = 8,25 → 8,3" in text
    assert "sửa đổi bởi Thông tư 26/2020/TT-BGDĐT, Điều 1, khoản 4" in text
    original = ORIGINAL.semester_average(["7", "8"], ["6", "7"], "8", subject="Toán")
    en = original.explain("en")
    assert "2×sum of periodic tests" in en
    assert "(7 + 8 + 2×6 + 2×7 + 3×8) / 9 ≈ 7.222 → 7.2" in en
    assert "KTđk: 6; 7" in original.explain("vi")


@pytest.mark.parametrize(
    ("reg", "regular", "mid", "final", "periods", "error", "match"),
    [
        (REG, ["7", "8"], None, "8", None, IncompleteDataError, "mid-term / periodic"),
        (REG, ["7", "8"], "8", None, None, IncompleteDataError, "end-of-term"),
        (REG, ["7", "8"], ["7", "8"], "8", None, InvalidRecordError, "exactly one"),
        (ORIGINAL, ["7", "8"], [], "8", None, IncompleteDataError, "no periodic"),
        (REG, ["7", "8"], "8", "8", 105, IncompleteDataError, "4 required"),
        (REG, ["7", "8", "9"], "8", "8", 35, InvalidRecordError, "prescribes 2"),
        (REG, [], "8", "8", None, IncompleteDataError, "no regular score"),
    ],
)
def test_semester_average_refuses_bad_inputs(
    reg: Tt58Regulation,
    regular: list[str],
    mid: object,
    final: str | None,
    periods: int | None,
    error: type[Exception],
    match: str,
) -> None:
    with pytest.raises(error, match=match):
        reg.semester_average(regular, mid, final, periods_per_year=periods)  # type: ignore[arg-type]


def test_original_edition_allows_more_than_the_minimum() -> None:
    result = ORIGINAL.semester_average(["7", "8", "9"], "8", "8", periods_per_year=35)
    assert result.value == Decimal("8.0")  # (24 + 16 + 24) / 8 = 8.0


def test_year_average_and_one_semester_subjects() -> None:
    year = REG.year_average(REG.semester_average(["6", "7"], "7", "6"), "6,5", subject="Sử")
    # semester I: (13 + 14 + 18)/7 = 45/7 = 6.43 → 6.4; year (6.4 + 13.0)/3 = 6.47 → 6.5
    assert year.value == Decimal("6.5")
    assert "Điều 10, khoản 1, điểm b" in year.explain("vi")
    one = REG.year_average(None, "7,5")
    assert one.value == Decimal("7.5")
    assert "Điều 10, khoản 3" in one.explain("vi")
    assert "only in semester II" in one.explain("en")
    assert REG.year_average("5,5", None).value == Decimal("5.5")
    with pytest.raises(IncompleteDataError, match="neither"):
        REG.year_average(None, None)


def test_comment_subjects() -> None:
    level = REG.comment_semester_level(["CĐ", "Đ"], "Đ", "Đ", subject="Thể dục", semester=2)
    assert level.value is CommentLevel.PASS
    assert "3/4 Đ" in level.explain("vi")
    with pytest.raises(IncompleteDataError, match="mid-term"):
        REG.comment_semester_level(["Đ", "Đ"], None, "Đ")
    with pytest.raises(IncompleteDataError, match="end-of-term"):
        REG.comment_semester_level(["Đ", "Đ"], "Đ", None)
    with pytest.raises(IncompleteDataError, match="2 required"):
        REG.comment_semester_level(["Đ"], "Đ", "Đ")
    with pytest.raises(InvalidRecordError, match="prescribes 2"):
        REG.comment_semester_level(["Đ", "Đ", "Đ"], "Đ", "Đ")
    assert ORIGINAL.comment_semester_level(["Đ", "Đ", "Đ"], "Đ", "Đ").value is CommentLevel.PASS
    assert REG.comment_year_level("Đ", None).value is CommentLevel.PASS
    assert "Only a semester I result" in REG.comment_year_level("Đ", None).explain("en")
    assert "học kì II Đ" in REG.comment_year_level("CĐ", "Đ", subject="Nhạc").explain("vi")
    with pytest.raises(IncompleteDataError):
        REG.comment_year_level(None, None)


def test_learning_result_explanation() -> None:
    result = REG.learning_result(
        {"toan": "7.9", "ngu_van": "9", "ngoai_ngu": "9", "vat_li": "9", "hoa_hoc": "9",
         "the_duc": "Đ"},
        term="HK2",
        specialised_subject="toan",
    )  # fmt: skip
    assert result.value is AcademicLevel.GOOD
    vi = result.explain("vi")
    assert "ĐTB các môn = (7,9 + 9,0 + 9,0 + 9,0 + 9,0) / 5 = 8,78 → 8,8" in vi
    assert "môn chuyên toan 7,9" in vi
    assert "Môn nhận xét: the_duc Đ" in vi
    en = result.explain("en")
    assert "specialised subject toan 7.9" in en
    assert "Art. 13, cl. 2 (as amended by Circular 26/2020/TT-BGDĐT, Art. 1, cl. 6)" in en
    adjusted = REG.learning_result(
        {"toan": 9, "ngu_van": 9, "vat_li": 10, "hoa_hoc": 3, "sinh_hoc": 10}, term="CN"
    )
    assert "only subject hoa_hoc drags it" in adjusted.explain("en")
    assert "Điều 13, khoản 6" in adjusted.explain("vi")
    exact = REG.learning_result({"toan": 8, "ngu_van": 8}, term="CN").explain("en")
    assert "(8.0 + 8.0) / 2 = 8.0\n" in exact
    original = ORIGINAL.learning_result({"toan": 8, "ngu_van": 8}, term="CN").explain("vi")
    assert "1 trong 2 môn Toán, Ngữ văn" in original


def test_learning_result_errors() -> None:
    with pytest.raises(IncompleteDataError, match="no scored subject"):
        REG.learning_result({"the_duc": "Đ"}, term="CN")
    with pytest.raises(IncompleteDataError, match="Toán, Ngữ văn, Ngoại ngữ"):
        REG.learning_result({"vat_li": "8"}, term="CN")
    with pytest.raises(IncompleteDataError, match=r"\(Toán, Ngữ văn\)"):
        ORIGINAL.learning_result({"ngoai_ngu": "8"}, term="CN")
    with pytest.raises(IncompleteDataError, match="specialised subject 'hoa_hoc'"):
        REG.learning_result({"toan": "8"}, term="CN", specialised_subject="hoa_hoc")


def test_key_subjects_are_recognised_by_name() -> None:
    result = REG.learning_result({"Toán": "5", "Vật lí": "9", "Ngoại ngữ": "8"}, term="CN")
    # overall (5 + 9 + 8)/3 = 7.33 → 7.3; best key Ngoại ngữ 8.0 ≥ 6.5; lowest 5.0 → Khá
    assert result.value is AcademicLevel.GOOD


def test_year_conduct_is_an_input() -> None:
    year = REG.training_result_year("Khá", TrainingLevel.GOOD, year=ConductLevel.GOOD)
    assert year.value is ConductLevel.GOOD
    assert "homeroom teacher rated: Tốt" in year.explain("en")
    assert "Điều 3, khoản 2" in year.explain("vi")
    with pytest.raises(IncompleteDataError, match="pass year="):
        REG.training_result_year("Khá", "Tốt")
    with pytest.raises(InvalidRecordError, match="not a TT58 conduct level"):
        REG.training_result_year("Đạt", "Tốt", year="Tốt")


def test_promotion_paths_and_contradictions() -> None:
    trained = REG.promotion("Yếu", "Khá", training_after_summer="Trung bình", grade_level=9)
    assert trained.value is PromotionOutcome.COMPLETED
    assert "After summer training: conduct Trung bình" in trained.explain("en")
    failed = REG.promotion("Yếu", "Khá", training_after_summer="Yếu", grade_level=12)
    assert failed.value is PromotionOutcome.NOT_COMPLETED
    assert "Điều 15, khoản 2, điểm d" in failed.explain("vi")
    retest_failed = REG.promotion("Tốt", "Yếu", learning_after_reassessment="Yếu")
    assert retest_failed.value is PromotionOutcome.RETAINED
    assert "Điều 15, khoản 2, điểm c" in retest_failed.explain("vi")
    iep = REG.promotion("Tốt", "Kém", individual_education_plan=True)
    assert iep.value is PromotionOutcome.PRINCIPAL_DECIDES
    assert "Điều 14" in iep.explain("vi")
    ok = REG.promotion("Tốt", "Giỏi", absences=45)
    assert "at most 45 sessions" in ok.explain("en")
    with pytest.raises(InvalidRecordError, match="does not call for summer training"):
        REG.promotion("Khá", "Khá", training_after_summer="Tốt")
    with pytest.raises(InvalidRecordError, match="does not call for a re-test"):
        REG.promotion("Khá", "Khá", learning_after_reassessment="Khá")
    with pytest.raises(IncompleteDataError, match="must be listed"):
        REG.promotion("Khá", "Yếu")
    with pytest.raises(ValueError, match="negative"):
        REG.promotion("Khá", "Khá", absences=-2)
    with pytest.raises(InvalidRecordError, match="academic level"):
        REG.promotion("Khá", "Đạt")


def test_award_explanation() -> None:
    award = REG.award("Khá", "Khá", term="HK1")
    assert award.value is Award.ADVANCED
    assert "Danh hiệu Học kì I" in award.explain("vi")
    assert "Art. 18 (as amended by Circular 26/2020/TT-BGDĐT, Art. 1, cl. 8)" in award.explain("en")
    none = ORIGINAL.award("Trung bình", "Giỏi")
    assert none.value is None
    assert "no title" in none.explain("en")
    assert "không có danh hiệu" in none.explain("vi")


# ---------------------------------------------------------------------------- evaluate
def test_evaluate_a_tt58_year() -> None:
    rec = record("tt58", grade=8, scores={"hoa_hoc": "6"}, training_semester1="Khá")
    result = evaluate_year(rec)
    assert result.regulation is RegulationId.TT58_2011
    assert result.year.learning.value is AcademicLevel.GOOD  # hoa 6.0 < 6.5 → Khá
    assert result.year.learning.overall_average == Decimal("7.8")  # (11×8 + 6)/12 = 7.83
    assert [a.value for a in result.semester_awards] == [Award.ADVANCED, Award.ADVANCED]
    assert result.award.value is Award.ADVANCED
    assert result.semester1.training is not None
    assert result.semester1.training.value is ConductLevel.FAIR
    assert "Rated by the homeroom teacher: Khá" in result.semester1.training.explain("en")
    assert result.year.subject_averages["hoa_hoc"].value == Decimal("6.0")
    assert result.year.comment_levels["the_duc"].value is CommentLevel.PASS
    text = result.explain("vi")
    assert "Xếp loại học lực Cả năm" in text
    assert "Hạnh kiểm cả năm" in text


def test_evaluate_original_edition() -> None:
    result = evaluate_year(record("tt58-original", grade=10))
    assert result.year.learning.value is AcademicLevel.EXCELLENT
    assert "KTtx" in result.semester1.subject_averages["toan"].explain("vi")


def test_exemptions() -> None:
    whole = Exemption(subject="the_duc", decision="5/QĐ")
    rec = record("tt58", comments={"the_duc": "Chưa đạt"}, exemptions=[whole.model_dump()])
    result = evaluate_year(rec)
    assert "the_duc" not in result.year.comment_levels
    assert result.year.learning.value is AcademicLevel.EXCELLENT
    assert "Exempted, not classified: Thể dục" in result.year.learning.explain("en")
    one = Exemption(subject="am_nhac", semesters=(Semester.ONE,), decision="6/QĐ")
    rec2 = record("tt58", comments={"am_nhac": "Chưa đạt"}, exemptions=[one.model_dump()])
    result2 = evaluate_year(rec2)
    assert "am_nhac" not in result2.semester1.comment_levels
    assert result2.year.comment_levels["am_nhac"].value is CommentLevel.FAIL
    assert "Only a semester I result" not in result2.year.comment_levels["am_nhac"].explain("en")
    practical = Exemption(subject="the_duc", part="practical")
    assert evaluate_year(record("tt58", exemptions=[practical.model_dump()])).year.comment_levels
    scored = Exemption(subject="the_duc")
    rec3 = record("tt58", exemptions=[scored.model_dump()])
    subjects = tuple(
        s.model_copy(update={"kind": SubjectKind.SCORED}) if s.code == "the_duc" else s
        for s in rec3.subjects
    )
    with pytest.raises(InvalidRecordError, match="cannot be exempted"):
        evaluate_year(rec3.model_copy(update={"subjects": subjects}))
    with pytest.raises(InvalidRecordError, match="does not provide a 'whole' exemption"):
        evaluate_year(record("tt58", exemptions=[{"subject": "toan"}]))
    with pytest.raises(InvalidRecordError, match="not in the record's subjects"):
        evaluate_year(record("tt58", exemptions=[{"subject": "tieng_phap"}]))


def test_specialised_class() -> None:
    rec = record("tt58", grade=10, scores={"toan": "7.9"})
    chuyen = rec.class_group.model_copy(update={"specialised_subject": "toan"})
    result = evaluate_year(rec.model_copy(update={"class_group": chuyen}))
    assert result.year.learning.value is AcademicLevel.GOOD
    missing = ClassGroup(
        name="10A", grade_level=10, school_year="2020-2021", specialised_subject="tieng_nga"
    )
    with pytest.raises(IncompleteDataError, match="specialised subject 'tieng_nga'"):
        evaluate_year(rec.model_copy(update={"class_group": missing}))


def test_missing_year_conduct_and_wrong_levels() -> None:
    with pytest.raises(IncompleteDataError, match="training_year"):
        evaluate_year(record("tt58", training_year=None))
    with pytest.raises(IncompleteDataError, match=r"conduct \(hạnh kiểm\) missing: student HS001"):
        evaluate_year(record("tt58", training_semester1=None))
    with pytest.raises(InvalidRecordError, match="not a TT58 conduct level"):
        evaluate_year(record("tt58", training_semester2="Đạt"))


def test_one_semester_subject_under_tt58() -> None:
    rec = record("tt58", drop=(("tin_hoc", 2),))
    result = evaluate_year(rec, taught_in={"tin_hoc": 1})
    assert result.year.subject_averages["tin_hoc"].value == Decimal("8.0")
    assert "tin_hoc" not in result.semester2.subject_averages


def test_a_subject_declared_for_one_semester_under_tt58() -> None:
    base = record("tt58", drop=(("tin_hoc", 2),))
    subjects = tuple(
        s.model_copy(update={"semesters": (Semester.ONE,)}) if s.code == "tin_hoc" else s
        for s in base.subjects
    )
    result = evaluate_year(base.model_copy(update={"subjects": subjects}))
    assert result.year.subject_averages["tin_hoc"].value == Decimal("8.0")
    assert "tin_hoc" not in result.semester2.subject_averages


def test_retest_flow() -> None:
    # Toán 2.0 and Hoá 2.0, others 5.0: overall (2+2+10×5)/12 = 4.5 → Yếu (Tb needs ≥ 5.0)
    scores = dict.fromkeys(
        ["vat_li", "sinh_hoc", "ngu_van", "lich_su", "dia_li", "ngoai_ngu", "gdcd",
         "cong_nghe", "tin_hoc"], "5"
    ) | {"toan": "2", "hoa_hoc": "2"}  # fmt: skip
    rec = record("tt58", grade=8, scores=scores, training_year="Khá")
    before = evaluate_year(rec)
    assert before.year.learning.value is AcademicLevel.WEAK
    assert before.promotion.value is PromotionOutcome.REASSESSMENT
    assert before.promotion.reassess_subjects == ("toan", "hoa_hoc")
    # The student re-tests Toán only: 6.0 → overall (6+2+10×5)/12 = 4.83 → 4.8: still Yếu
    after = evaluate_year(rec.model_copy(update={"reassessments": {"toan": Decimal("6")}}))
    assert after.after_summer is not None
    assert after.after_summer.learning.overall_average == Decimal("4.8")
    assert after.promotion.value is PromotionOutcome.RETAINED
    assert "The re-test score 6.0 replaces" in after.after_summer.subject_averages["toan"].explain(
        "en"
    )
    # Both re-tested at 5.0: (5+5+10×5)/12 = 5.0, lowest 5.0 → Trung bình → promoted
    both = {"toan": Decimal("5"), "hoa_hoc": Decimal("5")}
    passed = evaluate_year(rec.model_copy(update={"reassessments": both}))
    assert passed.promotion.value is PromotionOutcome.PROMOTED
    with pytest.raises(InvalidRecordError, match="'vat_li', which may not be re-tested"):
        evaluate_year(rec.model_copy(update={"reassessments": {"vat_li": Decimal("9")}}))
    with pytest.raises(InvalidRecordError, match="scored subject 'toan'"):
        evaluate_year(rec.model_copy(update={"reassessments": {"toan": CommentLevel.PASS}}))


def test_comment_retest_and_summer_conduct() -> None:
    rec = record(
        "tt58",
        comments={"the_duc": "Chưa đạt"},
        scores={"toan": "3"},
        training_year="Trung bình",
    )
    # the_duc CĐ: only Yếu possible; Toán 3.0 is a second culprit → no adjustment → Yếu
    before = evaluate_year(rec)
    assert before.year.learning.value is AcademicLevel.WEAK
    assert before.promotion.reassess_subjects == ("toan", "the_duc")
    redone = {"the_duc": CommentLevel.PASS}
    after = evaluate_year(rec.model_copy(update={"reassessments": redone}))
    assert after.after_summer is not None
    assert "replaces the year level" in after.after_summer.comment_levels["the_duc"].explain("en")
    with pytest.raises(InvalidRecordError, match="comment subject 'the_duc'"):
        evaluate_year(rec.model_copy(update={"reassessments": {"the_duc": Decimal("5")}}))
    weak = record("tt58", training_year="Yếu", training_after_summer="Khá")
    assert evaluate_year(weak).promotion.value is PromotionOutcome.PROMOTED
