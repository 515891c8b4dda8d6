"""Shared arithmetic and wording (Phần dùng chung): exact tenths, number formatting, inputs.

Both instruments average one-decimal scores with integer weights, so every weighted sum
is an exact integer number of *tenths*; the quotient is rounded half-up once with
:func:`~vnschool_records._decimal.average_of_tenths`. This module holds that arithmetic,
the bilingual number formatting of explanations ("7,25" in Vietnamese, "7.25" in English)
and the parsing of the loosely typed inputs the public verbs accept. It carries no rule of
either circular, so ``tt58_2011`` and ``tt22_2021`` stay independent of each other.

>>> fmt_tenths(65, "vi"), fmt_tenths(70, "en"), fmt_tenths(70, "vi", fixed=True)
('6,5', '7', '7,0')
>>> fmt_quotient(Fraction(58, 8), "vi"), fmt_quotient(Fraction(53, 7), "en")
('= 7,25', '≈ 7.571')
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache
from typing import Any, Final, NamedTuple, TypeVar

from vnschool_records._decimal import from_tenths, parse_score
from vnschool_records._explain import Lang, check_lang
from vnschool_records.errors import IncompleteDataError, ScoreError
from vnschool_records.models import (
    CommentLevel,
    Semester,
    StudentYearRecord,
    Subject,
    SubjectAssessment,
    SubjectKind,
    Term,
    find_subject,
)
from vnschool_records.regulations._types import InvalidRecordError, SubjectValue

__all__ = [
    "ABSENCE_LIMIT",
    "TENTHS_OF",
    "LazyResults",
    "SubjectLayout",
    "assessment_or_raise",
    "comment_of",
    "describe",
    "fmt_quotient",
    "fmt_tenths",
    "join_terms",
    "one_semester_map",
    "parse_subjects",
    "semester_label",
    "subject_code",
    "subject_layout",
    "tenths_of",
    "term_of",
]

ABSENCE_LIMIT: Final = 45
"""Sessions (buổi) a student may miss in a year and still be promoted (TT58 Art. 15 cl. 1;
TT22 Art. 12 cl. 1 c)."""

TENTHS_OF: Final[dict[Decimal, int]] = {from_tenths(i): i for i in range(101)}
"""Tenths of every recordable score: ``TENTHS_OF[Decimal("6.5")] == 65``.

Keyed by the shared one-decimal objects that score validation hands out for "6.5" or
"6,5" (``vnschool_records._decimal``), so a validated score is usually found by identity;
any other equal ``Decimal`` (``Decimal("7")``, ``Decimal("6.50")``) is found by equality.
"""

_V = TypeVar("_V")


class LazyResults(Mapping[str, _V]):
    """Lazy results (Kết quả tính khi cần): a read-only mapping whose values are built on access.

    :meth:`Tt22Regulation.evaluate` computes every number eagerly, in integer tenths, but
    wrapping each subject's result in an explained object costs more than the arithmetic.
    This mapping holds the keys, one builder and the context it needs; it builds (then
    caches) the :class:`~vnschool_records._explain.Explained` value the first time a key
    is read, as ``build(context, key)``. One context can serve several mappings (six are
    built per student).

    >>> m = LazyResults({"toan": 85}, lambda n, key: key * n, 2)
    >>> m["toan"], list(m), len(m), "toan" in m, m.get("van")
    ('toantoan', ['toan'], 1, True, None)
    """

    __slots__ = ("_build", "_context", "_keys", "_made")

    def __init__(
        self, keys: Mapping[str, object], build: Callable[[Any, str], _V], context: object
    ) -> None:
        self._keys = keys
        self._build = build
        self._context = context
        self._made: dict[str, _V] | None = None

    def __getitem__(self, key: str) -> _V:
        if key not in self._keys:
            raise KeyError(key)
        if self._made is None:
            self._made = {}
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self._build(self._context, key)
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __repr__(self) -> str:
        return f"LazyResults({list(self._keys)})"


class SubjectLayout(NamedTuple):
    """Subject layout (Danh mục môn của hồ sơ): look-ups derived from a record's subject list.

    Shared by every record that carries the same ``subjects`` tuple (validation hands all
    students of a class the same one), so none of these dicts may be mutated.
    """

    names: dict[str, str]
    """Subject code → name."""
    by_code: dict[str, Subject]
    """Subject code → subject."""
    scored_periods: dict[str, int]
    """Code → periods per year of the scored subjects."""
    comment_codes: frozenset[str]
    """Codes of the comment-only subjects."""
    order: tuple[str, ...]
    """Every code, in the record's order."""
    derived: dict[object, object]
    """Further look-ups a regulation derives from the layout, keyed by the regulation."""
    one_semester: dict[str, Semester]
    """Code → the one semester of the subjects taught in one semester only."""


_LAYOUTS: dict[int, tuple[Sequence[Subject], SubjectLayout]] = {}
_LAYOUT_LIMIT: Final = 1024


