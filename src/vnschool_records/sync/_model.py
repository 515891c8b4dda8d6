"""Changes, batches and receipts (Thay đổi, lô, biên nhận): the values a sync exchanges.

A :class:`Change` names one record of the school by a stable business key (the lesson of
Ed-Fi's natural-key deletes: never by a server id), carries its content as canonical JSON,
and is identified by a content hash and a deterministic idempotency key, so sending the
same change twice is harmless.

>>> c = Change.create("score", "score/2024-2025/HS01/toan/1/gk", {"value": "8.5"})
>>> c.payload, c.tombstone, c.base_version
({'value': '8.5'}, False, None)
>>> c.idempotency_key == Change.create("score", c.key, {"value": "8.5"}).idempotency_key
True
>>> c.content_hash == Change.create("score", c.key, {"value": "9.0"}).content_hash
False
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from operator import itemgetter
from typing import Any, Final, Literal, NamedTuple

_IKEY_COLUMN: Final = itemgetter(6)  # a Change's idempotency key

__all__ = [
    "Ack",
    "Batch",
    "Change",
    "ChangeKind",
    "Conflict",
    "Receipt",
    "Rejection",
    "SyncFinding",
    "canonical_json",
    "content_hash",
    "idempotency_key",
]


class ChangeKind(StrEnum):
    """Kind of record a change carries, in the order a target must receive them.

    Classes and students come before the enrolments that join them, and enrolments before
    the scores and results recorded under them (the order the sector database's own sync
    uses: lớp học → học sinh → kết quả). Deletions travel in the reverse order.
    """

    CLASS = "class"
    STUDENT = "student"
    ENROLMENT = "enrolment"
    SCORE = "score"
    SEMESTER_RESULT = "semester_result"
    YEAR_RESULT = "year_result"


KIND_ORDER: Final[dict[str, int]] = {k.value: i for i, k in enumerate(ChangeKind)}


def canonical_json(payload: Mapping[str, Any]) -> str:
    """The one text form of a payload that its hash is taken over.

    Keys sorted, no spaces, non-ASCII kept (NFC text stays NFC).

    >>> canonical_json({"b": 1, "a": "Nguyễn"})
    '{"a":"Nguyễn","b":1}'
    """
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(kind: str, key: str, data: str, tombstone: bool) -> str:
    """Content hash (mã băm nội dung) of a change: BLAKE2b-128 over kind, key, data, tombstone.

    >>> len(content_hash("student", "student/HS01", "{}", False))
    32
    """
    text = f"{kind}\x1f{key}\x1f{'D' if tombstone else 'U'}\x1f{data}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def idempotency_key(chash: str, base_version: int | None) -> str:
    """Idempotency key (khóa chống trùng): the same intent always gets the same key.

    Content hash plus the base version: re-sending an unchanged record from the same
    acknowledged state yields the same key, so a target that has applied it once
    recognises the repeat.

    >>> idempotency_key("ab12", None), idempotency_key("ab12", 3)
    ('ab12.0', 'ab12.3')
    """
    return f"{chash}.{base_version or 0}"


class Change(NamedTuple):
    """Change (thay đổi): one record to create, update or delete on the target.

    Build changes with :meth:`create`, which computes ``data`` and ``content_hash``.
    ``base_version`` is the target's version of the record that the school last saw
    acknowledged (``None``: the school believes the target does not have it yet); the
    target applies the change only if its own version still equals it, otherwise it
    reports a :class:`Conflict`.

    Attributes:
        kind: the :class:`ChangeKind` value.
        key: the stable business key, e.g. ``"score/2024-2025/HS01/toan/1/tx1"``.
        data: the payload as canonical JSON (``"{}"`` for a tombstone).
        tombstone: ``True`` when the record was deleted in the school.
        base_version: last acknowledged target version, or ``None``.
        content_hash: :func:`content_hash` of kind, key, data and tombstone.
        idempotency_key: :func:`idempotency_key` of the content hash and base version.
    """

    kind: str
    key: str
    data: str
    tombstone: bool
    base_version: int | None
    content_hash: str
    idempotency_key: str

    @classmethod
    def create(
        cls,
        kind: ChangeKind | str,
        key: str,
        payload: Mapping[str, Any] | None = None,
        *,
        tombstone: bool = False,
        base_version: int | None = None,
    ) -> Change:
        """A change with its canonical data and content hash computed.

        Raises:
            ValueError: unknown kind, an empty key, or a payload on a tombstone.
        """
        kind_value = ChangeKind(kind).value
        if not key:
            raise ValueError("a change needs a non-empty key")
        if tombstone and payload:
            raise ValueError(f"tombstone for {key!r} must not carry a payload")
        data = canonical_json(payload or {})
        chash = content_hash(kind_value, key, data, tombstone)
        return cls(
            kind_value,
            key,
            data,
            tombstone,
            base_version,
            chash,
            idempotency_key(chash, base_version),
        )

    @property
    def payload(self) -> dict[str, Any]:
        """The payload as a dict (parsed from ``data``)."""
        result: dict[str, Any] = json.loads(self.data)
        return result

    def with_base(self, base_version: int | None) -> Change:
        """The same change against another acknowledged version."""
        return self._replace(
            base_version=base_version,
            idempotency_key=idempotency_key(self.content_hash, base_version),
        )


@dataclass(frozen=True, slots=True)
class Batch:
    """Batch (lô): changes sent together, in order; ``batch_id`` is deterministic.

    ``sequence`` numbers the batch within its run (from 1) and ``run_id`` names the run,
    so a target that writes one file per batch can name files stably.
    """

    changes: tuple[Change, ...]
    run_id: int = 0
    sequence: int = 1

    @property
    def batch_id(self) -> str:
        """A hash of the batch's idempotency keys: the same batch always has the same id."""
        text = "\n".join(map(_IKEY_COLUMN, self.changes))
        return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()

    def __len__(self) -> int:
        return len(self.changes)


