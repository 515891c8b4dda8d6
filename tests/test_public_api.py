"""The curated public surface of ``vnschool_records`` and the lightness of its import."""

from __future__ import annotations

import json
import subprocess
import sys

import vnschool_records


def test_all_is_sorted_and_equals_the_public_names() -> None:
    assert vnschool_records.__all__ == sorted(vnschool_records.__all__, key=str.casefold)
    public = {name for name in vars(vnschool_records) if not name.startswith("_")}
    # Subpackages imported by the package itself are attributes too; they are reached by
    # their dotted names and are not re-exported.
    modules = {
        name
        for name in public
        if type(getattr(vnschool_records, name)).__name__ == "module"
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
