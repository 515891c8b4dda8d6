"""Grade-book workbook layout (Bố cục sổ theo dõi và đánh giá): sheet names, headers, text cells.

Pure data and string functions, no openpyxl: the writer and the reader share them, so a
header written is a header found.

Sheet names follow Excel's rules — at most 31 characters, none of ``\\ / ? * [ ] :``, not
starting or ending with an apostrophe, unique without regard to case:

>>> used: set[str] = set()
>>> sheet_name("Toán", "HK1", used), sheet_name("Toán", "HK1", used)
('Toán_HK1', 'Toán_HK1~2')
>>> long = sheet_name("Môn: Lịch sử [tự chọn] / địa phương của tỉnh", "HK2", used)
>>> long, len(long)
('Môn_ Lịch sử _tự chọn_ _ đị_HK2', 31)

Text that a spreadsheet would run as a formula is written with a leading apostrophe, and
read back without it (formula injection, OWASP "CSV injection"):

>>> escape_text("=HYPERLINK(\\"http://x\\")"), escape_text("Giỏi")
('\\'=HYPERLINK("http://x")', 'Giỏi')
>>> unescape_text(escape_text("'+1")) == "'+1"
True
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "FORMAT_ID",
    "FORMAT_VERSION",
    "META_SHEET",
    "SHORT_SUBJECT_NAMES",
    "escape_text",
    "sheet_name",
    "unescape_text",
]

FORMAT_ID: Final = "vnschool_records.gradebook"
"""Value of the ``format`` key on the meta sheet: marks a workbook this package wrote."""

FORMAT_VERSION: Final = 1
"""Layout version on the meta sheet; the reader refuses versions it does not know."""

META_SHEET: Final = "_meta"
STUDENTS_SHEET: Final = "Học sinh"
TRAINING_SHEET: Final = "Rèn luyện"
EXEMPTIONS_SHEET: Final = "Miễn học"
SUMMARY_SHEETS: Final = {"HK1": "Tổng hợp HK1", "HK2": "Tổng hợp HK2", "CN": "Tổng hợp cả năm"}

HEADER_ROW: Final = 2
"""Row of the column headers on every data sheet; row 1 holds the sheet's title."""
FIRST_DATA_ROW: Final = 3

# Column headers (Vietnamese, as in the class book; TT22 Appendix, sổ theo dõi và đánh giá).
H_NO: Final = "STT"
H_ID: Final = "Mã học sinh"
H_NAME: Final = "Họ và tên"
H_DOB: Final = "Ngày sinh"
H_SEX: Final = "Giới tính"
H_PERSONAL_ID: Final = "Số định danh cá nhân"
H_BIRTHPLACE: Final = "Nơi sinh"
H_ETHNICITY: Final = "Dân tộc"
H_ADDRESS: Final = "Địa chỉ"
H_GUARDIAN: Final = "Cha mẹ hoặc người giám hộ"
H_IEP: Final = "Học theo kế hoạch giáo dục cá nhân (x)"
H_MIDTERM: Final = "ĐĐGgk"
H_FINAL: Final = "ĐĐGck"
H_REASSESS: Final = "Đánh giá lại"
H_COMMENT: Final = "Nhận xét"
H_LEVEL_MIDTERM: Final = "Giữa kì (Đ/CĐ)"
H_LEVEL_FINAL: Final = "Cuối kì (Đ/CĐ)"
H_SUBJECT: Final = "Môn học"
H_SEMESTERS: Final = "Học kì"
H_PART: Final = "Phần miễn"
H_DECISION: Final = "Số quyết định"
H_REASON: Final = "Lý do"
H_EXCUSED: Final = "Nghỉ có phép HK{n}"
H_UNEXCUSED: Final = "Nghỉ không phép HK{n}"
H_AFTER_SUMMER: Final = "{training} sau rèn luyện hè"

EXEMPTION_PARTS: Final = {"whole": "Toàn bộ", "practical": "Phần thực hành"}
SEMESTER_LABELS: Final = {1: "I", 2: "II"}


def regular_header(index: int) -> str:
    """``"ĐĐGtx1"`` … the n-th regular score column of a scored subject."""
    return f"ĐĐGtx{index}"


def regular_level_header(index: int) -> str:
    """``"TX1 (Đ/CĐ)"`` … the n-th regular level column of a comment subject."""
    return f"TX{index} (Đ/CĐ)"


def training_word(regulation: str) -> str:
    """``"KQRL"`` (TT22 Art. 8: kết quả rèn luyện) or ``"Hạnh kiểm"`` (TT58 Art. 3)."""
    return "Hạnh kiểm" if regulation == "TT58_2011" else "KQRL"


SHORT_SUBJECT_NAMES: Final[dict[str, str]] = {
    "toan": "Toán",
    "ngu_van": "Ngữ văn",
    "ngoai_ngu_1": "NN1",
    "ngoai_ngu": "Ngoại ngữ",
    "gdcd": "GDCD",
    "lich_su_dia_li": "LS&ĐL",
    "khtn": "KHTN",
    "cong_nghe": "Công nghệ",
    "tin_hoc": "Tin học",
    "gdtc": "GDTC",
    "nghe_thuat": "Nghệ thuật",
    "nd_gddp": "ND GDĐP",
    "hdtn_hn": "HĐTN-HN",
    "lich_su": "Lịch sử",
    "dia_li": "Địa lí",
    "gdqp_an": "GDQP&AN",
    "gd_ktpl": "GDKT&PL",
    "vat_li": "Vật lí",
    "hoa_hoc": "Hoá học",
    "sinh_hoc": "Sinh học",
    "am_nhac": "Âm nhạc",
    "mi_thuat": "Mĩ thuật",
    "the_duc": "Thể dục",
}
"""Abbreviations grade books print for subjects (templates: LS&ĐL, KHTN, HĐTN-HN, …)."""

_ILLEGAL_SHEET_CHARS = re.compile(r"[\\/?*\[\]:]")
_MAX_SHEET = 31


def sheet_name(label: str, suffix: str, used: set[str]) -> str:
    """A valid, unique sheet name ``"<label>_<suffix>"``; records it in ``used`` (casefolded)."""
    tail = f"_{suffix}" if suffix else ""
    base = _ILLEGAL_SHEET_CHARS.sub("_", label).strip().strip("'") or "Sheet"
    base = base[: _MAX_SHEET - len(tail)].rstrip()
    name = base + tail
    n = 2
    while name.casefold() in used:
        extra = f"~{n}"
        name = base[: _MAX_SHEET - len(tail) - len(extra)].rstrip() + tail + extra
        n += 1
    used.add(name.casefold())
    return name


_DANGEROUS_FIRST: Final = frozenset("=+-@\t\r")


def escape_text(text: str) -> str:
    """Text as written to a cell: a leading ``'`` when a spreadsheet could run it as a formula.

    Text already starting with apostrophes before such a character gets one more, so
    :func:`unescape_text` always gives back the original.
    """
    if text and text.lstrip("'")[:1] in _DANGEROUS_FIRST:
        return "'" + text
    return text


def unescape_text(text: str) -> str:
    """The original text of a cell written by :func:`escape_text`."""
    if text.startswith("'") and text.lstrip("'")[:1] in _DANGEROUS_FIRST:
        return text[1:]
    return text
