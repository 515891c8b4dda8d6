"""Domain models (Mô hình dữ liệu): pydantic v2 values with no policy logic.

>>> from vnschool_records.models import SchoolYear, ClassGroup
>>> ClassGroup(name="6A1", grade_level=6, school_year="2023-2024").level
<SchoolLevel.THCS: 'THCS'>
"""

from vnschool_records.models._base import (
    ClassGroup,
    Name,
    NfcStr,
    School,
    SchoolLevel,
    SchoolYear,
    Sex,
    Student,
)
from vnschool_records.models._bulk import parse_records
from vnschool_records.models._records import (
    Attendance,
    CommentLevel,
    ConductLevel,
    Exemption,
    ExemptionPart,
    Semester,
    StudentYearRecord,
    SubjectAssessment,
    Term,
    TrainingLevel,
)
from vnschool_records.models._subjects import (
    KEY_SUBJECT_CODES,
    Programme,
    Subject,
    SubjectKind,
    find_subject,
    subject_catalogue,
)

__all__ = [
    "KEY_SUBJECT_CODES",
    "Attendance",
    "ClassGroup",
    "CommentLevel",
    "ConductLevel",
    "Exemption",
    "ExemptionPart",
    "Name",
    "NfcStr",
    "Programme",
    "School",
    "SchoolLevel",
    "SchoolYear",
    "Semester",
    "Sex",
    "Student",
    "StudentYearRecord",
    "Subject",
    "SubjectAssessment",
    "SubjectKind",
    "Term",
    "TrainingLevel",
    "find_subject",
    "parse_records",
    "subject_catalogue",
]
