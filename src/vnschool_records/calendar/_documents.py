"""Dates and numbers in documents (Thể thức văn bản): Nghị định 30/2020/NĐ-CP, Phụ lục I.

* Place and date (ô 4): "Thành phố Hồ Chí Minh, ngày 05 tháng 01 năm 2020" — days below 10
  and months 1 and 2 take a leading zero; other months do not ("ngày 29 tháng 6 năm 2019").
  The place is the official name of the administrative unit, written in full when it is
  named after a person ("Thành phố Hồ Chí Minh", not "TP.HCM").
* Number and symbol (ô 3): "Số: 05/QĐ-UBND" — numbers below 10 take a leading zero;
  "/" between number and symbol, "-" between symbol groups, no spaces.

>>> import datetime as dt
>>> format_place_date("TP.HCM", dt.date(2020, 1, 5))
'Thành phố Hồ Chí Minh, ngày 05 tháng 01 năm 2020'
>>> format_document_number(5, "QĐ-UBND"), format_document_number(1397, "GDĐT-TrH")
('Số: 05/QĐ-UBND', 'Số: 1397/GDĐT-TrH')
"""

from __future__ import annotations

import datetime as dt
import re

from vnschool_records._explain import Citation
from vnschool_records._text import nfc
from vnschool_records.calendar._rows import check_date

__all__ = ["DECREE_30", "format_date_vi", "format_document_number", "format_place_date"]

DECREE_30 = Citation("Nghị định 30/2020/NĐ-CP", note="Phụ lục I, Phần I")

# Abbreviations of a place named after a person; Decree 30 wants the name in full.
_FULL_NAMES = {
    "tp.hcm": "Thành phố Hồ Chí Minh",
    "tp. hcm": "Thành phố Hồ Chí Minh",
    "tphcm": "Thành phố Hồ Chí Minh",
    "tp hcm": "Thành phố Hồ Chí Minh",
    "tp.hồ chí minh": "Thành phố Hồ Chí Minh",
    "tp. hồ chí minh": "Thành phố Hồ Chí Minh",
    "tp hồ chí minh": "Thành phố Hồ Chí Minh",
    "hồ chí minh": "Thành phố Hồ Chí Minh",
    "hcm": "Thành phố Hồ Chí Minh",
}


def format_date_vi(d: dt.date) -> str:
    """``"ngày 05 tháng 01 năm 2020"`` — the date part of ô 4 (Decree 30, Phụ lục I).

    >>> format_date_vi(dt.date(2019, 6, 29)), format_date_vi(dt.date(2021, 2, 9))
    ('ngày 29 tháng 6 năm 2019', 'ngày 09 tháng 02 năm 2021')
    """
    check_date(d, "d")
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def format_place_date(place: str, d: dt.date) -> str:
    """Place and date line of a document (ô 4 of Decree 30/2020/NĐ-CP, Phụ lục I).

    Args:
        place: Official name of the administrative unit where the issuer sits; known
            abbreviations of "Thành phố Hồ Chí Minh" are written in full.
        d: The date of issue.

    >>> format_place_date("Hà Nội", dt.date(2020, 1, 5))
    'Hà Nội, ngày 05 tháng 01 năm 2020'
    """
    if not isinstance(place, str):
        raise TypeError(f"place must be a str, not {type(place).__name__}")
    name = " ".join(nfc(place).split())
    if not name:
        raise ValueError("place must not be empty: Decree 30 requires the place name")
    name = _FULL_NAMES.get(name.casefold(), name)
    return f"{name}, {format_date_vi(d)}"


_SYMBOL = re.compile(r"^[^\s/\-]+(?:-[^\s/\-]+)*$")


def format_document_number(number: int, symbol: str) -> str:
    """``"Số: 05/QĐ-UBND"`` — number and symbol of a document (ô 3 of Decree 30).

    >>> format_document_number(15, "QĐ-BNV")
    'Số: 15/QĐ-BNV'
    """
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise ValueError(f"document number must be a positive integer, not {number!r}")
    sym = nfc(symbol.strip())
    if not _SYMBOL.match(sym):
        raise ValueError(
            f"document symbol {symbol!r}: groups joined by '-', no spaces or '/' (e.g. 'QĐ-UBND')"
        )
    return f"Số: {number:02d}/{sym}"
