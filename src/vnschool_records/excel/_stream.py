"""Streamed sheet (Trang tính ghi tuần tự): rows of plain values written straight to sheet XML.

openpyxl's write-only mode turns every value into a cell object, infers its type, and
writes it through three nested XML contexts; a styled cell also costs a new cell object
per value, so styled cells stream at about half the speed of plain ones. A grade book is
mostly styled cells (every score cell is unlocked and shows one decimal), and the style of
a cell depends only on its column. :class:`StreamSheet` therefore takes a style per column
(or per row, for the title and header), builds each row's markup from the values (type
checked, text escaped), parses the markup of a few hundred rows at once with the same XML
library openpyxl streams with, and writes the row elements into the sheet stream openpyxl
writes the rest of the sheet to (views, columns, protection, data validation). openpyxl
still builds the whole package: styles part, workbook, relations.

The XML written for a value is the XML openpyxl 3.1 writes for the same value and style
(``openpyxl.cell._writer``): numbers as ``t="n"`` with ``"%.16g"`` text, text as an inline
string (``xml:space="preserve"`` when it has outer white space), the seven error literals
as ``t="e"``. The tests compare the two (byte for byte, or as canonical XML where lxml
writes an empty element as ``<c/>`` instead of ``<c></c>``). Unlike openpyxl, which cuts
text longer than a cell holds (32,767 characters) and raises its own error for characters
a worksheet cannot hold, the row is refused when it is appended, with a
:class:`~vnschool_records.errors.WorkbookError` naming the sheet, the cell and the reason,
so no text is ever lost without a word. Text that would become a formula is refused too:
the grade book writes no formulas (callers escape user text first, see
:func:`~vnschool_records.excel._layout.escape_text`).
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterable, Sequence
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.xml import LXML

from vnschool_records.errors import WorkbookError

if LXML:  # openpyxl streams with lxml: parse with openpyxl's parser (entities not resolved)
    from openpyxl.xml.functions import fromstring as _parse
else:  # openpyxl streams with the standard library: its C parser. defusedxml's parser is
    # pure Python (several times slower), and the markup parsed here is the SDK's own,
    # built in this module with every text escaped, so it holds no DTD or entity.
    from xml.etree.ElementTree import fromstring as _parse

__all__ = ["StreamSheet", "add_stream_sheet"]

_MAX_TEXT = 32767  # characters one cell holds (Excel's limit; openpyxl cuts longer text)
_SPECIAL = re.compile("[&<>\r]")
# openpyxl's ILLEGAL_CHARACTERS_RE (C0 controls but tab, LF, CR), plus what XML 1.0 cannot
# hold at all (lone surrogates, U+FFFE, U+FFFF), so every refusal happens at append time.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BATCH = 500  # rows parsed at once: one parser call instead of one per row or per cell
_ERRORS = frozenset(ERROR_CODES)
_Styles = Sequence[str | None]
_Rows = Generator[None, str, None]


class StreamSheet(WriteOnlyWorksheet):  # type: ignore[misc]  # openpyxl is untyped
    """A write-only worksheet whose rows are plain values styled by column.

    Use :meth:`append` with the values of one row (``None`` leaves a cell out; the
    column's own style then applies). Cells take their style id from ``styles`` when
    given, else from :attr:`column_styles`.
    """

    column_styles: _Styles = ()
    """Style id (as text) per column, ``None`` for the default style; set before the rows."""

    _letters: list[str]
    _index: int
    _rows: _Rows | None

    def append(self, row: Iterable[object], styles: _Styles | None = None) -> None:
        """Write one row: its values from column A on, with ``styles`` or the column styles.

        A value the sheet cannot hold raises here, before anything of the row is written,
        and the sheet stays usable (:meth:`close` still ends it properly).
        """
        self._get_writer()
        if self._rows is None:
            self._letters = []
            self._index = 1
            self._rows = self._write_rows()
            next(self._rows)
        markup = self._row(row, self.column_styles if styles is None else styles, self._index)
        self._rows.send(markup)
        self._index += 1

    def _write_rows(self) -> _Rows:
        """Replaces openpyxl's row loop: rows' markup, parsed and streamed in batches."""
        xf = self._writer.xf.send(True)
        with xf.element("sheetData"):
            pending: list[str] = []
            try:
                while True:
                    pending.append((yield))
                    if len(pending) == _BATCH:
                        _flush(xf, pending)
            except GeneratorExit:
                _flush(xf, pending)
        self._writer.xf.send(None)

    def _row(self, values: Iterable[Any], styles: _Styles, index: int) -> str:
        """The ``<row>`` markup of one row (values checked and escaped here)."""
        r = str(index)
        parts = [f'<row r="{r}">']
        letters = self._letters
        n_styles = len(styles)
        for col, value in enumerate(values):
            if value is None:
                continue
            if col >= len(letters):
                letters.extend(get_column_letter(k) for k in range(len(letters) + 1, col + 2))
            sid = styles[col] if col < n_styles else None
            head = f'<c r="{letters[col]}{r}" s="{sid}"' if sid else f'<c r="{letters[col]}{r}"'
            kind = value.__class__
            if kind is Decimal or kind is int:
                parts.append(f'{head} t="n"><v>{"%.16g" % value}</v></c>')  # noqa: UP031
            elif kind is str:
                refused = _refusal(value)
                if refused is not None:
                    raise WorkbookError(
                        f"sheet {self.title!r}, cell {letters[col]}{r}: {refused}; "
                        "nothing was cut or dropped — fix the value and write again"
                    )
                parts.append(_text_cell(head, value))
            else:
                raise TypeError(f"a grade-book cell holds text or a number, not {value!r}")
        parts.append("</row>")
        return "".join(parts)


def _refusal(value: str) -> str | None:
    """Why a text cannot be written to a cell as it is, or ``None``."""
    if len(value) > _MAX_TEXT:
        return f"text of {len(value):,} characters is longer than a cell holds ({_MAX_TEXT:,})"
    found = _ILLEGAL.search(value)
    if found is not None:
        return f"text holds a character a worksheet cannot (U+{ord(found.group()):04X})"
    if len(value) > 1 and value[0] == "=":
        return f"text starting with '=' would be a formula: {value[:60]!r}"
    return None


def _text_cell(head: str, value: str) -> str:
    if value in _ERRORS:
        return f'{head} t="e"><v>{value}</v></c>'
    if not value:
        return f'{head} t="inlineStr"></c>'
    text = _escape(value) if _SPECIAL.search(value) else value
    if value != value.strip():
        return f'{head} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    return f'{head} t="inlineStr"><is><t>{text}</t></is></c>'


def _escape(text: str) -> str:
    """Markup for ``text`` that parses back to exactly ``text`` (a bare CR would become LF)."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def _flush(xf: Any, pending: list[str]) -> None:
    """Parse the pending rows' markup and write the row elements to the sheet stream."""
    if pending:
        markup = "<sheetData>" + "".join(pending) + "</sheetData>"
        for row in _parse(markup):  # noqa: S314  # our own escaped markup, see the import
            xf.write(row)
        pending.clear()


def add_stream_sheet(wb: Any, title: str) -> StreamSheet:
    """Create a :class:`StreamSheet` at the end of write-only workbook ``wb``."""
    ws = StreamSheet(parent=wb, title=title)
    wb._add_sheet(ws)
    return ws
