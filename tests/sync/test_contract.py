"""Every shipped backend passes the vendor contract."""

from __future__ import annotations

from pathlib import Path

from vnschool_records.sync import (
    ExcelImportBackend,
    InMemoryBackend,
    JsonlBackend,
    SQLiteBackend,
    SyncBackend,
)
from vnschool_records.testing import BackendContractTests


class TestInMemoryBackend(BackendContractTests):
    def make_backend(self, path: Path) -> SyncBackend:
        return InMemoryBackend()


class TestSQLiteBackend(BackendContractTests):
    def make_backend(self, path: Path) -> SyncBackend:
        return SQLiteBackend(path / "target.sqlite")


class TestJsonlBackend(BackendContractTests):
    def make_backend(self, path: Path) -> SyncBackend:
        return JsonlBackend(path / "changes")


class TestExcelImportBackend(BackendContractTests):
    def make_backend(self, path: Path) -> SyncBackend:
        return ExcelImportBackend(path / "imports")


def test_the_base_class_itself_is_not_collected() -> None:
    assert not BackendContractTests.__name__.startswith("Test")
