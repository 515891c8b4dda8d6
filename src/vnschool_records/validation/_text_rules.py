"""Text rules (Chữ viết): names in capitals and text in the old TCVN3/VNI encodings.

Names are written as on the birth certificate, with normal capitalisation (SDK policy);
every text is stored in Unicode (Quyết định 72/2002/QĐ-TTg makes TCVN 6909:2001 the
standard for state agencies). Non-NFC names and stray spaces can only be seen in raw input
— the models normalise both — so the parsing step reports those (see ``_parsing``).
"""

from __future__ import annotations

from collections.abc import Iterator

from vnschool_records._legacy import detect_encoding, fix_vietnamese_text
from vnschool_records.models import StudentYearRecord
from vnschool_records.validation._finding import Family, Finding, Loc
from vnschool_records.validation._rules import RecordRule, ValidationContext, make_finding

__all__ = ["NameRule", "is_all_caps", "legacy_finding", "text_fields"]

NAME_FIELDS = (
    ("student", "full_name"),
    ("student", "guardian_name"),
    ("class_group", "homeroom_teacher"),
)
_NAMES = frozenset(name for _, name in NAME_FIELDS)
OTHER_FIELDS = (
    ("student", "place_of_birth"),
    ("student", "ethnicity"),
    ("student", "address"),
    ("class_group", "name"),
)  # fmt: skip


def is_all_caps(name: str) -> bool:
    """Whether a name of two or more letters is written entirely in capitals.

    >>> is_all_caps("NGUYỄN VĂN AN"), is_all_caps("Nguyễn Văn An"), is_all_caps("A")
    (True, False, False)
    """
    return name.isupper() and sum(ch.isalpha() for ch in name) >= 2


def text_fields(record: StudentYearRecord) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """``(path, text)`` of every free-text field of a record."""
    parts = {"student": record.student, "class_group": record.class_group}
    for head, name in NAME_FIELDS + OTHER_FIELDS:
        value = getattr(parts[head], name)
        if value:
            yield (head, name), value
    for i, a in enumerate(record.assessments):
        if a.comment:
            yield ("assessments", i, "comment"), a.comment
    for i, e in enumerate(record.exemptions):
        if e.reason:
            yield ("exemptions", i, "reason"), e.reason


def legacy_finding(
    loc: Loc, text: str, record: StudentYearRecord | None, *, repaired: bool, **who: str | None
) -> Finding | None:
    """A ``text-legacy-encoding`` finding if ``text`` is TCVN3/VNI/mojibake, else ``None``."""
    encoding = detect_encoding(text)
    if encoding is None:
        return None
    fixed, _ = fix_vietnamese_text(text)
    name = {"tcvn3": "TCVN3", "vni": "VNI"}.get(encoding.value, "UTF-8/Windows-1252")
    done_vi = "đã chuyển" if repaired else "nên chuyển"
    done_en = "converted" if repaired else "convert it"
    return make_finding(
        "text-legacy-encoding",
        loc,
        record,
        f"“{text}” được gõ bằng bảng mã {name}; {done_vi} sang Unicode: “{fixed}”",
        f"“{text}” was typed in the {name} encoding; {done_en} to Unicode: “{fixed}”",
        value=text,
        ctx={"encoding": encoding.value, "fixed": fixed, "repaired": repaired},
        student_id=who.get("student_id"),
        class_name=who.get("class_name"),
    )


class NameRule(RecordRule):
    """Names in capitals, and text left in a legacy encoding, in parsed records."""

    codes = frozenset({"name-all-caps", "text-legacy-encoding"})
    family = Family.TEXT

    def check_record(
        self, index: int, record: StudentYearRecord, context: ValidationContext
    ) -> Iterator[Finding]:
        for path, text in text_fields(record):
            if not text.isascii():
                found = legacy_finding((index, *path), text, record, repaired=False)
                if found is not None:
                    yield found
                    continue
            if path[-1] in _NAMES and is_all_caps(text):
                yield make_finding(
                    "name-all-caps",
                    (index, *path),
                    record,
                    f"Tên “{text}” viết toàn chữ in hoa; ghi như giấy khai sinh: “{text.title()}”",
                    f"Name “{text}” is in capitals; write it as on the birth certificate: "
                    f"“{text.title()}”",
                    value=text,
                    ctx={"fixed": text.title()},
                )
