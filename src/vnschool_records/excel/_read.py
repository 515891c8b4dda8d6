"""Reading a filled class grade book (Đọc sổ theo dõi và đánh giá đã nhập) back into records."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from os import PathLike
from typing import IO, Any, Final

from pydantic import ValidationError

from vnschool_records._decimal import parse_score
from vnschool_records._explain import Citation
from vnschool_records._text import clean_name, nfc
from vnschool_records.errors import ScoreError, WorkbookError
from vnschool_records.excel import _layout as lay
from vnschool_records.excel._findings import finding_at, level_reference, score_reference
from vnschool_records.models import (
    Attendance,
    ClassGroup,
    CommentLevel,
    ConductLevel,
    Exemption,
    SchoolYear,
    Semester,
    Student,
    StudentYearRecord,
    Subject,
    SubjectAssessment,
    SubjectKind,
    TrainingLevel,
)
from vnschool_records.validation import Finding, Severity

__all__ = ["ImportResult", "read_gradebook"]

_NUMBER_WORDS: Final = {2: ("hai", "two"), 3: ("ba", "three"), 4: ("bốn", "four")}


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Import result (Kết quả nhập sổ điểm): the records read and every problem found.

    A data problem never stops the import: the bad cell is left out, reported as a
    finding at its sheet and cell, and the rest of the workbook is still read.
    """

    records: tuple[StudentYearRecord, ...]
    findings: tuple[Finding, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when no finding is an error (warnings allowed)."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def codes(self) -> list[str]:
        """The finding codes, in order found."""
        return [f.code for f in self.findings]


@dataclass(frozen=True, slots=True)
class _Formula:
    text: str


@dataclass(slots=True)
class _Meta:
    class_group: ClassGroup
    regulation: str
    subjects: tuple[Subject, ...]
    sheets: list[tuple[str, str, str | None, int | None]]


class _Reader:
    def __init__(self, wb: Any, source: str) -> None:
        self.wb = wb
        self.source = source
        self.findings: list[Finding] = []
        self.regulation = "TT22_2021"  # replaced by the meta sheet's regulation

    # -------------------------------------------------------------- plumbing
    def rows(self, name: str) -> list[tuple[object, ...]]:
        ws = self.wb[name]
        try:
            out: list[tuple[object, ...]] = []
            for row in ws.iter_rows():
                out.append(tuple(_cell_value(c) for c in row))
            return out
        except Exception as exc:  # a malformed or hostile part: refuse the workbook
            raise WorkbookError(
                f"{self.source}: sheet {name!r} cannot be read ({type(exc).__name__}: {exc})"
            ) from exc

    def add(
        self,
        sheet: str,
        cell: str | None,
        code: str,
        vi: str,
        en: str,
        *,
        value: object = None,
        severity: Severity = Severity.ERROR,
        reference: Citation | None = None,
    ) -> None:
        self.findings.append(
            finding_at(
                sheet, cell, code, vi, en, severity=severity, reference=reference, value=value
            )
        )

    def table(
        self, name: str, required: Sequence[str]
    ) -> tuple[dict[str, int], list[tuple[int, tuple[object, ...]]]] | None:
        """Header map (text → 0-based column) and the data rows (row number, values)."""
        if name not in self.wb.sheetnames:
            self.add(
                name, None, "excel-missing-sheet",
                "thiếu trang tính này (được ghi trong trang _meta)",
                "this sheet is missing (the _meta sheet lists it)",
            )  # fmt: skip
            return None
        rows = self.rows(name)
        for idx, row in enumerate(rows[:10]):
            headers = {_header(v): i for i, v in enumerate(row) if isinstance(v, str)}
            if lay.H_ID in headers:
                missing = [h for h in required if h not in headers]
                if missing:
                    self.add(
                        name, None, "excel-missing-column",
                        f"thiếu cột {', '.join(missing)}; trang tính bị bỏ qua",
                        f"missing column(s) {', '.join(missing)}; the sheet was skipped",
                        value=missing,
                    )  # fmt: skip
                    return None
                data = [
                    (idx + 1 + k + 1, r)
                    for k, r in enumerate(rows[idx + 1 :])
                    if any(v is not None and v != "" for v in r)
                ]
                return headers, data
        self.add(
            name, None, "excel-missing-column",
            f"không tìm thấy dòng tiêu đề có cột {lay.H_ID!r}; trang tính bị bỏ qua",
            f"no header row with a {lay.H_ID!r} column; the sheet was skipped",
        )  # fmt: skip
        return None

    # -------------------------------------------------------------- cell parsers
    def input(self, sheet: str, row: int, col: int, raw: object) -> object:
        """The raw value, or ``None`` (with a finding) when the cell holds a formula."""
        if isinstance(raw, _Formula):
            self.add(
                sheet, _ref(row, col), "excel-formula-in-cell",
                f"ô chứa công thức {raw.text!r}; hãy nhập giá trị, công thức không được dùng",
                f"the cell holds the formula {raw.text!r}; type the value — formulas are not used",
                value=raw.text,
            )  # fmt: skip
            return None
        if isinstance(raw, str):
            text = nfc(lay.unescape_text(raw))
            return text if text.strip() else None
        return raw

    def text(self, sheet: str, row: int, col: int | None, values: tuple[object, ...]) -> str | None:
        raw = self.input(sheet, row, col, _at(values, col)) if col is not None else None
        if raw is None:
            return None
        if isinstance(raw, float) and raw.is_integer():
            return str(int(raw))
        if isinstance(raw, datetime):
            return raw.strftime("%d/%m/%Y")
        return str(raw)

    def score(self, sheet: str, row: int, col: int, values: tuple[object, ...]) -> Decimal | None:
        raw = self.input(sheet, row, col, _at(values, col))
        if raw is None:
            return None
        try:
            return parse_score(raw)
        except ScoreError:
            pass
        shown = repr(raw) if isinstance(raw, str) else str(raw)
        where = _ref(row, col)
        try:
            loose = parse_score(raw, max_places=None)
        except ScoreError:
            loose = None
        if loose is not None:
            exponent = loose.normalize().as_tuple().exponent
            places = -exponent if isinstance(exponent, int) else 0
            vi_n, en_n = _NUMBER_WORDS.get(places, (str(places), str(places)))
            self.add(
                sheet, where, "excel-score-too-many-decimals",
                f"{shown} có {vi_n} chữ số thập phân; điểm là số nguyên hoặc lấy đến một chữ số "
                "thập phân",
                f"{shown} has {en_n} decimals; a score is an integer or has one decimal",
                value=raw, reference=score_reference(self.regulation),
            )  # fmt: skip
        elif _numeric(raw):
            self.add(
                sheet, where, "excel-score-out-of-range",
                f"{shown} nằm ngoài thang điểm 0–10", f"{shown} is outside the 0–10 scale",
                value=raw, reference=score_reference(self.regulation),
            )  # fmt: skip
        else:
            self.add(
                sheet, where, "excel-score-not-a-number",
                f"{shown} không phải là điểm số; ghi như 7, 7,5 hoặc 7.5",
                f"{shown} is not a score; write it like 7, 7,5 or 7.5",
                value=raw, reference=score_reference(self.regulation),
            )  # fmt: skip
        return None

    def level(
        self, sheet: str, row: int, col: int, values: tuple[object, ...]
    ) -> CommentLevel | None:
        raw = self.input(sheet, row, col, _at(values, col))
        if raw is None:
            return None
        found = _LEVELS.get(str(raw).strip().casefold())
        if found is None:
            self.add(
                sheet, _ref(row, col), "excel-level-invalid",
                f"{raw!r} không phải mức đánh giá; ghi Đ (Đạt) hoặc CĐ (Chưa đạt)",
                f"{raw!r} is not a level; write Đ (Đạt, pass) or CĐ (Chưa đạt, not yet passed)",
                value=raw, reference=level_reference(self.regulation),
            )  # fmt: skip
        return found

    def training(
        self, sheet: str, row: int, col: int | None, values: tuple[object, ...], regulation: str
    ) -> TrainingLevel | ConductLevel | None:
        if col is None:
            return None
        raw = self.input(sheet, row, col, _at(values, col))
        if raw is None:
            return None
        text = clean_name(str(raw)).casefold()
        kinds: tuple[type[TrainingLevel] | type[ConductLevel], ...] = (
            (ConductLevel,) if regulation == "TT58_2011" else (TrainingLevel,)
        )
        for kind in kinds:
            for member in kind:
                if member.value.casefold() == text:
                    return member
        allowed = ", ".join(m.value for m in kinds[0])
        ref = (
            Citation("Thông tư 58/2011/TT-BGDĐT", article=3, clause="2")
            if regulation == "TT58_2011"
            else Citation("Thông tư 22/2021/TT-BGDĐT", article=8)
        )
        self.add(
            sheet, _ref(row, col), "excel-training-invalid",
            f"{raw!r} không phải mức rèn luyện/hạnh kiểm; ghi một trong: {allowed}",
            f"{raw!r} is not a training/conduct level; write one of: {allowed}",
            value=raw, reference=ref,
        )  # fmt: skip
        return None

    def count(
        self, sheet: str, row: int, col: int | None, values: tuple[object, ...]
    ) -> int | None:
        if col is None:
            return None
        raw = self.input(sheet, row, col, _at(values, col))
        if raw is None:
            return None
        number: int | None = None
        if isinstance(raw, int) and not isinstance(raw, bool):
            number = raw
        elif isinstance(raw, float) and raw.is_integer():
            number = int(raw)
        elif isinstance(raw, str) and raw.strip().isdigit():
            number = int(raw.strip())
        if number is None or number < 0:
            self.add(
                sheet, _ref(row, col), "excel-count-invalid",
                f"{raw!r} không phải số buổi nghỉ (số nguyên không âm)",
                f"{raw!r} is not a number of sessions (a whole number, 0 or more)",
                value=raw,
            )  # fmt: skip
            return None
        return number


_LEVELS: Final = {
    "đ": CommentLevel.PASS,
    "đạt": CommentLevel.PASS,
    "d": CommentLevel.PASS,
    "cđ": CommentLevel.FAIL,
    "chưa đạt": CommentLevel.FAIL,
    "cd": CommentLevel.FAIL,
}


def _header(value: str) -> str:
    return " ".join(nfc(lay.unescape_text(value)).split())


def _cell_value(cell: Any) -> object:
    value = cell.value
    if getattr(cell, "data_type", None) == "f" and isinstance(value, str):
        return _Formula(value)
    return value


def _at(values: tuple[object, ...], col: int | None) -> object:
    if col is None or col >= len(values):
        return None
    return values[col]


def _ref(row: int, col: int | None) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter((col or 0) + 1)}{row}"


