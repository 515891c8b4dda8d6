"""The ``vnschool`` commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
from vnschool_records.models import StudentYearRecord
from vnschool_records.validation import Finding

if TYPE_CHECKING:
    from vnschool_records.calendar import Deadline


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
    app.command(
        "review",
        help=(
            "Data-quality review of a grade-book workbook or a folder of them, before a sync. "
            "Exit code 1 when there are errors.\n\n"
            "Examples:\n\n  vnschool review sổ-điểm/ --out phát-hiện.xlsx\n\n"
            "  vnschool review 6A1.xlsx --stage year-end --lang en"
        ),
    )(review_command)
    app.command(
        "results",
        help=(
            "Compute the year's results from a filled workbook and explain one student's.\n\n"
            "Examples:\n\n  vnschool results 6A1.xlsx\n\n"
            "  vnschool results 6A1.xlsx --explain 'Nguyễn Văn An' --lang en"
        ),
    )(results_command)
    app.command(
        "render",
        help=(
            "Render the class summary and học bạ pages of a filled workbook as PDF.\n\n"
            "Example:\n\n  vnschool render 6A1.xlsx --out pdf --school 'Trường THCS Bình Khánh'"
        ),
    )(render_command)
    app.command(
        "sync",
        help=(
            "Sync workbooks into the SQLite store that plays the sector database; re-running "
            "sends only what changed. Data sent after its deadline (Công văn 1397/GDĐT-TrH, "
            "from the built-in calendar and the school's own review dates) is reported.\n\n"
            "Example:\n\n  vnschool sync sổ-điểm/ --db csdl.sqlite --year-review 2026-05-30"
        ),
    )(sync_command)
    app.command(
        "verify",
        help=(
            "Check the digital signatures of a PDF: who signed, when, and whether anything "
            "changed after each signature.\n\n"
            "Example:\n\n  vnschool verify hồ-sơ.pdf --trust ca.pem"
        ),
    )(verify_command)


OpeningDayOption = Annotated[
    str | None, typer.Option("--opening-day", help="The school's own tựu trường date.")
]
SemesterReviewOption = Annotated[
    str | None, typer.Option("--semester-review", help="The school's sơ kết HK I date.")
]
YearReviewOption = Annotated[
    str | None, typer.Option("--year-review", help="The school's tổng kết năm học date.")
]


def deadlines_command(
    year: Annotated[str, typer.Option("--year", "-y", help="School year, e.g. 2025-2026.")],
    province: Annotated[
        str, typer.Option("--province", help="Built-in plan to use (HCM).")
    ] = "HCM",
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Status as of this date (default: today).")
    ] = None,
    opening_day: OpeningDayOption = None,
    semester_review: SemesterReviewOption = None,
    year_review: YearReviewOption = None,
    ics: Annotated[
        Path | None, typer.Option("--ics", help="Also write the deadlines as an .ics file.")
    ] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Print each explanation.")] = False,
    lang: LangOption = Lang.vi,
) -> None:
    from vnschool_records.calendar import deadlines, to_ics

    key = _province_key(province)
    events = _events(opening_day, semester_review, year_review)
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


def _province_key(province: str) -> str:
    """The built-in plan's key for ``--province``; a clear failure for any other."""
    provinces = {"hcm": "hcmc", "hcmc": "hcmc", "tphcm": "hcmc"}
    key = provinces.get(province.casefold().replace(".", "").replace(" ", ""))
    if key is None:
        fail(f"--province {province!r}: the built-in plans cover HCM only; pass your own dates")
    return key


def _events(
    opening_day: str | None, semester_review: str | None, year_review: str | None
) -> dict[str, dt.date]:
    """The school's own event dates given on the command line, by anchor event."""
    return {
        name: day
        for name, day in (
            ("opening_day", parse_day(opening_day)),
            ("semester_1_review", parse_day(semester_review)),
            ("year_end_review", parse_day(year_review)),
        )
        if day is not None
    }


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
    console.print(outcomes)
    awards = table(
        t(lang, "Danh hiệu", "Awards"),
        [t(lang, "Danh hiệu", "Award"), t(lang, "Số học sinh", "Students")],
    )
    for label, n in sorted(run.awards.items()):
        awards.add_row(label, str(n))
    console.print(awards)
    console.print(t(lang, "Thời hạn và đồng bộ:", "Deadlines and sync:"))
    for line in run.sync_lines:
        console.print(f"  {line}", markup=False)
    if run.findings:
        console.print(t(lang, "Rà soát dữ liệu:", "Data-quality review:"))
        for code, n in sorted(run.findings.items()):
            console.print(f"  {code}: {n}", markup=False)
    if run.notes:
        console.print(t(lang, "Kết chuyển và ghi chú:", "Rollover and notes:"))
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


