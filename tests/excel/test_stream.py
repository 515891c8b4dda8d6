"""The streamed sheet writes the cell XML openpyxl writes for the same values and styles."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree.ElementTree import canonicalize

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Protection

from vnschool_records.errors import WorkbookError
from vnschool_records.excel._cells import CellStyles
from vnschool_records.excel._stream import add_stream_sheet

ROOT = Path(__file__).parents[2]

# The attributes openpyxl's documented way sets for each kind of CellStyles.
KIND_ATTRS = {
    "score": ("0.0", False),
    "text": ("@", False),
    "count": ("0", False),
    "computed": ("0.0", True),
}


def sheet_xml(rows: list[list[object]], kinds: list[str | None], *, reference: bool) -> bytes:
    """Sheet XML of ``rows``: with :class:`StreamSheet`, or openpyxl's ``WriteOnlyCell`` way."""
    wb = Workbook(write_only=True)
    if reference:
        ws = wb.create_sheet("S")
        CellStyles(ws)  # registers the same styles in the same order
        for row in rows:
            out: list[object] = []
            for value, kind in zip(row, kinds, strict=False):
                if kind is None or value is None:
                    out.append(value)
                    continue
                cell = WriteOnlyCell(ws, value)
                fmt, locked = KIND_ATTRS[kind]
                cell.number_format = fmt
                cell.protection = Protection(locked=locked)
                out.append(cell)
            ws.append(out)
    else:
        ws = add_stream_sheet(wb, "S")
        styles = CellStyles(ws)
        ws.column_styles = [None if k is None else styles.by_kind[k] for k in kinds]
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as z:
        return z.read("xl/worksheets/sheet1.xml")


# Text a cell can hold: anything but the characters a worksheet refuses, and not a formula.
_REFUSED = [chr(c) for c in (*range(9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF)]
texts = st.one_of(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=_REFUSED),
        max_size=12,
    ),
    st.sampled_from(
        ["", " ", "=", "a & b", "<t>", "x\r\ny", "\tĐạt ", "Nguyễn Thị Ánh", "'=1+1", *ERROR_CODES]
    ),
).filter(lambda s: not (len(s) > 1 and s.startswith("=")))
values = st.one_of(
    st.none(),
    st.integers(min_value=-(10**17), max_value=10**17),
    st.decimals(min_value=0, max_value=10, places=1),
    texts,
)
kinds = st.sampled_from([None, "score", "text", "count", "computed"])


@settings(max_examples=60)
@given(
    st.integers(min_value=1, max_value=30).flatmap(
        lambda width: st.tuples(
            st.lists(kinds, min_size=width, max_size=width),
            st.lists(st.lists(values, min_size=0, max_size=width), min_size=1, max_size=4),
        )
    )
)
def test_same_cell_xml_as_openpyxl(case):
    column_kinds, rows = case
    ours = sheet_xml(rows, column_kinds, reference=False)
    theirs = sheet_xml(rows, column_kinds, reference=True)
    assert canonicalize(ours.decode()) == canonicalize(theirs.decode())
    empty_element = any(v == "" for r in rows for v in r) or any(
        all(v is None for v in r) for r in rows
    )
    if not empty_element:  # lxml writes <c/> where openpyxl's context writes <c></c>
        assert ours == theirs


def test_rows_beyond_one_parse_batch_and_columns_beyond_z():
    rows: list[list[object]] = [
        [i, f"HS{i:05d}", *([Decimal("7.5")] * 30), "nhận xét"] for i in range(1, 1203)
    ]
    kinds: list[str | None] = [None, None, *(["score"] * 30), "text"]
    ours = sheet_xml(rows, kinds, reference=False)
    assert ours == sheet_xml(rows, kinds, reference=True)
    assert b'<c r="AG1202" s="2" t="inlineStr"><is><t>nh' in ours


def test_text_that_fits_a_cell_exactly_is_written_whole():
    rows: list[list[object]] = [["x" * 32_767, "y"]]
    ours = sheet_xml(rows, ["text", None], reference=False)
    assert ours == sheet_xml(rows, ["text", None], reference=True)
    assert b"x" * 32_767 + b"</t>" in ours


def test_text_longer_than_a_cell_is_refused_not_cut():
    ws = add_stream_sheet(Workbook(write_only=True), "Toán_HK1")
    ws.append(["tiêu đề"])
    with pytest.raises(WorkbookError, match=r"'Toán_HK1', cell B2: text of 40,000 characters"):
        ws.append(["ok", "x" * 40_000])
    ws.append(["still usable"])  # the refused row left nothing behind
    ws.close()


@pytest.mark.parametrize("bad", ["a\x00b", "\x1b[31m", "x\x0cy", "\ud800", "\ufffe"])
def test_characters_a_sheet_cannot_hold_are_refused_at_append(bad):
    ws = add_stream_sheet(Workbook(write_only=True), "S")
    with pytest.raises(WorkbookError, match=r"cell B1: text holds a character a worksheet"):
        ws.append(["ok", bad])
    ws.close()


def test_no_formula_and_no_other_types():
    ws = add_stream_sheet(Workbook(write_only=True), "S")
    with pytest.raises(ValueError, match="formula"):
        ws.append(['=HYPERLINK("http://evil")'])
    ws.close()
    for value in (1.5, True, b"bytes", object()):
        ws = add_stream_sheet(Workbook(write_only=True), "T")
        with pytest.raises(TypeError, match="text or a number"):
            ws.append([value])
        ws.close()


def test_openpyxl_reads_back_values_styles_and_protection(tmp_path):
    wb = Workbook(write_only=True)
    ws = add_stream_sheet(wb, "S")
    ws.protection.sheet = True
    styles = CellStyles(ws)
    ws.column_styles = [None, styles.by_kind["score"], styles.by_kind["computed"], None]
    ws.append(["Tiêu đề"], [styles.title])
    ws.append([" Mã HS", Decimal("8.5"), Decimal("9.0"), "a&b\r\n<c>"])
    ws.append([12, None, Decimal("10"), "#N/A"])
    wb.save(tmp_path / "s.xlsx")
    back = load_workbook(tmp_path / "s.xlsx")["S"]
    assert [[c.value for c in r] for r in back.iter_rows()] == [
        ["Tiêu đề", None, None, None],
        [" Mã HS", 8.5, 9, "a&b\r\n<c>"],
        [12, None, 10, "#N/A"],
    ]
    assert back["A1"].font.b
    assert back["A1"].font.sz == 13
    assert (back["B2"].number_format, back["B2"].protection.locked) == ("0.0", False)
    assert (back["C2"].number_format, back["C2"].protection.locked) == ("0.0", True)
    assert back["A2"].protection.locked
    assert back["A2"].number_format == "General"
    assert back.protection.sheet


@pytest.mark.slow
def test_same_xml_when_openpyxl_streams_without_lxml():
    """openpyxl falls back to the standard library when lxml is absent (no [sign] extra)."""
    script = textwrap.dedent(
        """
        import sys
        from decimal import Decimal
        from openpyxl.xml import LXML
        sys.path.insert(0, sys.argv[1])
        from test_stream import sheet_xml
        assert not LXML
        rows = [[1, " HS01", "Lê Ân", Decimal("8.5"), "a & b\\r\\n<c>", "#REF!", "\\tĐ"]] * 700
        kinds = [None, None, None, "score", "text", "text", "text"]
        assert sheet_xml(rows, kinds, reference=False) == sheet_xml(rows, kinds, reference=True)
        print("same")
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=ROOT,
        env={**os.environ, "OPENPYXL_LXML": "False"},
    ).stdout
    assert out.strip() == "same"
