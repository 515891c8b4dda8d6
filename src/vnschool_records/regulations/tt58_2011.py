"""Circular 58/2011 (Thông tư 58/2011/TT-BGDĐT): assessing and classifying THCS/THPT students.

The regulation of the 2006 programme: conduct (hạnh kiểm) and academic performance (học
lực) per semester and year, an overall average (ĐTBhk / ĐTBcn), promotion, re-tests,
summer conduct training and the titles Học sinh Giỏi / Tiên tiến. In force from 26/01/2012;
amended by Thông tư 26/2020/TT-BGDĐT from 11/10/2020; replaced by TT22/2021 grade by grade
(TT22 Art. 21).

Two editions are gated by school year (see ``_applicability``):

* ``"amended"`` — TT58 as amended by TT26 (school years 2020-2021 on): regular scores
  (ĐĐGtx) by periods per *year* — 2 / 3 / 4 for ≤ 35 / ≤ 70 / > 70 periods, exactly
  (Art. 8 cl. 1 as amended); one mid-term and one end-of-term score,
  ĐTBmhk = (TĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck) / (n + 5) (Art. 10 as amended); key subjects
  "1 of 3": Toán, Ngữ văn, Ngoại ngữ (Art. 13 as amended).
* ``"original"`` — the 2011 text (school years 2012-2013 to 2019-2020): *at least*
  2 / 3 / 4 regular tests for ≤ 1 / > 1 and < 3 / ≥ 3 periods a *week* (Art. 8 cl. 1);
  any number of periodic tests (KTđk, coefficient 2) and one semester test (KThk,
  coefficient 3): ĐTBmhk = (TĐKTtx + 2·TĐKTđk + 3·ĐKThk) / (n + 2m + 3) (Art. 10 cl. 1 a);
  key subjects "1 of 2": Toán, Ngữ văn (Art. 13).

The remaining rules — comment subjects (Art. 10 cl. 2), year average (Art. 10 cl. 1 b),
overall average (Art. 11), exemptions (Art. 12), the five levels and the cl. 6
adjustment (Art. 13), promotion (Art. 15–17) and titles (Art. 18) — read the same in both.

>>> reg = Tt58Regulation()
>>> reg.semester_average(["8", "8", "9"], "8,5", "8").value      # 66/8 = 8.25 → 8.3
Decimal('8.3')
>>> Tt58Regulation(edition="original").semester_average(["7", "8"], ["6", "7"], "8").value  # 65/9
Decimal('7.2')
>>> r = reg.learning_result({"Toán": 8, "Ngữ văn": 7, "Ngoại ngữ": 9, "Vật lí": 8,
...                          "Thể dục": "Đ"}, term="CN")
>>> r.value, r.overall_average
(<AcademicLevel.EXCELLENT: 'Giỏi'>, Decimal('8.0'))
>>> reg.award("Tốt", "Khá", term="HK1").value
<Award.ADVANCED: 'Học sinh Tiên tiến'>
>>> reg.promotion("Khá", "Yếu", reassess_subjects=["hoa_hoc"]).value
<PromotionOutcome.REASSESSMENT: 'Kiểm tra, đánh giá lại trong hè'>
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final, Literal

from vnschool_records._decimal import average_of_tenths, from_tenths
from vnschool_records._explain import Citation, Explained, Explanation
from vnschool_records.errors import IncompleteDataError, PolicyOptionError
from vnschool_records.models import (
    CommentLevel,
    ConductLevel,
    Semester,
    StudentYearRecord,
    Term,
    TrainingLevel,
)
from vnschool_records.regulations._common import (
    ABSENCE_LIMIT,
    TENTHS_OF,
    assessment_or_raise,
    comment_of,
    describe,
    fmt_quotient,
    fmt_tenths,
    level_of,
    one_semester_map,
    parse_subjects,
    subject_code,
    subject_layout,
    tenths_of,
    term_of,
)
from vnschool_records.regulations._explaining import (
    semester_average_explanation,
    step,
    year_average_explanation,
)
from vnschool_records.regulations._types import (
    AcademicLevel,
    Award,
    InvalidRecordError,
    LearningResult,
    PromotionOutcome,
    PromotionResult,
    RegulationId,
    ScoreLike,
    SubjectAverage,
    SubjectValue,
    TermResults,
    YearResult,
)

__all__ = ["AMENDING_INSTRUMENT", "INSTRUMENT", "Tt58Edition", "Tt58Policy", "Tt58Regulation"]

INSTRUMENT: Final = "Thông tư 58/2011/TT-BGDĐT"
"""Circular 58/2011/TT-BGDĐT of 12/12/2011, in force from 26/01/2012."""
AMENDING_INSTRUMENT: Final = "Thông tư 26/2020/TT-BGDĐT"
"""Circular 26/2020/TT-BGDĐT of 26/08/2020, in force from 11/10/2020."""

Tt58Edition = Literal["amended", "original"]

_Explainer = Callable[[], Explanation]
_A = AcademicLevel
_RANK: Final = {_A.POOR: 0, _A.WEAK: 1, _A.AVERAGE: 2, _A.GOOD: 3, _A.EXCELLENT: 4}
_CLAUSE: Final = {_A.EXCELLENT: "1", _A.GOOD: "2", _A.AVERAGE: "3", _A.WEAK: "4", _A.POOR: "5"}
_LEVELS: Final = ((_A.EXCELLENT, 80, 65), (_A.GOOD, 65, 50), (_A.AVERAGE, 50, 35))
"""(level, overall and key-subject minimum, every-subject floor) in tenths, Art. 13 cl. 1–3."""
_ADJUST: Final[dict[tuple[AcademicLevel, AcademicLevel], AcademicLevel]] = {
    (_A.EXCELLENT, _A.AVERAGE): _A.GOOD,
    (_A.EXCELLENT, _A.WEAK): _A.AVERAGE,
    (_A.GOOD, _A.WEAK): _A.AVERAGE,
    (_A.GOOD, _A.POOR): _A.WEAK,
}
"""Art. 13 cl. 6 a–d: (level the average reaches, level computed) → adjusted level."""
_C = ConductLevel
_CONDUCT_RANK: Final = {_C.WEAK: 0, _C.AVERAGE: 1, _C.FAIR: 2, _C.GOOD: 3}
_FINAL_GRADES: Final = frozenset({9, 12})
_WHOLE_EXEMPTIBLE: Final = frozenset({"the_duc", "am_nhac", "mi_thuat"})
_PRACTICAL_EXEMPTIBLE: Final = frozenset({"the_duc", "gdqp_an"})
_KEYS_AMENDED: Final = frozenset({"toan", "ngu_van", "ngoai_ngu", "ngoai_ngu_1"})
_KEYS_ORIGINAL: Final = frozenset({"toan", "ngu_van"})


@dataclass(frozen=True, slots=True)
class Tt58Policy:
    """TT58 policy options (Tuỳ chọn áp dụng TT58): the readings Art. 13 cl. 6 leaves open.

    Clause 6 adjusts the classification when the overall average "đạt mức" Giỏi or Khá
    but "the result of one single subject" drags the level down (G→Tb ⇒ K; G→Y ⇒ Tb;
    K→Y ⇒ Tb; K→Kém ⇒ Y). The SDK reads "reaches the level" as: the overall average *and*
    the key-subject (and specialised-subject) conditions of that level hold, and exactly
    one subject fails that level's floor.

    Attributes:
        comment_subject_can_be_the_one: Whether a comment subject rated CĐ can be "the
            one subject". Default ``True`` (a Giỏi student with one CĐ is Yếu by cl. 4
            and adjusted to Tb by cl. 6 b); ``False``: only a scored subject can.
        gioi_average_also_reaches_kha: Whether an average that reaches Giỏi also
            "reaches" Khá, so that the Khá rows (c, d) apply when no Giỏi row does.
            Default ``True``: a Giỏi-level average dragged to Kém by one subject becomes
            Yếu (row d) — the same as an average of 7.9 would get, so raising a score
            never lowers the classification. ``False`` (literal): only the highest level
            reached is considered, and Giỏi→Kém, which no row lists, stays Kém.
    """

    comment_subject_can_be_the_one: bool = True
    gioi_average_also_reaches_kha: bool = True

    def __post_init__(self) -> None:
        for name in ("comment_subject_can_be_the_one", "gioi_average_also_reaches_kha"):
            if not isinstance(getattr(self, name), bool):
                raise PolicyOptionError(
                    f"Tt58Policy.{name} must be True or False, not {getattr(self, name)!r}"
                )


def _conduct_of(value: object, where: str) -> ConductLevel:
    return level_of(
        value,
        ConductLevel,
        where,
        what="a TT58 conduct level (Tốt, Khá, Trung bình, Yếu)",
        missing="conduct (hạnh kiểm)",
    )


def _academic_of(value: object, where: str) -> AcademicLevel:
    return level_of(
        value,
        AcademicLevel,
        where,
        what="a TT58 academic level (Giỏi, Khá, Trung bình, Yếu, Kém)",
    )


class Tt58Regulation:
    """Assessment under Circular 58/2011 (Đánh giá, xếp loại theo Thông tư 58/2011/TT-BGDĐT).

    ``edition`` is ``"amended"`` (as amended by TT26/2020, school years from 2020-2021,
    the default) or ``"original"`` (2012-2013 to 2019-2020); the module docstring lists
    what differs. ``policy`` selects the readings of Art. 13 cl. 6 (:class:`Tt58Policy`).
    """

    __slots__ = ("_edition", "_keys", "_policy")

    def __init__(
        self, policy: Tt58Policy | None = None, *, edition: Tt58Edition = "amended"
    ) -> None:
        if edition not in ("amended", "original"):
            raise PolicyOptionError(
                f"TT58 edition must be 'amended' or 'original', not {edition!r}"
            )
        self._policy = policy if policy is not None else Tt58Policy()
        self._edition: Tt58Edition = edition
        self._keys = _KEYS_AMENDED if edition == "amended" else _KEYS_ORIGINAL

    def __repr__(self) -> str:
        return f"Tt58Regulation(policy={self._policy!r}, edition={self._edition!r})"

    @property
    def id(self) -> RegulationId:
        """``RegulationId.TT58_2011``."""
        return RegulationId.TT58_2011

    @property
    def edition(self) -> Tt58Edition:
        """``"amended"`` (by TT26/2020) or ``"original"``."""
        return self._edition

    @property
    def policy(self) -> Tt58Policy:
        """The policy options in force."""
        return self._policy

    @property
    def citation(self) -> Citation:
        """The circular as a whole, with its amendment when that edition applies."""
        return self._cite()

    def _cite(
        self,
        article: int | None = None,
        clause: str | None = None,
        point: str | None = None,
        amended_clause: str | None = None,
    ) -> Citation:
        amended: str | None = None
        if self._edition == "amended" and (article is None or amended_clause is not None):
            amended = AMENDING_INSTRUMENT
            if amended_clause:
                amended += f", Điều 1, khoản {amended_clause}"
        return Citation(INSTRUMENT, article=article, clause=clause, point=point, amended_by=amended)

    # ------------------------------------------------------------------ averages
    def required_regular_count(self, periods_per_year: int) -> int:
        """Regular scores per semester (Art. 8 cl. 1): exact when amended, a minimum originally.

        Amended by TT26: ≤ 35 periods a year → 2, ≤ 70 → 3, more → 4. Original: ≤ 1 period
        a week (≤ 35 a year) → at least 2, fewer than 3 a week (< 105) → 3, else 4.

        >>> [Tt58Regulation().required_regular_count(p) for p in (35, 70, 105)]
        [2, 3, 4]
        >>> [Tt58Regulation(edition="original").required_regular_count(p) for p in (35, 70, 105)]
        [2, 3, 4]
        >>> Tt58Regulation().required_regular_count(87), Tt58Regulation(
        ...     edition="original").required_regular_count(87)
        (4, 3)
        """
        if periods_per_year < 1:
            raise ValueError(f"periods per year must be positive, not {periods_per_year}")
        if periods_per_year <= 35:
            return 2
        limit = 70 if self._edition == "amended" else 104
        return 3 if periods_per_year <= limit else 4

    def required_comment_count(self, periods_per_year: int) -> int:
        """Regular comment levels per semester of a comment subject: as many as a scored
        subject of the same periods (Art. 8 cl. 1 counts tests per subject, whatever its form).

        >>> Tt58Regulation().required_comment_count(70)
        3
        """
        return self.required_regular_count(periods_per_year)

    def semester_average(
        self,
        regular: Sequence[ScoreLike],
        midterm: ScoreLike | Sequence[ScoreLike] | None,
        final: ScoreLike | None,
        *,
        periods_per_year: int | None = None,
        subject: str = "",
        semester: Semester | int | None = None,
    ) -> SubjectAverage:
        """Semester subject average (ĐTBmhk), Art. 10 cl. 1 (as amended by TT26).

        Amended: (TĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck) / (n + 5) with one mid-term score. Original
        edition: ``midterm`` may be the list of periodic tests (KTđk), each weighted 2:
        (TĐKTtx + 2·TĐKTđk + 3·ĐKThk) / (n + 2m + 3). Missing scores raise
        :class:`IncompleteDataError`; a zero for a missed test must be recorded as 0
        (Art. 8 cl. 4 as amended).
        """
        where = describe(subject, semester)
        if midterm is None or final is None:
            which = "mid-term / periodic" if midterm is None else "end-of-term"
            raise IncompleteDataError(
                f"{where}: the {which} score is missing; record 0 explicitly if it was missed "
                f"without make-up ({INSTRUMENT}, Art. 8)"
            )
        if isinstance(midterm, (str, int, Decimal)):
            periodic_given: Sequence[ScoreLike] = (midterm,)
        else:
            periodic_given = midterm
        if self._edition == "amended" and len(periodic_given) != 1:
            raise InvalidRecordError(
                f"{where}: {len(periodic_given)} mid-term scores given; {AMENDING_INSTRUMENT} "
                "prescribes exactly one ĐĐGgk per semester"
            )
        if not periodic_given:
            raise IncompleteDataError(f"{where}: no periodic test (KTđk) score recorded")
        regular_t = [tenths_of(v, f"{where}, regular score {i + 1}") for i, v in enumerate(regular)]
        if periods_per_year is not None:
            needed = self.required_regular_count(periods_per_year)
            if len(regular_t) < needed:
                raise IncompleteDataError(
                    f"{where}: {len(regular_t)} regular score(s) recorded, {needed} required for "
                    f"{periods_per_year} periods a year ({self._cite(8, '1').format('en')})"
                )
            if self._edition == "amended" and len(regular_t) > needed:
                raise InvalidRecordError(
                    f"{where}: {len(regular_t)} regular scores (ĐĐGtx) recorded, but "
                    f"{self._cite(8, '1', amended_clause='4').format('en')} prescribes {needed}"
                )
        elif not regular_t:
            raise IncompleteDataError(f"{where}: no regular score recorded")
        periodic_t = [tenths_of(v, f"{where}, periodic score") for v in periodic_given]
        final_t = tenths_of(final, f"{where}, end-of-term score")
        total = sum(regular_t) + 2 * sum(periodic_t) + 3 * final_t
        count = len(regular_t) + 2 * len(periodic_t) + 3
        value = average_of_tenths(total, count)
        result_t = TENTHS_OF[value]
        citations = (self._cite(10, "1", "a", amended_clause="5"),) + (
            (self._cite(8, "1", amended_clause="4"),) if periods_per_year is not None else ()
        )
        original = self._edition == "original"

        def explainer() -> Explanation:
            return semester_average_explanation(
                subject=subject,
                semester=semester,
                regular=regular_t,
                periodic=periodic_t,
                final=final_t,
                result=result_t,
                citations=citations,
                original_formula=original,
            )

        return SubjectAverage(value, explainer, Fraction(total, 10 * count))

    def year_average(
        self,
        semester1: ScoreLike | SubjectAverage | None,
        semester2: ScoreLike | SubjectAverage | None,
        *,
        subject: str = "",
    ) -> SubjectAverage:
        """Year subject average ĐTBmcn = (ĐTBmhkI + 2·ĐTBmhkII) / 3 from the rounded averages.

        Art. 10 cl. 1 b–c: the semester averages *are* the one-decimal numbers, so the
        year average always uses them. ``None`` for a semester in which the subject is not
        taught: the other semester's result is the year result (Art. 10 cl. 3).

        >>> Tt58Regulation().year_average("6,4", "6,5").value     # 19.4 / 3 = 6.47 → 6.5
        Decimal('6.5')
        """
        where = f"{describe(subject, None)}, year average"
        first = None if semester1 is None else _tenths_given(semester1, f"{where}, semester I")
        second = None if semester2 is None else _tenths_given(semester2, f"{where}, semester II")
        if first is None and second is None:
            raise IncompleteDataError(f"{where}: neither semester average was given")
        if first is None or second is None:
            only = first if second is None else second
            assert only is not None
            one_cite = self._cite(10, "3")

            def one_semester() -> Explanation:
                return year_average_explanation(
                    subject=subject,
                    semester1=None if first is None else Fraction(first, 10),
                    semester2=None if second is None else Fraction(second, 10),
                    result=only,
                    exact_inputs=False,
                    citations=(one_cite,),
                )

            return SubjectAverage(from_tenths(only), one_semester, Fraction(only, 10))
        total = first + 2 * second
        value = average_of_tenths(total, 3)
        result_t = TENTHS_OF[value]
        citations = (self._cite(10, "1", "b", amended_clause=""), self._cite(10, "1", "c"))

        def explainer() -> Explanation:
            return year_average_explanation(
                subject=subject,
                semester1=Fraction(first, 10),
                semester2=Fraction(second, 10),
                result=result_t,
                exact_inputs=False,
                citations=citations,
            )

        return SubjectAverage(value, explainer, Fraction(total, 30))

    # ------------------------------------------------------------------ comments
    def comment_semester_level(
        self,
        regular: Sequence[CommentLevel | str],
        midterm: CommentLevel | str | None,
        final: CommentLevel | str | None,
        *,
        periods_per_year: int = 35,
        subject: str = "",
        semester: Semester | int | None = None,
    ) -> Explained[CommentLevel]:
        """Semester level of a comment subject (Art. 10 cl. 2): Đ when at least 2/3 of the
        required assessments are Đ, the end-of-term one included.

        The required count is the regular count for ``periods_per_year`` (Art. 8 cl. 1)
        plus the mid-term and end-of-term assessments; a level not recorded is an
        :class:`IncompleteDataError` (a missed test is recorded as CĐ).

        >>> Tt58Regulation().comment_semester_level(["CĐ", "Đ"], "Đ", "Đ").value   # 3 of 4
        <CommentLevel.PASS: 'Đạt'>
        >>> Tt58Regulation().comment_semester_level(["Đ", "Đ"], "Đ", "CĐ").value
        <CommentLevel.FAIL: 'Chưa đạt'>
        """
        where = describe(subject, semester)
        if midterm is None or final is None:
            which = "mid-term" if midterm is None else "end-of-term"
            raise IncompleteDataError(f"{where}: the {which} comment level is missing")
        needed = self.required_regular_count(periods_per_year)
        levels = [comment_of(v, where) for v in regular]
        if len(levels) < needed:
            raise IncompleteDataError(
                f"{where}: {len(levels)} regular comment level(s) recorded, {needed} required "
                f"({INSTRUMENT}, Art. 8 cl. 1)"
            )
        if self._edition == "amended" and len(levels) > needed:
            raise InvalidRecordError(
                f"{where}: {len(levels)} regular comment levels recorded, but "
                f"{AMENDING_INSTRUMENT} prescribes {needed}"
            )
        final_level = comment_of(final, where)
        levels += [comment_of(midterm, where), final_level]
        passes = sum(1 for v in levels if v is CommentLevel.PASS)
        ok = final_level is CommentLevel.PASS and 3 * passes >= 2 * len(levels)
        value = CommentLevel.PASS if ok else CommentLevel.FAIL
        cite = self._cite(10, "2")

        def explainer() -> Explanation:
            shown = "; ".join(v.abbreviation for v in levels)
            title = f" — {subject}" if subject else ""
            return Explanation(
                "Xếp loại môn đánh giá bằng nhận xét" + title,
                "Comment-subject level" + title,
                (
                    step(f"Các lần kiểm tra: {shown}", f"Assessments: {shown}"),
                    step(
                        f"Đ khi ít nhất 2/3 số lần Đ, trong đó có lần cuối kì: {passes}/"
                        f"{len(levels)} Đ, cuối kì {final_level.abbreviation} → {value.value}",
                        f"Đ when at least 2/3 are Đ, the end-of-term one included: {passes}/"
                        f"{len(levels)} Đ, end-of-term {final_level.abbreviation} → {value.value}",
                    ),
                ),
                (cite,),
            )

        return Explained(value, explainer)

    def comment_year_level(
        self,
        semester1: CommentLevel | str | None,
        semester2: CommentLevel | str | None,
        *,
        subject: str = "",
    ) -> Explained[CommentLevel]:
        """Year level of a comment subject (Art. 10 cl. 2): Đ exactly when semester II is Đ.

        ``None`` for a semester not taught or exempted: the other semester's level is the
        year level (Art. 10 cl. 3; Art. 12).

        >>> Tt58Regulation().comment_year_level("Đ", "CĐ").value
        <CommentLevel.FAIL: 'Chưa đạt'>
        """
        where = f"{describe(subject, None)}, year level"
        if semester1 is None and semester2 is None:
            raise IncompleteDataError(f"{where}: neither semester level was given")
        if semester2 is None:
            value = comment_of(semester1, where)
            rule = ("Chỉ có kết quả học kì I", "Only a semester I result")
            cite = self._cite(10, "3")
        else:
            value = comment_of(semester2, where)
            rule = ("Cả năm Đ khi học kì II Đ", "Year Đ when semester II is Đ")
            cite = self._cite(10, "2")

        def explainer() -> Explanation:
            title = f" — {subject}" if subject else ""
            return Explanation(
                "Xếp loại môn nhận xét cả năm" + title,
                "Comment-subject year level" + title,
                (step(f"{rule[0]}: {value.value}", f"{rule[1]}: {value.value}"),),
                (cite,),
            )

        return Explained(value, explainer)

    # ------------------------------------------------------------------ classification
    def learning_result(
        self,
        subjects: Mapping[str, SubjectValue],
        *,
        term: Term | str,
        specialised_subject: str | None = None,
    ) -> LearningResult:
        """Academic classification (xếp loại học lực) of a term, Art. 11 and Art. 13.

        Computes the overall average (ĐTBhk / ĐTBcn: the mean of the rounded subject
        averages, half-up once, Art. 11), then the five levels of Art. 13 cl. 1–5 and the
        adjustment of cl. 6 (see :class:`Tt58Policy`). Key subjects are recognised by code
        or name (``"toan"``/``"Toán"``, ``"ngu_van"``/``"Ngữ văn"``, and — amended edition —
        ``"ngoai_ngu"``/``"Ngoại ngữ"``); at least one must be present.
        ``specialised_subject`` is the specialised subject of a lớp chuyên student.

        >>> r = Tt58Regulation().learning_result({"Toán": 9, "Ngữ văn": 9, "Lí": "9,5",
        ...     "Hoá": "4,0", "Sinh": "9,5"}, term="HK1")     # 41 / 5 = 8.2, one subject < 5
        >>> r.computed_level.value, r.value.value, r.adjusted_for
        ('Trung bình', 'Khá', 'Hoá')
        """
        scored, comments = parse_subjects(subjects)
        return self._learning(scored, comments, term_of(term), None, specialised_subject, ())

    def _learning(
        self,
        scored: Mapping[str, int],
        comments: Mapping[str, CommentLevel],
        term: Term,
        names: Mapping[str, str] | None,
        specialised: str | None,
        exempt: Sequence[str],
    ) -> LearningResult:
        if not scored:
            raise IncompleteDataError(
                f"{term.label_en}: no scored subject to compute the overall average from "
                f"({INSTRUMENT}, Art. 11)"
            )
        keys = [k for k in scored if subject_code(k) in self._keys]
        if not keys:
            wanted = "Toán, Ngữ văn, Ngoại ngữ" if self._edition == "amended" else "Toán, Ngữ văn"
            raise IncompleteDataError(
                f"{term.label_en}: none of the key subjects ({wanted}) is among the subjects; "
                f"{INSTRUMENT} Art. 13 needs them"
            )
        spec_t: int | None = None
        if specialised is not None:
            spec_key = next((k for k in scored if k == specialised), None)
            if spec_key is None:
                raise IncompleteDataError(
                    f"{term.label_en}: the specialised subject {specialised!r} has no average "
                    f"({INSTRUMENT}, Art. 13)"
                )
            spec_t = scored[spec_key]
        total = sum(scored.values())
        avg = average_of_tenths(total, len(scored))
        avg_t = TENTHS_OF[avg]
        key_t = max(scored[k] for k in keys)
        low = min(scored.values())
        failed = [k for k, v in comments.items() if v is CommentLevel.FAIL]
        computed = _classify(avg_t, key_t, spec_t, low, len(failed))
        final = computed
        culprit: str | None = None
        reached: AcademicLevel | None = None
        if _RANK[computed] <= 2:
            found = self._adjustment(scored, failed, avg_t, key_t, spec_t, computed)
            if found is not None:
                final, culprit, reached = found
        edition = self._edition
        cites = (
            self._cite(11),
            self._cite(13, _CLAUSE[computed], amended_clause="6" if _RANK[computed] >= 2 else None),
        ) + ((self._cite(13, "6"),) if culprit is not None else ())

        def explainer() -> Explanation:
            return _learning_explanation(
                scored,
                comments,
                term,
                names,
                total,
                avg_t,
                keys,
                key_t,
                specialised,
                spec_t,
                low,
                computed,
                final,
                culprit,
                reached,
                exempt,
                edition,
                cites,
            )

        return LearningResult(final, explainer, term, computed, avg, culprit)

    def _adjustment(
        self,
        scored: Mapping[str, int],
        failed: Sequence[str],
        avg_t: int,
        key_t: int,
        spec_t: int | None,
        computed: AcademicLevel,
    ) -> tuple[AcademicLevel, str, AcademicLevel] | None:
        """Art. 13 cl. 6: the row that applies, the one subject, and the level reached."""
        reached = [
            (level, floor)
            for level, minimum, floor in _LEVELS[:2]
            if avg_t >= minimum and key_t >= minimum and (spec_t is None or spec_t >= minimum)
        ]
        if not self._policy.gioi_average_also_reaches_kha:
            reached = reached[:1]
        for level, floor in reached:
            below = [k for k, t in scored.items() if t < floor]
            if failed and not self._policy.comment_subject_can_be_the_one:
                continue
            culprits = below + list(failed)
            adjusted = _ADJUST.get((level, computed))
            if len(culprits) == 1 and adjusted is not None:
                return adjusted, culprits[0], level
        return None

    # ------------------------------------------------------------------ conduct
    def training_result_year(
        self,
        semester1: TrainingLevel | ConductLevel | str,
        semester2: TrainingLevel | ConductLevel | str,
        *,
        year: ConductLevel | str | None = None,
    ) -> Explained[ConductLevel]:
        """Year conduct (hạnh kiểm cả năm): the homeroom teacher's judgement, given as ``year``.

        Art. 3 cl. 2: the year conduct rests "chủ yếu" on semester II and the student's
        progress — there is no formula, so the SDK records the decision and shows the
        semesters it rests on. Without ``year`` an :class:`IncompleteDataError` is raised.

        >>> Tt58Regulation().training_result_year("Khá", "Tốt", year="Tốt").value
        <ConductLevel.GOOD: 'Tốt'>
        """
        first = _conduct_of(semester1, "semester I")
        second = _conduct_of(semester2, "semester II")
        if year is None:
            raise IncompleteDataError(
                "the year conduct is decided by the homeroom teacher from semester II and the "
                f"student's progress ({INSTRUMENT}, Art. 3 cl. 2); pass year=…"
            )
        value = _conduct_of(year, "year")
        cite = self._cite(3, "2")

        def explainer() -> Explanation:
            return Explanation(
                "Hạnh kiểm cả năm",
                "Year conduct",
                (
                    step(
                        f"Học kì I: {first.value}; học kì II: {second.value}",
                        f"Semester I: {first.value}; semester II: {second.value}",
                    ),
                    step(
                        "Xếp loại cả năm chủ yếu căn cứ học kì II và sự tiến bộ; giáo viên chủ "
                        f"nhiệm xếp: {value.value}",
                        "The year rating rests mainly on semester II and progress; the homeroom "
                        f"teacher rated: {value.value}",
                    ),
                ),
                (cite,),
            )

        return Explained(value, explainer)

    # ------------------------------------------------------------------ promotion
    def promotion(
        self,
        training: ConductLevel | str,
        learning: AcademicLevel | str,
        *,
        absences: int = 0,
        grade_level: int | None = None,
        reassess_subjects: Sequence[str] = (),
        individual_education_plan: bool = False,
        training_after_summer: ConductLevel | str | None = None,
        learning_after_reassessment: AcademicLevel | str | None = None,
    ) -> PromotionResult:
        """Promotion (lên lớp), Art. 15–17; ``training`` is the year conduct, ``learning`` the
        year academic level.

        Promoted: conduct and học lực at least Trung bình and at most 45 sessions missed
        (Art. 15 cl. 1). Retained: more than 45 absences, học lực Kém, or both Yếu (cl. 2).
        Conduct ≥ Tb with học lực Yếu → re-test (Art. 16) of subjects the student chooses
        among ``reassess_subjects`` (ĐTBmcn < 5.0 or CĐ); học lực ≥ Tb with conduct Yếu →
        summer conduct training (Art. 17). The summer results decide. Grades 9 and 12 read
        "Hoàn thành chương trình". Disabled students on an IEP: the principal decides
        (Art. 14 as amended).

        >>> Tt58Regulation().promotion("Yếu", "Khá").value
        <PromotionOutcome.SUMMER_TRAINING: 'Rèn luyện trong kì nghỉ hè'>
        >>> Tt58Regulation().promotion("Yếu", "Yếu").value
        <PromotionOutcome.RETAINED: 'Không được lên lớp'>
        """
        hk = _conduct_of(training, "year conduct")
        hl = _academic_of(learning, "year academic level")
        hk_after = (
            None
            if training_after_summer is None
            else _conduct_of(training_after_summer, "conduct after summer training")
        )
        hl_after = (
            None
            if learning_after_reassessment is None
            else _academic_of(learning_after_reassessment, "academic level after re-test")
        )
        if absences < 0:
            raise ValueError(f"absences must not be negative, not {absences}")
        hk_ok = _CONDUCT_RANK[hk] >= 1
        hl_ok = _RANK[hl] >= 2
        if hk_after is not None and not (hk is _C.WEAK and hl_ok):
            raise InvalidRecordError(
                f"conduct after summer training ({hk_after.value}) is recorded, but conduct "
                f"{hk.value} with học lực {hl.value} does not call for summer training "
                f"({INSTRUMENT}, Art. 17)"
            )
        if hl_after is not None and not (hl is _A.WEAK and hk_ok):
            raise InvalidRecordError(
                f"a học lực after re-test ({hl_after.value}) is recorded, but học lực "
                f"{hl.value} with conduct {hk.value} does not call for a re-test "
                f"({INSTRUMENT}, Art. 16)"
            )
        final_grade = grade_level in _FINAL_GRADES
        passed = PromotionOutcome.COMPLETED if final_grade else PromotionOutcome.PROMOTED
        failed = PromotionOutcome.NOT_COMPLETED if final_grade else PromotionOutcome.RETAINED
        subjects: tuple[str, ...] = ()
        final = True
        cites: tuple[Citation, ...]
        outcome: PromotionOutcome
        lines: list[tuple[str, str]] = [
            (
                f"Hạnh kiểm cả năm: {hk.value}; học lực cả năm: {hl.value}; nghỉ {absences} buổi",
                f"Year conduct: {hk.value}; year học lực: {hl.value}; {absences} sessions missed",
            )
        ]
        if individual_education_plan:
            outcome, cites = (
                PromotionOutcome.PRINCIPAL_DECIDES,
                (self._cite(14, amended_clause="7"),),
            )
            lines.append(
                (
                    "Học sinh khuyết tật học theo kế hoạch cá nhân: hiệu trưởng quyết định.",
                    "Student with disabilities on an individual plan: the principal decides.",
                )
            )
        elif absences > ABSENCE_LIMIT:
            outcome, cites = failed, (self._cite(15, "2", "a"),)
            lines.append(
                (
                    f"Nghỉ quá {ABSENCE_LIMIT} buổi ({absences}) → không được lên lớp.",
                    f"More than {ABSENCE_LIMIT} sessions missed ({absences}) → not promoted.",
                )
            )
        elif hl is _A.POOR or (hl is _A.WEAK and hk is _C.WEAK):
            outcome, cites = failed, (self._cite(15, "2", "b"),)
            lines.append(
                (
                    "Học lực Kém, hoặc học lực và hạnh kiểm đều Yếu → không được lên lớp.",
                    "Học lực Kém, or học lực and conduct both Yếu → not promoted.",
                )
            )
        elif hl is _A.WEAK:
            if hl_after is None:
                if not reassess_subjects:
                    raise IncompleteDataError(
                        "học lực Yếu: the subjects the student may re-test (ĐTBmcn < 5.0 or CĐ) "
                        f"must be listed ({INSTRUMENT}, Art. 16)"
                    )
                subjects = tuple(reassess_subjects)
                outcome, final, cites = PromotionOutcome.REASSESSMENT, False, (self._cite(16),)
                lines.append(
                    (
                        "Học lực Yếu, hạnh kiểm từ Trung bình → kiểm tra lại; học sinh chọn trong "
                        "các môn: " + ", ".join(subjects),
                        "Học lực Yếu, conduct Tb or better → re-test; the student chooses among: "
                        + ", ".join(subjects),
                    )
                )
            else:
                ok = _RANK[hl_after] >= 2
                outcome = passed if ok else failed
                cites = (self._cite(16), self._cite(15, "1" if ok else "2", None if ok else "c"))
                lines.append(
                    (
                        f"Sau kiểm tra lại: học lực {hl_after.value}",
                        f"After the re-test: học lực {hl_after.value}",
                    )
                )
        elif hk is _C.WEAK:
            if hk_after is None:
                outcome, final, cites = PromotionOutcome.SUMMER_TRAINING, False, (self._cite(17),)
                lines.append(
                    (
                        "Hạnh kiểm Yếu, học lực từ Trung bình → rèn luyện hạnh kiểm trong hè.",
                        "Conduct Yếu, học lực Tb or better → summer conduct training.",
                    )
                )
            else:
                ok = _CONDUCT_RANK[hk_after] >= 1
                outcome = passed if ok else failed
                cites = (self._cite(17), self._cite(15, "1" if ok else "2", None if ok else "d"))
                lines.append(
                    (
                        f"Sau rèn luyện trong hè: hạnh kiểm {hk_after.value}",
                        f"After summer training: conduct {hk_after.value}",
                    )
                )
        else:
            outcome, cites = passed, (self._cite(15, "1"),)
            lines.append(
                (
                    "Hạnh kiểm và học lực từ Trung bình trở lên, nghỉ không quá 45 buổi.",
                    "Conduct and học lực Trung bình or better, at most 45 sessions missed.",
                )
            )
        result_lines = tuple(lines)

        def explainer() -> Explanation:
            steps = [step(vi, en) for vi, en in result_lines]
            steps.append(step(f"Kết quả: {outcome.value}", f"Outcome: {outcome.value}"))
            return Explanation("Lên lớp", "Promotion", tuple(steps), cites)

        return PromotionResult(outcome, explainer, subjects, absences, final)

    # ------------------------------------------------------------------ awards
    def award(
        self,
        training: ConductLevel | str,
        learning: AcademicLevel | str,
        *,
        term: Term | str = Term.YEAR,
    ) -> Explained[Award | None]:
        """Title for a semester or the year (Art. 18 as amended): Giỏi, Tiên tiến or ``None``.

        Học sinh Giỏi: conduct Tốt and học lực Giỏi. Học sinh Tiên tiến: conduct and học lực
        both at least Khá.
        """
        hk = _conduct_of(training, "conduct")
        hl = _academic_of(learning, "học lực")
        when = term_of(term)
        value: Award | None = None
        if hk is _C.GOOD and hl is _A.EXCELLENT:
            value = Award.EXCELLENT
        elif _CONDUCT_RANK[hk] >= 2 and _RANK[hl] >= 3:
            value = Award.ADVANCED
        cite = self._cite(18, amended_clause="8")

        def explainer() -> Explanation:
            shown_vi = value.value if value is not None else "không có danh hiệu"
            shown_en = value.value if value is not None else "no title"
            return Explanation(
                f"Danh hiệu {when.label_vi}",
                f"Title, {when.label_en}",
                (
                    step(
                        f"Hạnh kiểm {hk.value}, học lực {hl.value}",
                        f"Conduct {hk.value}, học lực {hl.value}",
                    ),
                    step(
                        f"Giỏi: Tốt + Giỏi; Tiên tiến: từ Khá + từ Khá → {shown_vi}",
                        f"Giỏi: Tốt + Giỏi; Tiên tiến: Khá or better for both → {shown_en}",
                    ),
                ),
                (cite,),
            )

        return Explained(value, explainer)

    # ------------------------------------------------------------------ one student-year
    def evaluate(
        self,
        record: StudentYearRecord,
        *,
        taught_in: Mapping[str, Semester | int] | None = None,
    ) -> YearResult:
        """Every result of one student's year under TT58 (edition of this instance).

        Conduct for semester I, II *and the year* are inputs (``training_semester1/2``,
        ``training_year``). Whole-subject exemptions (Art. 12: Thể dục, Âm nhạc, Mĩ thuật)
        take the subject out of classification for the semesters they cover; exempted for
        one semester, the other semester's result is the year result. ``taught_in`` names
        subjects taught in one semester only (Art. 10 cl. 3), besides those whose
        :attr:`Subject.semesters` says so. Re-test results
        (``record.reassessments``: the subjects the student chose) and the conduct after
        summer training (``record.training_after_summer``) give the outcome after the summer.
        """
        sid = record.student.student_id
        where = f"student {sid}"
        layout = subject_layout(record.subjects)
        names = layout.names
        one_semester = one_semester_map(taught_in, names, sid, layout.one_semester)
        exempt_in: dict[str, set[Semester]] = {}
        for ex in record.exemptions:
            if ex.subject not in names:
                raise InvalidRecordError(
                    f"{where}: exemption for subject {ex.subject!r}, which is not in the "
                    "record's subjects"
                )
            allowed = _WHOLE_EXEMPTIBLE if ex.part == "whole" else _PRACTICAL_EXEMPTIBLE
            if ex.subject not in allowed:
                raise InvalidRecordError(
                    f"{where}: {INSTRUMENT} Art. 12 does not provide a {ex.part!r} exemption "
                    f"from {ex.subject!r} (whole: Thể dục, Âm nhạc, Mĩ thuật; practical part: "
                    "Thể dục, GDQP-AN)"
                )
            if ex.part == "whole":
                exempt_in.setdefault(ex.subject, set()).update(ex.semesters)
        specialised = record.class_group.specialised_subject
        if specialised is not None and specialised not in names:
            raise IncompleteDataError(
                f"{where}: the class's specialised subject {specialised!r} is not among the "
                "student's subjects"
            )
        avg_maps: tuple[dict[str, Explained[Decimal]], ...] = ({}, {}, {})
        com_maps: tuple[dict[str, Explained[CommentLevel]], ...] = ({}, {}, {})
        t_maps: tuple[dict[str, int], ...] = ({}, {}, {})
        c_maps: tuple[dict[str, CommentLevel], ...] = ({}, {}, {})
        exempt_terms: tuple[list[str], ...] = ([], [], [])
        for subj in record.subjects:
            code = subj.code
            skip = set(exempt_in.get(code, ()))
            only = one_semester.get(code)
            if only is not None:
                skip.add(Semester.TWO if only is Semester.ONE else Semester.ONE)
            for sem in skip & set(exempt_in.get(code, ())):
                exempt_terms[int(sem) - 1].append(subj.name)
            if subj.scored:
                if code in exempt_in:
                    raise InvalidRecordError(
                        f"{where}: scored subject {code!r} cannot be exempted ({INSTRUMENT}, "
                        "Art. 12)"
                    )
                sem_results: list[SubjectAverage | None] = []
                for i, sem in enumerate((Semester.ONE, Semester.TWO)):
                    if sem in skip:
                        sem_results.append(None)
                        continue
                    a = assessment_or_raise(record, code, sem)
                    r = self.semester_average(
                        a.regular,
                        a.midterm,
                        a.final,
                        periods_per_year=subj.periods_per_year,
                        subject=subj.name,
                        semester=sem,
                    )
                    avg_maps[i][code] = r
                    t_maps[i][code] = TENTHS_OF[r.value]
                    sem_results.append(r)
                y = self.year_average(sem_results[0], sem_results[1], subject=subj.name)
                avg_maps[2][code] = y
                t_maps[2][code] = TENTHS_OF[y.value]
            else:
                levels: list[CommentLevel | None] = []
                for i, sem in enumerate((Semester.ONE, Semester.TWO)):
                    if sem in skip:
                        levels.append(None)
                        continue
                    a = assessment_or_raise(record, code, sem)
                    c = self.comment_semester_level(
                        a.regular_levels,
                        a.midterm_level,
                        a.final_level,
                        periods_per_year=subj.periods_per_year,
                        subject=subj.name,
                        semester=sem,
                    )
                    com_maps[i][code] = c
                    c_maps[i][code] = c.value
                    levels.append(c.value)
                if levels[0] is None and levels[1] is None:
                    exempt_terms[2].append(subj.name)
                    continue
                yc = self.comment_year_level(levels[0], levels[1], subject=subj.name)
                com_maps[2][code] = yc
                c_maps[2][code] = yc.value
        hk1 = _conduct_of(record.training_semester1, f"{where}, semester I")
        hk2 = _conduct_of(record.training_semester2, f"{where}, semester II")
        if record.training_year is None:
            raise IncompleteDataError(
                f"{where}: the year conduct (training_year) is missing; under {INSTRUMENT} "
                "Art. 3 cl. 2 it is the homeroom teacher's judgement, not a formula"
            )
        hk_year = self.training_result_year(hk1, hk2, year=record.training_year)
        terms = (Term.SEMESTER_1, Term.SEMESTER_2, Term.YEAR)
        learning = [
            self._learning(t_maps[i], c_maps[i], terms[i], names, specialised, exempt_terms[i])
            for i in range(3)
        ]
        conducts = (
            Explained(hk1, _given_conduct(hk1, Term.SEMESTER_1, self._cite(3, "2"))),
            Explained(hk2, _given_conduct(hk2, Term.SEMESTER_2, self._cite(3, "2"))),
            hk_year,
        )
        results = [
            TermResults(terms[i], avg_maps[i], com_maps[i], learning[i], conducts[i])
            for i in range(3)
        ]
        candidates = tuple(
            code
            for code in names
            if (code in t_maps[2] and t_maps[2][code] < 50)
            or c_maps[2].get(code) is CommentLevel.FAIL
        )
        after_summer: TermResults | None = None
        learning_after: AcademicLevel | None = None
        if record.reassessments:
            after_summer = self._after_retest(
                record,
                candidates,
                names,
                avg_maps[2],
                com_maps[2],
                t_maps[2],
                c_maps[2],
                hk_year,
                specialised,
            )
            learning_after = _academic_of(after_summer.learning.value, where)
        promotion = self.promotion(
            hk_year.value,
            learning[2].value,
            absences=record.absences,
            grade_level=record.grade_level,
            reassess_subjects=candidates,
            individual_education_plan=record.individual_education_plan,
            training_after_summer=_optional_conduct(record.training_after_summer, where),
            learning_after_reassessment=learning_after,
        )
        return YearResult(
            regulation=self.id,
            student_id=sid,
            grade_level=record.grade_level,
            school_year=record.school_year,
            semester1=results[0],
            semester2=results[1],
            year=results[2],
            promotion=promotion,
            award=self.award(hk_year.value, learning[2].value, term=Term.YEAR),
            semester_awards=(
                self.award(hk1, learning[0].value, term=Term.SEMESTER_1),
                self.award(hk2, learning[1].value, term=Term.SEMESTER_2),
            ),
            after_summer=after_summer,
            citations=(self.citation,),
        )

    def _after_retest(
        self,
        record: StudentYearRecord,
        candidates: tuple[str, ...],
        names: Mapping[str, str],
        yr_avg: Mapping[str, Explained[Decimal]],
        yr_com: Mapping[str, Explained[CommentLevel]],
        yr_t: Mapping[str, int],
        yr_c: Mapping[str, CommentLevel],
        hk_year: Explained[ConductLevel],
        specialised: str | None,
    ) -> TermResults:
        sid = record.student.student_id
        extra = [code for code in record.reassessments if code not in candidates]
        if extra:
            raise InvalidRecordError(
                f"student {sid}: re-test recorded for {', '.join(map(repr, extra))}, which may "
                f"not be re-tested (only ĐTBmcn < 5.0 or CĐ, {INSTRUMENT} Art. 16)"
            )
        avg = dict(yr_avg)
        com = dict(yr_com)
        t_map = dict(yr_t)
        c_map = dict(yr_c)
        cite = self._cite(16)
        for code, given in record.reassessments.items():
            label = names[code]
            if code in t_map:
                if isinstance(given, CommentLevel):
                    raise InvalidRecordError(
                        f"student {sid}: re-test of scored subject {code!r} is a comment level "
                        f"({given.value}); a score is required"
                    )
                t = tenths_of(given, f"student {sid}, re-test of {code!r}")
                avg[code] = SubjectAverage(from_tenths(t), _retested(label, t, cite))
                t_map[code] = t
            else:
                if not isinstance(given, CommentLevel):
                    raise InvalidRecordError(
                        f"student {sid}: re-test of comment subject {code!r} is a score "
                        f"({given}); 'Đạt' or 'Chưa đạt' is required"
                    )
                com[code] = Explained(given, _retested_level(label, given, cite))
                c_map[code] = given
        learning = self._learning(t_map, c_map, Term.YEAR, names, specialised, ())
        return TermResults(Term.YEAR, avg, com, learning, hk_year)


def _tenths_given(value: ScoreLike | SubjectAverage, where: str) -> int:
    if isinstance(value, SubjectAverage):
        return tenths_of(value.value, where)
    return tenths_of(value, where)


def _optional_conduct(value: object, where: str) -> ConductLevel | None:
    return None if value is None else _conduct_of(value, f"{where}, conduct after summer")


def _classify(avg_t: int, key_t: int, spec_t: int | None, low: int, fails: int) -> AcademicLevel:
    """Art. 13 cl. 1–5, without the cl. 6 adjustment."""
    if fails == 0:
        for level, minimum, floor in _LEVELS:
            if (
                avg_t >= minimum
                and key_t >= minimum
                and (spec_t is None or spec_t >= minimum)
                and low >= floor
            ):
                return level
    if avg_t >= 35 and low >= 20:
        return _A.WEAK
    return _A.POOR


def _given_conduct(level: ConductLevel, term: Term, cite: Citation) -> _Explainer:
    def explainer() -> Explanation:
        return Explanation(
            f"Hạnh kiểm {term.label_vi}",
            f"Conduct, {term.label_en}",
            (
                step(
                    f"Giáo viên chủ nhiệm xếp loại: {level.value}",
                    f"Rated by the homeroom teacher: {level.value}",
                ),
            ),
            (cite,),
        )

    return explainer


def _retested(label: str, tenths: int, cite: Citation) -> _Explainer:
    def explainer() -> Explanation:
        return Explanation(
            f"Điểm kiểm tra lại — {label}",
            f"Re-test — {label}",
            (
                step(
                    f"Điểm kiểm tra lại {fmt_tenths(tenths, 'vi', fixed=True)} thay cho ĐTBmcn",
                    f"The re-test score {fmt_tenths(tenths, 'en', fixed=True)} replaces the "
                    "year average",
                ),
            ),
            (cite,),
        )

    return explainer


def _retested_level(label: str, level: CommentLevel, cite: Citation) -> _Explainer:
    def explainer() -> Explanation:
        return Explanation(
            f"Kiểm tra lại — {label}",
            f"Re-test — {label}",
            (
                step(
                    f"Kết quả kiểm tra lại {level.value} thay cho xếp loại cả năm",
                    f"The re-test level {level.value} replaces the year level",
                ),
            ),
            (cite,),
        )

    return explainer


def _learning_explanation(
    scored: Mapping[str, int],
    comments: Mapping[str, CommentLevel],
    term: Term,
    names: Mapping[str, str] | None,
    total: int,
    avg_t: int,
    keys: Sequence[str],
    key_t: int,
    specialised: str | None,
    spec_t: int | None,
    low: int,
    computed: AcademicLevel,
    final: AcademicLevel,
    culprit: str | None,
    reached: AcademicLevel | None,
    exempt: Sequence[str],
    edition: Tt58Edition,
    cites: tuple[Citation, ...],
) -> Explanation:
    def name(code: str) -> str:
        return names.get(code, code) if names else code

    def sum_text(lang: str) -> str:
        terms = " + ".join(fmt_tenths(t, lang, fixed=True) for t in scored.values())
        quotient = fmt_quotient(Fraction(total, 10 * len(scored)), lang)
        rounded = fmt_tenths(avg_t, lang, fixed=True)
        tail = "" if Fraction(total, len(scored)) == avg_t else f" → {rounded}"
        return f"({terms}) / {len(scored)} {quotient}{tail}"

    listing_vi = "; ".join(
        f"{name(k)} {fmt_tenths(t, 'vi', fixed=True)}" for k, t in scored.items()
    )
    listing_en = "; ".join(
        f"{name(k)} {fmt_tenths(t, 'en', fixed=True)}" for k, t in scored.items()
    )
    comment_list = "; ".join(f"{name(k)} {v.abbreviation}" for k, v in comments.items())
    key_names = ", ".join(name(k) for k in keys)
    steps = [
        step(f"Điểm trung bình các môn: {listing_vi}", f"Subject averages: {listing_en}"),
    ]
    if comment_list:
        steps.append(step(f"Môn nhận xét: {comment_list}", f"Comment subjects: {comment_list}"))
    if exempt:
        steps.append(
            step(
                f"Miễn học, không tham gia xếp loại: {', '.join(exempt)}",
                f"Exempted, not classified: {', '.join(exempt)}",
            )
        )
    steps.append(step(f"ĐTB các môn = {sum_text('vi')}", f"Overall average = {sum_text('en')}"))
    rule = (
        "1 trong 3 môn Toán, Ngữ văn, Ngoại ngữ"
        if edition == "amended"
        else ("1 trong 2 môn Toán, Ngữ văn")
    )
    rule_en = "1 of Toán, Ngữ văn, Ngoại ngữ" if edition == "amended" else "1 of Toán, Ngữ văn"
    spec_vi = (
        f"; môn chuyên {name(specialised)} {fmt_tenths(spec_t, 'vi', fixed=True)}"
        if specialised is not None and spec_t is not None
        else ""
    )
    spec_en = (
        f"; specialised subject {name(specialised)} {fmt_tenths(spec_t, 'en', fixed=True)}"
        if specialised is not None and spec_t is not None
        else ""
    )
    steps.append(
        step(
            f"Môn chính ({rule}): cao nhất {fmt_tenths(key_t, 'vi', fixed=True)} ({key_names}); "
            f"môn thấp nhất {fmt_tenths(low, 'vi', fixed=True)}{spec_vi}",
            f"Key subjects ({rule_en}): best {fmt_tenths(key_t, 'en', fixed=True)} ({key_names}); "
            f"lowest subject {fmt_tenths(low, 'en', fixed=True)}{spec_en}",
        )
    )
    steps.append(
        step(
            _RULE_VI[computed] + f" → {computed.value}", _RULE_EN[computed] + f" → {computed.value}"
        )
    )
    if culprit is not None and reached is not None:
        steps.append(
            step(
                f"ĐTB đạt mức {reached.value} nhưng do duy nhất môn {name(culprit)} mà xuống "
                f"{computed.value} → điều chỉnh xếp loại {final.value}",
                f"The average reaches {reached.value} but only subject {name(culprit)} drags it "
                f"to {computed.value} → adjusted to {final.value}",
            )
        )
    return Explanation(
        f"Xếp loại học lực {term.label_vi}",
        f"Academic classification (học lực), {term.label_en}",
        tuple(steps),
        cites,
    )


_RULE_VI: Final = {
    _A.EXCELLENT: "Giỏi: ĐTB ≥ 8,0, môn chính ≥ 8,0, không môn nào dưới 6,5, môn nhận xét đều Đ",
    _A.GOOD: "Khá: ĐTB ≥ 6,5, môn chính ≥ 6,5, không môn nào dưới 5,0, môn nhận xét đều Đ",
    _A.AVERAGE: "Trung bình: ĐTB ≥ 5,0, môn chính ≥ 5,0, không môn nào dưới 3,5, môn nhận xét "
    "đều Đ",
    _A.WEAK: "Yếu: ĐTB ≥ 3,5, không môn nào dưới 2,0",
    _A.POOR: "Kém: các trường hợp còn lại",
}
_RULE_EN: Final = {
    _A.EXCELLENT: "Giỏi: average ≥ 8.0, a key subject ≥ 8.0, no subject below 6.5, comment "
    "subjects all Đ",
    _A.GOOD: "Khá: average ≥ 6.5, a key subject ≥ 6.5, no subject below 5.0, comment subjects "
    "all Đ",
    _A.AVERAGE: "Trung bình: average ≥ 5.0, a key subject ≥ 5.0, no subject below 3.5, comment "
    "subjects all Đ",
    _A.WEAK: "Yếu: average ≥ 3.5, no subject below 2.0",
    _A.POOR: "Kém: all other cases",
}