# --------------------------------------------------------------------------- review


def _workbooks_in(path: Path) -> list[Path]:
    if path.is_dir():
        found = sorted(p for p in path.rglob("*.xlsx") if not p.name.startswith("~$"))
        if not found:
            xls = sum(1 for p in path.rglob("*.xls") if not p.name.startswith("~$"))
            if xls:
                from vnschool_records.excel._read import SAVE_AS_XLSX

                fail(
                    f"{path}: no .xlsx workbook in this folder ({xls} Excel 97–2003 .xls"
                    f" file(s): {SAVE_AS_XLSX})"
                )
            fail(f"{path}: no .xlsx workbook in this folder")
        return found
    if not path.exists():
        fail(f"{path}: no such file or folder")
    return [path]


def review_command(
    path: Annotated[Path, typer.Argument(help="A grade-book workbook or a folder of them.")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the findings to this .xlsx.")
    ] = None,
    stage: Annotated[
        str,
        typer.Option(
            "--stage",
            help="What the data is reviewed for: review, semester-1, year-end, after-summer.",
        ),
    ] = "review",
    lang: LangOption = Lang.vi,
) -> None:
    from vnschool_records.excel import read_gradebook, write_findings
    from vnschool_records.validation import Stage, ValidationContext, validate

    with user_errors():
        chosen = Stage(stage)
        rows: list[tuple[str, str, str, str, str]] = []
        errors = 0
        summary = table(
            t(lang, "Rà soát dữ liệu", "Data-quality review"),
            [t(lang, "Tệp", "File"), t(lang, "Học sinh", "Students"),
             t(lang, "Lỗi", "Errors"), t(lang, "Cảnh báo", "Warnings")],
        )  # fmt: skip
        for book in _workbooks_in(path):
            imported = read_gradebook(book)
            report = validate(imported.records, context=ValidationContext(stage=chosen))
            found = [
                (book.name, _where(f), f.severity.value, f.code, f.message(lang.value))
                for f in (*imported.findings, *report.findings)
            ]
            n_err = sum(1 for row in found if row[2] == "error")
            n_warn = sum(1 for row in found if row[2] == "warning")
            rows.extend(found)
            errors += n_err
            summary.add_row(book.name, str(len(imported.records)), str(n_err), str(n_warn))
            if report.findings:
                console.print(report.summary(lang.value), markup=False)
        console.print(summary)
        for file, where, severity, code, message in rows:
            if severity == "error":
                console.print(f"  {file} {where} [{code}] {message}", markup=False)
        if out is not None:
            write_findings(rows, out)
            console.print(t(lang, f"Đã ghi: {out}", f"Written: {out}"))
    raise typer.Exit(EXIT_FINDINGS if errors else EXIT_OK)


def _where(finding: Finding) -> str:
    """``Toán_HK1!D12`` for a workbook cell; ``student 7910000001: assessments.3.midterm``
    for a finding about an imported record (its index in the import means nothing to a user).
    """
    loc = finding.loc
    if loc and isinstance(loc[0], str):
        return "!".join(str(p) for p in loc)
    path = ".".join(str(p) for p in loc[1:])
    if finding.student_id:
        return f"{finding.student_id}: {path}" if path else finding.student_id
    return ".".join(str(p) for p in loc)


# --------------------------------------------------------------------------- results


def results_command(
    path: Annotated[Path, typer.Argument(help="A grade-book workbook (.xlsx).")],
    explain: Annotated[
        str | None,
        typer.Option("--explain", help="Student id or full name: print every explanation."),
    ] = None,
    lang: LangOption = Lang.vi,
) -> None:
    from vnschool_records._text import identity_key
    from vnschool_records.excel import read_gradebook
    from vnschool_records.regulations import evaluate_year

    with user_errors():
        imported = read_gradebook(_workbooks_in(path)[0])
        for f in imported.findings:
            console.print(f"{f.severity.value}: {f.message(lang.value)}", markup=False)
        tbl = table(
            t(lang, "Kết quả cả năm", "Year results"),
            [t(lang, "Mã HS", "Student"), t(lang, "Họ và tên", "Name"),
             t(lang, "Rèn luyện", "Training"), t(lang, "Học tập", "Learning"),
             t(lang, "Lên lớp", "Promotion"), t(lang, "Danh hiệu", "Award")],
        )  # fmt: skip
        chosen = None
        incomplete = 0
        for record in imported.records:
            student = record.student
            try:
                result = evaluate_year(record)
            except (ValueError, LookupError) as exc:
                incomplete += 1
                tbl.add_row(student.student_id, student.full_name, "", "", str(exc), "")
                continue
            training = result.year.training.value.value if result.year.training else ""
            award = result.award.value.value if result.award.value else ""
            tbl.add_row(
                student.student_id,
                student.full_name,
                training,
                result.year.learning.value.value,
                result.promotion.value.value,
                award,
            )
            if explain is not None and (
                explain == student.student_id
                or identity_key(explain) == identity_key(student.full_name)
            ):
                chosen = result
        console.print(tbl)
        if explain is not None:
            if chosen is None:
                fail(f"--explain {explain!r}: no student with that id or name in {path}")
            console.print(chosen.explain(lang.value), markup=False)
    raise typer.Exit(EXIT_FINDINGS if incomplete or not imported.ok else EXIT_OK)


