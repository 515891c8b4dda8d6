"""Document views (Dữ liệu hiển thị): every string of a document, formatted, before drawing.

A view is a frozen pydantic value built from the domain models and the regulation results
(:class:`~vnschool_records.regulations.YearResult`). Scores already carry the decimal
comma ("8,5"), dates are written out, names are NFC, rows are in print order. The drawing
step only places these strings, so views are tested without fpdf2 and vendors can draw
them their own way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from vnschool_records._decimal import format_score
from vnschool_records._text import clean_name, name_sort_key, nfc
from vnschool_records.errors import IncompleteDataError, PolicyOptionError
from vnschool_records.models import (
    ClassGroup,
    CommentLevel,
    ConductLevel,
    School,
    SchoolLevel,
    Semester,
    Student,
    StudentYearRecord,
    Subject,
    Term,
    TrainingLevel,
)
from vnschool_records.regulations._types import (
    PromotionOutcome,
    RegulationId,
    TermResults,
    YearResult,
)
from vnschool_records.render._format import (
    birth_date,
    content_hash,
    date_phrase,
    document_number,
    place_date_line,
    upper_vi,
)
from vnschool_records.render._layout import Layout, SignatureBlock

__all__ = [
    "CERTIFICATE_TT18_FROM",
    "CertificateKind",
    "CertificateView",
    "ClassSummaryRow",
    "ClassSummaryView",
    "Corrections",
    "DocumentHeader",
    "ExtractView",
    "ExtractYear",
    "ExtractYearInput",
    "StudentInfo",
    "SubjectRow",
    "TranscriptView",
    "Verification",
    "build_certificate_view",
    "build_class_summary_view",
    "build_extract_view",
    "build_transcript_view",
    "subject_short_name",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")

MOTTO_COUNTRY: Final = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
"""Quốc hiệu (Decree 30/2020/NĐ-CP, Appendix I, ô 1)."""
MOTTO_LINE: Final = "Độc lập - Tự do - Hạnh phúc"
"""Tiêu ngữ, hyphens with spaces (Decree 30/2020/NĐ-CP, Appendix I, ô 1)."""

CERTIFICATE_TT18_FROM: Final = date(2020, 8, 13)
"""Thông tư 18/2020/TT-BGDĐT took effect on 13/8/2020, replacing QĐ 39/2008/QĐ-BGDĐT."""

EXTRACT_TITLE: Final = "HỒ SƠ XÁC NHẬN QUÁ TRÌNH, KẾT QUẢ HỌC TẬP"

_SHORT_NAMES: Final = {
    "ngu_van": "Văn",
    "toan": "Toán",
    "ngoai_ngu_1": "NN1",
    "ngoai_ngu": "NN",
    "gdcd": "GDCD",
    "lich_su_dia_li": "LSĐL",
    "khtn": "KHTN",
    "cong_nghe": "CN",
    "tin_hoc": "Tin",
    "gdtc": "GDTC",
    "nghe_thuat": "NT",
    "nd_gddp": "GDĐP",
    "hdtn_hn": "HĐTN",
    "lich_su": "Sử",
    "dia_li": "Địa",
    "gd_ktpl": "KT&PL",
    "vat_li": "Lí",
    "hoa_hoc": "Hoá",
    "sinh_hoc": "Sinh",
    "gdqp_an": "GDQP",
    "am_nhac": "Nhạc",
    "mi_thuat": "MT",
    "the_duc": "TD",
}


def subject_short_name(subject: Subject) -> str:
    """A column heading for narrow tables (``"LS&ĐL"``); the full name when none is known.

    >>> from vnschool_records.models import subject_catalogue
    >>> [subject_short_name(s) for s in subject_catalogue("2018", 6)][:3]
    ['Văn', 'Toán', 'NN1']
    """
    return _SHORT_NAMES.get(subject.code, subject.name)


# --------------------------------------------------------------------------- view values


class DocumentHeader(BaseModel):
    """The top of a Decree 30 document: agency block, motto, number, place and date."""

    model_config = _FROZEN

    parent_agency_lines: tuple[str, ...]
    issuing_agency: str
    country: str = MOTTO_COUNTRY
    motto: str = MOTTO_LINE
    number_line: str | None = None
    place_date: str


class StudentInfo(BaseModel):
    """The student's identity lines, formatted."""

    model_config = _FROZEN

    full_name: str
    date_of_birth: str
    sex: str
    place_of_birth: str
    ethnicity: str
    student_id: str
    personal_id: str


