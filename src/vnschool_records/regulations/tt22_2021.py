"""Circular 22/2021 (Thông tư 22/2021/TT-BGDĐT): assessment of THCS and THPT students.

The regulation of the 2018 general-education programme, applied from 2021-2022 along the
roadmap of its Art. 21 (see :mod:`vnschool_records.regulations._applicability`). Scored
subjects get a semester and a year average; comment subjects a level Đạt / Chưa đạt;
a student gets a training result (kết quả rèn luyện, Art. 8) and a learning result
(kết quả học tập, Art. 9) per semester and year — there is no overall average.

>>> reg = Tt22Regulation()
>>> avg = reg.semester_average(["7", "8", "6"], "6,5", "8")
>>> avg.value
Decimal('7.3')
>>> print(avg.explain("vi"))
Điểm trung bình môn
  - ĐĐGtx: 7; 8; 6 — ĐĐGgk: 6,5 — ĐĐGck: 8
  - ĐTBmhk = (TĐĐGtx + 2×ĐĐGgk + 3×ĐĐGck) / (số ĐĐGtx + 5)
  - (7 + 8 + 6 + 2×6,5 + 3×8) / 8 = 7,25 → 7,3
  - Làm tròn một lần đến một chữ số thập phân, từ 5 trở lên làm tròn lên.
  Căn cứ: Thông tư 22/2021/TT-BGDĐT, Điều 9, khoản 1, điểm b
  Căn cứ: Thông tư 22/2021/TT-BGDĐT, Điều 5, khoản 3, điểm b
>>> reg.year_average("7,3", "8,1").value
Decimal('7.8')
>>> reg.training_result_year("Tốt", "Đạt").value
<TrainingLevel.FAIR: 'Khá'>
>>> reg.learning_result({"Toán": 9, "Ngữ văn": 8, "Ngoại ngữ 1": 8, "KHTN": 8.5,
...     "Lịch sử và Địa lí": 8, "GDCD": 8, "Tin học": 7, "GDTC": "Đạt"}, term="CN").value
<LearningLevel.GOOD: 'Tốt'>
>>> reg.promotion("Đạt", "Chưa đạt", reassess_subjects=["toan"]).value
<PromotionOutcome.REASSESSMENT: 'Kiểm tra, đánh giá lại trong hè'>
>>> reg.award("Tốt", "Tốt", {s: "9" for s in "abcdef"}).value
<Award.OUTSTANDING: 'Học sinh Xuất sắc'>
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from fractions import Fraction
from functools import cache, lru_cache, partial
from typing import Final, Literal, cast

from vnschool_records._decimal import average_of_tenths, from_tenths, round_half_up
from vnschool_records._explain import Citation, Explained, Explanation
from vnschool_records.errors import IncompleteDataError, PolicyOptionError
from vnschool_records.models import (
    CommentLevel,
    ConductLevel,
    Semester,
    StudentYearRecord,
    Subject,
    SubjectAssessment,
    SubjectKind,
    Term,
    TrainingLevel,
)
from vnschool_records.regulations._common import (
    ABSENCE_LIMIT,
    TENTHS_OF,
    LazyResults,
    assessment_or_raise,
    comment_of,
    describe,
    fmt_tenths,
    level_of,
    one_semester_map,
    parse_subjects,
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
    Award,
    InvalidRecordError,
    LearningLevel,
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

__all__ = ["INSTRUMENT", "Tt22Policy", "Tt22Regulation"]

_Explainer = Callable[[], Explanation]

INSTRUMENT: Final = "Thông tư 22/2021/TT-BGDĐT"
"""Circular 22/2021/TT-BGDĐT of 20/07/2021, in force from 05/09/2021 (Art. 21)."""

_FINAL_GRADES: Final = frozenset({9, 12})
_BOTH: Final = ((0, Semester.ONE), (1, Semester.TWO))
_PRACTICAL_EXEMPTIBLE: Final = frozenset({"gdtc", "gdqp_an"})
_COMMENT_REGULAR: Final = 2
_FIRST: Final = Semester.ONE
_SECOND: Final = Semester.TWO
_ID: Final = RegulationId.TT22_2021

# Enum members as module constants: reading a member off its class (LearningLevel.GOOD)
# costs about ten times a global read in Python 3.11, and the evaluation does it per term.
_HT_GOOD: Final = LearningLevel.GOOD
_HT_FAIR: Final = LearningLevel.FAIR
_HT_PASS: Final = LearningLevel.PASS
_HT_FAIL: Final = LearningLevel.FAIL
_RL_GOOD: Final = TrainingLevel.GOOD
_RL_FAIR: Final = TrainingLevel.FAIR
_RL_PASS: Final = TrainingLevel.PASS
_RL_FAIL: Final = TrainingLevel.FAIL
_CL_PASS: Final = CommentLevel.PASS
_CL_FAIL: Final = CommentLevel.FAIL
_TERM_S1: Final = Term.SEMESTER_1
_TERM_S2: Final = Term.SEMESTER_2
_TERM_YEAR: Final = Term.YEAR

_RANK: Final = {_HT_FAIL: 0, _HT_PASS: 1, _HT_FAIR: 2, _HT_GOOD: 3}
_BY_RANK: Final = (_HT_FAIL, _HT_PASS, _HT_FAIR, _HT_GOOD)
_POINT: Final = {_HT_GOOD: "a", _HT_FAIR: "b", _HT_PASS: "c", _HT_FAIL: "d"}

_TRAINING_YEAR: Final[dict[tuple[TrainingLevel, TrainingLevel], TrainingLevel]] = {
    (_RL_GOOD, _RL_GOOD): _RL_GOOD,
    (_RL_GOOD, _RL_FAIR): _RL_FAIR,
    (_RL_GOOD, _RL_PASS): _RL_FAIR,
    (_RL_GOOD, _RL_FAIL): _RL_FAIL,
    (_RL_FAIR, _RL_GOOD): _RL_GOOD,
    (_RL_FAIR, _RL_FAIR): _RL_FAIR,
    (_RL_FAIR, _RL_PASS): _RL_PASS,
    (_RL_FAIR, _RL_FAIL): _RL_FAIL,
    (_RL_PASS, _RL_GOOD): _RL_FAIR,
    (_RL_PASS, _RL_FAIR): _RL_FAIR,
    (_RL_PASS, _RL_PASS): _RL_PASS,
    (_RL_PASS, _RL_FAIL): _RL_FAIL,
    (_RL_FAIL, _RL_GOOD): _RL_FAIR,
    (_RL_FAIL, _RL_FAIR): _RL_PASS,
    (_RL_FAIL, _RL_PASS): _RL_PASS,
    (_RL_FAIL, _RL_FAIL): _RL_FAIL,
}
"""The year training table of Art. 8 cl. 2 b: (semester I, semester II) → year."""


def _cite(article: int, clause: str | None = None, point: str | None = None) -> Citation:
    return Citation(INSTRUMENT, article=article, clause=clause, point=point)


_C_INSTRUMENT: Final = Citation(INSTRUMENT)
_CITATIONS: Final = (_C_INSTRUMENT,)


# Fast constructors for the results built per student. A frozen dataclass's __init__
# sets each field through object.__setattr__, which costs more than the arithmetic of a
# term; these set the slots directly (no __post_init__ to skip). Checked at import
# against the fields, so a field added to a result type cannot be left unset.
def _slot_setters(
    cls: type, names: tuple[str, ...]
) -> tuple[Callable[[object, object], None], ...]:
    if tuple(f.name for f in fields(cls)) != names or hasattr(cls, "__post_init__"):
        raise AssertionError(f"{cls.__name__} changed: update its builder")  # pragma: no cover
    found = {name: d for k in reversed(cls.__mro__) for name, d in vars(k).items()}
    return tuple(found[name].__set__ for name in names)


_NEW: Final = object.__new__
_LR_SET: Final = _slot_setters(
    LearningResult,
    ("value", "explainer", "term", "computed_level", "overall_average", "adjusted_for"),
)
_TR_SET: Final = _slot_setters(
    TermResults, ("term", "subject_averages", "comment_levels", "learning", "training")
)

_YR_SET: Final = _slot_setters(
    YearResult,
    (
        "regulation",
        "student_id",
        "grade_level",
        "school_year",
        "semester1",
        "semester2",
        "year",
        "promotion",
        "award",
        "semester_awards",
        "after_summer",
        "citations",
    ),
)


def _year_result(*values: object) -> YearResult:
    """``YearResult(*values)`` with every field given in order, faster (TT22: no
    semester awards)."""
    obj: YearResult = _NEW(YearResult)
    for set_slot, value in zip(_YR_SET, values, strict=True):
        set_slot(obj, value)
    return obj


def _learning_result(
    value: LearningLevel,
    explainer: _Explainer,
    term: Term,
    computed: LearningLevel,
    adjusted_for: str | None,
) -> LearningResult:
    """``LearningResult(value, explainer, term, computed, None, adjusted_for)``, faster."""
    s_value, s_explainer, s_term, s_computed, s_overall, s_adjusted = _LR_SET
    obj: LearningResult = _NEW(LearningResult)
    s_value(obj, value)
    s_explainer(obj, explainer)
    s_term(obj, term)
    s_computed(obj, computed)
    s_overall(obj, None)
    s_adjusted(obj, adjusted_for)
    return obj


def _term_results(
    term: Term,
    averages: Mapping[str, Explained[Decimal]],
    comments: Mapping[str, Explained[CommentLevel]],
    learning: LearningResult,
    training: Explained[TrainingLevel],
) -> TermResults:
    """``TermResults(term, averages, comments, learning, training)``, faster."""
    s_term, s_averages, s_comments, s_learning, s_training = _TR_SET
    obj: TermResults = _NEW(TermResults)
    s_term(obj, term)
    s_averages(obj, averages)
    s_comments(obj, comments)
    s_learning(obj, learning)
    s_training(obj, training)
    return obj


_C_SCORED_AVG: Final = _cite(9, "1", "b")
_C_ROUNDING: Final = _cite(5, "3", "b")
_C_REGULAR_COUNT: Final = _cite(6, "2")
_C_PERIODIC: Final = _cite(7)
_C_COMMENT: Final = _cite(9, "1", "a")
_C_TRAINING: Final = _cite(8, "2", "b")
_C_ADJUST: Final = _cite(9, "3")
_C_PROMOTE: Final = _cite(12, "1")
_C_RETAIN: Final = _cite(12, "3")
_C_IEP: Final = _cite(12, "4")
_C_SUMMER_TRAINING: Final = _cite(13)
_C_REASSESS: Final = _cite(14)
_C_AWARD_OUTSTANDING: Final = _cite(15, "1", "a")
_C_AWARD_GOOD: Final = _cite(15, "1", "a")
_C_EXEMPT: Final = _cite(10)
_C_ONE_SEMESTER: Final = Citation(
    INSTRUMENT,
    article=9,
    clause="1",
    point="b",
    note="môn chỉ học một học kì lấy kết quả học kì đó (như TT58 Điều 10 khoản 3) — SDK policy",
)


@dataclass(frozen=True, slots=True)
class Tt22Policy:
    """TT22 policy options (Tuỳ chọn áp dụng TT22): the readings the text leaves open.

    Attributes:
        year_average_from: Which semester averages feed ĐTBmcn = (ĐTBmhkI + 2×ĐTBmhkII) / 3
            (Art. 9 cl. 1 b). ``"rounded"`` (default): the one-decimal semester averages,
            as recorded in the grade book and the học bạ — the value the text calls
            ĐTBmhk is the rounded one (Art. 5 cl. 3 b). ``"exact"``: the unrounded
            quotients, rounded once at the end. The two differ at thresholds, e.g.
            exact semester averages 4.85 (→ 4.9) and 4.95 (→ 5.0): rounded gives
            (4.9 + 2×5.0) / 3 = 4.97 → 5.0, exact gives (4.85 + 2×4.95) / 3 = 4.92 → 4.9;
            the SDK's test cases show where they part.
        adjustment: How Art. 9 cl. 3 "được điều chỉnh lên mức liền kề" is read when one
            single subject drags the level two or more levels below the Tốt/Khá it would
            otherwise reach. ``"one_level_up"`` (default): one level above the computed
            level (Tốt→Đạt becomes Khá; Tốt→Chưa đạt becomes Đạt; Khá→Chưa đạt becomes
            Đạt). ``"below_would_be"``: the level adjacent below the would-be level
            (Tốt→Chưa đạt becomes Khá; the other two cases agree).
        comment_subject_can_be_the_one: Whether a comment subject rated Chưa đạt can be
            "the one subject" (duy nhất 01 môn học) of Art. 9 cl. 3. Default ``True``;
            ``False`` only scored subjects can.
    """

    year_average_from: Literal["rounded", "exact"] = "rounded"
    adjustment: Literal["one_level_up", "below_would_be"] = "one_level_up"
    comment_subject_can_be_the_one: bool = True

    def __post_init__(self) -> None:
        if self.year_average_from not in ("rounded", "exact"):
            raise PolicyOptionError(
                f"Tt22Policy.year_average_from must be 'rounded' or 'exact', "
                f"not {self.year_average_from!r}"
            )
        if self.adjustment not in ("one_level_up", "below_would_be"):
            raise PolicyOptionError(
                f"Tt22Policy.adjustment must be 'one_level_up' or 'below_would_be', "
                f"not {self.adjustment!r}"
            )


def _training_of(value: object, where: str) -> TrainingLevel:
    return level_of(
        value,
        TrainingLevel,
        where,
        what="a TT22 training level (Tốt, Khá, Đạt, Chưa đạt)",
        missing="training result (kết quả rèn luyện)",
    )


def _learning_of(value: object, where: str) -> LearningLevel:
    return level_of(
        value, LearningLevel, where, what="a TT22 learning level (Tốt, Khá, Đạt, Chưa đạt)"
    )


class _Counts:
    """Counts of Art. 9 cl. 2 over a term's scored subjects, for the explanation."""

    __slots__ = ("fails", "low", "n50", "n65", "n80")

    def __init__(self, scored: Iterable[int], fails: int) -> None:
        ordered = sorted(scored)
        n = len(ordered)
        self.n80 = n - bisect_left(ordered, 80)
        self.n65 = n - bisect_left(ordered, 65)
        self.n50 = n - bisect_left(ordered, 50)
        self.low = ordered[0] if ordered else None
        self.fails = fails


