"""Shared output of the benchmarks: each script can write its headline figures as JSON.

``run_all.py`` runs every benchmark with ``--json FILE`` and prints one table of them:
figure, value, ratio to the in-run baseline, target, met or not.
"""

from __future__ import annotations

import gc
import json
import time
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


class GcClock:
    """Wall time spent in the cyclic garbage collector while it listens (``gc.callbacks``)."""

    def __init__(self) -> None:
        self.total = 0.0
        self._lapped = 0.0
        self._started = 0.0
        gc.callbacks.append(self._on_gc)

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.total += time.perf_counter() - self._started

    def lap(self) -> float:
        """GC seconds since the previous lap."""
        lap, self._lapped = self.total - self._lapped, self.total
        return lap

    def stop(self) -> float:
        """Stop listening; the GC seconds in all."""
        gc.callbacks.remove(self._on_gc)
        return self.total