class SubjectRow(BaseModel):
    """One subject's line: semester I, semester II, year, re-assessment, teacher's comment."""

    model_config = _FROZEN

    name: str
    semester1: str
    semester2: str
    year: str
    reassessment: str = ""
    comment: str = ""


class ExtractYear(BaseModel):
    """One school year of a student's record, every cell formatted."""

    model_config = _FROZEN

    school_year: str
    class_name: str
    grade_level: int
    level: SchoolLevel
    regulation: RegulationId
    school_name: str
    subjects: tuple[SubjectRow, ...]
    overall_average: SubjectRow | None = None
    """TT58's "ĐTB các môn" row; ``None`` under TT22, which has no overall average."""
    training_label: str
    learning_label: str
    training: tuple[str, str, str]
    learning: tuple[str, str, str]
    absences: tuple[str, str, str]
    training_after_summer: str = ""
    learning_after_summer: str = ""
    promotion: str
    promotion_outcome: PromotionOutcome
    final_grade: bool
    completion_line: str = ""
    awards: str = ""
    homeroom_comment: str = ""
    homeroom_teacher: str = ""
    corrections: int = Field(default=0, ge=0)
    correction_line: str


class Verification(BaseModel):
    """How a reader checks an extract: its number, issue date, content hash and where."""

    model_config = _FROZEN

    document_number: str
    issued_on: str
    content_hash: str = ""
    verify_at: str = ""


class ExtractView(BaseModel):
    """The learning-record extract (hồ sơ xác nhận quá trình, kết quả học tập) of one student.

    ``verification.content_hash`` is the SHA-256 of the view's canonical JSON with that
    one field left empty (:meth:`computed_hash`), so a printed or signed extract can be
    matched against the school's records.
    """

    model_config = _FROZEN

    header: DocumentHeader
    title: str = EXTRACT_TITLE
    student: StudentInfo
    years: tuple[ExtractYear, ...] = Field(min_length=1)
    legend: str
    recipients: tuple[str, ...]
    signature: SignatureBlock
    verification: Verification

    def computed_hash(self) -> str:
        """SHA-256 of the canonical JSON of this view without the stored hash."""
        data = self.model_dump(mode="json")
        data["verification"]["content_hash"] = ""
        return content_hash(data)

    def hash_matches(self) -> bool:
        """Whether the stored content hash is the hash of this view's content."""
        return self.verification.content_hash == self.computed_hash()


class TranscriptView(BaseModel):
    """Transcript (học bạ) pages of one school year: results page and summary page.

    ``era`` picks the layout: ``"TT22"`` (TT22/2021 appendix, 2018 programme) or
    ``"TT58"`` (the 2006-programme học bạ with hạnh kiểm and học lực).
    """

    model_config = _FROZEN

    era: Literal["TT22", "TT58"]
    level: SchoolLevel
    student_name: str
    year: ExtractYear
    promotion_choices: tuple[tuple[str, bool], ...]
    certificates: str = ""
    competitions: str = ""
    principal_place_date: str
    principal: SignatureBlock
    homeroom: SignatureBlock


class CertificateKind(StrEnum):
    """Which certificate form applies."""

    TT18_2020 = "TT18_2020"
    """Giấy chứng nhận hoàn thành chương trình giáo dục phổ thông, from 13/8/2020."""
    QD39_2008 = "QD39_2008"
    """Giấy chứng nhận hoàn thành chương trình lớp 10/11/12, until 12/8/2020."""


