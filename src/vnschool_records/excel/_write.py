"""Writing the class grade book (Ghi sổ theo dõi và đánh giá học sinh theo lớp) to a workbook."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from os import PathLike
from typing import IO, Any, Final

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from vnschool_records._text import name_sort_key
from vnschool_records.errors import VnSchoolRecordsError
from vnschool_records.excel import _layout as lay
from vnschool_records.excel._cells import CellStyles
from vnschool_records.excel._findings import finding_at
from vnschool_records.excel._stream import StreamSheet, add_stream_sheet
from vnschool_records.models import (
    ClassGroup,
    CommentLevel,
    Exemption,
    Semester,
    StudentYearRecord,
    Subject,
    SubjectAssessment,
)
from vnschool_records.regulations._types import Regulation, TermResults, YearResult
from vnschool_records.validation import Finding, Severity

__all__ = ["GradebookInputError", "write_gradebook"]

_SEMESTERS: Final = (Semester.ONE, Semester.TWO)
_SCORE_ERROR = "Điểm là số từ 0 đến 10, lấy đến một chữ số thập phân (TT22/2021 Điều 5 khoản 3)."


class GradebookInputError(VnSchoolRecordsError, ValueError):
    """Records that cannot make one class grade book (mixed classes, a student twice, …)."""


@dataclass(frozen=True, slots=True)
class _SubjectSheet:
    subject: Subject
    semester: Semester
    name: str
    regular_columns: int

    @property
    def last(self) -> bool:
        """Whether this is the subject's last semester sheet, which carries the year's
        columns (year average or level, summer re-assessment): semester II, or the one
        semester a subject is taught in."""
        return self.semester is self.subject.semesters[-1]


def write_gradebook(
    records: Sequence[StudentYearRecord],
    path: str | PathLike[str] | IO[bytes],
    *,
    results: Mapping[str, YearResult] | Iterable[YearResult] | None = None,
    regulation: Regulation | None = None,
    password: str | None = None,
) -> tuple[Finding, ...]:
    """Write a class grade book (sổ theo dõi và đánh giá học sinh theo lớp) as an ``.xlsx``.

    One sheet per subject per semester with the columns the applicable regulation requires
    (ĐĐGtx 1…n with n = ``regulation.required_regular_count(periods)``, or more when a
    student has more; ĐĐGgk; ĐĐGck; ĐTBmhk — or Đ/CĐ levels for comment subjects), a
    student sheet, a training-and-attendance sheet, an exemptions sheet, summary sheets
    when ``results`` are given, and a hidden ``_meta`` sheet that makes reading back
    unambiguous. Students are listed in Vietnamese class-list order. Input cells are
    unlocked; identity columns and computed values are locked (sheet protection, with
    ``password`` if given). Rows are streamed (openpyxl write-only mode).

    Args:
        records: every student-year of one class (same ``class_group``).
        path: file name or binary stream to write.
        results: year results by student id (or an iterable of them) for the computed
            columns and summary sheets; computed cells stay blank without them.
        regulation: the assessment regulation; by default
            ``regulation_for(grade_level, school_year)``.
        password: optional sheet-protection password (protection is not encryption).

    Returns:
        Findings for values the layout has no cell for (``excel-not-written``): e.g. a
        Đạt/Chưa đạt level recorded on a scored subject. Empty when everything was written.

    Raises:
        GradebookInputError: the records are empty, of several classes, list a student
            twice or define one subject code two ways.
        RegulationNotFoundError: no regulation applies and none was given.
    """
    if not records:
        raise GradebookInputError("write_gradebook needs at least one student-year record")
    cls = _one_class(records)
    subjects = _class_subjects(records)
    if regulation is None:
        from vnschool_records.regulations import regulation_for

        regulation = regulation_for(cls.grade_level, cls.school_year.label)
    reg_id = str(regulation.id.value)
    ordered = sorted(
        records, key=lambda r: (name_sort_key(r.student.full_name), r.student.student_id)
    )
    by_student = _results_by_student(results)
    findings: list[Finding] = []
    ident = _identities(ordered)
    index: _Index = {
        (r.student.student_id, a.subject, int(a.semester)): a
        for r in records
        for a in r.assessments
    }

    used: set[str] = {lay.META_SHEET.casefold()}
    students_name = lay.sheet_name(lay.STUDENTS_SHEET, "", used)
    subject_sheets: list[_SubjectSheet] = []
    observed: dict[tuple[str, int], int] = {}
    for (_, code, sem), a in index.items():
        got = max(len(a.regular), len(a.regular_levels))
        observed[(code, sem)] = max(observed.get((code, sem), 0), got)
    for semester in _SEMESTERS:
        for subject in subjects:
            if semester not in subject.semesters:
                continue  # taught in the other semester only: no sheet
            required = (
                regulation.required_regular_count(subject.periods_per_year)
                if subject.scored
                else regulation.required_comment_count(subject.periods_per_year)
            )
            n = max(required, observed.get((subject.code, int(semester)), 0))
            label = lay.SHORT_SUBJECT_NAMES.get(subject.code, subject.name)
            name = lay.sheet_name(label, f"HK{int(semester)}", used)
            subject_sheets.append(_SubjectSheet(subject, semester, name, n))
    training_name = lay.sheet_name(lay.TRAINING_SHEET, "", used)
    exemptions_name = lay.sheet_name(lay.EXEMPTIONS_SHEET, "", used)
    summary_names = (
        {k: lay.sheet_name(v, "", used) for k, v in lay.SUMMARY_SHEETS.items()}
        if by_student
        else {}
    )

    wb = Workbook(write_only=True)
    wb.properties.creator = "vnschool_records"
    wb.properties.title = f"Sổ theo dõi và đánh giá học sinh — Lớp {cls.name} — {cls.school_year}"
    title_suffix = f"Lớp {cls.name} — Năm học {cls.school_year.label}"

    try:
        _write_students(wb, students_name, ordered, ident, title_suffix, password)
        for sheet in subject_sheets:
            _write_subject(
                wb, sheet, ordered, ident, index, by_student, title_suffix, password, findings
            )
        _write_training(wb, training_name, ordered, ident, reg_id, title_suffix, password)
        _write_exemptions(wb, exemptions_name, ordered, subjects, title_suffix, password)
        for key, name in summary_names.items():
            _write_summary(
                wb, name, key, ordered, subjects, by_student, reg_id, title_suffix, password
            )
        _write_meta(
            wb,
            cls,
            reg_id,
            subjects,
            [
                (students_name, "students", "", 0, 0),
                *(
                    (s.name, "scores", s.subject.code, int(s.semester), s.regular_columns)
                    for s in subject_sheets
                ),
                (training_name, "training", "", 0, 0),
                (exemptions_name, "exemptions", "", 0, 0),
                *((name, "summary", "", 0, 0) for name in summary_names.values()),
            ],
        )
        wb.save(path)
    except BaseException:
        _abandon(wb)  # nothing is written to ``path``; end the sheets' temporary streams
        raise
    return tuple(findings)


def _abandon(wb: Workbook) -> None:
    """End every sheet of a write-only workbook that will not be saved, so that its
    streams close in order now rather than fail when collected."""
    for ws in wb.worksheets:
        with contextlib.suppress(Exception):
            ws.close()


# ----------------------------------------------------------------------------- checks


def _one_class(records: Sequence[StudentYearRecord]) -> ClassGroup:
    cls = records[0].class_group
    seen: set[str] = set()
    for r in records:
        if r.class_group != cls:
            raise GradebookInputError(
                f"a grade book holds one class: student {r.student.student_id} is in "
                f"{r.class_group.name} {r.class_group.school_year}, "
                f"not {cls.name} {cls.school_year}"
            )
        if r.student.student_id in seen:
            raise GradebookInputError(
                f"student {r.student.student_id} appears twice in the records"
            )
        seen.add(r.student.student_id)
    return cls


def _class_subjects(records: Sequence[StudentYearRecord]) -> tuple[Subject, ...]:
    """Every subject of the class, one definition per code, in an order every student keeps.

    The order is a merge of the students' own subject orders (a stable topological sort,
    ties broken by first appearance), so reading back gives each student's subjects in the
    order they were given. Students whose orders contradict each other get the
    first-appearance order.
    """
    found: dict[str, Subject] = {}
    after: dict[str, set[str]] = {}
    for r in records:
        previous: str | None = None
        for s in r.subjects:
            known = found.setdefault(s.code, s)
            if known != s:
                raise GradebookInputError(
                    f"subject {s.code!r} is defined two ways in the class ({known!r} and {s!r}); "
                    "one grade book needs one definition per subject"
                )
            after.setdefault(s.code, set())
            if previous is not None:
                after[s.code].add(previous)
            previous = s.code
    ordered: list[str] = []
    placed: set[str] = set()
    pending = list(found)
    while pending:
        ready = next((c for c in pending if after[c] <= placed), None)
        if ready is None:  # contradictory orders: keep first appearance for the rest
            ordered.extend(pending)
            break
        ordered.append(ready)
        placed.add(ready)
        pending.remove(ready)
    return tuple(found[c] for c in ordered)


def _results_by_student(
    results: Mapping[str, YearResult] | Iterable[YearResult] | None,
) -> dict[str, YearResult]:
    if results is None:
        return {}
    if isinstance(results, Mapping):
        return dict(results)
    return {r.student_id: r for r in results}


# ----------------------------------------------------------------------------- cells


def _text(value: str | None) -> str | None:
    return None if value is None else lay.escape_text(value)


def _prepare(
    wb: Workbook,
    name: str,
    title: str,
    headers: Sequence[str],
    widths: Sequence[float],
    password: str | None,
    *,
    freeze: str | None = None,
    kinds: Mapping[int, str] | None = None,
) -> StreamSheet:
    """A protected sheet with title, headers, widths; ``kinds`` maps column → cell kind.

    The kinds are those of :class:`CellStyles` (score, text, count: unlocked inputs;
    computed: locked); other columns keep the default, locked style.
    """
    ws = add_stream_sheet(wb, name)
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    if freeze:
        ws.freeze_panes = freeze
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    if password:
        ws.protection.password = password
    styles = CellStyles(ws)
    ws.column_styles = styles.columns(kinds or {}, len(headers))
    ws.append([lay.escape_text(title)], [styles.title])
    ws.append([lay.escape_text(h) for h in headers], [styles.header] * len(headers))
    return ws


def _validation(ws: Any, kind: str, first_col: int, last_col: int, rows: int, **kw: Any) -> None:
    if rows <= 0 or last_col < first_col:
        return
    first, last = lay.FIRST_DATA_ROW, lay.FIRST_DATA_ROW + rows - 1
    dv = DataValidation(type=kind, allow_blank=True, showErrorMessage=True, **kw)
    dv.add(f"{get_column_letter(first_col)}{first}:{get_column_letter(last_col)}{last}")
    ws.data_validations.append(dv)


_Ident = dict[str, tuple[object, ...]]
_Index = dict[tuple[str, str, int], SubjectAssessment]


def _identities(records: Sequence[StudentYearRecord]) -> _Ident:
    """Code, name, date of birth (text dd/mm/yyyy) per student, formatted once per workbook."""
    out: _Ident = {}
    for r in records:
        s = r.student
        dob = s.date_of_birth.strftime("%d/%m/%Y")
        out[s.student_id] = (_text(s.student_id), _text(s.full_name), dob)
    return out


def _identity(i: int, r: StudentYearRecord, ident: _Ident) -> list[object]:
    return [i, *ident[r.student.student_id]]


_IDENTITY_HEADERS: Final = (lay.H_NO, lay.H_ID, lay.H_NAME, lay.H_DOB)
_IDENTITY_WIDTHS: Final = (5.0, 14.0, 26.0, 11.0)


# ----------------------------------------------------------------------------- sheets


def _write_students(
    wb: Workbook,
    name: str,
    ordered: Sequence[StudentYearRecord],
    ident: _Ident,
    suffix: str,
    pw: str | None,
) -> None:
    headers = (
        *_IDENTITY_HEADERS,
        lay.H_SEX,
        lay.H_PERSONAL_ID,
        lay.H_BIRTHPLACE,
        lay.H_ETHNICITY,
        lay.H_ADDRESS,
        lay.H_GUARDIAN,
        lay.H_IEP,
    )
    widths = (*_IDENTITY_WIDTHS, 8.0, 16.0, 18.0, 10.0, 28.0, 24.0, 14.0)
    ws = _prepare(wb, name, f"SƠ YẾU LÝ LỊCH HỌC SINH — {suffix}", headers, widths, pw, freeze="C3")
    for i, r in enumerate(ordered, 1):
        s = r.student
        ws.append(
            [
                *_identity(i, r, ident),
                s.sex.value,
                _text(s.personal_id),
                _text(s.place_of_birth),
                _text(s.ethnicity),
                _text(s.address),
                _text(s.guardian_name),
                "x" if r.individual_education_plan else None,
            ]
        )


def _write_subject(
    wb: Workbook,
    sheet: _SubjectSheet,
    ordered: Sequence[StudentYearRecord],
    ident: _Ident,
    index: _Index,
    results: Mapping[str, YearResult],
    suffix: str,
    pw: str | None,
    findings: list[Finding],
) -> None:
    subject, semester, n = sheet.subject, sheet.semester, sheet.regular_columns
    roman = lay.SEMESTER_LABELS[int(semester)]
    second = sheet.last
    if subject.scored:
        headers: list[str] = [
            *(lay.regular_header(k) for k in range(1, n + 1)),
            lay.H_MIDTERM,
            lay.H_FINAL,
            f"ĐTBmhk{roman}",
        ]
        if second:
            headers += ["ĐTBmcn", lay.H_REASSESS]
    else:
        headers = [
            *(lay.regular_level_header(k) for k in range(1, n + 1)),
            lay.H_LEVEL_MIDTERM,
            lay.H_LEVEL_FINAL,
            f"Học kì {roman}",
        ]
        if second:
            headers += ["Cả năm", f"Mức {lay.H_REASSESS.lower()}"]
    headers.append(lay.H_COMMENT)
    widths = [*_IDENTITY_WIDTHS, *([8.0] * (len(headers) - 1)), 40.0]
    title = f"Môn: {subject.name} — Học kì {roman} — {suffix}"
    first_input = len(_IDENTITY_HEADERS) + 1
    kind = "score" if subject.scored else "text"
    kinds = {first_input + k: kind for k in range(n + 2)}
    if subject.scored:
        kinds[first_input + n + 2] = "computed"
        if second:
            kinds[first_input + n + 3] = "computed"
    if second:
        kinds[first_input + n + 4] = kind
    kinds[len(_IDENTITY_HEADERS) + len(headers)] = "text"
    ws = _prepare(
        wb, sheet.name, title, (*_IDENTITY_HEADERS, *headers), widths, pw, freeze="E3",
        kinds=kinds,
    )  # fmt: skip
    rows = [r for r in ordered if any(s.code == subject.code for s in r.subjects)]
    if subject.scored:
        _validation(
            ws, "decimal", first_input, first_input + n + 1, len(rows),
            operator="between", formula1="0", formula2="10",
            errorTitle="Điểm không hợp lệ", error=_SCORE_ERROR,
        )  # fmt: skip
        if second:
            col = first_input + n + 4
            _validation(
                ws, "decimal", col, col, len(rows), operator="between", formula1="0",
                formula2="10", errorTitle="Điểm không hợp lệ", error=_SCORE_ERROR,
            )  # fmt: skip
    else:
        _validation(
            ws, "list", first_input, first_input + n + 1, len(rows), formula1='"Đ,CĐ"',
            errorTitle="Mức đánh giá", error="Ghi Đ (Đạt) hoặc CĐ (Chưa đạt).",
        )  # fmt: skip
        if second:
            col = first_input + n + 4
            _validation(ws, "list", col, col, len(rows), formula1='"Đ,CĐ"')
    for i, r in enumerate(rows, 1):
        sid = r.student.student_id
        a = index.get((sid, subject.code, int(semester)))
        ws.append(_subject_row(i, r, ident, a, sheet, results.get(sid), findings))


def _subject_row(
    i: int,
    r: StudentYearRecord,
    ident: _Ident,
    a: SubjectAssessment | None,
    sheet: _SubjectSheet,
    result: YearResult | None,
    findings: list[Finding],
) -> Iterator[object]:
    subject, n = sheet.subject, sheet.regular_columns
    second = sheet.last
    yield from _identity(i, r, ident)
    if subject.scored:
        regular: Sequence[object] = a.regular if a else ()
        for k in range(n):
            yield regular[k] if k < len(regular) else None
        yield a.midterm if a else None
        yield a.final if a else None
        yield _average(result, sheet.semester, subject.code)
        if second:
            yield _average(result, None, subject.code)
            re = r.reassessments.get(subject.code)
            yield re if isinstance(re, Decimal) else None
        if a and (a.regular_levels or a.midterm_level or a.final_level):
            findings.append(
                _not_written(
                    sheet.name, r, "mức Đ/CĐ ở môn tính điểm", "Đ/CĐ levels on a scored subject"
                )
            )
    else:
        levels: Sequence[CommentLevel] = a.regular_levels if a else ()
        for k in range(n):
            yield levels[k].abbreviation if k < len(levels) else None
        yield _abbr(a.midterm_level if a else None)
        yield _abbr(a.final_level if a else None)
        yield _level(result, sheet.semester, subject.code)
        if second:
            yield _level(result, None, subject.code)
            re = r.reassessments.get(subject.code)
            yield re.abbreviation if isinstance(re, CommentLevel) else None
        if a and (a.regular or a.midterm is not None or a.final is not None):
            findings.append(
                _not_written(
                    sheet.name,
                    r,
                    "điểm số ở môn đánh giá bằng nhận xét",
                    "scores on a comment subject",
                )
            )
    if second:
        re = r.reassessments.get(subject.code)
        if re is not None and isinstance(re, CommentLevel) is subject.scored:
            findings.append(
                _not_written(
                    sheet.name,
                    r,
                    "kết quả đánh giá lại sai loại",
                    "a re-assessment of the wrong kind",
                )
            )
    yield _text(a.comment) if a else None


def _not_written(sheet: str, r: StudentYearRecord, what_vi: str, what_en: str) -> Finding:
    sid = r.student.student_id
    return finding_at(
        sheet, None, "excel-not-written",
        f"học sinh {sid}: {what_vi} không có ô để ghi, không được ghi vào sổ",
        f"student {sid}: {what_en} has no cell in the grade book and was not written",
        severity=Severity.WARNING, value=sid,
    )  # fmt: skip


def _abbr(level: CommentLevel | None) -> str | None:
    return None if level is None else level.abbreviation


def _term(result: YearResult, semester: Semester | None) -> TermResults:
    if semester is None:
        return result.year
    return result.semester1 if semester is Semester.ONE else result.semester2


def _average(result: YearResult | None, semester: Semester | None, code: str) -> Decimal | None:
    if result is None:
        return None
    found = _term(result, semester).subject_averages.get(code)
    return None if found is None else found.value


def _level(result: YearResult | None, semester: Semester | None, code: str) -> str | None:
    if result is None:
        return None
    found = _term(result, semester).comment_levels.get(code)
    return None if found is None else found.value.abbreviation


def _write_training(
    wb: Workbook,
    name: str,
    ordered: Sequence[StudentYearRecord],
    ident: _Ident,
    reg_id: str,
    suffix: str,
    pw: str | None,
) -> None:
    word = lay.training_word(reg_id)
    headers = (
        *_IDENTITY_HEADERS,
        f"{word} HKI",
        f"{word} HKII",
        f"{word} cả năm",
        lay.H_AFTER_SUMMER.format(training=word),
        lay.H_EXCUSED.format(n="I"),
        lay.H_UNEXCUSED.format(n="I"),
        lay.H_EXCUSED.format(n="II"),
        lay.H_UNEXCUSED.format(n="II"),
    )
    widths = (*_IDENTITY_WIDTHS, *([12.0] * 8))
    title = f"RÈN LUYỆN VÀ CHUYÊN CẦN — {suffix}"
    kinds = {5: "text", 6: "text", 7: "text", 8: "text", 9: "count", 10: "count"}
    kinds |= {11: "count", 12: "count"}
    ws = _prepare(wb, name, title, headers, widths, pw, freeze="E3", kinds=kinds)
    levels = (
        ("Tốt", "Khá", "Trung bình", "Yếu")
        if reg_id == "TT58_2011"
        else ("Tốt", "Khá", "Đạt", "Chưa đạt")
    )
    _validation(ws, "list", 5, 8, len(ordered), formula1='"' + ",".join(levels) + '"')
    _validation(ws, "whole", 9, 12, len(ordered), operator="greaterThanOrEqual", formula1="0")
    for i, r in enumerate(ordered, 1):
        ws.append(_training_row(i, r, ident))


def _training_row(i: int, r: StudentYearRecord, ident: _Ident) -> Iterator[object]:
    yield from _identity(i, r, ident)
    for level in (
        r.training_semester1,
        r.training_semester2,
        r.training_year,
        r.training_after_summer,
    ):
        yield None if level is None else level.value
    for semester in _SEMESTERS:
        entries = [a for a in r.attendance if a.semester == semester]
        if entries:
            yield sum(a.excused for a in entries)
            yield sum(a.unexcused for a in entries)
        else:
            yield None
            yield None


def _write_exemptions(
    wb: Workbook,
    name: str,
    ordered: Sequence[StudentYearRecord],
    subjects: Sequence[Subject],
    suffix: str,
    pw: str | None,
) -> None:
    headers = (
        lay.H_NO,
        lay.H_ID,
        lay.H_NAME,
        lay.H_SUBJECT,
        lay.H_SEMESTERS,
        lay.H_PART,
        lay.H_DECISION,
        lay.H_REASON,
    )
    widths = (5.0, 14.0, 26.0, 22.0, 8.0, 14.0, 16.0, 30.0)
    title = f"MIỄN HỌC (TT22/2021 Điều 10; TT58/2011 Điều 12) — {suffix}"
    kinds = dict.fromkeys(range(4, 9), "text")
    ws = _prepare(wb, name, title, headers, widths, pw, freeze="D3", kinds=kinds)
    names = {s.code: s.name for s in subjects}
    rows = [(r, e) for r in ordered for e in r.exemptions]
    for i, (r, e) in enumerate(rows, 1):
        ws.append(_exemption_row(i, r, e, names))


def _exemption_row(
    i: int, r: StudentYearRecord, e: Exemption, names: Mapping[str, str]
) -> Iterator[object]:
    yield i
    yield _text(r.student.student_id)
    yield _text(r.student.full_name)
    yield _text(names.get(e.subject, e.subject))
    yield ", ".join(lay.SEMESTER_LABELS[int(s)] for s in e.semesters)
    yield lay.EXEMPTION_PARTS[e.part]
    yield _text(e.decision)
    yield _text(e.reason)


def _write_summary(
    wb: Workbook,
    name: str,
    key: str,
    ordered: Sequence[StudentYearRecord],
    subjects: Sequence[Subject],
    results: Mapping[str, YearResult],
    reg_id: str,
    suffix: str,
    pw: str | None,
) -> None:
    """A locked summary sheet (tổng hợp học kì / cả năm) built from the year results."""
    semester = {"HK1": Semester.ONE, "HK2": Semester.TWO, "CN": None}[key]
    tt58 = reg_id == "TT58_2011"
    word = lay.training_word(reg_id)
    learning = "Học lực" if tt58 else "KQHT"
    labels = [lay.SHORT_SUBJECT_NAMES.get(s.code, s.name) for s in subjects]
    headers = [lay.H_NO, lay.H_ID, lay.H_NAME, *labels]
    if tt58:
        headers.append("ĐTB các môn")
    headers += [learning, word, "Số buổi nghỉ"]
    if semester is None:
        headers += [f"{learning} sau đánh giá lại", "Lên lớp", "Môn đánh giá lại", "Khen thưởng"]
    elif tt58:
        headers.append("Danh hiệu")
    widths = [5.0, 14.0, 26.0, *([9.0] * (len(headers) - 3))]
    period = {"HK1": "HỌC KÌ I", "HK2": "HỌC KÌ II", "CN": "CẢ NĂM HỌC"}[key]
    title = f"TỔNG HỢP KẾT QUẢ {period} — {suffix}"
    kinds = {4 + k: "computed" for k, s in enumerate(subjects) if s.scored}
    if tt58:
        kinds[4 + len(subjects)] = "computed"
    ws = _prepare(wb, name, title, headers, widths, pw, freeze="D3", kinds=kinds)
    for i, r in enumerate(ordered, 1):
        ws.append(_summary_row(i, r, results.get(r.student.student_id), semester, subjects, tt58))


def _summary_row(
    i: int,
    r: StudentYearRecord,
    res: YearResult | None,
    semester: Semester | None,
    subjects: Sequence[Subject],
    tt58: bool,
) -> Iterator[object]:
    yield i
    yield _text(r.student.student_id)
    yield _text(r.student.full_name)
    if res is None:
        return
    term = _term(res, semester)
    for s in subjects:
        if s.scored:
            avg = term.subject_averages.get(s.code)
            yield avg.value if avg is not None else None
        else:
            lvl = term.comment_levels.get(s.code)
            yield lvl.value.abbreviation if lvl is not None else None
    if tt58:
        yield term.learning.overall_average
    yield term.learning.value.value
    yield term.training.value.value if term.training is not None else None
    if semester is None:
        yield r.absences
        yield res.after_summer.learning.value.value if res.after_summer else None
        yield res.promotion.value.value
        short = {s.code: lay.SHORT_SUBJECT_NAMES.get(s.code, s.name) for s in subjects}
        yield ", ".join(short.get(c, c) for c in res.promotion.reassess_subjects) or None
        award = res.award.value
        yield award.value if award is not None else None
    else:
        yield sum(a.total for a in r.attendance if a.semester == semester)
        if tt58:
            idx = int(semester) - 1
            got = res.semester_awards[idx].value if len(res.semester_awards) > idx else None
            yield got.value if got is not None else None


def _write_meta(
    wb: Workbook,
    cls: ClassGroup,
    reg_id: str,
    subjects: Sequence[Subject],
    sheets: Sequence[tuple[str, str, str, int, int]],
) -> None:
    ws = add_stream_sheet(wb, lay.META_SHEET)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    ws.append(["format", lay.FORMAT_ID])
    ws.append(["format_version", lay.FORMAT_VERSION])
    ws.append(["school_year", cls.school_year.label])
    ws.append(["class_name", _text(cls.name)])
    ws.append(["grade_level", cls.grade_level])
    ws.append(["school_code", _text(cls.school_code)])
    ws.append(["homeroom_teacher", _text(cls.homeroom_teacher)])
    ws.append(["specialised_subject", _text(cls.specialised_subject)])
    ws.append(["regulation", reg_id])
    for s in subjects:
        row: list[object] = [
            "subject",
            s.code,
            _text(s.name),
            s.kind.value,
            s.periods_per_year,
            int(s.elective),
        ]
        if s.only_semester is not None:  # the default (both) adds no cell: rows as before
            row.append(int(s.only_semester))
        ws.append(row)
    for name, role, code, semester, columns in sheets:
        ws.append(["sheet", _text(name), role, code or None, semester or None, columns or None])
