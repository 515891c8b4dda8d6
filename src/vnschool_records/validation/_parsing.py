"""Parsing raw records (Đọc hồ sơ thô): dicts become models, or findings — never exceptions.

A raw record (a ``dict`` from a spreadsheet, an export or JSON) is first scanned for text
problems the models would silently normalise (decomposed Unicode, stray spaces) or could
not see (legacy encodings, which are repaired before parsing when the context allows), then
validated into a :class:`StudentYearRecord`. Every pydantic error becomes a finding with
the pydantic location, prefixed by the record's index.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import ValidationError

from vnschool_records._legacy import fix_vietnamese_text
from vnschool_records._text import clean_name, is_nfc
from vnschool_records.models import StudentYearRecord
from vnschool_records.validation._finding import Family, Finding
from vnschool_records.validation._rules import Batch, ValidationContext, make_finding
from vnschool_records.validation._text_rules import NAME_FIELDS, OTHER_FIELDS, legacy_finding

__all__ = ["RawRecordRule"]

_SCORE_FIELDS = frozenset({"regular", "midterm", "final"})


def _get(raw: Mapping[str, Any], head: str) -> Mapping[str, Any] | None:
    part = raw.get(head)
    return part if isinstance(part, Mapping) else None


class RawRecordRule:
    """The parsing step, as a rule so that its codes can be switched off like any other."""

    codes = frozenset(
        {
            "record-invalid",
            "score-invalid",
            "name-not-nfc",
            "name-extra-spaces",
            "text-legacy-encoding",
        }
    )
    family = Family.RECORD

    def check(self, batch: Batch) -> Iterable[Finding]:
        """Nothing: raw records are handled by :meth:`parse` before the other rules run."""
        return ()

    def __repr__(self) -> str:
        return "RawRecordRule()"

    def parse(
        self, index: int, raw: object, context: ValidationContext
    ) -> tuple[StudentYearRecord | None, list[Finding]]:
        """The record parsed from ``raw`` (or ``None``) and the findings on the way."""
        if isinstance(raw, StudentYearRecord):
            return raw, []
        if not isinstance(raw, Mapping):
            return None, [
                make_finding(
                    "record-invalid",
                    (index,),
                    None,
                    f"Bản ghi thứ {index} không phải hồ sơ học sinh (kiểu {type(raw).__name__})",
                    f"Record {index} is not a student-year record (type {type(raw).__name__})",
                    value=raw,
                )
            ]
        student = _get(raw, "student") or {}
        cls = _get(raw, "class_group") or {}
        who = {
            "student_id": str(student.get("student_id")) if student.get("student_id") else None,
            "class_name": str(cls.get("name")) if cls.get("name") else None,
        }
        findings, repairs = self._scan_text(index, raw, context, who)
        data: Any = raw
        if repairs:
            data = copy.deepcopy(dict(raw))
            for (head, name), fixed in repairs.items():
                data[head] = {**data[head], name: fixed}
        try:
            return StudentYearRecord.model_validate(data), findings
        except ValidationError as exc:
            findings.extend(self._errors(index, exc, who))
            return None, findings

    def _scan_text(
        self, index: int, raw: Mapping[str, Any], context: ValidationContext, who: dict[str, Any]
    ) -> tuple[list[Finding], dict[tuple[str, str], str]]:
        findings: list[Finding] = []
        repairs: dict[tuple[str, str], str] = {}
        for head, name in NAME_FIELDS + OTHER_FIELDS:
            part = _get(raw, head)
            text = part.get(name) if part is not None else None
            if not isinstance(text, str) or not text:
                continue
            loc = (index, head, name)
            legacy = None
            if context.repair_text and not text.isascii():
                # Without repair, the text rule reports it on the parsed record instead.
                legacy = legacy_finding(loc, text, None, repaired=True, **who)
            if legacy is not None:
                findings.append(legacy)
                repairs[(head, name)] = fix_vietnamese_text(text)[0]
                continue
            if (head, name) not in NAME_FIELDS:
                continue
            if not is_nfc(text):
                findings.append(
                    make_finding(
                        "name-not-nfc",
                        loc,
                        None,
                        f"Tên “{text}” dùng Unicode tổ hợp; đã chuyển sang Unicode dựng sẵn (NFC)",
                        f"Name “{text}” uses decomposed Unicode; stored in composed form (NFC)",
                        value=text,
                        ctx={"fixed": clean_name(text)},
                        **who,
                    )
                )
            elif clean_name(text) != text:
                findings.append(
                    make_finding(
                        "name-extra-spaces",
                        loc,
                        None,
                        f"Tên “{text}” có khoảng trắng thừa; đã lưu là “{clean_name(text)}”",
                        f"Name “{text}” has stray spaces; stored as “{clean_name(text)}”",
                        value=text,
                        ctx={"fixed": clean_name(text)},
                        **who,
                    )
                )
        return findings, repairs

    def _errors(self, index: int, exc: ValidationError, who: dict[str, Any]) -> Iterator[Finding]:
        for error in exc.errors(include_url=False):
            loc = (index, *error["loc"])
            in_scores = "assessments" in error["loc"] and bool(
                _SCORE_FIELDS.intersection(p for p in error["loc"] if isinstance(p, str))
            )
            where = ".".join(str(p) for p in error["loc"]) or "(record)"
            value = error.get("input")
            if in_scores:
                yield make_finding(
                    "score-invalid",
                    loc,
                    None,
                    f"Điểm {value!r} tại {where} không hợp lệ: {error['msg']}",
                    f"Score {value!r} at {where} is invalid: {error['msg']}",
                    value=value,
                    ctx={"type": error["type"]},
                    **who,
                )
            else:
                yield make_finding(
                    "record-invalid",
                    loc,
                    None,
                    f"Trường {where} không hợp lệ: {error['msg']}",
                    f"Field {where} is invalid: {error['msg']}",
                    value=value,
                    ctx={"type": error["type"]},
                    **who,
                )