def subject_layout(subjects: Sequence[Subject]) -> SubjectLayout:
    """The :class:`SubjectLayout` of a subject list, memoised by the tuple's identity.

    The memo holds the tuple itself, so an identity cannot be reused while it is stored;
    it is emptied when it reaches 1024 lists. A list (a record built without validation)
    is never memoised: it could change.

    >>> from vnschool_records.models import subject_catalogue
    >>> catalogue = subject_catalogue("2018", 6)
    >>> layout = subject_layout(catalogue)
    >>> layout.names["toan"], layout.scored_periods["toan"], subject_layout(catalogue) is layout
    ('Toán', 140, True)
    """
    entry = _LAYOUTS.get(id(subjects))
    if entry is not None and entry[0] is subjects:
        return entry[1]
    kinds = {s.code: s.kind for s in subjects}
    layout = SubjectLayout(
        {s.code: s.name for s in subjects},
        {s.code: s for s in subjects},
        {s.code: s.periods_per_year for s in subjects if s.kind is SubjectKind.SCORED},
        frozenset(code for code, kind in kinds.items() if kind is SubjectKind.COMMENT),
        tuple(s.code for s in subjects),
        {},
        {s.code: s.semesters[0] for s in subjects if len(s.semesters) == 1},
    )
    if type(subjects) is tuple:  # a list (a record built without validation) may change
        if len(_LAYOUTS) >= _LAYOUT_LIMIT:
            _LAYOUTS.clear()
        _LAYOUTS[id(subjects)] = (subjects, layout)
    return layout


_COMMENT_WORDS: Final = {
    "đạt": CommentLevel.PASS,
    "đ": CommentLevel.PASS,
    "chưa đạt": CommentLevel.FAIL,
    "cđ": CommentLevel.FAIL,
}


def tenths_of(value: object, where: str = "") -> int:
    """The exact number of tenths in a score (``Decimal("6.5")`` → 65), validating it.

    Scores already validated by the models take a dictionary look-up; anything else goes
    through :func:`~vnschool_records._decimal.parse_score`, which names the value and rule.

    >>> tenths_of(Decimal("6.5")), tenths_of("7,5"), tenths_of(8)
    (65, 75, 80)
    >>> tenths_of("8.25", "toan HK1")
    Traceback (most recent call last):
    vnschool_records.errors.ScoreError: score '8.25' at toan HK1 has more than one decimal ...
    """
    if (type(value) is Decimal and value.is_finite()) or type(value) is int:
        hit = TENTHS_OF.get(value)  # type: ignore[arg-type]  # an int hashes as its Decimal
        if hit is not None:
            return hit
    return TENTHS_OF[parse_score(value, where=where)]


def comment_of(value: object, where: str = "") -> CommentLevel:
    """A comment level from ``CommentLevel``, ``"Đạt"``/``"Chưa đạt"`` or ``"Đ"``/``"CĐ"``.

    >>> comment_of("CĐ"), comment_of(" đạt ")
    (<CommentLevel.FAIL: 'Chưa đạt'>, <CommentLevel.PASS: 'Đạt'>)
    """
    if isinstance(value, CommentLevel):
        return value
    if isinstance(value, str):
        level = _COMMENT_WORDS.get(" ".join(value.split()).casefold())
        if level is not None:
            return level
    at = f" at {where}" if where else ""
    raise ScoreError(f"comment level {value!r}{at} is not 'Đạt' or 'Chưa đạt' (Đ / CĐ)")


def parse_subjects(
    subjects: Mapping[str, SubjectValue],
) -> tuple[dict[str, int], dict[str, CommentLevel]]:
    """Split a mapping of subject results into averages (in tenths) and comment levels.

    A ``CommentLevel`` or a string that reads as one is a comment subject; anything else
    must parse as a score.

    >>> parse_subjects({"Toán": "8,5", "GDTC": "Đ"})
    ({'Toán': 85}, {'GDTC': <CommentLevel.PASS: 'Đạt'>})
    """
    if not subjects:
        raise IncompleteDataError("no subject results were given to classify")
    scored: dict[str, int] = {}
    comments: dict[str, CommentLevel] = {}
    for name, value in subjects.items():
        if isinstance(value, CommentLevel):
            comments[name] = value
        elif isinstance(value, str) and " ".join(value.split()).casefold() in _COMMENT_WORDS:
            comments[name] = comment_of(value)
        else:
            scored[name] = tenths_of(value, f"subject {name!r}")
    return scored, comments


@lru_cache(maxsize=512)
def subject_code(key: str) -> str:
    """The catalogue code of a subject given by code or Vietnamese name (``"Toán"`` → ``toan``).

    Unknown names are returned unchanged, so a school's own subjects still work.

    >>> subject_code("Ngữ văn"), subject_code("toan"), subject_code("Robotics")
    ('ngu_van', 'toan', 'Robotics')
    """
    try:
        return find_subject(key).code
    except LookupError:
        return key


