"""Bundled fonts (Phông chữ): Liberation Serif 2.1.5, parsed once per process, embedded fast.

Decree 30/2020/NĐ-CP (Appendix I, Part I, mục 3) prescribes Times New Roman in the
Unicode TCVN 6909:2001 encoding. Times New Roman cannot be redistributed, so the package
bundles the metric-compatible Liberation Serif 2.1.5 (SIL Open Font License 1.1, text in
``_fonts/OFL.txt``), which covers every Vietnamese letter and tone mark.

Three things keep a whole school's documents cheap:

1. *A working copy per process.* Parsing a 390 KB TrueType file costs more than drawing a
   page, so each process reduces each style ONCE, with fontTools, to the repertoire the SDK
   prints (Latin with every Vietnamese letter, digits, punctuation, currency, arrows, maths
   signs and the boxes ■ □) without hinting or layout tables (fpdf2 does not use them
   without text shaping), and hands every new document a cheap clone of it.
2. *A fallback to the full font.* Text outside that repertoire (a Cyrillic or Greek name)
   is drawn from the full bundled font, registered on the document only when needed, so
   the working copy never narrows what the package can print.
3. *Embedding without re-subsetting.* At output, instead of fpdf2's fontTools subsetting
   (which decompiles and recompiles the font of every document), a document's font
   program keeps the glyph ids of the working copy and carries only the outlines it uses:
   the other tables are copied as bytes and ``glyf``/``loca`` rebuilt from slices. The
   compressed program is cached per glyph set, so identical subsets (the bold labels of
   every extract) are compressed once per process.

The font files on disk are never modified and nothing derived from them is written out
except the per-document subsets embedded in PDFs. Under the OFL (FAQ 2.9 and 5.9) embedding
a subset in a document is not distributing a Modified Version, so the Reserved Font Name
"Liberation" stays on the embedded fonts as the licence allows.
"""

from __future__ import annotations

import copy
import hashlib
import io
import struct
import threading
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Final

from fontTools import subset as ft_subset  # type: ignore[import-untyped]
from fontTools import ttLib
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont
from fpdf.output import CIDSystemInfo, OutputProducer, PDFFont
from fpdf.syntax import Name, PDFArray, PDFContentStream

__all__ = [
    "FALLBACK_FAMILY",
    "FAMILY",
    "FONT_FILES",
    "BundledProducer",
    "font_bytes",
    "install_fallback",
    "install_fonts",
    "missing_characters",
    "outside_repertoire",
]

FAMILY: Final = "LiberationSerif"
FALLBACK_FAMILY: Final = "LiberationSerifFull"
FONT_FILES: Final = {
    "": "LiberationSerif-Regular.ttf",
    "B": "LiberationSerif-Bold.ttf",
    "I": "LiberationSerif-Italic.ttf",
    "BI": "LiberationSerif-BoldItalic.ttf",
}

# The working repertoire: Basic Latin, Latin-1, Latin Extended-A/B, spacing modifiers and
# combining marks, Latin Extended Additional (the precomposed Vietnamese letters
# U+1EA0–U+1EF9), general punctuation, super/subscripts, currency (₫ U+20AB), letterlike
# symbols (№), number forms, arrows, mathematical operators and geometric shapes (■ □).
_RANGES: Final = (
    (0x0020, 0x007E),
    (0x00A0, 0x036F),
    (0x1E00, 0x1EFF),
    (0x2000, 0x22FF),
    (0x25A0, 0x25FF),
)
_LAYOUT_TABLES: Final = ("GSUB", "GPOS", "GDEF", "kern", "DSIG", "gasp", "hdmx", "LTSH", "VDMX")
# Tables a TrueType program embedded as a CIDFontType2 keeps (ISO 32000-1, 9.9, Table 126,
# plus cmap/name/OS/2/post so the subset stays a well-formed font file).
_EMBEDDED_TABLES: Final = frozenset(
    ("OS/2", "cmap", "cvt ", "fpgm", "gasp", "head", "hhea", "hmtx", "maxp", "name", "post", "prep")
)
_LOCK = threading.RLock()


def font_bytes(style: str = "") -> bytes:
    """The bundled TTF file of a style (``""``, ``"B"``, ``"I"``, ``"BI"``), unmodified."""
    name = FONT_FILES[style]
    return (resources.files("vnschool_records.render") / "_fonts" / name).read_bytes()


def _in_repertoire(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _RANGES)


