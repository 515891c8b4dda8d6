"""The main job: a whole school year end to end on the embedded defaults.

:func:`run_demo` is plain Python (no typer, no rich) so that it can be tested and reused;
the ``vnschool demo`` command only adds progress bars and tables. Every step writes what
a school would keep into ``out``:

==============================  =========================================================
``deadlines.txt`` / ``.ics``    the year's deadlines (1397/GDĐT-TrH), explained
``review/``                     the data-quality review (summary and findings)
``results/``                    promotion lists and explanations of a few students
``workbooks/``                  one grade-book workbook per class, read back and checked
``documents/``                  extracts, học bạ pages, certificates, class summaries
``documents/signed/``           one extract signed three times, and its verification
``rollover/``                   the plan to the next school year, with its reconciliation
``csdl.sqlite``                 the sector-database stand-in after the final sync
==============================  =========================================================
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vnschool_records.calendar import Deadline, deadlines, to_ics
from vnschool_records.demo import DemoSchool, generate_admissions, generate_school
from vnschool_records.models import SchoolLevel, StudentYearRecord
from vnschool_records.regulations import PromotionOutcome, YearResult, evaluate_year
from vnschool_records.validation import Report, Stage, ValidationContext, validate

Progress = Callable[[str, int, int], None]
"""``progress(step, done, total)``: called as long steps advance."""

DEMO_YEAR = "2025-2026"
CREATED_AT = dt.datetime(2026, 6, 20, 8, 0, tzinfo=dt.UTC)
"""Creation time stamped into the demo's documents, so reruns are byte-identical."""


@dataclass
class DemoRun:
    """What the demo did: counts, files and deadline outcomes, for the closing summary."""

    out: Path
    school_year: str
    students: int = 0
    classes: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    awards: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)
    files: list[Path] = field(default_factory=list)
    deadline_lines: list[str] = field(default_factory=list)
    sync_lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, path: Path) -> Path:
        """Remember a written file."""
        self.files.append(path)
        return path


def _noop(step: str, done: int, total: int) -> None:
    return None


def run_demo(
    out: Path,
    *,
    seed: int = 2025,
    lang: str = "vi",
    quick: bool = False,
    progress: Progress | None = None,
) -> DemoRun:
    """Run the school year; see the module docstring. ``quick`` makes a small school."""
    report = progress or _noop
    out.mkdir(parents=True, exist_ok=True)
    run = DemoRun(out=out, school_year=DEMO_YEAR)
    size = {"classes_per_grade": 1, "students_per_class": 10} if quick else {}
    schools = [
        generate_school(
            level=level,
            school_year=DEMO_YEAR,
            seed=seed,
            with_history=True,
            classes_per_grade=size.get("classes_per_grade", 2),
            students_per_class=size.get("students_per_class", 40),
        )
        for level in (SchoolLevel.THCS, SchoolLevel.THPT)
    ]
    run.students = sum(len(s.records) for s in schools)
    run.classes = sum(len(s.classes) for s in schools)

    plan = _deadlines(run, lang)
    _review(run, schools, lang)
    results = _results(run, schools, lang, report)
    _sync(run, schools, results, plan, report)
    _workbooks(run, schools, results, report)
    _documents(run, schools, results, report)
    _rollover(run, schools, results, lang)
    _readme(run, lang)
    return run


_README_ROWS: tuple[tuple[str, str, str], ...] = (
    ("deadlines.txt, .ics", "Thời hạn theo Công văn 1397/GDĐT-TrH, có diễn giải",
     "Deadlines of Official letter 1397/GDĐT-TrH, explained"),
    ("review/", "Rà soát dữ liệu trước khi đồng bộ: tóm tắt và từng phát hiện",
     "Data-quality review before sync: summary and every finding"),
    ("results/", "Danh sách lên lớp, kiểm tra lại, rèn luyện hè; diễn giải mẫu",
     "Promotion, re-assessment and summer lists; sample explanations"),
    ("workbooks/", "Sổ theo dõi và đánh giá học sinh theo lớp, đã đọc lại",
     "Class grade-book workbooks, read back and compared"),
    ("documents/", "Hồ sơ xác nhận quá trình học tập, học bạ, giấy chứng nhận",
     "Learning-record extracts, học bạ pages, certificates, summaries"),
    ("documents/signed/", "Một hồ sơ ký số ba lần và kết quả kiểm tra chữ ký",
     "One extract signed three times and its verification"),
    ("rollover/", "Kế hoạch kết chuyển sang năm học sau, đối chiếu sĩ số",
     "The plan to the next school year and its reconciliation"),
    ("csdl.sqlite", "Bản sao CSDL ngành sau lần đồng bộ cuối",
     "The sector-database stand-in after the final sync"),
)  # fmt: skip


