"""docs/findings.md and the registry of finding codes list the same codes, both ways."""

from __future__ import annotations

import re
from pathlib import Path

from vnschool_records.validation import DEFAULT_RULES, FINDING_CODES

DOCS = Path(__file__).resolve().parents[2] / "docs" / "findings.md"
_ANCHOR = re.compile(r"^## `([a-z0-9-]+)` \{#([a-z0-9-]+)\}$", re.MULTILINE)


def _documented() -> dict[str, str]:
    text = DOCS.read_text(encoding="utf-8")
    sections = re.split(r"(?m)^(?=## )", text)
    out: dict[str, str] = {}
    for section in sections:
        match = _ANCHOR.match(section)
        if match:
            assert match[1] == match[2], f"heading and anchor differ: {match[0]}"
            out[match[1]] = section
    return out


def test_every_code_is_documented_and_every_documented_code_exists() -> None:
    documented = _documented()
    assert set(documented) == set(FINDING_CODES)
    assert DEFAULT_RULES.codes == set(documented)


def test_each_section_has_an_example_severity_and_source() -> None:
    for code, section in _documented().items():
        info = FINDING_CODES[code]
        assert "- Example: " in section, code
        assert f"severity: **{info.severity.value}**" in section, code
        assert info.reference.format("vi") in section, code


def test_codes_are_kebab_case() -> None:
    for code in FINDING_CODES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", code), code