class Ack(NamedTuple):
    """Acknowledgement (xác nhận): the target holds this change at ``version``."""

    key: str
    idempotency_key: str
    version: int


Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class SyncFinding:
    """Sync finding (phát hiện khi đồng bộ): a stable code, bilingual message and location.

    The target's reasons for refusing a record, a sync after its deadline, data the
    validation engine refused: all become findings in the :class:`SyncReport`.
    """

    code: str
    severity: Severity
    message_vi: str
    message_en: str
    loc: tuple[str, ...] = ()
    reference: str | None = None
    value: str | None = None

    def message(self, lang: str = "vi") -> str:
        """The message in ``"vi"`` or ``"en"``."""
        return self.message_en if lang == "en" else self.message_vi


@dataclass(frozen=True, slots=True)
class Rejection:
    """Rejection (từ chối): the target refused one change, and says why.

    ``code`` is the target's own reason code (or one of the SDK's ``sync-…`` codes);
    the messages are what a data officer reads.
    """

    key: str
    idempotency_key: str
    code: str
    message_vi: str
    message_en: str = ""

    def finding(self) -> SyncFinding:
        """This rejection as an error finding located at the record's key."""
        return SyncFinding(
            code=self.code,
            severity="error",
            message_vi=self.message_vi,
            message_en=self.message_en or self.message_vi,
            loc=tuple(self.key.split("/")),
            value=self.key,
        )


@dataclass(frozen=True, slots=True)
class Conflict:
    """Conflict (xung đột): the target changed the record since the school's last ack.

    Holds both versions: ``ours`` is the change the school sent; ``theirs_version``,
    ``theirs_data`` (canonical JSON, ``None`` when the target has no such record) and
    ``theirs_tombstone`` describe what the target holds. Nothing was overwritten.
    """

    ours: Change
    theirs_version: int
    theirs_data: str | None
    theirs_tombstone: bool = False

    @property
    def key(self) -> str:
        """The record's key."""
        return self.ours.key

    @property
    def theirs_payload(self) -> dict[str, Any] | None:
        """The target's payload as a dict, or ``None``."""
        if self.theirs_data is None:
            return None
        result: dict[str, Any] = json.loads(self.theirs_data)
        return result

    def finding(self) -> SyncFinding:
        """This conflict as an error finding that shows both versions."""
        return SyncFinding(
            code="sync-conflict",
            severity="error",
            message_vi=(
                f"Bản ghi {self.key} đã bị thay đổi trên hệ thống đích (phiên bản "
                f"{self.theirs_version}) kể từ lần xác nhận trước; không ghi đè. "
                f"Của trường: {self.ours.data}; trên hệ thống đích: {self.theirs_data}."
            ),
            message_en=(
                f"Record {self.key} was changed on the target (version {self.theirs_version})"
                f" since it was last acknowledged; not overwritten. School's: "
                f"{self.ours.data}; target's: {self.theirs_data}."
            ),
            loc=tuple(self.key.split("/")),
            value=self.key,
        )


@dataclass(frozen=True, slots=True)
class Receipt:
    """Receipt (biên nhận): what the target did with every change of a batch.

    Each change of the batch appears in exactly one of ``accepted`` (applied now),
    ``skipped`` (the target already held that content: a harmless repeat), ``rejected``
    (refused, with the reason) or ``conflicts`` (the target changed it; not overwritten).
    :class:`~vnschool_records.sync.SyncClient` checks that, and refuses a receipt that
    leaves a change out.
    """

    accepted: tuple[Ack, ...] = ()
    skipped: tuple[Ack, ...] = ()
    rejected: tuple[Rejection, ...] = ()
    conflicts: tuple[Conflict, ...] = field(default=())

    @classmethod
    def accept_all(cls, batch: Batch | Sequence[Change], versions: Iterable[int]) -> Receipt:
        """Accept every change, at the given target versions (one per change, in order)."""
        changes = batch.changes if isinstance(batch, Batch) else batch
        return cls(
            accepted=tuple(
                Ack(c.key, c.idempotency_key, v) for c, v in zip(changes, versions, strict=True)
            )
        )

    @classmethod
    def reject_all(
        cls, batch: Batch | Sequence[Change], code: str, message_vi: str, message_en: str = ""
    ) -> Receipt:
        """Reject every change of a batch for the same reason."""
        changes = batch.changes if isinstance(batch, Batch) else batch
        return cls(
            rejected=tuple(
                Rejection(c.key, c.idempotency_key, code, message_vi, message_en) for c in changes
            )
        )

    def merge(self, other: Receipt) -> Receipt:
        """Both receipts' outcomes together (for a target that answers part of a batch itself)."""
        return Receipt(
            accepted=self.accepted + other.accepted,
            skipped=self.skipped + other.skipped,
            rejected=self.rejected + other.rejected,
            conflicts=self.conflicts + other.conflicts,
        )

    def __len__(self) -> int:
        return len(self.accepted) + len(self.skipped) + len(self.rejected) + len(self.conflicts)
