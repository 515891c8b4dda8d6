"""Score items and group digests: byte for byte what the documented forms give.

The deriver builds score items with inlined string pipelines for speed; targets and
journals store what it produced, so every item must equal the one built the plain way
(``canonical_json`` of the payload, ``content_hash`` of kind, key and data), and every
group digest the BLAKE2b-128 of the documented source text. These properties check that
for generated assessments, and that a deriver reusing what it derived before (after
edits, with or without seals) gives the same items as a fresh one.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from vnschool_records._decimal import parse_score
from vnschool_records.models import CommentLevel, Semester, StudentYearRecord, SubjectAssessment
from vnschool_records.sync._derive import (
    DERIVATION_VERSION,
    Deriver,
    Item,
    group_of,
    quote_key_part,
)
from vnschool_records.sync._model import canonical_json, content_hash
from vnschool_records.testing import demo_school

_BASE = demo_school(1)[0]
_YEAR = _BASE.school_year

_scores = st.builds(
    lambda tenths, whole: Decimal(tenths // 10) if whole else Decimal(tenths) / 10,
    st.integers(0, 100),
    st.booleans(),
) | st.sampled_from([parse_score(t) for t in ("7", "7.0", "10", "0.0", "8,5")])
_levels = st.sampled_from(list(CommentLevel))
_awkward_text = st.text(
    st.one_of(
        st.sampled_from(list("aĐạtễƯ\"'\\/%{}:,\x00\x01\x1f\x7f\u2028 ")),
        st.characters(codec="utf-8"),
    ),
    min_size=1,
    max_size=12,
).map(lambda s: unicodedata.normalize("NFC", s))


def _assessment(subject: str, semester: Semester, draw: Any) -> SubjectAssessment:
    return SubjectAssessment(
        subject=subject,
        semester=semester,
        regular=tuple(draw(st.lists(_scores, max_size=40))),
        midterm=draw(st.none() | _scores),
        final=draw(st.none() | _scores),
        regular_levels=tuple(draw(st.lists(_levels, max_size=5))),
        midterm_level=draw(st.none() | _levels),
        final_level=draw(st.none() | _levels),
        comment=draw(st.none() | _awkward_text),
    )


@st.composite
def _records(draw: Any) -> list[StudentYearRecord]:
    """One to three students with awkward ids and assessments of every shape."""
    ids = draw(st.lists(_awkward_text, min_size=1, max_size=3, unique=True))
    records = []
    for sid in ids:
        slots = draw(
            st.lists(
                st.tuples(st.sampled_from(["toan", "ngu_van", "gdtc"]), st.sampled_from(Semester)),
                max_size=4,
                unique=True,
            )
        )
        student = _BASE.student.model_copy(update={"student_id": sid})
        assessments = tuple(_assessment(s, sem, draw) for s, sem in slots)
        records.append(_BASE.model_copy(update={"student": student, "assessments": assessments}))
    return records


def _expected_values(a: SubjectAssessment) -> list[tuple[str, str]]:
    """An assessment's score components and their values, in item order."""
    values: list[tuple[str, str]] = [(f"tx{i}", f"{v:.1f}") for i, v in enumerate(a.regular, 1)]
    values += [(c, f"{v:.1f}") for c, v in (("gk", a.midterm), ("ck", a.final)) if v is not None]
    values += [(f"tx{i}_level", v.value) for i, v in enumerate(a.regular_levels, 1)]
    values += [
        (c, v.value)
        for c, v in (("gk_level", a.midterm_level), ("ck_level", a.final_level))
        if v is not None
    ]
    if a.comment is not None:
        values.append(("comment", a.comment))
    return values


def _expected_items(record: StudentYearRecord, a: SubjectAssessment) -> list[Item]:
    """The score items of one assessment, built the plain, documented way."""
    sid = record.student.student_id
    items = []
    for component, value in _expected_values(a):
        key = f"score/{_YEAR}/{quote_key_part(sid)}/{a.subject}/{int(a.semester)}/{component}"
        payload = {
            "component": component,
            "school_year": _YEAR,
            "semester": int(a.semester),
            "student_id": sid,
            "subject": a.subject,
            "value": value,
        }
        data = canonical_json(payload)
        items.append(("score", key, data, content_hash("score", key, data, False)))
    return items


def _expected_digest(record: StudentYearRecord, a: SubjectAssessment) -> str:
    """The group digest: BLAKE2b-128 of the version, year, student, group key, components
    and the JSON text of their values, as the items carry them."""
    sid = record.student.student_id
    gkey = f"score/{_YEAR}/{quote_key_part(sid)}/{a.subject}/{int(a.semester)}"
    components = [c for c, _ in _expected_values(a)]
    values = [json.dumps(v, ensure_ascii=False) for _, v in _expected_values(a)]
    text = (
        f"{DERIVATION_VERSION}\x1f{_YEAR}\x1f{json.dumps(sid, ensure_ascii=False)}\x1f{gkey}"
        f"\x1e{chr(0x1F).join(components)}\x1e{chr(0x1F).join(values)}"
    )
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


@settings(max_examples=60, deadline=None)
@given(_records())
def test_score_items_and_digests_are_the_documented_ones(records: list[StudentYearRecord]) -> None:
    derived = Deriver().derive(records, None)
    expected = [item for r in records for a in r.assessments for item in _expected_items(r, a)]
    assert derived.items["score"] == expected
    digests = {
        f"score/{_YEAR}/{quote_key_part(r.student.student_id)}/{a.subject}/{int(a.semester)}": (
            _expected_digest(r, a),
            _expected_items(r, a),
        )
        for r in records
        for a in r.assessments
    }
    assert {gkey: (digest, items) for gkey, digest, items in derived.fresh} == digests


