"""The documentation site builds with ``mkdocs build --strict``: no warning is allowed.

A broken link, a missing page in the nav, a docstring mkdocstrings cannot render or a
cross-reference it cannot resolve all fail the build. Skipped when mkdocs (the docs
tooling, not a runtime dependency) is not installed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAV_PAGE = re.compile(r":\s*([\w/.-]+\.md)\s*$")


def _mkdocs_available() -> bool:
    try:
        import mkdocs  # noqa: F401
        import mkdocstrings  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _mkdocs_available(), reason="mkdocs and mkdocstrings not installed")
def test_mkdocs_build_strict(tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "", "HOME": str(tmp_path)},
        check=False,
    )
    warnings = [line for line in done.stderr.splitlines() if "WARNING" in line]
    assert done.returncode == 0, "\n".join(warnings) or done.stderr[-3000:]
    assert not warnings, "\n".join(warnings)
    assert (site / "index.html").is_file()
    api = (site / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    assert "vnschool_records.regulations.regulation_for" in api


def test_every_nav_page_exists() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "strict: true" in config
    pages = [m.group(1) for line in config.splitlines() if (m := NAV_PAGE.search(line))]
    assert "quickstart.md" in pages
    assert len(pages) >= 20
    missing = [p for p in pages if not (ROOT / "docs" / p).is_file()]
    assert not missing, f"pages in the nav but not in docs/: {missing}"
