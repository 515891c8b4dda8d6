"""The applicability tables on the regulation pages are the code's table, row for row.

Each circular's page (docs/regulations/) copies its rows of
``vnschool_records.regulations.APPLICABILITY`` with their citations; the overview page
(docs/concepts/regulations.md) draws the grade × year matrix. Both must follow the code.
"""

from __future__ import annotations

import re
from pathlib import Path

from vnschool_records.regulations import (
    APPLICABILITY,
    FIRST_SCHOOL_YEAR,
    LAST_SCHOOL_YEAR,
    Applicability,
    RegulationId,
    regulation_for,
)

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _row(r: Applicability) -> str:
    grades = ", ".join(str(g) for g in sorted(r.grades))
    years = f"{r.first_year}-{r.first_year + 1} | {r.last_year}-{r.last_year + 1}"
    return (
        f"| {r.regulation.value} | {r.edition} | {years} | {grades} | {r.citation.format('en')} |"
    )


def _table_rows(page: Path, regulation: RegulationId) -> list[str]:
    prefix = f"| {regulation.value} |"
    text = page.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.startswith(prefix)]


def test_each_circular_page_lists_exactly_its_rows() -> None:
    pages = {
        RegulationId.TT58_2011: DOCS / "regulations" / "tt58_2011.md",
        RegulationId.TT22_2021: DOCS / "regulations" / "tt22_2021.md",
    }
    for regulation, page in pages.items():
        expected = [_row(r) for r in APPLICABILITY if r.regulation is regulation]
        assert expected
        assert _table_rows(page, regulation) == expected, page.name


_CELL = {"TT58": ("TT58_2011", "original"), "TT58+26": ("TT58_2011", "amended")}


def test_the_overview_matrix_matches_regulation_for() -> None:
    text = (DOCS / "concepts" / "regulations.md").read_text(encoding="utf-8")
    matrix = re.compile(r"^\| (\d{4})-\d{4}(?: … (\d{4})-\d{4})? \|((?: [^|]+ \|){7})$")
    seen: set[int] = set()
    for line in text.splitlines():
        match = matrix.match(line.strip())
        if match is None:
            continue
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        cells = [c.strip().strip("*") for c in match.group(3).split("|")[:-1]]
        for start in range(first, last + 1):
            seen.add(start)
            for grade, cell in zip(range(6, 13), cells, strict=True):
                reg = regulation_for(grade, f"{start}-{start + 1}")
                edition = getattr(reg, "edition", None)
                actual = (reg.id.value, edition) if edition else (reg.id.value, None)
                wanted = _CELL.get(cell, ("TT22_2021", None))
                assert cell in {"TT58", "TT58+26", "TT22"}, cell
                assert actual == wanted, (start, grade, cell)
    assert seen == set(range(FIRST_SCHOOL_YEAR, LAST_SCHOOL_YEAR + 1))
