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
BLAKE2b-128 hash of everything its items are derived from: the group key, the components
and their value texts (:func:`digest_text`), the year, the student id and
:data:`DERIVATION_VERSION`. Once every item of a group is acknowledged, the client seals
the group with that digest in the journal; the next sync skips a group whose digest still
equals its seal with one comparison, without deriving or looking up its scores. A digest
that differs only sends the group down the per-score path, so a digest can never hide a
change, only fail to skip one.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import compress, repeat, zip_longest
from operator import attrgetter, eq, is_, itemgetter, ne, not_
from typing import Any, Final
from urllib.parse import quote

from vnschool_records.models import (
    ClassGroup,
    CommentLevel,
    Student,
    StudentYearRecord,
    Subject,
    SubjectAssessment,
)
from vnschool_records.regulations._types import TermResults, YearResult
from vnschool_records.sync._model import ChangeKind, canonical_json, content_hash

__all__ = [
    "DERIVATION_VERSION",
    "Derived",
    "Deriver",
    "Item",
    "digest_text",
    "group_of",
    "quote_key_part",
]

Item = tuple[str, str, str, str]
"""(kind, key, canonical data, content hash)."""

DERIVATION_VERSION: Final = "score-items/2"
"""Changes whenever a group's items, or the text its digest is taken over
(:func:`digest_text`), would be derived otherwise from the same assessment."""


def digest_text(gkey: str, comps: list[str], values: list[str]) -> bytes:
    """The text a score group's digest is taken over: what its items are derived from.

    The group key (school year, student, subject, semester), then the score components and
    their value texts exactly as :func:`_components` gives them and the items carry, each
    list joined with a separator none of them can hold (a value text is JSON, which escapes
    control characters). Two assessments with equal texts derive the very same items, so a
    digest can never hide a change of what is sent; ``7`` and ``7.0`` give one text, as they
    give one item.
    """
    return f"{gkey}{_RS}{_US.join(comps)}{_RS}{_US.join(values)}".encode()


_US: Final = "\x1f"
_RS: Final = "\x1e"


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
            the ``present`` ones.
        present: how many items of ``fresh`` groups were reused unchanged from a sealed
            group's previous items: acknowledged and live, so not compared again.
    """

    items: dict[str, list[Item]]
    sealed: list[str] = field(default_factory=list)
    sealed_items: int = 0
    present: int = 0
    fresh: list[tuple[str, str, list[Item]]] = field(default_factory=list)


_KnownClass = tuple[ClassGroup, str, list[Item]]
"""A class seen in this derivation or the last: the object, its school year and its items."""
_KnownStudent = tuple[Student, str, str, list[Item]]
"""A student seen in this derivation or the last: the object, the student id as a key
component and as JSON text, and the student's items."""


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
_enrolment_parts: Final = itemgetter(*_ENROLMENT_FIELDS)
"""A record's fields but its assessments, read off its ``__dict__``."""


_SCORE_TEXT: dict[Decimal, str] = {}


def _score_text(value: Decimal) -> str:
    """The JSON text of a score with one decimal (``7`` → ``"7.0"``), memoised: 101 values."""
    text = _SCORE_TEXT.get(value)
    if text is None:
        text = f'"{value:.1f}"'
        if len(_SCORE_TEXT) < 4096:
            _SCORE_TEXT[value] = text
    return text


_TX: Final = tuple(f"tx{i}" for i in range(1, 33))
_TX_LEVEL: Final = tuple(f"tx{i}_level" for i in range(1, 33))
_SCORE_TEXT_GET: Final = _SCORE_TEXT.get
_level_json: Final = {m: f'"{m.value}"' for m in CommentLevel}.__getitem__
"""The JSON text of a comment level: a look-up, as reading ``.value`` off an enum member
is a Python-level descriptor call (levels are validated members, never other values)."""