def _numeric(raw: object) -> bool:
    if isinstance(raw, bool):
        return False
    if isinstance(raw, int | float | Decimal):
        return True
    if isinstance(raw, str):
        try:
            return Decimal(raw.strip().replace(",", ".", 1)).is_finite()
        except InvalidOperation:
            return False
    return False


_DATE_TEXT = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def _parse_date(raw: object) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        m = _DATE_TEXT.match(raw)
        try:
            if m:
                return date(int(m[3]), int(m[2]), int(m[1]))
            return date.fromisoformat(raw.strip())
        except ValueError:
            return None
    return None


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    return f"{where}: {err['msg']}" if where else str(err["msg"])


def read_gradebook(path: str | PathLike[str] | IO[bytes]) -> ImportResult:
    """Read a class grade book written by :func:`write_gradebook`, as filled in by teachers.

    Scores are accepted as numbers, as ``"7,5"`` or ``"7.5"``; levels as Đ / CĐ (or Đạt /
    Chưa đạt); blanks are "not recorded". Every data problem — a score with two decimals,
    text in a score cell, a formula typed into an input cell, an unknown student row, a
    name that no longer matches its code — is a :class:`Finding` at its sheet and
    cell; the bad value is left out and the rest is read. Computed columns and summary
    sheets are not read (they are outputs).

    Raises:
        WorkbookError: the file is not an ``.xlsx`` workbook, is malformed or hostile XML
            (entity expansion, external entities — refused through defusedxml), or is not
            a grade book (no ``_meta`` sheet, unknown format version).
        OSError: the file cannot be opened.
    """
    import openpyxl.xml

    source = str(path) if isinstance(path, str | PathLike) else "<stream>"
    if not openpyxl.xml.DEFUSEDXML:
        raise WorkbookError(
            f"{source}: refusing to read a workbook without defusedxml protection against XML "
            "entity attacks (install defusedxml; do not set OPENPYXL_DEFUSEDXML=False)"
        )
    if isinstance(path, str | PathLike):
        with open(path, "rb") as fh:  # OSError (missing file, no permission) propagates
            return _read_open(fh, source)
    return _read_open(path, source)


