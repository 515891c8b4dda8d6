"""vnschool_records: record-keeping policy of Vietnamese secondary schools (THCS, THPT).

Exact averages and results under the assessment circulars (TT58/2011 as amended by
TT26/2020; TT22/2021), each explained with its arithmetic and article; the school
calendar and the deadlines of the sector's guidance; a data-quality review that finds
every problem before a sync; the grade book as an audited workflow; the year rollover.

>>> from decimal import Decimal
>>> import vnschool_records as vr
>>> reg = vr.regulation_for(7, "2023-2024")
>>> reg.id
<RegulationId.TT22_2021: 'TT22_2021'>
>>> reg.semester_average(["4.4", "3.8", "5.9"], "4.8", "5.3").value
Decimal('5.0')

The edges are reached by their dotted names and load their libraries only when used:
``vnschool_records.render`` (fpdf2), ``.excel`` (openpyxl), ``.sync`` (sqlite3),
``.signing`` (pyHanko), ``.calendar`` (holidays, icalendar — lazily).
"""

from vnschool_records._decimal import Score, format_score, parse_score, round_half_up
from vnschool_records._explain import Citation, Explained, Explanation
from vnschool_records._text import identity_key, name_sort_key, nfc
from vnschool_records._version import __version__
from vnschool_records.gradebook import Actor, AuditLog, GradeBook, LockScope, Role, RolePolicy
from vnschool_records.models import (
    Attendance,
    ClassGroup,
    CommentLevel,
    ConductLevel,
    Exemption,
    School,
    SchoolLevel,
    SchoolYear,
    Semester,
    Sex,
    Student,
    StudentYearRecord,
    Subject,
    SubjectAssessment,
    SubjectKind,
    Term,
    TrainingLevel,
    subject_catalogue,
)
from vnschool_records.regulations import (
    AcademicLevel,
    Award,
    LearningLevel,
    LearningResult,
    PromotionOutcome,
    PromotionResult,
    Regulation,
    RegulationId,
    SubjectAverage,
    Tt22Policy,
    Tt58Policy,
    YearResult,
    evaluate_year,
    regulation_for,
)
from vnschool_records.rollover import RolloverPlan, Roster, plan_rollover
from vnschool_records.validation import (
    DEFAULT_RULES,
    Finding,
    Report,
    RuleSet,
    Severity,
    Stage,
    ValidationContext,
    fix_vietnamese_text,
    validate,
)

__all__ = [
    "DEFAULT_RULES",
    "AcademicLevel",
    "Actor",
    "Attendance",
    "AuditLog",
    "Award",
    "Citation",
    "ClassGroup",
    "CommentLevel",
    "ConductLevel",
    "Exemption",
    "Explained",
    "Explanation",
    "Finding",
    "GradeBook",
    "LearningLevel",
    "LearningResult",
    "LockScope",
    "PromotionOutcome",
    "PromotionResult",
    "Regulation",
    "RegulationId",
    "Report",
    "Role",
    "RolePolicy",
    "RolloverPlan",
    "Roster",
    "RuleSet",
    "School",
    "SchoolLevel",
    "SchoolYear",
    "Score",
    "Semester",
    "Severity",
    "Sex",
    "Stage",
    "Student",
    "StudentYearRecord",
    "Subject",
    "SubjectAssessment",
    "SubjectAverage",
    "SubjectKind",
    "Term",
    "TrainingLevel",
    "Tt22Policy",
    "Tt58Policy",
    "ValidationContext",
    "YearResult",
    "__version__",
    "evaluate_year",
    "fix_vietnamese_text",
    "format_score",
    "identity_key",
    "name_sort_key",
    "nfc",
    "parse_score",
    "plan_rollover",
    "regulation_for",
    "round_half_up",
    "subject_catalogue",
    "validate",
]