def _readme(run: DemoRun, lang: str) -> None:
    title = (
        f"Kết quả chạy thử vnschool_records — năm học {run.school_year}"
        if lang == "vi"
        else f"vnschool_records demo output — school year {run.school_year}"
    )
    rows = [f"{path:<22}{vi if lang == 'vi' else en}" for path, vi, en in _README_ROWS]
    run.add(run.out / "README.txt").write_text(
        "\n".join([title, "", *rows]) + "\n", encoding="utf-8"
    )


# --------------------------------------------------------------------------- deadlines


def _deadlines(run: DemoRun, lang: str) -> dict[str, Deadline]:
    found = deadlines(DEMO_YEAR, as_of=dt.date(2026, 6, 20))
    text = "\n\n".join(d.explain(lang) for d in found)
    run.add(run.out / "deadlines.txt").write_text(text + "\n", encoding="utf-8")
    stamp = dt.datetime(2026, 6, 20, tzinfo=dt.UTC)
    run.add(run.out / "deadlines.ics").write_bytes(to_ics(found, lang=lang, stamp=stamp))
    return {d.obligation.id: d for d in found}


# --------------------------------------------------------------------------- review


def _review(run: DemoRun, schools: Sequence[DemoSchool], lang: str) -> None:
    folder = run.out / "review"
    folder.mkdir(exist_ok=True)
    for demo in schools:
        report = validate(
            demo.records, context=ValidationContext(stage=Stage.YEAR_END, school=demo.school)
        )
        for finding in report.findings:
            run.findings[f"{finding.severity.value}:{finding.code}"] += 1
        name = demo.school.code
        run.add(folder / f"{name}-summary.txt").write_text(
            report.summary(lang) + "\n", encoding="utf-8"
        )
        _write_findings_jsonl(report, run.add(folder / f"{name}-findings.jsonl"))


