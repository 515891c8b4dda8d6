"""Report (Báo cáo rà soát): the findings of a validation run, grouped, counted, summarised."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from vnschool_records._explain import check_lang
from vnschool_records._text import name_sort_key
from vnschool_records.models import StudentYearRecord
from vnschool_records.validation._finding import (
    Family,
    Finding,
    Severity,
    UnresolvedFindingsError,
)

__all__ = ["Report"]

K = TypeVar("K", bound=Hashable)

_NO_CLASS = "—"


def _group(
    findings: tuple[Finding, ...], key: Callable[[Finding], K]
) -> dict[K, tuple[Finding, ...]]:
    groups: dict[K, list[Finding]] = {}
    for f in findings:
        groups.setdefault(key(f), []).append(f)
    return {k: tuple(v) for k, v in groups.items()}


@dataclass(frozen=True, slots=True)
class Report:
    """Report (Báo cáo rà soát): every finding of a run, and every record it was given.

    ``records`` has one entry per input, in input order: the parsed (and, for raw input,
    text-repaired) :class:`StudentYearRecord`, or the raw input itself when it could not
    be parsed — a run never loses a record.
    """

    findings: tuple[Finding, ...]
    records: tuple[StudentYearRecord | Any, ...] = ()

    # -- what a caller asks first
    @property
    def ok(self) -> bool:
        """No finding of severity error."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    @property
    def valid_records(self) -> tuple[StudentYearRecord, ...]:
        """The records that parsed into models."""
        return tuple(r for r in self.records if isinstance(r, StudentYearRecord))

    # -- counting and grouping
    def counts(self) -> Mapping[str, int]:
        """Number of findings per code, most frequent first."""
        return dict(Counter(f.code for f in self.findings).most_common())

    def count(self, severity: Severity | str | None = None) -> int:
        """Number of findings, or of those with ``severity``."""
        if severity is None:
            return len(self.findings)
        wanted = Severity(severity)
        return sum(1 for f in self.findings if f.severity is wanted)

    def by_code(self) -> dict[str, tuple[Finding, ...]]:
        """Findings grouped by code."""
        return _group(self.findings, lambda f: f.code)

    def by_class(self) -> dict[str | None, tuple[Finding, ...]]:
        """Findings grouped by class name (``None`` for findings about no one class)."""
        return _group(self.findings, lambda f: f.class_name)

    def by_student(self) -> dict[str | None, tuple[Finding, ...]]:
        """Findings grouped by student id."""
        return _group(self.findings, lambda f: f.student_id)

    def by_family(self) -> dict[Family, tuple[Finding, ...]]:
        """Findings grouped by rule family."""
        return _group(self.findings, lambda f: f.family)

    def filter(
        self,
        *,
        min_severity: Severity | str | None = None,
        code: str | None = None,
        family: Family | str | None = None,
    ) -> Report:
        """A report with only the findings that match every criterion given."""
        rank = Severity(min_severity).rank if min_severity is not None else -1
        fam = Family(family) if family is not None else None
        kept = tuple(
            f
            for f in self.findings
            if f.severity.rank >= rank
            and (code is None or f.code == code)
            and (fam is None or f.family is fam)
        )
        return Report(kept, self.records)

    def raise_for_findings(self, min_severity: Severity | str = Severity.ERROR) -> None:
        """Raise :class:`UnresolvedFindingsError` (a ``FindingsError``) if any finding is at
        or above ``min_severity``; do nothing otherwise."""
        level = Severity(min_severity)
        offending = tuple(f for f in self.findings if f.severity.rank >= level.rank)
        if offending:
            raise UnresolvedFindingsError(offending, level)

    # -- the principal's review
    def summary(self, lang: str = "vi", *, examples: int = 3) -> str:
        """A review a principal can read: per class, per rule family, count and first examples.

        >>> print(Report(()).summary("en"))
        Data review: no findings.
        """
        checked = check_lang(lang)
        vi = checked == "vi"
        if not self.findings:
            return "Rà soát dữ liệu: không có phát hiện nào." if vi else "Data review: no findings."
        n_err, n_warn, n_info = (self.count(s) for s in Severity)
        lines = [
            (
                f"Rà soát dữ liệu: {len(self.findings)} phát hiện ({n_err} lỗi, {n_warn} cảnh "
                f"báo, {n_info} thông tin) trên {len(self.records)} hồ sơ."
                if vi
                else f"Data review: {len(self.findings)} findings ({n_err} errors, {n_warn} "
                f"warnings, {n_info} info) in {len(self.records)} records."
            )
        ]
        classes = self.by_class()
        order = sorted(classes, key=lambda c: (c is None, name_sort_key(c or "")))
        for class_name in order:
            found = classes[class_name]
            label = class_name or _NO_CLASS
            title = f"Lớp {label}" if vi else f"Class {label}"
            if class_name is None:
                title = "Chung (không thuộc lớp nào)" if vi else "General (no single class)"
            lines.append("")
            lines.append(f"{title}: {len(found)}")
            families = _group(found, lambda f: f.family)
            for family in Family:
                if family not in families:
                    continue
                in_family = families[family]
                lines.append(f"  {family.label(checked)}: {len(in_family)}")
                for f in in_family[:examples]:
                    lines.append(f"    - [{f.code}] {f.message(checked)}")
                rest = len(in_family) - examples
                if rest > 0:
                    lines.append(
                        f"    … {'và' if vi else 'and'} {rest} {'phát hiện khác' if vi else 'more'}"
                    )
        return "\n".join(lines)