def term_of(term: Term | str) -> Term:
    """A :class:`Term` from itself or its value (``"HK1"``, ``"HK2"``, ``"CN"``).

    >>> term_of("CN")
    <Term.YEAR: 'CN'>
    >>> term_of("year")
    Traceback (most recent call last):
    ValueError: term 'year' is not one of 'HK1', 'HK2', 'CN'
    """
    try:
        return Term(term)
    except ValueError:
        raise ValueError(f"term {term!r} is not one of 'HK1', 'HK2', 'CN'") from None


def semester_label(semester: Semester | int, lang: Lang) -> str:
    """``"học kì I"`` / ``"semester II"``."""
    roman = "I" if int(semester) == 1 else "II"
    return f"học kì {roman}" if lang == "vi" else f"semester {roman}"


def describe(subject: str, semester: Semester | int | None) -> str:
    """Where a value sits, for error messages: ``"subject 'toan', semester I"``."""
    where = f"subject {subject!r}" if subject else "the subject"
    if semester is not None:
        where += f", semester {'I' if int(semester) == 1 else 'II'}"
    return where


def fmt_tenths(tenths: int, lang: str, *, fixed: bool = False) -> str:
    """A score in tenths as written: ``65`` → ``"6,5"`` (vi) / ``"6.5"`` (en).

    Whole numbers drop the decimal unless ``fixed`` (results are always shown with one).
    """
    sep = "," if check_lang(lang) == "vi" else "."
    whole, tenth = divmod(tenths, 10)
    if tenth == 0 and not fixed:
        return str(whole)
    return f"{whole}{sep}{tenth}"


def fmt_quotient(value: Fraction, lang: str) -> str:
    """An exact quotient: ``"= 7,25"`` when it terminates, ``"≈ 7,571"`` otherwise.

    >>> fmt_quotient(Fraction(8), "vi"), fmt_quotient(Fraction(15, 2), "en")
    ('= 8,0', '= 7.5')
    """
    sep = "," if check_lang(lang) == "vi" else "."
    den = value.denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    if den == 1:
        places = 0
        scaled = value
        while scaled.denominator != 1:
            scaled *= 10
            places += 1
        if places == 0:
            scaled *= 10
            places = 1
        text = f"{Decimal(scaled.numerator).scaleb(-places):f}"
        return "= " + text.replace(".", sep)
    approx = (value.numerator * 1000 * 2 + value.denominator) // (2 * value.denominator)
    whole, frac = divmod(approx, 1000)
    return f"≈ {whole}{sep}{frac:03d}"


def join_terms(terms: Sequence[str]) -> str:
    """``["7", "8"]`` → ``"7 + 8"``."""
    return " + ".join(terms)


def assessment_or_raise(
    record: StudentYearRecord, subject: str, semester: Semester
) -> SubjectAssessment:
    """The recorded assessment, or an :class:`IncompleteDataError` naming what is missing."""
    found = record.assessment(subject, semester)
    if found is None:
        raise IncompleteDataError(
            f"student {record.student.student_id}: no assessment recorded for "
            f"{describe(subject, semester)}"
        )
    return found


def one_semester_map(
    taught_in: Mapping[str, Semester | int] | None,
    names: Mapping[str, str],
    sid: str,
    declared: Mapping[str, Semester],
) -> Mapping[str, Semester]:
    """The subjects taught in one semester only (code → that semester).

    ``declared`` comes from the subjects themselves (:attr:`Subject.semesters`, see
    :attr:`SubjectLayout.one_semester`); ``taught_in``, the caller's, is validated and added
    to it, and may not contradict it.
    """
    if not taught_in:
        return declared
    result = dict(declared)
    for code, sem in taught_in.items():
        if code not in names:
            raise InvalidRecordError(
                f"student {sid}: taught_in names {code!r}, which is not in the record's subjects"
            )
        try:
            semester = Semester(sem)
        except ValueError:
            raise InvalidRecordError(
                f"student {sid}: taught_in[{code!r}] = {sem!r} is not semester 1 or 2"
            ) from None
        held = declared.get(code)
        if held is not None and held is not semester:
            raise InvalidRecordError(
                f"student {sid}: taught_in[{code!r}] = {int(semester)}, but the subject is"
                f" taught only in semester {int(held)}"
            )
        result[code] = semester
    return result


_Level = TypeVar("_Level", bound=StrEnum)


def level_of(
    value: object, kind: type[_Level], where: str, *, what: str, missing: str | None = None
) -> _Level:
    """``value`` as a level of ``kind`` (a member, or its exact Vietnamese label).

    ``what`` names the kind in the error (``"a TT22 training level (Tốt, Khá, …)"``);
    with ``missing``, ``None`` is an :class:`IncompleteDataError` naming that input,
    otherwise it is refused like any other value.
    """
    if isinstance(value, kind):
        return value
    if value is None and missing is not None:
        raise IncompleteDataError(f"{missing} missing: {where}")
    try:
        return kind(str(value))
    except ValueError:
        raise InvalidRecordError(f"{value!r} is not {what}: {where}") from None