def _components(d: dict[str, Any]) -> tuple[list[str], list[str]]:
    """An assessment's score components and their JSON value texts, in item order.

    ``tx1`` … ``txN``, ``gk``, ``ck``, ``tx1_level`` …, ``gk_level``, ``ck_level``,
    ``comment``: each present only when the assessment has that value.
    """
    regular = d["regular"]
    n = len(regular)
    comps = list(_TX[:n]) if n <= len(_TX) else [f"tx{i}" for i in range(1, n + 1)]
    values: list[Any] = list(map(_SCORE_TEXT_GET, regular))
    if None in values:
        values = list(map(_score_text, regular))
    midterm, final = d["midterm"], d["final"]
    if midterm is not None:
        comps.append("gk")
        values.append(_score_text(midterm))
    if final is not None:
        comps.append("ck")
        values.append(_score_text(final))
    levels = d["regular_levels"]
    if levels:
        n = len(levels)
        comps.extend(
            _TX_LEVEL[:n] if n <= len(_TX_LEVEL) else (f"tx{i}_level" for i in range(1, n + 1))
        )
        values.extend(map(_level_json, levels))
    midterm_level, final_level, comment = d["midterm_level"], d["final_level"], d["comment"]
    if midterm_level is not None:
        comps.append("gk_level")
        values.append(_level_json(midterm_level))
    if final_level is not None:
        comps.append("ck_level")
        values.append(_level_json(final_level))
    if comment is not None:
        comps.append("comment")
        values.append(json.dumps(comment, ensure_ascii=False))
    return comps, values


def _score_items(
    year: str,
    sid: str,
    sid_json: str,
    subject: str,
    sem: int,
    comps: list[str],
    values: list[str],
) -> list[Item]:
    """Score items for these components and value texts.

    ``data`` is the canonical JSON of ``{"component", "school_year", "semester",
    "student_id", "subject", "value"}`` (keys sorted, as :func:`canonical_json` writes it)
    and the hash is :func:`content_hash` of ``("score", key, data, False)``.
    """
    if not comps:
        return []
    prefix = f"score/{year}/{sid}/{subject}/{sem}/"
    tail = (
        f'","school_year":"{year}","semester":{sem},"student_id":{sid_json}'
        f',"subject":"{subject}","value":'
    )
    blake2b = hashlib.blake2b
    return [
        (
            "score",
            key,
            data,
            # content_hash("score", key, data, False), inlined: this runs per score.
            blake2b(f"score\x1f{key}\x1fU\x1f{data}".encode(), digest_size=16).hexdigest(),
        )
        for key, data in zip(
            map(prefix.__add__, comps),
            [f'{{"component":"{c}{tail}{v}}}' for c, v in zip(comps, values, strict=True)],
            strict=True,
        )
    ]


_NOT_IN_ENROLMENT: Final[set[str]] = {"student", "class_group", "assessments", "subjects"}
"""Fields an enrolment payload does not dump (the subjects are spliced in ready-made)."""


