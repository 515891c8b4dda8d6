"""MkDocs hook: show docstring doctests (``>>>`` blocks) as Python console code.

The SDK's docstrings carry doctests that pytest runs (``--doctest-modules``). Rendered
as plain Markdown, their outputs read as text — ``[2, 3, 4]`` even as a reference link,
which ``mkdocs build --strict`` reports. This hook adds a Markdown preprocessor that
wraps every run of ``>>>``/``...`` lines and their output, up to the next blank line,
in a ```` ```pycon ```` fence. Lines already inside a fence are left alone.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown  # type: ignore[import-untyped]  # no stubs; docs tooling only
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.preprocessors import Preprocessor  # type: ignore[import-untyped]
from mkdocs.plugins import event_priority

_FENCE = re.compile(r"^\s*(```|~~~)")
_PROMPT = re.compile(r"^(\s*)>>> ")


class _DoctestFences(Preprocessor):  # type: ignore[misc]  # untyped base
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        in_fence = False
        in_doctest = False
        indent = ""
        for line in lines:
            if in_doctest:
                if line.strip():
                    out.append(line)
                    continue
                out.append(f"{indent}```")
                in_doctest = False
            if _FENCE.match(line):
                in_fence = not in_fence
            elif not in_fence:
                match = _PROMPT.match(line)
                if match:
                    indent = match.group(1)
                    if out and out[-1].strip():
                        out.append("")
                    out.append(f"{indent}```pycon")
                    out.append(line)
                    in_doctest = True
                    continue
            out.append(line)
        if in_doctest:
            out.append(f"{indent}```")
        return out


class DoctestFencesExtension(Extension):  # type: ignore[misc]  # untyped base
    """Register :class:`_DoctestFences` before the fenced-code preprocessors run."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.preprocessors.register(_DoctestFences(md), "doctest_fences", 40)


@event_priority(100)  # before mkdocstrings copies the Markdown extensions
def on_config(config: Any) -> Any:
    config.markdown_extensions.append(DoctestFencesExtension())
    return config
