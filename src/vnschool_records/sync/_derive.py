"""Records to sync items (Bản ghi → mục đồng bộ): stable keys and canonical payloads.

Keys (components percent-quoted when they hold ``/``, ``%`` or control characters)::

    class/<school year>/<class name>
    student/<student id>
    enrolment/<school year>/<student id>
    score/<school year>/<student id>/<subject>/<semester>/<component>
    semester_result/<school year>/<student id>/<semester>
    year_result/<school year>/<student id>

Score components: ``tx1`` … ``txN`` (regular scores, ĐĐGtx), ``gk`` (mid-term), ``ck``
(end of term); for comment subjects ``tx1_level`` …, ``gk_level``, ``ck_level``; and
``comment`` for the teacher's comment. One score is one record: re-entering one score
sends one change, never the whole grade book.

Score groups and seals: the scores of one subject in one semester of one student form a
*group* (key ``score/<year>/<student>/<subject>/<semester>``) with a *source digest*, a
BLAKE2b-128 hash of every field of the assessment (:func:`source_text`), the year and the
student id (everything its items are derived from) and :data:`DERIVATION_VERSION`. Once
every item of a group is acknowledged, the client seals the group with that digest in the
journal; the next sync skips a group whose digest still equals its seal with one comparison, without
deriving or looking up its scores. A digest that differs only sends the group down the
per-score path, so a digest can never hide a change, only fail to skip one.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter, is_
from typing import Any, Final
from urllib.parse import quote

from vnschool_records.models import StudentYearRecord, SubjectAssessment
from vnschool_records.regulations._types import TermResults, YearResult
from vnschool_records.sync._model import ChangeKind, canonical_json, content_hash

__all__ = [
    "DERIVATION_VERSION",
    "Derived",
    "Deriver",
    "Item",
    "group_of",
    "quote_key_part",
    "source_text",
]

Item = tuple[str, str, str, str]
"""(kind, key, canonical data, content hash)."""

DERIVATION_VERSION: Final = "score-items/1"
"""Changes whenever :meth:`Deriver._scores` would derive other items from the same source."""

_SOURCE_FIELDS: Final = (
    "subject",
    "semester",
    "regular",
    "midterm",
    "final",
    "regular_levels",
    "midterm_level",
    "final_level",
    "comment",
)
_SOURCE_BY_REPR: Final = (
    tuple(SubjectAssessment.model_fields) == _SOURCE_FIELDS
    and SubjectAssessment.model_config.get("extra") == "forbid"
)


def source_text(a: SubjectAssessment) -> bytes:
    """The text a score group's digest is taken over: every field of the assessment.

    The ``repr`` of each field (C-level for decimals and tuples) while the model has exactly
    the fields listed here; pydantic's JSON of the whole model if it ever has others, so a
    new field can never be left out of the digest.
    """
    if _SOURCE_BY_REPR:
        return (
            f"{a.subject!r}\x1f{int(a.semester)}\x1f{a.regular!r}\x1f{a.midterm!r}"
            f"\x1f{a.final!r}\x1f{a.regular_levels!r}\x1f{a.midterm_level!r}"
            f"\x1f{a.final_level!r}\x1f{a.comment!r}"
        ).encode()
    return SubjectAssessment.__pydantic_serializer__.to_json(a)


Seal = tuple[str, int]
"""A sealed group: (source digest, number of items), as the journal keeps it."""


@dataclass(slots=True)
class Derived:
    """What one derivation produced.

    Attributes:
        items: items by kind that the client compares key by key.
        sealed: score groups skipped because their digest equals their seal.
        sealed_items: how many items those groups hold (all acknowledged and live, as the
            seal guarantees).
        fresh: score groups derived this time, ``(group key, digest, items)``, to seal once
            every item is acknowledged; their items are also in ``items["score"]``, except
            those listed in ``present``.
        present: keys of items reused unchanged from a sealed group's previous items:
            acknowledged and live, so not compared again.
    """

    items: dict[str, list[Item]]
    sealed: list[str] = field(default_factory=list)
    sealed_items: int = 0
    present: list[str] = field(default_factory=list)
    fresh: list[tuple[str, str, list[Item]]] = field(default_factory=list)


_Row = tuple[list["_Group"], bool]
"""A record's score groups, in assessment order, and whether two share a group key."""


def group_of(key: str) -> str:
    """The score group of a score key (its key without the component).

    >>> group_of("score/2024-2025/HS01/toan/1/tx1")
    'score/2024-2025/HS01/toan/1'
    """
    return key[: key.rfind("/")]


_SAFE: Final = re.compile(r"[^/%\x00-\x1f\x7f]+").fullmatch