class CertificateView(BaseModel):
    """A completion certificate, 19 × 13.5 cm, with the ten fields of TT18/2020 (or QĐ 39/2008).

    Field numbers follow the TT18/2020 filling instructions: (1) full name, (2) date of
    birth, (3) place of birth, (4) sex, (5) ethnicity, (6) completion year, (7) school,
    (8) place (province of the school's seat), (9) date of issue, (10) signature.
    """

    model_config = _FROZEN

    kind: CertificateKind
    country: str = MOTTO_COUNTRY
    motto: str = MOTTO_LINE
    title_lines: tuple[str, ...]
    full_name: str
    date_of_birth: str
    place_of_birth: str
    sex: str
    ethnicity: str
    completion_line: str
    completion_year: str
    school_name: str
    place: str
    issue_date: str
    signature: SignatureBlock
    register_number: str = ""
    legal_basis: str


class ClassSummaryRow(BaseModel):
    """One student's line of the class summary sheet."""

    model_config = _FROZEN

    number: int
    full_name: str
    date_of_birth: str
    values: tuple[str, ...]
    learning: str
    training: str
    absences: str
    outcome: str = ""


class ClassSummaryView(BaseModel):
    """Class summary sheet (bảng tổng hợp kết quả đánh giá) for one term, sorted by name."""

    model_config = _FROZEN

    header: DocumentHeader
    title: str
    class_line: str
    columns: tuple[str, ...]
    rows: tuple[ClassSummaryRow, ...]
    learning_label: str
    training_label: str
    counts: tuple[tuple[str, str], ...]
    """(label, value) pairs of the footer: number per level, totals."""
    homeroom: SignatureBlock
    principal: SignatureBlock


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class Corrections:
    """Corrections (chỗ sửa chữa) on one page, as counted by the grade book's audit log."""

    count: int = 0
    subjects: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.count < 0:
            raise ValueError(f"a correction count cannot be negative ({self.count})")


@dataclass(frozen=True, slots=True)
class ExtractYearInput:
    """One year's inputs of an extract: the record, its results and what the log adds."""

    record: StudentYearRecord
    result: YearResult
    corrections: Corrections = field(default_factory=Corrections)
    homeroom_comment: str | None = None
    school_name: str | None = None
    """The school's name for that year when it differs from the issuing school."""


# --------------------------------------------------------------------------- builders

_EMPTY = ""


def _level_text(value: object) -> str:
    if value is None:
        return _EMPTY
    if isinstance(value, CommentLevel):
        return value.abbreviation
    if isinstance(value, Decimal):
        return format_score(value)
    if isinstance(value, StrEnum):
        return value.value
    return nfc(str(value))


def _term_value(term: TermResults, subject: Subject) -> str:
    if subject.scored:
        avg = term.subject_averages.get(subject.code)
        return format_score(avg.value) if avg is not None else _EMPTY
    lvl = term.comment_levels.get(subject.code)
    return lvl.value.abbreviation if lvl is not None else _EMPTY


def _exempt(record: StudentYearRecord, code: str, semester: Semester) -> bool:
    return any(
        e.subject == code and e.part == "whole" and semester in e.semesters
        for e in record.exemptions
    )


def _subject_rows(record: StudentYearRecord, result: YearResult) -> tuple[SubjectRow, ...]:
    rows: list[SubjectRow] = []
    for subject in record.subjects:
        cells: list[str] = []
        for term, sem in (
            (result.semester1, Semester.ONE),
            (result.semester2, Semester.TWO),
            (result.year, None),
        ):
            text = _term_value(term, subject)
            if not text and sem is not None and _exempt(record, subject.code, sem):
                text = "Miễn"
            if (
                not text
                and sem is None
                and all(_exempt(record, subject.code, s) for s in (Semester.ONE, Semester.TWO))
            ):
                text = "Miễn"
            cells.append(text)
        redo = record.reassessments.get(subject.code)
        comments = [
            a.comment
            for a in (record.assessment(subject.code, s) for s in (Semester.ONE, Semester.TWO))
            if a is not None and a.comment
        ]
        rows.append(
            SubjectRow(
                name=nfc(subject.name),
                semester1=cells[0],
                semester2=cells[1],
                year=cells[2],
                reassessment=_level_text(redo),
                comment=nfc(comments[-1]) if comments else _EMPTY,
            )
        )
    return tuple(rows)


