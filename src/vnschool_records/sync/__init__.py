"""Sync to the sector database (Đồng bộ cơ sở dữ liệu ngành): one seam, real backends.

No Vietnamese school-records system publishes a vendor API: schools upload Excel import
workbooks to the sector database (CSDL ngành), and vendors automate that. So the SDK gives
vendors one abstract seam, :class:`SyncBackend` (one required method, ``push``), and a
:class:`SyncClient` that guarantees a sync never loses or duplicates a record, whatever
fails in the middle.

>>> import tempfile, pathlib
>>> from vnschool_records.sync import SyncClient, SQLiteBackend
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> client = SyncClient(SQLiteBackend(folder / "csdl.sqlite"), folder / "journal.sqlite")
>>> client.sync([]).planned
0
>>> client.close()
"""

from vnschool_records.sync._backend import (
    InMemoryBackend,
    StoredRecord,
    SyncBackend,
    VersionedStore,
)
from vnschool_records.sync._client import (
    ResumeInfo,
    RetryPolicy,
    SyncClient,
    SyncReport,
    Validator,
    map_backend_error,
)
from vnschool_records.sync._files import ExcelImportBackend, JsonlBackend
from vnschool_records.sync._journal import (
    Journal,
    JsonlJournal,
    MemoryJournal,
    PendingBatch,
    RunInfo,
    SQLiteJournal,
    open_journal,
)
from vnschool_records.sync._layouts import (
    DEFAULT_LAYOUTS,
    RESULT_LAYOUT,
    SCORE_LAYOUT,
    STUDENT_LAYOUT,
    ImportColumn,
    ImportLayout,
    ImportLayouts,
)
from vnschool_records.sync._model import (
    Ack,
    Batch,
    Change,
    ChangeKind,
    Conflict,
    Receipt,
    Rejection,
    SyncFinding,
    canonical_json,
    content_hash,
)
from vnschool_records.sync._sqlite import SQLiteBackend

__all__ = [
    "DEFAULT_LAYOUTS",
    "RESULT_LAYOUT",
    "SCORE_LAYOUT",
    "STUDENT_LAYOUT",
    "Ack",
    "Batch",
    "Change",
    "ChangeKind",
    "Conflict",
    "ExcelImportBackend",
    "ImportColumn",
    "ImportLayout",
    "ImportLayouts",
    "InMemoryBackend",
    "Journal",
    "JsonlBackend",
    "JsonlJournal",
    "MemoryJournal",
    "PendingBatch",
    "Receipt",
    "Rejection",
    "ResumeInfo",
    "RetryPolicy",
    "RunInfo",
    "SQLiteBackend",
    "SQLiteJournal",
    "StoredRecord",
    "SyncBackend",
    "SyncClient",
    "SyncFinding",
    "SyncReport",
    "Validator",
    "VersionedStore",
    "canonical_json",
    "content_hash",
    "map_backend_error",
    "open_journal",
]