def quote_key_part(text: str) -> str:
    """A key component, percent-quoted only when it holds ``/``, ``%`` or control characters.

    >>> quote_key_part("HS01"), quote_key_part("6A/1")
    ('HS01', '6A%2F1')
    """
    return text if _SAFE(text) else quote(text, safe="")


_ENROLMENT_FIELDS: Final = tuple(f for f in StudentYearRecord.model_fields if f != "assessments")
_enrolment_parts: Final = attrgetter(*_ENROLMENT_FIELDS)


_SCORE_TEXT: dict[Decimal, str] = {}


def _score_text(value: Decimal) -> str:
    """The JSON text of a score with one decimal (``7`` → ``"7.0"``), memoised: 101 values."""
    text = _SCORE_TEXT.get(value)
    if text is None:
        text = f'"{value:.1f}"'
        if len(_SCORE_TEXT) < 4096:
            _SCORE_TEXT[value] = text
    return text


def _item(kind: str, key: str, payload: Mapping[str, Any]) -> Item:
    data = canonical_json(payload)
    return kind, key, data, content_hash(kind, key, data, False)


def _term_payload(term: TermResults) -> dict[str, Any]:
    return {
        "subject_averages": {k: f"{v.value:.1f}" for k, v in term.subject_averages.items()},
        "comment_levels": {k: str(v.value) for k, v in term.comment_levels.items()},
        "learning": str(term.learning.value),
        "overall_average": (
            None
            if term.learning.overall_average is None
            else f"{term.learning.overall_average:.1f}"
        ),
        "training": None if term.training is None else str(term.training.value),
    }


