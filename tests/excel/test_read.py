"""Reading a filled grade book: what teachers type, and every problem as a finding at a cell."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from vnschool_records.excel import FINDING_CODES, read_gradebook, write_gradebook
from vnschool_records.excel._findings import where
from vnschool_records.models import CommentLevel, Semester, StudentYearRecord


def _filled(
    records: list[StudentYearRecord], tmp_path: Path, edits: dict[str, dict[str, object]]
) -> Path:
    """Write the grade book, then type into it like a teacher would (openpyxl, normal mode)."""
    path = tmp_path / "so_diem.xlsx"
    write_gradebook(records, path)
    wb = load_workbook(path)
    for sheet, cells in edits.items():
        for ref, value in cells.items():
            wb[sheet][ref] = value
    wb.save(path)
    return path


def _by_id(records):
    return {r.student.student_id: r for r in records}


# Rows on every sheet: 3 = Lê Ân (HS003), 4 = Nguyễn Thị Dung (HS002), 5 = Trần Văn Đức (HS001).
# Toán_HK1 columns: E–H ĐĐGtx1–4, I ĐĐGgk, J ĐĐGck, K ĐTBmhkI, L Nhận xét.


def test_decimal_comma_dot_and_numbers_are_all_read(class_6a1, tmp_path):
    path = _filled(
        class_6a1,
        tmp_path,
        {"Toán_HK1": {"E3": "7,5", "F3": "6.5", "G3": 8, "H3": 9.5, "I3": " 10 "}},
    )
    result = read_gradebook(path)
    assert result.findings == ()
    a = _by_id(result.records)["HS003"].assessment("toan", Semester.ONE)
    assert a is not None
    assert a.regular == (Decimal("7.5"), Decimal("6.5"), Decimal("8"), Decimal("9.5"))
    assert a.midterm == Decimal("10")


def test_two_decimals_is_a_finding_at_the_cell_and_the_rest_is_kept(class_6a1, tmp_path):
    path = _filled(class_6a1, tmp_path, {"Toán_HK1": {"E4": "7,25", "F4": 8.25}})
    result = read_gradebook(path)
    msgs = [f.message_en for f in result.findings]
    assert msgs[0].startswith("Toán_HK1!E4: '7,25' has two decimals")
    assert msgs[1].startswith("Toán_HK1!F4: 8.25 has two decimals")
    assert result.findings[0].message_vi.startswith("Toán_HK1!E4: '7,25' có hai chữ số thập phân")
    assert [f.code for f in result.findings] == ["excel-score-too-many-decimals"] * 2
    assert result.findings[0].loc == ("Toán_HK1", "E4")
    assert result.findings[0].reference is not None
    assert (
        result.findings[0].reference.format("vi")
        == "Thông tư 22/2021/TT-BGDĐT, Điều 5, khoản 3, điểm b"
    )
    assert not result.ok
    # The bad cells are left out; the other two regular scores and every other row remain.
    a = _by_id(result.records)["HS002"].assessment("toan", Semester.ONE)
    assert a is not None
    assert a.regular == (Decimal("4.5"), Decimal("7"))
    assert len(result.records) == 3


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("abc", "excel-score-not-a-number"),
        ("7,5,1", "excel-score-not-a-number"),
        (11, "excel-score-out-of-range"),
        ("-1", "excel-score-out-of-range"),
        (True, "excel-score-not-a-number"),
    ],
)
def test_bad_scores(class_6a1, tmp_path, typed, code):
    result = read_gradebook(_filled(class_6a1, tmp_path, {"Toán_HK2": {"I5": typed}}))
    assert [(f.code, where(f.loc)) for f in result.findings] == [(code, "Toán_HK2!I5")]
    a = _by_id(result.records)["HS001"].assessment("toan", Semester.TWO)
    assert a is not None
    assert a.midterm is None
    assert a.final == Decimal("8.5")


def test_a_formula_typed_into_a_score_cell_is_not_used(class_6a1, tmp_path):
    result = read_gradebook(_filled(class_6a1, tmp_path, {"Toán_HK1": {"J3": "=AVERAGE(E3:H3)"}}))
    assert [f.code for f in result.findings] == ["excel-formula-in-cell"]
    assert where(result.findings[0].loc) == "Toán_HK1!J3"
    assert _by_id(result.records)["HS003"].assessment("toan", Semester.ONE).final is None


def test_levels_training_counts_and_flags(class_6a1, tmp_path):
    edits = {
        "GDTC_HK1": {"E3": "đạt", "F3": "Chưa đạt", "G3": "CD", "H3": "Tốt"},
        "Rèn luyện": {"E4": "Giỏi", "I4": -2, "J4": "3"},
        "Học sinh": {"K5": "có"},
    }
    result = read_gradebook(_filled(class_6a1, tmp_path, edits))
    assert [(f.code, where(f.loc)) for f in result.findings] == [
        ("excel-flag-invalid", "Học sinh!K5"),
        ("excel-level-invalid", "GDTC_HK1!H3"),
        ("excel-training-invalid", "Rèn luyện!E4"),
        ("excel-count-invalid", "Rèn luyện!I4"),
    ]
    rec = _by_id(result.records)["HS003"]
    a = rec.assessment("gdtc", Semester.ONE)
    assert a is not None
    # TT22 Art. 6 cl. 2: two regular levels (E, F); G is the mid-term, H the end-of-term.
    assert a.regular_levels == (CommentLevel.PASS, CommentLevel.FAIL)
    assert a.midterm_level is CommentLevel.FAIL
    assert a.final_level is None
    dung = _by_id(result.records)["HS002"]
    assert dung.training_semester1 is None
    assert [(x.excused, x.unexcused) for x in dung.attendance] == [(0, 3)]


def test_shifted_and_foreign_rows(class_6a1, tmp_path):
    edits = {"Toán_HK1": {"C3": "Nguyễn Thị Dung", "B6": "HS999", "C6": "Học sinh lạ", "E6": 5}}
    result = read_gradebook(_filled(class_6a1, tmp_path, edits))
    assert [(f.code, where(f.loc), f.severity) for f in result.findings] == [
        ("excel-name-mismatch", "Toán_HK1!C3", "warning"),
        ("excel-unknown-student", "Toán_HK1!B6", "error"),
    ]
    assert "rows shifted" in result.findings[0].message_en
    assert len(result.records) == 3


def test_every_emitted_code_is_documented():
    doc = (Path(__file__).parents[2] / "docs" / "excel.md").read_text(encoding="utf-8")
    for code in FINDING_CODES:
        assert f"`{code}`" in doc, code


def test_deleted_sheet_and_missing_column(class_6a1, tmp_path):
    path = tmp_path / "so_diem.xlsx"
    write_gradebook(class_6a1, path)
    wb = load_workbook(path)
    del wb["Tin học_HK2"]
    wb["Toán_HK1"]["I2"] = "Giữa kì"  # header renamed: the sheet cannot be read safely
    wb.save(path)
    result = read_gradebook(path)
    assert [(f.code, where(f.loc)) for f in result.findings] == [
        ("excel-missing-column", "Toán_HK1"),
        ("excel-missing-sheet", "Tin học_HK2"),
    ]
    rec = _by_id(result.records)["HS001"]
    assert rec.assessment("toan", Semester.ONE) is None
    assert rec.assessment("toan", Semester.TWO) is not None
