"""Bulk rendering (In hàng loạt): every student's extract of a school, in parallel processes.

Views are built in the calling process (results carry lazily built explanations that do
not cross process boundaries); drawing happens in a :class:`ProcessPoolExecutor` whose
workers parse the bundled font once each. A record that fails — while its view is built,
drawn or written — becomes a :class:`BulkFailure` in the summary and the batch goes on.

Two outputs: one PDF per job in a folder (``per_class=False``), or one PDF per class with
every student of the class as its own section — its own page numbers, sheet count and
seal-across-sheets marks (``per_class=True``).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from vnschool_records.models import School
from vnschool_records.render._draw import (
    draw_class_summary,
    draw_extract,
    draw_transcript,
)
from vnschool_records.render._fonts import install_fonts
from vnschool_records.render._layout import Layout, Margins
from vnschool_records.render._pdf import OfficialDocument
from vnschool_records.render._views import (
    ClassSummaryView,
    ExtractView,
    ExtractYearInput,
    TranscriptView,
    build_extract_view,
)

__all__ = [
    "BulkFailure",
    "BulkJob",
    "BulkSummary",
    "ProgressCallback",
    "StudentHistory",
    "render_bulk",
    "render_school",
]

View = ExtractView | TranscriptView | ClassSummaryView
ProgressCallback = Callable[[int, int, str, bool], None]
"""Called after each job as ``progress(done, total, key, ok)``."""

_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class BulkJob:
    """One document to draw: ``key`` names its file, ``group`` its class."""

    key: str
    group: str
    view: View


@dataclass(frozen=True, slots=True)
class BulkFailure:
    """A record that could not be rendered, with the stage and the reason."""

    key: str
    stage: str
    """``"view"`` (building the view), ``"render"`` (drawing) or ``"write"`` (saving)."""
    error: str
    """Exception class name."""
    message: str


@dataclass(frozen=True, slots=True)
class BulkSummary:
    """What a bulk run produced and what failed."""

    total: int
    rendered: int
    files: tuple[Path, ...]
    failures: tuple[BulkFailure, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        """Whether every job was rendered."""
        return not self.failures

    def describe(self) -> str:
        """A short text summary for logs and the CLI."""
        lines = [f"{self.rendered}/{self.total} documents in {self.seconds:.1f} s"]
        lines += [f"  FAILED {f.key} [{f.stage}] {f.error}: {f.message}" for f in self.failures]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class StudentHistory:
    """One student's years at the school and the extract number to give them."""

    years: Sequence[ExtractYearInput]
    number: int
    group: str = ""
    """Class used for ``per_class`` output; defaults to the latest year's class."""
    extra: dict[str, str] = field(default_factory=dict)


def safe_filename(text: str) -> str:
    """A file name from ``text``: letters (Vietnamese kept), digits, ``.``, ``-``, ``_``.

    >>> safe_filename("Nguyễn Văn An / 6A1")
    'Nguyễn_Văn_An_6A1'
    """
    return _UNSAFE.sub("_", text).strip("_") or "document"


def _draw(pdf: OfficialDocument, view: View) -> None:
    if isinstance(view, ExtractView):
        draw_extract(pdf, view)
    elif isinstance(view, TranscriptView):
        draw_transcript(pdf, view)
    else:
        draw_class_summary(pdf, view)


def _new_pdf(view: View, created_at: datetime, margins: Margins | None) -> OfficialDocument:
    title = view.title if isinstance(view, ExtractView | ClassSummaryView) else "Học bạ"
    orientation = "L" if isinstance(view, ClassSummaryView) else "P"
    return OfficialDocument(
        created_at=created_at, title=title, margins=margins, orientation=orientation
    )


def _failure(key: str, stage: str, exc: BaseException) -> BulkFailure:
    return BulkFailure(key=key, stage=stage, error=type(exc).__name__, message=str(exc))


def _render_group(
    jobs: Sequence[BulkJob],
    out_dir: str,
    per_class: bool,
    created_at: datetime,
    margins: Margins | None,
) -> list[tuple[str, str | None, BulkFailure | None]]:
    """Worker body: draw the jobs (one file each, or one file for the group)."""
    results: list[tuple[str, str | None, BulkFailure | None]] = []
    if not per_class:
        for job in jobs:
            try:
                pdf = _new_pdf(job.view, created_at, margins)
                _draw(pdf, job.view)
                data = pdf.finish()
            except Exception as exc:
                results.append((job.key, None, _failure(job.key, "render", exc)))
                continue
            path = Path(out_dir) / f"{safe_filename(job.key)}.pdf"
            try:
                path.write_bytes(data)
            except OSError as exc:
                results.append((job.key, None, _failure(job.key, "write", exc)))
                continue
            results.append((job.key, str(path), None))
        return results
    pending = list(jobs)
    failed: list[tuple[str, str | None, BulkFailure | None]] = []
    while pending:
        pdf = _new_pdf(pending[0].view, created_at, margins)
        bad: int | None = None
        for i, job in enumerate(pending):
            try:
                _draw(pdf, job.view)
            except Exception as exc:
                failed.append((job.key, None, _failure(job.key, "render", exc)))
                bad = i
                break
        if bad is not None:
            pending = pending[:bad] + pending[bad + 1 :]
            continue
        path = Path(out_dir) / f"{safe_filename(jobs[0].group or jobs[0].key)}.pdf"
        try:
            path.write_bytes(pdf.finish())
        except Exception as exc:
            return failed + [(j.key, None, _failure(j.key, "write", exc)) for j in pending]
        return failed + [(j.key, str(path), None) for j in pending]
    return failed


