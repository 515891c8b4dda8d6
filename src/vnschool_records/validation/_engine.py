"""The validation run (Chạy rà soát): records in, a :class:`Report` out, nothing raised."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Final

from vnschool_records._gc import gc_paused
from vnschool_records.models import StudentYearRecord
from vnschool_records.validation._attendance import AttendanceRule
from vnschool_records.validation._deadlines import DeadlineRule
from vnschool_records.validation._enrolment import AgeRule, ClassLevelRule
from vnschool_records.validation._finding import Finding
from vnschool_records.validation._gradebook import CompletenessRule, ScoreRule
from vnschool_records.validation._identity import DuplicateStudentRule, PersonalIdRule
from vnschool_records.validation._parsing import RawRecordRule
from vnschool_records.validation._report import Report
from vnschool_records.validation._rules import Batch, RuleSet, ValidationContext
from vnschool_records.validation._text_rules import NameRule
from vnschool_records.validation._year_end import YearEndRule

__all__ = ["DEFAULT_RULES", "validate"]

DEFAULT_RULES: Final = RuleSet(
    (
        RawRecordRule(),
        PersonalIdRule(),
        DuplicateStudentRule(),
        NameRule(),
        AgeRule(),
        ClassLevelRule(),
        CompletenessRule(),
        ScoreRule(),
        AttendanceRule(),
        YearEndRule(),
        DeadlineRule(),
    )
)
"""The built-in rules, in the order their findings are reported."""


def validate(
    records: Iterable[StudentYearRecord | dict[str, Any]],
    *,
    rules: RuleSet = DEFAULT_RULES,
    as_of: dt.date | None = None,
    context: ValidationContext | None = None,
) -> Report:
    """Validate records (Rà soát dữ liệu): every problem becomes a finding in the report.

    ``records`` may mix :class:`StudentYearRecord` models and raw dicts; a raw dict that
    does not validate becomes ``record-invalid`` / ``score-invalid`` findings with the
    pydantic location, and stays in ``Report.records`` as given. ``as_of`` is the date the
    data is planned to be synced (for the deadline rule). Wrong *arguments* — not records —
    raise ``TypeError`` here.

    >>> validate([{"student": {"student_id": "1"}}]).counts()
    {'record-invalid': 5}
    """
    if isinstance(records, (str, bytes, dict)) or not isinstance(records, Iterable):
        raise TypeError(
            "records must be an iterable of StudentYearRecord or dict, not "
            f"{type(records).__name__}"
        )
    if not isinstance(rules, RuleSet):
        raise TypeError(f"rules must be a RuleSet (e.g. DEFAULT_RULES + (mine,)), not {rules!r}")
    if as_of is not None and (not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime)):
        raise TypeError(f"as_of must be a date, not {type(as_of).__name__}")
    ctx = context if context is not None else ValidationContext()
    if not isinstance(ctx, ValidationContext):
        raise TypeError(f"context must be a ValidationContext, not {type(ctx).__name__}")
    with gc_paused():  # a bulk run: see vnschool_records._gc
        return _run(records, rules, as_of, ctx)


def _run(
    records: Iterable[StudentYearRecord | dict[str, Any]],
    rules: RuleSet,
    as_of: dt.date | None,
    ctx: ValidationContext,
) -> Report:
    disabled = rules.disabled
    parser = next((r for r in rules if isinstance(r, RawRecordRule)), RawRecordRule())
    inputs = list(records)
    parsed: list[StudentYearRecord | None] = []
    kept: list[Any] = []
    findings: list[Finding] = []
    for index, raw in enumerate(inputs):
        if type(raw) is StudentYearRecord:
            parsed.append(raw)
            kept.append(raw)
            continue
        record, found = parser.parse(index, raw, ctx)
        parsed.append(record)
        kept.append(record if record is not None else raw)
        findings.extend(found)
    batch = Batch(parsed, ctx, as_of)
    for rule in rules.active():
        findings.extend(rule.check(batch))
    if disabled:
        findings = [f for f in findings if f.code not in disabled]
    return Report(tuple(findings), tuple(kept))
