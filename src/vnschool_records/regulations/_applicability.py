"""Applicability (Phạm vi áp dụng): which assessment regulation governs a grade in a school year.

A data table, one row per (regulation, edition, first and last school year, grades), each
with its citation. :func:`regulation_for` reads it.

Range covered: school years **2012-2013 to 2030-2031**.

* It starts with 2012-2013, the first school year entirely under TT58/2011 (in force from
  26/01/2012, in the middle of 2011-2012, whose first semester was assessed under
  QĐ 40/2006, which the SDK does not implement).
* Original TT58 applies to 2012-2013 … 2019-2020. TT26/2020 took effect on 11/10/2020,
  in the first semester of 2020-2021; the SDK applies the amended text to the whole of
  2020-2021 (how schools handled the weeks before 11/10/2020 is not documented).
* TT22/2021 replaces TT58 grade by grade along its Art. 21 roadmap: grade 6 from
  2021-2022; 7 and 10 from 2022-2023; 8 and 11 from 2023-2024; 9 and 12 from 2024-2025.
* It ends with 2030-2031: no amendment of TT22 is known (checked to mid-2026), so the
  table extends TT22 a few years ahead; later years raise rather than guess.

>>> regulation_for(6, "2021-2022").id, regulation_for(7, "2021-2022").id
(<RegulationId.TT22_2021: 'TT22_2021'>, <RegulationId.TT58_2011: 'TT58_2011'>)
>>> regulation_for(11, "2019-2020").edition
'original'
>>> regulation_for(9, "2031-2032")
Traceback (most recent call last):
vnschool_records.errors.RegulationNotFoundError: no assessment regulation is known for ...
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from vnschool_records._explain import Citation
from vnschool_records.errors import PolicyOptionError, RegulationNotFoundError
from vnschool_records.models import SchoolYear
from vnschool_records.regulations._types import Regulation, RegulationId
from vnschool_records.regulations.tt22_2021 import INSTRUMENT as TT22
from vnschool_records.regulations.tt22_2021 import Tt22Policy, Tt22Regulation
from vnschool_records.regulations.tt58_2011 import AMENDING_INSTRUMENT as TT26
from vnschool_records.regulations.tt58_2011 import INSTRUMENT as TT58
from vnschool_records.regulations.tt58_2011 import Tt58Edition, Tt58Policy, Tt58Regulation

__all__ = [
    "APPLICABILITY",
    "FIRST_SCHOOL_YEAR",
    "LAST_SCHOOL_YEAR",
    "Applicability",
    "Policy",
    "concrete_regulation",
    "regulation_for",
]

FIRST_SCHOOL_YEAR: Final = 2012
"""Start year of the first school year covered (2012-2013)."""
LAST_SCHOOL_YEAR: Final = 2030
"""Start year of the last school year covered (2030-2031)."""

Policy = Tt22Policy | Tt58Policy


@dataclass(frozen=True, slots=True)
class Applicability:
    """One row of the table: a regulation (and edition) for some grades over some school years.

    ``first_year`` and ``last_year`` are the start years of the first and last school year
    (``2021`` means 2021-2022), both inclusive.
    """

    regulation: RegulationId
    edition: str
    first_year: int
    last_year: int
    grades: frozenset[int]
    citation: Citation

    def covers(self, grade_level: int, start_year: int) -> bool:
        """Whether the row applies to that grade in the school year starting that year."""
        return self.first_year <= start_year <= self.last_year and grade_level in self.grades


_ALL: Final = frozenset(range(6, 13))


def _tt22(first: int, grades: Iterable[int], point: str) -> Applicability:
    return Applicability(
        RegulationId.TT22_2021,
        "2021",
        first,
        LAST_SCHOOL_YEAR,
        frozenset(grades),
        Citation(TT22, article=21, clause="1", point=point),
    )


def _tt58(first: int, last: int, grades: Iterable[int]) -> Applicability:
    return Applicability(
        RegulationId.TT58_2011,
        "amended",
        first,
        last,
        frozenset(grades),
        Citation(
            TT58,
            amended_by=TT26,
            note=f"TT26 in force from 11/10/2020; replaced along {TT22}, Điều 21, khoản 2",
        ),
    )


APPLICABILITY: Final[tuple[Applicability, ...]] = (
    Applicability(
        RegulationId.TT58_2011,
        "original",
        FIRST_SCHOOL_YEAR,
        2019,
        _ALL,
        Citation(TT58, article=2, note="in force from 26/01/2012; amended from 11/10/2020"),
    ),
    _tt58(2020, 2020, _ALL),
    _tt58(2021, 2021, _ALL - {6}),
    _tt58(2022, 2022, {8, 9, 11, 12}),
    _tt58(2023, 2023, {9, 12}),
    _tt22(2021, {6}, "a"),
    _tt22(2022, {7, 10}, "b"),
    _tt22(2023, {8, 11}, "c"),
    _tt22(2024, {9, 12}, "d"),
)
"""The applicability table. Exactly one row covers each grade 6–12 in each covered year."""

_CACHE: dict[tuple[RegulationId, str, Policy | None], Tt22Regulation | Tt58Regulation] = {}


def _pick_policy(
    policy: Policy | Iterable[Policy] | None,
) -> tuple[Tt22Policy | None, Tt58Policy | None]:
    if policy is None:
        return None, None
    given = (policy,) if isinstance(policy, Tt22Policy | Tt58Policy) else tuple(policy)
    tt22 = [p for p in given if isinstance(p, Tt22Policy)]
    tt58 = [p for p in given if isinstance(p, Tt58Policy)]
    if len(tt22) > 1 or len(tt58) > 1 or len(tt22) + len(tt58) != len(given):
        raise PolicyOptionError(
            "policy must be one Tt22Policy and/or one Tt58Policy, "
            f"not {[type(p).__name__ for p in given]}"
        )
    return (tt22[0] if tt22 else None), (tt58[0] if tt58 else None)


def regulation_for(
    grade_level: int,
    school_year: str | SchoolYear,
    *,
    policy: Policy | Iterable[Policy] | None = None,
) -> Regulation:
    """The regulation that governs assessment in a grade (6–12) in a school year.

    ``policy`` configures the readings the texts leave open: a :class:`Tt22Policy`, a
    :class:`Tt58Policy`, or both (an iterable); each applies only to its own regulation,
    so one district-wide setting can be passed for every grade and year. Instances are
    cached, so calling this per student is cheap.

    Raises:
        RegulationNotFoundError: the grade is not 6–12, the label is not a school year,
            or the year is outside 2012-2013 … 2030-2031.
    """
    return concrete_regulation(grade_level, school_year, policy=policy)


_BY_LABEL: dict[tuple[int, str, object], Tt22Regulation | Tt58Regulation] = {}


def concrete_regulation(
    grade_level: int,
    school_year: str | SchoolYear,
    *,
    policy: Policy | Iterable[Policy] | None = None,
) -> Tt22Regulation | Tt58Regulation:
    """:func:`regulation_for` with the concrete class as its type (for the extra verbs).

    Look-ups by a label string are memoised, so calling this for every student of a district
    costs a dictionary look-up.

    The regulation that governs assessment in a grade (6–12) in a school year.

    ``policy`` configures the readings the texts leave open: a :class:`Tt22Policy`, a
    :class:`Tt58Policy`, or both (an iterable); each applies only to its own regulation,
    so one district-wide setting can be passed for every grade and year. Instances are
    cached, so calling this per student is cheap.

    Raises:
        RegulationNotFoundError: the grade is not 6–12, the label is not a school year,
            or the year is outside 2012-2013 … 2030-2031.
    """
    memo_key: tuple[int, str, object] | None = None
    if isinstance(school_year, str) and type(grade_level) is int:
        try:
            memo_key = (grade_level, school_year, policy)
            found_early = _BY_LABEL.get(memo_key)
        except TypeError:  # an unhashable iterable of policies: no memo
            memo_key, found_early = None, None
        if found_early is not None:
            return found_early
    try:
        year = SchoolYear.parse(school_year)
    except ValueError as exc:
        raise RegulationNotFoundError(
            f"{school_year!r} is not a school year written like '2023-2024'"
        ) from exc
    if isinstance(grade_level, bool) or not isinstance(grade_level, int):
        raise RegulationNotFoundError(f"grade level {grade_level!r} is not an integer 6–12")
    row = next((r for r in APPLICABILITY if r.covers(grade_level, year.start)), None)
    if row is None:
        raise RegulationNotFoundError(
            f"no assessment regulation is known for grade {grade_level} in {year.label}: the SDK "
            f"covers grades 6–12 from {FIRST_SCHOOL_YEAR}-{FIRST_SCHOOL_YEAR + 1} to "
            f"{LAST_SCHOOL_YEAR}-{LAST_SCHOOL_YEAR + 1}"
        )
    tt22_policy, tt58_policy = _pick_policy(policy)
    own: Policy | None = tt22_policy if row.regulation is RegulationId.TT22_2021 else tt58_policy
    key = (row.regulation, row.edition, own)
    found = _CACHE.get(key)
    if found is None:
        if row.regulation is RegulationId.TT22_2021:
            found = Tt22Regulation(tt22_policy)
        else:
            edition: Tt58Edition = "original" if row.edition == "original" else "amended"
            found = Tt58Regulation(tt58_policy, edition=edition)
        _CACHE[key] = found
    if memo_key is not None:
        _BY_LABEL[memo_key] = found
    return found