def _other_form(score: Decimal) -> Decimal:
    """An equal score as another object, written the other way when it is whole (7 ↔ 7.0)."""
    if score != score.to_integral_value():
        return Decimal(str(score))
    exponent = score.as_tuple().exponent
    return Decimal(f"{score:.0f}" if isinstance(exponent, int) and exponent < 0 else f"{score:.1f}")


def _edit(records: list[StudentYearRecord], draw: Any) -> list[StudentYearRecord]:
    """An edit of the records: some assessments re-entered, moved or cut, some scores changed.

    ``reform`` re-enters a regular score and writes the mid-term score anew, equal but
    another object, perhaps in the other form (``7`` for ``7.0``): the same value text, so
    the same item and digest. ``comment`` rewrites a comment (the same components, and a
    value text that may hold ``:`` or ``}``).
    """
    edited = []
    for record in records:
        assessments = list(record.assessments)
        for i, a in enumerate(assessments):
            how = draw(
                st.sampled_from(
                    ["keep", "keep", "regular", "reform", "final", "comment", "anew", "move"]
                )
            )
            if how in ("regular", "reform") and a.regular:
                at = draw(st.integers(0, len(a.regular) - 1))
                regular = list(a.regular)
                regular[at] = draw(_scores)
                update: dict[str, Any] = {"regular": tuple(regular)}
                if how == "reform" and a.midterm is not None:
                    update["midterm"] = _other_form(a.midterm)
                assessments[i] = a.model_copy(update=update)
            elif how == "final":
                assessments[i] = a.model_copy(update={"final": draw(st.none() | _scores)})
            elif how == "comment" and a.comment is not None:  # the same components
                assessments[i] = a.model_copy(update={"comment": draw(_awkward_text)})
            elif how == "anew":
                assessments[i] = _assessment(a.subject, a.semester, draw)
            elif how == "move":  # another subject in its place (a key no other one has)
                assessments[i] = a.model_copy(update={"subject": f"{a.subject}_{i}"})
        if draw(st.booleans()):
            assessments = assessments[: draw(st.integers(0, len(assessments)))]
        edited.append(record.model_copy(update={"assessments": tuple(assessments)}))
    return edited


@st.composite
def _edited(draw: Any) -> list[list[StudentYearRecord]]:
    """Records and two successive edits of them."""
    records = draw(_records())
    first = _edit(records, draw)
    return [records, first, _edit(first, draw)]


@settings(max_examples=60, deadline=None)
@given(_edited())
def test_a_rederive_after_edits_equals_a_fresh_one(
    versions: list[list[StudentYearRecord]],
) -> None:
    records, edited = versions[:2]
    fresh = Deriver().derive(edited, None)
    # Without seals: every item again, equal to a fresh derivation.
    again = Deriver()
    again.derive(records, None)
    assert again.derive(edited, None).items == fresh.items
    # With the seals a sync would leave: the items sent, the ones reused unchanged and the
    # sealed groups' items together are the fresh items, and what is sent is fresh; twice,
    # the second time after the seals the first re-sync left.
    deriver = Deriver()
    first = deriver.derive(records, None)
    seals = {gkey: (digest, len(items)) for gkey, digest, items in first.fresh}
    for edited in versions[1:]:
        fresh = Deriver().derive(edited, None)
        derived = deriver.derive(edited, None, seals)
        fresh_scores = fresh.items["score"]
        assert set(derived.items["score"]) <= set(fresh_scores)
        sealed = set(derived.sealed)
        assert all(seals[g][0] == d for g, d, _ in fresh.fresh if g in sealed)
        sent = [i[1] for i in derived.items["score"]]
        reused = {i[1] for _, _, items in derived.fresh for i in items} - set(sent)
        assert derived.present == len(reused)
        covered = sent + sorted(reused)
        covered += [i[1] for i in fresh_scores if group_of(i[1]) in sealed]
        assert sorted(covered) == sorted(i[1] for i in fresh_scores)
        assert derived.sealed_items == sum(1 for i in fresh_scores if group_of(i[1]) in sealed)
        assert {g: (d, i) for g, d, i in derived.fresh} == {
            g: (d, i) for g, d, i in fresh.fresh if g not in sealed
        }
        # The client unseals the groups it sends, then seals every group derived afresh.
        for key in sent:
            seals.pop(group_of(key), None)
        seals.update((g, (d, len(i))) for g, d, i in derived.fresh)


def test_a_rewritten_comment_holding_a_colon_gives_the_fresh_items() -> None:
    """The edited item's data keeps everything before the old value text, which may itself
    hold ``:`` and ``}`` (a comment is JSON text)."""
    record = _BASE
    a = record.assessments[0].model_copy(update={"comment": 'Đạt: "tốt" {a:b}'})
    before = record.model_copy(update={"assessments": (a,)})
    after = record.model_copy(
        update={"assessments": (a.model_copy(update={"comment": "Cần cố gắng"}),)}
    )
    deriver = Deriver()
    first = deriver.derive([before], None)
    seals = {gkey: (digest, len(items)) for gkey, digest, items in first.fresh}
    again = deriver.derive([after], None, seals)
    fresh = Deriver().derive([after], None)
    assert again.items["score"] == [i for i in fresh.items["score"] if i[1].endswith("/comment")]
    assert again.fresh == fresh.fresh
    assert again.present == len(fresh.items["score"]) - 1