# --------------------------------------------------------------------------- render


def render_command(
    path: Annotated[Path, typer.Argument(help="A grade-book workbook (.xlsx).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the PDFs.")] = Path("pdf"),
    school_name: Annotated[
        str, typer.Option("--school", help="School name printed on the documents.")
    ] = "Trường THCS",
    province: Annotated[str, typer.Option("--province")] = "Thành phố Hồ Chí Minh",
    parent_agency: Annotated[
        str | None, typer.Option("--parent-agency", help="Managing agency line.")
    ] = None,
    place: Annotated[str | None, typer.Option("--place", help="Place on the date line.")] = None,
    lang: LangOption = Lang.vi,
) -> None:
    from vnschool_records.excel import read_gradebook
    from vnschool_records.models import School, SchoolLevel
    from vnschool_records.regulations import evaluate_year
    from vnschool_records.render import (
        ExtractYearInput,
        build_class_summary_view,
        build_transcript_view,
        render_class_summary,
        render_transcript,
    )

    with user_errors():
        imported = read_gradebook(_workbooks_in(path)[0])
        if not imported.records:
            fail(f"{path}: no student records to render")
        group = imported.records[0].class_group
        school = School(
            code=group.school_code or "-",
            name=school_name,
            levels=(SchoolLevel.for_grade(group.grade_level),),
            province=province,
            parent_agency=parent_agency,
            place_name=place or province,
        )
        entries = []
        skipped = []
        for record in imported.records:
            try:
                entries.append((record, evaluate_year(record)))
            except (ValueError, LookupError) as exc:
                skipped.append(f"{record.student.student_id}: {exc}")
        today = dt.date.today()  # noqa: DTZ011 - the issue date printed on the documents
        created = dt.datetime.now(dt.UTC)
        out.mkdir(parents=True, exist_ok=True)
        summary = build_class_summary_view(school, group, entries, issued_on=today)
        target = out / f"bang-tong-hop-{group.name}.pdf"
        target.write_bytes(render_class_summary(summary, created_at=created))
        pages = [
            build_transcript_view(school, ExtractYearInput(record=r, result=y), signed_on=today)
            for r, y in entries
        ]
        book = out / f"hoc-ba-{group.name}.pdf"
        book.write_bytes(render_transcript(pages, created_at=created))
        console.print(t(lang, f"Đã ghi: {target}, {book}", f"Written: {target}, {book}"))
        for line in skipped:
            console.print(t(lang, f"Bỏ qua {line}", f"Skipped {line}"), markup=False)
    raise typer.Exit(EXIT_FINDINGS if skipped else EXIT_OK)


# --------------------------------------------------------------------------- sync