class BundledFont(TTFFont):
    """A clone of a process-wide parsed font; embedded by :class:`BundledProducer`."""

    source: tuple[str, str]
    """``("work", style)`` for the working copy, ``("full", style)`` for the full font."""


@dataclass(frozen=True, slots=True)
class _Program:
    """A font file split into what a subset copies (tables) and what it slices (glyphs)."""

    tables: dict[str, bytes]
    glyphs: tuple[bytes, ...]
    components: dict[int, tuple[int, ...]]
    gid: dict[str, int]


def _split(font: Any) -> _Program:
    order = font.getGlyphOrder()
    gid = {name: i for i, name in enumerate(order)}
    glyf = font["glyf"]
    raw_glyf = font.reader["glyf"]
    loca = list(font["loca"])
    glyphs = tuple(raw_glyf[loca[i] : loca[i + 1]] for i in range(len(order)))
    components: dict[int, tuple[int, ...]] = {}
    for i, name in enumerate(order):
        if glyphs[i] and glyf[name].isComposite():
            components[i] = tuple(gid[c.glyphName] for c in glyf[name].components)
    tables = {tag: font.reader[tag] for tag in font.reader.keys() if tag in _EMBEDDED_TABLES}  # noqa: SIM118 - no __iter__
    return _Program(tables=tables, glyphs=glyphs, components=components, gid=gid)


@cache
def _working(style: str) -> tuple[BundledFont, bytes, list[str], _Program]:
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
        drop_tables=[*ft_subset.Options().drop_tables, *_LAYOUT_TABLES, "FFTM"],
    )
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    data = buf.getvalue()
    template = _template(data, f"{FAMILY.lower()}{style}", style, ("work", style))
    order = list(template.ttfont.getGlyphOrder())
    return template, data, order, _split(ttLib.TTFont(io.BytesIO(data), lazy=False))


@cache
def _full(style: str) -> tuple[BundledFont, bytes, list[str], _Program]:
    data = font_bytes(style)
    template = _template(data, f"{FALLBACK_FAMILY.lower()}{style}", style, ("full", style))
    order = list(template.ttfont.getGlyphOrder())
    return template, data, order, _split(ttLib.TTFont(io.BytesIO(data), lazy=False))


def _template(data: bytes, fontkey: str, style: str, source: tuple[str, str]) -> BundledFont:
    stream: Any = io.BytesIO(data)  # fontTools reads a file object as well as a path
    template = BundledFont(FPDF(), stream, fontkey, style)
    template.source = source
    return template


def _prepared(source: tuple[str, str]) -> tuple[BundledFont, bytes, list[str], _Program]:
    kind, style = source
    with _LOCK:
        return _working(style) if kind == "work" else _full(style)


def _install(pdf: FPDF, family: str, kind: str) -> None:
    for style in FONT_FILES:
        template, data, order, _ = _prepared((kind, style))
        fontkey = f"{family.lower()}{style}"
        clone: Any = copy.copy(template)
        clone.i = len(pdf.fonts) + 1
        clone.fontkey = fontkey
        # recalcBBoxes=False: the outlines are never edited, so fontTools must not expand
        # and recompile every glyph to recompute boxes it already has.
        clone.ttfont = ttLib.TTFont(
            io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False, lazy=True
        )
        clone.ttfont.setGlyphOrder(order)
        clone.missing_glyphs = []
        clone.biggest_size_pt = 0
        clone._hbfont = None
        clone.subset = SubsetMap(clone)
        pdf.fonts[fontkey] = clone


def install_fonts(pdf: FPDF, family: str = FAMILY) -> None:
    """Register the four bundled styles on ``pdf`` under ``family``, from the process cache."""
    _install(pdf, family, "work")


def install_fallback(pdf: FPDF) -> None:
    """Register the full bundled font as ``pdf``'s fallback (idempotent)."""
    if f"{FALLBACK_FAMILY.lower()}" in pdf.fonts:
        return
    _install(pdf, FALLBACK_FAMILY, "full")
    pdf.set_fallback_fonts([FALLBACK_FAMILY])


@cache
def _full_cmap(style: str) -> frozenset[int]:
    return frozenset(ttLib.TTFont(io.BytesIO(font_bytes(style)), lazy=True).getBestCmap())


@cache
def _working_cmap(style: str) -> frozenset[int]:
    return frozenset(_prepared(("work", style))[0].cmap)


