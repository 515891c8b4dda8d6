"""Year-end readiness (Sẵn sàng tổng kết): before a year-end sync, results must be complete.

Only at :attr:`Stage.YEAR_END` and :attr:`Stage.AFTER_SUMMER`. Every student needs training
(or conduct) results for both semesters — and, under TT58, the homeroom teacher's year
conduct — and learning results that ``evaluate_year`` can compute (TT22/2021 Art. 8–9,
12). A student assessed against an individual education plan needs the principal's
promotion decision (Art. 12 cl. 4). After the summer, re-assessment results (Art. 14) and
the re-assessed training result (Art. 13) must be recorded.
"""

from __future__ import annotations

from collections.abc import Iterator

from vnschool_records.errors import RegulationNotFoundError, VnSchoolRecordsError
from vnschool_records.models import StudentYearRecord
from vnschool_records.validation._codes import CITATIONS
from vnschool_records.validation._finding import Family, Finding
from vnschool_records.validation._gradebook import regulation_or_none
from vnschool_records.validation._rules import (
    RecordRule,
    Stage,
    ValidationContext,
    make_finding,
)

__all__ = ["YearEndRule"]


class YearEndRule(RecordRule):
    """Results computable, promotion decided, summer results recorded."""

    codes = frozenset(
        {
            "year-end-training-missing",
            "year-end-results-incomplete",
            "year-end-promotion-undecided",
            "year-end-summer-pending",
            "year-end-reassessment-missing",
            "year-end-summer-training-missing",
        }
    )
    family = Family.YEAR_END

    def check_record(
        self, index: int, record: StudentYearRecord, context: ValidationContext
    ) -> Iterator[Finding]:
        if context.stage not in (Stage.YEAR_END, Stage.AFTER_SUMMER):
            return
        cls = record.class_group
        regulation = regulation_or_none(cls.grade_level, cls.school_year.label)
        if regulation is None:
            return  # reported once, by the grade-book rule
        tt58 = regulation.id.value == "TT58_2011"
        missing = [
            name
            for name in ("training_semester1", "training_semester2")
            if getattr(record, name) is None
        ]
        if tt58 and record.training_year is None:
            missing.append("training_year")
        for name in missing:
            yield make_finding(
                "year-end-training-missing",
                (index, name),
                record,
                f"{record.student.full_name}: thiếu {'hạnh kiểm' if tt58 else 'kết quả rèn luyện'}"
                f" ({name})",
                f"{record.student.full_name}: {'conduct' if tt58 else 'training result'} "
                f"missing ({name})",
                reference=CITATIONS["tt22-year-end"],
            )
        if missing:
            return
        from vnschool_records.regulations import evaluate_year

        try:
            try:
                result = evaluate_year(record)
            except (VnSchoolRecordsError, ValueError, LookupError) as first:
                if not (record.reassessments or record.training_after_summer):
                    raise
                # Partial summer results: find what is pending from the year as it stood.
                result = evaluate_year(
                    record.model_copy(update={"reassessments": {}, "training_after_summer": None})
                )
                pending = [
                    s for s in result.promotion.reassess_subjects if s not in record.reassessments
                ]
                training_pending = (
                    result.promotion.value.name == "SUMMER_TRAINING"
                    and record.training_after_summer is None
                )
                if not (pending or training_pending):
                    raise first from None
        except RegulationNotFoundError:
            return
        except (VnSchoolRecordsError, ValueError, LookupError) as exc:
            yield make_finding(
                "year-end-results-incomplete",
                (index,),
                record,
                f"Chưa tính được kết quả cả năm của {record.student.full_name}: {exc}",
                f"The year results of {record.student.full_name} cannot be computed: {exc}",
                ctx={"error": type(exc).__name__},
            )
            return
        promotion = result.promotion
        outcome = promotion.value.name
        name = record.student.full_name
        if outcome == "PRINCIPAL_DECIDES":
            yield make_finding(
                "year-end-promotion-undecided",
                (index, "individual_education_plan"),
                record,
                f"{name} học theo kế hoạch giáo dục cá nhân: hiệu trưởng quyết định lên lớp",
                f"{name} follows an individual education plan: the principal decides promotion",
                value=promotion.value.value,
            )
        elif not promotion.final and context.stage is Stage.YEAR_END:
            yield make_finding(
                "year-end-summer-pending",
                (index,),
                record,
                f"{name}: {promotion.value.value}"
                + (
                    f" ({', '.join(promotion.reassess_subjects)})"
                    if promotion.reassess_subjects
                    else ""
                ),
                f"{name}: summer {'re-assessment' if outcome == 'REASSESSMENT' else 'training'} "
                "pending"
                + (
                    f" ({', '.join(promotion.reassess_subjects)})"
                    if promotion.reassess_subjects
                    else ""
                ),
                value=promotion.value.value,
                ctx={"subjects": promotion.reassess_subjects},
            )
        elif not promotion.final:
            if outcome == "SUMMER_TRAINING" and record.training_after_summer is None:
                yield make_finding(
                    "year-end-summer-training-missing",
                    (index, "training_after_summer"),
                    record,
                    f"{name}: chưa ghi kết quả rèn luyện sau hè",
                    f"{name}: the training result after summer training is not recorded",
                )
            missing_subjects = [
                s for s in promotion.reassess_subjects if s not in record.reassessments
            ]
            for subject in missing_subjects:
                yield make_finding(
                    "year-end-reassessment-missing",
                    (index, "reassessments", subject),
                    record,
                    f"{name}: chưa ghi kết quả kiểm tra, đánh giá lại môn {subject}",
                    f"{name}: the re-assessment result of {subject} is not recorded",
                    ctx={"subject": subject},
                )
