"""Views: every string formatted before drawing (no fpdf2 needed).

Data: the demo school and its results computed by the regulations (``conftest.py``).
"""

from __future__ import annotations

import dataclasses
import sys
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

import pytest

from vnschool_records.errors import IncompleteDataError, PolicyOptionError
from vnschool_records.models import CommentLevel, Sex, Student
from vnschool_records.regulations import PromotionOutcome
from vnschool_records.regulations._types import AcademicLevel, LearningLevel
from vnschool_records.render import (
    CertificateKind,
    Corrections,
    ExtractYearInput,
    build_certificate_view,
    build_class_summary_view,
    build_extract_view,
    build_transcript_view,
)

if TYPE_CHECKING:
    from conftest import DemoData


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


def test_extract_formats_scores_with_decimal_comma_and_orders_years(data: DemoData) -> None:
    years = data.history(2)
    view = build_extract_view(
        data.school, list(reversed(years)), number=3, issued_on=date(2025, 6, 2)
    )
    assert [y.school_year for y in view.years] == [
        "2021-2022",
        "2022-2023",
        "2023-2024",
        "2024-2025",
    ]
    assert [y.class_name[0] for y in view.years] == ["6", "7", "8", "9"]
    toan = next(r for r in view.years[0].subjects if r.name == "Toán")
    expected = years[0].result.semester1.subject_averages["toan"].value
    assert toan.semester1 == f"{expected:f}".replace(".", ",")
    assert "," in toan.semester1
    gdtc = next(r for r in view.years[0].subjects if r.name == "Giáo dục thể chất")
    level = years[0].result.year.comment_levels["gdtc"].value
    assert level is CommentLevel.PASS  # the demo's regular students pass PE
    assert (gdtc.semester1, gdtc.year) == ("Đ", "Đ")  # TT22/2021 Art. 9: Đạt is printed Đ
    assert view.header.number_line == "Số: 03/XN-THCS"
    assert view.header.place_date == "Bình Khánh, ngày 02 tháng 6 năm 2025"
    assert view.years[0].training_label == "Kết quả rèn luyện"
    assert view.years[0].overall_average is None  # TT22 has no overall average


def test_extract_prints_each_years_results_as_the_regulation_computed_them(
    data: DemoData,
) -> None:
    years = data.history(0)
    view = build_extract_view(data.school, years, number=1, issued_on=date(2025, 6, 2))
    for item, printed in zip(years, view.years, strict=True):
        r = item.result
        assert printed.learning[2] == str(r.year.learning.value)
        assert printed.training[2] == str(r.year.training.value)
        assert printed.promotion.startswith(str(r.promotion.value))


def test_hash_covers_the_content_and_detects_changes(data: DemoData) -> None:
    view = build_extract_view(data.school, data.history(2), number=3, issued_on=date(2025, 6, 2))
    assert len(view.verification.content_hash) == 64
    assert view.hash_matches()
    changed = view.model_copy(
        update={"student": view.student.model_copy(update={"full_name": "Nguyễn Văn Khác"})}
    )
    assert not changed.hash_matches()
    again = build_extract_view(data.school, data.history(2), number=3, issued_on=date(2025, 6, 2))
    assert again.verification.content_hash == view.verification.content_hash


def test_correction_counts_are_printed_per_year(data: DemoData) -> None:
    years = data.history(2, years=1)
    years[0] = dataclasses.replace(years[0], corrections=Corrections(2, ("Toán", "Ngữ văn")))
    view = build_extract_view(data.school, years, number=1, issued_on=date(2022, 6, 1))
    assert view.years[0].corrections == 2
    assert view.years[0].correction_line == (
        "Trong trang này có sửa chữa ở 2 chỗ, thuộc môn học, hoạt động giáo dục: Toán, Ngữ văn."
    )


# TT58/2011 Art. 13 and TT22/2021 Art. 9 cl. 2: the words printed for each level.
ACADEMIC_WORDS = {
    AcademicLevel.EXCELLENT: "Giỏi",
    AcademicLevel.GOOD: "Khá",
    AcademicLevel.AVERAGE: "Trung bình",
    AcademicLevel.WEAK: "Yếu",
    AcademicLevel.POOR: "Kém",
}


