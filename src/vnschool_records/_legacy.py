"""Legacy Vietnamese text (Văn bản mã cũ): detect TCVN3 (ABC), VNI and decomposed text; repair it.

Grade books and class lists from before Unicode became mandatory (Quyết định 72/2002/QĐ-TTg
made TCVN 6909:2001 Unicode the standard) were typed with 8-bit fonts. When such a file is
opened today the bytes show as Windows-1252 characters, and names come out as:

=========  ===================  ======================
Unicode    TCVN3 (ABC, .VnTime)  VNI (VNI-Windows fonts)
=========  ===================  ======================
Nguyễn     NguyÔn               Nguyeãn
Việt       ViÖt                 Vieät
Đức        §øc                  Ñöùc
Trường     Tr\\xadêng             Tröôøng
=========  ===================  ======================

* **TCVN3** is TCVN 5712:1993, table VN3: one byte per letter, lower-case letters with
  tones in 0xA1–0xFF; capitals with tones have no code (the ``.VnTimeH`` fonts draw the
  lower-case codes as capitals), so decoding them gives lower case.
* **VNI** writes a base letter followed by a mark character (``e`` + ``ã`` = ``ễ``), with
  ``ô``/``ö`` for ``ơ``/``ư``, ``ñ``/``Ñ`` for ``đ``/``Đ`` and single characters for ``i``
  and ``ỵ`` with tones.
* **Decomposed Unicode** (NFD, or the combining tone marks of Windows-1258) is composed
  to NFC.
* **UTF-8 read as Windows-1252** (``Nguyá»…n``) is decoded back.

Detection is per string and conservative: a string is re-read in a legacy encoding only if
it uses nothing beyond Latin-1, and more of its words are Vietnamese syllables after
decoding than before. "Hà Tú Anh" (valid as it is) is never touched.

>>> fix_vietnamese_text("NguyÔn V¨n An")
('Nguyễn Văn An', (<Repair.TCVN3: 'tcvn3'>,))
>>> fix_vietnamese_text("Nguyeãn Vaên An")
('Nguyễn Văn An', (<Repair.VNI: 'vni'>,))
>>> fix_vietnamese_text("Nguye\\u0302\\u0303n")
('Nguyễn', (<Repair.NFC: 'nfc'>,))
>>> fix_vietnamese_text("Hà Tú Anh")
('Hà Tú Anh', ())
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Final

__all__ = [
    "Repair",
    "detect_encoding",
    "fix_vietnamese_text",
    "is_vietnamese_syllable",
    "to_tcvn3",
    "to_vni",
]


class Repair(StrEnum):
    """What :func:`fix_vietnamese_text` did to a string."""

    TCVN3 = "tcvn3"
    """Re-read from TCVN3 (ABC) code points."""
    VNI = "vni"
    """Re-read from VNI-Windows code points."""
    UTF8 = "utf8-as-cp1252"
    """UTF-8 bytes that had been read as Windows-1252, decoded again."""
    NFC = "nfc"
    """Decomposed (NFD / Windows-1258 style) text composed to NFC."""


# TCVN 5712:1993, table VN3, as the Windows-1252 characters its bytes show as (0xA1–0xFE;
# bytes of VN1-only capitals are left out because VN3 fonts do not use them).
_TCVN3: Final[dict[str, str]] = {
    "\xa1": "Ă", "\xa2": "Â", "\xa3": "Ê", "\xa4": "Ô", "\xa5": "Ơ", "\xa6": "Ư",
    "\xa7": "Đ", "\xa8": "ă", "\xa9": "â", "\xaa": "ê", "\xab": "ô", "\xac": "ơ",
    "\xad": "ư", "\xae": "đ", "\xb5": "à", "\xb6": "ả", "\xb7": "ã", "\xb8": "á",
    "\xb9": "ạ", "\xbb": "ằ", "\xbc": "ẳ", "\xbd": "ẵ", "\xbe": "ắ", "\xc6": "ặ",
    "\xc7": "ầ", "\xc8": "ẩ", "\xc9": "ẫ", "\xca": "ấ", "\xcb": "ậ", "\xcc": "è",
    "\xce": "ẻ", "\xcf": "ẽ", "\xd0": "é", "\xd1": "ẹ", "\xd2": "ề", "\xd3": "ể",
    "\xd4": "ễ", "\xd5": "ế", "\xd6": "ệ", "\xd7": "ì", "\xd8": "ỉ", "\xdc": "ĩ",
    "\xdd": "í", "\xde": "ị", "\xdf": "ò", "\xe1": "ỏ", "\xe2": "õ", "\xe3": "ó",
    "\xe4": "ọ", "\xe5": "ồ", "\xe6": "ổ", "\xe7": "ỗ", "\xe8": "ố", "\xe9": "ộ",
    "\xea": "ờ", "\xeb": "ở", "\xec": "ỡ", "\xed": "ớ", "\xee": "ợ", "\xef": "ù",
    "\xf1": "ủ", "\xf2": "ũ", "\xf3": "ú", "\xf4": "ụ", "\xf5": "ừ", "\xf6": "ử",
    "\xf7": "ữ", "\xf8": "ứ", "\xf9": "ự", "\xfa": "ỳ", "\xfb": "ỷ", "\xfc": "ỹ",
    "\xfd": "ý", "\xfe": "ỵ",
}  # fmt: skip
_TCVN3_TABLE: Final = str.maketrans(_TCVN3)
_TO_TCVN3: Final = {v: k for k, v in _TCVN3.items()}

# VNI-Windows: combining marks ("modifier" characters typed after the base letter).
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_TONES: Final = (_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT)
# tone alone after a, e, o, u, y, ơ, ư (lower case; upper case is the .upper() character)
_VNI_TONE: Final = dict(zip("ùøûõï", _TONES, strict=True))
# circumflex (+ tone) after a, e, o
_VNI_CIRC: Final = {"â": "", **dict(zip("áàåãä", _TONES, strict=True))}
# breve (+ tone) after a
_VNI_BREVE: Final = {"ê": "", **dict(zip("éèúüë", _TONES, strict=True))}
# single characters: i with tones, ỵ, ơ, ư, đ
_VNI_SINGLE: Final = {
    "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ô": "ơ", "ö": "ư", "ñ": "đ",
}  # fmt: skip


def _vni_pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for lower in (True, False):

        def case(s: str, lower: bool = lower) -> str:
            return s if lower else s.upper()

        for base in "aeouy":
            for mark, tone in _VNI_TONE.items():
                pairs[case(base + mark)] = unicodedata.normalize("NFC", case(base) + tone)
        for base in "aeo":
            for mark, tone in _VNI_CIRC.items():
                pairs[case(base + mark)] = unicodedata.normalize("NFC", case(base) + _CIRC + tone)
        for mark, tone in _VNI_BREVE.items():
            pairs[case("a" + mark)] = unicodedata.normalize("NFC", case("a") + _BREVE + tone)
        for horn_char, letter in (("ô", "o"), ("ö", "u")):
            for mark, tone in _VNI_TONE.items():
                pairs[case(horn_char + mark)] = unicodedata.normalize(
                    "NFC", case(letter) + _HORN + tone
                )
    return pairs


_VNI_PAIRS: Final = _vni_pairs()
_VNI_SINGLES: Final = {**_VNI_SINGLE, **{k.upper(): v.upper() for k, v in _VNI_SINGLE.items()}}
_TO_VNI: Final = {v: k for k, v in {**_VNI_SINGLES, **_VNI_PAIRS}.items()}

# Letters of Vietnamese that Latin-1 has: text made only of these and ASCII may be genuine.
_VIETNAMESE_LATIN1: Final = frozenset("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_CP1252_EXTRA: Final = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
# Vowel groups that end the syllable (a glide or ia/ua/ưa closes it) and those a coda may follow.
_OPEN_NUCLEUS = (
    r"(?:iêu|yêu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|uyu|uya|"
    r"ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ui|ưa|ưi|ưu)"
)
_CLOSABLE_NUCLEUS = r"(?:uyê|iê|yê|oa|oă|oe|oo|uâ|uê|uô|uơ|ươ|uy|[aăâeêioôơuưy])"
_CODA = r"(?:ch|ng|nh|[cmnpt])?"
_SYLLABLE: Final = re.compile(f"{_ONSET}(?:{_OPEN_NUCLEUS}|{_CLOSABLE_NUCLEUS}{_CODA})")
_STOP_CODA: Final = ("c", "ch", "p", "t")
_WORD: Final = re.compile(r"[^\s\d!-/:-@\[-`{-~]+")


def is_vietnamese_syllable(word: str) -> bool:
    """Whether ``word`` is spelled like one Vietnamese syllable (onset, vowels, coda, ≤ 1 tone).

    >>> [is_vietnamese_syllable(w) for w in ("Nguyễn", "NguyÔn", "người", "Müller")]
    [True, False, True, False]
    """
    tones = 0
    tone = ""
    kept: list[str] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES:
            tones += 1
            tone = ch
        else:
            kept.append(ch)
    if tones > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(kept))
    if _SYLLABLE.fullmatch(base) is None:
        return False
    # A syllable closed by c, ch, p or t carries the sắc or nặng tone.
    return not (base.endswith(_STOP_CODA) and tone not in (_ACUTE, _DOT))


def _valid_words(text: str) -> int:
    return sum(1 for w in _WORD.findall(text) if is_vietnamese_syllable(w))


def _decode_vni(text: str) -> str:
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        pair = _VNI_PAIRS.get(text[i : i + 2])
        if pair is not None:
            out.append(pair)
            i += 2
            continue
        out.append(_VNI_SINGLES.get(text[i], text[i]))
        i += 1
    return "".join(out)


def _decode_utf8_mojibake(text: str) -> str | None:
    raw = bytearray()
    for ch in text:
        code = ord(ch)
        if code < 0x100:
            raw.append(code)
        else:
            try:
                raw.extend(ch.encode("cp1252"))
            except UnicodeEncodeError:
                return None
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return decoded if decoded != text else None


_DROP_CP1252_EXTRA: Final = str.maketrans(dict.fromkeys(_CP1252_EXTRA))


def _fits_latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def detect_encoding(text: str) -> Repair | None:
    """The legacy encoding ``text`` is written in, or ``None`` if it reads as Unicode.

    >>> detect_encoding("Hµ Néi"), detect_encoding("Haø Noäi"), detect_encoding("Hà Nội")
    (<Repair.TCVN3: 'tcvn3'>, <Repair.VNI: 'vni'>, None)
    """
    if text.isascii():
        return None
    beyond = not _fits_latin1(text)
    if beyond and not _fits_latin1(text.translate(_DROP_CP1252_EXTRA)):
        return None  # real Unicode letters (ă, đ, ơ, ư, ạ …): not a legacy encoding
    if _decode_utf8_mojibake(text) is not None:
        return Repair.UTF8
    if beyond:
        return None
    suspicious = [ch for ch in text if ord(ch) >= 0x80]
    if all(ch in _VIETNAMESE_LATIN1 for ch in suspicious) and _valid_words(text) == len(
        _WORD.findall(text)
    ):
        return None
    # TCVN3 writes the commonest letters (à á ả ã ạ ă â ê ô ơ ư đ) as Latin-1 symbols
    # (µ ¸ ¶ · ¹ ¨ © ª « ¬ ­ ®); VNI only uses letters. That breaks ties.
    has_symbol = any(0xA1 <= ord(ch) <= 0xFF and not ch.isalpha() for ch in suspicious)
    before = _valid_words(text)
    best: Repair | None = None
    best_score = (before, True)
    for repair, decoded, consistent in (
        (Repair.TCVN3, text.translate(_TCVN3_TABLE), has_symbol),
        (Repair.VNI, _decode_vni(text), not has_symbol),
    ):
        score = (_valid_words(decoded), consistent)
        if score[0] > before and score > best_score:
            best, best_score = repair, score
    return best


def fix_vietnamese_text(text: str) -> tuple[str, tuple[Repair, ...]]:
    """``text`` converted to NFC Unicode, and what was done to it (empty if nothing).

    >>> fix_vietnamese_text("Ñöùc")
    ('Đức', (<Repair.VNI: 'vni'>,))
    >>> fix_vietnamese_text("Nguyá»…n")
    ('Nguyễn', (<Repair.UTF8: 'utf8-as-cp1252'>,))
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    done: list[Repair] = []
    encoding = detect_encoding(text)
    fixed = text
    if encoding is Repair.TCVN3:
        fixed = text.translate(_TCVN3_TABLE)
    elif encoding is Repair.VNI:
        fixed = _decode_vni(text)
    elif encoding is Repair.UTF8:
        fixed = _decode_utf8_mojibake(text) or text
    if encoding is not None:
        done.append(encoding)
    if not unicodedata.is_normalized("NFC", fixed):
        fixed = unicodedata.normalize("NFC", fixed)
        if encoding is None:
            done.append(Repair.NFC)
    return fixed, tuple(done)


def to_tcvn3(text: str) -> str:
    """``text`` as its TCVN3 bytes would show in Windows-1252 (capitals with tones lose case).

    >>> to_tcvn3("Nguyễn Văn Đức")
    'NguyÔn V¨n §øc'
    """
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        code = _TO_TCVN3.get(ch)
        if code is None and ch != ch.lower():
            code = _TO_TCVN3.get(ch.lower())
        out.append(code if code is not None else ch)
    return "".join(out)


def to_vni(text: str) -> str:
    """``text`` as its VNI-Windows bytes would show in Windows-1252.

    >>> to_vni("Nguyễn Văn Đức")
    'Nguyeãn Vaên Ñöùc'
    """
    return "".join(_TO_VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
