"""Bundled fonts (Phông chữ): Liberation Serif 2.1.5, loaded once per process.

Decree 30/2020/NĐ-CP (Appendix I, Part I, mục 3) prescribes Times New Roman in the
Unicode TCVN 6909:2001 encoding. Times New Roman cannot be redistributed, so the package
bundles the metric-compatible Liberation Serif 2.1.5 (SIL Open Font License 1.1, text in
``_fonts/OFL.txt``), which covers every Vietnamese letter and tone mark.

Parsing a 390 KB TrueType file costs more than drawing a page, so each process parses
the four styles once: it keeps an in-memory copy reduced to the Latin, Vietnamese and
symbol repertoire (no hinting, no layout tables, which fpdf2 does not use without text
shaping) and hands every new document a fresh, cheap clone. fpdf2 still embeds only the
glyphs a document uses. The files on disk are never modified.
"""

from __future__ import annotations

import copy
import io
import threading
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any, Final

from fontTools import subset as ft_subset  # type: ignore[import-untyped]
from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

__all__ = ["FAMILY", "FONT_FILES", "font_bytes", "install_fonts", "missing_characters"]

FAMILY: Final = "LiberationSerif"
FONT_FILES: Final = {
    "": "LiberationSerif-Regular.ttf",
    "B": "LiberationSerif-Bold.ttf",
    "I": "LiberationSerif-Italic.ttf",
    "BI": "LiberationSerif-BoldItalic.ttf",
}

# Unicode ranges kept in the in-memory working copy: Latin (incl. IPA, spacing modifiers and
# combining marks), Latin Extended Additional (precomposed Vietnamese), punctuation, symbols,
# arrows, maths, box drawing and shapes, Latin Extended-C/D and the Latin ligatures.
_RANGES: Final = (
    (0x0000, 0x036F),
    (0x1E00, 0x1EFF),
    (0x2000, 0x2BFF),
    (0x2C60, 0x2C7F),
    (0xA720, 0xA7FF),
    (0xFB00, 0xFB06),
)
_DROP_TABLES: Final = ("GSUB", "GPOS", "GDEF", "kern", "DSIG", "gasp", "hdmx", "LTSH", "VDMX")
_LOCK = threading.Lock()


def font_bytes(style: str = "") -> bytes:
    """The bundled TTF file of a style (``""``, ``"B"``, ``"I"``, ``"BI"``), unmodified."""
    name = FONT_FILES[style]
    return (resources.files("vnschool_records.render") / "_fonts" / name).read_bytes()


def _in_repertoire(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _RANGES)


@cache
def _prepared(style: str) -> tuple[TTFFont, bytes, list[str]]:
    raw = font_bytes(style)
    font = ttLib.TTFont(io.BytesIO(raw), recalcTimestamp=False)
    keep = [cp for cp in font.getBestCmap() if _in_repertoire(cp)]
    options = ft_subset.Options(
        notdef_outline=True,
        recommended_glyphs=True,
        name_IDs=["*"],
        name_languages=["*"],
        layout_features=[],
        hinting=False,
        glyph_names=True,
        drop_tables=[*ft_subset.Options().drop_tables, *_DROP_TABLES, "FFTM"],
    )
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    data = buf.getvalue()
    source: Any = io.BytesIO(data)  # fontTools reads a file object as well as a path
    template = TTFFont(FPDF(), source, f"{FAMILY.lower()}{style}", style)
    return template, data, list(template.ttfont.getGlyphOrder())


def install_fonts(pdf: FPDF, family: str = FAMILY) -> None:
    """Register the four bundled styles on ``pdf`` under ``family``, from the process cache."""
    for style in FONT_FILES:
        with _LOCK:
            template, data, order = _prepared(style)
        fontkey = f"{family.lower()}{style}"
        clone: Any = copy.copy(template)
        clone.i = len(pdf.fonts) + 1
        clone.fontkey = fontkey
        clone.ttfont = ttLib.TTFont(io.BytesIO(data), recalcTimestamp=False, lazy=True)
        clone.ttfont.setGlyphOrder(order)
        clone.missing_glyphs = []
        clone.biggest_size_pt = 0
        clone._hbfont = None
        clone.subset = SubsetMap(clone)
        pdf.fonts[fontkey] = clone


def missing_characters(texts: Iterable[str], style: str = "") -> set[str]:
    """Characters of ``texts`` (after NFC) that the working copy of the font cannot draw.

    >>> missing_characters(["Nguyễn Thị Thuỷ Ánh, Ưu tiên: Đạt"])
    set()
    >>> sorted(missing_characters(["Ж漢"]))
    ['Ж', '漢']
    """
    with _LOCK:
        template = _prepared(style)[0]
    cmap = template.cmap
    missing: set[str] = set()
    for text in texts:
        for ch in unicodedata.normalize("NFC", text):
            if ord(ch) not in cmap and ch not in "\n\r\t":
                missing.add(ch)
    return missing