def test_tt58_year_has_conduct_labels_and_overall_average(
    data: DemoData, tt58: ExtractYearInput
) -> None:
    view = build_extract_view(data.old_school, [tt58], number=1, issued_on=date(2020, 6, 1))
    y = view.years[0]
    assert (y.training_label, y.learning_label) == ("Hạnh kiểm", "Học lực")
    assert y.overall_average is not None
    assert y.overall_average.name == "ĐTB các môn"
    r = tt58.result
    terms = (r.semester1, r.semester2, r.year)
    assert y.learning == tuple(ACADEMIC_WORDS[t.learning.value] for t in terms)  # type: ignore[index]
    overall = r.year.learning.overall_average
    assert overall is not None
    assert y.overall_average.year == f"{overall:f}".replace(".", ",")


def test_tt22_learning_words() -> None:
    assert [str(v) for v in LearningLevel] == ["Tốt", "Khá", "Đạt", "Chưa đạt"]


def test_extract_of_two_students_is_refused(data: DemoData) -> None:
    mixed = data.history(1, years=1) + data.history(2, years=1)
    with pytest.raises(IncompleteDataError, match="one student"):
        build_extract_view(data.school, mixed, number=1, issued_on=date(2022, 6, 1))


def test_nfd_and_untrimmed_names_become_nfc(data: DemoData) -> None:
    years = data.history(5, years=1)
    nfd = unicodedata.normalize("NFD", "  Nguyễn   Thị Thuỷ  ")
    rec = years[0].record
    student = rec.student.model_copy(update={"full_name": nfd})
    # model_copy skips validation: rebuild through the model as an importer would
    student = Student.model_validate(student.model_dump())
    years[0] = dataclasses.replace(years[0], record=rec.model_copy(update={"student": student}))
    view = build_extract_view(data.school, years, number=1, issued_on=date(2022, 6, 1))
    assert view.student.full_name == "Nguyễn Thị Thuỷ"
    assert unicodedata.is_normalized("NFC", view.student.full_name)


def test_transcript_marks_the_promotion_line(data: DemoData, tt58: ExtractYearInput) -> None:
    years = data.history(data.finalist_where(PromotionOutcome.COMPLETED))
    assert years[0].result.promotion.value is PromotionOutcome.PROMOTED
    tv = build_transcript_view(data.school, years[0], signed_on=date(2022, 5, 25))
    assert tv.era == "TT22"
    assert tv.promotion_choices[0] == ("Được lên lớp", True)
    assert not any(chosen for _, chosen in tv.promotion_choices[1:])
    final = build_transcript_view(data.school, years[3], signed_on=date(2025, 5, 25))
    assert final.year.promotion_outcome is PromotionOutcome.COMPLETED
    assert final.year.completion_line == "Hoàn thành chương trình trung học cơ sở"
    assert tt58.result.promotion.value is PromotionOutcome.PROMOTED
    old = build_transcript_view(data.old_school, tt58, signed_on=date(2020, 5, 25))
    assert old.era == "TT58"
    assert old.promotion_choices[0] == ("Được lên lớp thẳng", True)
    assert old.principal_place_date == "Cần Giờ, ngày 25 tháng 5 năm 2020"


def test_certificate_form_is_chosen_by_issue_date(data: DemoData) -> None:
    student = data.history(7, years=1)[0].record.student
    school = data.school
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


def test_certificate_ten_fields_are_formatted(data: DemoData) -> None:
    student = data.history(7, years=1)[0].record.student
    v = build_certificate_view(
        data.school, student, issued_on=date(2025, 1, 5), completion_year=2024
    )
    d = student.date_of_birth
    assert v.date_of_birth == f"{d.day:02d}/{d.month:02d}/{d.year}"  # (2)
    assert v.full_name == student.full_name.upper()  # (1)
    sex = "Nữ" if student.sex is Sex.FEMALE else "Nam"
    assert (v.sex, v.ethnicity, v.place_of_birth) == (sex, "Kinh", student.place_of_birth)
    assert v.school_name == "Trường THCS Bình Khánh"  # (7)
    assert v.place == "Thành phố Hồ Chí Minh"  # (8)
    assert v.issue_date == "ngày 05 tháng 01 năm 2025"  # (9)
    assert v.signature.title_lines == ("HIỆU TRƯỞNG",)  # (10)