def _with_member(payload: Mapping[str, Any], name: str, text: str) -> str:
    """``canonical_json({**payload, name: value})`` given ``text``, the canonical JSON of value.

    Canonical JSON sorts the members by key, so the new member goes between the members
    with smaller keys and those with larger ones, each part encoded as usual.

    >>> _with_member({"a": 1, "c": [2]}, "b", '{"x":"ạ"}') == canonical_json(
    ...     {"a": 1, "b": {"x": "ạ"}, "c": [2]}
    ... )
    True
    """
    before = canonical_json({k: v for k, v in payload.items() if k < name})[1:-1]
    after = canonical_json({k: v for k, v in payload.items() if k > name})[1:-1]
    member = f"{json.dumps(name, ensure_ascii=False)}:{text}"
    return "{" + ",".join(part for part in (before, member, after) if part) + "}"


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
        self._classes: dict[int, _KnownClass] = {}
        self._subject_lists: dict[tuple[int, ...], tuple[tuple[Subject, ...], str]] = {}
        self._students: dict[int, _KnownStudent] = {}
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
        seals_held = bool(seals)
        seal_of = (seals or {}).get
        first_hash: dict[str, str] = {}
        seen: set[str] = set()
        self.duplicates = []
        counts: list[int] = []
        blake2b = hashlib.blake2b
        groups: dict[str, _Row] = {}
        old_classes, classes = self._classes, {}
        old_students, students = self._students, {}

        def cached(
            obj: object, ctx: str, make: Callable[..., list[Item]], *args: Any
        ) -> list[Item]:
            mkey = (id(obj), ctx)
            hit = old.get(mkey)
            items = hit[1] if hit is not None and hit[0] is obj else make(obj, *args)
            memo[mkey] = (obj, items)
            return items

        for record in records:
            d = record.__dict__  # pydantic attribute reads take a slow path
            cg, st = d["class_group"], d["student"]
            # The class and the student, and the key texts they give, by identity: most
            # records share their class, and a re-sync mostly keeps both objects.
            known_class = old_classes.get(id(cg))
            if known_class is None or known_class[0] is not cg:
                known_class = self._known_class(cg)
            classes[id(cg)] = known_class
            known_student = old_students.get(id(st))
            if known_student is None or known_student[0] is not st:
                known_student = self._known_student(st)
            students[id(st)] = known_student
            year = known_class[1]
            _, sid, sid_json, student_items = known_student
            enrol_key = f"enrolment/{year}/{sid}"
            if enrol_key in seen:
                self.duplicates.append(enrol_key)
                continue
            seen.add(enrol_key)
            for item in known_class[2] + student_items:
                previous = first_hash.get(item[1])
                if previous is None:
                    first_hash[item[1]] = item[3]
                    out[item[0]].append(item)
                elif previous != item[3]:
                    self.duplicates.append(item[1])
            parts = _enrolment_parts(d)
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
            scores = out["score"]
            row = old_groups.get(enrol_key)
            assessments = d["assessments"]
            if row is None or not row.built_from(assessments):
                row = self._row(assessments, row, year, sid, sid_json, blake2b)
            groups[enrol_key] = row
            row_groups = row.groups
            if row.duplicates:
                # The same subject and semester twice (a record built without validation,
                # which refuses it): the first assessment's scores are sent, a different
                # later one is listed as a duplicate, and the groups of a record holding a
                # key twice are never sealed. Unique groups are sent but not sealed either.
                first: dict[str, str] = {}
                for group in row_groups:
                    held_digest = first.get(group.gkey)
                    if held_digest is None:
                        first[group.gkey] = group.digest
                        scores.extend(group.derive(year, sid, sid_json))
                        group.changed = group.previous = None
                    elif held_digest != group.digest:
                        self.duplicates.append(group.gkey)
                continue
            if seals_held:
                # Sealed groups found in C: a group is skipped when the seal held for its key
                # carries its digest; only the others are looked at one by one.
                held = list(map(seal_of, row.gkeys, repeat(_NO_SEAL)))
                held_digests = list(map(_FIRST, held))
                if held_digests == row.digests:  # the usual case: the whole record is sealed
                    sealed_groups.extend(row.gkeys)
                    counts.extend(map(_SECOND, held))
                    continue
                same = list(map(eq, held_digests, row.digests))
                if any(same):
                    sealed_groups.extend(compress(row.gkeys, same))
                    counts.extend(map(_SECOND, compress(held, same)))
                    todo: Iterable[tuple[_Group, str]] = compress(
                        zip(row_groups, held_digests, strict=True), map(not_, same)
                    )
                else:
                    todo = zip(row_groups, held_digests, strict=True)
            else:
                todo = zip(row_groups, repeat(""), strict=False)
            for group, held_digest in todo:
                items = group.derive(year, sid, sid_json)
                fresh.append((group.gkey, group.digest, items))
                changed, previous = group.changed, group.previous
                group.changed = group.previous = None  # relative to the previous items only
                if changed is not None and held_digest == previous:
                    # The edited assessment's previous items stood sealed (acknowledged, and
                    # nothing of the group sent since), so the ones reused unchanged need no
                    # lookup: only the edited scores go to the diff.
                    scores.extend(changed)
                    derived.present += len(items) - len(changed)
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
        self._classes, self._students = classes, students
        self._groups = groups
        return derived

    @staticmethod
    def _row(
        assessments: tuple[SubjectAssessment, ...],
        previous: _Row | None,
        year: str,
        sid: str,
        sid_json: str,
        blake2b: Callable[..., Any],
    ) -> _Row:
        """The score groups of one record, reusing the previous ones for unchanged objects."""
        salt = f"{DERIVATION_VERSION}\x1f{year}\x1f{sid_json}\x1f".encode()

        def group_for(a: SubjectAssessment, old: _Group | None) -> _Group:
            d = a.__dict__
            comps, values = _components(d)
            subject, semester = d["subject"], int(d["semester"])
            if old is not None:
                od = old.source.__dict__
                if old.items is None or od["subject"] != subject or int(od["semester"]) != semester:
                    old = None
            # An edited assessment keeps its group's key, and its unchanged items (later).
            gkey = f"score/{year}/{sid}/{subject}/{semester}" if old is None else old.gkey
            digest = blake2b(salt + digest_text(gkey, comps, values), digest_size=16).hexdigest()
            return _Group(a, gkey, digest, comps, values, old)

        if previous is None:
            return _Row(assessments, [group_for(a, None) for a in assessments])
        before = previous.groups
        if len(before) != len(assessments):
            row = [
                old if old is not None and old.source is a else group_for(a, old)
                for old, a in zip_longest(before[: len(assessments)], assessments)
            ]
            return _Row(assessments, row)
        # Which assessments are new objects, found in C; only those get a new group.
        row = list(before)
        digests = list(previous.digests)
        same_keys = True
        for i in compress(range(len(row)), map(not_, map(is_, previous.sources, assessments))):
            group = row[i] = group_for(assessments[i], before[i])
            digests[i] = group.digest
            same_keys = same_keys and group.gkey == before[i].gkey
        if same_keys:  # the keys, and so the duplicates, are the previous row's
            return _Row(assessments, row, (previous.gkeys, digests, previous.duplicates))
        return _Row(assessments, row)

    @staticmethod
    def _known_student(student: Student) -> _KnownStudent:
        student_id = student.student_id
        sid = quote_key_part(student_id)
        items = [_item("student", f"student/{sid}", student.model_dump(mode="json"))]
        return student, sid, json.dumps(student_id, ensure_ascii=False), items

    @staticmethod
    def _known_class(cg: ClassGroup) -> _KnownClass:
        year = cg.school_year.label
        payload = {
            "name": cg.name,
            "grade_level": cg.grade_level,
            "school_year": year,
            "school_code": cg.school_code,
            "homeroom_teacher": cg.homeroom_teacher,
            "specialised_subject": cg.specialised_subject,
        }
        return cg, year, [_item("class", f"class/{year}/{quote_key_part(cg.name)}", payload)]

    def _enrolment(self, record: StudentYearRecord, key: str) -> list[Item]:
        """The enrolment item: the record but its student, class and assessments.

        Its subject list, the bulk of the payload, is the same list for a whole class (the
        same ``Subject`` objects): its canonical JSON is made once per list and spliced in
        (see :func:`_with_member`) instead of being dumped and encoded per student.
        """
        payload = record.model_dump(mode="json", exclude=_NOT_IN_ENROLMENT)
        payload.update(
            student_id=record.student.student_id,
            school_year=record.school_year,
            class_name=record.class_group.name,
            grade_level=record.grade_level,
        )
        subjects = record.__dict__["subjects"]
        ids = tuple(map(id, subjects))
        hit = self._subject_lists.get(ids)
        if hit is None or not all(map(is_, hit[0], subjects)):
            dumped = record.model_dump(mode="json", include={"subjects"})["subjects"]
            if len(self._subject_lists) >= 256:
                self._subject_lists.clear()
            hit = self._subject_lists[ids] = (subjects, canonical_json(dumped))
        data = _with_member(payload, "subjects", hit[1])
        return [("enrolment", key, data, content_hash("enrolment", key, data, False))]

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


