"""Decree 30 formatting: date line, number line, agency lines and signature authorities."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnschool_records.models import School
from vnschool_records.render import (
    Authority,
    Layout,
    SignatureBlock,
    content_hash,
    document_number,
    place_date_line,
)
from vnschool_records.render._pdf import OfficialDocument


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # the two examples printed in Decree 30, Appendix I (ô 4)
        (date(2020, 1, 5), "Hà Nội, ngày 05 tháng 01 năm 2020"),
        (date(2019, 6, 29), "Hà Nội, ngày 29 tháng 6 năm 2019"),
        (date(2025, 2, 9), "Hà Nội, ngày 09 tháng 02 năm 2025"),
        (date(2025, 3, 10), "Hà Nội, ngày 10 tháng 3 năm 2025"),
        (date(2025, 12, 31), "Hà Nội, ngày 31 tháng 12 năm 2025"),
    ],
)
def test_date_line_leading_zeros(day: date, expected: str) -> None:
    assert place_date_line("Hà Nội", day) == expected


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_date_line_zero_only_where_the_decree_says(day: date) -> None:
    words = place_date_line("Huế", day).split()
    d, m = words[2], words[4]
    assert int(d) == day.day
    assert int(m) == day.month
    assert d.startswith("0") == (day.day < 10)
    assert m.startswith("0") == (day.month <= 2)


def test_number_line() -> None:
    assert document_number(5, "XN-THCS") == "Số: 05/XN-THCS"
    assert document_number(15, "QĐ-THPT") == "Số: 15/QĐ-THPT"


def test_hash_is_sha256_of_canonical_json() -> None:
    # sha256(b'{"a":1}') computed independently: echo -n '{"a":1}' | sha256sum
    assert content_hash({"a": 1}) == (
        "015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862"
    )


def test_post_2025_school_has_no_district_in_its_layout() -> None:
    school = School(
        code="79000123",
        name="Trường THCS Thạnh An",
        levels=("THCS",),
        province="Thành phố Hồ Chí Minh",
        commune="xã Thạnh An",
        parent_agency="Ủy ban nhân dân xã Thạnh An",
    )
    lay = Layout.for_school(school)
    assert lay.parent_agency_lines == ("ỦY BAN NHÂN DÂN XÃ THẠNH AN",)
    assert lay.issuing_agency == "TRƯỜNG THCS THẠNH AN"
    assert lay.place_name == "Thạnh An"
    assert "HUYỆN" not in " ".join(lay.parent_agency_lines)


def test_numbered_ward_keeps_its_type_on_the_date_line() -> None:
    school = School(
        code="1", name="Trường THCS A", levels=("THCS",), province="Tỉnh X", commune="phường 5"
    )
    assert Layout.for_school(school).place_name == "Phường 5"


def test_place_name_override_and_parent_agency_are_data() -> None:
    school = School(
        code="1",
        name="Trường THPT Lê Quý Đôn",
        levels=("THPT",),
        province="Thành phố Hồ Chí Minh",
        parent_agency="Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh",
        place_name="Thành phố Hồ Chí Minh",
    )
    lay = Layout.for_school(school)
    assert lay.parent_agency_lines == ("SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ HỒ CHÍ MINH",)
    assert lay.place_name == "Thành phố Hồ Chí Minh"


@pytest.mark.parametrize(
    ("authority", "own", "lines"),
    [
        (None, None, ("HIỆU TRƯỞNG",)),
        (Authority.KT, "Phó hiệu trưởng", ("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG")),
        (Authority.Q, None, ("Q. HIỆU TRƯỞNG",)),
        (Authority.TL, "Chánh văn phòng", ("TL. HIỆU TRƯỞNG", "CHÁNH VĂN PHÒNG")),
        (Authority.TUQ, "Tổ trưởng", ("TUQ. HIỆU TRƯỞNG", "TỔ TRƯỞNG")),
        (Authority.TM, "Chủ tịch", ("TM. HIỆU TRƯỞNG", "CHỦ TỊCH")),
    ],
)
def test_signature_authority_lines(
    authority: Authority | None, own: str | None, lines: tuple[str, ...]
) -> None:
    block = SignatureBlock(head_title="Hiệu trưởng", authority=authority, signer_title=own)
    assert block.title_lines == lines


def test_kt_without_the_deputys_title_is_refused() -> None:
    with pytest.raises(ValueError, match="signer_title"):
        SignatureBlock(head_title="Hiệu trưởng", authority=Authority.KT)


def _document() -> OfficialDocument:
    return OfficialDocument(created_at=datetime(2026, 6, 20), title="t")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", ["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"]),
        (
            "SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ HỒ CHÍ MINH",
            ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "THÀNH PHỐ HỒ CHÍ MINH"],
        ),
        (
            "ỦY BAN NHÂN DÂN PHƯỜNG THỦ DẦU MỘT TỈNH BÌNH DƯƠNG CŨ",
            ["ỦY BAN NHÂN DÂN PHƯỜNG THỦ DẦU MỘT", "TỈNH BÌNH DƯƠNG CŨ"],
        ),
    ],
)
def test_agency_line_breaks_before_the_place_name(line: str, expected: list[str]) -> None:
    pdf = _document()
    parts = pdf.agency_line_parts(line, 72, 12.5)
    assert parts == expected
    pdf.font(12.5 * 0.7, "")
    assert all(pdf.text_width(p) <= 72 - 2 * pdf.c_margin for p in parts)


def test_agency_line_without_a_place_name_breaks_where_the_lines_balance() -> None:
    pdf = _document()
    line = "TRUNG TÂM GIÁO DỤC NGHỀ NGHIỆP GIÁO DỤC THƯỜNG XUYÊN LIÊN KẾT ĐÀO TẠO"
    head, tail = pdf.agency_line_parts(line, 60, 12.5)
    assert f"{head} {tail}" == line
    pdf.font(12.5 * 0.7, "")
    words = line.split(" ")
    best = min(
        max(pdf.text_width(" ".join(words[:i])), pdf.text_width(" ".join(words[i:])))
        for i in range(1, len(words))
    )
    assert max(pdf.text_width(head), pdf.text_width(tail)) == best
