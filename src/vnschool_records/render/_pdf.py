"""Decree 30 page layer (Lớp trình bày văn bản): the FPDF subclass every document is drawn on.

Implements the presentation rules of Nghị định 30/2020/NĐ-CP, Appendix I, Part I: A4
portrait with margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm; the national
motto block (ô 1) and agency block (ô 2), each with its rule; number and symbol (ô 3);
place and date (ô 4, italic); title (ô 5); signature block (ô 7) with the seal area (ô 8);
recipients (ô 9, "Nơi nhận:" bold italic 12, list 11); page numbers from the second page,
centred in the top margin. One PDF may hold several logical documents ("sections", e.g.
one extract per student of a class); numbering and the seal across sheets (dấu giáp lai,
Art. 33 cl. 1 đ: the middle of the right edge, at most five sheets per impression) restart
for each section, and every page carries "Trang x / y" so sheets cannot be re-ordered
unnoticed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from vnschool_records._text import nfc
from vnschool_records.errors import RenderError
from vnschool_records.render._fonts import (
    FAMILY,
    BundledFont,
    BundledProducer,
    install_fallback,
    install_fonts,
    missing_characters,
    outside_repertoire,
)
from vnschool_records.render._layout import Margins, SignatureBlock
from vnschool_records.render._views import DocumentHeader

__all__ = ["SEAL_GROUP_SHEETS", "OfficialDocument"]

_WIDTHS: dict[tuple[str, str], int | None] = {}
_WIDTHS_MAX = 200_000


def _plain_units(font: object, text: str) -> int | None:
    """Width of ``text`` in 1/1000 em in ``font``, or None when the font lacks a character.

    Cached per process by font key and text: a school's documents repeat the same labels,
    scores and names thousands of times. The bundled fonts' clones share one width table.
    """
    if not isinstance(font, BundledFont):
        return None
    key = (font.fontkey, text)
    try:
        return _WIDTHS[key]
    except KeyError:
        pass
    cmap, cw = font.cmap, font.cw
    units: int | None = None
    if all(ord(c) in cmap for c in text):
        units = int(sum(cw[ord(c)] for c in text))
    if len(_WIDTHS) >= _WIDTHS_MAX:
        _WIDTHS.clear()
    _WIDTHS[key] = units
    return units


SEAL_GROUP_SHEETS = 5
"""Sheets covered by one seal across sheets (Nghị định 30/2020/NĐ-CP, Điều 33, khoản 1, điểm đ)."""

HEADER_MIN_SCALE = 0.75
"""The smallest a table header is set to fit a word in its column, as a share of the
table's size (8.5 pt → 6.4 pt): below it the word is cut between letters after all."""

_Laid = tuple[list[list[str]], list[float], float, str]
"""A table row laid out: its cells' lines, their font sizes, its height and style."""

_GREY = (110, 110, 110)
_BLACK = (0, 0, 0)


_PLACE_WORDS = (
    "TỈNH ",
    "THÀNH PHỐ ",
    "QUẬN ",
    "HUYỆN ",
    "THỊ XÃ ",
    "XÃ ",
    "PHƯỜNG ",
    "THỊ TRẤN ",
    "ĐẶC KHU ",
)
"""Words that begin the name of a place in an agency line (provincial, district and
commune-level units before and after the 2025 reform)."""


@dataclass
class _Section:
    label: str
    first_page: int
    last_page: int = 0
    sheet_note: tuple[int, float, float, float] | None = None
    seal_across: bool = True
    footer: bool = True
    extra: dict[str, str] = field(default_factory=dict)


