"""Grade-book rules (Sổ theo dõi và đánh giá): completeness, exemptions and score validity.

Which regulation applies comes from ``regulation_for(grade_level, school_year)``:

* Scored subjects need, per semester, the regular scores of
  ``Regulation.required_regular_count(periods_per_year)`` (TT22/2021 Art. 6; TT58/2011
  Art. 8 cl. 1 as amended by TT26/2020), one mid-term and one end-of-term score (TT22
  Art. 7; TT58 Art. 8 as amended).
* Comment subjects need 2 regular assessments per semester under TT22 (Art. 6) — under
  TT58 the same count as a scored subject (Art. 8 cl. 1 covers every subject) — plus a
  mid-term and an end-of-term assessment.
* Exemptions are granted by the principal's decision (TT22 Art. 10; TT58 Art. 12), so the
  decision number must be recorded. TT22 only exempts the practical part of GDTC and
  GDQP-AN — never a whole subject; TT58 exempts Thể dục, Âm nhạc, Mĩ thuật (whole) and
  the practical part of GDQP-AN (QĐ 69/2007). A whole-subject TT58 exemption removes the
  subject's assessments for the semesters it covers.
* Scores are 0–10 with at most one decimal (TT22 Art. 5 cl. 3; TT58 Art. 8 as amended);
  scored subjects carry scores and comment subjects carry levels (TT22 Art. 5).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Final, TypeVar, cast

from vnschool_records._decimal import from_tenths
from vnschool_records.errors import RegulationNotFoundError
from vnschool_records.models import StudentYearRecord, Subject, SubjectAssessment, SubjectKind
from vnschool_records.validation._codes import CITATIONS
from vnschool_records.validation._finding import Family, Finding
from vnschool_records.validation._rules import RecordRule, ValidationContext, make_finding

if TYPE_CHECKING:
    from vnschool_records.regulations import Regulation

__all__ = ["CompletenessRule", "ScoreRule", "regulation_or_none"]


_TT22_PRACTICAL_EXEMPTIBLE = frozenset({"gdtc", "gdqp_an"})
_TT58_WHOLE_EXEMPTIBLE = frozenset({"the_duc", "am_nhac", "mi_thuat"})
_TT58_PRACTICAL_EXEMPTIBLE = frozenset({"gdqp_an", "the_duc"})
_ONE_SEMESTER_TT58: Final = CITATIONS["tt58-one-semester"]


_COMMENT = SubjectKind.COMMENT
_BY_CLASS: dict[tuple[int, int], Regulation | None] = {}


def _regulation_for_class(grade_level: int, start_year: int) -> Regulation | None:
    key = (grade_level, start_year)
    if key not in _BY_CLASS:
        _BY_CLASS[key] = regulation_or_none(grade_level, f"{start_year}-{start_year + 1}")
    return _BY_CLASS[key]


@cache
def regulation_or_none(grade_level: int, school_year: str) -> Regulation | None:
    """The regulation for a grade and year, or ``None`` when none is known."""
    from vnschool_records.regulations import regulation_for

    try:
        return regulation_for(grade_level, school_year)
    except RegulationNotFoundError:
        return None


_REQUIRED: dict[tuple[int, int, bool], int] = {}
"""Required counts by (regulation object, periods, comment); regulations are cached objects."""


def _required(regulation: Regulation, periods: int, comment: bool) -> int:
    key = (id(regulation), periods, comment)
    count = _REQUIRED.get(key)
    if count is None:
        count = (
            regulation.required_comment_count(periods)
            if comment
            else regulation.required_regular_count(periods)
        )
        _REQUIRED[key] = count
    return count


_BY_SUBJECTS: dict[tuple[int, object], tuple[Sequence[Subject], object]] = {}
_BY_SUBJECTS_LIMIT: Final = 1024
_T = TypeVar("_T")


def _per_subject_list(subjects: Sequence[Subject], tag: object, build: Callable[[], _T]) -> _T:
    """``build()`` for a subject list, memoised by the list's identity and ``tag``.

    Validation hands every student of a class the same ``subjects`` tuple. The memo holds
    the tuple, so its identity cannot be reused while stored; a list — a record built
    without validation — could change and is built afresh. Never mutate what it returns.
    """
    key = (id(subjects), tag)
    entry = _BY_SUBJECTS.get(key)
    if entry is not None and entry[0] is subjects:
        return cast("_T", entry[1])
    value = build()
    if type(subjects) is tuple:
        if len(_BY_SUBJECTS) >= _BY_SUBJECTS_LIMIT:
            _BY_SUBJECTS.clear()
        _BY_SUBJECTS[key] = (subjects, value)
    return value


def _requirements(
    subjects: Sequence[Subject], regulation: Regulation
) -> dict[str, tuple[int, bool]]:
    """Subject code → (required regular count, comment subject)."""

    def build() -> dict[str, tuple[int, bool]]:
        required: dict[str, tuple[int, bool]] = {}
        for subject in subjects:
            comment = subject.kind is _COMMENT
            required[subject.code] = (
                _required(regulation, subject.periods_per_year, comment),
                comment,
            )
        return required

    return _per_subject_list(subjects, regulation, build)


def _expected_rows(subjects: Sequence[Subject], semesters: tuple[int, ...]) -> int:
    """How many (subject, semester) rows a complete record holds in these semesters: each
    subject in the semesters it is taught in (:attr:`Subject.semesters`)."""
    return _per_subject_list(
        subjects,
        ("rows", semesters),
        lambda: sum(1 for s in subjects for sem in s.semesters if sem in semesters),
    )


def _untaught(subjects: Sequence[Subject]) -> frozenset[tuple[str, int]]:
    """(code, semester) of the semesters each subject is not taught in (mostly none)."""
    return _per_subject_list(
        subjects,
        _untaught,
        lambda: frozenset(
            (s.code, sem) for s in subjects for sem in (1, 2) if sem not in s.semesters
        ),
    )


def _comment_subjects(subjects: Sequence[Subject]) -> dict[str, bool]:
    """Subject code → whether it is a comment subject."""
    return _per_subject_list(
        subjects, _comment_subjects, lambda: {s.code: s.kind is _COMMENT for s in subjects}
    )


def _is_tt22(regulation: Regulation) -> bool:
    return regulation.id.value == "TT22_2021"


class CompletenessRule(RecordRule):
    """Assessments the applicable regulation requires, and exemptions it allows."""

    codes = frozenset(
        {
            "regulation-not-found",
            "assessment-missing",
            "assessment-missing-regular",
            "assessment-missing-midterm",
            "assessment-missing-final",
            "exemption-without-decision",
            "exemption-not-allowed",
            "assessment-semester-not-taught",
        }
    )
    family = Family.GRADEBOOK

    def check_record(
        self, index: int, record: StudentYearRecord, context: ValidationContext
    ) -> Iterator[Finding]:
        cls = record.class_group
        regulation = _regulation_for_class(cls.grade_level, cls.school_year.start)
        if regulation is None:
            yield make_finding(
                "regulation-not-found",
                (index, "class_group"),
                record,
                f"Không có thông tư đánh giá cho khối {cls.grade_level} năm học "
                f"{cls.school_year.label}; không kiểm tra được sổ điểm",
                f"No assessment regulation for grade {cls.grade_level} in "
                f"{cls.school_year.label}; the grade book was not checked",
                value=cls.school_year.label,
            )
            return
        tt22 = _is_tt22(regulation)
        exempt_whole: set[tuple[str, int]] = set()
        for i, exemption in enumerate(record.exemptions):
            yield from self._exemption(index, i, record, exemption.subject, tt22)
            if not tt22 and exemption.part == "whole":
                exempt_whole.update((exemption.subject, int(s)) for s in exemption.semesters)
        semesters = context.semesters
        if not exempt_whole and self._complete(record, regulation, semesters):
            return
        rows: dict[tuple[str, int], tuple[int, SubjectAssessment]] = {
            (a.subject, a.semester): (i, a) for i, a in enumerate(record.assessments)
        }
        for subject in record.subjects:
            comment = subject.kind is _COMMENT
            required = _required(regulation, subject.periods_per_year, comment)
            for semester in semesters:
                row = rows.get((subject.code, semester))
                if semester not in subject.semesters:
                    if row is not None:
                        yield self._untaught(index, row[0], record, subject, semester, tt22)
                    continue
                if row is not None:
                    a = row[1]
                    # the hot path: a complete row costs three attribute reads
                    if comment:
                        if (
                            len(a.regular_levels) >= required
                            and a.midterm_level is not None
                            and a.final_level is not None
                        ):
                            continue
                    elif (
                        len(a.regular) >= required and a.midterm is not None and a.final is not None
                    ):
                        continue
                if exempt_whole and (subject.code, semester) in exempt_whole:
                    continue
                if row is None:
                    yield make_finding(
                        "assessment-missing",
                        (index, "assessments"),
                        record,
                        f"Môn {subject.name} chưa có đánh giá học kì {'I' * semester}",
                        f"{subject.name} has no assessments in semester {'I' * semester}",
                        ctx={"subject": subject.code, "semester": semester},
                    )
                    continue
                i, a = row
                yield from self._row(index, i, record, a, subject.name, comment, required, tt22)

    @staticmethod
    def _untaught(
        index: int, i: int, record: StudentYearRecord, subject: Subject, semester: int, tt22: bool
    ) -> Finding:
        only = "I" * int(subject.semesters[0])
        return make_finding(
            "assessment-semester-not-taught",
            (index, "assessments", i),
            record,
            f"Môn {subject.name} chỉ học ở học kì {only} nhưng có đánh giá học kì {'I' * semester}",
            f"{subject.name} is taught only in semester {only}, but has assessments in"
            f" semester {'I' * semester}",
            reference=None if tt22 else _ONE_SEMESTER_TT58,
            ctx={"subject": subject.code, "semester": semester},
        )

    @staticmethod
    def _complete(
        record: StudentYearRecord, regulation: Regulation, semesters: tuple[int, ...]
    ) -> bool:
        """Fast path: every row complete and one row per subject and semester checked.

        Rows are unique per (subject, semester) and name only known subjects (the model
        enforces both), so counting complete rows proves nothing is missing.
        """
        required = _requirements(record.subjects, regulation)
        untaught = _untaught(record.subjects)
        complete = 0
        for a in record.assessments:
            if a.semester not in semesters:
                continue
            if untaught and (a.subject, a.semester) in untaught:
                return False
            need, comment = required[a.subject]
            if comment:
                if len(a.regular_levels) < need or a.midterm_level is None or a.final_level is None:
                    return False
            elif len(a.regular) < need or a.midterm is None or a.final is None:
                return False
            complete += 1
        return complete == _expected_rows(record.subjects, semesters)

    def _row(
        self,
        index: int,
        i: int,
        record: StudentYearRecord,
        a: SubjectAssessment,
        name: str,
        comment: bool,
        required: int,
        tt22: bool,
    ) -> Iterator[Finding]:
        sem = "I" * int(a.semester)
        regular = len(a.regular_levels) if comment else len(a.regular)
        midterm = a.midterm_level if comment else a.midterm
        final = a.final_level if comment else a.final
        what_vi = "đánh giá" if comment else "điểm"
        what_en = "assessments" if comment else "scores"
        ctx = {"subject": a.subject, "semester": int(a.semester)}
        if regular < required:
            yield make_finding(
                "assessment-missing-regular",
                (index, "assessments", i, "regular_levels" if comment else "regular"),
                record,
                f"Môn {name} học kì {sem}: có {regular} {what_vi} thường xuyên, cần {required}",
                f"{name}, semester {sem}: {regular} regular {what_en}, {required} required",
                value=regular,
                ctx={**ctx, "required": required},
                reference=CITATIONS["tt22-regular" if tt22 else "tt58-counts"],
            )
        if midterm is None:
            yield make_finding(
                "assessment-missing-midterm",
                (index, "assessments", i, "midterm_level" if comment else "midterm"),
                record,
                f"Môn {name} học kì {sem}: thiếu {what_vi} giữa kì",
                f"{name}, semester {sem}: the mid-term {what_en[:-1]} is missing",
                ctx=ctx,
                reference=CITATIONS["tt22-periodic" if tt22 else "tt58-counts"],
            )
        if final is None:
            yield make_finding(
                "assessment-missing-final",
                (index, "assessments", i, "final_level" if comment else "final"),
                record,
                f"Môn {name} học kì {sem}: thiếu {what_vi} cuối kì",
                f"{name}, semester {sem}: the end-of-term {what_en[:-1]} is missing",
                ctx=ctx,
                reference=CITATIONS["tt22-periodic" if tt22 else "tt58-counts"],
            )

    def _exemption(
        self, index: int, i: int, record: StudentYearRecord, subject: str, tt22: bool
    ) -> Iterator[Finding]:
        exemption = record.exemptions[i]
        ref = CITATIONS["tt22-exemption" if tt22 else "tt58-exemption"]
        if not (exemption.decision or "").strip():
            yield make_finding(
                "exemption-without-decision",
                (index, "exemptions", i, "decision"),
                record,
                f"Miễn học môn {subject} chưa ghi số quyết định của hiệu trưởng",
                f"The exemption from {subject} has no principal's decision number",
                reference=ref,
                ctx={"subject": subject},
            )
        if tt22:
            allowed = exemption.part == "practical" and subject in _TT22_PRACTICAL_EXEMPTIBLE
            rule_vi = "Thông tư 22 chỉ miễn phần thực hành môn GDTC, GDQP-AN, không miễn cả môn"
            rule_en = (
                "TT22 only exempts the practical part of GDTC and GDQP-AN, never a whole subject"
            )
        else:
            allowed = (exemption.part == "whole" and subject in _TT58_WHOLE_EXEMPTIBLE) or (
                exemption.part == "practical" and subject in _TT58_PRACTICAL_EXEMPTIBLE
            )
            rule_vi = "Thông tư 58 chỉ miễn môn Thể dục, Âm nhạc, Mĩ thuật (và thực hành GDQP-AN)"
            rule_en = "TT58 only exempts Thể dục, Âm nhạc, Mĩ thuật (and GDQP-AN practice)"
        if not allowed:
            part_vi = "cả môn" if exemption.part == "whole" else "phần thực hành"
            part_en = "whole subject" if exemption.part == "whole" else "practical part"
            yield make_finding(
                "exemption-not-allowed",
                (index, "exemptions", i),
                record,
                f"Miễn {part_vi} môn {subject}: {rule_vi}",
                f"Exemption ({part_en}) from {subject}: {rule_en}",
                value=exemption.part,
                reference=ref,
                ctx={"subject": subject},
            )


_RECORDABLE: Final = frozenset(from_tenths(t) for t in range(101))
"""The 101 recordable scores 0.0 … 10.0 (compared by value: 8.50 is 8.5)."""


_RECORDABLE_OR_NONE: Final = _RECORDABLE | {None}
_TYPES: Final = frozenset({Decimal, type(None)})


def _bad_score(value: object) -> bool:
    return type(value) is not Decimal or not value.is_finite() or value not in _RECORDABLE


class ScoreRule(RecordRule):
    """Scores out of range (records built without validation) and scores on the wrong kind."""

    codes = frozenset({"score-invalid", "score-kind-mismatch"})
    family = Family.SCORES

    def check_record(
        self, index: int, record: StudentYearRecord, context: ValidationContext
    ) -> Iterator[Finding]:
        comment_subject = _comment_subjects(record.subjects)
        scores: list[object] = []
        extend, append = scores.extend, scores.append
        wrong: list[int] = []
        for i, a in enumerate(record.assessments):
            extend(a.regular)
            append(a.midterm)
            append(a.final)
            if comment_subject.get(a.subject):
                if a.regular or a.midterm is not None or a.final is not None:
                    wrong.append(i)
            elif a.regular_levels or a.midterm_level is not None or a.final_level is not None:
                wrong.append(i)
        # fast path: every value is one of the 101 recordable Decimals (or not given)
        try:
            fine = _RECORDABLE_OR_NONE.issuperset(scores) and set(map(type, scores)) <= _TYPES
        except TypeError:  # an unhashable value (a signalling NaN) in a record built unchecked
            fine = False
        if not fine:
            for i, a in enumerate(record.assessments):
                for name, value in (("midterm", a.midterm), ("final", a.final)):
                    if value is not None and _bad_score(value):
                        yield self._invalid(record, (index, "assessments", i, name), value)
                for k, value in enumerate(a.regular):
                    if _bad_score(value):
                        yield self._invalid(record, (index, "assessments", i, "regular", k), value)
        for i in wrong:
            a = record.assessments[i]
            comment = bool(comment_subject.get(a.subject))
            form_vi, form_en = (
                ("nhận xét (Đạt/Chưa đạt)", "comments (Đạt/Chưa đạt)")
                if comment
                else ("điểm số", "scores")
            )
            found_vi, found_en = ("điểm số", "scores") if comment else ("mức nhận xét", "levels")
            yield make_finding(
                "score-kind-mismatch",
                (index, "assessments", i),
                record,
                f"Môn {a.subject} được đánh giá bằng {form_vi}, nhưng hồ sơ ghi {found_vi}",
                f"{a.subject} is assessed by {form_en}, but the record holds {found_en}",
                ctx={"subject": a.subject, "semester": int(a.semester)},
            )

    def _invalid(
        self, record: StudentYearRecord, loc: tuple[str | int, ...], value: object
    ) -> Finding:
        where = ".".join(str(p) for p in loc[1:])
        return make_finding(
            "score-invalid",
            loc,
            record,
            f"Điểm {value} tại {where} không hợp lệ: điểm từ 0 đến 10, lấy một chữ số thập phân",
            f"Score {value} at {where} is invalid: scores are 0–10 with one decimal",
            value=value,
        )
