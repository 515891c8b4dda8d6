"""Views: every string formatted before drawing (no fpdf2 needed)."""

from __future__ import annotations

import dataclasses
import sys
import unicodedata
from datetime import date

import pytest

from vnschool_records.errors import IncompleteDataError, PolicyOptionError
from vnschool_records.models import Student
from vnschool_records.regulations._types import PromotionOutcome
from vnschool_records.render import (
    CertificateKind,
    Corrections,
    build_certificate_view,
    build_class_summary_view,
    build_extract_view,
    build_transcript_view,
)
from vnschool_records.render._demo import demo_history, demo_school


def test_view_modules_do_not_import_fpdf() -> None:
    import subprocess

    code = (
        "import sys; import vnschool_records.render as r; r.build_extract_view; "
        "print('fpdf' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "False"


def test_extract_formats_scores_with_decimal_comma_and_orders_years() -> None:
    years = demo_history(2)
    view = build_extract_view(
        demo_school(), list(reversed(years)), number=3, issued_on=date(2025, 6, 2)
    )
    assert [y.school_year for y in view.years] == [
        "2021-2022",
        "2022-2023",
        "2023-2024",
        "2024-2025",
    ]
    toan = next(r for r in view.years[0].subjects if r.name == "Toán")
    expected = years[0].result.semester1.subject_averages["toan"].value
    assert toan.semester1 == str(expected).replace(".", ",")
    assert "," in toan.semester1
    gdtc = next(r for r in view.years[0].subjects if r.name == "Giáo dục thể chất")
    assert (gdtc.semester1, gdtc.year) == ("Đ", "Đ")
    assert view.header.number_line == "Số: 03/XN-THCS"
    assert view.header.place_date == "Bình Khánh, ngày 02 tháng 6 năm 2025"
    assert view.years[0].training_label == "Kết quả rèn luyện"
    assert view.years[0].overall_average is None


def test_hash_covers_the_content_and_detects_changes() -> None:
    view = build_extract_view(demo_school(), demo_history(2), number=3, issued_on=date(2025, 6, 2))
    assert len(view.verification.content_hash) == 64
    assert view.hash_matches()
    changed = view.model_copy(
        update={"student": view.student.model_copy(update={"full_name": "Nguyễn Văn Khác"})}
    )
    assert not changed.hash_matches()
    again = build_extract_view(demo_school(), demo_history(2), number=3, issued_on=date(2025, 6, 2))
    assert again.verification.content_hash == view.verification.content_hash


def test_correction_counts_are_printed_per_year() -> None:
    years = demo_history(2, years=1)
    years[0] = dataclasses.replace(years[0], corrections=Corrections(2, ("Toán", "Ngữ văn")))
    view = build_extract_view(demo_school(), years, number=1, issued_on=date(2022, 6, 1))
    assert view.years[0].corrections == 2
    assert view.years[0].correction_line == (
        "Trong trang này có sửa chữa ở 2 chỗ, thuộc môn học, hoạt động giáo dục: Toán, Ngữ văn."
    )


def test_tt58_year_has_conduct_labels_and_overall_average() -> None:
    years = demo_history(4, first_year=2019, years=1)
    view = build_extract_view(demo_school(), years, number=1, issued_on=date(2020, 6, 1))
    y = view.years[0]
    assert (y.training_label, y.learning_label) == ("Hạnh kiểm", "Học lực")
    assert y.overall_average is not None
    assert y.overall_average.name == "ĐTB các môn"
    assert y.learning == ("Khá", "Khá", "Khá")  # AcademicLevel.GOOD is "Khá" (TT58 Art. 13)
    overall = years[0].result.year.learning.overall_average
    assert overall is not None
    assert y.overall_average.year == f"{overall:f}".replace(".", ",")


def test_extract_of_two_students_is_refused() -> None:
    mixed = demo_history(1, years=1) + demo_history(2, years=1)
    with pytest.raises(IncompleteDataError, match="one student"):
        build_extract_view(demo_school(), mixed, number=1, issued_on=date(2022, 6, 1))


def test_nfd_and_untrimmed_names_become_nfc() -> None:
    years = demo_history(5, years=1)
    nfd = unicodedata.normalize("NFD", "  Nguyễn   Thị Thuỷ  ")
    rec = years[0].record
    student = rec.student.model_copy(update={"full_name": nfd})
    # model_copy skips validation: rebuild through the model as an importer would
    student = Student.model_validate(student.model_dump())
    years[0] = dataclasses.replace(years[0], record=rec.model_copy(update={"student": student}))
    view = build_extract_view(demo_school(), years, number=1, issued_on=date(2022, 6, 1))
    assert view.student.full_name == "Nguyễn Thị Thuỷ"
    assert unicodedata.is_normalized("NFC", view.student.full_name)


def test_transcript_marks_the_promotion_line() -> None:
    years = demo_history(6)
    tv = build_transcript_view(demo_school(), years[0], signed_on=date(2022, 5, 25))
    assert tv.era == "TT22"
    assert tv.promotion_choices[0] == ("Được lên lớp", True)
    assert not any(chosen for _, chosen in tv.promotion_choices[1:])
    final = build_transcript_view(demo_school(), years[3], signed_on=date(2025, 5, 25))
    assert final.year.promotion_outcome is PromotionOutcome.COMPLETED
    assert final.year.completion_line == "Hoàn thành chương trình trung học cơ sở"
    old = build_transcript_view(
        demo_school(reform_2025=False),
        demo_history(6, first_year=2019, years=1)[0],
        signed_on=date(2020, 5, 25),
    )
    assert old.era == "TT58"
    assert old.promotion_choices[0] == ("Được lên lớp thẳng", True)
    assert old.principal_place_date == "Cần Giờ, ngày 25 tháng 5 năm 2020"


def test_certificate_form_is_chosen_by_issue_date() -> None:
    student = demo_history(7, years=1)[0].record.student
    school = demo_school()
    new = build_certificate_view(school, student, issued_on=date(2020, 8, 13), completion_year=2020)
    assert new.kind is CertificateKind.TT18_2020
    assert new.title_lines[1] == "HOÀN THÀNH CHƯƠNG TRÌNH GIÁO DỤC PHỔ THÔNG"
    assert new.completion_year == "2020"
    old = build_certificate_view(
        school, student, issued_on=date(2020, 8, 12), completion_year=2020, grade_level=10
    )
    assert old.kind is CertificateKind.QD39_2008
    assert old.title_lines[1] == "HOÀN THÀNH CHƯƠNG TRÌNH LỚP 10"
    assert old.completion_year == "2019-2020"
    with pytest.raises(PolicyOptionError, match="18/2020"):
        build_certificate_view(
            school, student, issued_on=date(2021, 6, 1), completion_year=2021, grade_level=11
        )


def test_certificate_ten_fields_are_formatted() -> None:
    student = demo_history(7, years=1)[0].record.student
    v = build_certificate_view(
        demo_school(), student, issued_on=date(2025, 1, 5), completion_year=2024
    )
    d = student.date_of_birth
    assert v.date_of_birth == f"{d.day:02d}/{d.month:02d}/{d.year}"  # (2)
    assert v.full_name == student.full_name.upper()  # (1)
    assert (v.sex, v.ethnicity, v.place_of_birth) == ("Nữ", "Kinh", "Thành phố Hồ Chí Minh")
    assert v.school_name == "Trường THCS Bình Khánh"  # (7)
    assert v.place == "Thành phố Hồ Chí Minh"  # (8)
    assert v.issue_date == "ngày 05 tháng 01 năm 2025"  # (9)
    assert v.signature.title_lines == ("HIỆU TRƯỞNG",)  # (10)


def test_class_summary_is_in_vietnamese_collation_order() -> None:
    entries = []
    for i in range(40):
        h = demo_history(i, years=1)[0]
        entries.append((h.record, h.result))
    view = build_class_summary_view(
        demo_school(),
        entries[0][0].class_group,
        list(reversed(entries)),
        issued_on=date(2022, 5, 30),
    )
    names = [r.full_name for r in view.rows]
    given = [n.split()[-1] for n in names]
    # Vietnamese alphabet: a < ă < â < b …, tones after letters: An < Ánh < Ẩn
    assert given.index("An") < given.index("Ánh") < given.index("Ẩn") < given.index("Bình")
    assert given.index("Dũng") < given.index("Đức") < given.index("Giang")
    assert [r.number for r in view.rows] == list(range(1, 41))
    assert view.columns[:3] == ("Văn", "Toán", "NN1")
    assert view.counts[0] == ("Tổng số học sinh", "40")
    assert ("KQHT Khá", "40 (100,0%)") in view.counts