GIVEN = ["Bình", "Ẩn", "Đức", "An", "Giang", "Ánh", "Dũng"]


def test_class_summary_is_in_vietnamese_collation_order(data: DemoData) -> None:
    entries = data.class_entries("6A1")
    renamed = []
    for i, (record, result) in enumerate(entries):
        name = f"Nguyễn Văn {GIVEN[i % len(GIVEN)]}" if i < len(GIVEN) else record.student.full_name
        student = record.student.model_copy(update={"full_name": name})
        renamed.append((record.model_copy(update={"student": student}), result))
    view = build_class_summary_view(
        data.school, entries[0][0].class_group, list(reversed(renamed)), issued_on=date(2025, 5, 30)
    )
    names = [r.full_name for r in view.rows]
    given = [n for n in names if n.startswith("Nguyễn Văn ")]
    order = [n.split()[-1] for n in given if n.split()[-1] in GIVEN]
    # Vietnamese alphabet: a < ă < â < b … d < đ; tones after letters: An < Ánh < Ẩn
    assert order == ["An", "Ánh", "Ẩn", "Bình", "Dũng", "Đức", "Giang"]
    assert [r.number for r in view.rows] == list(range(1, len(entries) + 1))
    assert view.columns[:3] == ("Văn", "Toán", "NN1")
    assert view.counts[0] == ("Tổng số học sinh", str(len(entries)))


def test_class_summary_counts_the_results_of_the_class(data: DemoData) -> None:
    entries = data.class_entries("6A1")
    view = build_class_summary_view(
        data.school, entries[0][0].class_group, entries, issued_on=date(2025, 5, 30)
    )
    counts = dict(view.counts)
    n = len(entries)
    seen = 0
    for level in LearningLevel:
        k = sum(1 for _, r in entries if r.year.learning.value is level)
        if not k:
            assert f"KQHT {level}" not in counts
            continue
        seen += k
        pct = (Decimal(100 * k) / n).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        assert counts[f"KQHT {level}"] == f"{k} ({str(pct).replace('.', ',')}%)"
    assert seen == n
    promoted = sum(1 for _, r in entries if r.promotion.value is PromotionOutcome.PROMOTED)
    assert counts["Được lên lớp"] == str(promoted)
    # the demo class has students on every path: not everyone is promoted outright
    assert 0 < promoted < n


def test_class_summary_counts_completions_in_a_final_grade() -> None:
    """A grade-9 class counts 'Hoàn thành chương trình', not 'Được lên lớp' (which is 0)."""
    from vnschool_records.demo import generate_school
    from vnschool_records.regulations import PromotionOutcome, evaluate_year
    from vnschool_records.render import build_class_summary_view

    demo = generate_school(classes_per_grade=1, students_per_class=8, seed=3)
    grade9 = next(c for c in demo.classes if c.grade_level == 9)
    entries = [(r, evaluate_year(r)) for r in demo.records if r.class_group == grade9]
    completed = sum(1 for _, y in entries if y.promotion.value is PromotionOutcome.COMPLETED)
    view = build_class_summary_view(demo.school, grade9, entries, issued_on=date(2026, 5, 30))
    counts = dict(view.counts)
    assert counts["Hoàn thành chương trình"] == str(completed)
    assert completed > 0
    assert "Được lên lớp" not in counts
    learning = [label for label, _ in view.counts if label.startswith("KQHT")]
    ranks = ["Tốt", "Khá", "Đạt", "Chưa đạt"]
    assert learning == sorted(learning, key=lambda lab: ranks.index(lab.split(" ", 1)[1]))