def _characters(texts: Iterable[str]) -> set[str]:
    chars: set[str] = set()
    for text in texts:
        chars.update(unicodedata.normalize("NFC", text))
    chars.difference_update("\n\r\t")
    return chars


def missing_characters(texts: Iterable[str], style: str = "") -> set[str]:
    """Characters of ``texts`` (after NFC) that no bundled font file can draw.

    >>> missing_characters(["Nguyễn Thị Thuỷ Ánh, Ưu tiên: Đạt"])
    set()
    >>> sorted(missing_characters(["Жанна 漢"]))
    ['漢']
    """
    with _LOCK:
        cmap = _full_cmap(style)
    return {ch for ch in _characters(texts) if ord(ch) not in cmap}


def outside_repertoire(texts: Iterable[str], style: str = "") -> set[str]:
    """Characters of ``texts`` the working copy lacks (drawn from the fallback, if at all).

    >>> sorted(outside_repertoire(["Nguyễn ■ Жанна"]))
    ['Ж', 'а', 'н']
    """
    with _LOCK:
        cmap = _working_cmap(style)
    return {ch for ch in _characters(texts) if ord(ch) not in cmap}


# ------------------------------------------------------------------------------ embedding
def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    words: tuple[int, ...] = struct.unpack(f">{len(padded) // 4}I", padded)
    return sum(words) & 0xFFFFFFFF


def _sfnt(tables: dict[str, bytes]) -> bytes:
    """An sfnt (TrueType) file from its tables, with the checksums the format requires."""
    tags = sorted(tables)
    n = len(tags)
    selector = n.bit_length() - 1
    search = (1 << selector) * 16
    out = [struct.pack(">IHHHH", 0x00010000, n, search, selector, n * 16 - search)]
    offset = 12 + 16 * n
    body: list[bytes] = []
    head_at = 0
    for tag in tags:
        data = tables[tag]
        if tag == "head":
            data = data[:8] + b"\0\0\0\0" + data[12:]
            head_at = offset
        out.append(struct.pack(">4sIII", tag.encode("latin-1"), _checksum(data), offset, len(data)))
        padded = data + b"\0" * (-len(data) % 4)
        body.append(padded)
        offset += len(padded)
    font = bytearray(b"".join(out) + b"".join(body))
    adjust = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
    font[head_at + 8 : head_at + 12] = struct.pack(">I", adjust)
    return bytes(font)


def subset_program(program: _Program, gids: Iterable[int]) -> bytes:
    """The font file keeping every glyph id but only the outlines of ``gids`` (and parts)."""
    keep = {0}
    todo = list(gids)
    while todo:
        g = todo.pop()
        if g not in keep:
            keep.add(g)
            todo.extend(program.components.get(g, ()))
    glyf = bytearray()
    loca = [0]
    for i, data in enumerate(program.glyphs):
        if i in keep and data:
            glyf += data
            glyf += b"\0" * (-len(data) % 4)
        loca.append(len(glyf))
    tables = dict(program.tables)
    # post format 3 (no glyph names: a CIDFont is addressed by glyph id) and zero metrics
    # for the glyphs left out, so what the subset does not draw compresses to nothing
    tables["post"] = struct.pack(">I", 0x00030000) + tables["post"][4:32]
    metrics = struct.unpack(">H", tables["hhea"][34:36])[0]
    hmtx = bytearray(tables["hmtx"])
    for i in range(len(program.glyphs)):
        if i not in keep:
            at, size = (4 * i, 4) if i < metrics else (4 * metrics + 2 * (i - metrics), 2)
            hmtx[at : at + size] = bytes(size)
    tables["hmtx"] = bytes(hmtx)
    head = tables["head"]
    tables["head"] = head[:50] + struct.pack(">h", 1) + head[52:]  # indexToLocFormat: long
    tables["glyf"] = bytes(glyf)
    tables["loca"] = struct.pack(f">{len(loca)}I", *loca)
    return _sfnt(tables)


@lru_cache(maxsize=512)
def _embedded(source: tuple[str, str], gids: frozenset[int]) -> tuple[bytes, int, str]:
    """Compressed subset program, its length and a subset tag, cached per glyph set."""
    program = _prepared(source)[3]
    data = subset_program(program, sorted(gids))
    digest = hashlib.sha256(repr((source, sorted(gids))).encode()).digest()
    tag = "".join(chr(ord("A") + b % 26) for b in digest[:6])
    return zlib.compress(data, 6), len(data), tag