_SOURCE: Final = attrgetter("source")
_GKEY: Final = attrgetter("gkey")
_DIGEST: Final = attrgetter("digest")
_FIRST: Final = itemgetter(0)
_SECOND: Final = itemgetter(1)
_NO_SEAL: Final = ("", 0)


class _Row:
    """A record's score groups, in assessment order, with their keys and digests listed.

    The lists let a re-sync find a wholly sealed record with one comparison in C, and
    ``sources`` (the assessments tuple the groups were built from) lets a record whose
    tuple is the same object skip even the per-assessment identity check.
    """

    __slots__ = ("digests", "duplicates", "gkeys", "groups", "sources")

    def __init__(
        self,
        sources: tuple[SubjectAssessment, ...],
        groups: list[_Group],
        known: tuple[list[str], list[str], bool] | None = None,
    ) -> None:
        """``known``: the groups' keys, digests and whether a key repeats, when the caller
        has them (a row edited in place keeps its keys)."""
        self.sources = sources
        self.groups = groups
        if known is None:
            gkeys = list(map(_GKEY, groups))
            # Two groups with one key (the same subject and semester twice) are never sealed.
            known = gkeys, list(map(_DIGEST, groups)), len(set(gkeys)) != len(groups)
        self.gkeys, self.digests, self.duplicates = known

    def built_from(self, assessments: tuple[SubjectAssessment, ...]) -> bool:
        """Whether these are the very assessment objects the groups were built from."""
        return self.sources is assessments or (
            len(self.groups) == len(assessments)
            and all(map(is_, map(_SOURCE, self.groups), assessments))
        )


