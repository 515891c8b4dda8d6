"""Audit log (Nhật ký sửa đổi): append-only, hash-chained record of every change to a grade book.

Paper practice demands a trace of every correction — red ink, the corrector's signature,
the homeroom teacher's confirmation, the principal's approval (TT22 học bạ usage guide;
TT58/2011 Art. 20 cl. 2 and Art. 21 cl. 3); the Hanoi digital học bạ "logs the time and
content of every revision". Each :class:`AuditEntry` records who (id, name, role), when,
what (the event and the cell), the old and new values, the reason and the approvals.

Each entry's ``hash`` is the SHA-256 of the canonical JSON of the entry (keys sorted, no
spaces, UTF-8, NFC) *including the previous entry's hash*, so editing, removing or moving
any entry breaks the chain at that point, and :meth:`AuditLog.verify` says where. Removing
the *last* entries cannot be seen from the log alone: keep the :attr:`AuditLog.head` hash
somewhere else (a signed PDF, the sync target) and pass it as ``expected_head``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from pydantic import AwareDatetime, BaseModel, ConfigDict, JsonValue, ValidationError

from vnschool_records.errors import AuditIntegrityError
from vnschool_records.gradebook._cells import Encoded
from vnschool_records.gradebook._policy import Role
from vnschool_records.models import NfcStr

__all__ = [
    "GENESIS_HASH",
    "Approval",
    "AuditEntry",
    "AuditLog",
    "EventKind",
    "VerificationResult",
    "canonical_json",
]

GENESIS_HASH: Final = "0" * 64
"""The ``prev_hash`` of the first entry."""

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class EventKind(StrEnum):
    """What an audit entry records."""

    CREATE = "create"
    ENTER = "enter"
    REQUEST_CORRECTION = "request_correction"
    CONFIRM_CORRECTION = "confirm_correction"
    APPROVE_CORRECTION = "approve_correction"
    APPLY_CORRECTION = "apply_correction"
    REJECT_CORRECTION = "reject_correction"
    LOCK = "lock"
    UNLOCK = "unlock"
    EXEMPT = "exempt"
    """The principal's exemption decision recorded during the year (format 2 onwards)."""
    WITHDRAW_EXEMPTION = "withdraw_exemption"
    """An exemption the book held, withdrawn with a reason (format 2 onwards)."""


class Approval(BaseModel):
    """A signature in a correction chain: who requested, confirmed or approved, and when."""

    model_config = _FROZEN

    step: NfcStr
    actor_id: NfcStr
    actor_name: NfcStr
    role: Role
    at: AwareDatetime


class AuditEntry(BaseModel):
    """One event of the audit log (who, role, when, what, old, new, reason, approvals).

    ``data`` holds what replaying the event needs (the cell address, the correction
    number, the lock scope); ``prev_hash`` and ``hash`` chain the entries.
    """

    model_config = _FROZEN

    index: int
    at: AwareDatetime
    actor_id: NfcStr
    actor_name: NfcStr
    role: Role
    event: EventKind
    cell: NfcStr | None = None
    old: Encoded | None = None
    new: Encoded | None = None
    reason: NfcStr | None = None
    approvals: tuple[Approval, ...] = ()
    data: dict[str, JsonValue] = {}
    prev_hash: str
    hash: str

    def content_hash(self) -> str:
        """The SHA-256 this entry must carry: over its canonical JSON, ``hash`` left out."""
        return _sha256(canonical_json(self.model_dump(mode="json", exclude={"hash"})))


def canonical_json(value: Any) -> bytes:
    """Canonical JSON bytes: sorted keys, no spaces, UTF-8 (the bytes that are hashed).

    >>> canonical_json({"b": 1, "a": "Đạt"}).decode()
    '{"a":"Đạt","b":1}'
    """
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class VerificationResult:
    """Outcome of :meth:`AuditLog.verify`: ``ok``, or the first bad entry and what is wrong."""

    ok: bool
    entries: int
    head: str
    index: int | None = None
    problem: str | None = None

    def raise_for_integrity(self) -> None:
        """Raise :class:`~vnschool_records.errors.AuditIntegrityError` unless ``ok``."""
        if not self.ok:
            raise AuditIntegrityError(f"audit log entry {self.index}: {self.problem}")


