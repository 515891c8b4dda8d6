"""Documents (Văn bản): the learning-record extract, học bạ pages, certificates, class sheets.

The only package that imports fpdf2. Documents are built in two steps:

1. a *view* (``build_extract_view``, ``build_transcript_view``, ``build_certificate_view``,
   ``build_class_summary_view``) — a frozen pydantic value in which every string is
   already formatted (decimal comma, Vietnamese dates, NFC names, collation order);
   building a view never touches fpdf2;
2. a drawing (``render_extract`` …, or ``render_school`` for a whole school in parallel)
   that places the view's strings on Decree 30/2020/NĐ-CP pages with the bundled
   Liberation Serif font, reproducibly for a given ``created_at``.

The drawing functions are loaded on first use, so ``from vnschool_records.render import
build_extract_view`` does not import fpdf2.

>>> from datetime import date
>>> from vnschool_records.render import place_date_line
>>> place_date_line("Thành phố Hồ Chí Minh", date(2020, 1, 5))
'Thành phố Hồ Chí Minh, ngày 05 tháng 01 năm 2020'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from vnschool_records.render._check import ContentCheck, check_content_hash, check_content_hashes
from vnschool_records.render._format import (
    birth_date,
    canonical_json,
    content_hash,
    date_phrase,
    document_number,
    place_date_line,
)
from vnschool_records.render._layout import Authority, Layout, Margins, SignatureBlock
from vnschool_records.render._views import (
    CERTIFICATE_TT18_FROM,
    CertificateKind,
    CertificateView,
    ClassSummaryRow,
    ClassSummaryView,
    Corrections,
    DocumentHeader,
    ExtractView,
    ExtractYear,
    ExtractYearInput,
    StudentInfo,
    SubjectRow,
    TranscriptView,
    Verification,
    build_certificate_view,
    build_class_summary_view,
    build_extract_view,
    build_transcript_view,
)

if TYPE_CHECKING:
    from vnschool_records.render._bulk import (
        BulkFailure,
        BulkJob,
        BulkSummary,
        StudentHistory,
        render_bulk,
        render_school,
    )
    from vnschool_records.render._draw import (
        CERTIFICATE_SIZE_MM,
        draw_certificate,
        draw_class_summary,
        draw_extract,
        draw_transcript,
        render_certificate,
        render_class_summary,
        render_extract,
        render_transcript,
    )
    from vnschool_records.render._pdf import SEAL_GROUP_SHEETS, OfficialDocument

__all__ = [
    "CERTIFICATE_SIZE_MM",
    "CERTIFICATE_TT18_FROM",
    "SEAL_GROUP_SHEETS",
    "Authority",
    "BulkFailure",
    "BulkJob",
    "BulkSummary",
    "CertificateKind",
    "CertificateView",
    "ClassSummaryRow",
    "ClassSummaryView",
    "ContentCheck",
    "Corrections",
    "DocumentHeader",
    "ExtractView",
    "ExtractYear",
    "ExtractYearInput",
    "Layout",
    "Margins",
    "OfficialDocument",
    "SignatureBlock",
    "StudentHistory",
    "StudentInfo",
    "SubjectRow",
    "TranscriptView",
    "Verification",
    "birth_date",
    "build_certificate_view",
    "build_class_summary_view",
    "build_extract_view",
    "build_transcript_view",
    "canonical_json",
    "check_content_hash",
    "check_content_hashes",
    "content_hash",
    "date_phrase",
    "document_number",
    "draw_certificate",
    "draw_class_summary",
    "draw_extract",
    "draw_transcript",
    "place_date_line",
    "render_bulk",
    "render_certificate",
    "render_class_summary",
    "render_extract",
    "render_school",
    "render_transcript",
]

_LAZY = {
    "_draw": (
        "CERTIFICATE_SIZE_MM",
        "draw_certificate",
        "draw_class_summary",
        "draw_extract",
        "draw_transcript",
        "render_certificate",
        "render_class_summary",
        "render_extract",
        "render_transcript",
    ),
    "_pdf": ("SEAL_GROUP_SHEETS", "OfficialDocument"),
    "_bulk": (
        "BulkFailure",
        "BulkJob",
        "BulkSummary",
        "StudentHistory",
        "render_bulk",
        "render_school",
    ),
}
_WHERE = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