def _write_findings_jsonl(report: Report, path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for f in report.findings:
            row = {
                "code": f.code,
                "severity": f.severity.value,
                "loc": [str(p) for p in f.loc],
                "message_vi": f.message_vi,
                "message_en": f.message_en,
                "reference": f.reference.format("vi") if f.reference else None,
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


# --------------------------------------------------------------------------- results


def _results(
    run: DemoRun, schools: Sequence[DemoSchool], lang: str, report: Progress
) -> dict[str, YearResult]:
    results: dict[str, YearResult] = {}
    records = [r for s in schools for r in (*s.history, *s.records)]
    for i, record in enumerate(records, 1):
        results[_key(record)] = evaluate_year(record)
        if i % 50 == 0 or i == len(records):
            report("results", i, len(records))
    folder = run.out / "results"
    folder.mkdir(exist_ok=True)
    lists: dict[str, list[str]] = {}
    explained: set[str] = set()
    for demo in schools:
        for record in demo.records:
            result = results[_key(record)]
            outcome = result.promotion.value
            run.outcomes[outcome.value] += 1
            if result.award.value is not None:
                run.awards[result.award.value.value] += 1
            student = record.student
            line = f"{record.class_group.name}\t{student.student_id}\t{student.full_name}"
            if outcome is PromotionOutcome.REASSESSMENT:
                line += "\t" + ", ".join(result.promotion.reassess_subjects)
            lists.setdefault(outcome.value, []).append(line)
            profile = demo.profiles[record.student.student_id].value
            if profile not in explained:
                explained.add(profile)
                path = folder / f"explain-{profile}-{record.student.student_id}.txt"
                run.add(path).write_text(result.explain(lang) + "\n", encoding="utf-8")
    for outcome_label, lines in sorted(lists.items()):
        safe = outcome_label.replace(" ", "_").replace(",", "")
        run.add(folder / f"list-{safe}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return results


def _key(record: StudentYearRecord) -> str:
    return f"{record.student.student_id}/{record.school_year}"


# --------------------------------------------------------------------------- sync


def _semester_one_only(record: StudentYearRecord) -> StudentYearRecord:
    kept = tuple(a for a in record.assessments if int(a.semester) == 1)
    return record.model_copy(
        update={
            "assessments": kept,
            "attendance": tuple(a for a in record.attendance if int(a.semester) == 1),
            "training_semester2": None,
            "training_year": None,
        }
    )


def _sync(
    run: DemoRun,
    schools: Sequence[DemoSchool],
    results: dict[str, YearResult],
    plan: dict[str, Deadline],
    report: Progress,
) -> None:
    from vnschool_records.sync import SQLiteBackend, SyncClient

    records = [r for s in schools for r in s.records]
    db = run.add(run.out / "csdl.sqlite")
    journal = run.add(run.out / "sync-journal.sqlite")
    for path in (db, journal):
        path.unlink(missing_ok=True)
    semester_deadline = plan["1397.gradebook-semester-1"].value
    year_deadline = plan["1397.gradebook-year-end"].value
    # The school synced semester I two days before its deadline, and the year's results
    # the day after theirs: the client warns about the late one.
    steps = (
        ("semester I", semester_deadline, semester_deadline - dt.timedelta(days=2),
         [_semester_one_only(r) for r in records], None),
        ("year end", year_deadline, year_deadline + dt.timedelta(days=1),
         records, [results[_key(r)] for r in records]),
    )  # fmt: skip
    for label, deadline, day, batch, year_results in steps:
        backend = SQLiteBackend(db)
        client = SyncClient(backend, journal, today=_fixed_day(day), validator=None)
        try:
            outcome = client.sync(batch, year_results, deadline=deadline)
        finally:
            client.close()
        late = day > deadline
        run.sync_lines.append(
            f"{label}: {outcome.accepted} accepted, {outcome.skipped} unchanged, "
            f"{len(outcome.rejected)} rejected, {len(outcome.conflicts)} conflicts "
            f"on {day:%d/%m/%Y} (deadline {deadline:%d/%m/%Y}: {'MISSED' if late else 'met'})"
        )
        report("sync", 1, 1)
    # A re-run sends nothing: every change is already acknowledged.
    client = SyncClient(SQLiteBackend(db), journal, validator=None)
    try:
        again = client.sync(records, [results[_key(r)] for r in records])
    finally:
        client.close()
    run.sync_lines.append(f"re-run: {again.planned} changes planned (nothing left to send)")


def _reason(item: object, lang: str) -> str:
    text = getattr(item, "reason_vi" if lang == "vi" else "reason_en", "")
    return str(text)


def _fixed_day(day: dt.date) -> Callable[[], dt.date]:
    return lambda: day


# --------------------------------------------------------------------------- workbooks


def _workbooks(
    run: DemoRun,
    schools: Sequence[DemoSchool],
    results: dict[str, YearResult],
    report: Progress,
) -> None:
    from vnschool_records.excel import read_gradebook, write_gradebook

    folder = run.out / "workbooks"
    folder.mkdir(exist_ok=True)
    groups = [(demo, group) for demo in schools for group in demo.classes]
    for i, (demo, group) in enumerate(groups, 1):
        members = [r for r in demo.records if r.class_group == group]
        path = run.add(folder / f"{group.school_year.label}_{group.name}.xlsx")
        write_gradebook(members, path, results=[results[_key(r)] for r in members])
        back = read_gradebook(path)
        if _canonical(back.records) != _canonical(members) or back.findings:
            run.failures.append(f"{path.name}: reading the workbook back changed the records")
        report("workbooks", i, len(groups))


def _canonical(records: Sequence[StudentYearRecord]) -> dict[str, StudentYearRecord]:
    """Records by student, assessments in one order: what must survive a round trip."""
    return {
        r.student.student_id: r.model_copy(
            update={
                "assessments": tuple(sorted(r.assessments, key=lambda a: (a.subject, a.semester)))
            }
        )
        for r in records
    }


# --------------------------------------------------------------------------- documents


def _documents(
    run: DemoRun,
    schools: Sequence[DemoSchool],
    results: dict[str, YearResult],
    report: Progress,
) -> None:
    from vnschool_records.render import (
        ExtractYearInput,
        StudentHistory,
        build_certificate_view,
        build_class_summary_view,
        build_transcript_view,
        render_certificate,
        render_class_summary,
        render_school,
        render_transcript,
    )

    folder = run.out / "documents"
    folder.mkdir(exist_ok=True)
    issued = dt.date(2026, 6, 20)
    number = 0
    for demo in schools:
        final_grade = demo.school.levels[0].grades[-1]
        by_student: dict[str, list[StudentYearRecord]] = {}
        for record in (*demo.history, *demo.records):
            by_student.setdefault(record.student.student_id, []).append(record)
        histories: list[StudentHistory] = []
        for record in demo.records:
            if record.grade_level != final_grade:
                continue
            number += 1
            years = sorted(by_student[record.student.student_id], key=lambda r: r.school_year)
            inputs = [ExtractYearInput(record=r, result=results[_key(r)]) for r in years]
            histories.append(StudentHistory(years=inputs, number=number))
        summary = render_school(
            demo.school,
            histories,
            folder / f"extracts-{demo.school.code}",
            issued_on=issued,
            created_at=CREATED_AT,
            per_class=False,
            workers=2,
            progress=lambda done, total, *_: report("extracts", done, total),
        )
        run.files.extend(summary.files)
        run.failures.extend(f"{f.key}: {f.stage} {f.error}: {f.message}" for f in summary.failures)
        for group in demo.classes:
            members = [r for r in demo.records if r.class_group == group]
            entries = [(r, results[_key(r)]) for r in members]
            view = build_class_summary_view(demo.school, group, entries, issued_on=issued)
            path = folder / f"class-summary-{group.school_year.label}-{group.name}.pdf"
            run.add(path).write_bytes(render_class_summary(view, created_at=CREATED_AT))
        first = demo.classes[0]
        pages = [
            build_transcript_view(
                demo.school, ExtractYearInput(record=r, result=results[_key(r)]), signed_on=issued
            )
            for r in demo.records
            if r.class_group == first
        ]
        path = folder / f"hoc-ba-{first.school_year.label}-{first.name}.pdf"
        run.add(path).write_bytes(render_transcript(pages, created_at=CREATED_AT))
        if final_grade == 12:
            done = [
                r
                for r in demo.records
                if r.grade_level == 12
                and results[_key(r)].promotion.value is PromotionOutcome.COMPLETED
            ][:3]
            for r in done:
                certificate = build_certificate_view(
                    demo.school, r.student, issued_on=issued, completion_year=2026
                )
                path = folder / f"certificate-{r.student.student_id}.pdf"
                run.add(path).write_bytes(render_certificate(certificate, created_at=CREATED_AT))
    _sign_one(run, folder)


def _sign_one(run: DemoRun, folder: Path) -> None:
    extracts = sorted(p for p in run.files if p.suffix == ".pdf" and "extracts-" in str(p))
    if not extracts:
        return
    try:
        from vnschool_records.signing import (
            HOMEROOM,
            PRINCIPAL,
            SCHOOL_SEAL,
            demo_signers,
            sign_sequence,
            verify,
        )
    except ImportError:  # pragma: no cover - the sign extra is installed by `make`
        run.notes.append("signing skipped: pip install 'vnschool-records[sign]'")
        return
    teacher, principal, seal, root = demo_signers()
    signed = sign_sequence(
        extracts[0].read_bytes(),
        [(teacher, HOMEROOM), (principal, PRINCIPAL), (seal, SCHOOL_SEAL)],
    )
    out = folder / "signed"
    out.mkdir(exist_ok=True)
    path = run.add(out / f"signed-{extracts[0].name}")
    path.write_bytes(signed)
    run.add(out / "demo-ca.pem").write_bytes(root)
    result = verify(signed, trust_roots=[root])
    run.add(out / "verification.txt").write_text(result.describe() + "\n", encoding="utf-8")
    if not result.all_valid:
        run.failures.append(f"{path.name}: signatures did not verify")


# --------------------------------------------------------------------------- rollover


def _rollover(
    run: DemoRun, schools: Sequence[DemoSchool], results: dict[str, YearResult], lang: str
) -> None:
    from vnschool_records.rollover import apply, plan_rollover, preview

    folder = run.out / "rollover"
    folder.mkdir(exist_ok=True)
    for demo in schools:
        old = [(r.student, r.class_group) for r in demo.records]
        year_results = [results[_key(r)] for r in demo.records]
        admissions = generate_admissions(demo, count=len(demo.records) // len(demo.classes))
        plan = plan_rollover(old, year_results, demo.school_year.next(), admissions=admissions)
        shown = preview(plan)
        roster = apply(plan)
        if apply(plan, roster) != roster:
            run.failures.append(f"rollover {demo.school.code}: applying twice changed the roster")
        if not shown.reconciles:
            run.failures.append(f"rollover {demo.school.code}: counts do not reconcile")
        lines = [*shown.lines(), ""]
        lines += [
            "\t".join((i.student_id, i.outcome.value, i.to_class or "", _reason(i, lang)))
            for i in plan.items
        ]
        lines += ["", *(c.reason_vi if lang == "vi" else c.reason_en for c in plan.conflicts)]
        run.add(folder / f"{demo.school.code}-plan.txt").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )
        run.add(folder / f"{demo.school.code}-plan.json").write_text(
            plan.model_dump_json(indent=1), encoding="utf-8"
        )
        run.notes.append(
            f"rollover {demo.school.code} → {plan.next_year}: {len(plan.items)} students planned, "
            f"{len(plan.intake)} admitted, {len(plan.conflicts)} duplicate admission(s) caught, "
            f"{len(plan.not_moved)} waiting for the summer"
        )
