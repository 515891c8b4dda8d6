"""The ``vnschool`` commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from vnschool_records.cli._app import (
    EXIT_FINDINGS,
    EXIT_OK,
    Lang,
    LangOption,
    console,
    fail,
    parse_day,
    t,
    table,
    user_errors,
)


def register(app: typer.Typer) -> None:
    """Add every command to ``app``."""
    app.command(
        "deadlines",
        help=(
            "Deadlines of a school year (1397/GDĐT-TrH), computed under the Civil Code's "
            "period rules with holidays and swap days, each explained.\n\n"
            "Examples:\n\n"
            "  vnschool deadlines --year 2025-2026\n\n"
            "  vnschool deadlines --year 2025-2026 --as-of 2026-01-20 --ics hạn.ics --lang en"
        ),
    )(deadlines_command)
    app.command(
        "demo",
        help=(
            "The main job: a whole school year on the embedded defaults — enrolment, scores, "
            "results with explanations, deadlines, review, sync, documents, rollover.\n\n"
            "Examples:\n\n  vnschool demo --out demo-output\n\n  vnschool demo --quick --lang en"
        ),
    )(demo_command)


def deadlines_command(
    year: Annotated[str, typer.Option("--year", "-y", help="School year, e.g. 2025-2026.")],
    province: Annotated[
        str, typer.Option("--province", help="Built-in plan to use (HCM).")
    ] = "HCM",
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Status as of this date (default: today).")
    ] = None,
    opening_day: Annotated[
        str | None, typer.Option("--opening-day", help="The school's own tựu trường date.")
    ] = None,
    semester_review: Annotated[
        str | None, typer.Option("--semester-review", help="The school's sơ kết HK I date.")
    ] = None,
    year_review: Annotated[
        str | None, typer.Option("--year-review", help="The school's tổng kết năm học date.")
    ] = None,
    ics: Annotated[
        Path | None, typer.Option("--ics", help="Also write the deadlines as an .ics file.")
    ] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Print each explanation.")] = False,
    lang: LangOption = Lang.vi,
) -> None:
    from vnschool_records.calendar import deadlines, to_ics

    provinces = {"hcm": "hcmc", "hcmc": "hcmc", "tphcm": "hcmc"}
    key = provinces.get(province.casefold().replace(".", "").replace(" ", ""))
    if key is None:
        fail(f"--province {province!r}: the built-in plans cover HCM only; pass your own dates")
    events = {
        name: day
        for name, day in (
            ("opening_day", parse_day(opening_day)),
            ("semester_1_review", parse_day(semester_review)),
            ("year_end_review", parse_day(year_review)),
        )
        if day is not None
    }
    today = parse_day(as_of) or dt.date.today()  # noqa: DTZ011 - the user's calendar day
    with user_errors():
        found = deadlines(year, events=events, as_of=today, province=key)
        tbl = table(
            t(lang, f"Thời hạn năm học {year}", f"Deadlines of school year {year}"),
            [t(lang, "Hạn", "Due"), t(lang, "Việc phải làm", "Obligation"),
             t(lang, "Tình trạng", "Status")],
        )  # fmt: skip
        for d in found:
            text = d.obligation.text_vi if lang is Lang.vi else d.obligation.text_en
            if d.estimated:
                text += t(lang, " (ước tính)", " (estimated)")
            status = d.status.describe(lang.value) if d.status else ""
            tbl.add_row(f"{d.value:%d/%m/%Y}", text, status)
        console.print(tbl)
        if explain:
            for d in found:
                console.print(d.explain(lang.value), markup=False)
                console.print()
        if ics is not None:
            ics.write_bytes(to_ics(found, lang=lang.value))
            console.print(t(lang, f"Đã ghi lịch: {ics}", f"Calendar written: {ics}"))
    raise typer.Exit(EXIT_OK)


def demo_command(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for everything the demo writes.")
    ] = Path("demo-output"),
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same school.")] = 2025,
    quick: Annotated[
        bool, typer.Option("--quick", help="A small school (one class per grade).")
    ] = False,
    lang: LangOption = Lang.vi,
) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

    from vnschool_records.cli._demo import run_demo

    with user_errors():
        with Progress(
            TextColumn("{task.description:<12}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=False,
        ) as bar:
            tasks: dict[str, TaskID] = {}

            def progress(step: str, done: int, total: int) -> None:
                if step not in tasks:
                    tasks[step] = bar.add_task(step, total=total)
                bar.update(tasks[step], completed=done, total=total)

            run = run_demo(out, seed=seed, lang=lang.value, quick=quick, progress=progress)
        _print_demo_summary(run, lang)
    raise typer.Exit(EXIT_OK if not run.failures else EXIT_FINDINGS)


def _print_demo_summary(run: object, lang: Lang) -> None:
    from vnschool_records.cli._demo import DemoRun

    assert isinstance(run, DemoRun)
    console.rule(
        t(lang, f"Năm học {run.school_year}: tổng kết", f"School year {run.school_year}: summary")
    )
    console.print(
        t(
            lang,
            f"{run.students} học sinh, {run.classes} lớp (một trường THCS và một trường THPT)",
            f"{run.students} students in {run.classes} classes (one THCS and one THPT school)",
        )
    )
    outcomes = table(
        t(lang, "Kết quả cuối năm", "Year-end outcomes"),
        [t(lang, "Kết quả", "Outcome"), t(lang, "Số học sinh", "Students")],
    )
    for label, n in sorted(run.outcomes.items(), key=lambda kv: -kv[1]):
        outcomes.add_row(label, str(n))
    for label, n in sorted(run.awards.items()):
        outcomes.add_row(label, str(n))
    console.print(outcomes)
    console.print(t(lang, "Thời hạn và đồng bộ:", "Deadlines and sync:"))
    for line in run.sync_lines:
        console.print(f"  {line}", markup=False)
    if run.findings:
        console.print(t(lang, "Rà soát dữ liệu:", "Data-quality review:"))
        for code, n in sorted(run.findings.items()):
            console.print(f"  {code}: {n}", markup=False)
    for note in run.notes:
        console.print(f"  {note}", markup=False)
    console.print(
        t(
            lang,
            f"Đã ghi {len(run.files)} tệp vào {run.out}/ — xem README ở đó.",
            f"Wrote {len(run.files)} files into {run.out}/ — start with its README.",
        )
    )
    for failure in run.failures:
        console.print(f"[red]FAILED[/] {failure}")