_MAX_PART_BYTES: Final = 256 * 2**20
"""Largest uncompressed part accepted (a grade book's biggest sheet is a few MB): zip bombs."""


def _precheck(fh: IO[bytes], source: str) -> None:
    """Refuse zip bombs and XML parts that declare a DTD or entities, before any parsing.

    OOXML parts never need a DTD; openpyxl parses some parts with lxml (entities left
    unresolved) and others with defusedxml (entities refused), so the check is made here
    once for every part.
    """
    try:
        with zipfile.ZipFile(fh) as zf:
            for info in zf.infolist():
                if info.file_size > _MAX_PART_BYTES:
                    raise WorkbookError(
                        f"{source}: part {info.filename} expands to {info.file_size:,} bytes; "
                        "refused (zip bomb?)"
                    )
                if not info.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                with zf.open(info) as part:
                    head = part.read(4096)
                if head.startswith((b"\xff\xfe", b"\xfe\xff")):
                    head = head.decode("utf-16", errors="ignore").encode()
                upper = head.upper()
                if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
                    raise WorkbookError(
                        f"{source}: part {info.filename} declares a DTD or XML entities; refused "
                        "(XML entity attack such as billion laughs or an external entity)"
                    )
    except zipfile.BadZipFile as exc:
        fh.seek(0)
        kind = _what_else(fh.read(512))
        raise WorkbookError(
            f"{source} cannot be read as an .xlsx workbook (not a zip package: {exc}). {kind}"
        ) from exc
    finally:
        fh.seek(0)


