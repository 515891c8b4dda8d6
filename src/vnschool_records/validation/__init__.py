"""Validation (Rà soát dữ liệu): every problem in the records, found before a sync.

The guidance asks schools to review their data and correct errors before each sync
(rà soát, cập nhật, điều chỉnh sai sót — Công văn 1397/GDĐT-TrH). :func:`validate` runs
the :data:`DEFAULT_RULES` over student-year records (models or raw dicts) and returns a
:class:`Report` of :class:`Finding` values; it never raises on bad records. Each finding
has a stable code documented in ``docs/findings.md``, a severity, Vietnamese and English
messages, a pydantic-style location and the article the rule comes from.

Rules are values: ``DEFAULT_RULES + (my_rule,)`` adds one (anything with ``codes`` and
``check(batch)``, see :class:`Rule`; :class:`RecordRule` helps), ``.without(code)``
switches a code off.

>>> report = validate([])
>>> report.ok, len(report)
(True, 0)
"""

from vnschool_records._legacy import Repair, fix_vietnamese_text
from vnschool_records.validation._codes import FINDING_CODES, CodeInfo
from vnschool_records.validation._engine import DEFAULT_RULES, validate
from vnschool_records.validation._finding import (
    Family,
    Finding,
    Loc,
    Severity,
    UnresolvedFindingsError,
)
from vnschool_records.validation._report import Report
from vnschool_records.validation._rules import (
    Batch,
    RecordRule,
    Rule,
    RuleSet,
    Stage,
    ValidationContext,
    make_finding,
)

__all__ = [
    "DEFAULT_RULES",
    "FINDING_CODES",
    "Batch",
    "CodeInfo",
    "Family",
    "Finding",
    "Loc",
    "RecordRule",
    "Repair",
    "Report",
    "Rule",
    "RuleSet",
    "Severity",
    "Stage",
    "UnresolvedFindingsError",
    "ValidationContext",
    "fix_vietnamese_text",
    "make_finding",
    "validate",
]
