"""Sync client (Trình đồng bộ): exactly-once sync of a school's records to a target.

The client decides what changed since the target last acknowledged it, sends it in
ordered batches with deterministic idempotency keys, retries transient failures with
backoff, maps every foreign exception to :class:`~vnschool_records.errors.SyncError`
(``__cause__`` kept), and writes each step to a durable journal first, so a run killed
at any point resumes where it stopped.

Schools must keep the sector database (CSDL ngành) up to date: the new year's data within
a week of the opening day, results within a week of each semester's review (Công văn
1397/GDĐT-TrH of 18/5/2020). Pass the school year's ``deadlines`` from
:func:`vnschool_records.calendar.deadlines` and the report names each obligation whose
data this sync sends after its deadline (or pass one ``deadline`` date for a plain check).
"""

from __future__ import annotations

import errno
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any, Final, Literal

from vnschool_records._gc import gc_paused
from vnschool_records.errors import (
    BatchRejectedError,
    SyncError,
    TransientSyncError,
)
from vnschool_records.models import StudentYearRecord
from vnschool_records.regulations._types import YearResult
from vnschool_records.sync._backend import SyncBackend
from vnschool_records.sync._derive import Derived, Deriver, group_of
from vnschool_records.sync._journal import AckColumns, AckLine, Journal, kind_of, open_journal
from vnschool_records.sync._model import (
    KIND_ORDER,
    Batch,
    Change,
    ChangeKind,
    Conflict,
    Receipt,
    Rejection,
    Severity,
    SyncFinding,
)

if TYPE_CHECKING:
    from vnschool_records.calendar import Deadline

__all__ = [
    "ResumeInfo",
    "RetryPolicy",
    "SyncClient",
    "SyncReport",
    "Validator",
    "map_backend_error",
]

_IKEY: Final = attrgetter("idempotency_key")
_KEY: Final = attrgetter("key")
_KIND: Final = attrgetter("kind")
_VERSION: Final = itemgetter(2)
_ITEM_KEY: Final = itemgetter(1)  # an Item's or a Change's key
_SCORE: Final = ChangeKind.SCORE.value

DEADLINE_REFERENCE: Final = "Công văn 1397/GDĐT-TrH ngày 18/5/2020"

_TRANSIENT_ERRNOS: Final = frozenset(
    {errno.EAGAIN, errno.EBUSY, errno.ETIMEDOUT, errno.ECONNRESET, errno.ECONNREFUSED}
)


def map_backend_error(exc: BaseException, where: str) -> SyncError:
    """The :class:`SyncError` a backend's exception becomes (the exception itself if it is one).

    ``TimeoutError``, ``ConnectionError`` and busy/again ``OSError``\\ s are transient and
    worth retrying; anything else is a plain :class:`SyncError`.

    >>> type(map_backend_error(ConnectionResetError("reset"), "X")).__name__
    'TransientSyncError'
    >>> str(map_backend_error(KeyError("k"), "MyBackend"))
    "MyBackend failed: KeyError: 'k'"
    """
    if isinstance(exc, SyncError):
        return exc
    text = f"{where} failed: {type(exc).__name__}: {exc}"
    if isinstance(exc, TimeoutError | ConnectionError) or (
        isinstance(exc, OSError) and exc.errno in _TRANSIENT_ERRNOS
    ):
        return TransientSyncError(text)
    return SyncError(text)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Retry policy (chính sách thử lại): attempts and exponential backoff for transient errors.

    >>> [RetryPolicy(base_delay=0.5, max_delay=3).delay(n) for n in (1, 2, 3, 4, 5)]
    [0.5, 1.0, 2.0, 3, 3]
    """

    attempts: int = 5
    base_delay: float = 0.5
    multiplier: float = 2.0
    max_delay: float = 30.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("RetryPolicy.attempts must be at least 1")

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (from 1)."""
        return min(self.max_delay, self.base_delay * self.multiplier ** (attempt - 1))


@dataclass(frozen=True, slots=True)
class ResumeInfo:
    """What a run resumed: the interrupted run, how far it got, what was re-sent."""

    run_id: int
    acked_batches: int
    planned_batches: int
    replayed_changes: int

    def describe(self, lang: str = "vi") -> str:
        """One sentence for the sync log.

        >>> ResumeInfo(3, 12, 45, 1000).describe("en")
        'Resumed run 3: 12 of 45 batches had been acknowledged; 1000 in-flight changes re-sent.'
        """
        if lang == "en":
            return (
                f"Resumed run {self.run_id}: {self.acked_batches} of {self.planned_batches}"
                f" batches had been acknowledged; {self.replayed_changes} in-flight changes"
                " re-sent."
            )
        return (
            f"Tiếp tục lượt {self.run_id}: {self.acked_batches}/{self.planned_batches} lô đã"
            f" được xác nhận; gửi lại {self.replayed_changes} thay đổi đang dở."
        )


