"""Explanations, citations and the exception tree."""

from __future__ import annotations

import re

import pytest

from vnschool_records import errors
from vnschool_records._explain import Citation, Explained, Explanation, Step, check_lang


def test_citation_formats() -> None:
    c = Citation("Thông tư 58/2011/TT-BGDĐT", article=10, clause="1", point="c",
                 amended_by="Thông tư 26/2020/TT-BGDĐT, Điều 1, khoản 4")  # fmt: skip
    assert c.format("vi") == (
        "Thông tư 58/2011/TT-BGDĐT, Điều 10, khoản 1, điểm c "
        "(sửa đổi bởi Thông tư 26/2020/TT-BGDĐT, Điều 1, khoản 4)"
    )
    assert c.format("en") == (
        "Circular 58/2011/TT-BGDĐT, Art. 10, cl. 1(c) "
        "(as amended by Circular 26/2020/TT-BGDĐT, Art. 1, cl. 4)"
    )
    assert str(Citation("Bộ luật Dân sự 91/2015/QH13", article=148)) == (
        "Bộ luật Dân sự 91/2015/QH13, Điều 148"
    )
    assert Citation("Bộ luật Dân sự 91/2015/QH13", article=148).format("en") == (
        "Civil Code 91/2015/QH13, Art. 148"
    )
    assert Citation("1397/GDĐT-TrH", point="2", note="18/5/2020").format("en") == (
        "1397/GDĐT-TrH, pt. 2 — 18/5/2020"
    )
    assert Citation("X", amended_by="Y").format("en") == "X (as amended by Y)"


def test_explanation_render_and_lang_check() -> None:
    e = Explanation("Tiêu đề", "Title", (Step("bước", "step"),), (Citation("Luật Giáo dục"),))
    assert e.render("vi") == "Tiêu đề\n  - bước\n  Căn cứ: Luật Giáo dục"
    assert e.render("en") == "Title\n  - step\n  Source: Education Law"
    with pytest.raises(ValueError, match="lang must be 'vi' or 'en'"):
        e.render("fr")
    assert check_lang("vi") == "vi"


def test_explained_is_lazy() -> None:
    calls: list[int] = []

    def build() -> Explanation:
        calls.append(1)
        return Explanation("a", "b")

    result = Explained(5, build)
    assert result.value == 5
    assert calls == []
    assert result.explain("en") == "b"
    assert result.explanation().title_vi == "a"
    assert len(calls) == 2
    assert result == Explained(5, lambda: Explanation("x", "y"))  # the explainer is not compared


def test_every_class_in_the_drawn_tree_exists_and_subclasses_its_parent() -> None:
    doc = errors.__doc__ or ""
    drawn = re.findall(r"[├└]── (\w+)(?: \((\w+)\))?", doc)
    names = {name for name, _ in drawn}
    assert names == set(errors.__all__) - {"VnSchoolRecordsError"}
    builtins_ = {"ValueError": ValueError, "LookupError": LookupError,
                 "PermissionError": PermissionError, "ImportError": ImportError,
                 "RuntimeError": RuntimeError}  # fmt: skip
    for name, builtin in drawn:
        cls = getattr(errors, name)
        assert issubclass(cls, errors.VnSchoolRecordsError)
        if builtin:
            assert issubclass(cls, builtins_[builtin])


def test_missing_extra_names_the_install_command() -> None:
    err = errors.MissingExtraError("sign")
    assert err.extra == "sign"
    assert "pip install 'vnschool-records[sign]'" in str(err)
    assert isinstance(err, ImportError)