def _training_value(term: TermResults, fallback: TrainingLevel | ConductLevel | None) -> str:
    if term.training is not None:
        return _level_text(term.training.value)
    return _level_text(fallback)


def _absences(record: StudentYearRecord) -> tuple[str, str, str]:
    by_sem = {a.semester: a for a in record.attendance}
    cells: list[str] = []
    for sem in (Semester.ONE, Semester.TWO):
        a = by_sem.get(sem)
        cells.append(f"{a.total} (P: {a.excused}, K: {a.unexcused})" if a else _EMPTY)
    total_p = sum(a.excused for a in record.attendance)
    total_k = sum(a.unexcused for a in record.attendance)
    year = f"{total_p + total_k} (P: {total_p}, K: {total_k})" if record.attendance else _EMPTY
    return cells[0], cells[1], year


def _promotion_text(record: StudentYearRecord, result: YearResult) -> str:
    promo = result.promotion
    text = promo.value.value
    if promo.reassess_subjects:
        names = []
        for code in promo.reassess_subjects:
            try:
                names.append(record.subject(code).name)
            except LookupError:
                names.append(code)
        text += ": " + ", ".join(names)
    if not promo.final:
        text += " (chưa phải kết quả cuối cùng)"
    return nfc(text)


def _awards_text(result: YearResult) -> str:
    parts: list[str] = []
    for label, award in zip(("HK I", "HK II"), result.semester_awards, strict=False):
        if award.value is not None:
            parts.append(f"{award.value.value} ({label})")
    if result.award.value is not None:
        parts.append(f"{result.award.value.value} (cả năm)")
    return nfc("; ".join(parts))


def _completion_line(level: SchoolLevel, outcome: PromotionOutcome) -> str:
    programme = "trung học cơ sở" if level is SchoolLevel.THCS else "trung học phổ thông"
    if outcome is PromotionOutcome.COMPLETED:
        return f"Hoàn thành chương trình {programme}"
    if outcome is PromotionOutcome.NOT_COMPLETED:
        return f"Chưa hoàn thành chương trình {programme}"
    return _EMPTY


def _check_pair(record: StudentYearRecord, result: YearResult) -> None:
    if result.student_id != record.student.student_id or result.school_year != (record.school_year):
        raise IncompleteDataError(
            f"result for student {result.student_id} in {result.school_year} does not belong "
            f"to the record of student {record.student.student_id} in {record.school_year}"
        )


