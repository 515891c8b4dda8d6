"""Vietnamese text: NFC, class-list collation, tone-mark placement."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnschool_records._text import (
    clean_name,
    identity_key,
    is_nfc,
    name_sort_key,
    nfc,
    place_tone_marks,
    split_name,
    word_sort_key,
)

# The Vietnamese alphabet order, each letter with its six tones in the school order.
ALPHABET = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")


def test_alphabet_order_of_single_letters() -> None:
    shuffled = list(reversed(ALPHABET))
    assert sorted(shuffled, key=word_sort_key) == ALPHABET


def test_tones_sort_after_letters_in_school_order() -> None:
    ordered = ["a", "à", "ả", "ã", "á", "ạ"]
    shuffled = ["ạ", "á", "ã", "ả", "à", "a"]
    assert sorted(shuffled, key=word_sort_key) == ordered
    # letters decide first: "ác" (a + c) comes before "ăn" even though á has a tone
    assert sorted(["ăn", "ác"], key=word_sort_key) == ["ác", "ăn"]


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("Anh", "Ân"),  # DUCET gets these wrong (peers-and-dependencies §4.6)
        ("Dũng", "Đức"),
        ("Ong", "Ôn"),
        ("Uyên", "Ưng"),
        ("Hà", "Hạ"),
        ("Hoa", "Hòa"),
        ("Tú", "Từ"),
    ],
)
def test_pairs_that_generic_collation_gets_wrong(earlier: str, later: str) -> None:
    assert word_sort_key(earlier) < word_sort_key(later)


def test_class_list_sorted_by_given_then_middle_then_family() -> None:
    names = [
        "Trần Thị Bích",
        "Nguyễn Văn An",
        "Lê Thị An",
        "Phạm An",
        "Đỗ Minh Ân",
        "Bùi Văn Anh",
        "Nguyễn Thị Bích",
    ]
    assert sorted(names, key=name_sort_key) == [
        "Phạm An",
        "Lê Thị An",
        "Nguyễn Văn An",
        "Bùi Văn Anh",
        "Đỗ Minh Ân",
        "Nguyễn Thị Bích",
        "Trần Thị Bích",
    ]


def test_sort_key_is_independent_of_normal_form_and_spacing() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn  Thị Ánh")
    assert name_sort_key(nfd)[:3] == name_sort_key("Nguyễn Thị Ánh")[:3]


def test_unknown_characters_sort_after_the_alphabet() -> None:
    assert word_sort_key("z") < word_sort_key("ж")
    assert word_sort_key("Mai-Anh")[1] == (0, 0)
    assert word_sort_key("\u0302a")[0] == word_sort_key("a")[0]  # a stray leading mark is dropped


def test_nfc_and_clean_name() -> None:
    decomposed = "Nguye\u0302\u0303n"
    assert not is_nfc(decomposed)
    assert nfc(decomposed) == "Nguyễn"
    assert clean_name(f"  {decomposed}\u00a0 Văn  An ") == "Nguyễn Văn An"


def test_split_name() -> None:
    assert split_name("Nguyễn Văn An") == ("Nguyễn", "Văn", "An")
    assert split_name("Lê An") == ("Lê", "", "An")
    assert split_name("An") == ("", "", "An")


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [
        ("hoà", "hòa", "hoà"),
        ("thuý", "thúy", "thuý"),
        ("khoẻ", "khỏe", "khoẻ"),
        ("hoàng", "hoàng", "hoàng"),
        ("người", "người", "người"),
        ("quý", "quý", "quý"),
        ("giàu", "giàu", "giàu"),
        ("gì", "gì", "gì"),
        ("khuỷu", "khuỷu", "khuỷu"),
        ("mùa", "mùa", "mùa"),
        ("Tuấn", "Tuấn", "Tuấn"),
        ("an", "an", "an"),
        ("Hòa-Bình", "Hòa-Bình", "Hoà-Bình"),
        ("x̀", "x̀", "x̀"),
    ],
)
def test_tone_placement(text: str, old: str, new: str) -> None:
    assert place_tone_marks(text) == nfc(old)
    assert place_tone_marks(text, style="new") == nfc(new)


def test_identity_key_ignores_case_spacing_and_placement_but_not_tones() -> None:
    assert identity_key("Nguyễn Thị Hoà") == identity_key(" NGUYỄN  thị hòa")
    assert identity_key("Thúy") == identity_key("Thuý")
    assert identity_key("Hòa") != identity_key("Hóa")
    assert identity_key("Hoa") != identity_key("Hòa")


vietnamese_words = st.sampled_from(
    ["Nguyễn", "Thị", "Hoà", "Hòa", "Thuý", "Ánh", "Đức", "Quý", "Người", "An", "Ưng", "Khoẻ"]
)


@given(st.lists(vietnamese_words, min_size=1, max_size=4))
def test_placement_is_idempotent_and_keeps_letters(words: list[str]) -> None:
    text = " ".join(words)
    once = place_tone_marks(text)
    assert place_tone_marks(once) == once
    assert is_nfc(once)
    assert identity_key(once) == identity_key(place_tone_marks(text, style="new"))