class Deriver:
    """Turns records into items, remembering what it derived for unchanged objects.

    Models are frozen, so an object seen at the last sync (the very same object) has the
    same content: its items and digest are reused instead of recomputed. Score groups whose
    digest equals the seal the journal holds are skipped whole (see the module docstring),
    so a re-sync of a large school costs one comparison per unchanged group, in this
    process or a fresh one.
    """

    def __init__(self) -> None:
        self._memo: dict[tuple[int, str], tuple[object, list[Item]]] = {}
        self._enrol_memo: dict[str, tuple[tuple[object, ...], list[Item]]] = {}
        self._groups: dict[str, _Row] = {}
        self._sid_json: dict[str, str] = {}
        self.duplicates: list[str] = []

    def derive(
        self,
        records: Iterable[StudentYearRecord],
        results: Iterable[YearResult] | None,
        seals: Mapping[str, Seal] | None = None,
    ) -> Derived:
        """Items by kind, each list in record order; duplicate keys are listed, not sent.

        ``seals`` (group key → (digest, items)) lets unchanged score groups be skipped.
        """
        old, memo = self._memo, {}
        old_enrol: dict[str, tuple[tuple[object, ...], list[Item]]] = self._enrol_memo
        enrol_memo: dict[str, tuple[tuple[object, ...], list[Item]]] = {}
        old_groups = self._groups
        out: dict[str, list[Item]] = {k.value: [] for k in ChangeKind}
        derived = Derived(out)
        sealed_groups, fresh = derived.sealed, derived.fresh
        seal_of = (seals or {}).get
        first_hash: dict[str, str] = {}
        seen: set[str] = set()
        self.duplicates = []
        seal_group = sealed_groups.append
        counts: list[int] = []
        sealed_counts = counts.append
        to_json = source_text
        blake2b = hashlib.blake2b
        groups: dict[str, _Row] = {}
        sid_jsons = self._sid_json

        def cached(
            obj: object, ctx: str, make: Callable[..., list[Item]], *args: Any
        ) -> list[Item]:
            mkey = (id(obj), ctx)
            hit = old.get(mkey)
            items = hit[1] if hit is not None and hit[0] is obj else make(obj, *args)
            memo[mkey] = (obj, items)
            return items

        for record in records:
            year = record.school_year
            sid = quote_key_part(record.student.student_id)
            enrol_key = f"enrolment/{year}/{sid}"
            if enrol_key in seen:
                self.duplicates.append(enrol_key)
                continue
            seen.add(enrol_key)
            cg = record.class_group
            st = record.student
            shared = cached(cg, "class", self._class) + cached(st, "student", self._student, sid)
            for item in shared:
                previous = first_hash.get(item[1])
                if previous is None:
                    first_hash[item[1]] = item[3]
                    out[item[0]].append(item)
                elif previous != item[3]:
                    self.duplicates.append(item[1])
            parts = _enrolment_parts(record)
            hit = old_enrol.get(enrol_key)
            if hit is not None and (
                all(map(is_, hit[0], parts))
                or all(
                    x is y or (type(x) is dict and x == y)
                    for x, y in zip(hit[0], parts, strict=True)
                )
            ):
                enrol_items = hit[1]
            else:
                enrol_items = self._enrolment(record, enrol_key)
            enrol_memo[enrol_key] = (parts, enrol_items)
            out["enrolment"].extend(enrol_items)
            sid_json = sid_jsons.get(sid)
            if sid_json is None:
                sid_json = sid_jsons[sid] = json.dumps(st.student_id, ensure_ascii=False)
            scores = out["score"]
            row = old_groups.get(enrol_key)
            assessments = record.assessments
            if row is None or not _same_sources(row[0], assessments):
                row = self._row(assessments, row, year, sid, sid_json, to_json, blake2b)
            groups[enrol_key] = row
            row_groups, has_duplicates = row
            if has_duplicates:  # the same subject and semester twice: never sealed
                seen_here: set[str] = set()
                for group in row_groups:
                    items = group.derive(year, sid, sid_json)
                    scores.extend(items)
                    if group.gkey not in seen_here:
                        seen_here.add(group.gkey)
                        fresh.append((group.gkey, group.digest, items))
                dup = {g.gkey for g in row_groups if sum(h.gkey == g.gkey for h in row_groups) > 1}
                fresh[:] = [f for f in fresh if f[0] not in dup]
                continue
            for group in row_groups:
                gkey = group.gkey
                seal = seal_of(gkey)
                if seal is not None and seal[0] == group.digest:
                    seal_group(gkey)
                    sealed_counts(seal[1])
                    continue
                was_sealed = seal is not None and seal[0] == group.prev_digest
                items = group.derive(year, sid, sid_json)
                fresh.append((group.gkey, group.digest, items))
                if was_sealed and group.changed is not None:
                    # The edited assessment's previous items stood sealed (acknowledged, and
                    # nothing of the group sent since), so the ones reused unchanged need no
                    # lookup: only the edited scores go to the diff.
                    scores.extend(group.changed)
                    derived.present.extend(group.reused)
                else:
                    scores.extend(items)
        if results is not None:
            seen_results: set[str] = set()
            for result in results:
                sid = quote_key_part(result.student_id)
                ctx = f"{result.school_year}\x1f{sid}"
                if ctx in seen_results:
                    self.duplicates.append(f"year_result/{result.school_year}/{sid}")
                    continue
                seen_results.add(ctx)
                items = cached(result, ctx, self._results, sid)
                out["semester_result"].extend(items[:2])
                out["year_result"].extend(items[2:])
        derived.sealed_items = sum(counts)
        self._memo = memo
        self._enrol_memo = enrol_memo
        self._groups = groups
        return derived

    @staticmethod
    def _row(
        assessments: tuple[SubjectAssessment, ...],
        previous: _Row | None,
        year: str,
        sid: str,
        sid_json: str,
        to_json: Callable[[SubjectAssessment], bytes],
        blake2b: Callable[..., Any],
    ) -> _Row:
        """The score groups of one record, reusing the previous ones for unchanged objects."""
        salt = f"{DERIVATION_VERSION}\x1f{year}\x1f{sid_json}\x1f".encode()
        before = previous[0] if previous is not None else []
        row: list[_Group] = []
        for i, a in enumerate(assessments):
            old = before[i] if i < len(before) else None
            if old is not None and old.source is a:
                row.append(old)
                continue
            gkey = f"score/{year}/{sid}/{a.subject}/{int(a.semester)}"
            group = _Group(a, gkey, blake2b(salt + to_json(a), digest_size=16).hexdigest())
            if old is not None and old.gkey == gkey and old.items is not None:
                group.previous = old.items  # an edited assessment: reuse its unchanged scores
                group.prev_digest = old.digest
            row.append(group)
        return row, len({g.gkey for g in row}) != len(row)

    @staticmethod
    def _student(student: Any, sid: str) -> list[Item]:
        return [_item("student", f"student/{sid}", student.model_dump(mode="json"))]

    @staticmethod
    def _class(cg: Any) -> list[Item]:
        year = cg.school_year.label
        payload = {
            "name": cg.name,
            "grade_level": cg.grade_level,
            "school_year": year,
            "school_code": cg.school_code,
            "homeroom_teacher": cg.homeroom_teacher,
            "specialised_subject": cg.specialised_subject,
        }
        return [_item("class", f"class/{year}/{quote_key_part(cg.name)}", payload)]

    @staticmethod
    def _enrolment(record: StudentYearRecord, key: str) -> list[Item]:
        payload = record.model_dump(mode="json", exclude={"student", "class_group", "assessments"})
        payload.update(
            student_id=record.student.student_id,
            school_year=record.school_year,
            class_name=record.class_group.name,
            grade_level=record.grade_level,
        )
        return [_item("enrolment", key, payload)]

    @staticmethod
    def _scores(
        a: Any, year: str, sid: str, sid_json: str, previous: list[Item] | None = None
    ) -> list[Item]:
        """Score items of one assessment; ``previous`` items with the same key and data are
        reused as they are (their hash is a function of both), so an edited assessment
        hashes only the scores that changed."""
        sem = int(a.semester)
        prefix = f"score/{year}/{sid}/{a.subject}/{sem}/"
        head = '{"component":"'
        tail = (
            f'","school_year":"{year}","semester":{sem},"student_id":{sid_json}'
            f',"subject":"{a.subject}","value":'
        )
        values: list[tuple[str, str]] = [
            (f"tx{i}", _score_text(v)) for i, v in enumerate(a.regular, start=1)
        ]
        if a.midterm is not None:
            values.append(("gk", _score_text(a.midterm)))
        if a.final is not None:
            values.append(("ck", _score_text(a.final)))
        values.extend(
            (f"tx{i}_level", f'"{lv.value}"') for i, lv in enumerate(a.regular_levels, start=1)
        )
        if a.midterm_level is not None:
            values.append(("gk_level", f'"{a.midterm_level.value}"'))
        if a.final_level is not None:
            values.append(("ck_level", f'"{a.final_level.value}"'))
        if a.comment is not None:
            values.append(("comment", json.dumps(a.comment, ensure_ascii=False)))
        items: list[Item] = []
        blake2b = hashlib.blake2b
        reuse = {item[1]: item for item in previous} if previous else {}
        for component, value in values:
            key = prefix + component
            data = f"{head}{component}{tail}{value}}}"
            old = reuse.get(key)
            if old is not None and old[2] == data:
                items.append(old)
                continue
            # content_hash("score", key, data, False), inlined: this loop runs per score.
            chash = blake2b(f"score\x1f{key}\x1fU\x1f{data}".encode(), digest_size=16).hexdigest()
            items.append(("score", key, data, chash))
        return items

    @staticmethod
    def _results(result: YearResult, sid: str) -> list[Item]:
        year = result.school_year
        base = {
            "student_id": result.student_id,
            "school_year": year,
            "grade_level": result.grade_level,
            "regulation": str(result.regulation),
        }
        items = [
            _item(
                "semester_result",
                f"semester_result/{year}/{sid}/{n}",
                {**base, "semester": n, **_term_payload(term)},
            )
            for n, term in ((1, result.semester1), (2, result.semester2))
        ]
        year_payload = {
            **base,
            **_term_payload(result.year),
            "promotion": str(result.promotion.value),
            "reassess_subjects": list(result.promotion.reassess_subjects),
            "award": None if result.award.value is None else str(result.award.value),
            "after_summer": (
                None if result.after_summer is None else _term_payload(result.after_summer)
            ),
        }
        items.append(_item("year_result", f"year_result/{year}/{sid}", year_payload))
        return items


