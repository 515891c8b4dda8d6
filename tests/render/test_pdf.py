"""Drawn PDFs: golden files, reproducibility, font coverage, NFC text, seal across sheets.

Re-bless the golden files after an intended layout change with
``VNSCHOOL_REGEN_GOLDEN=1 pytest tests/render`` and look at the new PDFs before committing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fontTools.ttLib import TTFont
from fpdf.enums import Align

from vnschool_records.errors import RenderError
from vnschool_records.render import (
    OfficialDocument,
    build_certificate_view,
    build_class_summary_view,
    build_extract_view,
    build_transcript_view,
    render_certificate,
    render_class_summary,
    render_extract,
    render_transcript,
)
from vnschool_records.render._fonts import FONT_FILES, font_bytes
from vnschool_records.render._pdf import HEADER_MIN_SCALE

if TYPE_CHECKING:
    from conftest import DemoData
    from vnschool_records.render import ExtractYearInput

GOLDEN = Path(__file__).parent / "golden"
CREATED = datetime(2025, 9, 5, 8, 0, tzinfo=UTC)
REGEN = os.environ.get("VNSCHOOL_REGEN_GOLDEN") == "1"
PDFTOTEXT = shutil.which("pdftotext")


def _extract(data: DemoData, tt58: ExtractYearInput) -> bytes:
    view = build_extract_view(data.school, data.history(3), number=5, issued_on=date(2025, 9, 5))
    return render_extract(view, created_at=CREATED)


def _transcript(data: DemoData, tt58: ExtractYearInput) -> bytes:
    views = [
        build_transcript_view(data.school, y, signed_on=date(2022 + i, 5, 25))
        for i, y in enumerate(data.history(3, years=2))
    ]
    return render_transcript(views, created_at=CREATED)


def _transcript_tt58(data: DemoData, tt58: ExtractYearInput) -> bytes:
    view = build_transcript_view(data.old_school, tt58, signed_on=date(2020, 5, 25))
    return render_transcript(view, created_at=CREATED)


def _certificate(data: DemoData, tt58: ExtractYearInput) -> bytes:
    student = data.history(3, years=1)[0].record.student
    view = build_certificate_view(
        data.school,
        student,
        issued_on=date(2025, 6, 30),
        completion_year=2025,
        register_number="12/GCN",
    )
    return render_certificate(view, created_at=CREATED)


def _summary(data: DemoData, tt58: ExtractYearInput) -> bytes:
    entries = data.class_entries("9A1")
    view = build_class_summary_view(
        data.school, entries[0][0].class_group, entries, issued_on=date(2025, 5, 30)
    )
    return render_class_summary(view, created_at=CREATED)


DOCUMENTS = {
    "extract": _extract,
    "transcript_tt22": _transcript,
    "transcript_tt58": _transcript_tt58,
    "certificate_tt18": _certificate,
    "class_summary": _summary,
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_golden_file(name: str, data: DemoData, tt58: ExtractYearInput) -> None:
    pdf = DOCUMENTS[name](data, tt58)
    path = GOLDEN / f"{name}.pdf"
    if REGEN or not path.exists():
        if not REGEN:
            pytest.fail(f"golden file {path.name} is missing; run with VNSCHOOL_REGEN_GOLDEN=1")
        path.write_bytes(pdf)
    assert pdf == path.read_bytes(), (
        f"{name} differs from its golden file; if the change is intended, re-bless with "
        "VNSCHOOL_REGEN_GOLDEN=1 and look at the PDF"
    )


def test_same_view_same_bytes(data: DemoData, tt58: ExtractYearInput) -> None:
    assert _certificate(data, tt58) == _certificate(data, tt58)


def test_certificate_page_is_19_by_13_5_cm(data: DemoData, tt58: ExtractYearInput) -> None:
    pdf = _certificate(data, tt58)
    box = re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert box is not None
    w_mm, h_mm = (float(v) * 25.4 / 72 for v in box.groups())
    assert (round(w_mm, 1), round(h_mm, 1)) == (190.0, 135.0)


def test_fonts_are_embedded_subsets(data: DemoData, tt58: ExtractYearInput) -> None:
    pdf = _extract(data, tt58)
    names = re.findall(rb"/BaseFont /([A-Z]{6})\+(\S+)", pdf)
    assert names, "no subset font"
    fonts = {n[1] for n in names}
    assert len(fonts) >= 3  # regular, bold, italic at least
    assert all(f.startswith(b"LiberationSerif") for f in fonts)
    assert b"/FontFile2" in pdf
    assert len(pdf) < 400_000


# -- glyph coverage ------------------------------------------------------------------------

NAMES = """
Nguyễn Thị Thuỷ Ánh; Trần Văn Đức; Lê Thị Ngọc Diệp; Phạm Quỳnh Anh; Hoàng Minh Tuấn; Huỳnh Thị Mỹ
Duyên; Võ Thành Lợi; Đặng Thị Hồng Nhung; Bùi Quốc Việt; Đỗ Thị Thu Hằng; Hồ Ngọc Hân; Ngô Bảo Châu;
Dương Thị Bích Ngọc; Lý Thường Kiệt; Phan Bội Châu; Vũ Trọng Phụng; Đoàn Thị Điểm; Trịnh Công Sơn;
Đinh Bộ Lĩnh; Lương Thế Vinh; Mạc Đĩnh Chi; Chu Văn An; Tô Hoài; Cao Bá Quát; Hà Huy Tập; Tạ Quang
Bửu; Kiều Thị Thanh Thuý; Triệu Thị Trinh; Lưu Hữu Phước; Âu Cơ; Ông Ích Khiêm; Ưng Hoàng Phúc;
Khổng Tú Quỳnh; Nông Văn Dền; Lò Văn Giàng; Mùa A Dính; Hứa Vĩ Văn; Thái Thị Ẩn; Quách Tĩnh; La Văn
Cầu; Giang Văn Minh; Ninh Dương Lan Ngọc; Doãn Quốc Đam; Đàm Vĩnh Hưng; Tăng Thanh Hà; Lục Vân Tiên;
Thân Thúy Hà; Văn Thị Ỷ Lan; Mai Phương Thuý; Nghiêm Xuân Yêm; Yên Thị Ỹ; Ngọ Văn Nhữ; Điêu Chính
Tơi; Sầm Văn Ửng; Hầu A Lềnh; Vi Thị Đông; Bế Văn Đàn; Hoàng Thị Loan; Lã Vọng; Khúc Thừa Dụ; Phùng
Hưng; Kim Đồng; Lê Hoàn; Nguyễn Trãi; Trần Hưng Đạo; Ngô Quyền; Lý Công Uẩn; Trần Nhân Tông; Hồ Quý
Ly; Nguyễn Huệ; Nguyễn Ánh; Lê Lợi; Hàn Mặc Tử; Xuân Diệu; Huy Cận; Tố Hữu; Chế Lan Viên; Nguyễn
Khuyến; Hồ Xuân Hương; Bà Huyện Thanh Quan; Nguyễn Đình Chiểu; Phạm Ngũ Lão; Yết Kiêu; Dã Tượng;
Nguyễn Thị Minh Khai; Võ Thị Sáu; Lê Thị Riêng; Nguyễn Văn Trỗi; Phạm Văn Đồng; Trường Chinh;
Lê Duẩn; Tôn Đức Thắng;
Nguyễn Lương Bằng; Huỳnh Tấn Phát; Nguyễn Hữu Thọ; Đặng Thùy Trâm; Nguyễn Ngọc Ký;
Lê Quý Đôn; Phan Huy Chú; Ngô Sĩ Liên; Nguyễn Bỉnh Khiêm; Trạng Quỳnh; Đoàn Thị Ngọc Hoà
"""
CORPUS = [n.strip().replace("\n", " ") for n in " ".join(NAMES.split("\n")).split(";")]

LABELS = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ", "Độc lập - Tự do - Hạnh phúc", "Nơi nhận:",
    "KT. Q. TL. TUQ. TM. HIỆU TRƯỞNG PHÓ HIỆU TRƯỞNG", "(Ký, ghi rõ họ tên và đóng dấu)",
    "HỒ SƠ XÁC NHẬN QUÁ TRÌNH, KẾT QUẢ HỌC TẬP", "(Văn bản này gồm 12 tờ)", "Giáp lai 3/3",
    "Trang 1 / 12 — Tờ 1 / 12", "XÁC THỰC VĂN BẢN", "Mã kiểm tra nội dung (SHA-256):",
    "Nhận xét sự tiến bộ, ưu điểm nổi bật, hạn chế chủ yếu (nếu có) và chữ kí",
    "Điểm hoặc mức đánh giá lại (nếu có)", "■ □", "Được lên lớp sau khi kiểm tra, đánh giá lại",
    "GIẤY CHỨNG NHẬN HOÀN THÀNH CHƯƠNG TRÌNH GIÁO DỤC PHỔ THÔNG", "LS&ĐL KT&PL QP-AN ĐTB các môn",
    "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CẢ NĂM HỌC", "Sĩ số: 45 — 100,0%", "Hạnh kiểm Học lực Yếu Kém",
]  # fmt: skip


def _view_strings(data: DemoData) -> list[str]:
    """Every string of every demo view, recursively."""
    school = data.school
    hist = data.history(3)
    views = [
        build_extract_view(school, hist, number=1, issued_on=date(2025, 1, 1)),
        build_transcript_view(school, hist[3], signed_on=date(2025, 1, 1)),
        build_certificate_view(
            school, hist[0].record.student, issued_on=date(2025, 1, 1), completion_year=2025
        ),
    ]
    out: list[str] = []

    def walk(v: object) -> None:
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list | tuple):
            for x in v:
                walk(x)

    for v in views:
        walk(v.model_dump(mode="json"))
    return out


@pytest.mark.parametrize("style", sorted(FONT_FILES))
def test_every_label_and_name_has_a_glyph_in_the_bundled_font(style: str, data: DemoData) -> None:
    import io

    cmap = TTFont(io.BytesIO(font_bytes(style)), lazy=True).getBestCmap()
    assert len(CORPUS) >= 100
    texts = LABELS + CORPUS + _view_strings(data)
    missing = {ch for t in texts for ch in unicodedata.normalize("NFC", t) if ord(ch) not in cmap}
    assert not missing, f"{FONT_FILES[style]} lacks {sorted(missing)}"
    # and all 134 precomposed Vietnamese letters plus đ/Đ
    letters = {chr(c) for c in range(0x1EA0, 0x1EFA)} | set("àáảãạăằắẳẵặâầấẩẫậđĐ")
    assert all(ord(ch) in cmap for ch in letters)


def test_text_the_font_cannot_draw_is_a_render_error() -> None:
    pdf = OfficialDocument(created_at=CREATED, title="x")
    pdf.begin_document("x")
    with pytest.raises(RenderError, match="U\\+5B57"):
        pdf.line_text("Nguyễn 字")


# -- text extraction: NFC in, NFC out ------------------------------------------------------


def _pdftotext(data: bytes, tmp_path: Path, first: int = 1, last: int = 0) -> str:
    assert PDFTOTEXT is not None
    src = tmp_path / "in.pdf"
    src.write_bytes(data)
    args = [PDFTOTEXT, "-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return subprocess.run([*args, str(src), "-"], capture_output=True, check=True).stdout.decode(
        "utf-8"
    )


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils (pdftotext) not installed")
def test_nfd_and_legacy_input_render_as_nfc_text(tmp_path: Path, data: DemoData) -> None:
    import dataclasses

    from vnschool_records.models import Student

    years = data.history(8, years=1)
    rec = years[0].record
    nfd_name = unicodedata.normalize("NFD", "Nguyễn Thị Thuỷ Ánh")
    legacy_comment = unicodedata.normalize("NFD", "Học tốt; Ưu tiên: Đạt")
    student = Student.model_validate({**rec.student.model_dump(), "full_name": nfd_name})
    years[0] = dataclasses.replace(
        years[0],
        record=rec.model_copy(update={"student": student}),
        homeroom_comment=legacy_comment,
    )
    view = build_extract_view(data.school, years, number=1, issued_on=date(2022, 6, 1))
    text = _pdftotext(render_extract(view, created_at=CREATED), tmp_path)
    assert "Nguyễn Thị Thuỷ Ánh" in text
    assert "Học tốt; Ưu tiên: Đạt" in text
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils (pdftotext) not installed")
def test_seal_across_sheets_every_five_sheets_and_page_numbers(tmp_path: Path) -> None:
    pdf = OfficialDocument(created_at=CREATED, title="Dài")
    pdf.begin_document("Số: 09/XN-THCS")
    pdf.reserve_sheet_note()
    for _ in range(11):
        pdf.add_page()
    pdf.end_document()
    data = pdf.finish()
    pages = [_pdftotext(data, tmp_path, i, i) for i in range(1, 13)]
    assert "(Văn bản này gồm 12 tờ)" in pages[0]
    assert "Trang 1 / 12" in pages[0]
    assert "Trang 12 / 12" in pages[11]
    marks = [re.search(r"Giáp lai (\d)/(\d)", p) for p in pages]
    groups = [m.groups() if m else None for m in marks]
    assert groups == [("1", "3")] * 5 + [("2", "3")] * 5 + [("3", "3")] * 2
    # Decree 30: the first page carries no page number; the others carry theirs at the top
    assert not re.search(r"^\s*1\s*$", pages[0], re.MULTILINE)
    assert re.search(r"^\s*2\s*$", pages[1], re.MULTILINE)
    assert re.search(r"^\s*12\s*$", pages[11], re.MULTILINE)


def test_duplex_counts_sheets_not_pages() -> None:
    pdf = OfficialDocument(created_at=CREATED, title="x", duplex=True)
    assert pdf.sheets_of(12) == 6
    assert pdf.sheets_of(11) == 6


def test_tables_break_before_the_bottom_margin_where_the_footer_goes() -> None:
    breaks: list[float] = []

    class Recording(OfficialDocument):
        def add_page(self, *args: object, **kwargs: object) -> None:
            if self.page:
                breaks.append(self.get_y())
            super().add_page(*args, **kwargs)  # type: ignore[arg-type]

    pdf = Recording(created_at=CREATED, title="x")
    pdf.begin_document("x")
    rows = [["Môn", "Điểm"]] + [[f"Học sinh {i}", "8,5"] for i in range(120)]
    pdf.simple_table(rows, [100.0, 30.0])
    pdf.end_document()
    assert len(breaks) >= 2
    # the table leaves the bottom margin (footer, seal marks) free on every page
    assert all(y <= pdf.page_break_trigger for y in breaks)
    assert pdf.page_break_trigger == pytest.approx(pdf.h - pdf.margins_mm.bottom - 6)


class _Placing(OfficialDocument):
    """Records every line a table places: (text, font size, room in its cell)."""

    placed: list[tuple[str, float, float, float]]

    def put(self, text: str, x: float, y: float, w: float, h: float, align: Align) -> None:
        self.placed.append((text, self.font_size_pt, self.text_width(text), w - 2 * self.c_margin))
        super().put(text, x, y, w, h, align)


def _table_with_header(share: float) -> list[tuple[str, float, float, float]]:
    """A class-summary-like table whose "KT&PL" column is ``share`` of that word's width."""
    pdf = _Placing(created_at=CREATED, title="x", orientation="L")
    pdf.placed = []
    pdf.begin_document("x")
    pdf.font(8.5, "B")
    narrow = pdf.text_width("KT&PL") * share + 2 * pdf.c_margin
    rows = [["STT", "Họ và tên", "KT&PL", "Toán"], ["1", "Trần Đức An", "8,5", "7,0"]]
    pdf.simple_table(rows, [8.0, 38.0, narrow, narrow], size=8.5, line_height=4.0)
    pdf.end_document()
    return pdf.placed


def test_a_header_word_wider_than_its_column_is_set_smaller_not_cut() -> None:
    placed = _table_with_header(0.9)
    sizes = {text: size for text, size, _, _ in placed}
    assert "KT&PL" in sizes, "the abbreviation was cut between its letters"
    assert 8.5 * HEADER_MIN_SCALE <= sizes["KT&PL"] < 8.5
    # the other cells keep the table's size, and every line fits its cell
    assert {sizes[t] for t in ("STT", "Họ và tên", "Toán", "Trần Đức An", "8,5")} == {8.5}
    assert all(width <= room + 1e-6 for _, _, width, room in placed)


def test_a_header_word_far_too_wide_is_cut_at_the_smallest_size() -> None:
    placed = _table_with_header(0.5)
    pieces = [(t, size) for t, size, _, _ in placed if t not in ("STT", "Họ và", "tên", "Toán")]
    header = [t for t, size in pieces if size < 8.5]
    assert "".join(header) == "KT&PL"
    assert len(header) > 1
    assert {size for t, size in pieces if size < 8.5} == {8.5 * HEADER_MIN_SCALE}
    assert all(width <= room + 1e-6 for _, _, width, room in placed)
