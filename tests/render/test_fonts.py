"""Font working copy, fallback to the full font, cached widths and the fast subset embedding."""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from vnschool_records.errors import RenderError
from vnschool_records.render import OfficialDocument
from vnschool_records.render._fonts import (
    FONT_FILES,
    _working,
    font_bytes,
    missing_characters,
    outside_repertoire,
    subset_program,
)

CREATED = datetime(2025, 9, 5, 8, 0, tzinfo=UTC)
PDFTOTEXT = shutil.which("pdftotext")
SAMPLES = [
    "Nguyễn Thị Thuỷ Ánh",
    "HỒ SƠ XÁC NHẬN QUÁ TRÌNH, KẾT QUẢ HỌC TẬP",
    "Điểm trung bình: 8,5 — Ưu tiên: Đạt (■ □)",
    "Số: 05/XN-THCS",
]


def _font_programs(pdf: bytes) -> list[bytes]:
    """Every embedded FontFile2 program of a PDF, decompressed."""
    refs = {int(n) for n in re.findall(rb"/FontFile2 (\d+) 0 R", pdf)}
    out = []
    for n in sorted(refs):
        m = re.search(rb"\n%d 0 obj\n<<(.*?)>>\nstream\n" % n, pdf, re.DOTALL)
        assert m is not None
        length = int(re.search(rb"/Length (\d+)", m.group(1)).group(1))  # type: ignore[union-attr]
        out.append(zlib.decompress(pdf[m.end() : m.end() + length]))
    return out


def test_the_shipped_font_files_are_unmodified_liberation_serif() -> None:
    for style in FONT_FILES:
        names = TTFont(io.BytesIO(font_bytes(style)), lazy=True)["name"]
        assert "Liberation Serif" in str(names.getDebugName(1))
        assert "2.1.5" in str(names.getDebugName(5))


def test_working_copy_keeps_every_vietnamese_letter_and_not_more() -> None:
    vietnamese = "".join(chr(c) for c in range(0x1EA0, 0x1EFA)) + "àáảãạăâđĐơưƠƯ"
    assert outside_repertoire([vietnamese, *SAMPLES]) == set()
    assert outside_repertoire(["Жанна Ωμέγα"]) == set("ЖанΩμέγα")
    # the full font has them, so they are drawable; a Han character is not
    assert missing_characters(["Жанна Ωμέγα"]) == set()
    assert missing_characters(["Nguyễn 字"]) == {"字"}


def test_cached_widths_equal_fpdf2_widths() -> None:
    pdf = OfficialDocument(created_at=CREATED, title="x")
    for style in FONT_FILES:
        for size in (8.5, 10, 13):
            pdf.font(size, style)
            for text in SAMPLES:
                assert pdf.text_width(text) == pytest.approx(pdf.get_string_width(text), abs=1e-9)


def test_subset_program_is_a_valid_font_with_only_the_used_outlines() -> None:
    program = _working("")[3]
    e_hat_dot = program.gid[_working("")[0].cmap[ord("ệ")]]
    space = program.gid[_working("")[0].cmap[ord(" ")]]
    data = subset_program(program, [e_hat_dot, space])
    # the whole-file checksum of a TrueType font is 0xB1B0AFBA (OpenType spec, 'head')
    words = struct.unpack(f">{len(data) // 4}I", data + b"\0" * (-len(data) % 4))
    assert sum(words) & 0xFFFFFFFF == 0xB1B0AFBA
    font = TTFont(io.BytesIO(data))
    order = font.getGlyphOrder()
    assert len(order) == len(program.glyphs)  # glyph ids are kept
    glyf = font["glyf"]
    kept = glyf[order[e_hat_dot]]
    assert kept.numberOfContours != 0
    # ệ is a composite in Liberation Serif: its parts come along
    if kept.isComposite():
        for component in kept.components:
            assert glyf[component.glyphName].numberOfContours != 0
    a = program.gid[_working("")[0].cmap[ord("A")]]
    assert glyf[order[a]].numberOfContours == 0  # not used, no outline


def test_embedded_programs_parse_and_documents_stay_small() -> None:
    pdf = OfficialDocument(created_at=CREATED, title="x")
    pdf.begin_document("x")
    for style in FONT_FILES:
        pdf.line_text(SAMPLES[0], style=style)
    pdf.end_document()
    data = pdf.finish()
    programs = _font_programs(data)
    assert len(programs) == 4
    for program in programs:
        font = TTFont(io.BytesIO(program))
        assert font["post"].formatType == 3.0
    assert len(data) < 40_000


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils (pdftotext) not installed")
def test_text_outside_the_working_copy_falls_back_to_the_full_font(tmp_path: Path) -> None:
    pdf = OfficialDocument(created_at=CREATED, title="x")
    pdf.begin_document("x")
    pdf.line_text("Học sinh: Жанна Петрова — Nguyễn Thị Ánh")
    pdf.end_document()
    data = pdf.finish()
    assert re.search(rb"/BaseFont /[A-Z]{6}\+LiberationSerif\b", data)
    src = tmp_path / "f.pdf"
    src.write_bytes(data)
    assert PDFTOTEXT is not None
    text = subprocess.run(
        [PDFTOTEXT, str(src), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert "Học sinh: Жанна Петрова — Nguyễn Thị Ánh" in text
    assert len(_font_programs(data)) == 8  # working copy and full font, four styles each


def test_han_text_is_still_refused() -> None:
    pdf = OfficialDocument(created_at=CREATED, title="x")
    pdf.begin_document("x")
    with pytest.raises(RenderError, match="U\\+5B57"):
        pdf.line_text("Nguyễn 字")
