"""Cell styles of a grade-book sheet (Kiểu ô): registered once, then referred to by id.

A grade book is mostly styled cells: every input cell is unlocked (so teachers can type
into a protected sheet) with a number format, computed cells are locked with one
decimal. Each style is registered with the workbook once per sheet and every cell of
that style refers to it by id (:class:`~vnschool_records.excel._stream.StreamSheet`
takes the ids per column).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter

__all__ = ["INPUT_KINDS", "CellStyles"]

INPUT_KINDS: Final = frozenset({"score", "text", "count"})
"""Kinds of unlocked input cells; ``"computed"`` is the locked kind."""


def _style_id(ws: Any, **attrs: object) -> str | None:
    """The workbook's id for a style, as written in a cell's ``s`` attribute (``None``: default)."""
    cell = WriteOnlyCell(ws)
    for name, value in attrs.items():
        setattr(cell, name, value)
    return str(cell.style_id) if cell.has_style else None


class CellStyles:
    """The styles a grade-book sheet uses, as style ids of one worksheet's workbook."""

    def __init__(self, ws: Any) -> None:
        unlocked = Protection(locked=False)
        self.by_kind: Final[Mapping[str, str | None]] = {
            # An unlocked score cell shown with one decimal (the locale picks "8,5" or "8.5").
            "score": _style_id(ws, number_format="0.0", protection=unlocked),
            # An unlocked text cell (levels, comments, training levels).
            "text": _style_id(ws, number_format="@", protection=unlocked),
            # An unlocked whole-number cell (missed sessions).
            "count": _style_id(ws, number_format="0", protection=unlocked),
            # A locked one-decimal cell holding a computed average.
            "computed": _style_id(ws, number_format="0.0", protection=Protection(locked=True)),
        }
        # Registered in the order the cells are written, so the styles part keeps its order.
        self.title: Final = _style_id(ws, font=Font(bold=True, size=13))
        """The sheet's bold title cell (row 1)."""
        self.header: Final = _style_id(
            ws,
            font=Font(bold=True),
            alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
        )
        """A bold, wrapped, centred, locked header cell."""
        self._ws = ws

    def columns(self, kinds: Mapping[int, str], width: int) -> list[str | None]:
        """Style ids of columns 1…``width`` from ``kinds`` (column → kind; others: default).

        Input columns also get their unlocked style as the column's own style, which
        spreadsheets apply to the cells left blank (they are not written at all).
        """
        formats = {"score": "0.0", "text": "@", "count": "0"}
        out: list[str | None] = [None] * width
        for col, kind in kinds.items():
            out[col - 1] = self.by_kind[kind]
            if kind in INPUT_KINDS:
                dim = self._ws.column_dimensions[get_column_letter(col)]
                dim.number_format = formats[kind]
                dim.protection = Protection(locked=False)
        return out