@dataclass(frozen=True, slots=True)
class SyncReport:
    """Sync report (Báo cáo đồng bộ): what one run did.

    ``planned`` changes were found different from what the target acknowledged; each
    ended accepted, skipped (already held), rejected (with a finding) or in conflict (not
    overwritten, with a finding showing both versions). ``refused`` is true when the
    validation engine's error findings stopped the run before anything was sent.
    """

    run_id: int
    planned: int = 0
    batches: int = 0
    accepted: int = 0
    skipped: int = 0
    rejected: tuple[Rejection, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    findings: tuple[SyncFinding, ...] = ()
    resumed: ResumeInfo | None = None
    retries: int = 0
    refused: bool = False
    sent_keys: tuple[str, ...] = field(default=(), repr=False)

    @property
    def ok(self) -> bool:
        """Nothing refused, rejected or in conflict."""
        return not (self.refused or self.rejected or self.conflicts)


Validator = Callable[[Sequence[StudentYearRecord]], Iterable[Any]]
"""Returns findings (objects with ``code`` and ``severity``) for the records."""


def _default_validator() -> Validator | None:
    try:
        from vnschool_records import validation
    except ImportError:
        return None
    validate = getattr(validation, "validate", None)
    if validate is None:
        return None

    def run(records: Sequence[StudentYearRecord]) -> Iterable[Any]:
        report = validate(records)
        findings = getattr(report, "findings", report)
        return list(findings)

    return run


_SEVERITIES: Final[dict[str, Severity]] = {"error": "error", "warning": "warning", "info": "info"}


def _severity(finding: Any) -> str:
    sev = getattr(finding, "severity", "")
    return str(getattr(sev, "value", sev)).lower()


def _reference_text(reference: Any) -> str | None:
    if reference is None or isinstance(reference, str):
        return reference
    formatter = getattr(reference, "format", None)
    return str(formatter("vi")) if callable(formatter) else str(reference)


def _as_sync_finding(finding: Any) -> SyncFinding:
    """A validator's finding as a :class:`SyncFinding`, keeping its severity.

    ``validation.Finding`` carries a rule family and a ``Citation``; the report keeps its
    code, severity, both messages, location (as text), the citation formatted in
    Vietnamese and the value found. An unknown severity counts as an error.
    """
    if isinstance(finding, SyncFinding):
        return finding
    code = str(getattr(finding, "code", "validation"))
    vi = getattr(finding, "message_vi", None) or str(getattr(finding, "message", code))
    en = getattr(finding, "message_en", None) or vi
    loc = getattr(finding, "loc", ())
    severity = _severity(finding)
    value = getattr(finding, "value", None)
    return SyncFinding(
        code=code,
        severity=_SEVERITIES.get(severity, "error"),
        message_vi=str(vi),
        message_en=str(en),
        loc=tuple(str(p) for p in loc) if isinstance(loc, tuple | list) else (str(loc),),
        reference=_reference_text(getattr(finding, "reference", None)),
        value=None if value is None else str(value),
    )


class SyncClient:
    """Sync client (Trình đồng bộ): turns records into acknowledged changes on a target.

    Args:
        backend: the target.
        journal: a :class:`~vnschool_records.sync.Journal`, a path (``.jsonl`` → JSON
            lines, anything else → SQLite) or ``None`` (in memory: nothing survives).
        batch_size: changes per batch.
        retry: attempts and backoff for transient failures.
        sleep: how to wait between attempts (inject a fake in tests).
        today: today's date, for the deadline check.
        validator: ``"auto"`` uses :func:`vnschool_records.validation.validate` when
            installed; a callable replaces it; ``None`` sends without validating.

    A sync sends the *complete* current state of the kinds it covers: a record the target
    acknowledged and the school no longer has becomes a tombstone. Results are covered
    only when ``results`` is passed.
    """

    def __init__(
        self,
        backend: SyncBackend,
        journal: Journal | str | Any = None,
        *,
        batch_size: int = 1000,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        today: Callable[[], date] = date.today,
        validator: Validator | Literal["auto"] | None = "auto",
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.backend = backend
        self.journal = open_journal(journal)
        self.batch_size = batch_size
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._today = today
        self._validator = _default_validator() if validator == "auto" else validator
        self._deriver = Deriver()
        self._name = type(backend).__name__

    # ------------------------------------------------------------------ public
    def sync(
        self,
        records: Iterable[StudentYearRecord],
        results: Iterable[YearResult] | None = None,
        *,
        deadline: date | None = None,
        deadlines: Iterable[Deadline] | None = None,
    ) -> SyncReport:
        """Send what changed; return what happened. See the class docstring.

        Args:
            records: the school's records: the complete current state of what they cover.
            results: the year results to sync as well (``None``: results are not covered).
            deadline: a date; syncing after it gives a ``sync-after-deadline`` warning.
            deadlines: the school year's deadlines (:func:`vnschool_records.calendar.deadlines`).
                For each one counted from an event of Công văn 1397/GDĐT-TrH whose last day
                has passed, changes of the data it covers that this run sends give one
                ``sync-after-deadline`` warning, naming the obligation, its last day, how
                many changes and its citation. Deadlines with a fixed date (one-off rows
                of 2019-2020) cover no kind of change and are skipped.

        Raises:
            TypeError: ``deadlines`` holds something other than calendar deadlines.
            SyncError: the backend failed for good (after retries, for transient errors);
                the journal keeps the unsent batch, and the next call resumes it.
        """
        records = list(records)
        dues = _anchored(deadlines)
        tally = _Tally()
        journal = self.journal
        interrupted = journal.unfinished_run()
        pending = journal.pending()
        resumed_from = (
            interrupted.run_id if interrupted else (pending[0].run_id if pending else None)
        )
        resumed = None
        if resumed_from is not None:
            old = next(r for r in journal.runs() if r.run_id == resumed_from)
            for p in pending:
                self._send_and_record(Batch(p.changes, p.run_id, p.sequence), tally)
            resumed = ResumeInfo(
                old.run_id,
                old.acked_batches,
                old.planned_batches,
                sum(len(p.changes) for p in pending),
            )
        findings: list[SyncFinding] = []
        if self._validator is not None:
            # Errors refuse the sync; warnings and notes travel in the report either way.
            checked = [_as_sync_finding(f) for f in self._validator(records)]
            errors = [f for f in checked if f.severity == "error"]
            findings = [f for f in checked if f.severity != "error"]
            if errors:
                run = journal.begin_run(0, 0, resumed_from=resumed_from)
                journal.end_run(run.run_id, "refused", f"{len(errors)} validation errors")
                return tally.report(run.run_id, errors + findings, resumed, refused=True)
        if deadline is not None and self._today() > deadline:
            findings.append(_late(deadline, self._today()))
        with gc_paused(promote=True):
            return self._plan_and_send(
                records, results, findings, tally, resumed, resumed_from, dues
            )

    def _plan_and_send(
        self,
        records: list[StudentYearRecord],
        results: Iterable[YearResult] | None,
        findings: list[SyncFinding],
        tally: _Tally,
        resumed: ResumeInfo | None,
        resumed_from: int | None,
        dues: Sequence[Deadline] = (),
    ) -> SyncReport:
        journal = self.journal
        derived = self._deriver.derive(records, results, journal.seals)
        findings.extend(_duplicate(k) for k in self._deriver.duplicates)
        scope = {k.value for k in ChangeKind}
        if results is None:
            scope -= {ChangeKind.SEMESTER_RESULT.value, ChangeKind.YEAR_RESULT.value}
        changes = self._diff(derived, scope)
        if dues:
            findings.extend(_late_findings(dues, changes, self._today()))
        size = self.batch_size
        chunks = [changes[i : i + size] for i in range(0, len(changes), size)]
        # One durable step starts the run, forgets the seals of the groups it will send (a
        # seal goes before any of its scores is sent, so it never outlives the acknowledged
        # state it vouches for, even if this run is killed) and writes batch 1 ahead.
        run = journal.begin_run(
            len(changes),
            len(chunks),
            resumed_from=resumed_from,
            unseal={group_of(c.key) for c in changes if c.kind == _SCORE} if journal.seals else (),
            first_batch=chunks[0] if chunks else None,
        )
        tally.planned = len(changes)
        try:
            last: tuple[int, Sequence[AckLine]] | None = None
            if chunks:
                for seq, chunk in enumerate(chunks[:-1], start=1):
                    self._send_and_record(Batch(tuple(chunk), run.run_id, seq), tally, chunks[seq])
                last = self._send_last(chunks, run.run_id, tally)
            report = tally.report(run.run_id, findings, resumed)
            # The last receipt, the seals it completes and the run's end: one durable step.
            journal.finish_run(
                run.run_id,
                "completed",
                f"accepted {report.accepted}, skipped {report.skipped}, rejected"
                f" {len(report.rejected)}, conflicts {len(report.conflicts)}"
                + (f"; {resumed.describe('en')}" if resumed else ""),
                last_batch=last,
                seals=self._seals(derived, tally),
            )
        except BaseException as exc:
            journal.end_run(run.run_id, "failed", f"{type(exc).__name__}: {exc}")
            raise
        return report

    def close(self) -> None:
        """Close the journal and the backend."""
        try:
            self.journal.close()
        finally:
            self.backend.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ internals
    def _diff(self, derived: Derived, scope: set[str]) -> list[Change]:
        acked = self.journal.acked
        get = acked.get
        new = tuple.__new__
        out: list[Change] = []
        present_live = derived.sealed_items + derived.present if _SCORE in scope else 0
        groups = derived.items

        def new_ikeys(hashes: Iterable[str]) -> Iterator[str]:
            return map(str.__add__, hashes, repeat(".0"))

        for kind in ChangeKind:
            if kind.value not in scope:
                continue
            items = groups[kind.value]
            if items and acked.keys().isdisjoint(map(_ITEM_KEY, items)):
                # Nothing of these was acknowledged yet (a first sync): all new, built in C.
                kinds, keys, datas, hashes = zip(*items, strict=True)
                n = len(keys)
                fresh = zip(
                    kinds,
                    keys,
                    datas,
                    repeat(False, n),
                    repeat(None, n),
                    hashes,
                    new_ikeys(hashes),
                    strict=True,
                )
                out.extend(map(new, repeat(Change), fresh))
                continue
            for k, key, data, chash in items:
                a = get(key)
                if a is None:
                    out.append(new(Change, (k, key, data, False, None, chash, chash + ".0")))
                    continue
                if not a[2]:
                    present_live += 1
                if a[0] != chash:
                    base = a[1] or None
                    out.append(new(Change, (k, key, data, False, base, chash, f"{chash}.{a[1]}")))
        live = sum(self.journal.live_by_kind[k] for k in scope)
        if present_live != live:
            current = {item[1] for kind in scope for item in groups[kind]}
            # The fresh groups' items reused unchanged (``present``) are not in ``groups``.
            current.update(item[1] for _, _, items in derived.fresh for item in items)
            sealed = set(derived.sealed)
            gone = [
                Change.create(kind_of(key), key, tombstone=True, base_version=v or None)
                for key, (_h, v, tomb) in acked.items()
                if not tomb
                and kind_of(key) in scope
                and key not in current
                and not (key.startswith("score/") and group_of(key) in sealed)
            ]
            gone.sort(key=lambda c: -KIND_ORDER[c.kind])
            out.extend(gone)
        return out

    def _seals(self, derived: Derived, tally: _Tally) -> list[tuple[str, str, int]]:
        """The groups derived this run to seal: those whose items all stand acknowledged.

        A derived item was either already acknowledged with its hash (the diff found it
        equal) or sent, and :meth:`_check` made sure every sent change came back accepted,
        skipped (both recorded with its hash), rejected or in conflict. So the groups left
        unsettled are exactly those holding a rejected or conflicting key.
        """
        unsettled = {group_of(r.key) for r in tally.rejected}
        unsettled.update(group_of(c.key) for c in tally.conflicts)
        return [
            (gkey, digest, len(items))
            for gkey, digest, items in derived.fresh
            if gkey not in unsettled
        ]

    def _send_and_record(
        self, batch: Batch, tally: _Tally, following: Sequence[Change] | None = None
    ) -> None:
        receipt, by_ikey = self._send(batch, tally)
        acks = _acks(batch, receipt, by_ikey)
        self.journal.record_receipt(batch.run_id, batch.sequence, acks, then_pending=following)
        tally.add(receipt, batch)

    def _send_last(
        self, chunks: list[list[Change]], run_id: int, tally: _Tally
    ) -> tuple[int, Sequence[AckLine]]:
        """Send the run's last batch; its receipt is recorded with the run's end."""
        batch = Batch(tuple(chunks[-1]), run_id, len(chunks))
        receipt, by_ikey = self._send(batch, tally)
        tally.add(receipt, batch)
        return len(chunks), _acks(batch, receipt, by_ikey)

    def _send(self, batch: Batch, tally: _Tally) -> tuple[Receipt, dict[str, Change] | None]:
        attempt = 0
        while True:
            attempt += 1
            try:
                receipt = self.backend.push(batch)
            except Exception as exc:
                mapped = map_backend_error(exc, self._name)
                if isinstance(mapped, BatchRejectedError):
                    receipt = Receipt.reject_all(
                        batch,
                        "sync-batch-rejected",
                        f"Hệ thống đích từ chối cả lô: {mapped}",
                        f"The target refused the whole batch: {mapped}",
                    )
                elif isinstance(mapped, TransientSyncError) and attempt < self.retry.attempts:
                    tally.retries += 1
                    self._sleep(self.retry.delay(attempt))
                    continue
                elif mapped is exc:
                    raise
                else:
                    raise mapped from exc
            return receipt, self._check(batch, receipt)

    def _check(self, batch: Batch, receipt: Receipt) -> dict[str, Change] | None:
        """Refuse a receipt that leaves out a change; ``None`` when all were accepted in order."""
        if (
            not (receipt.skipped or receipt.rejected or receipt.conflicts)
            and len(receipt.accepted) == len(batch.changes)
            and list(map(_IKEY, receipt.accepted)) == list(map(_IKEY, batch.changes))
        ):
            return None
        by_ikey = {c.idempotency_key: c for c in batch.changes}
        expected = Counter(c.idempotency_key for c in batch.changes)
        got = Counter(a.idempotency_key for a in receipt.accepted)
        got.update(a.idempotency_key for a in receipt.skipped)
        got.update(r.idempotency_key for r in receipt.rejected)
        got.update(c.ours.idempotency_key for c in receipt.conflicts)
        if got != expected:
            missing = sorted((expected - got).elements())[:3]
            extra = sorted((got - expected).elements())[:3]
            raise SyncError(
                f"{self._name} returned a receipt that does not account for every change of"
                f" batch {batch.sequence} of run {batch.run_id} (missing {missing}, unexpected"
                f" {extra}); nothing from it was recorded"
            )
        return by_ikey


def _acks(batch: Batch, receipt: Receipt, by_ikey: dict[str, Change] | None) -> Sequence[AckLine]:
    """What to record of a checked receipt: accepted and skipped changes with their versions."""
    if by_ikey is None:  # everything accepted, in batch order: columns, split in C
        # A journal may record this as a reference to the batch it wrote ahead when every
        # version is the one the change implies (AckColumns.accepted checks that).
        return AckColumns.accepted(batch.changes, list(map(_VERSION, receipt.accepted)))
    lines: list[AckLine] = []
    for ack in receipt.accepted + receipt.skipped:
        c = by_ikey[ack.idempotency_key]
        lines.append((c.key, c.content_hash, ack.version, c.tombstone))
    return lines


def _late(deadline: date, today: date) -> SyncFinding:
    return SyncFinding(
        code="sync-after-deadline",
        severity="warning",
        message_vi=(
            f"Đồng bộ ngày {today:%d/%m/%Y}, sau hạn {deadline:%d/%m/%Y} cập nhật cơ sở dữ"
            " liệu ngành."
        ),
        message_en=(
            f"Synced on {today:%d/%m/%Y}, after the sector-database deadline of"
            f" {deadline:%d/%m/%Y}."
        ),
        reference=DEADLINE_REFERENCE,
        value=deadline.isoformat(),
    )


def _anchored(deadlines: Iterable[Deadline] | None) -> list[Deadline]:
    """The deadlines counted from an event, checked to be calendar deadlines."""
    if deadlines is None:
        return []
    if isinstance(deadlines, (str, bytes, date)):
        raise TypeError(
            "deadlines: expected the deadlines of vnschool_records.calendar.deadlines(),"
            f" not {deadlines!r} (pass one date as deadline=)"
        )
    out = []
    for d in deadlines:
        obligation = getattr(d, "obligation", None)
        if obligation is None or not isinstance(getattr(d, "value", None), date):
            raise TypeError(
                "deadlines: expected the deadlines of vnschool_records.calendar.deadlines(),"
                f" got {d!r}"
            )
        if obligation.anchor is not None:
            out.append(d)
    return out


_SEMESTER_EVENT: Final = {"1": "semester_1_review", "2": "year_end_review"}


def _covering_event(kind: str, key: str) -> tuple[str, str] | None:
    """(school year, event) of the Công văn 1397/GDĐT-TrH obligation a change's data is due
    under, or ``None`` for a student's own record, which belongs to no one school year.

    The new year's database (counted from the opening day): the year's classes and
    enrolments. The semester-I review: semester-I scores and results. The year-end review:
    semester-II scores and results, and the year's results.
    """
    parts = key.split("/", 5)
    if kind in ("score", "semester_result"):
        event = _SEMESTER_EVENT.get(parts[4 if kind == "score" else 3])
        return None if event is None else (parts[1], event)
    if kind == "year_result":
        return parts[1], "year_end_review"
    if kind in ("class", "enrolment"):
        return parts[1], "opening_day"
    return None


def _late_findings(
    deadlines: Iterable[Deadline], changes: Sequence[Change], today: date
) -> list[SyncFinding]:
    """One ``sync-after-deadline`` warning per deadline past on ``today`` whose data is sent.

    A deadline counted from an event (:class:`~vnschool_records.calendar.AnchorEvent`)
    covers the data that event closes (see ``_covering_event``) for its school year;
    a change of that data sent after the deadline's last day is late under Công văn
    1397/GDĐT-TrH (the new year's database within a week of the opening day, results within
    a week of each review). Tombstones count: removing finished data is a change to it.
    Deadlines with a fixed date cover no kind of change and give no finding.
    """
    past = [
        (d, d.obligation.anchor.value)
        for d in deadlines
        if d.obligation.anchor is not None and today > d.value
    ]
    if not past:
        return []
    counts = Counter(map(_covering_event, map(_KIND, changes), map(_KEY, changes)))
    out = []
    for d, event in past:
        year = d.school_year.label
        n = counts.get((year, event), 0)
        if n:
            out.append(_late_for(d, year, n, today))
    return out


def _late_for(d: Deadline, year: str, n: int, today: date) -> SyncFinding:
    ob = d.obligation
    due = d.value
    vi = (
        f"{n} thay đổi ({ob.data_vi}, năm học {year}) được gửi ngày {today:%d/%m/%Y},"
        f" sau hạn {due:%d/%m/%Y}: {ob.text_vi}."
    )
    en = (
        f"{n} changes ({ob.data_en}, school year {year}) were sent on {today:%d/%m/%Y},"
        f" after the deadline of {due:%d/%m/%Y}: {ob.text_en}."
    )
    if d.estimated:
        vi += " Ngày mốc được ước tính theo kế hoạch năm học; hãy nhập ngày thực tế của trường."
        en += (
            " The date it counts from is estimated from the school-year plan;"
            " give the school's own date."
        )
    return SyncFinding(
        code="sync-after-deadline",
        severity="warning",
        message_vi=vi,
        message_en=en,
        loc=(ob.id, year),
        reference="; ".join(c.format("vi") for c in ob.citations),
        value=due.isoformat(),
    )


def _duplicate(key: str) -> SyncFinding:
    return SyncFinding(
        code="sync-duplicate-key",
        severity="error",
        message_vi=f"Bản ghi {key} xuất hiện hai lần với nội dung khác nhau; chỉ gửi lần đầu.",
        message_en=f"Record {key} appears twice with different content; only the first is sent.",
        loc=tuple(key.split("/")),
        value=key,
    )


class _Tally:
    def __init__(self) -> None:
        self.planned = 0
        self.batches = 0
        self.accepted = 0
        self.skipped = 0
        self.rejected: list[Rejection] = []
        self.conflicts: list[Conflict] = []
        self.retries = 0
        self.keys: list[str] = []

    def add(self, receipt: Receipt, batch: Batch) -> None:
        self.batches += 1
        self.accepted += len(receipt.accepted)
        self.skipped += len(receipt.skipped)
        self.rejected.extend(receipt.rejected)
        self.conflicts.extend(receipt.conflicts)
        self.keys.extend(map(_KEY, batch.changes))

    def report(
        self,
        run_id: int,
        findings: Sequence[SyncFinding],
        resumed: ResumeInfo | None,
        *,
        refused: bool = False,
    ) -> SyncReport:
        all_findings = (
            list(findings)
            + [r.finding() for r in self.rejected]
            + [c.finding() for c in self.conflicts]
        )
        return SyncReport(
            run_id=run_id,
            planned=self.planned,
            batches=self.batches,
            accepted=self.accepted,
            skipped=self.skipped,
            rejected=tuple(self.rejected),
            conflicts=tuple(self.conflicts),
            findings=tuple(all_findings),
            resumed=resumed,
            retries=self.retries,
            refused=refused,
            sent_keys=tuple(self.keys),
        )