def build_extract_year(item: ExtractYearInput, *, default_school: str) -> ExtractYear:
    """The formatted view of one school year (shared by the extract and the học bạ)."""
    record, result = item.record, item.result
    _check_pair(record, result)
    tt58 = result.regulation is RegulationId.TT58_2011
    overall = None
    if tt58:
        averages = [
            format_score(t.learning.overall_average)
            for t in (result.semester1, result.semester2, result.year)
        ]
        overall = SubjectRow(
            name="ĐTB các môn", semester1=averages[0], semester2=averages[1], year=averages[2]
        )
    training = (
        _training_value(result.semester1, record.training_semester1),
        _training_value(result.semester2, record.training_semester2),
        _training_value(result.year, record.training_year),
    )
    learning = (
        _level_text(result.semester1.learning.value),
        _level_text(result.semester2.learning.value),
        _level_text(result.year.learning.value),
    )
    level = SchoolLevel.for_grade(record.grade_level)
    c = item.corrections
    subjects_text = ", ".join(nfc(s) for s in c.subjects) if c.subjects else "không"
    correction_line = (
        f"Trong trang này có sửa chữa ở {c.count} chỗ, thuộc môn học, hoạt động giáo dục: "
        f"{subjects_text}."
        if c.count
        else "Trong trang này không có chỗ nào sửa chữa."
    )
    outcome = result.promotion.value
    return ExtractYear(
        school_year=record.school_year,
        class_name=record.class_group.name,
        grade_level=record.grade_level,
        level=level,
        regulation=result.regulation,
        school_name=nfc(item.school_name or default_school),
        subjects=_subject_rows(record, result),
        overall_average=overall,
        training_label="Hạnh kiểm" if tt58 else "Kết quả rèn luyện",
        learning_label="Học lực" if tt58 else "Kết quả học tập",
        training=training,
        learning=learning,
        absences=_absences(record),
        training_after_summer=_level_text(record.training_after_summer),
        learning_after_summer=_level_text(result.after_summer.learning.value)
        if result.after_summer is not None
        else _EMPTY,
        promotion=_promotion_text(record, result),
        promotion_outcome=outcome,
        final_grade=record.grade_level in (9, 12),
        completion_line=_completion_line(level, outcome),
        awards=_awards_text(result),
        homeroom_comment=nfc(item.homeroom_comment or _EMPTY),
        homeroom_teacher=record.class_group.homeroom_teacher or _EMPTY,
        corrections=c.count,
        correction_line=correction_line,
    )


def _student_info(student: Student) -> StudentInfo:
    return StudentInfo(
        full_name=clean_name(student.full_name),
        date_of_birth=birth_date(student.date_of_birth),
        sex=student.sex.value,
        place_of_birth=nfc(student.place_of_birth or _EMPTY),
        ethnicity=nfc(student.ethnicity or _EMPTY),
        student_id=student.student_id,
        personal_id=student.personal_id or _EMPTY,
    )


def _header(layout: Layout, issued_on: date, number_line: str | None) -> DocumentHeader:
    return DocumentHeader(
        parent_agency_lines=layout.parent_agency_lines,
        issuing_agency=layout.issuing_agency,
        number_line=number_line,
        place_date=place_date_line(layout.place_name, issued_on),
    )


def _principal(school: School) -> SignatureBlock:
    return SignatureBlock(
        head_title="Hiệu trưởng",
        name=school.principal,
        note="(Ký, ghi rõ họ tên và đóng dấu)",
    )


_LEGEND: Final = (
    "Ghi chú: Đ = Đạt, CĐ = Chưa đạt; điểm trung bình ghi đến một chữ số thập phân; "
    "P = nghỉ có phép, K = nghỉ không phép."
)


def build_extract_view(
    school: School,
    years: Sequence[ExtractYearInput],
    *,
    number: int,
    issued_on: date,
    symbol: str | None = None,
    layout: Layout | None = None,
    signature: SignatureBlock | None = None,
    recipients: Sequence[str] | None = None,
) -> ExtractView:
    """The learning-record extract of one student across the years the school holds.

    Years are printed oldest first. ``number`` and ``symbol`` make the number line
    ("Số: 05/XN-THCS"); the symbol defaults to ``XN-`` and the school's level. The
    verification block carries the content hash of the finished view.

    Raises:
        IncompleteDataError: no years, or years of different students.
    """
    if not years:
        raise IncompleteDataError("an extract needs at least one school year of records")
    students = {y.record.student.student_id for y in years}
    if len(students) != 1:
        raise IncompleteDataError(
            f"an extract is for one student; got records of {sorted(students)}"
        )
    lay = layout or Layout.for_school(school)
    ordered = sorted(years, key=lambda y: y.record.class_group.school_year.start)
    sym = symbol or f"XN-{school.levels[0].value}"
    number_line = document_number(number, sym)
    built = tuple(build_extract_year(y, default_school=school.name) for y in ordered)
    view = ExtractView(
        header=_header(lay, issued_on, number_line),
        student=_student_info(ordered[-1].record.student),
        years=built,
        legend=_LEGEND,
        recipients=tuple(recipients)
        if recipients is not None
        else ("Học sinh (hoặc cha mẹ học sinh);", "Lưu: VT."),
        signature=signature or _principal(school),
        verification=Verification(
            document_number=number_line.removeprefix("Số: "),
            issued_on=date_phrase(issued_on),
            verify_at=lay.verify_url or _EMPTY,
        ),
    )
    digest = view.computed_hash()
    return view.model_copy(
        update={"verification": view.verification.model_copy(update={"content_hash": digest})}
    )


