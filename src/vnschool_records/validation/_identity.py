"""Identity rules (Định danh): personal id, student code, and the same student entered twice.

* The personal identification number has the structure of Nghị định 137/2015/NĐ-CP,
  Điều 13 (province of birth registration, century-and-sex digit, year of birth), and
  must agree with the birth date and sex in the record.
* Each student has one code in the sector database, unique and unchanged
  (Thông tư 42/2021/TT-BGDĐT, Điều 10); a personal id belongs to one citizen (Luật Căn
  cước 2023, Điều 12). The same student twice in a school's year — same code, same
  personal id, or the same name (compared with :func:`identity_key`) and birth date — is
  reported on the later record.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from vnschool_records._text import identity_key
from vnschool_records.errors import IdentifierError
from vnschool_records.identifiers import personal_id, student_code
from vnschool_records.models import StudentYearRecord
from vnschool_records.validation._finding import Family, Finding
from vnschool_records.validation._rules import (
    Batch,
    RecordRule,
    ValidationContext,
    make_finding,
)

__all__ = ["DuplicateStudentRule", "PersonalIdRule"]

_EN_SEX = {"Nam": "male", "Nữ": "female"}


class PersonalIdRule(RecordRule):
    """Missing or invalid personal id; id contradicting birth date or sex; bad student code."""

    codes = frozenset(
        {
            "personal-id-missing",
            "personal-id-invalid",
            "personal-id-birth-mismatch",
            "personal-id-sex-mismatch",
            "student-code-invalid",
        }
    )
    family = Family.IDENTITY

    def check_record(
        self, index: int, record: StudentYearRecord, context: ValidationContext
    ) -> Iterator[Finding]:
        student = record.student
        if context.student_code_format is not None:
            try:
                student_code.validate(student.student_id, code_format=context.student_code_format)
            except IdentifierError as exc:
                yield make_finding(
                    "student-code-invalid",
                    (index, "student", "student_id"),
                    record,
                    f"Mã học sinh “{student.student_id}” sai định dạng: {exc}",
                    f"Student code “{student.student_id}” is malformed: {exc}",
                    value=student.student_id,
                )
        number = student.personal_id
        loc = (index, "student", "personal_id")
        if number is None or not number.strip():
            yield make_finding(
                "personal-id-missing",
                loc,
                record,
                f"Học sinh {student.full_name} chưa có số định danh cá nhân",
                f"Student {student.full_name} has no personal identification number",
                value=number,
            )
            return
        try:
            parts = personal_id.decode(number)
        except IdentifierError as exc:
            yield make_finding(
                "personal-id-invalid",
                loc,
                record,
                f"Số định danh “{number}” sai cấu trúc: {exc}",
                f"Personal id “{number}” is malformed: {exc}",
                value=number,
            )
            return
        born = student.date_of_birth
        if parts.birth_year != born.year:
            yield make_finding(
                "personal-id-birth-mismatch",
                loc,
                record,
                f"Số định danh “{number}” ghi năm sinh {parts.birth_year}, hồ sơ ghi "
                f"{born:%d/%m/%Y}",
                f"Personal id “{number}” encodes birth year {parts.birth_year} (digits 4–6); "
                f"the record says {born.isoformat()}",
                value=number,
                ctx={"encoded_year": parts.birth_year},
            )
        if parts.sex != student.sex.value:
            yield make_finding(
                "personal-id-sex-mismatch",
                loc,
                record,
                f"Chữ số thứ 4 của số định danh “{number}” là giới tính {parts.sex}, hồ sơ ghi "
                f"{student.sex.value}",
                f"Digit 4 of personal id “{number}” says {_EN_SEX[parts.sex]}; the record says "
                f"{_EN_SEX[student.sex.value]}",
                value=number,
                ctx={"encoded_sex": parts.sex},
            )


_DROP_TONES = str.maketrans(dict.fromkeys("\u0300\u0301\u0303\u0309\u0323"))


def _cheap_name_key(name: str) -> str:
    """A fast, coarser key (tones dropped): equal whenever :func:`identity_key` is equal."""
    return " ".join(unicodedata.normalize("NFD", name.casefold()).translate(_DROP_TONES).split())


class DuplicateStudentRule:
    """The same student twice in a school's year, or one personal id for two students."""

    codes = frozenset({"student-duplicate", "personal-id-shared"})
    family = Family.IDENTITY

    def __repr__(self) -> str:
        return "DuplicateStudentRule()"

    def check(self, batch: Batch) -> Iterator[Finding]:
        by_code: dict[tuple[object, ...], int] = {}
        by_name: dict[tuple[object, ...], int] = {}
        by_pid: dict[tuple[object, ...], int] = {}
        for index, record in batch.parsed():
            s = record.student
            scope = (record.class_group.school_code, record.class_group.school_year.start)
            name_key = _cheap_name_key(s.full_name)
            first: int | None = None
            code_key = (*scope, s.student_id)
            person_key = (*scope, name_key, s.date_of_birth)
            first = by_code.get(code_key)
            if first is None:
                candidate = by_name.get(person_key)
                other_record = batch.records[candidate] if candidate is not None else None
                # the cheap key only narrows; identity_key decides (tone placement, case, NFC)
                if other_record is not None and identity_key(
                    other_record.student.full_name
                ) == identity_key(s.full_name):
                    first = candidate
            by_code.setdefault(code_key, index)
            by_name.setdefault(person_key, index)
            pid = (s.personal_id or "").strip()
            shared_with: int | None = None
            if pid:
                pid_key = (*scope, pid)
                other = by_pid.get(pid_key)
                by_pid.setdefault(pid_key, index)
                if other is not None and first is None:
                    other_record = batch.records[other]
                    same_person = other_record is not None and (
                        identity_key(other_record.student.full_name) == identity_key(s.full_name)
                        and other_record.student.date_of_birth == s.date_of_birth
                    )
                    if same_person:
                        first = other
                    else:
                        shared_with = other
            if first is not None:
                yield make_finding(
                    "student-duplicate",
                    (index, "student"),
                    record,
                    f"Học sinh {s.full_name} ({s.student_id}) đã có ở bản ghi {first}",
                    f"Student {s.full_name} ({s.student_id}) is already record {first}",
                    value=s.student_id,
                    ctx={"first_index": first},
                )
            elif shared_with is not None:
                yield make_finding(
                    "personal-id-shared",
                    (index, "student", "personal_id"),
                    record,
                    f"Số định danh {pid} của {s.full_name} trùng với học sinh ở bản ghi "
                    f"{shared_with}",
                    f"Personal id {pid} of {s.full_name} is also that of the student in record "
                    f"{shared_with}",
                    value=pid,
                    ctx={"first_index": shared_with},
                )
