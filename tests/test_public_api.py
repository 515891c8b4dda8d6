"""The curated public surface of ``vnschool_records`` and the lightness of its import."""

from __future__ import annotations

import json
import subprocess
import sys

import vnschool_records


def _isort_style(name: str) -> tuple[int, str]:
    """Constants, then classes, then functions — the order ruff's RUF022 keeps."""
    if name.isupper():
        return 0, name
    if name[0].isupper():
        return 1, name
    return 2, name


def test_all_is_sorted_and_equals_the_public_names() -> None:
    assert vnschool_records.__all__ == sorted(vnschool_records.__all__, key=_isort_style)
    public = {name for name in vars(vnschool_records) if not name.startswith("_")}
    # Subpackages imported by the package itself are attributes too; they are reached by
    # their dotted names and are not re-exported.
    modules = {
        name for name in public if type(getattr(vnschool_records, name)).__name__ == "module"
    }
    assert set(vnschool_records.__all__) - {"__version__"} == public - modules


def test_every_exported_name_resolves() -> None:
    for name in vnschool_records.__all__:
        assert getattr(vnschool_records, name) is not None


def test_import_leaves_heavy_libraries_unloaded() -> None:
    code = (
        "import sys, json, vnschool_records; "
        "print(json.dumps(sorted(m for m in sys.modules "
        "if m.split('.')[0] in {'fpdf', 'openpyxl', 'pyhanko', 'icalendar', 'holidays', "
        "'sqlite3', 'typer', 'rich', 'fontTools', 'PIL'})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert json.loads(out) == []
