"""The registry of finding codes (Mã phát hiện): family, default severity, title and source.

Every built-in code is listed here once and documented in ``docs/findings.md`` under an
anchor of the same name; a test checks both directions.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from vnschool_records._explain import Citation
from vnschool_records.validation._finding import Family, Severity

__all__ = ["CITATIONS", "FINDING_CODES", "CodeInfo"]

TT22: Final = "Thông tư 22/2021/TT-BGDĐT"
TT58: Final = "Thông tư 58/2011/TT-BGDĐT"
TT26: Final = "Thông tư 26/2020/TT-BGDĐT"
TT32: Final = "Thông tư 32/2020/TT-BGDĐT"

CITATIONS: Final = MappingProxyType(
    {
        "personal-id": Citation("Nghị định 137/2015/NĐ-CP", article=13),
        "personal-id-law": Citation("Luật Căn cước 2023", article=12),
        "personal-id-in-database": Citation(
            "Quyết định 06/QĐ-TTg",
            note="Đề án 06 (2022): số định danh cá nhân trong các cơ sở dữ liệu chuyên ngành",
        ),
        "student-code": Citation("Thông tư 42/2021/TT-BGDĐT", article=10),
        "unicode": Citation(
            "Quyết định 72/2002/QĐ-TTg", note="bộ mã Unicode TCVN 6909:2001 bắt buộc"
        ),
        "sdk-policy": Citation(
            "vnschool_records data-quality policy",
            note="names are kept as written on the birth certificate, one space between words",
        ),
        "age": Citation(TT32, article=33, note="Điều lệ trường trung học"),
        "levels": Citation("Luật Giáo dục 2019", article=28, clause="1"),
        "tt22-regular": Citation(TT22, article=6),
        "tt22-periodic": Citation(TT22, article=7),
        "tt58-counts": Citation(TT58, article=8, clause="1", amended_by=f"{TT26}, Điều 1, khoản 4"),
        "tt22-exemption": Citation(TT22, article=10),
        "tt58-exemption": Citation(TT58, article=12),
        "tt22-scale": Citation(TT22, article=5, clause="3"),
        "tt22-forms": Citation(TT22, article=5),
        "tt22-promotion": Citation(TT22, article=12, clause="1", point="c"),
        "tt58-promotion": Citation(TT58, article=15, clause="1"),
        "tt22-year-end": Citation(TT22, article=12),
        "tt22-summer": Citation(TT22, article=14),
        "tt22-training": Citation(TT22, article=13),
        "tt22-results": Citation(TT22, article=9),
        "tt22-one-semester": Citation(
            TT22,
            article=9,
            clause="1",
            point="b",
            note="môn chỉ học một học kì lấy kết quả học kì đó (như TT58 Điều 10 khoản 3)",
        ),
        "tt58-one-semester": Citation(TT58, article=10, clause="3"),
        "tt22-responsibility": Citation(TT22, article=18),
        "regulation-roadmap": Citation(TT22, article=21),
        "1397": Citation(
            "Công văn 1397/GDĐT-TrH",
            note="Sở GD&ĐT TP. Hồ Chí Minh, 18/5/2020: đồng bộ trong 01 tuần sau sơ kết, tổng kết",
        ),
    }
)
"""Sources the built-in rules cite, by key."""


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """What a finding code means: its family, default severity, titles and source."""

    code: str
    family: Family
    severity: Severity
    title_vi: str
    title_en: str
    reference: Citation


def _c(
    code: str, family: Family, severity: Severity, vi: str, en: str, ref: str
) -> tuple[str, CodeInfo]:
    return code, CodeInfo(code, family, severity, vi, en, CITATIONS[ref])


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
_F = Family

FINDING_CODES: Final = MappingProxyType(
    dict(
        [
            _c(
                "record-invalid",
                _F.RECORD,
                _E,
                "Hồ sơ không hợp lệ",
                "Invalid record",
                "student-code",
            ),
            _c(
                "personal-id-missing",
                _F.IDENTITY,
                _W,
                "Thiếu số định danh cá nhân",
                "Personal id missing",
                "personal-id-in-database",
            ),
            _c(
                "personal-id-invalid",
                _F.IDENTITY,
                _E,
                "Số định danh cá nhân sai cấu trúc",
                "Personal id malformed",
                "personal-id",
            ),
            _c(
                "personal-id-birth-mismatch",
                _F.IDENTITY,
                _E,
                "Số định danh không khớp năm sinh",
                "Personal id contradicts the birth date",
                "personal-id",
            ),
            _c(
                "personal-id-sex-mismatch",
                _F.IDENTITY,
                _E,
                "Số định danh không khớp giới tính",
                "Personal id contradicts the sex",
                "personal-id",
            ),
            _c(
                "personal-id-shared",
                _F.IDENTITY,
                _E,
                "Hai học sinh cùng số định danh",
                "Two students share a personal id",
                "personal-id-law",
            ),
            _c(
                "student-duplicate",
                _F.IDENTITY,
                _E,
                "Học sinh bị nhập hai lần",
                "Student entered twice",
                "student-code",
            ),
            _c(
                "student-code-invalid",
                _F.IDENTITY,
                _E,
                "Mã học sinh sai định dạng",
                "Student code malformed",
                "student-code",
            ),
            _c(
                "name-not-nfc",
                _F.TEXT,
                _W,
                "Tên chưa chuẩn Unicode dựng sẵn",
                "Name not in composed Unicode",
                "unicode",
            ),
            _c(
                "name-extra-spaces",
                _F.TEXT,
                _I,
                "Tên có khoảng trắng thừa",
                "Stray spaces in a name",
                "sdk-policy",
            ),
            _c(
                "name-all-caps",
                _F.TEXT,
                _W,
                "Tên viết toàn chữ in hoa",
                "Name in capitals",
                "sdk-policy",
            ),
            _c(
                "text-legacy-encoding",
                _F.TEXT,
                _W,
                "Chữ gõ bằng bảng mã cũ (TCVN3/VNI)",
                "Text in a legacy encoding (TCVN3/VNI)",
                "unicode",
            ),
            _c(
                "enrolment-age-below",
                _F.ENROLMENT,
                _W,
                "Tuổi thấp hơn tuổi quy định của lớp",
                "Younger than the charter age for the grade",
                "age",
            ),
            _c(
                "enrolment-age-above",
                _F.ENROLMENT,
                _W,
                "Tuổi cao hơn mức cho phép của lớp",
                "Older than the charter allows for the grade",
                "age",
            ),
            _c(
                "class-level-mismatch",
                _F.ENROLMENT,
                _E,
                "Khối lớp không thuộc cấp học của trường",
                "Grade level outside the school's levels",
                "levels",
            ),
            _c(
                "class-name-grade-mismatch",
                _F.ENROLMENT,
                _W,
                "Tên lớp không khớp khối lớp",
                "Class name contradicts its grade level",
                "levels",
            ),
            _c(
                "regulation-not-found",
                _F.GRADEBOOK,
                _W,
                "Không xác định được thông tư đánh giá",
                "No assessment regulation for the grade and year",
                "regulation-roadmap",
            ),
            _c(
                "assessment-missing",
                _F.GRADEBOOK,
                _E,
                "Thiếu đánh giá môn học trong học kì",
                "Subject not assessed in a semester",
                "tt22-periodic",
            ),
            _c(
                "assessment-missing-regular",
                _F.GRADEBOOK,
                _E,
                "Thiếu điểm/đánh giá thường xuyên",
                "Too few regular assessments",
                "tt22-regular",
            ),
            _c(
                "assessment-missing-midterm",
                _F.GRADEBOOK,
                _E,
                "Thiếu đánh giá giữa kì",
                "Mid-term assessment missing",
                "tt22-periodic",
            ),
            _c(
                "assessment-missing-final",
                _F.GRADEBOOK,
                _E,
                "Thiếu đánh giá cuối kì",
                "End-of-term assessment missing",
                "tt22-periodic",
            ),
            _c(
                "exemption-without-decision",
                _F.GRADEBOOK,
                _E,
                "Miễn học không có số quyết định",
                "Exemption without a decision number",
                "tt22-exemption",
            ),
            _c(
                "exemption-not-allowed",
                _F.GRADEBOOK,
                _E,
                "Miễn học không đúng quy định",
                "Exemption the regulation does not allow",
                "tt22-exemption",
            ),
            _c(
                "assessment-semester-not-taught",
                _F.GRADEBOOK,
                _E,
                "Có đánh giá ở học kì môn học không học",
                "Assessment in a semester the subject is not taught in",
                "tt22-one-semester",
            ),
            _c("score-invalid", _F.SCORES, _E, "Điểm không hợp lệ", "Invalid score", "tt22-scale"),
            _c(
                "score-kind-mismatch",
                _F.SCORES,
                _E,
                "Điểm/nhận xét sai hình thức đánh giá của môn",
                "Scores and levels mixed up for the subject's form",
                "tt22-forms",
            ),
            _c(
                "attendance-over-limit",
                _F.ATTENDANCE,
                _W,
                "Nghỉ quá 45 buổi trong năm học",
                "More than 45 sessions missed in the year",
                "tt22-promotion",
            ),
            _c(
                "attendance-duplicate-semester",
                _F.ATTENDANCE,
                _E,
                "Chuyên cần nhập hai lần cho một học kì",
                "Attendance entered twice for a semester",
                "tt22-promotion",
            ),
            _c(
                "year-end-training-missing",
                _F.YEAR_END,
                _E,
                "Thiếu kết quả rèn luyện/hạnh kiểm",
                "Training or conduct result missing",
                "tt22-year-end",
            ),
            _c(
                "year-end-results-incomplete",
                _F.YEAR_END,
                _E,
                "Chưa tính được kết quả cả năm",
                "Year results cannot be computed",
                "tt22-results",
            ),
            _c(
                "year-end-promotion-undecided",
                _F.YEAR_END,
                _W,
                "Chưa quyết định lên lớp",
                "Promotion not decided",
                "tt22-year-end",
            ),
            _c(
                "year-end-summer-pending",
                _F.YEAR_END,
                _I,
                "Chờ đánh giá lại / rèn luyện hè",
                "Summer re-assessment or training pending",
                "tt22-summer",
            ),
            _c(
                "year-end-reassessment-missing",
                _F.YEAR_END,
                _E,
                "Thiếu kết quả kiểm tra, đánh giá lại",
                "Re-assessment result missing",
                "tt22-summer",
            ),
            _c(
                "year-end-summer-training-missing",
                _F.YEAR_END,
                _E,
                "Thiếu kết quả rèn luyện hè",
                "Summer training result missing",
                "tt22-training",
            ),
            _c(
                "sync-after-deadline",
                _F.DEADLINES,
                _W,
                "Đồng bộ sau thời hạn",
                "Sync scheduled after its deadline",
                "1397",
            ),
        ]
    )
)
"""Every built-in finding code."""
