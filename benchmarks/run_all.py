"""Run every benchmark and print one table: figure, value, ratio to its baseline, target, met.

Each benchmark measures the SDK against a baseline timed in the same run on the same
machine (a plain-Python loop, bare openpyxl, a naive fpdf2 loop, bare sqlite3), so the
ratios mean something on any machine; the absolute figures depend on it. The targets are
for a 2-core machine.

Usage::

    python benchmarks/run_all.py            # full sizes (several minutes)
    python benchmarks/run_all.py --quick    # small sizes, to check they all run
    python benchmarks/run_all.py --only excel sync
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _report import Figure, read_json

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("evaluation", "validation", "excel", "render", "sync")


def run_one(name: str, *, quick: bool) -> tuple[list[Figure], float, int]:
    """Run ``bench_<name>.py``; its own output goes to the console as it runs."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp, "figures.json")
        command = [sys.executable, str(HERE / f"bench_{name}.py"), "--json", str(out)]
        if quick:
            command.append("--quick")
        print(f"\n=== {name} {'(quick)' if quick else ''}", flush=True)
        start = time.perf_counter()
        code = subprocess.run(command, cwd=HERE.parent, check=False).returncode
        seconds = time.perf_counter() - start
        figures = read_json(out) if out.exists() else []
    return figures, seconds, code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark; print one table.")
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, help="run only these")
    args = parser.parse_args(argv)
    figures: list[Figure] = []
    failed: list[str] = []
    for name in args.only or BENCHMARKS:
        found, seconds, code = run_one(name, quick=args.quick)
        print(f"--- {name}: {seconds:.1f} s", flush=True)
        if code != 0 or not found:
            failed.append(f"{name} (exit code {code})")
        figures.extend(found)

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nSummary ({'quick sizes' if args.quick else 'full sizes'}; "
          f"{os.cpu_count()} CPUs; load average {load:.1f})")  # fmt: skip
    headers = ("benchmark", "figure", "value", "ratio", "target", "met")
    rows = [
        (f.benchmark, f.figure, f.value, f.ratio, f.target,
         "-" if f.met is None else ("yes" if f.met else "NO"))
        for f in figures
    ]  # fmt: skip
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line)
    print("-" * len(line))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    met = sum(1 for f in figures if f.met)
    judged = sum(1 for f in figures if f.met is not None)
    print(f"\n{met} of {judged} targets met")
    for name in failed:
        print(f"FAILED to run: {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