class _Group:
    """One assessment's score group: its key, components, value texts, digest and (lazily)
    its items.

    ``replaced`` is the group of the assessment this one replaced under the same key, whose
    items stand derived: an edit keeps those of its items whose component and value text
    are unchanged. Once the items are derived that way, ``changed`` lists those not kept
    and ``previous`` is the replaced group's digest; both stay ``None`` when every item was
    derived anew.
    """

    __slots__ = (
        "changed",
        "comps",
        "digest",
        "gkey",
        "items",
        "previous",
        "replaced",
        "source",
        "values",
    )

    def __init__(
        self,
        source: SubjectAssessment,
        gkey: str,
        digest: str,
        comps: list[str],
        values: list[str],
        replaced: _Group | None,
    ) -> None:
        self.source = source
        self.gkey = gkey
        self.digest = digest
        self.comps = comps
        self.values = values
        self.replaced = replaced
        self.items: list[Item] | None = None
        self.changed: list[Item] | None = None
        self.previous: str | None = None

    def derive(self, year: str, sid: str, sid_json: str) -> list[Item]:
        """The group's items, derived once (keeping what the replaced group had)."""
        items = self.items
        if items is None:
            old = self.replaced
            self.replaced = None  # the old items are no longer needed
            if old is not None and old.items is not None and old.comps == self.comps:
                items = self.items = self._edited(old, old.items)
            else:
                d = self.source.__dict__
                items = self.items = _score_items(
                    year, sid, sid_json, d["subject"], int(d["semester"]), self.comps, self.values
                )
        return items

    def _edited(self, old: _Group, previous: list[Item]) -> list[Item]:
        """The items of an edit of ``old``'s assessment with the same components: the
        previous item at each position whose value text is unchanged, a new one elsewhere.

        An item is a function of its key and its value text (the group key fixes year,
        student, subject and semester; the position fixes the component). In its data the
        value is the last member (canonical JSON sorts the members), so a new value text
        replaces the old one's characters before the closing brace; the key is kept.
        """
        values, old_values = self.values, old.values
        items = list(previous)
        self.changed = changed = []
        self.previous = old.digest
        blake2b = hashlib.blake2b
        for i in compress(range(len(values)), map(ne, values, old_values)):
            key, data = items[i][1:3]
            data = f"{data[: len(data) - len(old_values[i]) - 1]}{values[i]}}}"
            # content_hash("score", key, data, False), inlined as in _score_items.
            chash = blake2b(f"score\x1f{key}\x1fU\x1f{data}".encode(), digest_size=16).hexdigest()
            changed.append(("score", key, data, chash))
            items[i] = changed[-1]
        return items


def iter_items(groups: Mapping[str, list[Item]]) -> Iterator[Item]:
    """Items of every kind, in :class:`ChangeKind` order."""
    for kind in ChangeKind:
        yield from groups[kind.value]
