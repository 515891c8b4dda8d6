"""Content check (Kiểm tra mã nội dung): read an extract's embedded data back and re-hash it.

Every extract PDF carries its view's canonical JSON as an embedded file
(``vnschool-extract-N.json``, one per extract in the file). :func:`check_content_hash`
finds it with a small reader of the PDF's objects (stdlib only: no fpdf2, no pyHanko),
takes the hash the view printed in its verification block ("Mã kiểm tra nội dung") and
recomputes it from the rest of the data. A changed score, name or date in the data makes
them differ.

What this proves: the embedded data is the data the printed hash was made from. It does
not prove the page itself was not redrawn; a PAdES signature
(:func:`vnschool_records.signing.verify`) covers the whole file, pages included.

>>> check_content_hash(b"%PDF-1.4 no attachments").found
False
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from typing import Any, Final

from vnschool_records.render._format import content_hash

__all__ = ["EXTRACT_ATTACHMENT", "ContentCheck", "check_content_hash", "check_content_hashes"]

EXTRACT_ATTACHMENT: Final = "vnschool-extract-{n}.json"
"""Name of the embedded file holding the canonical JSON of the ``n``-th extract of a PDF."""

_MAX_JSON: Final = 8 * 1024 * 1024
_OBJ = re.compile(rb"(?<![0-9])(\d+)\s+(\d+)\s+obj\b")
_NAME = re.compile(rb"/F\s*\((vnschool-extract-\d+\.json)\)")
_EF = re.compile(rb"/EF\s*<<\s*/F\s+(\d+)\s+\d+\s+R")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?:\s+(\d+)\s+R)?")


@dataclass(frozen=True, slots=True)
class ContentCheck:
    """The result of checking one extract's content hash."""

    found: bool
    """Whether the PDF carries an extract's embedded data at all."""
    printed_hash: str | None
    """The hash the extract printed (from its verification block's data)."""
    computed_hash: str | None
    """The hash recomputed from the embedded data."""
    attachment: str = ""
    """Name of the embedded file that was checked."""
    error: str = ""
    """Why the data could not be read, when it could not."""

    @property
    def matches(self) -> bool:
        """Whether the data was found and hashes to the printed hash."""
        return (
            self.found
            and self.printed_hash is not None
            and (self.printed_hash == self.computed_hash)
        )


def _objects(pdf: bytes) -> dict[int, int]:
    """Object number → offset of its last definition (incremental updates override)."""
    return {int(m.group(1)): m.end() for m in _OBJ.finditer(pdf)}


def _body(pdf: bytes, start: int) -> bytes:
    """An object's text up to ``stream`` or ``endobj``, whichever comes first."""
    end = pdf.find(b"endobj", start)
    end = len(pdf) if end < 0 else end
    stream = pdf.find(b"stream", start, end)
    return pdf[start : stream if stream >= 0 else end]


def _stream(pdf: bytes, objects: dict[int, int], number: int) -> bytes:
    start = objects[number]
    head = _body(pdf, start)
    m = _LENGTH.search(head)
    if m is None:
        raise ValueError(f"object {number} has no /Length")
    length = int(m.group(1))
    if m.group(2) is not None:  # an indirect length: "/Length 12 0 R"
        length = int(_body(pdf, objects[length]).strip())
    at = start + len(head) + len(b"stream")
    at += 2 if pdf[at : at + 2] == b"\r\n" else 1
    raw = pdf[at : at + length]
    if re.search(rb"/Filter\s*/FlateDecode", head):
        inflater = zlib.decompressobj()
        raw = inflater.decompress(raw, _MAX_JSON)
        if inflater.unconsumed_tail:
            raise ValueError("embedded data larger than 8 MB")
    elif re.search(rb"/Filter", head):
        raise ValueError("embedded data uses an unsupported filter")
    return raw


def _check(name: str, data: bytes) -> ContentCheck:
    try:
        view: Any = json.loads(data.decode("utf-8"))
        printed = view["verification"]["content_hash"]
        if not isinstance(printed, str):
            raise TypeError("content_hash is not a string")
        view["verification"]["content_hash"] = ""
    except (ValueError, TypeError, KeyError) as exc:
        return ContentCheck(True, None, None, name, f"unreadable data: {exc}")
    return ContentCheck(True, printed, content_hash(view), name)


def check_content_hashes(pdf_bytes: bytes) -> tuple[ContentCheck, ...]:
    """One :class:`ContentCheck` per extract embedded in the PDF (several in a class file)."""
    objects = _objects(pdf_bytes)
    found: dict[str, ContentCheck] = {}
    for start in objects.values():
        body = _body(pdf_bytes, start)
        if b"/Filespec" not in body:
            continue
        name_m, ef_m = _NAME.search(body), _EF.search(body)
        if name_m is None or ef_m is None:
            continue
        name = name_m.group(1).decode("ascii")
        try:
            data = _stream(pdf_bytes, objects, int(ef_m.group(1)))
        except (KeyError, ValueError, zlib.error) as exc:
            found[name] = ContentCheck(True, None, None, name, f"unreadable data: {exc}")
            continue
        found[name] = _check(name, data)
    return tuple(found[k] for k in sorted(found, key=lambda n: int(re.sub(r"\D", "", n))))


def check_content_hash(pdf_bytes: bytes) -> ContentCheck:
    """Check the content hash of the extract in ``pdf_bytes``.

    With several extracts in one file (one per student of a class), the first that does
    not match is returned, or the first one when all match. ``found`` is False when the
    PDF carries no extract data (another document, or one made before it was embedded).
    """
    checks = check_content_hashes(pdf_bytes)
    if not checks:
        return ContentCheck(False, None, None)
    return next((c for c in checks if not c.matches), checks[0])
