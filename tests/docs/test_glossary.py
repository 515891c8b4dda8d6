"""The glossary (docs/glossary.md) agrees with the code.

Every dotted name in its Code column resolves to a real module, class, function, enum
member, method or model field; and every public class whose first docstring line names a
Vietnamese term (``English name (Vietnamese term): ...``) is listed there.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import re
import unicodedata
from pathlib import Path
from types import ModuleType

import pytest

GLOSSARY = Path(__file__).resolve().parents[2] / "docs" / "glossary.md"

PUBLIC_PACKAGES = (
    "models",
    "regulations",
    "calendar",
    "identifiers",
    "validation",
    "gradebook",
    "rollover",
    "render",
    "excel",
    "sync",
    "signing",
    "testing",
    "demo",
    "errors",
)

_NAME = re.compile(r"`(vnschool_records(?:\.\w+)+)`")
_FIRST_PAREN = re.compile(r"^[^(:]*\(([^)]*)\)")


def glossary_rows(text: str) -> list[tuple[str, str, list[str]]]:
    """``(Vietnamese, English, [code names])`` of every table row with a code name."""
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or set(cells[0]) <= {"-"}:
            continue
        names = _NAME.findall(cells[2])
        if names:
            rows.append((cells[0], cells[1], names))
    return rows


def resolve(dotted: str) -> object:
    """The object a dotted name points to; a pydantic or dataclass field counts."""
    parts = dotted.split(".")
    obj: object = None
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ModuleNotFoundError:
            continue
        rest = parts[i:]
        break
    else:  # pragma: no cover - "vnschool_records" itself always imports
        raise LookupError(dotted)
    for name in rest:
        if hasattr(obj, name):
            obj = getattr(obj, name)
        elif name in getattr(obj, "model_fields", {}):
            obj = obj.model_fields[name]  # type: ignore[attr-defined]
        elif dataclasses.is_dataclass(obj) and name in {f.name for f in dataclasses.fields(obj)}:
            obj = next(f for f in dataclasses.fields(obj) if f.name == name)
        else:
            raise LookupError(f"{dotted}: {obj!r} has no attribute {name!r}")
    return obj


def vietnamese_term(cls: type) -> str | None:
    """The parenthesised Vietnamese term of the docstring's first line, if there is one.

    The first parenthesis before any colon counts when it has a letter outside ASCII
    (Vietnamese diacritics) and no digit (which marks a reference like "ô 7").
    """
    doc = inspect.getdoc(cls)
    if not doc:
        return None
    match = _FIRST_PAREN.match(doc.splitlines()[0])
    if match is None:
        return None
    term = match.group(1)
    has_vietnamese = any(ord(ch) > 127 and unicodedata.category(ch).startswith("L") for ch in term)
    if not has_vietnamese or any(ch.isdigit() for ch in term):
        return None
    return term


def public_classes() -> dict[int, tuple[str, type]]:
    """Every class named in a public package's ``__all__``, by identity, first path wins."""
    found: dict[int, tuple[str, type]] = {}
    for package in PUBLIC_PACKAGES:
        module: ModuleType = importlib.import_module(f"vnschool_records.{package}")
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.isclass(obj):
                found.setdefault(id(obj), (f"vnschool_records.{package}.{name}", obj))
    return found


ROWS = glossary_rows(GLOSSARY.read_text(encoding="utf-8"))
NAMES = sorted({n for _, _, names in ROWS for n in names})


def test_the_glossary_has_rows_with_both_languages() -> None:
    assert len(ROWS) >= 60
    for vi, en, _ in ROWS:
        assert vi, en
        assert en, vi
        assert unicodedata.is_normalized("NFC", vi), vi


@pytest.mark.parametrize("dotted", NAMES)
def test_every_code_name_resolves(dotted: str) -> None:
    assert resolve(dotted) is not None


def test_every_class_with_a_vietnamese_term_is_in_the_glossary() -> None:
    listed = {id(resolve(n)) for n in NAMES}
    missing = [
        f"{path} ({vietnamese_term(cls)})"
        for key, (path, cls) in sorted(public_classes().items(), key=lambda kv: kv[1][0])
        if vietnamese_term(cls) is not None and key not in listed
    ]
    assert not missing, "add to docs/glossary.md: " + "; ".join(missing)


def test_the_checks_can_fail() -> None:
    with pytest.raises(LookupError, match="NoSuchLevel"):
        resolve("vnschool_records.models.NoSuchLevel")
    rows = glossary_rows(
        "| a | b | `vnschool_records.models.Student` |\n|---|---|---|\n| c | d | - |"
    )
    assert rows == [("a", "b", ["vnschool_records.models.Student"])]

    class Term:
        """Transcript (Học bạ): one page."""

    class Reference:
        """Signature block (ô 7): authority and seal."""

    class English:
        """Results of one term (semester I or II)."""

    assert vietnamese_term(Term) == "Học bạ"
    assert vietnamese_term(Reference) is None
    assert vietnamese_term(English) is None
