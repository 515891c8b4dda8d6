"""Hostile and broken files: XML entity attacks, non-workbooks, workbooks not grade books."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest

from vnschool_records.errors import WorkbookError
from vnschool_records.excel import read_gradebook, write_gradebook

LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]>\n"
)
EXTERNAL = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
)


def _rewrite(src: Path, dst: Path, part: str, transform) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                data = transform(data)
            zout.writestr(item, data)


def _strip_decl(xml: bytes) -> bytes:
    return xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml


def test_defusedxml_is_active():
    assert openpyxl.xml.DEFUSEDXML is True


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml"])
@pytest.mark.parametrize("prolog", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_entity_attacks_are_refused_quickly(class_6a1, tmp_path, part, prolog):
    good = tmp_path / "good.xlsx"
    write_gradebook(class_6a1, good)
    bad = tmp_path / "bad.xlsx"
    use = b"&lol9;" if prolog is LAUGHS else b"&xxe;"

    def inject(xml: bytes) -> bytes:
        body = _strip_decl(xml)
        if part.endswith("sheet1.xml"):  # make a cell's text expand the entity
            body = body.replace(b"<t>STT</t>", b"<t>" + use + b"</t>", 1)
        return prolog + body

    _rewrite(good, bad, part, inject)
    start = time.monotonic()
    with pytest.raises(WorkbookError) as info:
        read_gradebook(bad)
    assert time.monotonic() - start < 10  # refused, not expanded
    assert "bad.xlsx" in str(info.value)
    assert f"part {part} declares a DTD or XML entities" in str(info.value)


def test_defusedxml_still_refuses_entities_behind_the_precheck(class_6a1, tmp_path, monkeypatch):
    """Defence in depth: with the DTD scan switched off, defusedxml refuses the sheet."""
    from vnschool_records.excel import _read

    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    write_gradebook(class_6a1, good)
    _rewrite(
        good, bad, "xl/worksheets/sheet1.xml",
        lambda xml: LAUGHS + _strip_decl(xml).replace(b"<t>STT</t>", b"<t>&lol9;</t>", 1),
    )  # fmt: skip
    monkeypatch.setattr(_read, "_precheck", lambda fh, source: None)
    with pytest.raises(WorkbookError, match="cannot be read") as info:
        read_gradebook(bad)
    cause = info.value.__cause__
    assert cause is not None
    assert type(cause.__cause__).__name__ == "EntitiesForbidden"  # openpyxl wraps defusedxml's


def test_not_a_workbook(tmp_path):
    path = tmp_path / "diem.xlsx"
    path.write_text("STT,Họ và tên\n1,Lê Ân\n", encoding="utf-8")
    with pytest.raises(WorkbookError, match=r"cannot be read as an \.xlsx workbook") as caught:
        read_gradebook(path)
    assert "It is not an Excel workbook (plain text such as CSV" in str(caught.value)


OLE2_HEAD = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504)  # an OLE2 compound file's header


@pytest.mark.parametrize(
    ("name", "content", "what"),
    [
        ("diem.xls", OLE2_HEAD, "an Excel 97–2003 workbook (.xls), or a workbook protected"),
        ("co-mat-khau.xlsx", OLE2_HEAD, "protected by a password to open"),
        ("xuat-tu-web.xls", "\ufeff\r\n<html><table><tr><td>STT".encode(), "a web page or XML"),
        ("spreadsheet-2003.xml", b'<?xml version="1.0"?><Workbook>', "a web page or XML"),
    ],
)
def test_files_schools_mistake_for_workbooks_are_named(tmp_path, name, content, what):
    """The error says what the file most likely is and how to save it as .xlsx (both languages)."""
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(WorkbookError) as caught:
        read_gradebook(path)
    message = str(caught.value)
    assert message.startswith(f"{path} cannot be read as an .xlsx workbook")
    assert what in message
    assert "save it as an Excel Workbook (.xlsx)" in message
    assert "lưu lại dạng Excel Workbook (.xlsx)" in message
    with path.open("rb") as fh:  # the same from a stream, which is left at its start
        with pytest.raises(WorkbookError, match="<stream> cannot be read"):
            read_gradebook(fh)
        assert fh.tell() == 0


def test_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_gradebook(tmp_path / "nowhere.xlsx")


def test_a_workbook_without_meta_sheet(tmp_path):
    path = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["STT", "Mã học sinh"])
    wb.save(path)
    with pytest.raises(WorkbookError, match="no '_meta' sheet: it is not a grade book"):
        read_gradebook(path)


def test_a_meta_sheet_of_another_format_or_version(class_6a1, tmp_path):
    path = tmp_path / "so.xlsx"
    write_gradebook(class_6a1, path)
    wb = openpyxl.load_workbook(path)
    wb["_meta"]["B2"] = 99
    wb.save(path)
    with pytest.raises(WorkbookError, match="format version 99 is not supported"):
        read_gradebook(path)
    wb["_meta"]["B1"] = "something.else"
    wb.save(path)
    with pytest.raises(WorkbookError, match="does not mark a vnschool_records grade book"):
        read_gradebook(path)


def test_refuses_to_read_without_defusedxml(class_6a1, tmp_path, monkeypatch):
    path = tmp_path / "so.xlsx"
    write_gradebook(class_6a1, path)
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(WorkbookError, match="defusedxml"):
        read_gradebook(path)