def _same_sources(row: list[_Group], assessments: tuple[SubjectAssessment, ...]) -> bool:
    """Whether a record's assessments are the very objects its groups were built from."""
    return len(row) == len(assessments) and all(map(is_, map(_SOURCE, row), assessments))


_SOURCE: Final = attrgetter("source")


class _Group:
    """One assessment's score group: its key, source digest and (lazily) its items."""

    __slots__ = (
        "changed",
        "digest",
        "gkey",
        "items",
        "prev_digest",
        "previous",
        "reused",
        "source",
    )

    def __init__(self, source: SubjectAssessment, gkey: str, digest: str) -> None:
        self.source = source
        self.gkey = gkey
        self.digest = digest
        self.items: list[Item] | None = None
        self.previous: list[Item] | None = None  # the items of the assessment it replaced
        self.prev_digest: str | None = None  # and that assessment's digest
        self.changed: list[Item] | None = None  # items not reused from ``previous``
        self.reused: list[str] = []  # keys of the items that were

    def derive(self, year: str, sid: str, sid_json: str) -> list[Item]:
        if self.items is None:
            previous = self.previous
            self.items = Deriver._scores(self.source, year, sid, sid_json, previous)
            if previous is not None:
                kept = set(map(id, previous))
                self.changed = [item for item in self.items if id(item) not in kept]
                self.reused = [item[1] for item in self.items if id(item) in kept]
            self.previous = None
        return self.items


def iter_items(groups: Mapping[str, list[Item]]) -> Iterator[Item]:
    """Items of every kind, in :class:`ChangeKind` order."""
    for kind in ChangeKind:
        yield from groups[kind.value]
