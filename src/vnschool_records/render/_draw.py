"""Drawing documents (Vẽ văn bản): views → PDF bytes with the bundled font.

Each ``draw_*`` function adds one logical document to an :class:`OfficialDocument` (so a
class's documents can share one PDF); each ``render_*`` function makes a one-document PDF.
Every renderer takes ``created_at`` so the same view always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from fpdf.enums import Align, XPos, YPos

from vnschool_records._text import nfc
from vnschool_records.models import SchoolLevel
from vnschool_records.render._check import EXTRACT_ATTACHMENT
from vnschool_records.render._format import canonical_json
from vnschool_records.render._layout import Margins
from vnschool_records.render._pdf import OfficialDocument
from vnschool_records.render._views import (
    CertificateView,
    ClassSummaryView,
    ExtractView,
    ExtractYear,
    TranscriptView,
)

__all__ = [
    "CERTIFICATE_SIZE_MM",
    "draw_certificate",
    "draw_class_summary",
    "draw_extract",
    "draw_transcript",
    "render_certificate",
    "render_class_summary",
    "render_extract",
    "render_transcript",
]

CERTIFICATE_SIZE_MM = (190.0, 135.0)
"""TT18/2020/TT-BGDĐT certificate: 19 cm × 13.5 cm, landscape."""

_BOX_CHOSEN, _BOX_EMPTY = "■", "□"


# ---------------------------------------------------------------------------- extract
def _year_tables(pdf: OfficialDocument, year: ExtractYear, *, comments: bool = True) -> None:
    w = pdf.content_width
    head = ["Môn học, hoạt động giáo dục", "Học kì I", "Học kì II", "Cả năm", "Đánh giá lại"]
    widths = [50.0, 15.0, 15.0, 15.0, 17.0]
    if comments:
        head.append("Nhận xét của giáo viên môn học")
        widths.append(w - sum(widths))
    else:
        widths[0] += w - sum(widths)
    rows: list[list[str]] = [head]
    for s in year.subjects:
        row = [s.name, s.semester1, s.semester2, s.year, s.reassessment]
        rows.append([*row, s.comment] if comments else row)
    bold: list[int] = []
    if year.overall_average is not None:
        o = year.overall_average
        bold.append(len(rows))
        row = [o.name, o.semester1, o.semester2, o.year, ""]
        rows.append([*row, ""] if comments else row)
    pdf.simple_table(
        rows,
        widths,
        size=10,
        align=["L", "C", "C", "C", "C", "L"][: len(widths)],
        bold_rows=bold,
        line_height=4.6,
    )
    pdf.ln(1)
    summary = [
        ["", "Học kì I", "Học kì II", "Cả năm", "Sau hè"],
        [year.training_label, *year.training, year.training_after_summer],
        [year.learning_label, *year.learning, year.learning_after_summer],
        ["Số buổi nghỉ học", *year.absences, ""],
    ]
    sw = [50.0, 29.0, 29.0, 29.0, w - 137.0]
    pdf.simple_table(summary, sw, size=10, align=["L", "C", "C", "C", "C"], line_height=4.6)


def _labelled(pdf: OfficialDocument, label: str, value: str, *, size: float = 12) -> None:
    pdf.check_text(label, value)
    h = size * 0.45
    if pdf.get_y() + h > pdf.page_break_trigger:
        pdf.add_page()
    x, y = pdf.get_x(), pdf.get_y()
    pdf.font(size, "B")
    head = f"{label}: "
    pdf.put(head, x, y, 0, h, Align.L)
    # the value starts where the label ends and wraps within the rest of the line
    pdf.set_xy(x + pdf.text_width(head), y)
    pdf.font(size)
    pdf.paragraph(nfc(value) or "…", h=h, align="J")
    pdf.set_x(pdf.l_margin)


def draw_extract(pdf: OfficialDocument, view: ExtractView) -> None:
    """Add one learning-record extract (one student, all years) to ``pdf``."""
    pdf.begin_document(f"Số: {view.verification.document_number}")
    pdf.header_block(view.header)
    pdf.title_block(view.title)
    pdf.reserve_sheet_note()
    pdf.ln(2)
    st = view.student
    _labelled(pdf, "Họ và tên", f"{st.full_name}    Giới tính: {st.sex}")
    _labelled(pdf, "Ngày sinh", f"{st.date_of_birth}    Nơi sinh: {st.place_of_birth or '…'}")
    _labelled(pdf, "Dân tộc", f"{st.ethnicity or '…'}    Mã học sinh: {st.student_id}")
    if st.personal_id:
        _labelled(pdf, "Số định danh cá nhân", st.personal_id)
    pdf.ln(2)
    for year in view.years:
        # keep a year together when it fits on one page: table rows, summary and lines
        needed = 5.5 * (len(year.subjects) + 2) + 30 + 30
        fresh_page = pdf.page_break_trigger - pdf.t_margin
        if pdf.get_y() + needed > pdf.page_break_trigger and needed < fresh_page:
            pdf.add_page()
        pdf.line_text(
            f"Năm học {year.school_year} — Lớp {year.class_name} — {year.school_name}",
            size=12.5,
            style="B",
            h=6,
        )
        _year_tables(pdf, year)
        _labelled(pdf, "Kết quả cuối năm", year.promotion, size=11.5)
        if year.completion_line:
            _labelled(pdf, "Hoàn thành chương trình", year.completion_line, size=11.5)
        if year.awards:
            _labelled(pdf, "Khen thưởng", year.awards, size=11.5)
        if year.homeroom_comment:
            _labelled(pdf, "Nhận xét của giáo viên chủ nhiệm", year.homeroom_comment, size=11.5)
        if year.homeroom_teacher:
            _labelled(pdf, "Giáo viên chủ nhiệm", year.homeroom_teacher, size=11.5)
        pdf.line_text(year.correction_line, size=10.5, style="I", h=5)
        pdf.ln(3)
    pdf.line_text(view.legend, size=10, style="I", h=4.6)
    pdf.ln(4)
    pdf.signature_area(view.signature, view.recipients)
    _verification_box(pdf, view)
    _embed_view(pdf, view)
    pdf.end_document()


def _embed_view(pdf: OfficialDocument, view: ExtractView) -> None:
    """Attach the view's canonical JSON, which ``check_content_hash`` re-hashes."""
    n = len(pdf.embedded_files) + 1
    pdf.embed_file(
        bytes=canonical_json(view.model_dump(mode="json")),
        basename=EXTRACT_ATTACHMENT.format(n=n),
        desc=f"Dữ liệu của văn bản {view.verification.document_number} (JSON chuẩn hoá)",
        creation_date=pdf.created_at,
        modification_date=pdf.created_at,
        mime_type="application/json",
        compress=True,
    )


