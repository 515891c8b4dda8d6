"""Correction counts per printed page ("Trong trang này có … điểm được sửa chữa")."""

from __future__ import annotations

import pytest

from vnschool_records.gradebook import Cell, corrections_per_page
from vnschool_records.models import CommentLevel, TrainingLevel


def _correct(book, world, teacher, cell, new) -> int:
    c = book.request_correction(teacher, cell, new, reason="Sửa nhầm")
    book.confirm_correction(world.gvcn, c.correction_id)
    return c.correction_id


def _book(world):
    book = world.new_book()
    gv, van = world.gv_toan, world.gv_van
    toan1 = book.enter_score(gv, "HS001", "toan", 1, "gk", "5")
    toan2 = book.enter_score(gv, "HS002", "toan", 2, "ck", "6")
    van1 = book.enter_score(van, "HS001", "ngu_van", 1, "tx1", "7")
    gdtc = book.enter_comment_level(gv, "HS003", "gdtc", 1, "ck", CommentLevel.FAIL)
    training = book.enter_training(world.gvcn, "HS001", "HK1", TrainingLevel.FAIR)
    _correct(book, world, gv, toan1, "5,5")
    _correct(book, world, gv, toan2, "6,5")
    _correct(book, world, van, van1, "8")
    _correct(book, world, gv, gdtc, CommentLevel.PASS)
    book.request_correction(world.gvcn, training, TrainingLevel.GOOD, reason="x")  # not a score
    rejected = book.request_correction(gv, toan1, "9", reason="y")
    book.reject_correction(world.gvcn, rejected.correction_id, reason="sai")  # not applied
    pending = Cell.assessment("HS003", "toan", 1, "tx1")
    book.enter_score(gv, "HS003", "toan", 1, "tx1", "4")
    book.request_correction(gv, pending, "4,5", reason="z")  # not yet confirmed
    return book


PAGES = [["toan", "ngu_van"], ["gdtc", "khtn"]]


def test_counts_per_page(world) -> None:
    pages = _book(world).corrections_per_page(PAGES)
    assert [p.total for p in pages] == [3, 1]
    assert pages[0].by_subject == (("toan", "Toán", 2), ("ngu_van", "Ngữ văn", 1))
    assert pages[0].footer_vi() == (
        "Trong trang này có 3 điểm được sửa chữa, trong đó môn: Toán 2 điểm, Ngữ văn 1 điểm."
    )
    assert pages[1].footer_vi() == (
        "Trong trang này có 1 điểm được sửa chữa, trong đó môn: Giáo dục thể chất 1 điểm."
    )
    assert (
        pages[1].footer_en() == "1 values corrected on this page; by subject: Giáo dục thể chất 1."
    )


def test_counts_for_one_student_and_semester(world) -> None:
    book = _book(world)
    hs001 = book.corrections_per_page(PAGES, student_id="HS001")
    assert [p.total for p in hs001] == [2, 0]
    assert hs001[1].footer_en() == "No values were corrected on this page."
    sem2 = book.corrections_per_page(PAGES, semester=2)
    assert [p.total for p in sem2] == [1, 0]


def test_names_come_from_the_log_itself(world) -> None:
    pages = corrections_per_page(_book(world).log, PAGES)
    assert pages[0].by_subject[1] == ("ngu_van", "Ngữ văn", 1)


def test_a_subject_on_two_pages_is_refused(world) -> None:
    with pytest.raises(ValueError, match="page 1 and page 2"):
        _book(world).corrections_per_page([["toan"], ["toan"]])
