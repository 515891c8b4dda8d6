"""The extract carries its canonical JSON; ``check_content_hash`` re-hashes it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zlib
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from vnschool_records.render import (
    OfficialDocument,
    build_extract_view,
    check_content_hash,
    check_content_hashes,
    content_hash,
    draw_extract,
    render_extract,
)

if TYPE_CHECKING:
    from conftest import DemoData
    from vnschool_records.render import ExtractView

CREATED = datetime(2025, 9, 5, 8, 0, tzinfo=UTC)


def _view(data: DemoData, index: int = 3) -> ExtractView:
    return build_extract_view(
        data.school, data.history(index, years=2), number=index + 1, issued_on=date(2025, 9, 5)
    )


def _replace_attachment(pdf: bytes, edit) -> bytes:  # type: ignore[no-untyped-def]
    """Rewrite the (only) embedded JSON stream with ``edit(dict)``; returns the new PDF."""
    m = re.search(rb"/Type /EmbeddedFile\n>>\nstream\n", pdf)
    assert m is not None
    head_start = pdf.rfind(b"obj", 0, m.start())
    length_m = re.search(rb"/Length (\d+)", pdf[head_start : m.end()])
    assert length_m is not None
    length = int(length_m.group(1))
    data = json.loads(zlib.decompress(pdf[m.end() : m.end() + length]))
    edit(data)
    new = zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    head = pdf[head_start : m.end()].replace(b"/Length %d" % length, b"/Length %d" % len(new), 1)
    return pdf[:head_start] + head + new + pdf[m.end() + length :]


def test_rendered_extract_round_trips(data: DemoData) -> None:
    view = _view(data)
    check = check_content_hash(render_extract(view, created_at=CREATED))
    assert check.found
    assert check.printed_hash == view.verification.content_hash
    assert check.computed_hash == view.verification.content_hash
    assert len(check.printed_hash or "") == 64
    assert check.matches
    assert check.attachment == "vnschool-extract-1.json"


def test_embedded_json_is_the_views_canonical_json(data: DemoData) -> None:
    view = _view(data)
    pdf = render_extract(view, created_at=CREATED)
    seen: list[dict[str, object]] = []
    _replace_attachment(pdf, seen.append)
    assert seen == [view.model_dump(mode="json")]
    # and the hash printed on the page is the one in the data
    data = dict(seen[0])
    verification = dict(data["verification"])  # type: ignore[call-overload]
    printed = verification["content_hash"]
    verification["content_hash"] = ""
    assert content_hash({**data, "verification": verification}) == printed


def test_tampered_embedded_json_does_not_match(data: DemoData) -> None:
    view = _view(data)
    pdf = render_extract(view, created_at=CREATED)

    def change_score(data: dict) -> None:  # type: ignore[type-arg]
        data["years"][0]["subjects"][0]["year"] = "10,0"

    check = check_content_hash(_replace_attachment(pdf, change_score))
    assert check.found
    assert check.printed_hash == view.verification.content_hash
    assert check.computed_hash != check.printed_hash
    assert not check.matches

    def drop_hash(data: dict) -> None:  # type: ignore[type-arg]
        del data["verification"]["content_hash"]

    broken = check_content_hash(_replace_attachment(pdf, drop_hash))
    assert broken.found
    assert not broken.matches
    assert "unreadable" in broken.error


def test_pdf_without_extract_data_is_not_found() -> None:
    pdf = OfficialDocument(created_at=CREATED, title="x")
    pdf.begin_document("x")
    pdf.line_text("Không có dữ liệu")
    pdf.end_document()
    check = check_content_hash(pdf.finish())
    assert not check.found
    assert not check.matches


def test_a_class_file_carries_one_attachment_per_student(data: DemoData) -> None:
    pdf = OfficialDocument(created_at=CREATED, title="Lớp 7A1")
    views = [_view(data, i) for i in (1, 2, 3)]
    for v in views:
        draw_extract(pdf, v)
    checks = check_content_hashes(pdf.finish())
    assert [c.attachment for c in checks] == [f"vnschool-extract-{i}.json" for i in (1, 2, 3)]
    assert [c.printed_hash for c in checks] == [v.verification.content_hash for v in views]
    assert all(c.matches for c in checks)


def test_checking_does_not_import_fpdf() -> None:
    code = (
        "import sys; from vnschool_records.render import check_content_hash; "
        "check_content_hash(b'%PDF-1.4'); print('fpdf' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "False"
