"""The typer application behind ``vnschool``; every command is a thin shell over the SDK."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from vnschool_records.errors import VnSchoolRecordsError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class Lang(StrEnum):
    """Output language."""

    vi = "vi"
    en = "en"


LangOption = Annotated[Lang, typer.Option("--lang", "-l", help="Output language: vi or en.")]


def t(lang: Lang, vi: str, en: str) -> str:
    """Pick the Vietnamese or English text."""
    return vi if lang is Lang.vi else en


def fail(message: str) -> NoReturn:
    """Print a one-line error to stderr and exit with the usage/input-error code."""
    err_console.print("[bold red]vnschool:[/] ", end="")
    err_console.print(message, markup=False)
    raise typer.Exit(EXIT_USAGE)


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn the SDK's exceptions and I/O errors into a one-line message and exit code 2."""
    try:
        yield
    except (typer.Exit, typer.Abort):
        raise
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        fail(f"{where}: {message}" if where else message)
    except (VnSchoolRecordsError, OSError, ValueError, LookupError) as exc:
        fail(str(exc) or type(exc).__name__)


def parse_day(value: str | None) -> dt.date | None:
    """A date from ``YYYY-MM-DD`` or ``DD/MM/YYYY``."""
    if value is None:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    fail(f"date {value!r} is not written like 2026-05-31 or 31/05/2026")


def build_app() -> typer.Typer:
    """Build the ``vnschool`` application."""
    from vnschool_records.cli import _commands

    app = typer.Typer(
        name="vnschool",
        help=(
            "Record-keeping policy of Vietnamese secondary schools: results, deadlines, "
            "data-quality review, documents and sync.\n\n"
            "Start with:  vnschool demo --out demo-output"
        ),
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode="rich",
        pretty_exceptions_enable=False,
    )
    app.callback()(_root)
    _commands.register(app)
    return app


def _root() -> None:
    """Record-keeping policy of Vietnamese secondary schools (vnschool_records)."""


def table(title: str, columns: list[str]) -> Table:
    """A rich table with the house style."""
    tbl = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        tbl.add_column(column)
    return tbl


def stdout_is_terminal() -> bool:
    """Whether progress bars make sense."""
    return sys.stdout.isatty()


def existing_path(path: Path) -> Path:
    """``path`` if it exists; a one-line error otherwise."""
    if not path.exists():
        fail(f"{path}: no such file or folder")
    return path