class AuditLog:
    """Audit log (Nhật ký): an append-only, hash-chained sequence of :class:`AuditEntry`.

    A log is read-only to its users; the grade book appends through :meth:`prepare` and
    :meth:`push`. Build
    one from stored entries with :meth:`from_entries` or :meth:`from_jsonl` (both verify
    unless told not to).
    """

    __slots__ = ("_entries",)

    def __init__(self) -> None:
        self._entries: list[AuditEntry] = []

    @classmethod
    def from_entries(cls, entries: Sequence[AuditEntry], *, verify: bool = True) -> AuditLog:
        """A log holding ``entries``; raises :class:`AuditIntegrityError` if they do not verify."""
        log = cls()
        log._entries = list(entries)
        if verify:
            log.verify().raise_for_integrity()
        return log

    @classmethod
    def from_jsonl(cls, text: str, *, verify: bool = True) -> AuditLog:
        """Read a log exported by :meth:`to_jsonl`; a malformed line raises
        :class:`AuditIntegrityError` naming the line."""
        entries: list[AuditEntry] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entries.append(AuditEntry.model_validate_json(line))
            except ValidationError as exc:
                raise AuditIntegrityError(
                    f"audit log line {number} is not a valid entry: {exc.errors()[0]['msg']}"
                ) from exc
        return cls.from_entries(entries, verify=verify)

    def prepare(
        self,
        *,
        at: AwareDatetime,
        actor_id: str,
        actor_name: str,
        role: Role,
        event: EventKind,
        cell: str | None = None,
        old: Encoded | None = None,
        new: Encoded | None = None,
        reason: str | None = None,
        approvals: tuple[Approval, ...] = (),
        data: dict[str, JsonValue] | None = None,
    ) -> AuditEntry:
        """The next entry, chained to the last, without appending it (see :meth:`push`)."""
        fields: dict[str, Any] = {
            "index": len(self._entries),
            "at": at,
            "actor_id": actor_id,
            "actor_name": actor_name,
            "role": role,
            "event": event,
            "cell": cell,
            "old": old,
            "new": new,
            "reason": reason,
            "approvals": approvals,
            "data": data or {},
            "prev_hash": self.head,
            "hash": "",
        }
        draft = AuditEntry.model_validate(fields)
        return draft.model_copy(update={"hash": draft.content_hash()})

    def push(self, entry: AuditEntry) -> None:
        """Append an entry made by :meth:`prepare`; it must still chain to the last one."""
        if entry.index != len(self._entries) or entry.prev_hash != self.head:
            raise AuditIntegrityError(
                f"entry {entry.index} does not follow entry {len(self._entries) - 1}"
            )
        if entry.content_hash() != entry.hash:
            raise AuditIntegrityError(f"entry {entry.index} does not match its hash")
        self._entries.append(entry)

    @property
    def head(self) -> str:
        """The hash of the last entry (``GENESIS_HASH`` for an empty log): anchor it elsewhere."""
        return self._entries[-1].hash if self._entries else GENESIS_HASH

    @property
    def entries(self) -> tuple[AuditEntry, ...]:
        """Every entry, oldest first."""
        return tuple(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[AuditEntry]:
        return iter(tuple(self._entries))

    def __getitem__(self, index: int) -> AuditEntry:
        return self._entries[index]

    def verify(
        self, *, expected_head: str | None = None, expected_length: int | None = None
    ) -> VerificationResult:
        """Check the chain; on the first problem, say which entry and what is wrong.

        Detects an edited entry (its hash no longer matches its content), a removed or
        moved entry (an index out of sequence, a broken link), and — with
        ``expected_head`` / ``expected_length`` from an outside anchor — removed last entries.
        """
        prev = GENESIS_HASH
        for position, entry in enumerate(self._entries):
            if entry.index != position:
                return self._bad(
                    position,
                    f"entry at position {position} carries index {entry.index}: "
                    "an entry was removed, inserted or moved here",
                )
            if entry.content_hash() != entry.hash:
                return self._bad(
                    position, "the entry was altered: its content does not match its hash"
                )
            if entry.prev_hash != prev:
                return self._bad(
                    position,
                    f"the entry does not link to entry {position - 1}: an earlier entry was "
                    "rewritten, or the chain was spliced",
                )
            if position == 0 and entry.event is not EventKind.CREATE:
                return self._bad(0, "the first entry must create the book")
            prev = entry.hash
        if expected_length is not None and expected_length != len(self._entries):
            return self._bad(
                len(self._entries),
                f"the log has {len(self._entries)} entries, the anchor says {expected_length}",
            )
        if expected_head is not None and expected_head != prev:
            return self._bad(
                max(len(self._entries) - 1, 0),
                "the last hash differs from the anchored head: entries were removed or added",
            )
        return VerificationResult(ok=True, entries=len(self._entries), head=prev)

    def _bad(self, index: int, problem: str) -> VerificationResult:
        return VerificationResult(
            ok=False, entries=len(self._entries), head=self.head, index=index, problem=problem
        )

    def to_jsonl(self) -> str:
        """The log as JSON lines, one entry per line, in canonical form."""
        return "".join(
            canonical_json(e.model_dump(mode="json")).decode() + "\n" for e in self._entries
        )
