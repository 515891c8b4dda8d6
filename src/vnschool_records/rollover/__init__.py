"""Year rollover (Kết chuyển năm học): plan, preview and apply the move to the next year.

>>> from datetime import date
>>> from vnschool_records.models import ClassGroup, Student
>>> from vnschool_records.regulations import PromotionOutcome
>>> c6 = ClassGroup(name="6A1", grade_level=6, school_year="2023-2024")
>>> an = Student(student_id="HS1", full_name="Nguyễn Văn An",
...              date_of_birth=date(2012, 3, 4), sex="Nam")
>>> binh = Student(student_id="HS2", full_name="Trần Thị Bình",
...                date_of_birth=date(2012, 5, 6), sex="Nữ")
>>> plan = plan_rollover([(an, c6), (binh, c6)],
...     {"HS1": PromotionOutcome.PROMOTED, "HS2": PromotionOutcome.REASSESSMENT}, "2024-2025")
>>> [(i.student_id, i.outcome.name, i.to_class) for i in plan.items]
[('HS1', 'PROMOTED', '7A1'), ('HS2', 'PENDING_SUMMER', None)]
>>> roster = apply(plan)
>>> roster.class_counts(), apply(plan, roster) == roster
({'7A1': 1}, True)
>>> preview(plan).lines()
['6A1: 2 → Lên lớp 1, Chờ kiểm tra lại / rèn luyện hè 1', '7A1: 0 + 1 = 1']
"""

from vnschool_records.rollover._apply import (
    ClassChange,
    OldClassOutcomes,
    RolloverPreview,
    apply,
    preview,
    reapply,
)
from vnschool_records.rollover._plan import (
    Admission,
    IntakeConflict,
    RolloverItem,
    RolloverOutcome,
    RolloverPlan,
    plan_rollover,
)
from vnschool_records.rollover._roster import Enrolment, EnrolmentStatus, Roster

__all__ = [
    "Admission",
    "ClassChange",
    "Enrolment",
    "EnrolmentStatus",
    "IntakeConflict",
    "OldClassOutcomes",
    "RolloverItem",
    "RolloverOutcome",
    "RolloverPlan",
    "RolloverPreview",
    "Roster",
    "apply",
    "plan_rollover",
    "preview",
    "reapply",
]
