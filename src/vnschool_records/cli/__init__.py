"""Command line (Dòng lệnh): the ``vnschool`` command for school IT staff and data officers.

``vnschool demo`` runs a whole school year on the embedded defaults; ``deadlines``,
``review``, ``results``, ``render``, ``sync`` and ``verify`` do one job each. Every command
has ``--help`` with examples, Vietnamese and English output (``--lang``), and exit codes
scripts can rely on: 0 ok, 1 findings at error level, 2 usage or input error — with a
one-line message that says what to fix, never a traceback.

The command needs the ``cli`` extra (typer and rich): ``pip install 'vnschool-records[cli]'``.
"""

from __future__ import annotations

import sys

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the ``vnschool`` command; returns the exit code."""
    try:
        from vnschool_records.cli._app import build_app
    except ImportError as exc:  # typer / rich missing
        if exc.name in {"typer", "rich", "click"}:
            print(
                "vnschool: the command needs the 'cli' extra: pip install 'vnschool-records[cli]'",
                file=sys.stderr,
            )
            return 2
        raise
    app = build_app()
    try:
        app(args=argv, prog_name="vnschool", standalone_mode=True)
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    return 0
