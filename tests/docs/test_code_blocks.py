"""The Python blocks of the quickstart, the guides and the regulation pages run as written.

Each page's blocks run in order in one namespace (later blocks use earlier names), in a
fresh temporary working directory, so files a page writes do not land in the repository.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"

_OPEN = re.compile(r"^(?P<indent> *)(?P<fence>```+|~~~+)\s*(?P<lang>[\w+-]*)")


def code_blocks(page: Path, lang: str = "python") -> list[tuple[int, str]]:
    """``(line number, source)`` of every top-level fenced block in ``lang``, in page order."""
    blocks: list[tuple[int, str]] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        match = _OPEN.match(lines[i])
        if match is None:
            i += 1
            continue
        fence, indent, start = match["fence"], len(match["indent"]), i + 1
        body: list[str] = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i][indent:])
            i += 1
        if i == len(lines):
            raise AssertionError(f"{page}:{start}: code block is not closed")
        if match["lang"] == lang:
            blocks.append((start, "\n".join(body) + "\n"))
        i += 1
    return blocks


PAGES = sorted(
    [
        DOCS / "quickstart.md",
        DOCS / "concepts" / "regulations.md",
        *(DOCS / "guides").glob("*.md"),
        *(DOCS / "regulations").glob("*.md"),
    ]
)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_python_blocks_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = code_blocks(page)
    assert blocks, f"{page.name} has no python block to run"
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem.replace('-', '_')}"}
    for line, source in blocks:
        code = compile(source, f"{page.relative_to(DOCS)}:{line}", "exec")
        try:
            exec(code, namespace)
        except Exception as exc:
            raise AssertionError(
                f"{page.relative_to(DOCS)}, block at line {line} failed: {exc!r}"
            ) from exc
    assert os.getcwd() == str(tmp_path)


def test_block_extraction_sees_only_python_fences(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text(
        "text\n```python\na = 1\n```\n```text\nnot code\n```\n"
        "- item\n\n    ```python\n    b = a + 1\n    ```\n",
        encoding="utf-8",
    )
    assert code_blocks(page) == [(2, "a = 1\n"), (10, "b = a + 1\n")]


def test_an_unclosed_block_is_reported(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("```python\nx = 1\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="not closed"):
        code_blocks(page)