# Art. 9 cl. 2 counts subjects at or above a threshold ("ít nhất 6 môn ... từ 8,0 điểm trở
# lên"); over the averages in ascending order that is a test of the sixth highest one, so
# a term's level needs only its lowest and its sixth highest average.
_SIX: Final = 6


def _extremes(ordered: Sequence[int]) -> tuple[int, int]:
    """(lowest, sixth highest) of averages in ascending order; with no scored subject the
    lowest is 10.0 (no subject is below any floor) and with fewer than six the sixth
    highest is -1 (no count reaches six)."""
    return (ordered[0] if ordered else 100), (ordered[-_SIX] if len(ordered) >= _SIX else -1)


def _top_level(low: int, sixth: int) -> LearningLevel | None:
    """Tốt or Khá if the scored subjects reach them, every comment subject Đạt (Art. 9 cl. 2
    a, b)."""
    if low >= 65 and sixth >= 80:
        return _HT_GOOD
    if low >= 50 and sixth >= 65:
        return _HT_FAIR
    return None


class Tt22Regulation:
    """Assessment under Circular 22/2021 (Đánh giá theo Thông tư 22/2021/TT-BGDĐT).

    Implements the :class:`~vnschool_records.regulations.Regulation` verbs plus
    :meth:`comment_semester_level`, :meth:`comment_year_level`, :meth:`promotion` and
    :meth:`award`. ``policy`` selects the readings the text leaves open (:class:`Tt22Policy`).
    """

    __slots__ = ("_policy",)

    def __init__(self, policy: Tt22Policy | None = None) -> None:
        self._policy = policy if policy is not None else Tt22Policy()

    def __repr__(self) -> str:
        return f"Tt22Regulation(policy={self._policy!r})"

    @property
    def id(self) -> RegulationId:
        """``RegulationId.TT22_2021``."""
        return RegulationId.TT22_2021

    @property
    def citation(self) -> Citation:
        """The circular as a whole."""
        return _C_INSTRUMENT

    @property
    def policy(self) -> Tt22Policy:
        """The policy options in force."""
        return self._policy

    # ------------------------------------------------------------------ averages
    def required_comment_count(self, periods_per_year: int) -> int:
        """Regular comment levels per semester of a comment subject (Art. 6 cl. 2): always 2.

        >>> [Tt22Regulation().required_comment_count(p) for p in (35, 70, 105)]
        [2, 2, 2]
        """
        if periods_per_year < 1:
            raise ValueError(f"periods per year must be positive, not {periods_per_year}")
        return _COMMENT_REGULAR

    def required_regular_count(self, periods_per_year: int) -> int:
        """Regular scores (ĐĐGtx) per semester of a scored subject (Art. 6 cl. 2).

        35 periods a year (and fewer) → 2; more than 35 up to 70 → 3; more than 70 → 4.

        >>> [Tt22Regulation().required_regular_count(p) for p in (35, 52, 70, 105)]
        [2, 3, 3, 4]
        """
        if periods_per_year < 1:
            raise ValueError(f"periods per year must be positive, not {periods_per_year}")
        if periods_per_year <= 35:
            return 2
        if periods_per_year <= 70:
            return 3
        return 4

    def semester_average(
        self,
        regular: Sequence[ScoreLike],
        midterm: ScoreLike | None,
        final: ScoreLike | None,
        *,
        periods_per_year: int | None = None,
        subject: str = "",
        semester: Semester | int | None = None,
    ) -> SubjectAverage:
        """Semester subject average ĐTBmhk = (TĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck) / (n + 5) (Art. 9.1.b).

        With ``periods_per_year`` the number of regular scores is checked against
        Art. 6 cl. 2 (too few: :class:`IncompleteDataError`; too many:
        :class:`InvalidRecordError`). A missing mid-term or end-of-term score is an
        :class:`IncompleteDataError` — a score of 0 for a missed assessment (Art. 7) must be
        recorded as 0; it is never assumed.
        """
        where = describe(subject, semester)
        if midterm is None or final is None:
            which = "mid-term (ĐĐGgk)" if midterm is None else "end-of-term (ĐĐGck)"
            raise IncompleteDataError(
                f"{where}: the {which} score is missing; record 0 explicitly if it was "
                f"missed without make-up ({INSTRUMENT}, Art. 7)"
            )
        regular_t = [tenths_of(v, f"{where}, regular score {i + 1}") for i, v in enumerate(regular)]
        if periods_per_year is not None:
            needed = self.required_regular_count(periods_per_year)
            if len(regular_t) < needed:
                raise IncompleteDataError(
                    f"{where}: {len(regular_t)} regular score(s) (ĐĐGtx) recorded, "
                    f"{needed} required for {periods_per_year} periods a year "
                    f"({INSTRUMENT}, Art. 6 cl. 2)"
                )
            if len(regular_t) > needed:
                raise InvalidRecordError(
                    f"{where}: {len(regular_t)} regular scores (ĐĐGtx) recorded, but "
                    f"{INSTRUMENT} Art. 6 cl. 2 prescribes {needed} for {periods_per_year} "
                    "periods a year"
                )
        elif not regular_t:
            raise IncompleteDataError(f"{where}: no regular score (ĐĐGtx) recorded")
        mid_t = tenths_of(midterm, f"{where}, mid-term score")
        final_t = tenths_of(final, f"{where}, end-of-term score")
        total = sum(regular_t) + 2 * mid_t + 3 * final_t
        count = len(regular_t) + 5
        value = average_of_tenths(total, count)
        citations = (_C_SCORED_AVG, _C_ROUNDING) + (
            (_C_REGULAR_COUNT,) if periods_per_year is not None else ()
        )
        result_t = (2 * total + count) // (2 * count)

        def explainer() -> Explanation:
            return semester_average_explanation(
                subject=subject,
                semester=semester,
                regular=regular_t,
                periodic=(mid_t,),
                final=final_t,
                result=result_t,
                citations=citations,
            )

        return SubjectAverage(value, explainer, Fraction(total, 10 * count))

    def year_average(
        self,
        semester1: ScoreLike | SubjectAverage | Fraction | None,
        semester2: ScoreLike | SubjectAverage | Fraction | None,
        *,
        subject: str = "",
    ) -> SubjectAverage:
        """Year subject average ĐTBmcn = (ĐTBmhkI + 2·ĐTBmhkII) / 3 (Art. 9 cl. 1 b).

        By default from the rounded semester averages; with
        ``Tt22Policy(year_average_from="exact")`` from the exact values carried by the
        :class:`SubjectAverage` results of :meth:`semester_average` (a plain score is taken
        as exact). Pass ``None`` for a semester in which the subject is not taught: the
        other semester's result is the year result.

        >>> exact = Tt22Regulation(Tt22Policy(year_average_from="exact"))
        >>> exact.year_average(Fraction(97, 20), Fraction(99, 20)).value   # 4.85 and 4.95
        Decimal('4.9')
        >>> Tt22Regulation().year_average(Fraction(97, 20), Fraction(99, 20)).value
        Decimal('5.0')
        >>> Tt22Regulation().year_average(None, "6,4").value
        Decimal('6.4')
        """
        exact_mode = self._policy.year_average_from == "exact"
        where = f"{describe(subject, None)}, year average"
        values: list[Fraction | None] = []
        for i, given in enumerate((semester1, semester2), start=1):
            values.append(self._semester_value(given, exact_mode, f"{where}, semester {i}"))
        first, second = values
        if first is None and second is None:
            raise IncompleteDataError(f"{where}: neither semester average was given")
        if first is None or second is None:
            only = first if second is None else second
            assert only is not None
            rounded = round_half_up(only)
            result_t = int(rounded.scaleb(1))

            def one_semester() -> Explanation:
                return year_average_explanation(
                    subject=subject,
                    semester1=first,
                    semester2=second,
                    result=result_t,
                    exact_inputs=exact_mode,
                    citations=(_C_ONE_SEMESTER,),
                )

            return SubjectAverage(rounded, one_semester, only)
        exact = (first + 2 * second) / 3
        value = round_half_up(exact)
        result_t = int(value.scaleb(1))

        def explainer() -> Explanation:
            return year_average_explanation(
                subject=subject,
                semester1=first,
                semester2=second,
                result=result_t,
                exact_inputs=exact_mode,
                citations=(_C_SCORED_AVG, _C_ROUNDING),
            )

        return SubjectAverage(value, explainer, exact)

    @staticmethod
    def _semester_value(given: object, exact_mode: bool, where: str) -> Fraction | None:
        if given is None:
            return None
        if isinstance(given, SubjectAverage):
            if exact_mode and given.exact is not None:
                return given.exact
            return Fraction(tenths_of(given.value, where), 10)
        if isinstance(given, Fraction):
            if not 0 <= given <= 10:
                raise InvalidRecordError(f"{where}: {given} is outside 0–10")
            return given if exact_mode else Fraction(int(round_half_up(given).scaleb(1)), 10)
        return Fraction(tenths_of(given, where), 10)

    # ------------------------------------------------------------------ comments
    def comment_semester_level(
        self,
        regular: Sequence[CommentLevel | str],
        midterm: CommentLevel | str | None,
        final: CommentLevel | str | None,
        *,
        subject: str = "",
        semester: Semester | int | None = None,
    ) -> Explained[CommentLevel]:
        """Semester level of a comment subject (Art. 9 cl. 1 a): Đạt when all assessments are Đạt.

        The full number of assessments is 2 regular (Art. 6 cl. 2), 1 mid-term and 1
        end-of-term (Art. 7). A mid-term or end-of-term assessment missed without a make-up
        is entered as Chưa đạt (Art. 7); an assessment not recorded at all is an
        :class:`IncompleteDataError`, since Đạt needs the full number (Art. 9 cl. 1 a).

        >>> Tt22Regulation().comment_semester_level(["Đ", "Đ"], "Đ", "CĐ").value
        <CommentLevel.FAIL: 'Chưa đạt'>
        """
        where = describe(subject, semester)
        if midterm is None or final is None:
            which = "mid-term" if midterm is None else "end-of-term"
            raise IncompleteDataError(f"{where}: the {which} comment level is missing")
        levels = [comment_of(v, where) for v in regular]
        if len(levels) < _COMMENT_REGULAR:
            raise IncompleteDataError(
                f"{where}: {len(levels)} regular comment level(s) recorded, "
                f"{_COMMENT_REGULAR} required ({INSTRUMENT}, Art. 6 cl. 2)"
            )
        if len(levels) > _COMMENT_REGULAR:
            raise InvalidRecordError(
                f"{where}: {len(levels)} regular comment levels recorded, but {INSTRUMENT} "
                f"Art. 6 cl. 2 prescribes {_COMMENT_REGULAR}"
            )
        levels += [comment_of(midterm, where), comment_of(final, where)]
        fails = sum(1 for v in levels if v is _CL_FAIL)
        value = _CL_PASS if fails == 0 else _CL_FAIL

        def explainer() -> Explanation:
            shown = "; ".join(v.abbreviation for v in levels)
            title_vi = "Mức đánh giá môn học" + (f" — {subject}" if subject else "")
            title_en = "Comment-subject level" + (f" — {subject}" if subject else "")
            return Explanation(
                title_vi,
                title_en,
                (
                    step(
                        f"Các lần đánh giá (2 thường xuyên, giữa kì, cuối kì): {shown}",
                        f"Assessments (2 regular, mid-term, end-of-term): {shown}",
                    ),
                    step(
                        f"Mức Đạt khi đủ số lần và tất cả đều Đạt; có {fails} lần Chưa đạt "
                        f"→ {value.value}",
                        f"Đạt when every assessment is Đạt; {fails} Chưa đạt → {value.value}",
                    ),
                ),
                (_C_COMMENT, _C_REGULAR_COUNT, _C_PERIODIC),
            )

        return Explained(value, explainer)

    def comment_year_level(
        self,
        semester1: CommentLevel | str | None,
        semester2: CommentLevel | str | None,
        *,
        subject: str = "",
    ) -> Explained[CommentLevel]:
        """Year level of a comment subject: the semester II level (Art. 9 cl. 1 a).

        ``None`` for a semester in which the subject is not taught: the other semester's
        level is the year level.

        >>> Tt22Regulation().comment_year_level("CĐ", "Đ").value
        <CommentLevel.PASS: 'Đạt'>
        """
        where = f"{describe(subject, None)}, year level"
        if semester1 is None and semester2 is None:
            raise IncompleteDataError(f"{where}: neither semester level was given")
        if semester2 is None:
            value = comment_of(semester1, where)
            rule_vi, rule_en = "Môn chỉ học ở học kì I", "Subject taught only in semester I"
            citation = _C_ONE_SEMESTER
        else:
            value = comment_of(semester2, where)
            rule_vi = "Mức cả năm là mức học kì II"
            rule_en = "The year level is the semester II level"
            citation = _C_COMMENT

        def explainer() -> Explanation:
            title = f" — {subject}" if subject else ""
            return Explanation(
                "Mức đánh giá môn học cả năm" + title,
                "Comment-subject year level" + title,
                (step(f"{rule_vi}: {value.value}", f"{rule_en}: {value.value}"),),
                (citation,),
            )

        return Explained(value, explainer)

    # ------------------------------------------------------------------ learning result
    def learning_result(
        self,
        subjects: Mapping[str, SubjectValue],
        *,
        term: Term | str,
    ) -> LearningResult:
        """Learning result (kết quả học tập) of a term from its subject results (Art. 9 cl. 2, 3).

        ``subjects`` maps each subject to its average (scored) or level (comment). The
        four levels of cl. 2 are checked from Tốt down; then cl. 3 adjusts a level that one
        single subject dragged two or more levels below Tốt/Khá (see :class:`Tt22Policy`).

        >>> r = Tt22Regulation().learning_result({"Toán": 9, "Ngữ văn": 9, "Anh": 9,
        ...     "KHTN": 9, "Sử Địa": 9, "GDCD": 9, "Tin": "3,0"}, term="CN")
        >>> r.computed_level.value, r.value.value, r.adjusted_for
        ('Chưa đạt', 'Đạt', 'Tin')
        """
        scored, comments = parse_subjects(subjects)
        return self._learning(scored, comments, term_of(term), None)

    def _learning(
        self,
        scored: Mapping[str, int],
        comments: Mapping[str, CommentLevel],
        term: Term,
        names: Mapping[str, str] | None,
        ordered: Sequence[int] | None = None,
    ) -> LearningResult:
        """The learning result of a term; ``ordered`` is ``sorted(scored.values())`` when the
        caller has it already."""
        failed: Sequence[str] = (
            [k for k, v in comments.items() if v is _CL_FAIL]
            if _CL_FAIL in comments.values()
            else ()
        )
        if ordered is None:
            ordered = sorted(scored.values())
        # The levels of Art. 9 cl. 2 from Tốt down (_extremes and _top_level inlined: this
        # runs three times per student). A comment subject Chưa đạt rules out Tốt and Khá.
        low = ordered[0] if ordered else 100
        sixth = ordered[-_SIX] if len(ordered) >= _SIX else -1
        if failed:
            computed = _HT_PASS if len(failed) == 1 and sixth >= 50 and low >= 35 else _HT_FAIL
        elif low >= 65 and sixth >= 80:
            computed = _HT_GOOD
        elif low >= 50 and sixth >= 65:
            computed = _HT_FAIR
        elif sixth >= 50 and low >= 35:
            computed = _HT_PASS
        else:
            computed = _HT_FAIL
        final = computed
        culprit: str | None = None
        would_be: LearningLevel | None = None
        if computed is _HT_PASS or computed is _HT_FAIL:
            culprit, would_be = self._culprit(scored, failed, computed, ordered)
            if culprit is not None and would_be is not None:
                if self._policy.adjustment == "one_level_up":
                    final = _BY_RANK[_RANK[computed] + 1]
                else:
                    final = _BY_RANK[_RANK[would_be] - 1]

        explainer = partial(
            _learning_explanation,
            scored,
            comments,
            term,
            names,
            len(failed),
            computed,
            final,
            culprit,
            would_be,
            self._policy,
        )
        return _learning_result(final, explainer, term, computed, culprit)

    def _culprit(
        self,
        scored: Mapping[str, int],
        failed: Sequence[str],
        computed: LearningLevel,
        ordered: Sequence[int],
    ) -> tuple[str | None, LearningLevel | None]:
        """The one subject whose result alone drags the level ≥ 2 below Tốt/Khá (Art. 9.3).

        For a comment subject rated Chưa đạt: the level with it taken as Đạt. For a scored
        subject X: Tốt, then Khá, checked on the other subjects only. Leaving out a subject
        ≥ 6.5 can only lower the counts, and the others must all clear the floor, so X can
        only be the single subject below 6.5 (would-be Tốt or Khá) or the single one below
        5.0 (would-be Khá); at most one subject ever qualifies. Leaving out a subject below
        6.5 changes neither the sixth highest average (≥ 6.5 when Khá is within reach) nor
        the counts above it, so the term's averages (``ordered``, ascending) decide, and the
        subject is looked for only once it is known to qualify.
        """
        low, sixth = _extremes(ordered)
        found: LearningLevel | None = None
        culprit = ""
        if failed:
            if len(failed) == 1 and self._policy.comment_subject_can_be_the_one:
                found = _top_level(low, sixth)
                culprit = failed[0]
        elif sixth >= 65:
            second = ordered[1]  # six or more subjects (the sixth highest exists)
            if low < 65 <= second:
                found, limit = (_HT_GOOD if sixth >= 80 else _HT_FAIR), 65
            elif low < 50 <= second:
                found, limit = _HT_FAIR, 50
            if found is not None and _RANK[found] - _RANK[computed] >= 2:
                culprit = next(name for name, t in scored.items() if t < limit)
        if found is not None and _RANK[found] - _RANK[computed] >= 2:
            return culprit, found
        return None, None

    def training_result_year(
        self,
        semester1: TrainingLevel | ConductLevel | str,
        semester2: TrainingLevel | ConductLevel | str,
    ) -> Explained[TrainingLevel]:
        """Year training result from the two semesters, by the table of Art. 8 cl. 2 b.

        >>> Tt22Regulation().training_result_year("Chưa đạt", "Tốt").value
        <TrainingLevel.FAIR: 'Khá'>
        """
        first = _training_of(semester1, "semester I")
        second = _training_of(semester2, "semester II")
        return _year_training(first, second)

    # ------------------------------------------------------------------ promotion
    def promotion(
        self,
        training: TrainingLevel | str,
        learning: LearningLevel | str,
        *,
        absences: int = 0,
        grade_level: int | None = None,
        reassess_subjects: Sequence[str] = (),
        individual_education_plan: bool = False,
        training_after_summer: TrainingLevel | str | None = None,
        learning_after_reassessment: LearningLevel | str | None = None,
    ) -> PromotionResult:
        """Promotion (lên lớp) or completion of the programme (Art. 12–14).

        Promoted when the year training and learning results are at least Đạt and the
        student missed at most 45 sessions (Art. 12 cl. 1); in grades 9 and 12 the outcome
        is "Hoàn thành chương trình". Training Chưa đạt → summer training (Art. 13);
        training ≥ Đạt and learning Chưa đạt → summer re-assessment of
        ``reassess_subjects`` (Art. 14: every scored subject with ĐTBmcn < 5.0 and every
        comment subject Chưa đạt). With both Chưa đạt, summer training comes first and the
        re-assessment follows a re-assessed training of Đạt [SDK reading of Art. 13–14].
        The results after the summer (``training_after_summer``,
        ``learning_after_reassessment``) decide; until they are given the result has
        ``final=False``. More than 45 absences → not promoted, whatever the summer brings.
        Students with an individual education plan: the principal decides (Art. 12 cl. 4).

        >>> Tt22Regulation().promotion("Khá", "Đạt", absences=46).value
        <PromotionOutcome.RETAINED: 'Không được lên lớp'>
        >>> Tt22Regulation().promotion("Đạt", "Khá", grade_level=9).value
        <PromotionOutcome.COMPLETED: 'Hoàn thành chương trình'>
        """
        rl = _training_of(training, "year training result")
        ht = _learning_of(learning, "year learning result")
        rl_after = (
            None
            if training_after_summer is None
            else _training_of(training_after_summer, "training after summer")
        )
        ht_after = (
            None
            if learning_after_reassessment is None
            else _learning_of(learning_after_reassessment, "learning after re-assessment")
        )
        return _promotion(
            rl,
            ht,
            absences,
            grade_level in _FINAL_GRADES,
            tuple(reassess_subjects),
            bool(individual_education_plan),
            rl_after,
            ht_after,
        )

    # ------------------------------------------------------------------ awards
    def award(
        self,
        training: TrainingLevel | str,
        learning: LearningLevel | str,
        year_averages: Mapping[str, ScoreLike],
    ) -> Explained[Award | None]:
        """Year title (Art. 15 cl. 1): Học sinh Xuất sắc or Học sinh Giỏi, else ``None``.

        Giỏi: year training and learning both Tốt; Xuất sắc: also at least 6 scored
        subjects with ĐTBmcn ≥ 9.0. TT22 has no semester titles and no "Tiên tiến".
        """
        rl = _training_of(training, "year training result")
        ht = _learning_of(learning, "year learning result")
        n90 = sum(1 for k, v in year_averages.items() if tenths_of(v, f"subject {k!r}") >= 90)
        return self._award(rl, ht, n90)

    def _award(self, rl: TrainingLevel, ht: LearningLevel, n90: int) -> Explained[Award | None]:
        return _award_result(rl, ht, n90)

    # ------------------------------------------------------------------ one student-year
    def evaluate(
        self,
        record: StudentYearRecord,
        *,
        taught_in: Mapping[str, Semester | int] | None = None,
    ) -> YearResult:
        """Every result of one student's year under TT22.

        ``taught_in`` names subjects taught in one semester only (code → semester), besides
        those whose :attr:`Subject.semesters` says so; their year result is that semester's.
        Everything else needs both semesters; anything missing raises
        :class:`IncompleteDataError` naming the subject, semester and score.
        Summer results are read from ``record.reassessments`` (a score or level per
        re-assessed subject; all of them, Art. 14) and ``record.training_after_summer``.
        """
        # Fields read from the validated model's __dict__ (where pydantic keeps them):
        # attribute look-ups on a BaseModel take a slow path (it defines __getattr__).
        fields = record.__dict__
        sid = fields["student"].student_id
        group = fields["class_group"]
        grade = group.grade_level
        layout = subject_layout(fields["subjects"])
        names = layout.names
        one_semester = one_semester_map(taught_in, names, sid, layout.one_semester)
        for ex in fields["exemptions"]:
            if ex.subject not in names:
                raise InvalidRecordError(
                    f"student {sid}: exemption for subject {ex.subject!r}, which is not in "
                    "the record's subjects"
                )
            if ex.part != "practical" or ex.subject not in _PRACTICAL_EXEMPTIBLE:
                raise InvalidRecordError(
                    f"student {sid}: {INSTRUMENT} Art. 10 allows exemption only from the "
                    f"practical part of GDTC and GDQP-AN; the record exempts {ex.part!r} of "
                    f"{ex.subject!r}"
                )
        by_code = layout.by_code
        # Semesters (index 0, 1) and the year (index 2): tenths and levels computed now;
        # the explained results are built on access (LazyResults).
        t_maps: tuple[dict[str, int], ...] = ({}, {}, {})
        c_maps: tuple[dict[str, CommentLevel], ...] = ({}, {}, {})
        exact_mode = self._policy.year_average_from == "exact"
        totals: dict[tuple[str, int], tuple[int, int]] = {}
        # Regular scores required per scored subject (Art. 6 cl. 2), once per subject list.
        # Per scored subject, once per subject list: the regular scores required (Art. 6
        # cl. 2), the divisor n + 5 and twice it (the half-up rounding of Art. 5 cl. 3 b).
        # With them, the comment subjects' codes in the record's order.
        derived = cast(
            "tuple[dict[str, tuple[int, int, int]], tuple[str, ...]] | None",
            layout.derived.get(type(self)),
        )
        if derived is None:
            specs: dict[str, tuple[int, int, int]] = {}
            for code, periods in layout.scored_periods.items():
                needed = self.required_regular_count(periods)
                specs[code] = (needed, needed + 5, 2 * (needed + 5))
            derived = (specs, tuple(c for c in layout.order if c in layout.comment_codes))
            layout.derived[type(self)] = derived
        needs, comment_order = derived
        tenths = TENTHS_OF
        passed_level, failed_level = _CL_PASS, _CL_FAIL
        s1_t, s2_t, yr_t = t_maps
        s1_c, s2_c, yr_c = c_maps
        for a in fields["assessments"]:
            # The fields read from the validated model's __dict__ (where pydantic keeps
            # them): this runs some 30 times per student, and a dict read costs less than
            # an attribute look-up on a BaseModel.
            row = a.__dict__
            code = row["subject"]
            sem = row["semester"]
            first = sem is _FIRST
            if one_semester:
                only = one_semester.get(code)
                if only is not None and sem is not only:
                    raise InvalidRecordError(
                        f"student {sid}: an assessment is recorded for "
                        f"{describe(code, sem)}, but it is taught only "
                        f"in semester {int(only)}"
                    )
            spec = needs.get(code)
            if spec is not None:
                needed, count, twice = spec
                regular, mid, fin = row["regular"], row["midterm"], row["final"]
                if mid is None or fin is None or len(regular) != needed:
                    # raises, naming the problem
                    self._semester_average_of(a, by_code[code], sem)
                # Validated scores (models' Score): each is one of TENTHS_OF's keys, mostly
                # the very object. A loop over the two to four regular scores beats
                # sum(map(...)) here.
                total = 2 * tenths[mid] + 3 * tenths[fin]
                for score in regular:
                    total += tenths[score]
                (s1_t if first else s2_t)[code] = (2 * total + count) // twice
                if exact_mode:
                    totals[(code, 0 if first else 1)] = (total, count)
            else:
                levels = row["regular_levels"]
                if (
                    row["midterm_level"] is passed_level
                    and row["final_level"] is passed_level
                    and len(levels) == _COMMENT_REGULAR
                    and failed_level not in levels
                ):
                    (s1_c if first else s2_c)[code] = passed_level
                    continue
                if (
                    row["midterm_level"] is None
                    or row["final_level"] is None
                    or len(levels) != _COMMENT_REGULAR
                ):
                    self._comment_level_of(a, by_code[code], sem)  # raises
                (s1_c if first else s2_c)[code] = failed_level
        if (
            not one_semester
            and not exact_mode
            # Keys of s1_t and s2_t come from needs only, so equal sizes mean equal keys.
            and len(s1_t) == len(s2_t) == len(needs)
            and s1_c.keys() == s2_c.keys() == layout.comment_codes
        ):
            # Every subject assessed in both semesters (the usual case): the year values
            # in the subjects' order; the loop below names what is missing.
            yr_t = {c: (2 * (s1_t[c] + 2 * s2_t[c]) + 3) // 6 for c in needs}
            yr_c = {c: s2_c[c] for c in comment_order}
        else:  # fills yr_t and yr_c (t_maps[2], c_maps[2])
            self._year_values(record, one_semester, exact_mode, totals, t_maps, c_maps)
        # One context per student for the six mappings built on access (LazyResults).
        deferred = _Deferred(self, record, by_code)
        s1_avg = deferred.first_averages = LazyResults(s1_t, _first_average, deferred)
        s2_avg = deferred.second_averages = LazyResults(s2_t, _second_average, deferred)
        yr_avg = LazyResults(yr_t, _year_average, deferred)
        s1_com = deferred.first_comments = LazyResults(s1_c, _first_comment, deferred)
        s2_com = deferred.second_comments = LazyResults(s2_c, _second_comment, deferred)
        yr_com = LazyResults(yr_c, _year_comment, deferred)
        rl1, rl2 = fields["training_semester1"], fields["training_semester2"]
        if type(rl1) is not TrainingLevel or type(rl2) is not TrainingLevel:
            # Checked (and the message built) only when not already a TT22 level.
            rl1, rl2 = (
                _training_of(rl1, f"student {sid}, semester I"),
                _training_of(rl2, f"student {sid}, semester II"),
            )
        if fields["training_year"] is not None:
            raise InvalidRecordError(
                f"student {sid}: training_year is an input only under TT58; under {INSTRUMENT} "
                "the year training result is computed (Art. 8 cl. 2 b) — leave it empty"
            )
        rl_year = _year_training(rl1, rl2)
        semester1 = _term_results(
            _TERM_S1,
            s1_avg,
            s1_com,
            self._learning(s1_t, s1_c, _TERM_S1, names),
            _given_training(rl1, _TERM_S1),
        )
        semester2 = _term_results(
            _TERM_S2,
            s2_avg,
            s2_com,
            self._learning(s2_t, s2_c, _TERM_S2, names),
            _given_training(rl2, _TERM_S2),
        )
        year_tenths = sorted(yr_t.values())
        year_learning = self._learning(yr_t, yr_c, _TERM_YEAR, names, year_tenths)
        ht_year = cast("LearningLevel", year_learning.value)
        year = _term_results(_TERM_YEAR, yr_avg, yr_com, year_learning, rl_year)
        # The subjects to re-assess (ĐTBmcn < 5.0 or Chưa đạt, Art. 14), in the record's
        # order; yr_t is in that order already.
        failing: tuple[str, ...] = ()
        if _CL_FAIL in yr_c.values():
            failing = tuple(
                [code for code in names if yr_t.get(code, 50) < 50 or yr_c.get(code) is _CL_FAIL]
            )
        elif year_tenths and year_tenths[0] < 50:
            failing = tuple([code for code, t in yr_t.items() if t < 50])
        after_summer: TermResults | None = None
        learning_after: LearningLevel | None = None
        if fields["reassessments"]:
            after_summer = self._after_reassessment(
                record, failing, names, yr_avg, yr_com, yr_t, yr_c, rl_year
            )
            learning_after = _learning_of(after_summer.learning.value, f"student {sid}")
        given_after = fields["training_after_summer"]
        absences = 0  # StudentYearRecord.absences, without the generator
        for att in fields["attendance"]:
            absences += att.excused + att.unexcused
        # What :meth:`promotion` does, with the inputs already checked.
        promotion = _promotion(
            rl_year.value,
            ht_year,
            absences,
            grade in _FINAL_GRADES,
            failing,
            bool(fields["individual_education_plan"]),
            None if given_after is None else _training_of(given_after, "training after summer"),
            learning_after,
        )
        award = _award_result(
            rl_year.value, ht_year, len(year_tenths) - bisect_left(year_tenths, 90)
        )
        return _year_result(
            _ID,
            sid,
            grade,
            group.school_year.label,
            semester1,
            semester2,
            year,
            promotion,
            award,
            (),
            after_summer,
            _CITATIONS,
        )

    @staticmethod
    def _year_values(
        record: StudentYearRecord,
        one_semester: Mapping[str, Semester],
        exact_mode: bool,
        totals: Mapping[tuple[str, int], tuple[int, int]],
        t_maps: tuple[dict[str, int], ...],
        c_maps: tuple[dict[str, CommentLevel], ...],
    ) -> None:
        """Year values subject by subject: one-semester subjects, the exact mode, and the
        error naming a missing assessment."""
        for subj in record.subjects:
            code = subj.code
            only = one_semester.get(code)
            scored = subj.kind is SubjectKind.SCORED
            found = t_maps if scored else c_maps
            in1, in2 = code in found[0], code in found[1]
            if only is None:
                if not (in1 and in2):
                    assessment_or_raise(record, code, Semester.TWO if in1 else Semester.ONE)
                if not scored:
                    c_maps[2][code] = c_maps[1][code]
                elif exact_mode:
                    (t1, c1), (t2, c2) = totals[(code, 0)], totals[(code, 1)]
                    num, den = t1 * c2 + 2 * t2 * c1, 3 * c1 * c2
                    t_maps[2][code] = (2 * num + den) // (2 * den)
                else:
                    a1, a2 = t_maps[0][code], t_maps[1][code]
                    t_maps[2][code] = (2 * (a1 + 2 * a2) + 3) // 6
            else:
                i = int(only) - 1
                if not (in2 if i else in1):
                    assessment_or_raise(record, code, only)
                if scored:
                    t_maps[2][code] = t_maps[i][code]
                else:
                    c_maps[2][code] = c_maps[i][code]

    def _semester_average_of(
        self, a: SubjectAssessment, subj: Subject, sem: Semester
    ) -> SubjectAverage:
        return self.semester_average(
            a.regular,
            a.midterm,
            a.final,
            periods_per_year=subj.periods_per_year,
            subject=subj.name,
            semester=sem,
        )

    def _comment_level_of(
        self, a: SubjectAssessment, subj: Subject, sem: Semester
    ) -> Explained[CommentLevel]:
        return self.comment_semester_level(
            a.regular_levels, a.midterm_level, a.final_level, subject=subj.name, semester=sem
        )

    def _after_reassessment(
        self,
        record: StudentYearRecord,
        failing: tuple[str, ...],
        names: Mapping[str, str],
        yr_avg: Mapping[str, Explained[Decimal]],
        yr_com: Mapping[str, Explained[CommentLevel]],
        yr_t: Mapping[str, int],
        yr_c: Mapping[str, CommentLevel],
        rl_year: Explained[TrainingLevel],
    ) -> TermResults:
        sid = record.student.student_id
        extra = [code for code in record.reassessments if code not in failing]
        if extra:
            raise InvalidRecordError(
                f"student {sid}: re-assessment recorded for {', '.join(map(repr, extra))}, "
                "which is not to be re-assessed (only subjects with ĐTBmcn < 5.0 or Chưa đạt, "
                f"{INSTRUMENT} Art. 14)"
            )
        missing = [code for code in failing if code not in record.reassessments]
        if missing:
            raise IncompleteDataError(
                f"student {sid}: summer re-assessment results missing for "
                f"{', '.join(map(repr, missing))}; every subject with ĐTBmcn < 5.0 or "
                f"Chưa đạt is re-assessed ({INSTRUMENT}, Art. 14)"
            )
        avg = dict(yr_avg)
        com = dict(yr_com)
        t_map = dict(yr_t)
        c_map = dict(yr_c)
        for code, given in record.reassessments.items():
            label = names[code]
            if code in t_map:
                if isinstance(given, CommentLevel):
                    raise InvalidRecordError(
                        f"student {sid}: re-assessment of scored subject {code!r} is a comment "
                        f"level ({given.value}); a score is required"
                    )
                t = tenths_of(given, f"student {sid}, re-assessment of {code!r}")
                avg[code] = SubjectAverage(from_tenths(t), _reassessed(label, t))
                t_map[code] = t
            else:
                if not isinstance(given, CommentLevel):
                    raise InvalidRecordError(
                        f"student {sid}: re-assessment of comment subject {code!r} is a score "
                        f"({given}); 'Đạt' or 'Chưa đạt' is required"
                    )
                com[code] = Explained(given, _reassessed_level(label, given))
                c_map[code] = given
        learning = self._learning(t_map, c_map, _TERM_YEAR, names)
        return TermResults(_TERM_YEAR, avg, com, learning, rl_year)


class _Deferred:
    """One student's evaluation as the explained subject results need it when first read:
    one object per student shared by the six :class:`LazyResults` of its terms."""

    __slots__ = (
        "by_code",
        "first_averages",
        "first_comments",
        "record",
        "regulation",
        "second_averages",
        "second_comments",
    )

    first_averages: Mapping[str, SubjectAverage]
    second_averages: Mapping[str, SubjectAverage]
    first_comments: Mapping[str, Explained[CommentLevel]]
    second_comments: Mapping[str, Explained[CommentLevel]]

    def __init__(
        self, regulation: Tt22Regulation, record: StudentYearRecord, by_code: Mapping[str, Subject]
    ) -> None:
        self.regulation = regulation
        self.record = record
        self.by_code = by_code


def _semester_average(d: _Deferred, sem: Semester, code: str) -> SubjectAverage:
    a = assessment_or_raise(d.record, code, sem)
    return d.regulation._semester_average_of(a, d.by_code[code], sem)


def _first_average(d: _Deferred, code: str) -> SubjectAverage:
    return _semester_average(d, _FIRST, code)


def _second_average(d: _Deferred, code: str) -> SubjectAverage:
    return _semester_average(d, _SECOND, code)


def _year_average(d: _Deferred, code: str) -> SubjectAverage:
    first, second = d.first_averages.get(code), d.second_averages.get(code)
    return d.regulation.year_average(first, second, subject=d.by_code[code].name)


def _semester_comment(d: _Deferred, sem: Semester, code: str) -> Explained[CommentLevel]:
    a = assessment_or_raise(d.record, code, sem)
    return d.regulation._comment_level_of(a, d.by_code[code], sem)


def _first_comment(d: _Deferred, code: str) -> Explained[CommentLevel]:
    return _semester_comment(d, _FIRST, code)


def _second_comment(d: _Deferred, code: str) -> Explained[CommentLevel]:
    return _semester_comment(d, _SECOND, code)


def _year_comment(d: _Deferred, code: str) -> Explained[CommentLevel]:
    one, two = d.first_comments.get(code), d.second_comments.get(code)
    return d.regulation.comment_year_level(
        None if one is None else one.value,
        None if two is None else two.value,
        subject=d.by_code[code].name,
    )


@lru_cache(maxsize=4096, typed=True)
def _promotion(
    rl: TrainingLevel,
    ht: LearningLevel,
    absences: int,
    final_grade: bool,
    reassess_subjects: tuple[str, ...],
    individual_education_plan: bool,
    rl_after: TrainingLevel | None,
    ht_after: LearningLevel | None,
) -> PromotionResult:
    """The promotion decision of :meth:`Tt22Regulation.promotion` for checked inputs.

    Results are immutable and their explanation captures only these inputs, so students
    with the same inputs share one result (bounded cache; errors are never cached). The
    decision is made here; its wording only when the explanation is read.
    """
    if absences < 0:
        raise ValueError(f"absences must not be negative, not {absences}")
    if rl_after is not None and rl is not _RL_FAIL:
        raise InvalidRecordError(
            f"a training result after summer ({rl_after.value}) is recorded, but the year "
            f"training result {rl.value} does not call for summer training ({INSTRUMENT}, "
            "Art. 13)"
        )
    if ht_after is not None and ht is not _HT_FAIL:
        raise InvalidRecordError(
            f"a learning result after re-assessment ({ht_after.value}) is recorded, but "
            f"the year learning result {ht.value} does not call for re-assessment "
            f"({INSTRUMENT}, Art. 14)"
        )
    passed = PromotionOutcome.COMPLETED if final_grade else PromotionOutcome.PROMOTED
    failed = PromotionOutcome.NOT_COMPLETED if final_grade else PromotionOutcome.RETAINED
    subjects = reassess_subjects
    outcome: PromotionOutcome
    final = True
    case: _PromotionCase
    if individual_education_plan:
        case, outcome, subjects = "iep", PromotionOutcome.PRINCIPAL_DECIDES, ()
    elif absences > ABSENCE_LIMIT:
        case, outcome, subjects = "absences", failed, ()
    elif rl is _RL_FAIL and rl_after is None:
        if ht_after is not None:
            raise InvalidRecordError(
                "re-assessment results are recorded before the result of summer "
                f"training ({INSTRUMENT}, Art. 13–14)"
            )
        case, outcome, final = "summer_training", PromotionOutcome.SUMMER_TRAINING, False
        if ht is not _HT_FAIL:
            subjects = ()
    elif rl_after is _RL_FAIL:
        case, outcome, subjects = "training_failed", failed, ()
    elif ht is _HT_FAIL and ht_after is None:
        if not subjects:
            raise IncompleteDataError(
                "learning result Chưa đạt: the subjects to re-assess (ĐTBmcn < 5.0 or "
                f"Chưa đạt) must be listed ({INSTRUMENT}, Art. 14)"
            )
        case, outcome, final = "reassessment", PromotionOutcome.REASSESSMENT, False
    elif ht_after is _HT_FAIL:
        case, outcome, subjects = "learning_failed", failed, ()
    else:
        case, outcome, subjects = "promoted", passed, ()
    explainer = partial(
        _promotion_explanation, case, outcome, rl, ht, absences, subjects, rl_after, ht_after
    )
    return PromotionResult(outcome, explainer, subjects, absences, final)


_PromotionCase = Literal[
    "iep",
    "absences",
    "summer_training",
    "training_failed",
    "reassessment",
    "learning_failed",
    "promoted",
]
_PROMOTION_CITATIONS: Final[dict[str, tuple[Citation, ...]]] = {
    "iep": (_C_IEP,),
    "absences": (_C_PROMOTE, _C_RETAIN),
    "summer_training": (_C_SUMMER_TRAINING,),
    "training_failed": (_C_SUMMER_TRAINING, _C_RETAIN),
    "reassessment": (_C_REASSESS,),
    "learning_failed": (_C_REASSESS, _C_RETAIN),
    "promoted": (_C_PROMOTE,),
}


def _promotion_explanation(
    case: _PromotionCase,
    outcome: PromotionOutcome,
    rl: TrainingLevel,
    ht: LearningLevel,
    absences: int,
    subjects: tuple[str, ...],
    rl_after: TrainingLevel | None,
    ht_after: LearningLevel | None,
) -> Explanation:
    """The account of a decision of :func:`_promotion` (Art. 12–14)."""
    lines: list[tuple[str, str]] = [
        (
            f"Rèn luyện cả năm: {rl.value}; học tập cả năm: {ht.value}; nghỉ {absences} buổi",
            f"Year training: {rl.value}; year learning: {ht.value}; {absences} sessions missed",
        )
    ]
    if case == "iep":
        lines.append(
            (
                "Học sinh học theo kế hoạch giáo dục cá nhân: hiệu trưởng quyết định.",
                "Student on an individual education plan: the principal decides.",
            )
        )
    elif case == "absences":
        lines.append(
            (
                (
                    f"Nghỉ quá {ABSENCE_LIMIT} buổi ({absences}) → không đủ điều kiện; "
                    "kết quả sau hè (nếu có) không thay đổi điều này."
                ),
                (
                    f"More than {ABSENCE_LIMIT} sessions missed ({absences}) → conditions "
                    "not met; summer results, if any, do not change this."
                ),
            )
        )
    elif case == "summer_training":
        lines.append(
            (
                "Rèn luyện Chưa đạt → rèn luyện trong kì nghỉ hè, rồi đánh giá lại"
                + (" (sau đó kiểm tra lại các môn chưa đạt)" if subjects else ""),
                "Training Chưa đạt → summer training, then re-assessment of training"
                + (" (then re-assessment of the failed subjects)" if subjects else ""),
            )
        )
    elif case == "training_failed":
        lines.append(
            (
                "Rèn luyện sau hè vẫn Chưa đạt → không đủ điều kiện.",
                "Training still Chưa đạt after the summer → conditions not met.",
            )
        )
    elif case == "reassessment":
        lines.append(
            (
                "Học tập Chưa đạt → kiểm tra, đánh giá lại trong hè các môn: "
                + ", ".join(subjects),
                "Learning Chưa đạt → summer re-assessment of: " + ", ".join(subjects),
            )
        )
    elif case == "learning_failed":
        lines.append(
            (
                "Sau kiểm tra lại, học tập vẫn Chưa đạt → không đủ điều kiện.",
                "Learning still Chưa đạt after re-assessment → conditions not met.",
            )
        )
    else:
        if rl_after is not None or ht_after is not None:
            rl_eff = rl if rl_after is None else rl_after
            ht_eff = ht if ht_after is None else ht_after
            lines.append(
                (
                    f"Sau hè: rèn luyện {rl_eff.value}, học tập {ht_eff.value}",
                    f"After the summer: training {rl_eff.value}, learning {ht_eff.value}",
                )
            )
        lines.append(
            (
                "Rèn luyện và học tập từ Đạt trở lên, nghỉ không quá 45 buổi.",
                "Training and learning at least Đạt, at most 45 sessions missed.",
            )
        )
    steps = [step(vi, en) for vi, en in lines]
    steps.append(step(f"Kết quả: {outcome.value}", f"Outcome: {outcome.value}"))
    return Explanation("Lên lớp", "Promotion", tuple(steps), _PROMOTION_CITATIONS[case])


@cache
def _given_training(level: TrainingLevel, term: Term) -> Explained[TrainingLevel]:
    """A semester training level as the homeroom teacher gave it (shared, immutable)."""
    return Explained(level, partial(_given_training_explanation, level, term))


def _given_training_explanation(level: TrainingLevel, term: Term) -> Explanation:
    return Explanation(
        f"Kết quả rèn luyện {term.label_vi}",
        f"Training result, {term.label_en}",
        (
            step(
                f"Giáo viên chủ nhiệm đánh giá: {level.value}",
                f"Assessed by the homeroom teacher: {level.value}",
            ),
        ),
        (_cite(8, "2", "a"),),
    )


@cache
def _year_training(first: TrainingLevel, second: TrainingLevel) -> Explained[TrainingLevel]:
    """The year training result for a pair of semesters (16 shared, immutable results)."""
    return Explained(
        _TRAINING_YEAR[(first, second)], partial(_year_training_explanation, first, second)
    )


def _year_training_explanation(first: TrainingLevel, second: TrainingLevel) -> Explanation:
    value = _TRAINING_YEAR[(first, second)]
    return Explanation(
        "Kết quả rèn luyện cả năm",
        "Year training result",
        (
            step(
                f"Học kì I: {first.value}; học kì II: {second.value}",
                f"Semester I: {first.value}; semester II: {second.value}",
            ),
            step(
                f"Theo bảng quy định: ({first.value}, {second.value}) → {value.value}",
                f"By the table of the circular: ({first.value}, {second.value}) → {value.value}",
            ),
        ),
        (_C_TRAINING,),
    )


@cache
def _award_result(rl: TrainingLevel, ht: LearningLevel, n90: int) -> Explained[Award | None]:
    """The year title for (training, learning, subjects ≥ 9.0) — shared, immutable."""
    value: Award | None = None
    if rl is _RL_GOOD and ht is _HT_GOOD:
        value = Award.OUTSTANDING if n90 >= 6 else Award.EXCELLENT
    return Explained(value, partial(_award_explanation, rl, ht, n90, value))


def _award_explanation(
    rl: TrainingLevel, ht: LearningLevel, n90: int, value: Award | None
) -> Explanation:
    cite = _C_AWARD_OUTSTANDING if value is Award.OUTSTANDING else _C_AWARD_GOOD
    shown_vi = value.value if value is not None else "không có danh hiệu"
    shown_en = value.value if value is not None else "no title"
    return Explanation(
        "Khen thưởng cuối năm",
        "Year award",
        (
            step(
                f"Rèn luyện {rl.value}, học tập {ht.value}; {n90} môn có ĐTBmcn ≥ 9,0",
                f"Training {rl.value}, learning {ht.value}; {n90} subjects with a "
                "year average ≥ 9.0",
            ),
            step(
                f"Xuất sắc: Tốt + Tốt và ít nhất 6 môn ≥ 9,0; Giỏi: Tốt + Tốt → {shown_vi}",
                "Outstanding: Tốt + Tốt and at least 6 subjects ≥ 9.0; Excellent: "
                f"Tốt + Tốt → {shown_en}",
            ),
        ),
        (cite,),
    )


def _reassessed(label: str, tenths: int) -> _Explainer:
    def explainer() -> Explanation:
        return Explanation(
            f"Điểm kiểm tra lại — {label}",
            f"Summer re-assessment — {label}",
            (
                step(
                    f"Kết quả kiểm tra lại {fmt_tenths(tenths, 'vi', fixed=True)} thay cho ĐTBmcn",
                    f"The re-assessment result {fmt_tenths(tenths, 'en', fixed=True)} replaces the "
                    "year average",
                ),
            ),
            (_C_REASSESS,),
        )

    return explainer


def _reassessed_level(label: str, level: CommentLevel) -> _Explainer:
    def explainer() -> Explanation:
        return Explanation(
            f"Đánh giá lại — {label}",
            f"Summer re-assessment — {label}",
            (
                step(
                    f"Kết quả đánh giá lại {level.value} thay cho mức cả năm",
                    f"The re-assessment level {level.value} replaces the year level",
                ),
            ),
            (_C_REASSESS,),
        )

    return explainer


def _learning_explanation(
    scored: Mapping[str, int],
    comments: Mapping[str, CommentLevel],
    term: Term,
    names: Mapping[str, str] | None,
    fails: int,
    computed: LearningLevel,
    final: LearningLevel,
    culprit: str | None,
    would_be: LearningLevel | None,
    policy: Tt22Policy,
) -> Explanation:
    def name(code: str) -> str:
        return names.get(code, code) if names else code

    def listing(lang: str) -> str:
        parts = [f"{name(k)} {fmt_tenths(v, lang, fixed=True)}" for k, v in scored.items()]
        parts += [f"{name(k)} {v.value}" for k, v in comments.items()]
        return "; ".join(parts)

    counts = _Counts(scored.values(), fails)
    low_vi = "—" if counts.low is None else fmt_tenths(counts.low, "vi", fixed=True)
    low_en = "—" if counts.low is None else fmt_tenths(counts.low, "en", fixed=True)
    steps = [
        step(f"Kết quả các môn: {listing('vi')}", f"Subject results: {listing('en')}"),
        step(
            f"Số môn ≥ 8,0: {counts.n80}; ≥ 6,5: {counts.n65}; ≥ 5,0: {counts.n50}; "
            f"thấp nhất: {low_vi}; môn nhận xét Chưa đạt: {counts.fails}",
            f"Subjects ≥ 8.0: {counts.n80}; ≥ 6.5: {counts.n65}; ≥ 5.0: {counts.n50}; "
            f"lowest: {low_en}; comment subjects Chưa đạt: {counts.fails}",
        ),
        step(
            _RULE_VI[computed] + f" → {computed.value}", _RULE_EN[computed] + f" → {computed.value}"
        ),
    ]
    citations = [_cite(9, "2", _POINT[computed])]
    if culprit is not None and would_be is not None:
        reading_vi = (
            "lên một mức so với mức đã xếp"
            if policy.adjustment == "one_level_up"
            else "mức liền kề dưới mức lẽ ra đạt"
        )
        reading_en = (
            "one level above the computed level"
            if policy.adjustment == "one_level_up"
            else "the level just below the would-be level"
        )
        steps.append(
            step(
                f"Chỉ do duy nhất môn {name(culprit)} mà từ mức {would_be.value} xuống mức "
                f"{computed.value} (từ hai mức trở lên) → điều chỉnh {reading_vi}: {final.value}",
                f"Only subject {name(culprit)} drags the level from {would_be.value} to "
                f"{computed.value} (two or more levels) → adjusted to {reading_en}: "
                f"{final.value}",
            )
        )
        citations.append(_C_ADJUST)
    title = f"Kết quả học tập {term.label_vi}"
    return Explanation(title, f"Learning result, {term.label_en}", tuple(steps), tuple(citations))


_RULE_VI: Final = {
    _HT_GOOD: "Mức Tốt: các môn nhận xét đều Đạt, mọi môn ≥ 6,5, ít nhất 6 môn ≥ 8,0",
    _HT_FAIR: "Mức Khá: các môn nhận xét đều Đạt, mọi môn ≥ 5,0, ít nhất 6 môn ≥ 6,5",
    _HT_PASS: "Mức Đạt: nhiều nhất 1 môn nhận xét Chưa đạt, ít nhất 6 môn ≥ 5,0, không môn nào "
    "dưới 3,5",
    _HT_FAIL: "Mức Chưa đạt: không đạt điều kiện các mức Tốt, Khá, Đạt",
}
_RULE_EN: Final = {
    _HT_GOOD: "Tốt: every comment subject Đạt, every subject ≥ 6.5, at least 6 subjects ≥ 8.0",
    _HT_FAIR: "Khá: every comment subject Đạt, every subject ≥ 5.0, at least 6 subjects ≥ 6.5",
    _HT_PASS: "Đạt: at most 1 comment subject Chưa đạt, at least 6 subjects ≥ 5.0, none below 3.5",
    _HT_FAIL: "Chưa đạt: the conditions of Tốt, Khá and Đạt are not met",
}