_PROMOTION_LINES: Final[tuple[tuple[str, frozenset[PromotionOutcome]], ...]] = (
    ("Được lên lớp", frozenset({PromotionOutcome.PROMOTED})),
    (
        "Được lên lớp sau khi kiểm tra, đánh giá lại môn học hoặc rèn luyện thêm trong kì nghỉ hè",
        frozenset(),
    ),
    ("Không được lên lớp", frozenset({PromotionOutcome.RETAINED})),
)
_PROMOTION_LINES_TT58: Final[tuple[tuple[str, frozenset[PromotionOutcome]], ...]] = (
    ("Được lên lớp thẳng", frozenset({PromotionOutcome.PROMOTED})),
    (
        "Được lên lớp sau khi kiểm tra lại các môn học hoặc rèn luyện thêm về hạnh kiểm trong hè",
        frozenset(),
    ),
    ("Không được lên lớp", frozenset({PromotionOutcome.RETAINED})),
)


def build_transcript_view(
    school: School,
    item: ExtractYearInput,
    *,
    signed_on: date,
    layout: Layout | None = None,
    certificates: str = "",
    competitions: str = "",
) -> TranscriptView:
    """Học bạ pages of one school year (TT22 appendix, or the TT58-era form for older years).

    The layout follows the regulation the year was assessed under. A year promoted after
    summer re-assessment or training marks the second promotion line.
    """
    lay = layout or Layout.for_school(school)
    year = build_extract_year(item, default_school=school.name)
    era: Literal["TT22", "TT58"] = "TT58" if year.regulation is RegulationId.TT58_2011 else "TT22"
    lines = _PROMOTION_LINES_TT58 if era == "TT58" else _PROMOTION_LINES
    promoted_after_summer = (
        item.result.after_summer is not None
        and item.result.promotion.value is PromotionOutcome.PROMOTED
    )
    choices: list[tuple[str, bool]] = []
    for i, (text, outcomes) in enumerate(lines):
        chosen = item.result.promotion.value in outcomes
        if i == 0 and promoted_after_summer:
            chosen = False
        if i == 1 and promoted_after_summer:
            chosen = True
        choices.append((text, chosen))
    homeroom = SignatureBlock(
        head_title="Giáo viên chủ nhiệm",
        name=item.record.class_group.homeroom_teacher,
        note="(Ký và ghi rõ họ tên)",
        seal=False,
    )
    return TranscriptView(
        era=era,
        level=year.level,
        student_name=clean_name(item.record.student.full_name),
        year=year,
        promotion_choices=tuple(choices),
        certificates=nfc(certificates),
        competitions=nfc(competitions),
        principal_place_date=place_date_line(lay.place_name, signed_on),
        principal=_principal(school),
        homeroom=homeroom,
    )


