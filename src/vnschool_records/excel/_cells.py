"""Cell styles for streaming writes (Kiểu ô): one reusable cell per style, cheap to emit.

openpyxl's write-only mode streams rows, but a styled cell normally costs a new cell
object, a failed value conversion and a style lookup per cell — twice the time of an
unstyled one. A grade book is mostly styled cells (every score cell is unlocked and has a
one-decimal number format), so :class:`StyledCell` registers its style once and is reused
for every cell of that style: the stream writes each cell before the next is produced.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, Protection

__all__ = ["CellStyles", "StyledCell"]


class StyledCell(Cell):  # type: ignore[misc]  # openpyxl is untyped
    """A cell whose style id is fixed at construction; reused for every cell of that style."""

    __slots__ = ("_sid",)

    def __init__(self, worksheet: Any, style_id: int) -> None:
        super().__init__(worksheet)
        self._sid = style_id

    @property
    def style_id(self) -> int:
        """The registered style index (computed once)."""
        return self._sid

    @property
    def has_style(self) -> bool:
        """Always styled: the writer must emit the cell even when it is empty."""
        return True

    def __repr__(self) -> str:
        return f"<StyledCell style={self._sid}>"

    def put(self, value: object) -> StyledCell | None:
        """Set the value for the next emitted cell and return the cell; ``None`` stays blank.

        A blank cell is not written at all: its column carries the same style
        (:meth:`CellStyles.style_column`), which spreadsheets apply to absent cells.
        """
        if value is None:
            return None
        self.value = value  # type: ignore[misc]  # a property of Cell, not a slot
        return self


def _style_id(ws: Any, **attrs: object) -> int:
    cell = WriteOnlyCell(ws)
    for name, value in attrs.items():
        setattr(cell, name, value)
    return int(cell.style_id)


class CellStyles:
    """The styles a grade-book sheet uses, as reusable cells bound to one worksheet."""

    def __init__(self, ws: Any) -> None:
        unlocked = Protection(locked=False)
        locked = Protection(locked=True)
        self.score_input = StyledCell(ws, _style_id(ws, number_format="0.0", protection=unlocked))
        """An unlocked score cell shown with one decimal (the locale picks "8,5" or "8.5")."""
        self.text_input = StyledCell(ws, _style_id(ws, number_format="@", protection=unlocked))
        """An unlocked text cell (levels, comments, training levels)."""
        self.count_input = StyledCell(ws, _style_id(ws, number_format="0", protection=unlocked))
        """An unlocked whole-number cell (missed sessions)."""
        self.computed = StyledCell(ws, _style_id(ws, number_format="0.0", protection=locked))
        """A locked one-decimal cell holding a computed average."""
        self._ws = ws

    def style_column(self, letter: str, kind: str) -> None:
        """Give a whole input column the unlocked style of ``kind`` (score, text or count)."""
        formats = {"score": "0.0", "text": "@", "count": "0"}
        dim = self._ws.column_dimensions[letter]
        dim.number_format = formats[kind]
        dim.protection = Protection(locked=False)

    def header(self, text: str) -> Any:
        """A bold, wrapped, locked header cell."""
        cell = WriteOnlyCell(self._ws, text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        return cell

    def title(self, text: str) -> Any:
        """The sheet's bold title cell (row 1)."""
        cell = WriteOnlyCell(self._ws, text)
        cell.font = Font(bold=True, size=13)
        return cell
