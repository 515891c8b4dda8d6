"""The written workbook: sheets, columns per regulation, order, locking, meta, injection."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from vnschool_records._text import name_sort_key
from vnschool_records.excel import GradebookInputError, read_gradebook, write_gradebook
from vnschool_records.models import (
    ClassGroup,
    CommentLevel,
    Semester,
    Student,
    StudentYearRecord,
    subject_catalogue,
)
from vnschool_records.regulations import evaluate_year

DATA = Path(__file__).parent / "data"


def _write(records: list[StudentYearRecord], tmp_path: Path, **kw: object) -> Path:
    path = tmp_path / "so_diem.xlsx"
    assert write_gradebook(records, path, **kw) == ()  # type: ignore[arg-type]
    back = read_gradebook(path)  # every workbook written is read back
    assert back.findings == ()
    assert {r.student.student_id: r for r in back.records} == {
        r.student.student_id: r for r in records
    }
    return path


def test_sheets_names_are_valid_unique_and_in_book_order(class_6a1, tmp_path):
    wb = load_workbook(_write(class_6a1, tmp_path))
    names = wb.sheetnames
    assert names[0] == "Học sinh"
    assert names[1:13] == [
        "Ngữ văn_HK1", "Toán_HK1", "NN1_HK1", "GDCD_HK1", "LS&ĐL_HK1", "KHTN_HK1",
        "Công nghệ_HK1", "Tin học_HK1", "GDTC_HK1", "Nghệ thuật_HK1", "ND GDĐP_HK1",
        "HĐTN-HN_HK1",
    ]  # fmt: skip
    assert names[13] == "Ngữ văn_HK2"
    assert names[-3:] == ["Rèn luyện", "Miễn học", "_meta"]
    assert len({n.casefold() for n in names}) == len(names)
    assert all(len(n) <= 31 and not set(n) & set("\\/?*[]:") for n in names)
    assert wb["_meta"].sheet_state == "hidden"


def test_columns_follow_the_regulation(class_6a1, tmp_path):
    wb = load_workbook(_write(class_6a1, tmp_path))
    header = lambda name: [c.value for c in wb[name][2]]  # noqa: E731
    # Toán: 140 periods a year → 4 ĐĐGtx (TT22 Art. 6 cl. 2: more than 70 periods).
    assert header("Toán_HK1") == [
        "STT", "Mã học sinh", "Họ và tên", "Ngày sinh", "ĐĐGtx1", "ĐĐGtx2", "ĐĐGtx3",
        "ĐĐGtx4", "ĐĐGgk", "ĐĐGck", "ĐTBmhkI", "Nhận xét",
    ]  # fmt: skip
    # GDCD: 35 periods → 2 ĐĐGtx; semester II adds the year average and re-assessment.
    assert header("GDCD_HK2") == [
        "STT", "Mã học sinh", "Họ và tên", "Ngày sinh", "ĐĐGtx1", "ĐĐGtx2", "ĐĐGgk",
        "ĐĐGck", "ĐTBmhkII", "ĐTBmcn", "Đánh giá lại", "Nhận xét",
    ]  # fmt: skip
    # Comment subjects carry Đ/CĐ level columns.
    # A comment subject records 2 regular levels whatever its periods (TT22 Art. 6 cl. 2).
    assert header("GDTC_HK1")[4:] == [
        "TX1 (Đ/CĐ)", "TX2 (Đ/CĐ)", "Giữa kì (Đ/CĐ)", "Cuối kì (Đ/CĐ)",
        "Học kì I", "Nhận xét",
    ]  # fmt: skip


def test_grade_8_technology_gets_three_regular_columns(tmp_path):
    # Công nghệ grade 8 has 52 periods (2018 programme) → 3 ĐĐGtx (TT22 Art. 6 cl. 2).
    subjects = tuple(s for s in subject_catalogue("2018", 8) if s.code == "cong_nghe")
    cls = ClassGroup(name="8A", grade_level=8, school_year="2023-2024")
    rec = StudentYearRecord(
        student=Student(
            student_id="X1", full_name="Vũ An", date_of_birth=date(2010, 1, 2), sex="Nữ"
        ),
        class_group=cls,
        subjects=subjects,
    )
    wb = load_workbook(_write([rec], tmp_path))
    assert [c.value for c in wb["Công nghệ_HK1"][2]][4:8] == ["ĐĐGtx1", "ĐĐGtx2", "ĐĐGtx3", "ĐĐGgk"]


def test_students_in_vietnamese_collation_order(class_6a1, tmp_path):
    wb = load_workbook(_write(class_6a1, tmp_path))
    names = [row[2] for row in wb["Toán_HK1"].iter_rows(min_row=3, values_only=True)]
    assert names == ["Lê Ân", "Nguyễn Thị Dung", "Trần Văn Đức"]  # Ân < Dung < Đức
    assert names == sorted(names, key=name_sort_key)


def test_identity_and_computed_cells_locked_score_cells_unlocked(class_6a1, tmp_path):
    results = [evaluate_year(r) for r in class_6a1]
    wb = load_workbook(_write(class_6a1, tmp_path, results=results))
    ws = wb["Toán_HK1"]
    assert ws.protection.sheet
    row = ws[3]
    locked = [c.protection.locked for c in row[:11]]  # L3 (Nhận xét) is blank, not written
    assert locked == [True] * 4 + [False] * 6 + [True]
    # Blank cells take their column's style: input columns unlocked, the rest locked.
    column_locked = {col: ws.column_dimensions[col].protection.locked for col in "ABCDEFGHIJKL"}
    assert [col for col, lk in column_locked.items() if not lk] == list("EFGHIJL")
    assert ws.column_dimensions["L"].number_format == "@"
    assert [c.number_format for c in row[4:11]] == ["0.0"] * 7
    # Lê Ân (HS003) has 10 9,5 9 10 | 9 | 9,5: (38.5 + 18 + 28.5) / 9 = 85/9 = 9.44… → 9.4.
    assert row[10].value == pytest.approx(9.4)
    assert isinstance(row[4].value, int | float)  # scores are numbers, not text


def test_summary_sheets_from_results(class_6a1, tmp_path):
    results = {r.student.student_id: evaluate_year(r) for r in class_6a1}
    wb = load_workbook(_write(class_6a1, tmp_path, results=results))
    assert {"Tổng hợp HK1", "Tổng hợp HK2", "Tổng hợp cả năm"} <= set(wb.sheetnames)
    ws = wb["Tổng hợp cả năm"]
    header = [c.value for c in ws[2]]
    assert header[:5] == ["STT", "Mã học sinh", "Họ và tên", "Ngữ văn", "Toán"]
    assert {"KQHT", "KQRL", "Lên lớp", "Khen thưởng", "Số buổi nghỉ"} <= set(header)
    rows = {
        r[1]: dict(zip(header, r, strict=False)) for r in ws.iter_rows(min_row=3, values_only=True)
    }
    assert rows["HS003"]["Số buổi nghỉ"] == 3
    for sid, res in results.items():
        assert rows[sid]["KQHT"] == res.year.learning.value.value
        assert rows[sid]["Lên lớp"] == res.promotion.value.value
    assert all(c.protection.locked for c in ws[3])


def test_formula_like_text_is_written_as_text(class_6a1, tmp_path):
    evil = '=HYPERLINK("http://evil","bấm")'
    rec = class_6a1[0]
    a = rec.assessment("toan", Semester.ONE)
    assert a is not None
    changed = rec.model_copy(
        update={
            "assessments": tuple(
                x.model_copy(update={"comment": evil}) if x is a else x for x in rec.assessments
            ),
            "student": rec.student.model_copy(update={"address": "@SUM(A1)", "ethnicity": "+Kinh"}),
        }
    )
    path = _write([changed, *class_6a1[1:]], tmp_path)
    with zipfile.ZipFile(path) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in xml  # no formula anywhere in the workbook
    assert b"<f " not in xml
    ws = load_workbook(path)["Toán_HK1"]
    cell = next(r[11] for r in ws.iter_rows(min_row=3) if r[1].value == "HS001")
    assert cell.data_type == "s"
    assert cell.value == "'" + evil


def test_meta_sheet_makes_reading_unambiguous(class_6a1, tmp_path):
    wb = load_workbook(_write(class_6a1, tmp_path))
    meta = {
        r[0]: r[1]
        for r in wb["_meta"].iter_rows(values_only=True)
        if r[0] not in ("subject", "sheet")
    }
    assert meta["format"] == "vnschool_records.gradebook"
    assert meta["format_version"] == 1
    assert meta["school_year"] == "2023-2024"
    assert meta["class_name"] == "6A1"
    assert meta["grade_level"] == 6
    assert meta["regulation"] == "TT22_2021"


def test_golden_toan_hk1(class_6a1, tmp_path):
    """The Toán semester I sheet, cell for cell, against a checked golden file."""
    wb = load_workbook(_write(class_6a1, tmp_path))
    rows = [list(r) for r in wb["Toán_HK1"].iter_rows(values_only=True)]
    golden = json.loads((DATA / "toan_hk1_6a1.json").read_text(encoding="utf-8"))
    assert rows == golden


def test_more_scores_than_required_get_more_columns(class_6a1, tmp_path):
    rec = class_6a1[0]
    extra = tuple(
        a.model_copy(update={"regular": (*a.regular, Decimal("9.5"))})
        if a.subject == "gdcd" and a.semester is Semester.ONE
        else a
        for a in rec.assessments
    )
    path = _write([rec.model_copy(update={"assessments": extra}), *class_6a1[1:]], tmp_path)
    header = [c.value for c in load_workbook(path)["GDCD_HK1"][2]]
    assert header[4:8] == ["ĐĐGtx1", "ĐĐGtx2", "ĐĐGtx3", "ĐĐGgk"]


def test_values_without_a_cell_are_reported(class_6a1, tmp_path):
    rec = class_6a1[0]
    bad = tuple(
        a.model_copy(update={"midterm_level": CommentLevel.PASS}) if a.subject == "toan" else a
        for a in rec.assessments
    )
    findings = write_gradebook([rec.model_copy(update={"assessments": bad})], tmp_path / "x.xlsx")
    assert {f.code for f in findings} == {"excel-not-written"}
    assert findings[0].loc == ("Toán_HK1",)
    assert "Đ/CĐ levels on a scored subject" in findings[0].message_en


def test_misuse_raises(class_6a1, tmp_path):
    with pytest.raises(GradebookInputError, match="at least one"):
        write_gradebook([], tmp_path / "a.xlsx")
    other = class_6a1[0].model_copy(
        update={"class_group": ClassGroup(name="6A2", grade_level=6, school_year="2023-2024")}
    )
    with pytest.raises(GradebookInputError, match="one class"):
        write_gradebook([class_6a1[1], other], tmp_path / "a.xlsx")
    with pytest.raises(GradebookInputError, match="twice"):
        write_gradebook([class_6a1[0], class_6a1[0]], tmp_path / "a.xlsx")
    toan = next(s for s in class_6a1[0].subjects if s.code == "toan")
    changed = class_6a1[1].model_copy(
        update={
            "subjects": tuple(
                s if s is not toan else toan.model_copy(update={"periods_per_year": 105})
                for s in class_6a1[1].subjects
            )
        }
    )
    with pytest.raises(GradebookInputError, match="defined two ways"):
        write_gradebook([class_6a1[0], changed], tmp_path / "a.xlsx")


def test_a_comment_longer_than_a_cell_stops_the_write_and_names_the_cell(class_6a1, tmp_path):
    from vnschool_records.errors import WorkbookError

    rec = class_6a1[0]
    a = rec.assessment("toan", Semester.ONE)
    assert a is not None
    long = rec.model_copy(
        update={
            "assessments": tuple(
                x.model_copy(update={"comment": "rất tốt " * 5_000}) if x is a else x
                for x in rec.assessments
            )
        }
    )
    with pytest.raises(WorkbookError, match=r"sheet 'Toán_HK1', cell [A-Z]+\d+: text of 40,000"):
        _write([long, *class_6a1[1:]], tmp_path)
    assert not list(tmp_path.glob("*.xlsx"))  # nothing half-written, nothing cut