def build_certificate_view(
    school: School,
    student: Student,
    *,
    issued_on: date,
    completion_year: int,
    grade_level: int = 12,
    province: str | None = None,
    signature: SignatureBlock | None = None,
    register_number: str = "",
) -> CertificateView:
    """A completion certificate, the form chosen by the issue date.

    From 13/8/2020 the only form is TT18/2020/TT-BGDĐT's certificate of completing the
    general-education programme (grade 12 only). Before that date QĐ 39/2008/QĐ-BGDĐT's
    certificate of completing grade 10, 11 or 12 applied.

    Raises:
        PolicyOptionError: a per-grade certificate asked for on or after 13/8/2020, or a
            grade outside 10–12.
    """
    if grade_level not in (10, 11, 12):
        raise PolicyOptionError(
            f"completion certificates exist for grades 10–12 only, not grade {grade_level}"
        )
    if issued_on >= CERTIFICATE_TT18_FROM:
        if grade_level != 12:
            raise PolicyOptionError(
                f"no form exists for a certificate of completing grade {grade_level} issued "
                f"on {birth_date(issued_on)}: QĐ 39/2008/QĐ-BGDĐT was replaced on 13/08/2020 "
                "by Thông tư 18/2020/TT-BGDĐT, which certifies the whole programme only"
            )
        kind = CertificateKind.TT18_2020
        title = ("GIẤY CHỨNG NHẬN", "HOÀN THÀNH CHƯƠNG TRÌNH GIÁO DỤC PHỔ THÔNG")
        completion = "Đã hoàn thành chương trình giáo dục phổ thông năm"
        basis = "Mẫu ban hành kèm theo Thông tư số 18/2020/TT-BGDĐT"
    else:
        kind = CertificateKind.QD39_2008
        title = ("GIẤY CHỨNG NHẬN", f"HOÀN THÀNH CHƯƠNG TRÌNH LỚP {grade_level}")
        completion = f"Đã hoàn thành chương trình lớp {grade_level} năm học"
        basis = "Mẫu ban hành kèm theo Quyết định số 39/2008/QĐ-BGDĐT"
    place = province or school.province
    return CertificateView(
        kind=kind,
        title_lines=title,
        full_name=upper_vi(clean_name(student.full_name)),
        date_of_birth=birth_date(student.date_of_birth),
        place_of_birth=nfc(student.place_of_birth or _EMPTY),
        sex=student.sex.value,
        ethnicity=nfc(student.ethnicity or _EMPTY),
        completion_line=completion,
        completion_year=str(completion_year)
        if kind is CertificateKind.TT18_2020
        else f"{completion_year - 1}-{completion_year}",
        school_name=nfc(school.name),
        place=nfc(place),
        issue_date=date_phrase(issued_on),
        signature=signature or _principal(school),
        register_number=nfc(register_number),
        legal_basis=basis,
    )


_LEVEL_RANK: Final = {
    level: rank
    for rank, level in enumerate(
        ("Giỏi", "Tốt", "Khá", "Đạt", "Trung bình", "Chưa đạt", "Yếu", "Kém")
    )
}
"""Best first: the order a principal reads the tallies of a class summary in."""


