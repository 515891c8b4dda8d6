"""File backends (Hệ thống đích dạng tệp): JSON-lines change files and sector-database workbooks.

Both keep the target's versions in the folder itself, so they have the same idempotency and
versioning semantics as the SQLite backend. Each accepted batch is committed by an atomic
rename: a crash leaves either the whole batch or nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

from vnschool_records.errors import MissingExtraError, SyncError
from vnschool_records.sync._backend import StoredRecord, SyncBackend, VersionedStore
from vnschool_records.sync._layouts import DEFAULT_LAYOUTS, ImportLayouts, fill_rows
from vnschool_records.sync._model import Batch, Receipt

__all__ = ["ExcelImportBackend", "JsonlBackend"]

_NUMBERED: Final = re.compile(r"^(?P<stem>[a-z]+)-(?P<n>\d{6})\.(?P<ext>jsonl|sync\.jsonl)$")


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_atomic(path: Path, write: Any) -> None:
    tmp = path.with_name(path.name + ".tmp")
    write(tmp)
    with tmp.open("rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _line(key: str, r: StoredRecord) -> str:
    return json.dumps(
        {
            "key": key,
            "kind": r.kind,
            "version": r.version,
            "tombstone": r.tombstone,
            "content_hash": r.content_hash,
            "idempotency_key": r.idempotency_key,
            "payload": None if r.tombstone else json.loads(r.data),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def _read_lines(path: Path) -> Iterable[tuple[str, StoredRecord]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            e = json.loads(line)
            data = (
                "{}"
                if e["payload"] is None
                else json.dumps(
                    e["payload"], sort_keys=True, separators=(",", ":"), ensure_ascii=False
                )
            )
            yield (
                e["key"],
                StoredRecord(
                    e["kind"],
                    e["version"],
                    e["content_hash"],
                    data,
                    e["tombstone"],
                    e["idempotency_key"],
                ),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise SyncError(f"{path}, line {number}: not a change line ({exc})") from exc


class _FolderBackend(SyncBackend):
    """Shared by the file backends: state replayed from committed files, one file per batch."""

    _stem: str = "changes"
    _manifest_ext: str = "jsonl"

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.closed = False
        self.store = VersionedStore()
        self._next = 1
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for tmp in self.folder.glob("*.tmp"):
                tmp.unlink()
            for path in sorted(self.folder.iterdir()):
                m = _NUMBERED.match(path.name)
                if m and m["stem"] == self._stem and m["ext"] == self._manifest_ext:
                    self.store.commit(dict(_read_lines(path)))
                    self._next = max(self._next, int(m["n"]) + 1)
            self._drop_orphans()
        except OSError as exc:
            raise SyncError(f"cannot open the target folder {self.folder}: {exc}") from exc

    def _drop_orphans(self) -> None:
        return None

    def push(self, batch: Batch) -> Receipt:
        """Apply the batch; write one file for what it changed (none if nothing changed)."""
        if self.closed:
            raise SyncError(f"{type(self).__name__}({self.folder}) is closed")
        receipt, staged = self.store.apply(batch.changes)
        if staged:
            try:
                self._write(self._next, staged)
            except OSError as exc:
                raise SyncError(f"cannot write to the target folder {self.folder}: {exc}") from exc
            self._next += 1
            self.store.commit(staged)
        return receipt

    def _manifest(self, n: int) -> Path:
        return self.folder / f"{self._stem}-{n:06d}.{self._manifest_ext}"

    def _write_manifest(self, n: int, staged: dict[str, StoredRecord]) -> None:
        text = "".join(_line(k, r) + "\n" for k, r in staged.items())
        _write_atomic(self._manifest(n), lambda p: p.write_text(text, encoding="utf-8"))

    def _write(self, n: int, staged: dict[str, StoredRecord]) -> None:
        self._write_manifest(n, staged)

    def close(self) -> None:
        """Later pushes raise :class:`SyncError`."""
        self.closed = True


class JsonlBackend(_FolderBackend):
    """JSON-lines backend (Tệp thay đổi JSONL): one ``changes-NNNNNN.jsonl`` file per batch.

    Each line is one applied change: ``key``, ``kind``, ``version``, ``tombstone``,
    ``content_hash``, ``idempotency_key`` and ``payload``. Replaying the files in order
    gives the target's state, which is how the backend reopens.

    >>> import tempfile
    >>> from vnschool_records.sync import Batch, Change
    >>> folder = tempfile.mkdtemp()
    >>> r = JsonlBackend(folder).push(Batch((Change.create("student", "student/HS01", {}),)))
    >>> JsonlBackend(folder).store.records["student/HS01"].version
    1
    """


class ExcelImportBackend(_FolderBackend):
    """Sector-database import workbooks (Tệp nhập CSDL ngành): one ``import-NNNNNN.xlsx`` per batch.

    Each workbook holds the sheets a school uploads: the student list, then scores per class,
    subject and semester, then results per class and term, filled from the target's state
    for every row the batch touched. Column layouts are data (:class:`ImportLayouts`): a
    changed template is a change of that data, not of code. Next to each workbook an
    ``import-NNNNNN.sync.jsonl`` manifest lists the changes it carries; the manifest is the
    commit point, and a workbook without one (a crash between the two) is removed on open.

    Requires openpyxl, imported when the first workbook is written.
    """

    _stem = "import"
    _manifest_ext = "sync.jsonl"

    def __init__(
        self, folder: str | os.PathLike[str], *, layouts: ImportLayouts = DEFAULT_LAYOUTS
    ) -> None:
        self.layouts = layouts
        super().__init__(folder)

    def workbook_path(self, n: int) -> Path:
        """The workbook of the ``n``-th committed batch."""
        return self.folder / f"import-{n:06d}.xlsx"

    def _drop_orphans(self) -> None:
        for book in self.folder.glob("import-*.xlsx"):
            n = int(book.stem.split("-")[1])
            if not self._manifest(n).exists():
                book.unlink()

    def _write(self, n: int, staged: dict[str, StoredRecord]) -> None:
        try:
            import openpyxl
        except ImportError as exc:  # pragma: no cover - openpyxl is a core dependency
            raise MissingExtraError("excel") from exc
        state = dict(self.store.records)
        state.update(staged)
        wb = openpyxl.Workbook(write_only=True)
        for sheet_name, title, header, rows in fill_rows(self.layouts, staged, state):
            ws = wb.create_sheet(sheet_name)
            ws.append([title])
            ws.append([])
            ws.append(header)
            for row in rows:
                ws.append(row)
        if not wb.worksheets:
            wb.create_sheet("Sheet1")
        _write_atomic(self.workbook_path(n), lambda p: wb.save(p))
        self._write_manifest(n, staged)
