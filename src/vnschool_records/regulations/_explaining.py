"""Explanation builders (Diễn giải) shared by the regulation modules: wording, no rules.

Each builder receives the numbers a rule used and the citations the rule module chose,
and returns an :class:`~vnschool_records._explain.Explanation`. They are called lazily
from an ``Explained.explainer`` so that evaluating a district formats no text.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from vnschool_records._explain import Citation, Explanation, Step
from vnschool_records.models import Semester
from vnschool_records.regulations._common import (
    fmt_quotient,
    fmt_tenths,
    join_terms,
    semester_label,
)

__all__ = ["semester_average_explanation", "step", "year_average_explanation"]


def step(vi: str, en: str) -> Step:
    """One explanation line."""
    return Step(vi, en)


def _title(
    kind_vi: str, kind_en: str, subject: str, semester: Semester | int | None
) -> tuple[str, str]:
    vi = kind_vi + (f" {semester_label(semester, 'vi')}" if semester is not None else "")
    en = kind_en + (f", {semester_label(semester, 'en')}" if semester is not None else "")
    if subject:
        vi += f" — {subject}"
        en += f" — {subject}"
    return vi, en


def semester_average_explanation(
    *,
    subject: str,
    semester: Semester | int | None,
    regular: Sequence[int],
    periodic: Sequence[int],
    final: int,
    result: int,
    citations: tuple[Citation, ...],
    original_formula: bool = False,
) -> Explanation:
    """Inputs, formula, arithmetic and rounding of a semester subject average (ĐTBmhk)."""
    count = len(regular) + 2 * len(periodic) + 3
    total = sum(regular) + 2 * sum(periodic) + 3 * final
    exact = Fraction(total, 10 * count)

    def inputs(lang: str) -> str:
        tx = "; ".join(fmt_tenths(t, lang) for t in regular)
        gk = "; ".join(fmt_tenths(t, lang) for t in periodic)
        ck = fmt_tenths(final, lang)
        if lang == "vi":
            mid = "KTđk" if original_formula else "ĐĐGgk"
            end = "KThk" if original_formula else "ĐĐGck"
            low = "KTtx" if original_formula else "ĐĐGtx"
            return f"{low}: {tx} — {mid}: {gk} — {end}: {ck}"
        return f"regular: {tx} — periodic (mid-term): {gk} — end-of-term: {ck}"

    def arithmetic(lang: str) -> str:
        parts = [fmt_tenths(t, lang) for t in regular]
        parts += [f"2×{fmt_tenths(t, lang)}" for t in periodic]
        parts.append(f"3×{fmt_tenths(final, lang)}")
        rounded = fmt_tenths(result, lang, fixed=True)
        quotient = fmt_quotient(exact, lang)
        tail = "" if exact == Fraction(result, 10) else f" → {rounded}"
        return f"({join_terms(parts)}) / {count} {quotient}{tail}"

    if original_formula:
        formula = step(
            "ĐTBmhk = (TĐKTtx + 2×TĐKTđk + 3×ĐKThk) / (số bài KTtx + 2×số bài KTđk + 3)",
            "semester average = (sum of regular + 2×sum of periodic tests + 3×semester test)"
            " / (number of regular + 2×number of periodic tests + 3)",
        )
    else:
        formula = step(
            "ĐTBmhk = (TĐĐGtx + 2×ĐĐGgk + 3×ĐĐGck) / (số ĐĐGtx + 5)",
            "semester average = (sum of regular + 2×mid-term + 3×end-of-term)"
            " / (number of regular + 5)",
        )
    title_vi, title_en = _title("Điểm trung bình môn", "Subject average", subject, semester)
    return Explanation(
        title_vi,
        title_en,
        (
            step(inputs("vi"), inputs("en")),
            formula,
            step(arithmetic("vi"), arithmetic("en")),
            step(
                "Làm tròn một lần đến một chữ số thập phân, từ 5 trở lên làm tròn lên.",
                "Rounded once to one decimal, half-up.",
            ),
        ),
        citations,
    )


def year_average_explanation(
    *,
    subject: str,
    semester1: Fraction | None,
    semester2: Fraction | None,
    result: int,
    exact_inputs: bool,
    citations: tuple[Citation, ...],
) -> Explanation:
    """Arithmetic of a year subject average (ĐTBmcn), or the one-semester rule."""
    title_vi, title_en = _title("Điểm trung bình môn cả năm", "Year subject average", subject, None)
    rounded_vi = fmt_tenths(result, "vi", fixed=True)
    rounded_en = fmt_tenths(result, "en", fixed=True)
    if semester1 is None or semester2 is None:
        only = "II" if semester1 is None else "I"
        return Explanation(
            title_vi,
            title_en,
            (
                step(
                    f"Môn chỉ học ở học kì {only}: kết quả học kì {only} ({rounded_vi}) "
                    "là kết quả cả năm.",
                    f"Subject taught only in semester {only}: its semester {only} result "
                    f"({rounded_en}) is the year result.",
                ),
            ),
            citations,
        )

    def show(value: Fraction, lang: str) -> str:
        if (value * 10).denominator == 1:
            return fmt_tenths(int(value * 10), lang, fixed=True)
        return fmt_quotient(value, lang).removeprefix("= ").removeprefix("≈ ")

    exact = (semester1 + 2 * semester2) / 3

    def arithmetic(lang: str) -> str:
        rounded = fmt_tenths(result, lang, fixed=True)
        expr = f"({show(semester1, lang)} + 2×{show(semester2, lang)}) / 3"
        quotient = fmt_quotient(exact, lang)
        tail = "" if exact == Fraction(result, 10) else f" → {rounded}"
        return f"{expr} {quotient}{tail}"

    source = (
        step(
            "Dùng giá trị chưa làm tròn của ĐTBmhk (tuỳ chọn year_average_from='exact').",
            "Uses the unrounded semester averages (option year_average_from='exact').",
        )
        if exact_inputs
        else step(
            "Dùng ĐTBmhk đã làm tròn đến một chữ số thập phân, như ghi trong sổ.",
            "Uses the semester averages as recorded, rounded to one decimal.",
        )
    )
    return Explanation(
        title_vi,
        title_en,
        (
            step("ĐTBmcn = (ĐTBmhkI + 2×ĐTBmhkII) / 3", "year average = (sem. I + 2×sem. II) / 3"),
            source,
            step(arithmetic("vi"), arithmetic("en")),
        ),
        citations,
    )