_OLE2: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The signature of an Office binary (OLE2 compound) file: .xls, or an encrypted .xlsx."""

SAVE_AS_XLSX: Final = (
    "Open it in Excel or LibreOffice Calc and save it as an Excel Workbook (.xlsx)"
    " — Mở tệp bằng Excel hoặc LibreOffice Calc rồi lưu lại dạng Excel Workbook (.xlsx)"
)
"""What to do with a file that is not an .xlsx package (English, then Vietnamese)."""


def _what_else(head: bytes) -> str:
    """What a file that is not a zip package most likely is, and what to do with it.

    School systems often export Excel 97–2003 ``.xls`` files (an OLE2 compound file, as is
    an ``.xlsx`` protected by a password to open) or HTML tables named ``.xls``.

    >>> _what_else(bytes.fromhex("d0cf11e0a1b11ae1")).split(":")[0]
    'It is an Office binary file'
    >>> _what_else(b"  <html><table>").split(".")[0]
    'It is a web page or XML text named like a workbook'
    """
    if head.startswith(_OLE2):
        kind = (
            "It is an Office binary file: an Excel 97–2003 workbook (.xls), or a workbook"
            " protected by a password to open (remove the password first)"
        )
    elif head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")[:1] == b"<":
        kind = "It is a web page or XML text named like a workbook"
    else:
        kind = "It is not an Excel workbook (plain text such as CSV, or another format)"
    return f"{kind}. {SAVE_AS_XLSX}."


def _read_open(fh: IO[bytes], source: str) -> ImportResult:
    import openpyxl

    _precheck(fh, source)
    try:
        wb = openpyxl.load_workbook(fh, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl, zipfile, lxml and defusedxml raise many kinds
        raise WorkbookError(
            f"{source} cannot be read as an .xlsx workbook ({type(exc).__name__}: {exc})"
        ) from exc
    try:
        reader = _Reader(wb, source)
        meta = _read_meta(reader)
        reader.regulation = meta.regulation
        records = _read_records(reader, meta)
        return ImportResult(records=records, findings=tuple(reader.findings))
    finally:
        wb.close()


def _read_meta(reader: _Reader) -> _Meta:
    src = reader.source
    if lay.META_SHEET not in reader.wb.sheetnames:
        raise WorkbookError(
            f"{src} has no {lay.META_SHEET!r} sheet: it is not a grade book written by "
            "vnschool_records.excel.write_gradebook (or the sheet was deleted)"
        )
    keys: dict[str, object] = {}
    subjects: list[Subject] = []
    sheets: list[tuple[str, str, str | None, int | None]] = []
    try:
        for row in reader.rows(lay.META_SHEET):
            cells = [lay.unescape_text(v) if isinstance(v, str) else v for v in row]
            if not cells or cells[0] is None:
                continue
            tag = cells[0]
            rest = [*cells[1:], None, None, None, None, None]
            if tag == "subject":
                subjects.append(
                    Subject(
                        code=str(rest[0]),
                        name=str(rest[1]),
                        kind=SubjectKind(str(rest[2])),
                        periods_per_year=int(str(rest[3])),
                        elective=bool(int(str(rest[4] or 0))),
                        # the one semester it is taught in; no cell: both
                        semesters=(
                            (Semester.ONE, Semester.TWO)
                            if rest[5] is None
                            else (Semester(int(str(rest[5]))),)
                        ),
                    )
                )
            elif tag == "sheet":
                semester = int(str(rest[3])) if rest[3] is not None else None
                sheets.append((str(rest[0]), str(rest[1]), _opt(rest[2]), semester))
            else:
                keys[str(tag)] = rest[0]
        if keys.get("format") != lay.FORMAT_ID:
            raise WorkbookError(
                f"{src}: the {lay.META_SHEET!r} sheet does not mark a vnschool_records grade book "
                f"(format {keys.get('format')!r})"
            )
        version = int(str(keys.get("format_version")))
        if version != lay.FORMAT_VERSION:
            raise WorkbookError(
                f"{src}: grade-book format version {version} is not supported "
                f"(this version reads {lay.FORMAT_VERSION})"
            )
        cls = ClassGroup(
            name=str(keys.get("class_name")),
            grade_level=int(str(keys.get("grade_level"))),
            school_year=SchoolYear.parse(str(keys.get("school_year"))),
            school_code=_opt(keys.get("school_code")),
            homeroom_teacher=_opt(keys.get("homeroom_teacher")),
            specialised_subject=_opt(keys.get("specialised_subject")),
        )
        regulation = str(keys.get("regulation"))
        if regulation not in ("TT22_2021", "TT58_2011"):
            raise WorkbookError(f"{src}: unknown regulation {regulation!r} on the meta sheet")
    except WorkbookError:
        raise
    except (ValueError, TypeError) as exc:
        raise WorkbookError(f"{src}: the {lay.META_SHEET!r} sheet is damaged ({exc})") from exc
    return _Meta(cls, regulation, tuple(subjects), sheets)


def _opt(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


@dataclass(slots=True)
class _Student:
    student: Student
    row: int
    iep: bool = False
    followed: set[str] = field(default_factory=set)
    assessments: dict[tuple[str, int], SubjectAssessment] = field(default_factory=dict)
    reassessments: dict[str, Decimal | CommentLevel] = field(default_factory=dict)
    training: list[TrainingLevel | ConductLevel | None] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    exemptions: list[Exemption] = field(default_factory=list)


def _read_records(reader: _Reader, meta: _Meta) -> tuple[StudentYearRecord, ...]:
    by_role: dict[str, list[tuple[str, str | None, int | None]]] = {}
    for name, role, code, semester in meta.sheets:
        by_role.setdefault(role, []).append((name, code, semester))
    students: dict[str, _Student] = {}
    for name, _, _ in by_role.get("students", []):
        _read_students(reader, name, students)
    subjects = {s.code: s for s in meta.subjects}
    for name, code, semester in by_role.get("scores", []):
        if code in subjects and semester in (1, 2):
            _read_subject(reader, name, subjects[code], Semester(semester), students)
    for name, _, _ in by_role.get("training", []):
        _read_training(reader, name, meta.regulation, students)
    for name, _, _ in by_role.get("exemptions", []):
        _read_exemptions(reader, name, meta.subjects, students)
    out: list[StudentYearRecord] = []
    first_sheet = by_role.get("students", [("", None, None)])[0][0]
    for sid, st in students.items():
        followed = tuple(s for s in meta.subjects if s.code in st.followed)
        order = {s.code: i for i, s in enumerate(followed)}
        keys = sorted(st.assessments, key=lambda k: (k[1], order[k[0]]))
        training = [*st.training, None, None, None, None]
        try:
            out.append(
                StudentYearRecord(
                    student=st.student,
                    class_group=meta.class_group,
                    subjects=followed,
                    assessments=tuple(st.assessments[k] for k in keys),
                    training_semester1=training[0],
                    training_semester2=training[1],
                    training_year=training[2],
                    training_after_summer=training[3],
                    attendance=tuple(st.attendance),
                    exemptions=tuple(st.exemptions),
                    reassessments=dict(st.reassessments),
                    individual_education_plan=st.iep,
                )
            )
        except ValidationError as exc:
            reader.add(
                first_sheet, f"B{st.row}", "excel-record-invalid",
                f"không lập được hồ sơ năm học của học sinh {sid}: {_first_error(exc)}",
                f"cannot build the year record of student {sid}: {_first_error(exc)}",
                value=sid,
            )  # fmt: skip
    return tuple(out)


def _read_students(reader: _Reader, name: str, students: dict[str, _Student]) -> None:
    table = reader.table(name, (lay.H_ID, lay.H_NAME, lay.H_DOB, lay.H_SEX))
    if table is None:
        return
    h, rows = table
    for rn, values in rows:
        sid = reader.text(name, rn, h[lay.H_ID], values)
        if sid is None:
            continue
        if sid in students:
            reader.add(
                name, _ref(rn, h[lay.H_ID]), "excel-duplicate-row",
                f"mã học sinh {sid} xuất hiện hai lần; dòng sau bị bỏ qua",
                f"student code {sid} appears twice; the later row was ignored",
                value=sid,
            )  # fmt: skip
            continue
        dob_raw = reader.input(name, rn, h[lay.H_DOB], _at(values, h[lay.H_DOB]))
        dob = _parse_date(dob_raw)
        if dob is None:
            reader.add(
                name, _ref(rn, h[lay.H_DOB]), "excel-date-invalid",
                f"ngày sinh {dob_raw!r} không phải ngày (dd/mm/yyyy)",
                f"date of birth {dob_raw!r} is not a date (dd/mm/yyyy)",
                value=dob_raw,
            )  # fmt: skip
            continue
        data = {
            "student_id": sid,
            "full_name": reader.text(name, rn, h[lay.H_NAME], values),
            "date_of_birth": dob,
            "sex": reader.text(name, rn, h[lay.H_SEX], values),
            "personal_id": reader.text(name, rn, h.get(lay.H_PERSONAL_ID), values),
            "place_of_birth": reader.text(name, rn, h.get(lay.H_BIRTHPLACE), values),
            "ethnicity": reader.text(name, rn, h.get(lay.H_ETHNICITY), values),
            "address": reader.text(name, rn, h.get(lay.H_ADDRESS), values),
            "guardian_name": reader.text(name, rn, h.get(lay.H_GUARDIAN), values),
        }
        try:
            student = Student.model_validate(data)
        except ValidationError as exc:
            reader.add(
                name, _ref(rn, h[lay.H_ID]), "excel-student-invalid",
                f"dòng học sinh {sid} không hợp lệ: {_first_error(exc)}",
                f"the row of student {sid} is not valid: {_first_error(exc)}",
                value=sid,
            )  # fmt: skip
            continue
        iep_col = h.get(lay.H_IEP)
        flag = reader.text(name, rn, iep_col, values)
        if flag is not None and flag.strip().casefold() != "x":
            reader.add(
                name, _ref(rn, iep_col), "excel-flag-invalid",
                f"{flag!r}: ghi x hoặc để trống", f"{flag!r}: write x or leave blank",
                value=flag,
            )  # fmt: skip
        students[sid] = _Student(
            student=student, row=rn, iep=flag is not None and flag.strip().casefold() == "x"
        )


def _row_student(
    reader: _Reader,
    name: str,
    h: Mapping[str, int],
    rn: int,
    values: tuple[object, ...],
    students: Mapping[str, _Student],
    seen: set[str],
) -> _Student | None:
    sid = reader.text(name, rn, h[lay.H_ID], values)
    if sid is None:
        reader.add(
            name, _ref(rn, h[lay.H_ID]), "excel-unknown-student",
            "dòng có dữ liệu nhưng không có mã học sinh; dòng bị bỏ qua",
            "a row with data but no student code; the row was ignored",
        )  # fmt: skip
        return None
    st = students.get(sid)
    if st is None:
        reader.add(
            name, _ref(rn, h[lay.H_ID]), "excel-unknown-student",
            f"mã học sinh {sid} không có trong danh sách học sinh; dòng bị bỏ qua",
            f"student code {sid} is not on the student sheet; the row was ignored",
            value=sid,
        )  # fmt: skip
        return None
    if sid in seen:
        reader.add(
            name, _ref(rn, h[lay.H_ID]), "excel-duplicate-row",
            f"học sinh {sid} có hai dòng trên trang này; dòng sau bị bỏ qua",
            f"student {sid} has two rows on this sheet; the later row was ignored",
            value=sid,
        )  # fmt: skip
        return None
    seen.add(sid)
    name_col = h.get(lay.H_NAME)
    shown = reader.text(name, rn, name_col, values)
    if shown is not None and clean_name(shown) != st.student.full_name:
        reader.add(
            name, _ref(rn, name_col), "excel-name-mismatch",
            f"tên {shown!r} khác tên của mã {sid} ({st.student.full_name!r}); dòng có bị lệch?",
            f"name {shown!r} differs from the name of code {sid} ({st.student.full_name!r}); "
            "were rows shifted?",
            value=shown, severity=Severity.WARNING,
        )  # fmt: skip
    return st


def _numbered(h: Mapping[str, int], pattern: str) -> list[int]:
    rx = re.compile(pattern)
    found = sorted((int(m[1]), col) for text, col in h.items() if (m := rx.fullmatch(text)))
    return [col for _, col in found]


def _read_subject(
    reader: _Reader,
    name: str,
    subject: Subject,
    semester: Semester,
    students: Mapping[str, _Student],
) -> None:
    if subject.scored:
        mid, fin, re_h = lay.H_MIDTERM, lay.H_FINAL, lay.H_REASSESS
        regular_cols_rx = r"ĐĐGtx(\d+)"
    else:
        mid, fin, re_h = lay.H_LEVEL_MIDTERM, lay.H_LEVEL_FINAL, f"Mức {lay.H_REASSESS.lower()}"
        regular_cols_rx = r"TX(\d+) \(Đ/CĐ\)"
    table = reader.table(name, (lay.H_ID, mid, fin))
    if table is None:
        return
    h, rows = table
    regular_cols = _numbered(h, regular_cols_rx)
    seen: set[str] = set()
    second = semester is subject.semesters[-1]  # the sheet with the year's columns
    for rn, values in rows:
        st = _row_student(reader, name, h, rn, values, students, seen)
        if st is None:
            continue
        st.followed.add(subject.code)
        comment = reader.text(name, rn, h.get(lay.H_COMMENT), values)
        re_col = h.get(re_h) if second else None
        if subject.scored:
            regular = [
                s for c in regular_cols if (s := reader.score(name, rn, c, values)) is not None
            ]
            midterm = reader.score(name, rn, h[mid], values)
            final = reader.score(name, rn, h[fin], values)
            if regular or midterm is not None or final is not None or comment is not None:
                st.assessments[(subject.code, int(semester))] = SubjectAssessment(
                    subject=subject.code, semester=semester, regular=tuple(regular),
                    midterm=midterm, final=final, comment=comment,
                )  # fmt: skip
            if re_col is not None and (again := reader.score(name, rn, re_col, values)) is not None:
                st.reassessments[subject.code] = again
        else:
            levels = [
                v for c in regular_cols if (v := reader.level(name, rn, c, values)) is not None
            ]
            mid_l = reader.level(name, rn, h[mid], values)
            fin_l = reader.level(name, rn, h[fin], values)
            if levels or mid_l is not None or fin_l is not None or comment is not None:
                st.assessments[(subject.code, int(semester))] = SubjectAssessment(
                    subject=subject.code, semester=semester, regular_levels=tuple(levels),
                    midterm_level=mid_l, final_level=fin_l, comment=comment,
                )  # fmt: skip
            if re_col is not None and (lv := reader.level(name, rn, re_col, values)) is not None:
                st.reassessments[subject.code] = lv


def _read_training(
    reader: _Reader, name: str, regulation: str, students: Mapping[str, _Student]
) -> None:
    word = lay.training_word(regulation)
    cols = (
        f"{word} HKI",
        f"{word} HKII",
        f"{word} cả năm",
        lay.H_AFTER_SUMMER.format(training=word),
    )
    table = reader.table(name, (lay.H_ID,))
    if table is None:
        return
    h, rows = table
    seen: set[str] = set()
    for rn, values in rows:
        st = _row_student(reader, name, h, rn, values, students, seen)
        if st is None:
            continue
        st.training = [reader.training(name, rn, h.get(c), values, regulation) for c in cols]
        for semester, n in ((Semester.ONE, "I"), (Semester.TWO, "II")):
            excused = reader.count(name, rn, h.get(lay.H_EXCUSED.format(n=n)), values)
            unexcused = reader.count(name, rn, h.get(lay.H_UNEXCUSED.format(n=n)), values)
            if excused is not None or unexcused is not None:
                st.attendance.append(
                    Attendance(semester=semester, excused=excused or 0, unexcused=unexcused or 0)
                )


_PARTS: Final = {
    **{v.casefold(): k for k, v in lay.EXEMPTION_PARTS.items()},
    "whole": "whole",
    "practical": "practical",
}


def _semesters(text: str) -> tuple[Semester, ...] | None:
    out: list[Semester] = []
    for part in re.split(r"[,;\s]+", text.strip().upper()):
        token = part.removeprefix("HK")
        if token in ("I", "1"):
            out.append(Semester.ONE)
        elif token in ("II", "2"):
            out.append(Semester.TWO)
        elif token:
            return None
    return tuple(out) or None


def _read_exemptions(
    reader: _Reader, name: str, subjects: Sequence[Subject], students: Mapping[str, _Student]
) -> None:
    table = reader.table(name, (lay.H_ID, lay.H_SUBJECT, lay.H_SEMESTERS, lay.H_PART))
    if table is None:
        return
    h, rows = table
    codes: dict[str, str] = {}
    for s in subjects:
        codes[s.code.casefold()] = s.code
        codes[nfc(s.name).casefold()] = s.code
        codes[lay.SHORT_SUBJECT_NAMES.get(s.code, s.name).casefold()] = s.code
    for rn, values in rows:
        sid = reader.text(name, rn, h[lay.H_ID], values)
        st = students.get(sid) if sid is not None else None
        if st is None:
            reader.add(
                name, _ref(rn, h[lay.H_ID]), "excel-unknown-student",
                f"mã học sinh {sid} không có trong danh sách học sinh; dòng bị bỏ qua",
                f"student code {sid} is not on the student sheet; the row was ignored",
                value=sid,
            )  # fmt: skip
            continue
        subject = reader.text(name, rn, h[lay.H_SUBJECT], values) or ""
        sem_text = reader.text(name, rn, h[lay.H_SEMESTERS], values) or ""
        part_text = reader.text(name, rn, h[lay.H_PART], values) or "whole"
        semesters = _semesters(sem_text)
        part = _PARTS.get(part_text.strip().casefold())
        try:
            if semesters is None or part is None:
                raise ValueError(f"học kì {sem_text!r} / phần {part_text!r}")
            exemption = Exemption(
                subject=codes.get(nfc(subject).strip().casefold(), subject.strip()),
                semesters=semesters,
                part="whole" if part == "whole" else "practical",
                decision=reader.text(name, rn, h.get(lay.H_DECISION), values),
                reason=reader.text(name, rn, h.get(lay.H_REASON), values),
            )
        except (ValueError, ValidationError) as exc:
            msg = _first_error(exc) if isinstance(exc, ValidationError) else str(exc)
            reader.add(
                name, _ref(rn, h[lay.H_SUBJECT]), "excel-exemption-invalid",
                f"dòng miễn học không đọc được ({msg}); học kì ghi I, II hoặc I, II; phần miễn ghi "
                "Toàn bộ hoặc Phần thực hành",
                f"the exemption row cannot be read ({msg}); semesters are I, II or I, II; the part "
                "is Toàn bộ (whole) or Phần thực hành (practical)",
                value=subject,
            )  # fmt: skip
            continue
        st.exemptions.append(exemption)