def build_class_summary_view(
    school: School,
    class_group: ClassGroup,
    entries: Sequence[tuple[StudentYearRecord, YearResult]],
    *,
    term: Term = Term.YEAR,
    issued_on: date,
    layout: Layout | None = None,
) -> ClassSummaryView:
    """The class summary sheet for one term: students in Vietnamese collation order.

    Columns are the class's subjects in programme order (from the first record), then
    the learning and training results and the absences; the year sheet adds the
    promotion outcome and awards. The footer counts each level.
    """
    lay = layout or Layout.for_school(school)
    if not entries:
        raise IncompleteDataError(f"class {class_group.name} has no records to summarise")
    for record, result in entries:
        _check_pair(record, result)
    subjects: list[Subject] = []
    seen: set[str] = set()
    for record, _ in entries:
        for s in record.subjects:
            if s.code not in seen:
                seen.add(s.code)
                subjects.append(s)
    ordered = sorted(entries, key=lambda e: name_sort_key(e[0].student.full_name))
    tt58 = ordered[0][1].regulation is RegulationId.TT58_2011
    rows: list[ClassSummaryRow] = []
    learning_counts: dict[str, int] = {}
    training_counts: dict[str, int] = {}
    for i, (record, result) in enumerate(ordered, start=1):
        terms: Mapping[Term, TermResults] = {
            Term.SEMESTER_1: result.semester1,
            Term.SEMESTER_2: result.semester2,
            Term.YEAR: result.year,
        }
        tr = terms[term]
        followed = {s.code for s in record.subjects}
        values = tuple(_term_value(tr, s) if s.code in followed else "" for s in subjects)
        fallback = {
            Term.SEMESTER_1: record.training_semester1,
            Term.SEMESTER_2: record.training_semester2,
            Term.YEAR: record.training_year,
        }[term]
        learning = _level_text(tr.learning.value)
        training = _training_value(tr, fallback)
        learning_counts[learning] = learning_counts.get(learning, 0) + 1
        training_counts[training] = training_counts.get(training, 0) + 1
        absences = _absences(record)
        absence = {Term.SEMESTER_1: absences[0], Term.SEMESTER_2: absences[1]}.get(
            term, absences[2]
        )
        outcome = ""
        if term is Term.YEAR:
            outcome = result.promotion.value.value
            if result.award.value is not None:
                outcome += f"; {result.award.value.value}"
        rows.append(
            ClassSummaryRow(
                number=i,
                full_name=clean_name(record.student.full_name),
                date_of_birth=birth_date(record.student.date_of_birth),
                values=values,
                learning=learning,
                training=training,
                absences=absence.split(" ", 1)[0] if absence else "",
                outcome=nfc(outcome),
            )
        )
    learning_label = "Học lực" if tt58 else "KQHT"
    training_label = "Hạnh kiểm" if tt58 else "KQRL"
    counts: list[tuple[str, str]] = [("Tổng số học sinh", str(len(rows)))]
    for label, tally in ((learning_label, learning_counts), (training_label, training_counts)):
        for level, n in sorted(tally.items(), key=lambda kv: _LEVEL_RANK.get(kv[0], 99)):
            if level:
                counts.append((f"{label} {level}", f"{n} ({_percent(n, len(rows))})"))
    if term is Term.YEAR:
        tally_outcomes = Counter(r.promotion.value for _, r in ordered)
        final_grade = class_group.grade_level in (9, 12)
        for outcome in (
            PromotionOutcome.COMPLETED if final_grade else PromotionOutcome.PROMOTED,
            PromotionOutcome.REASSESSMENT,
            PromotionOutcome.SUMMER_TRAINING,
            PromotionOutcome.NOT_COMPLETED if final_grade else PromotionOutcome.RETAINED,
            PromotionOutcome.PRINCIPAL_DECIDES,
        ):
            if tally_outcomes[outcome] or outcome in (
                PromotionOutcome.PROMOTED,
                PromotionOutcome.COMPLETED,
            ):
                counts.append((outcome.value, str(tally_outcomes[outcome])))
    term_title = {
        Term.SEMESTER_1: "HỌC KÌ I",
        Term.SEMESTER_2: "HỌC KÌ II",
        Term.YEAR: "CẢ NĂM HỌC",
    }[term]
    homeroom = SignatureBlock(
        head_title="Giáo viên chủ nhiệm",
        name=class_group.homeroom_teacher,
        note="(Ký và ghi rõ họ tên)",
        seal=False,
    )
    return ClassSummaryView(
        header=_header(lay, issued_on, None),
        title=f"BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ {term_title}",
        class_line=nfc(
            f"Lớp: {class_group.name}    Năm học: {class_group.school_year.label}    "
            f"Sĩ số: {len(rows)}"
        ),
        columns=tuple(subject_short_name(s) for s in subjects),
        rows=tuple(rows),
        learning_label=learning_label,
        training_label=training_label,
        counts=tuple(counts),
        homeroom=homeroom,
        principal=_principal(school),
    )


def _percent(n: int, total: int) -> str:
    """``n / total`` as a percentage with one decimal and a decimal comma, half-up."""
    return format_score(Decimal(1000 * n) / Decimal(total) / Decimal(10)) + "%"