class OfficialDocument(FPDF):
    """An fpdf2 document with the bundled font and the Decree 30 drawing helpers."""

    def __init__(
        self,
        *,
        created_at: datetime,
        title: str,
        margins: Margins | None = None,
        orientation: str = "P",
        page_format: str | tuple[float, float] = "A4",
        duplex: bool = False,
    ) -> None:
        super().__init__(orientation=orientation, unit="mm", format=page_format)
        install_fonts(self)
        m = margins or Margins()
        self.margins_mm = m
        self.set_margins(m.left, m.top, m.right)
        self.set_auto_page_break(True, m.bottom + 6)
        self.set_creation_date(created_at)
        self.created_at = created_at
        self.set_title(nfc(title))
        self.set_creator("vnschool_records")
        self.set_lang("vi")
        self.duplex = duplex
        self.sections: list[_Section] = []
        self.font(13)

    # ------------------------------------------------------------------ text helpers
    def font(self, size: float, style: str = "") -> None:
        """Select the bundled serif at ``size`` pt in ``style`` (``""``, B, I, BI)."""
        self.set_font(FAMILY, style, size)

    def check_text(self, *texts: str) -> None:
        """Refuse text the bundled font cannot draw, naming the characters.

        Text the per-process working copy lacks but the full font has (a Cyrillic or
        Greek name) switches the full font on as this document's fallback.
        """
        if not outside_repertoire(texts):
            return
        missing = missing_characters(texts)
        if missing:
            chars = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in sorted(missing))
            raise RenderError(f"the bundled font has no glyph for {chars}")
        install_fallback(self)

    def line_text(
        self,
        text: str,
        *,
        size: float = 13,
        style: str = "",
        align: str = "L",
        w: float = 0,
        h: float | None = None,
        x: float | None = None,
    ) -> None:
        """One wrapped paragraph at the current position, then move to the next line."""
        self.check_text(text)
        self.font(size, style)
        if x is not None:
            self.set_x(x)
        self.paragraph(nfc(text), w=w, h=h if h is not None else size * 0.45, align=align)
        self.set_x(self.l_margin)

    def paragraph(self, text: str, *, w: float = 0, h: float, align: str = "L") -> None:
        """Wrap ``text`` into a column from the current x (``w=0``: to the right margin).

        Replaces ``multi_cell`` for plain paragraphs: each line is measured once with the
        cached widths and placed with :meth:`put`; pages break between lines. ``"J"``
        justifies every line but the last of each paragraph, as ``multi_cell`` does.
        """
        x = self.get_x()
        width = w or (self.w - self.r_margin - x)
        a = Align.coerce(align)
        for line, last in self._lines(text, width - 2 * self.c_margin):
            if self.auto_page_break and self.get_y() + h > self.page_break_trigger:
                self.add_page()
            y = self.get_y()
            if a is Align.J and not last and " " in line:
                self._justified(line, x, y, width, h)
            else:
                self.put(line, x, y, width, h, Align.L if a is Align.J else a)
            self.set_xy(x, y + h)

    def _justified(self, line: str, x: float, y: float, w: float, h: float) -> None:
        words = line.split(" ")
        room = w - 2 * self.c_margin - sum(self.text_width(word) for word in words)
        gap = room / (len(words) - 1)
        at = x
        for word in words:
            self.put(word, at, y, 0, h, Align.L)
            at += self.text_width(word) + gap

    def text_width(self, text: str) -> float:
        """Width of ``text`` in the current font and size (mm), cached per font and text."""
        units = _plain_units(self.current_font, text)
        if units is None:
            return self.get_string_width(text)
        return units * self.font_size_pt * 0.001 / self.k

    def put(self, text: str, x: float, y: float, w: float, h: float, align: Align) -> None:
        """Place one line of ``text`` as ``cell(w, h, text, align=align)`` at (x, y) would.

        Text the working copy of the font covers goes straight to the page with
        ``FPDF.text`` (no line-breaking machinery); anything else takes ``cell``, which
        knows the fallback font. The current position is left unchanged.
        """
        if not text:
            return
        units = _plain_units(self.current_font, text)
        if units is None:
            self.set_xy(x, y)
            self.cell(w, h, text, align=align)
            return
        width = units * self.font_size_pt * 0.001 / self.k
        if align is Align.R:
            dx = w - self.c_margin - width
        elif align is Align.C:
            dx = (w - width) / 2
        else:
            dx = self.c_margin
        self.text(x + dx, y + 0.5 * h + 0.3 * self.font_size, text)

    def fitted_size(self, text: str, width: float, size: float, style: str) -> float:
        """The largest size ≤ ``size`` (down to 70 %) at which ``text`` fits ``width``."""
        s = size
        room = width - 2 * self.c_margin
        while s > size * 0.7:
            self.font(s, style)
            if self.text_width(text) <= room:
                return s
            s -= 0.5
        return s

    @property
    def content_width(self) -> float:
        """Width between the left and right margins."""
        return self.w - self.l_margin - self.r_margin

    # ------------------------------------------------------------------ sections
    def begin_document(self, label: str, *, seal_across: bool = True, footer: bool = True) -> None:
        """Begin a logical document on a new page.

        ``footer=False`` leaves out the "Trang x / y" line (pre-printed forms).
        """
        self.add_page()
        self.sections.append(
            _Section(label=label, first_page=self.page, seal_across=seal_across, footer=footer)
        )

    def end_document(self) -> None:
        """Close the current logical document."""
        if not self.sections:
            raise RenderError("end_document() without begin_document()")
        self.sections[-1].last_page = self.page

    def reserve_sheet_note(self, size: float = 11) -> None:
        """Leave a centred line on which :meth:`finish` writes "(Văn bản này gồm N tờ)"."""
        sec = self.sections[-1]
        h = size * 0.45
        sec.sheet_note = (self.page, self.get_y(), h, size)
        self.ln(h)

    def finish(self) -> bytes:
        """Number pages, mark the seal across sheets, write sheet counts; return the PDF."""
        last = self.page
        auto, margin = self.auto_page_break, self.b_margin
        self.set_auto_page_break(False)
        for sec in self.sections:
            if not sec.last_page:
                sec.last_page = last
            self._decorate(sec)
        self.page = last
        self.set_auto_page_break(auto, margin)
        return bytes(self.output(output_producer_class=BundledProducer))

    def sheets_of(self, pages: int) -> int:
        """Sheets (tờ) needed for ``pages`` pages, single- or double-sided."""
        return math.ceil(pages / 2) if self.duplex else pages

    def _decorate(self, sec: _Section) -> None:
        pages = sec.last_page - sec.first_page + 1
        sheets = self.sheets_of(pages)
        groups = math.ceil(sheets / SEAL_GROUP_SHEETS)
        if sec.sheet_note is not None:
            page, y, h, size = sec.sheet_note
            self.page = page
            self.set_xy(self.l_margin, y)
            self.font(size, "I")
            self.cell(self.content_width, h, f"(Văn bản này gồm {sheets} tờ)", align=Align.C)
        for i in range(pages):
            self.page = sec.first_page + i
            number = i + 1
            if number >= 2:  # Decree 30: numbered from 1, the first page not shown
                self.font(13)
                self.set_text_color(*_BLACK)
                self.set_xy(self.l_margin, self.margins_mm.top / 2 - 2.5)
                self.cell(self.content_width, 5, str(number), align=Align.C)
            sheet = (i // 2 + 1) if self.duplex else number
            if not sec.footer:
                continue
            self.font(8.5, "I")
            self.set_text_color(*_GREY)
            self.set_xy(self.l_margin, self.h - self.margins_mm.bottom / 2 - 2)
            footer = f"{sec.label} — Trang {number} / {pages} — Tờ {sheet} / {sheets}"
            self.cell(self.content_width, 4, footer, align=Align.R)
            front = (not self.duplex) or i % 2 == 0
            if sec.seal_across and front and sheets > 1:
                group = (sheet - 1) // SEAL_GROUP_SHEETS + 1
                self._seal_mark(group, groups)
            self.set_text_color(*_BLACK)

    def _seal_mark(self, group: int, groups: int) -> None:
        """Half circle on the middle of the right edge where the seal across sheets goes."""
        r = 11.0
        cx, cy = self.w, self.h / 2
        self.set_draw_color(*_GREY)
        self.set_line_width(0.2)
        with self.local_context(dash_pattern={"dash": 1.2, "gap": 1.0}):
            self.arc(cx - r, cy - r, 2 * r, 90, 270, b=None, style="D")
        self.set_draw_color(*_BLACK)
        self.font(6.5, "I")
        label = f"Giáp lai {group}/{groups}"
        with self.rotation(90, cx - 4.5, cy):
            self.set_xy(cx - 4.5 - 10, cy - 1.5)
            self.cell(20, 3, label, align=Align.C)

    # ------------------------------------------------------------------ Decree 30 blocks
    def header_block(self, header: DocumentHeader, *, agency_width: float = 72) -> None:
        """Agency block (ô 2) left, national motto (ô 1) right, number (ô 3), date (ô 4)."""
        self.check_text(
            *header.parent_agency_lines,
            header.issuing_agency,
            header.place_date,
            header.number_line or "",
        )
        left = self.l_margin
        right_x = left + agency_width
        right_w = self.w - self.r_margin - right_x
        top = self.get_y()

        # ô 2: parent agency (capitals, regular) and issuing agency (capitals, bold)
        self.set_xy(left, top)
        for line in header.parent_agency_lines:
            for part in self.agency_line_parts(line, agency_width, 12.5):
                self.font(self.fitted_size(part, agency_width, 12.5, ""))
                self.set_x(left)
                self.paragraph(part, w=agency_width, h=5.2, align="C")
        self.font(12.5, "B")
        self.set_x(left)
        self.paragraph(header.issuing_agency, w=agency_width, h=5.2, align="C")
        widest = max((self.text_width(s) for s in header.issuing_agency.split("\n")), default=0)
        rule = min(widest, agency_width) * 0.4
        y_rule = self.get_y() + 0.8
        self.set_line_width(0.3)
        self.line(
            left + (agency_width - rule) / 2, y_rule, left + (agency_width + rule) / 2, y_rule
        )
        agency_bottom = y_rule + 1.5

        # ô 1: national motto, bold, and its solid rule as long as the motto
        self.set_xy(right_x, top)
        size = self.fitted_size(header.country, right_w, 12.5, "B")
        self.font(size, "B")
        self.cell(right_w, 5.2, header.country, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.font(13.5, "B")
        self.set_x(right_x)
        self.cell(right_w, 5.8, header.motto, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
        motto_w = self.text_width(header.motto)
        y_motto_rule = self.get_y() + 0.3
        self.line(
            right_x + (right_w - motto_w) / 2,
            y_motto_rule,
            right_x + (right_w + motto_w) / 2,
            y_motto_rule,
        )
        motto_bottom = y_motto_rule + 1.5

        # ô 3 and ô 4 on one line
        y = max(agency_bottom, motto_bottom) + 2
        if header.number_line:
            self.set_xy(left, y)
            self.font(13)
            self.cell(agency_width, 6, header.number_line, align=Align.C)
        self.set_xy(right_x, y)
        size = self.fitted_size(header.place_date, right_w, 13, "I")
        self.font(size, "I")
        self.cell(right_w, 6, header.place_date, align=Align.C)
        self.set_xy(left, y + 10)

    def agency_line_parts(self, line: str, width: float, size: float) -> list[str]:
        """An agency name as the lines it is set in: one line if it fits at 70 % of
        ``size``, else two, broken before the name of the place (``SỞ GIÁO DỤC VÀ ĐÀO TẠO /
        THÀNH PHỐ HỒ CHÍ MINH``) or, without one, between the words that balance them, so
        that a place name is never split (Decree 30/2020, Appendix I: the agency name in
        capitals, centred in ô 2)."""
        room = width - 2 * self.c_margin
        self.font(size * 0.7, "")
        if self.text_width(line) <= room:
            return [line]
        words = line.split(" ")
        splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
        at_place = [
            (head, tail)
            for head, tail in splits
            if tail.startswith(_PLACE_WORDS) and max(map(self.text_width, (head, tail))) <= room
        ]
        if at_place:
            return list(at_place[-1])
        if not splits:
            return [line]
        head, tail = min(splits, key=lambda ht: max(map(self.text_width, ht)))
        return [head, tail]

    def title_block(self, title: str, summary: str | None = None) -> None:
        """Type and summary (ô 5a): capitals bold, summary bold, a short rule under it."""
        self.line_text(title, size=14, style="B", align="C", h=6.5)
        if summary:
            self.line_text(summary, size=13.5, style="B", align="C", h=6)
        self.ln(3)

    def signature_area(
        self,
        signature: SignatureBlock,
        recipients: Sequence[str] = (),
        *,
        x: float | None = None,
        width: float | None = None,
        space: float = 24,
    ) -> None:
        """Recipients (ô 9) on the left, signature block (ô 7) and seal area (ô 8) on the right."""
        needed = 14 + 6 * len(signature.title_lines) + space + 8
        if self.get_y() + needed > self.page_break_trigger:
            self.add_page()
        top = self.get_y()
        half = self.content_width / 2
        bx = x if x is not None else self.l_margin + half
        bw = width if width is not None else half
        if recipients:
            self.check_text(*recipients)
            self.set_xy(self.l_margin, top)
            self.font(12, "BI")
            self.cell(half, 5, "Nơi nhận:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.font(11)
            for r in recipients:
                self.set_x(self.l_margin)
                self.paragraph(f"- {r}", w=half - 4, h=4.6, align="J")
                self.set_x(self.l_margin)
        left_bottom = self.get_y()
        y = self.signature_block(signature, bx, top, bw, space=space)
        self.set_xy(self.l_margin, max(y, left_bottom) + 2)

    def signature_block(
        self, signature: SignatureBlock, x: float, y: float, w: float, *, space: float = 24
    ) -> float:
        """Draw one signature block at (x, y) in a column ``w`` wide; return its bottom."""
        self.check_text(*signature.title_lines, signature.note or "", signature.name or "")
        self.set_xy(x, y)
        for line in signature.title_lines:
            size = self.fitted_size(line, w, 13, "B")
            self.font(size, "B")
            self.set_x(x)
            self.cell(w, 5.6, line, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
        if signature.note:
            self.font(11, "I")
            self.set_x(x)
            self.cell(w, 4.8, signature.note, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
        sig_top = self.get_y()
        if signature.seal:
            # ô 8: the seal covers about a third of the signature, on its left
            r = min(space / 2, 16)
            cx = x + w / 2 - w * 0.18
            self.set_draw_color(*_GREY)
            self.set_line_width(0.15)
            with self.local_context(dash_pattern={"dash": 0.8, "gap": 1.2}):
                self.circle(cx, sig_top + space / 2, r, style="D")
            self.set_draw_color(*_BLACK)
        self.set_xy(x, sig_top + space)
        if signature.name:
            self.font(13, "B")
            self.cell(w, 5.6, signature.name, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
        return self.get_y()

    def wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap of ``text`` into lines no wider than ``width`` (current font).

        A word wider than a whole line is cut between characters, as ``multi_cell`` does.
        """
        return [line for line, _ in self._lines(text, width)]

    def _lines(self, text: str, width: float) -> list[tuple[str, bool]]:
        """Wrapped lines, each with whether it ends its paragraph."""
        lines: list[tuple[str, bool]] = []
        space = self.text_width(" ")
        for paragraph in nfc(text).split("\n"):
            current, used = "", 0.0
            for word in paragraph.split(" "):
                ww = self.text_width(word)
                if current and used + space + ww > width:
                    lines.append((current, False))
                    current, used = "", 0.0
                if not current and ww > width:
                    for ch in word:
                        cw = self.text_width(ch)
                        if current and used + cw > width:
                            lines.append((current, False))
                            current, used = "", 0.0
                        current += ch
                        used += cw
                    continue
                if current:
                    current, used = f"{current} {word}", used + space + ww
                else:
                    current, used = word, ww
            lines.append((current, True))
        return lines

    def simple_table(
        self,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        size: float = 11,
        align: Sequence[str] | None = None,
        header_rows: int = 1,
        line_height: float | None = None,
        bold_rows: Sequence[int] = (),
    ) -> None:
        """A bordered table with wrapped, vertically centred cells.

        Header rows are bold and repeated after a page break; a row is never split. A
        header word wider than its column (an abbreviation such as ``KT&PL`` over a
        narrow score column) is set smaller, down to :data:`HEADER_MIN_SCALE` of
        ``size``, rather than cut between its letters. Drawn with plain cells: several
        times faster than ``FPDF.table`` for the hundreds of small cells of a class's
        documents.
        """
        for row in rows:
            self.check_text(*row)
        lh = line_height if line_height is not None else size * 0.48
        aligns = [Align.coerce(a) for a in (align or ["C"] * len(widths))]
        pad = 0.7
        self.set_line_width(0.2)

        def fitted(text: str, room: float) -> float:
            """The size a header cell is set in: ``size``, or less if a word is too wide."""
            widest = max(map(self.text_width, text.split()), default=0.0)
            if widest <= room:
                return size
            return max(size * room / widest, size * HEADER_MIN_SCALE)

        def layout(i: int, row: Sequence[str]) -> _Laid:
            style = "B" if i < header_rows or i in bold_rows else ""
            self.font(size, style)
            rooms = [w - 2 * self.c_margin for w in widths]
            sizes = [size] * len(widths)
            if i < header_rows:
                sizes = [fitted(t, room) for t, room in zip(row, rooms, strict=True)]
            cells = []
            for t, room, cell_size in zip(row, rooms, sizes, strict=True):
                if cell_size != size:
                    self.font(cell_size, style)
                cells.append(self.wrap(t, room))
                if cell_size != size:
                    self.font(size, style)
            return cells, sizes, max(len(c) for c in cells) * lh + 2 * pad, style

        def draw(
            i: int, cells: list[list[str]], sizes: list[float], height: float, style: str
        ) -> None:
            self.font(size, style)
            x, y = self.l_margin, self.get_y()
            for j, (w, lines, cell_size) in enumerate(zip(widths, cells, sizes, strict=True)):
                if cell_size != size:
                    self.font(cell_size, style)
                self.rect(x, y, w, height)
                top = y + (height - len(lines) * lh) / 2
                a = Align.C if i < header_rows else aligns[j]
                for k, line in enumerate(lines):
                    self.put(line, x, top + k * lh, w, lh, a)
                if cell_size != size:
                    self.font(size, style)
                x += w
            self.set_xy(self.l_margin, y + height)

        laid = [layout(i, row) for i, row in enumerate(rows)]
        auto, margin = self.auto_page_break, self.b_margin
        # keep the bottom margin: the row check below reads page_break_trigger, and the
        # footer ("Trang x / y") lives under it
        self.set_auto_page_break(False, margin)
        for i, (cells, sizes, height, style) in enumerate(laid):
            if self.get_y() + height > self.page_break_trigger:
                self.add_page()
                if i >= header_rows:
                    for h in range(header_rows):
                        draw(h, *laid[h])
            draw(i, cells, sizes, height, style)
        self.set_auto_page_break(auto, margin)
        self.ln(2)
