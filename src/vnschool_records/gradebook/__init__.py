"""Grade book (Sổ điểm điện tử): roles, locks, corrections with a hash-chained audit log.

A :class:`GradeBook` holds one class in one school year. Every entry is made by an
:class:`Actor` whose :class:`Role` the :class:`RolePolicy` checks (TT22/2021 Art. 18–20;
TT58/2011 Art. 19–21); locked scopes refuse entries; filled values change only through the
correction chain (subject teacher requests → homeroom teacher confirms → principal
approves once locked); and every event lands in an append-only, hash-chained
:class:`AuditLog` that verifies, exports as JSON lines, and replays to the same book.

>>> from datetime import date, datetime, timezone, timedelta
>>> from vnschool_records.models import ClassGroup, Student, subject_catalogue
>>> vn = timezone(timedelta(hours=7))
>>> cls = ClassGroup(name="6A1", grade_level=6, school_year="2023-2024")
>>> an = Student(student_id="HS001", full_name="Nguyễn Văn An",
...              date_of_birth=date(2012, 3, 4), sex="Nam")
>>> ht = Actor(actor_id="HT01", name="Lê Văn Hùng", role=Role.PRINCIPAL)
>>> gv = Actor(actor_id="GV01", name="Trần Thị Lan", role=Role.SUBJECT_TEACHER,
...            subjects=("toan",), classes=("6A1",))
>>> cn = Actor(actor_id="GV02", name="Phạm Minh Châu", role=Role.HOMEROOM_TEACHER,
...            classes=("6A1",))
>>> book = GradeBook.create(class_group=cls, students=[an],
...     subjects=subject_catalogue("2018", 6), created_by=ht,
...     at=datetime(2023, 9, 5, 8, 0, tzinfo=vn))
>>> cell = book.enter_score(gv, "HS001", "toan", 1, "gk", "6,5",
...                         at=datetime(2023, 11, 2, 9, 0, tzinfo=vn))
>>> lock = book.lock(ht, LockScope.for_semester(1), reason="Chốt sổ HK I",
...                  at=datetime(2024, 1, 10, 8, 0, tzinfo=vn))
>>> book.enter_score(gv, "HS001", "toan", 1, "ck", 7, at=datetime(2024, 1, 11, tzinfo=vn))
Traceback (most recent call last):
vnschool_records.gradebook._book.ScopeLockedError: GV01 (Trần Thị Lan, GVBM) may not ...
>>> c = book.request_correction(gv, cell, "7,5", reason="Cộng nhầm điểm",
...                             at=datetime(2024, 1, 12, tzinfo=vn))
>>> c = book.confirm_correction(cn, c.correction_id, at=datetime(2024, 1, 12, tzinfo=vn))
>>> c.status.value, book.value(cell)
('confirmed', Decimal('6.5'))
>>> c = book.approve_correction(ht, c.correction_id, at=datetime(2024, 1, 13, tzinfo=vn))
>>> c.status.value, book.value(cell), book.verify().ok
('applied', Decimal('7.5'), True)
>>> GradeBook.replay(book.log).snapshot() == book.snapshot()
True
"""

from vnschool_records.gradebook._audit import (
    GENESIS_HASH,
    Approval,
    AuditEntry,
    AuditLog,
    EventKind,
    VerificationResult,
    canonical_json,
)
from vnschool_records.gradebook._book import (
    BookSetup,
    BookState,
    CellEntry,
    Correction,
    CorrectionStatus,
    GradeBook,
    GradeBookDocument,
    ScopeLockedError,
    UnknownEntryError,
)
from vnschool_records.gradebook._cells import (
    AbsenceKind,
    Cell,
    CellKind,
    CellValue,
    Encoded,
    TrainingPeriod,
    decode_value,
    encode_value,
    format_value,
)
from vnschool_records.gradebook._locks import Lock, LockLevel, LockScope
from vnschool_records.gradebook._pages import PageCorrections, corrections_per_page
from vnschool_records.gradebook._policy import (
    DEFAULT_POLICY,
    Action,
    ActionDenied,
    Actor,
    Decision,
    PolicyRule,
    Role,
    RolePolicy,
    RuleScope,
)

__all__ = [
    "DEFAULT_POLICY",
    "GENESIS_HASH",
    "AbsenceKind",
    "Action",
    "ActionDenied",
    "Actor",
    "Approval",
    "AuditEntry",
    "AuditLog",
    "BookSetup",
    "BookState",
    "Cell",
    "CellEntry",
    "CellKind",
    "CellValue",
    "Correction",
    "CorrectionStatus",
    "Decision",
    "Encoded",
    "EventKind",
    "GradeBook",
    "GradeBookDocument",
    "Lock",
    "LockLevel",
    "LockScope",
    "PageCorrections",
    "PolicyRule",
    "Role",
    "RolePolicy",
    "RuleScope",
    "ScopeLockedError",
    "TrainingPeriod",
    "UnknownEntryError",
    "VerificationResult",
    "canonical_json",
    "corrections_per_page",
    "decode_value",
    "encode_value",
    "format_value",
]
