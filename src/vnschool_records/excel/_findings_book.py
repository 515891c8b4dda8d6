"""Findings workbook (Bảng phát hiện): a review's findings as a sheet a school can filter."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from vnschool_records.excel._layout import escape_text

HEADERS = ("Tệp / File", "Vị trí / Location", "Mức / Severity", "Mã / Code", "Nội dung / Message")


def write_findings(rows: Iterable[Sequence[str]], path: str | os.PathLike[str]) -> int:
    """Write ``(file, location, severity, code, message)`` rows to an ``.xlsx``; returns the count.

    Text that looks like a formula is written as text, so opening the file runs nothing.
    """
    from openpyxl import Workbook
    from openpyxl.worksheet.filters import AutoFilter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Phát hiện")
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDE", (28, 22, 10, 32, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append(list(HEADERS))
    count = 0
    for row in rows:
        sheet.append([escape_text(str(value)) for value in row])
        count += 1
    sheet.auto_filter = AutoFilter(ref=f"A1:E{count + 1}")
    book.save(os.fspath(path))
    return count
