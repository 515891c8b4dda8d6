"""Vietnamese text (Văn bản tiếng Việt): NFC, class-list collation, tone-mark placement.

* :func:`nfc` and :func:`clean_name` — every string the SDK stores is NFC with single spaces.
* :func:`name_sort_key` — sorts a class list the way schools do: by given name (tên), then
  middle names (tên đệm), then family name (họ), in Vietnamese alphabetical order
  ``a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y``, with tones after letters in
  the order ngang, huyền, hỏi, ngã, sắc, nặng.
* :func:`place_tone_marks` and :func:`identity_key` — the same name typed with the tone mark
  on a different vowel ("Hoà" / "Hòa", "Thuý" / "Thúy") is the same name.

>>> names = ["Trần Văn Đức", "Nguyễn Thị Dung", "Lê Ân", "Phạm Anh", "Võ Thị Ánh", "Bùi Văn Ba"]
>>> [n.split()[-1] for n in sorted(names, key=name_sort_key)]
['Anh', 'Ánh', 'Ân', 'Ba', 'Dung', 'Đức']
>>> identity_key("Nguyễn Thị Hoà") == identity_key("nguyễn  thị HÒA")
True
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, Literal

__all__ = [
    "clean_name",
    "identity_key",
    "is_nfc",
    "name_sort_key",
    "nfc",
    "place_tone_marks",
    "split_name",
    "word_sort_key",
]

# Combining marks that make a different *letter* (ă â ê ô ơ ư) and those that are *tones*.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_TONES: Final = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_TONE_MARK_BY_INDEX: Final = {v: k for k, v in _TONES.items()}

_ALPHABET: Final = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK: Final = {ch: i for i, ch in enumerate(_ALPHABET)}
_MODIFIED: Final = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}
_VOWELS: Final = frozenset("aăâeêioôơuưy")
_SPACES = re.compile(r"\s+")
_WORD_SPLIT = re.compile(r"([^\w\u0300-\u036f]+)")


def nfc(text: str) -> str:
    """``text`` in Unicode normal form C (composed), as the SDK stores every string.

    >>> nfc("Nguye\\u0302\\u0303n") == "Nguyễn"
    True
    """
    return unicodedata.normalize("NFC", text)


def is_nfc(text: str) -> bool:
    """Whether ``text`` is already NFC.

    >>> is_nfc("Hòa"), is_nfc("Ho\\u0300a")
    (True, False)
    """
    return unicodedata.is_normalized("NFC", text)


def clean_name(text: str) -> str:
    """A person's name as stored: NFC, trimmed, single spaces between words.

    >>> clean_name("  Nguyễn   Văn\\tAn ")
    'Nguyễn Văn An'
    """
    return _SPACES.sub(" ", nfc(text)).strip()


def split_name(full_name: str) -> tuple[str, str, str]:
    """Split a full name into (family name, middle names, given name).

    >>> split_name("Nguyễn Thị Minh Khai")
    ('Nguyễn', 'Thị Minh', 'Khai')
    >>> split_name("An")
    ('', '', 'An')
    """
    words = clean_name(full_name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def _letters_and_tones(word: str) -> tuple[list[str], int]:
    """Base letters (with ă â đ ê ô ơ ư as letters of their own) and the syllable's tone."""
    letters: list[str] = []
    tone = 0
    for ch in unicodedata.normalize("NFD", word.casefold()):
        if ch in _TONES:
            tone = _TONES[ch]
        elif unicodedata.combining(ch):
            if letters:
                letters[-1] = _MODIFIED.get((letters[-1], ch), letters[-1])
        else:
            letters.append(ch)
    return letters, tone