def _widths(used: Sequence[tuple[int, int]]) -> str:
    """The ``/W`` array of a CIDFont: runs of consecutive CIDs with their widths."""
    parts: list[str] = []
    run: list[int] = []
    start = prev = -2
    for cid, width in sorted(used):
        if cid != prev + 1 and run:
            parts.append(f"{start} [{' '.join(map(str, run))}]")
            run = []
        if not run:
            start = cid
        run.append(width)
        prev = cid
    if run:
        parts.append(f"{start} [{' '.join(map(str, run))}]")
    return f"[{' '.join(parts)}]"


def _to_unicode(pairs: Sequence[tuple[int, tuple[int, ...]]]) -> bytes:
    entries = []
    for cid, codes in sorted(pairs):
        text = "".join(chr(c) for c in codes).encode("utf-16-be").hex().upper()
        entries.append(f"<{cid:04X}> <{text}>\n")
    blocks = "".join(
        f"{len(chunk)} beginbfchar\n{''.join(chunk)}endbfchar\n"
        for chunk in (entries[i : i + 100] for i in range(0, len(entries), 100))
    )
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{blocks}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    ).encode("latin-1")


class _Stream(PDFContentStream):
    """A stream whose contents are already Flate-compressed (cached font programs)."""

    def __init__(self, compressed: bytes, length1: int | None = None) -> None:
        super().__init__(contents=compressed, compress=False)
        self.filter = Name("FlateDecode")
        if length1 is not None:
            self.length1 = length1


class BundledProducer(OutputProducer):
    """fpdf2's output producer, embedding :class:`BundledFont` clones without fontTools."""

    def _add_fonts(self, *args: Any) -> dict[int, Any]:
        fonts = self.fpdf.fonts  # fpdf2's registry: hide our fonts from its own embedding
        saved = dict(fonts)
        ours = [f for f in saved.values() if isinstance(f, BundledFont)]
        for key in [k for k, f in saved.items() if isinstance(f, BundledFont)]:
            del fonts[key]
        try:
            found: dict[int, Any] = super()._add_fonts(*args)
        finally:
            fonts.clear()
            fonts.update(saved)
        for font in sorted(ours, key=lambda f: f.i):
            found[font.i] = self._add_bundled(font)
        return found

    def _add_bundled(self, font: BundledFont) -> PDFFont:
        program = _prepared(font.source)[3]
        used = [(g, cid) for g, cid in font.subset.items() if g is not None]
        code_to_gid = {cid: program.gid.get(g.glyph_name, 0) for g, cid in used}
        stream, length1, tag = _embedded(font.source, frozenset(code_to_gid.values()))
        fontname = f"{tag}+{font.name}"
        composite = PDFFont(subtype="Type0", base_font=fontname, encoding="Identity-H")
        self._add_pdf_obj(composite, "fonts")
        cid_font = PDFFont(
            subtype="CIDFontType2",
            base_font=fontname,
            d_w=font.desc.missing_width,
            w=_widths([(cid, g.glyph_width) for g, cid in used]),
        )
        self._add_pdf_obj(cid_font, "fonts")
        composite.descendant_fonts = PDFArray([cid_font])
        pairs = [
            (cid, g.unicode)
            for g, cid in used
            if isinstance(g.unicode, tuple) and len(g.unicode) > 0
        ]
        to_unicode = PDFContentStream(_to_unicode(pairs), compress=True)
        self._add_pdf_obj(to_unicode, "fonts")
        composite.to_unicode = to_unicode
        info = CIDSystemInfo()
        self._add_pdf_obj(info, "fonts")
        cid_font.c_i_d_system_info = info
        desc = copy.copy(font.desc)
        desc.font_name = Name(fontname)
        self._add_pdf_obj(desc, "fonts")
        cid_font.font_descriptor = desc
        top = max(code_to_gid, default=0)
        cid_to_gid = bytearray(2 * (top + 1))
        for cid, gid in code_to_gid.items():
            cid_to_gid[2 * cid : 2 * cid + 2] = struct.pack(">H", gid)
        map_obj = PDFContentStream(bytes(cid_to_gid), compress=True)
        self._add_pdf_obj(map_obj, "fonts")
        cid_font.c_i_d_to_g_i_d_map = map_obj
        program_obj = _Stream(stream, length1)
        self._add_pdf_obj(program_obj, "fonts")
        desc.font_file2 = program_obj  # type: ignore[attr-defined]
        font.subset.pick.cache_clear()
        font.subset.get_glyph.cache_clear()
        font.close()
        return composite
