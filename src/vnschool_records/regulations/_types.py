"""The verbs every assessment regulation exposes, and the results they return.

Each legal instrument (``tt58_2011``, ``tt22_2021``) implements :class:`Regulation`. Every
verb returns an :class:`~vnschool_records._explain.Explained` value whose ``.value`` is the
plain answer — a one-decimal ``Decimal`` or an enum whose value is the exact Vietnamese
label printed on official documents — and whose ``.explain(lang)`` gives the inputs, the
arithmetic, the rule and its citation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Protocol, runtime_checkable

from vnschool_records._explain import Citation, Explained, Explanation
from vnschool_records.errors import IncompleteDataError
from vnschool_records.models import (
    CommentLevel,
    ConductLevel,
    StudentYearRecord,
    Term,
    TrainingLevel,
)

__all__ = [
    "AcademicLevel",
    "Award",
    "InvalidRecordError",
    "LearningLevel",
    "LearningResult",
    "PromotionOutcome",
    "PromotionResult",
    "Regulation",
    "RegulationId",
    "ScoreLike",
    "SubjectAverage",
    "SubjectValue",
    "TermResults",
    "YearResult",
]

ScoreLike = Decimal | int | str
"""A score as a caller may pass it: ``Decimal``, ``int`` or a string like ``"7,5"``.
Floats are parsed through their shortest decimal string (see :func:`parse_score`)."""

SubjectValue = Decimal | str | CommentLevel
"""A subject's result as given to :meth:`Regulation.learning_result`: an average
(``Decimal`` or string) for a scored subject, a level for a comment subject."""


class RegulationId(StrEnum):
    """Identifier of an assessment regulation, named by its citation and year."""

    TT58_2011 = "TT58_2011"
    """Thông tư 58/2011/TT-BGDĐT, as amended by Thông tư 26/2020/TT-BGDĐT from 11/10/2020."""
    TT22_2021 = "TT22_2021"
    """Thông tư 22/2021/TT-BGDĐT."""


class LearningLevel(StrEnum):
    """Learning result (kết quả học tập), TT22/2021 Art. 9 cl. 2: four levels."""

    GOOD = "Tốt"
    FAIR = "Khá"
    PASS = "Đạt"
    FAIL = "Chưa đạt"


class AcademicLevel(StrEnum):
    """Academic performance (học lực), TT58/2011 Art. 5 cl. 2 and Art. 13: five levels."""

    EXCELLENT = "Giỏi"
    GOOD = "Khá"
    AVERAGE = "Trung bình"
    WEAK = "Yếu"
    POOR = "Kém"


class PromotionOutcome(StrEnum):
    """What happens to a student at the end of the year."""

    PROMOTED = "Được lên lớp"
    COMPLETED = "Hoàn thành chương trình"
    """Final grade of the level (9 or 12): recognised as having completed the programme."""
    REASSESSMENT = "Kiểm tra, đánh giá lại trong hè"
    """Summer re-assessment of the subjects listed in the result (TT22 Art. 14; TT58 Art. 16)."""
    SUMMER_TRAINING = "Rèn luyện trong kì nghỉ hè"
    """Summer training (TT22 Art. 13) or summer conduct training (TT58 Art. 17)."""
    RETAINED = "Không được lên lớp"
    NOT_COMPLETED = "Chưa hoàn thành chương trình"
    PRINCIPAL_DECIDES = "Hiệu trưởng quyết định"
    """Students assessed against an individual education plan (TT22 Art. 12 cl. 4)."""


class Award(StrEnum):
    """Student titles (danh hiệu) awarded by the principal."""

    OUTSTANDING = "Học sinh Xuất sắc"
    """TT22 Art. 15 cl. 1 a."""
    EXCELLENT = "Học sinh Giỏi"
    """TT22 Art. 15 cl. 1 a; TT58 Art. 18 (as amended): "Học sinh giỏi"."""
    ADVANCED = "Học sinh Tiên tiến"
    """TT58 Art. 18 (as amended) only."""


class InvalidRecordError(IncompleteDataError):
    """Invalid record (Hồ sơ không hợp lệ): it holds what the regulation does not provide.

    For example more regular scores than the circular prescribes, an exemption the
    circular does not allow, a summer re-assessment of a subject that was not to be
    re-assessed, or a training level of the wrong instrument. The message names the
    subject, the semester and the rule. It subclasses
    :class:`~vnschool_records.errors.IncompleteDataError` (and so ``ValueError``) because
    both mean "this record cannot be evaluated as it stands".
    """


@dataclass(frozen=True, slots=True)
class SubjectAverage(Explained[Decimal]):
    """A subject average (điểm trung bình môn) with its exact, unrounded value.

    ``value`` is the one-decimal average the circular defines; ``exact`` the quotient
    before rounding, which :class:`~vnschool_records.regulations.Tt22Policy` can feed to
    the year average (``year_average_from="exact"``). ``None`` when the average was given,
    not computed (a summer re-assessment score, a one-semester subject's year value).
    """

    exact: Fraction | None = None


@dataclass(frozen=True, slots=True)
class LearningResult(Explained[LearningLevel | AcademicLevel]):
    """A learning result (TT22) or academic classification (TT58) for one term.

    ``computed_level`` is the level before any adjustment (TT22 Art. 9 cl. 3, TT58 Art. 13
    cl. 6); ``value`` the final one. ``overall_average`` is TT58's ĐTBhk/ĐTBcn, ``None``
    under TT22, which has no overall average.
    """

    term: Term = Term.YEAR
    computed_level: LearningLevel | AcademicLevel | None = None
    overall_average: Decimal | None = None
    adjusted_for: str | None = None
    """The one subject whose result was adjusted for, when an adjustment applied."""


@dataclass(frozen=True, slots=True)
class PromotionResult(Explained[PromotionOutcome]):
    """Promotion decision; lists the subjects to re-assess when that is the outcome."""

    reassess_subjects: tuple[str, ...] = ()
    absences: int = 0
    final: bool = True
    """False while summer re-assessment or training is still to come."""


@dataclass(frozen=True, slots=True)
class TermResults:
    """Results of one term (semester I, semester II or the year)."""

    term: Term
    subject_averages: Mapping[str, Explained[Decimal]]
    comment_levels: Mapping[str, Explained[CommentLevel]]
    learning: LearningResult
    training: Explained[TrainingLevel | ConductLevel] | None


@dataclass(frozen=True, slots=True)
class YearResult:
    """Everything :func:`vnschool_records.evaluate_year` computes for one student-year."""

    regulation: RegulationId
    student_id: str
    grade_level: int
    school_year: str
    semester1: TermResults
    semester2: TermResults
    year: TermResults
    promotion: PromotionResult
    award: Explained[Award | None]
    semester_awards: tuple[Explained[Award | None], ...] = ()
    """TT58 only: titles for semester I and II (TT58 Art. 18 allows semester titles)."""
    after_summer: TermResults | None = None
    """Year results recomputed with summer re-assessments, when there were any."""
    citations: tuple[Citation, ...] = field(default=())

    def explain(self, lang: str = "vi") -> str:
        """Every result of the year with its explanation, as one text."""
        parts: list[Explanation] = []
        for term in (self.semester1, self.semester2, self.year):
            parts.extend(r.explanation() for r in term.subject_averages.values())
            parts.extend(r.explanation() for r in term.comment_levels.values())
            if term.training is not None:
                parts.append(term.training.explanation())
            parts.append(term.learning.explanation())
        if self.after_summer is not None:
            parts.append(self.after_summer.learning.explanation())
        parts.append(self.promotion.explanation())
        parts.extend(a.explanation() for a in self.semester_awards)
        parts.append(self.award.explanation())
        return "\n".join(p.render(lang) for p in parts)


@runtime_checkable
class Regulation(Protocol):
    """The verbs of an assessment regulation; implemented once per legal instrument."""

    @property
    def id(self) -> RegulationId:
        """Which regulation this is."""
        ...

    @property
    def citation(self) -> Citation:
        """The instrument as a whole."""
        ...

    def required_regular_count(self, periods_per_year: int) -> int:
        """Regular scores (ĐĐGtx) required per semester for a subject of that many periods."""
        ...

    def required_comment_count(self, periods_per_year: int) -> int:
        """Regular comment levels required per semester for a comment-assessed subject."""
        ...

    def semester_average(
        self, regular: Sequence[ScoreLike], midterm: ScoreLike, final: ScoreLike
    ) -> Explained[Decimal]:
        """Semester subject average (ĐTBmhk), half-up to one decimal."""
        ...

    def year_average(self, semester1: ScoreLike, semester2: ScoreLike) -> Explained[Decimal]:
        """Year subject average (ĐTBmcn) from the two semester averages."""
        ...

    def learning_result(
        self, subjects: Mapping[str, SubjectValue], *, term: Term | str
    ) -> LearningResult:
        """Learning result / academic classification of a term from subject results."""
        ...

    def training_result_year(
        self,
        semester1: TrainingLevel | ConductLevel | str,
        semester2: TrainingLevel | ConductLevel | str,
    ) -> Explained[TrainingLevel | ConductLevel]:
        """Year training result (TT22 Art. 8 table) or year conduct (TT58)."""
        ...

    def evaluate(self, record: StudentYearRecord) -> YearResult:
        """Every result of one student's year."""
        ...
