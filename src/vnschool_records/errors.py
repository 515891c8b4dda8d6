"""Exceptions (Ngoại lệ): misuse, missing coverage and I/O — never data problems.

Problems *in the records* (a score out of range, a missing assessment, an identifier
that contradicts a birth date) are :class:`~vnschool_records.validation.Finding` values,
collected in a report. Exceptions are for a caller who used the SDK wrongly, asked for
something the SDK has no data for, or for I/O that failed. Every class also subclasses
the closest builtin, so ``except ValueError`` keeps working for callers who do not know
this tree.

The hierarchy::

    VnSchoolRecordsError (Exception)
    ├── ScoreError (ValueError)                 a score that no circular allows
    ├── IdentifierError (ValueError)            personal id, student code, school code
    │   ├── InvalidFormatError
    │   │   └── InvalidLengthError
    │   └── InvalidComponentError               a digit that contradicts its meaning
    ├── IncompleteDataError (ValueError)        inputs missing for a computation
    ├── PolicyOptionError (ValueError)          an unknown or contradictory policy option
    ├── RegulationNotFoundError (LookupError)   no regulation for that grade and year
    ├── CalendarDataError (LookupError)         no calendar/holiday/plan data for a year
    ├── FindingsError (ValueError)              raised by Report.raise_for_findings()
    ├── PermissionDenied (PermissionError)      a role may not do that action
    │   └── LockedError                         the scope is locked
    ├── CorrectionError (ValueError)            a correction request out of order
    ├── AuditIntegrityError (ValueError)        the audit log was altered
    ├── RolloverError (ValueError)              a rollover plan that cannot be applied
    ├── MissingExtraError (ImportError)         an optional extra is not installed
    ├── WorkbookError (ValueError)              an Excel file that cannot be read at all
    ├── RenderError (RuntimeError)              a document could not be drawn
    ├── SigningError (RuntimeError)             signing or signature verification failed
    └── SyncError (RuntimeError)                anything a sync backend raised, mapped
        ├── TransientSyncError                  worth retrying (outage, time-out)
        ├── BatchRejectedError                  the target refused the whole batch
        ├── SyncConflictError                   the target changed since last acknowledged
        └── JournalError                        the sync journal is unreadable

>>> issubclass(LockedError, PermissionError)
True
>>> str(MissingExtraError("sign"))
"the optional extra 'sign' is not installed: pip install 'vnschool-records[sign]'"
"""

from __future__ import annotations

__all__ = [
    "AuditIntegrityError",
    "BatchRejectedError",
    "CalendarDataError",
    "CorrectionError",
    "FindingsError",
    "IdentifierError",
    "IncompleteDataError",
    "InvalidComponentError",
    "InvalidFormatError",
    "InvalidLengthError",
    "JournalError",
    "LockedError",
    "MissingExtraError",
    "PermissionDenied",
    "PolicyOptionError",
    "RegulationNotFoundError",
    "RenderError",
    "RolloverError",
    "ScoreError",
    "SigningError",
    "SyncConflictError",
    "SyncError",
    "TransientSyncError",
    "VnSchoolRecordsError",
    "WorkbookError",
]


class VnSchoolRecordsError(Exception):
    """Base of every exception the SDK raises on purpose."""


class ScoreError(VnSchoolRecordsError, ValueError):
    """A score (điểm) that no circular allows: not a number, outside 0–10, too many decimals."""


class IdentifierError(VnSchoolRecordsError, ValueError):
    """An identifier (mã định danh) that is not valid."""


class InvalidFormatError(IdentifierError):
    """The identifier has characters or a shape it cannot have."""


class InvalidLengthError(InvalidFormatError):
    """The identifier has the wrong number of digits."""


class InvalidComponentError(IdentifierError):
    """A part of the identifier contradicts what it encodes (province, century, sex, year)."""


class IncompleteDataError(VnSchoolRecordsError, ValueError):
    """The inputs of a computation are incomplete; the message names what is missing."""


class PolicyOptionError(VnSchoolRecordsError, ValueError):
    """A policy option that is unknown, or that contradicts the regulation it configures."""


class RegulationNotFoundError(VnSchoolRecordsError, LookupError):
    """No assessment regulation is known for that grade level and school year."""


class CalendarDataError(VnSchoolRecordsError, LookupError):
    """No calendar, holiday or school-year plan data is known for that year or place."""


class FindingsError(VnSchoolRecordsError, ValueError):
    """Raised on request by a report that holds findings at or above a severity."""


class PermissionDenied(VnSchoolRecordsError, PermissionError):  # noqa: N818 - name fixed by the issue
    """An actor's role does not allow the action; nothing was changed."""


class LockedError(PermissionDenied):
    """The action touches a locked scope of the grade book; nothing was changed."""


class CorrectionError(VnSchoolRecordsError, ValueError):
    """A correction step out of order (approve before confirm, a stale old value, …)."""


class AuditIntegrityError(VnSchoolRecordsError, ValueError):
    """The hash chain of an audit log does not verify: an entry was edited, removed or moved."""


class RolloverError(VnSchoolRecordsError, ValueError):
    """A year rollover plan that cannot be applied as it stands."""


class MissingExtraError(VnSchoolRecordsError, ImportError):
    """An optional extra is needed for this feature and is not installed."""

    def __init__(self, extra: str) -> None:
        self.extra = extra
        super().__init__(
            f"the optional extra {extra!r} is not installed: "
            f"pip install 'vnschool-records[{extra}]'"
        )


class WorkbookError(VnSchoolRecordsError, ValueError):
    """An Excel workbook that cannot be opened or is not a grade-book workbook at all."""


class RenderError(VnSchoolRecordsError, RuntimeError):
    """A document could not be drawn."""


class SigningError(VnSchoolRecordsError, RuntimeError):
    """A PDF could not be signed, or its signatures could not be checked."""


class SyncError(VnSchoolRecordsError, RuntimeError):
    """A sync to a target failed; ``__cause__`` keeps the backend's own exception."""


class TransientSyncError(SyncError):
    """A failure worth retrying: the target is down, slow or busy."""


class BatchRejectedError(SyncError):
    """The target refused a whole batch."""


class SyncConflictError(SyncError):
    """The target changed a record since the version the school last saw acknowledged."""


class JournalError(SyncError):
    """The durable sync journal cannot be read or written."""