def word_sort_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Collation key of one word: letters first, then tones, then the text itself.

    >>> sorted(["Ánh", "Anh", "Ạnh", "Ảnh", "Ành", "Ãnh", "Âu", "Ăn", "Bé"], key=word_sort_key)
    ['Anh', 'Ành', 'Ảnh', 'Ãnh', 'Ánh', 'Ạnh', 'Ăn', 'Âu', 'Bé']
    """
    primary: list[int] = []
    tones: list[int] = []
    for syllable in word.split("-"):
        letters, tone = _letters_and_tones(syllable)
        primary.extend(_LETTER_RANK.get(ch, 100 + ord(ch)) for ch in letters)
        tones.append(tone)
    return tuple(primary), tuple(tones), nfc(word)


def name_sort_key(full_name: str) -> tuple[object, ...]:
    """Class-list key: given name, then middle names, then family name, then the full text.

    >>> sorted(["Lê Văn Bình", "Nguyễn Văn An", "Trần An", "Đỗ Thị An"], key=name_sort_key)
    ['Trần An', 'Đỗ Thị An', 'Nguyễn Văn An', 'Lê Văn Bình']
    """
    family, middle, given = split_name(full_name)
    return (
        word_sort_key(given),
        tuple(word_sort_key(w) for w in middle.split(" ") if w),
        word_sort_key(family),
        nfc(full_name),
    )


def _tone_position(letters: list[str], style: Literal["old", "new"]) -> int | None:
    """Index of the vowel that carries the tone in a syllable spelled with ``letters``."""
    vowel_idx = [i for i, ch in enumerate(letters) if ch in _VOWELS]
    # "qu" and "gi" (before another vowel) are consonants: their u / i carry no tone.
    if len(vowel_idx) > 1 and vowel_idx[0] == 1 and letters[0] in "qg" and letters[1] in "ui":
        vowel_idx = vowel_idx[1:]
    if not vowel_idx:
        return None
    for i in vowel_idx:  # a letter with a modifier takes the tone (ơ in ươ)
        if letters[i] in "ăâêôơư":
            if letters[i] == "ư" and i + 1 in vowel_idx and letters[i + 1] == "ơ":
                return i + 1
            return i
    ends_open = vowel_idx[-1] == len(letters) - 1
    if len(vowel_idx) == 1:
        return vowel_idx[0]
    if not ends_open:
        return vowel_idx[-1]
    if len(vowel_idx) >= 3:
        return vowel_idx[1]
    first, second = letters[vowel_idx[0]], letters[vowel_idx[1]]
    if style == "new" and (first, second) in {("o", "a"), ("o", "e"), ("u", "y")}:
        return vowel_idx[1]
    return vowel_idx[0]


def place_tone_marks(text: str, *, style: Literal["old", "new"] = "old") -> str:
    """Put each syllable's tone mark on the vowel the chosen orthography puts it on.

    ``"old"`` (hòa, thúy, khỏe) is what most school records use; ``"new"`` (hoà, thuý,
    khoẻ) follows the 1980s reform. Either way the result is NFC.

    >>> place_tone_marks("Hoà Thuý Khoẻ"), place_tone_marks("Hòa Thúy", style="new")
    ('Hòa Thúy Khỏe', 'Hoà Thuý')
    >>> place_tone_marks("Nguyễn Quý Giàu Người")
    'Nguyễn Quý Giàu Người'
    """
    out: list[str] = []
    for token in _WORD_SPLIT.split(nfc(text)):
        if not token or not token[0].isalpha():
            out.append(token)
            continue
        out.append(_place_in_word(token, style))
    return "".join(out)


def _place_in_word(word: str, style: Literal["old", "new"]) -> str:
    clusters: list[list[str]] = []  # each: base char followed by its non-tone marks
    tone = 0
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONES:
            tone = _TONES[ch]
        elif unicodedata.combining(ch) and clusters:
            clusters[-1].append(ch)
        else:
            clusters.append([ch])
    if tone == 0:
        return nfc(word)
    letters = [
        _MODIFIED.get((c[0].lower(), c[1]), c[0].lower()) if len(c) > 1 else c[0].lower()
        for c in clusters
    ]
    position = _tone_position(letters, style)
    if position is None:
        return nfc(word)
    clusters[position].append(_TONE_MARK_BY_INDEX[tone])
    return nfc("".join("".join(c) for c in clusters))


def identity_key(name: str) -> str:
    """A key under which two spellings of the same name are equal (for identity matching).

    Case, spacing, normal form and tone-mark placement are ignored; letters and tones are
    not (``Hòa`` ≠ ``Hoa`` ≠ ``Hóa``).

    >>> identity_key("  THÚY ") == identity_key("thuý"), identity_key("Hòa") == identity_key("Hóa")
    (True, False)
    """
    return place_tone_marks(clean_name(name).casefold(), style="old")
