"""Bulk parsing (Nhập hàng loạt): a district's records from plain data, in one call."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import TypeAdapter

from vnschool_records._gc import gc_paused
from vnschool_records.models._records import StudentYearRecord

_RECORDS: TypeAdapter[list[StudentYearRecord]] = TypeAdapter(list[StudentYearRecord])


def parse_records(rows: Iterable[Mapping[str, Any] | StudentYearRecord]) -> list[StudentYearRecord]:
    """Validate many records at once (dicts as read from JSON, or models), in order.

    The cyclic garbage collector is paused while the batch is built, and the records
    built go straight to its oldest generation (see :mod:`vnschool_records._gc`). A bad
    row raises pydantic's ``ValidationError`` naming every problem with its row index
    first in the location (``0.student.date_of_birth``); to keep the good rows and get
    the bad ones as findings instead, use :func:`vnschool_records.validation.validate`.

    >>> from vnschool_records.models import ClassGroup
    >>> parse_records([])
    []
    """
    with gc_paused(promote=True):
        return _RECORDS.validate_python(list(rows))