def _verification_box(pdf: OfficialDocument, view: ExtractView) -> None:
    v = view.verification
    lines = [
        f"Số văn bản: {v.document_number}    Ngày cấp: {v.issued_on}",
        f"Mã kiểm tra nội dung (SHA-256): {v.content_hash}",
    ]
    if v.verify_at:
        lines.append(f"Tra cứu, đối chiếu tại: {v.verify_at}")
    h = 4.4 * len(lines) + 8
    if pdf.get_y() + h > pdf.page_break_trigger:
        pdf.add_page()
    y = pdf.get_y() + 2
    pdf.set_line_width(0.2)
    pdf.rect(pdf.l_margin, y, pdf.content_width, h - 2)
    pdf.set_xy(pdf.l_margin + 2, y + 1.5)
    pdf.font(9.5, "B")
    pdf.cell(0, 4.4, "XÁC THỰC VĂN BẢN", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for line in lines:
        pdf.set_x(pdf.l_margin + 2)
        pdf.font(9)
        pdf.cell(0, 4.4, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(y + h)


def render_extract(
    view: ExtractView,
    *,
    created_at: datetime,
    margins: Margins | None = None,
    duplex: bool = False,
) -> bytes:
    """The extract as a PDF (A4 portrait, Decree 30 margins)."""
    pdf = OfficialDocument(created_at=created_at, title=view.title, margins=margins, duplex=duplex)
    draw_extract(pdf, view)
    return pdf.finish()


# ---------------------------------------------------------------------------- học bạ
def draw_transcript(pdf: OfficialDocument, view: TranscriptView) -> None:
    """Add the two học bạ pages of one school year (results, then summary) to ``pdf``."""
    y = view.year
    pdf.begin_document(f"Học bạ {view.student_name} — {y.school_year}", seal_across=False)
    _transcript_results(pdf, view)
    pdf.add_page()
    _transcript_summary(pdf, view)
    pdf.end_document()


def _transcript_heading(pdf: OfficialDocument, view: TranscriptView, label: str) -> None:
    y = view.year
    pdf.line_text(
        f"{label}: {view.student_name}    Lớp: {y.class_name}    Năm học: {y.school_year}",
        size=13,
        style="B",
        align="C",
        h=6,
    )
    pdf.ln(3)


def _transcript_results(pdf: OfficialDocument, view: TranscriptView) -> None:
    y = view.year
    w = pdf.content_width
    _transcript_heading(pdf, view, "Họ và tên")
    if view.era == "TT22":
        head = [
            "Môn học/ Hoạt động giáo dục",
            "Học kì I",
            "Học kì II",
            "Cả năm",
            "Điểm hoặc mức đánh giá lại (nếu có)",
            (
                "Nhận xét sự tiến bộ, ưu điểm nổi bật, hạn chế chủ yếu (nếu có) và chữ kí "
                "của giáo viên môn học"
            ),
        ]
        widths = [44.0, 15.0, 15.0, 15.0, 24.0]
    else:
        head = [
            "Môn học/ Hoạt động giáo dục",
            "ĐTB hoặc xếp loại H.kỳ I",
            "ĐTB hoặc xếp loại H.kỳ II",
            "ĐTB hoặc xếp loại CN",
            "Điểm hoặc xếp loại sau kiểm tra lại (nếu có)",
            "Giáo viên bộ môn (ký, ghi rõ họ tên)",
        ]
        widths = [44.0, 19.0, 19.0, 19.0, 26.0]
    widths.append(w - sum(widths))
    rows = [head]
    rows += [
        [s.name, s.semester1, s.semester2, s.year, s.reassessment, s.comment] for s in y.subjects
    ]
    bold: list[int] = []
    if y.overall_average is not None:
        o = y.overall_average
        bold.append(len(rows))
        rows.append([o.name, o.semester1, o.semester2, o.year, "", ""])
    pdf.simple_table(rows, widths, size=10.5, align=["L", "C", "C", "C", "C", "L"], bold_rows=bold)
    pdf.line_text(y.correction_line, size=11, style="I", h=5)
    pdf.ln(3)
    _two_signatures(
        pdf,
        ("Xác nhận của giáo viên chủ nhiệm", view.homeroom.note or "", y.homeroom_teacher),
        ("Xác nhận của Hiệu trưởng", view.principal.note or "", view.principal.name or ""),
    )


def _two_signatures(
    pdf: OfficialDocument, left: tuple[str, str, str], right: tuple[str, str, str]
) -> None:
    if pdf.get_y() + 42 > pdf.page_break_trigger:
        pdf.add_page()
    top = pdf.get_y()
    half = pdf.content_width / 2
    bottoms = []
    for i, (title, note, name) in enumerate((left, right)):
        pdf.check_text(title, note, name)
        x = pdf.l_margin + i * half
        pdf.set_xy(x, top)
        pdf.font(12, "B")
        pdf.cell(half, 5.4, title, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
        if note:
            pdf.font(10.5, "I")
            pdf.cell(half, 4.6, note, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_xy(x, pdf.get_y() + 22)
        pdf.font(12, "B")
        pdf.cell(half, 5.4, name, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
        bottoms.append(pdf.get_y())
    pdf.set_xy(pdf.l_margin, max(bottoms) + 2)


def _transcript_summary(pdf: OfficialDocument, view: TranscriptView) -> None:
    y = view.year
    w = pdf.content_width
    _transcript_heading(pdf, view, "Họ và tên học sinh")
    if view.era == "TT22":
        head = [
            "",
            "Kết quả rèn luyện",
            "Kết quả học tập",
            "Tổng số buổi nghỉ học",
            "Kết quả rèn luyện sau rèn luyện trong hè",
            "Kết quả học tập sau đánh giá lại",
        ]
    else:
        head = [
            "Học kỳ",
            "Hạnh kiểm",
            "Học lực",
            "Tổng số buổi nghỉ học",
            "Hạnh kiểm sau rèn luyện thêm trong hè",
            "Học lực sau kiểm tra lại",
        ]
    widths = [24.0, 26.0, 26.0, 30.0]
    rest = (w - sum(widths)) / 2
    widths += [rest, rest]
    labels = ("Học kì I", "Học kì II", "Cả năm")
    rows = [head]
    for i, label in enumerate(labels):
        after = (y.training_after_summer, y.learning_after_summer) if i == 2 else ("", "")
        rows.append([label, y.training[i], y.learning[i], y.absences[i], *after])
    pdf.simple_table(rows, widths, size=10.5, align=["L", "C", "C", "C", "C", "C"])
    pdf.ln(1)
    for text, chosen in view.promotion_choices:
        pdf.line_text(f"{_BOX_CHOSEN if chosen else _BOX_EMPTY} {text}", size=12, h=5.6)
    if y.final_grade:
        programme = "trung học cơ sở" if view.level is SchoolLevel.THCS else "trung học phổ thông"
        _labelled(
            pdf,
            f"Hoàn thành hay không hoàn thành chương trình {programme}",
            y.completion_line,
        )
    _labelled(pdf, "Chứng chỉ (nếu có)", view.certificates)
    _labelled(pdf, "Kết quả tham gia các cuộc thi (nếu có)", view.competitions)
    _labelled(pdf, "Khen thưởng (nếu có)", y.awards)
    pdf.ln(2)
    pdf.line_text("NHẬN XÉT CỦA GIÁO VIÊN CHỦ NHIỆM", size=12.5, style="B", align="C", h=6)
    pdf.line_text(y.homeroom_comment or "…", size=12, h=5.6)
    pdf.ln(2)
    half = pdf.content_width / 2
    top = pdf.get_y()
    if top + 70 > pdf.page_break_trigger:
        pdf.add_page()
        top = pdf.get_y()
    bottom_left = pdf.signature_block(view.homeroom, pdf.l_margin, top + 5.5, half, space=20)
    pdf.set_xy(pdf.l_margin + half, top)
    pdf.font(12, "I")
    pdf.check_text(view.principal_place_date)
    pdf.font(pdf.fitted_size(view.principal_place_date, half, 12, "I"), "I")
    pdf.cell(half, 5.5, view.principal_place_date, align=Align.C)
    heading = view.principal
    if view.era == "TT58":
        heading = heading.model_copy(update={"note": "(Phê duyệt, ký, ghi rõ họ tên và đóng dấu)"})
    bottom_right = pdf.signature_block(heading, pdf.l_margin + half, top + 5.5, half, space=24)
    pdf.set_xy(pdf.l_margin, max(bottom_left, bottom_right) + 2)


def render_transcript(
    views: TranscriptView | Sequence[TranscriptView],
    *,
    created_at: datetime,
    margins: Margins | None = None,
) -> bytes:
    """Học bạ pages (two per school year) as a PDF; several years go into one file."""
    items = [views] if isinstance(views, TranscriptView) else list(views)
    title = "Học bạ"
    if items:
        title = f"Học bạ — {items[0].student_name}"
    pdf = OfficialDocument(created_at=created_at, title=title, margins=margins)
    for v in items:
        draw_transcript(pdf, v)
    return pdf.finish()


# ---------------------------------------------------------------------------- certificate
def draw_certificate(pdf: OfficialDocument, view: CertificateView) -> None:
    """Add one certificate page (19 × 13.5 cm) to ``pdf``."""
    pdf.begin_document(view.title_lines[-1].capitalize(), seal_across=False, footer=False)
    # the pre-printed yellow border of the TT18 form, drawn thinly so prints stay aligned
    pdf.set_draw_color(176, 141, 38)
    pdf.set_line_width(0.8)
    pdf.rect(5, 5, pdf.w - 10, pdf.h - 10)
    pdf.set_line_width(0.25)
    pdf.rect(7, 7, pdf.w - 14, pdf.h - 14)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(11)
    pdf.line_text(view.country, size=11.5, style="B", align="C", h=5)
    pdf.line_text(view.motto, size=12, style="B", align="C", h=5.2)
    pdf.font(12, "B")
    mw = pdf.text_width(view.motto)
    yl = pdf.get_y() + 0.3
    pdf.set_line_width(0.3)
    pdf.line((pdf.w - mw) / 2, yl, (pdf.w + mw) / 2, yl)
    pdf.ln(4)
    pdf.line_text(view.title_lines[0], size=15, style="B", align="C", h=6.5)
    for line in view.title_lines[1:]:
        pdf.line_text(line, size=12.5, style="B", align="C", h=5.8)
    pdf.ln(3)
    x0 = pdf.l_margin
    right = pdf.w - pdf.r_margin

    def field(label: str, value: str, *, x: float = x0, end: float = right) -> None:
        pdf.check_text(label, value)
        pdf.set_x(x)
        pdf.font(12)
        lw = pdf.text_width(label + " ")
        pdf.cell(lw, 6.2, label + " ")
        pdf.font(12.5, "B")
        vw = end - x - lw
        size = pdf.fitted_size(value or "", vw, 12.5, "B")
        pdf.font(size, "B")
        pdf.cell(vw, 6.2, value)

    field("Họ và tên:", view.full_name)
    pdf.ln(6.2)
    field("Ngày, tháng, năm sinh:", view.date_of_birth)
    pdf.ln(6.2)
    field("Nơi sinh:", view.place_of_birth)
    pdf.ln(6.2)
    mid = x0 + (right - x0) / 2
    field("Giới tính:", view.sex, end=mid)
    field("Dân tộc:", view.ethnicity, x=mid)
    pdf.ln(6.2)
    field(view.completion_line, view.completion_year)
    pdf.ln(6.2)
    field("tại", view.school_name)
    pdf.ln(9)
    col = (right - x0) * 0.55
    sx = right - col
    top = pdf.get_y()
    pdf.set_xy(sx, top)
    line = f"{view.place}, {view.issue_date}"
    pdf.check_text(line)
    pdf.font(pdf.fitted_size(line, col, 12, "I"), "I")
    pdf.cell(col, 5.5, line, align=Align.C)
    pdf.signature_block(view.signature, sx, top + 6, col, space=16)
    if view.register_number:
        pdf.set_xy(x0, pdf.h - 17)
        pdf.font(10)
        pdf.cell(col, 5, f"Số vào sổ cấp giấy chứng nhận: {view.register_number}")
    pdf.set_xy(x0, 8.2)
    pdf.font(7, "I")
    pdf.set_text_color(110, 110, 110)
    pdf.cell(0, 3, view.legal_basis, align=Align.R)
    pdf.set_text_color(0, 0, 0)
    pdf.end_document()


def render_certificate(view: CertificateView, *, created_at: datetime) -> bytes:
    """The certificate as a one-page PDF of 19 × 13.5 cm, landscape."""
    w, h = CERTIFICATE_SIZE_MM
    pdf = OfficialDocument(
        created_at=created_at,
        title=" ".join(view.title_lines),
        margins=Margins(top=10, bottom=8, left=18, right=14),
        orientation="L",
        page_format=(h, w),
    )
    pdf.set_auto_page_break(False)
    draw_certificate(pdf, view)
    return pdf.finish()


# ---------------------------------------------------------------------------- class summary
def draw_class_summary(pdf: OfficialDocument, view: ClassSummaryView) -> None:
    """Add one class summary sheet to ``pdf`` (meant for A4 landscape)."""
    pdf.begin_document(view.title.capitalize(), seal_across=False)
    pdf.header_block(view.header, agency_width=95)
    pdf.title_block(view.title)
    pdf.line_text(view.class_line, size=12, align="C", h=5.5)
    pdf.ln(2)
    w = pdf.content_width
    year = any(r.outcome for r in view.rows)
    fixed = [8.0, 38.0, 17.0]
    tail = [12.5, 12.5, 9.0] + ([33.0] if year else [])
    n = max(len(view.columns), 1)
    sub_w = (w - sum(fixed) - sum(tail)) / n
    widths = fixed + [sub_w] * len(view.columns) + tail
    head = [
        "STT",
        "Họ và tên",
        "Ngày sinh",
        *view.columns,
        view.learning_label,
        view.training_label,
        "Nghỉ",
    ]
    if year:
        head.append("Kết quả, khen thưởng")
    rows = [head]
    for r in view.rows:
        row = [
            str(r.number),
            r.full_name,
            r.date_of_birth,
            *r.values,
            r.learning,
            r.training,
            r.absences,
        ]
        if year:
            row.append(r.outcome)
        rows.append(row)
    align = ["C", "L", "C", *(["C"] * len(view.columns)), "C", "C", "C"] + (["L"] if year else [])
    pdf.simple_table(rows, widths, size=8.5, align=align, line_height=4.0)
    pdf.ln(1)
    pdf.line_text("TỔNG HỢP CHUNG", size=11, style="B", h=5)
    text = "; ".join(f"{label}: {value}" for label, value in view.counts)
    pdf.line_text(text + ".", size=10.5, h=5)
    pdf.ln(2)
    if pdf.get_y() + 45 > pdf.page_break_trigger:
        pdf.add_page()
    top = pdf.get_y()
    half = pdf.content_width / 2
    b1 = pdf.signature_block(view.homeroom, pdf.l_margin, top + 6, half, space=20)
    pdf.set_xy(pdf.l_margin + half, top)
    pdf.font(12, "I")
    pdf.cell(half, 5.5, view.header.place_date, align=Align.C)
    b2 = pdf.signature_block(view.principal, pdf.l_margin + half, top + 6, half, space=22)
    pdf.set_xy(pdf.l_margin, max(b1, b2))
    pdf.end_document()


def render_class_summary(
    view: ClassSummaryView, *, created_at: datetime, margins: Margins | None = None
) -> bytes:
    """The class summary sheet as a PDF, A4 landscape."""
    m = margins or Margins(top=15, bottom=15, left=20, right=15)
    pdf = OfficialDocument(created_at=created_at, title=view.title, margins=m, orientation="L")
    draw_class_summary(pdf, view)
    return pdf.finish()
