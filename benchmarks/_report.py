"""Shared output of the benchmarks: each script can write its headline figures as JSON.

``run_all.py`` runs every benchmark with ``--json FILE`` and prints one table of them:
figure, value, ratio to the in-run baseline, target, met or not.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One headline figure of a benchmark run."""

    benchmark: str
    figure: str
    value: str
    ratio: str = ""
    """The ratio to the in-run baseline, as printed (e.g. ``"0.82x"``)."""
    target: str = ""
    met: bool | None = None
    """``None`` for a figure that has no target (information only)."""


def write_json(figures: list[Figure], path: str | None) -> None:
    """Write ``figures`` to ``path`` (no-op when ``path`` is ``None``)."""
    if path is None:
        return
    Path(path).write_text(
        json.dumps([asdict(f) for f in figures], ensure_ascii=False, indent=1), encoding="utf-8"
    )


def read_json(path: Path) -> list[Figure]:
    """The figures a benchmark wrote."""
    return [Figure(**row) for row in json.loads(path.read_text(encoding="utf-8"))]