def _init_worker() -> None:
    """Parse the bundled fonts once per process (a no-op when already parsed)."""
    from fpdf import FPDF

    install_fonts(FPDF())


def render_bulk(
    jobs: Iterable[BulkJob | BulkFailure],
    out_dir: str | os.PathLike[str],
    *,
    created_at: datetime,
    per_class: bool = False,
    workers: int | None = None,
    chunk_size: int = 8,
    progress: ProgressCallback | None = None,
    margins: Margins | None = None,
) -> BulkSummary:
    """Draw many views into ``out_dir``; failures (given or new) are collected, not raised.

    ``workers=0`` draws in this process (no pool); ``None`` uses one worker per CPU.
    """
    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    items = list(jobs)
    failures = [j for j in items if isinstance(j, BulkFailure)]
    good = [j for j in items if isinstance(j, BulkJob)]
    total = len(items)
    done = 0
    for f in failures:
        done += 1
        if progress:
            progress(done, total, f.key, False)
    batches: list[list[BulkJob]] = []
    if per_class:
        by_group: dict[str, list[BulkJob]] = {}
        for job in good:
            by_group.setdefault(job.group or job.key, []).append(job)
        batches = list(by_group.values())
    else:
        batches = [good[i : i + chunk_size] for i in range(0, len(good), chunk_size)]
    files: set[Path] = set()
    rendered = 0
    n_workers = (os.cpu_count() or 1) if workers is None else workers

    def collect(results: list[tuple[str, str | None, BulkFailure | None]]) -> None:
        nonlocal done, rendered
        for key, path, failure in results:
            done += 1
            if failure is not None:
                failures.append(failure)
            else:
                rendered += 1
                if path:
                    files.add(Path(path))
            if progress:
                progress(done, total, key, failure is None)

    if n_workers <= 0 or len(batches) <= 1:
        for batch in batches:
            collect(_render_group(batch, str(out), per_class, created_at, margins))
    else:
        if multiprocessing.get_start_method() == "fork":
            _init_worker()  # forked workers inherit the parsed fonts
        with ProcessPoolExecutor(max_workers=n_workers, initializer=_init_worker) as pool:
            futures: dict[Future[list[tuple[str, str | None, BulkFailure | None]]], list[BulkJob]]
            futures = {
                pool.submit(_render_group, b, str(out), per_class, created_at, margins): b
                for b in batches
            }
            for fut, batch in futures.items():
                try:
                    collect(fut.result())
                except Exception as exc:
                    collect([(j.key, None, _failure(j.key, "render", exc)) for j in batch])
    return BulkSummary(
        total=total,
        rendered=rendered,
        files=tuple(sorted(files)),
        failures=tuple(failures),
        seconds=time.perf_counter() - started,
    )


def render_school(
    school: School,
    students: Iterable[StudentHistory],
    out_dir: str | os.PathLike[str],
    *,
    issued_on: date,
    created_at: datetime,
    per_class: bool = False,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    layout: Layout | None = None,
) -> BulkSummary:
    """Every student's learning-record extract, one file each or one file per class."""
    lay = layout or Layout.for_school(school)
    jobs: list[BulkJob | BulkFailure] = []
    for i, history in enumerate(students):
        key = f"student-{i + 1}"
        try:
            latest = max(history.years, key=lambda y: y.record.class_group.school_year.start)
            student = latest.record.student
            key = f"{student.student_id}_{student.full_name}"
            view = build_extract_view(
                school, history.years, number=history.number, issued_on=issued_on, layout=lay
            )
            group = history.group or latest.record.class_group.name
            jobs.append(BulkJob(key=key, group=group, view=view))
        except Exception as exc:
            jobs.append(_failure(key, "view", exc))
    return render_bulk(
        jobs,
        out_dir,
        created_at=created_at,
        per_class=per_class,
        workers=workers,
        progress=progress,
        margins=lay.margins,
    )