def sync_command(
    path: Annotated[Path, typer.Argument(help="A grade-book workbook or a folder of them.")],
    db: Annotated[
        Path, typer.Option("--db", help="The SQLite store that plays the sector database.")
    ] = Path("csdl.sqlite"),
    journal: Annotated[
        Path | None, typer.Option("--journal", help="Sync journal (default: next to --db).")
    ] = None,
    deadline: Annotated[
        str | None,
        typer.Option(
            "--deadline",
            help="Warn if syncing after this date, instead of the calendar's deadlines.",
        ),
    ] = None,
    province: Annotated[
        str, typer.Option("--province", help="Built-in plan for the deadline check (HCM).")
    ] = "HCM",
    opening_day: OpeningDayOption = None,
    semester_review: SemesterReviewOption = None,
    year_review: YearReviewOption = None,
    lang: LangOption = Lang.vi,
) -> None:
    from vnschool_records.excel import read_gradebook
    from vnschool_records.regulations import evaluate_year
    from vnschool_records.sync import SQLiteBackend, SyncClient

    key = _province_key(province)
    events = _events(opening_day, semester_review, year_review)
    with user_errors():
        records: list[StudentYearRecord] = []
        for book in _workbooks_in(path):
            imported = read_gradebook(book)
            for f in imported.findings:
                console.print(f"{f.severity.value}: {f.message(lang.value)}", markup=False)
            records.extend(imported.records)
        results = []
        for record in records:
            try:
                results.append(evaluate_year(record))
            except (ValueError, LookupError):
                continue  # an incomplete year syncs its scores; results follow when complete
        due = [] if deadline is not None else _calendar_deadlines(records, events, key, lang)
        client = SyncClient(SQLiteBackend(db), journal or db.with_suffix(".journal.sqlite"))
        try:
            report = client.sync(records, results, deadline=parse_day(deadline), deadlines=due)
        finally:
            client.close()
        console.print(
            t(
                lang,
                f"{report.planned} thay đổi: {report.accepted} được nhận, {report.skipped} đã có, "
                f"{len(report.rejected)} bị từ chối, {len(report.conflicts)} xung đột",
                f"{report.planned} changes: {report.accepted} accepted, {report.skipped} already "
                f"held, {len(report.rejected)} rejected, {len(report.conflicts)} conflicts",
            )
        )
        for finding in report.findings:
            console.print(f"  {finding.message(lang.value)}", markup=False)
        if report.refused:
            refused = t(
                lang,
                "Không gửi: dữ liệu còn lỗi (chạy vnschool review).",
                "Nothing sent: the data has errors (run vnschool review).",
            )
            console.print(refused)
    raise typer.Exit(EXIT_OK if report.ok else EXIT_FINDINGS)


# --------------------------------------------------------------------------- verify


def _calendar_deadlines(
    records: list[StudentYearRecord], events: dict[str, dt.date], province: str, lang: Lang
) -> list[Deadline]:
    """The deadlines of the workbooks' school years (Công văn 1397/GDĐT-TrH), for the check.

    A year without a built-in plan is said and skipped, not fatal: the sync goes on.
    """
    from vnschool_records.calendar import deadlines
    from vnschool_records.errors import CalendarDataError, IncompleteDataError

    years: dict[str, set[int]] = {}
    for r in records:
        years.setdefault(r.class_group.school_year.label, set()).add(r.grade_level)
    if events and len(years) > 1:
        fail(
            f"--opening-day, --semester-review and --year-review are one school year's dates;"
            f" the workbooks hold {', '.join(sorted(years))}: sync each year on its own"
        )
    found: list[Deadline] = []
    for year, grades in sorted(years.items()):
        try:
            found.extend(deadlines(year, events=events, province=province, grade_levels=grades))
        except (CalendarDataError, IncompleteDataError) as exc:
            console.print(
                t(
                    lang,
                    f"Không kiểm tra được hạn năm học {year} ({exc}); dùng --deadline.",
                    f"No deadline check for school year {year} ({exc}); use --deadline.",
                ),
                markup=False,
            )
    return found


def verify_command(
    path: Annotated[Path, typer.Argument(help="A signed PDF.")],
    trust: Annotated[
        list[Path] | None, typer.Option("--trust", help="A CA certificate (PEM or DER) to trust.")
    ] = None,
    lang: LangOption = Lang.vi,
) -> None:
    from vnschool_records.render import check_content_hash
    from vnschool_records.signing import verify

    with user_errors():
        data = path.read_bytes()
        content = check_content_hash(data)
        if content.found:
            if content.matches:
                console.print(
                    t(
                        lang,
                        f"Mã kiểm tra nội dung khớp với dữ liệu kèm theo: {content.printed_hash}",
                        f"Content hash matches the embedded data: {content.printed_hash}",
                    ),
                    markup=False,
                )
            else:
                console.print(
                    t(
                        lang,
                        f"Mã kiểm tra nội dung KHÔNG khớp: in {content.printed_hash}, "
                        f"tính lại {content.computed_hash} {content.error}",
                        f"Content hash does NOT match: printed {content.printed_hash}, "
                        f"recomputed {content.computed_hash} {content.error}",
                    ),
                    markup=False,
                )
        roots = [p.read_bytes() for p in trust or ()]
        report = verify(data, trust_roots=roots)
        if not report.signatures:
            console.print(t(lang, f"{path}: không có chữ ký số", f"{path}: no signatures"))
            raise typer.Exit(EXIT_FINDINGS)
        console.print(report.describe(lang.value), markup=False)
        if not roots:
            console.print(
                t(
                    lang,
                    "Chưa kiểm tra độ tin cậy: thêm --trust <chứng thư CA>.",
                    "Trust not checked: add --trust <CA certificate>.",
                )
            )
    ok = report.all_valid and (content.matches or not content.found)
    raise typer.Exit(EXIT_OK if ok else EXIT_FINDINGS)
