"""Rules (Quy tắc) and rule sets: the extension point of the validation engine."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable

from vnschool_records._explain import Citation
from vnschool_records.identifiers import CodeFormat
from vnschool_records.models import School, StudentYearRecord
from vnschool_records.validation._codes import FINDING_CODES
from vnschool_records.validation._finding import Family, Finding, Loc, Severity

__all__ = [
    "Batch",
    "RecordRule",
    "Rule",
    "RuleSet",
    "Stage",
    "ValidationContext",
    "make_finding",
]


class Stage(StrEnum):
    """What the data is being reviewed for (Giai đoạn), which decides what must be complete."""

    REVIEW = "review"
    """A review at any time: both semesters must be complete; no year-end checks."""
    SEMESTER_1 = "semester-1"
    """Before the sync after the semester-I review (sơ kết HK I): semester I only."""
    YEAR_END = "year-end"
    """Before the year-end sync (tổng kết năm học): results computable, promotion decided."""
    AFTER_SUMMER = "after-summer"
    """After summer re-assessment and training: their results must be recorded."""


@dataclass(frozen=True, slots=True)
class ValidationContext:
    """Validation context (Bối cảnh rà soát): what the records are checked for.

    ``school`` lets the engine check class levels against the school's levels;
    ``student_code_format`` makes ``student_id`` be checked as a sector student code;
    ``sync_deadline`` overrides the deadline looked up in the calendar;
    ``repair_text`` repairs legacy-encoded text in raw records before parsing them (the
    repair is reported as a finding either way).
    """

    stage: Stage = Stage.REVIEW
    school: School | None = None
    student_code_format: CodeFormat | None = None
    sync_deadline: dt.date | None = None
    repair_text: bool = True
    max_years_over_age: int = 3
    """Years above the charter age accepted without a finding (repeating a grade, late
    entry; TT32/2020 Art. 33). Students in the Art. 33 exception groups get 3 more."""

    @property
    def semesters(self) -> tuple[int, ...]:
        """The semesters whose assessments must be complete."""
        return (1,) if self.stage is Stage.SEMESTER_1 else (1, 2)


@dataclass(frozen=True, slots=True)
class Batch:
    """What a rule sees: the records (``None`` where a raw record could not be parsed)."""

    records: Sequence[StudentYearRecord | None]
    context: ValidationContext = field(default_factory=ValidationContext)
    as_of: dt.date | None = None

    def parsed(self) -> Iterator[tuple[int, StudentYearRecord]]:
        """``(index, record)`` for every record that parsed."""
        for i, record in enumerate(self.records):
            if record is not None:
                yield i, record


@runtime_checkable
class Rule(Protocol):
    """Rule (Quy tắc): checks a batch of records and yields findings.

    ``codes`` lists every code the rule can report (``RuleSet.without`` uses it);
    ``family`` is the heading its findings appear under. A rule must not raise on bad
    data — bad data is what findings are for.
    """

    @property
    def codes(self) -> frozenset[str]:
        """Codes this rule may report."""
        ...

    def check(self, batch: Batch) -> Iterable[Finding]:
        """Findings for the batch."""
        ...


def make_finding(
    code: str,
    loc: Loc,
    record: StudentYearRecord | None,
    message_vi: str,
    message_en: str,
    *,
    value: Any = None,
    reference: Citation | None = None,
    severity: Severity | None = None,
    ctx: Mapping[str, Any] | None = None,
    student_id: str | None = None,
    class_name: str | None = None,
) -> Finding:
    """A finding for a built-in code, with the registry's family, severity and source."""
    info = FINDING_CODES[code]
    return Finding(
        code=code,
        severity=severity or info.severity,
        family=info.family,
        message_vi=message_vi,
        message_en=message_en,
        loc=loc,
        reference=reference or info.reference,
        value=value,
        student_id=record.student.student_id if record is not None else student_id,
        class_name=record.class_group.name if record is not None else class_name,
        ctx=MappingProxyType(dict(ctx)) if ctx else MappingProxyType({}),
    )


class RecordRule(ABC):
    """Base for rules that look at one record at a time: implement :meth:`check_record`."""

    codes: frozenset[str] = frozenset()
    family: Family = Family.RECORD

    def check(self, batch: Batch) -> Iterator[Finding]:
        """Run :meth:`check_record` on every parsed record."""
        context = batch.context
        for index, record in batch.parsed():
            yield from self.check_record(index, record, context)

    @abstractmethod
    def check_record(
        self, index: int, record: StudentYearRecord, context: ValidationContext
    ) -> Iterable[Finding]:
        """Findings for one record; ``index`` is its position in the input."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class RuleSet(Sequence[Rule]):
    """Rule set (Bộ quy tắc): an immutable sequence of rules, with codes switched off.

    ``DEFAULT_RULES + (mine,)`` adds rules; ``.without("name-all-caps")`` switches a code
    off (its findings are dropped, and a rule whose codes are all off is not run). Neither
    changes the original set.
    """

    __slots__ = ("_disabled", "_rules")

    def __init__(self, rules: Iterable[Rule] = (), *, disabled: Iterable[str] = ()) -> None:
        checked: list[Rule] = []
        for rule in rules:
            if not isinstance(rule, Rule):
                raise TypeError(f"{rule!r} is not a Rule (it needs .codes and .check(batch))")
            checked.append(rule)
        self._rules: tuple[Rule, ...] = tuple(checked)
        self._disabled: frozenset[str] = frozenset(disabled)

    def __len__(self) -> int:
        return len(self._rules)

    def __getitem__(self, index: int) -> Rule:  # type: ignore[override]
        return self._rules[index]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules)

    def __add__(self, other: Iterable[Rule]) -> RuleSet:
        extra = tuple(other)
        disabled = self._disabled
        if isinstance(other, RuleSet):
            disabled = disabled | other.disabled
        return RuleSet(self._rules + extra, disabled=disabled)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RuleSet):
            return NotImplemented
        return self._rules == other._rules and self._disabled == other._disabled

    def __hash__(self) -> int:
        return hash((self._rules, self._disabled))

    def __repr__(self) -> str:
        off = f", disabled={sorted(self._disabled)!r}" if self._disabled else ""
        return f"RuleSet({list(self._rules)!r}{off})"

    @property
    def disabled(self) -> frozenset[str]:
        """Codes switched off."""
        return self._disabled

    @property
    def codes(self) -> frozenset[str]:
        """Every code the set's rules can still report."""
        every = frozenset().union(*(r.codes for r in self._rules))
        return every - self._disabled

    def without(self, *codes: str) -> RuleSet:
        """A copy with ``codes`` switched off; an unknown code is a ``ValueError``."""
        known = frozenset().union(*(r.codes for r in self._rules))
        unknown = sorted(set(codes) - known)
        if unknown:
            raise ValueError(f"no rule in this set reports {', '.join(map(repr, unknown))}")
        return RuleSet(self._rules, disabled=self._disabled | frozenset(codes))

    def active(self) -> tuple[Rule, ...]:
        """The rules that still report at least one code."""
        return tuple(r for r in self._rules if not r.codes <= self._disabled)
