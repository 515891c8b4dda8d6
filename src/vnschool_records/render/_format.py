"""Formatting for documents (Định dạng văn bản): date lines, numbers and content hashes.

Every string a view holds is produced here or by :mod:`vnschool_records._decimal` /
:mod:`vnschool_records._text`, so the drawing step only places text.

Date line (ô 4) under Decree 30/2020/NĐ-CP, Appendix I, Part I: "đối với những số thể hiện
ngày nhỏ hơn 10 và tháng 1, 2 phải ghi thêm số 0 phía trước":

>>> from datetime import date
>>> place_date_line("Thành phố Hồ Chí Minh", date(2020, 1, 5))
'Thành phố Hồ Chí Minh, ngày 05 tháng 01 năm 2020'
>>> place_date_line("Thành phố Hồ Chí Minh", date(2019, 6, 29))
'Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019'
>>> document_number(5, "XN-THCS")
'Số: 05/XN-THCS'
>>> birth_date(date(1981, 2, 7))
'07/02/1981'
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any, Final

from vnschool_records._text import nfc
from vnschool_records.calendar import format_date_vi, format_document_number, format_place_date

__all__ = [
    "DECREE_30",
    "birth_date",
    "canonical_json",
    "content_hash",
    "document_number",
    "place_date_line",
    "upper_vi",
]

DECREE_30: Final = "Nghị định 30/2020/NĐ-CP, Phụ lục I"
"""Presentation rules of administrative documents (công tác văn thư), 05/3/2020."""


def place_date_line(place: str, day: date) -> str:
    """The place-and-date line (ô 4) of Decree 30/2020/NĐ-CP, Appendix I.

    Days 1–9 and the months 1 and 2 take a leading zero; nothing else does. Delegates to
    :func:`vnschool_records.calendar.format_place_date`, the one implementation of ô 4.

    >>> place_date_line("Hà Nội", date(2024, 12, 9))
    'Hà Nội, ngày 09 tháng 12 năm 2024'
    """
    return nfc(format_place_date(place, day))


def date_phrase(day: date) -> str:
    """``"ngày 05 tháng 01 năm 2020"`` — the date part of the place-and-date line.

    >>> date_phrase(date(2025, 3, 1))
    'ngày 01 tháng 3 năm 2025'
    """
    return format_date_vi(day)


def birth_date(day: date) -> str:
    """A birth date as certificates print it: ``dd/mm/yyyy`` (TT18/2020 filling note (2)).

    >>> birth_date(date(2008, 11, 30))
    '30/11/2008'
    """
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def document_number(number: int, symbol: str) -> str:
    """Number and symbol (ô 3): ``"Số: 05/XN-THCS"``; numbers below 10 take a leading zero.

    >>> document_number(123, "XN-THPT")
    'Số: 123/XN-THPT'
    >>> document_number(0, "XN")
    Traceback (most recent call last):
    ValueError: document number must be a positive integer, not 0
    """
    return format_document_number(number, symbol)


def upper_vi(text: str) -> str:
    """Capitals for agency and title lines, NFC (``str.upper`` keeps Vietnamese marks).

    >>> upper_vi("Trường THCS Bình Khánh")
    'TRƯỜNG THCS BÌNH KHÁNH'
    """
    return nfc(nfc(text).upper())


def canonical_json(data: Any) -> bytes:
    """UTF-8 JSON with sorted keys and no spaces: the bytes a content hash is taken over.

    >>> canonical_json({"b": "Đạt", "a": 1})
    b'{"a":1,"b":"\\xc4\\x90\\xe1\\xba\\xa1t"}'
    """
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def content_hash(data: Any) -> str:
    """Hex SHA-256 of :func:`canonical_json`.

    >>> content_hash({})
    '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'
    """
    return hashlib.sha256(canonical_json(data)).hexdigest()
