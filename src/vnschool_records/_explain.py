"""Explanations (Diễn giải): citations and the bilingual, step-by-step account of a result.

Every computed value in the SDK (an average, a level, a promotion, a deadline) can say
*why* it is what it is: the inputs, the arithmetic, the rule applied and the article it
comes from, in Vietnamese and English. This module holds the three small value types that
carry that account; the policy modules build them.

>>> c = Citation("Thông tư 22/2021/TT-BGDĐT", article=9, clause="1", point="b")
>>> c.format("vi")
'Thông tư 22/2021/TT-BGDĐT, Điều 9, khoản 1, điểm b'
>>> c.format("en")
'Circular 22/2021/TT-BGDĐT, Art. 9, cl. 1(b)'
>>> e = Explanation("Điểm trung bình môn", "Subject average",
...                 (Step("(7 + 8 + 2×6 + 3×9) / 7 = 7,7", "(7 + 8 + 2×6 + 3×9) / 7 = 7.7"),),
...                 (c,))
>>> print(e.render("en"))
Subject average
  - (7 + 8 + 2×6 + 3×9) / 7 = 7.7
  Source: Circular 22/2021/TT-BGDĐT, Art. 9, cl. 1(b)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

__all__ = ["Citation", "Explained", "Explanation", "Lang", "Step", "check_lang"]

Lang = Literal["vi", "en"]

T_co = TypeVar("T_co", covariant=True)

_EN_INSTRUMENT_KINDS = {
    "Bộ luật Dân sự": "Civil Code",
    "Bộ luật Lao động": "Labor Code",
    "Luật Giáo dục": "Education Law",
    "Thông tư": "Circular",
    "Nghị định": "Decree",
    "Quyết định": "Decision",
    "Công văn": "Official letter",
    "Thông báo": "Notice",
    "Nghị quyết": "Resolution",
    "Kế hoạch": "Plan",
    "Bộ luật": "Code",
    "Luật": "Law",
}


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is ``"vi"`` or ``"en"``; raise ``ValueError`` naming it otherwise.

    >>> check_lang("fr")
    Traceback (most recent call last):
    ValueError: lang must be 'vi' or 'en', not 'fr'
    """
    if lang == "vi":
        return "vi"
    if lang == "en":
        return "en"
    raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")


@dataclass(frozen=True, slots=True)
class Citation:
    """Citation (Căn cứ): a legal instrument and, where it applies, article, clause and point.

    ``instrument`` is the Vietnamese name with its number and year, e.g.
    ``"Thông tư 22/2021/TT-BGDĐT"``; ``amended_by`` names an amending instrument
    (``"Thông tư 26/2020/TT-BGDĐT, Điều 1, khoản 4"``).
    """

    instrument: str
    article: int | str | None = None
    clause: str | None = None
    point: str | None = None
    amended_by: str | None = None
    note: str | None = None

    def format(self, lang: str = "vi") -> str:
        """The citation as it would be written in that language."""
        checked = check_lang(lang)
        if checked == "vi":
            parts = [self.instrument]
            if self.article is not None:
                parts.append(f"Điều {self.article}")
            if self.clause is not None:
                parts.append(f"khoản {self.clause}")
            if self.point is not None:
                parts.append(f"điểm {self.point}")
            text = ", ".join(parts)
            if self.amended_by:
                text += f" (sửa đổi bởi {self.amended_by})"
        else:
            parts = [_english_instrument(self.instrument)]
            if self.article is not None:
                parts.append(f"Art. {self.article}")
            if self.clause is not None:
                parts.append(f"cl. {self.clause}" + (f"({self.point})" if self.point else ""))
            elif self.point is not None:
                parts.append(f"pt. {self.point}")
            text = ", ".join(parts)
            if self.amended_by:
                text += f" (as amended by {_english_instrument(self.amended_by)})"
        if self.note:
            text += f" — {self.note}"
        return text

    def __str__(self) -> str:
        return self.format("vi")


def _english_instrument(text: str) -> str:
    """The English name of an instrument's kind, and Art./cl. for Điều/khoản."""
    for vi, en in _EN_INSTRUMENT_KINDS.items():
        if text == vi or text.startswith(vi + " "):
            text = en + text[len(vi) :]
            break
    return text.replace("Điều ", "Art. ").replace("khoản ", "cl. ")


@dataclass(frozen=True, slots=True)
class Step:
    """One line of an explanation, in Vietnamese and in English."""

    vi: str
    en: str

    def text(self, lang: str = "vi") -> str:
        """The line in ``lang``."""
        return self.vi if check_lang(lang) == "vi" else self.en


@dataclass(frozen=True, slots=True)
class Explanation:
    """Explanation (Diễn giải): a title, the steps that led to a result, and its sources."""

    title_vi: str
    title_en: str
    steps: tuple[Step, ...] = ()
    citations: tuple[Citation, ...] = ()

    def render(self, lang: str = "vi") -> str:
        """Plain text, one step per line, NFC-normalised."""
        checked = check_lang(lang)
        lines = [self.title_vi if checked == "vi" else self.title_en]
        lines.extend(f"  - {step.text(checked)}" for step in self.steps)
        label = "Căn cứ" if checked == "vi" else "Source"
        lines.extend(f"  {label}: {c.format(checked)}" for c in self.citations)
        return unicodedata.normalize("NFC", "\n".join(lines))


@dataclass(frozen=True, slots=True)
class Explained(Generic[T_co]):
    """A value with the account of how it was reached, built only when asked for.

    ``value`` is the plain answer; :meth:`explain` renders the account in Vietnamese or
    English. The account is produced lazily by ``explainer`` so that evaluating a whole
    district costs no string formatting until somebody reads an explanation.

    >>> r = Explained(7, lambda: Explanation("Bảy", "Seven"))
    >>> r.value, r.explain("en")
    (7, 'Seven')
    """

    value: T_co
    explainer: Callable[[], Explanation] = field(repr=False, compare=False)

    def explanation(self) -> Explanation:
        """The structured explanation (title, steps, citations)."""
        return self.explainer()

    def explain(self, lang: str = "vi") -> str:
        """The explanation as text in ``lang`` (``"vi"`` or ``"en"``)."""
        return self.explainer().render(lang)
