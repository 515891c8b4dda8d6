"""Decree 30/2020/NĐ-CP, Phụ lục I: date lines and document numbers."""

import datetime as dt

import pytest

from vnschool_records.calendar import format_date_vi, format_document_number, format_place_date

D = dt.date


@pytest.mark.parametrize(
    ("place", "day", "expected"),
    [
        # The Decree's own examples.
        ("Hà Nội", D(2020, 1, 5), "Hà Nội, ngày 05 tháng 01 năm 2020"),
        (
            "Thành phố Hồ Chí Minh",
            D(2019, 6, 29),
            "Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019",
        ),
        # Leading zero for days 1-9 and months 1-2 only.
        (
            "Thành phố Hồ Chí Minh",
            D(2020, 5, 18),
            "Thành phố Hồ Chí Minh, ngày 18 tháng 5 năm 2020",
        ),
        ("Cần Giờ", D(2020, 5, 20), "Cần Giờ, ngày 20 tháng 5 năm 2020"),
        ("Hà Nội", D(2021, 2, 9), "Hà Nội, ngày 09 tháng 02 năm 2021"),
        ("Hà Nội", D(2021, 12, 1), "Hà Nội, ngày 01 tháng 12 năm 2021"),
        ("Hà Nội", D(2021, 10, 10), "Hà Nội, ngày 10 tháng 10 năm 2021"),
        ("Hà Nội", D(2021, 3, 3), "Hà Nội, ngày 03 tháng 3 năm 2021"),
        # A place named after a person is written in full.
        ("TP.HCM", D(2020, 1, 5), "Thành phố Hồ Chí Minh, ngày 05 tháng 01 năm 2020"),
        ("  tp. Hồ Chí Minh ", D(2020, 1, 5), "Thành phố Hồ Chí Minh, ngày 05 tháng 01 năm 2020"),
    ],
)
def test_place_date(place: str, day: dt.date, expected: str):
    assert format_place_date(place, day) == expected


def test_place_date_is_nfc_and_refuses_bad_input():
    decomposed = "Ha\u0300 N\u00f4\u0323i"  # "Hà Nội" in NFD
    assert format_place_date(decomposed, D(2020, 1, 5)).startswith("Hà Nội,")
    with pytest.raises(ValueError, match="place"):
        format_place_date("  ", D(2020, 1, 5))
    with pytest.raises(TypeError, match="datetime"):
        format_place_date("Hà Nội", dt.datetime(2020, 1, 5, tzinfo=dt.UTC))  # type: ignore[arg-type]
    assert format_date_vi(D(2020, 11, 5)) == "ngày 05 tháng 11 năm 2020"


@pytest.mark.parametrize(
    ("number", "symbol", "expected"),
    [
        (5, "QĐ-UBND", "Số: 05/QĐ-UBND"),
        (15, "QĐ-BNV", "Số: 15/QĐ-BNV"),
        (12, "UBND-VX", "Số: 12/UBND-VX"),
        (1397, "GDĐT-TrH", "Số: 1397/GDĐT-TrH"),
        (9, "BGDĐT-GDTrH", "Số: 09/BGDĐT-GDTrH"),
        (10, "QĐ-THCS", "Số: 10/QĐ-THCS"),
    ],
)
def test_document_number(number: int, symbol: str, expected: str):
    assert format_document_number(number, symbol) == expected


@pytest.mark.parametrize(("number", "symbol"), [(0, "QĐ"), (5, "QĐ UBND"), (5, "QĐ/UBND"), (5, "")])
def test_document_number_refuses(number: int, symbol: str):
    with pytest.raises(ValueError):
        format_document_number(number, symbol)
