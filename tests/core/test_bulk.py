"""Bulk parsing: order kept, every problem named with its row, the collector restored."""

from __future__ import annotations

import gc

import pytest
from pydantic import ValidationError

from vnschool_records.demo import generate_school
from vnschool_records.models import parse_records


def test_parse_records_round_trips_dicts_in_order() -> None:
    records = generate_school(classes_per_grade=1, students_per_class=8).records[:10]
    rows = [r.model_dump(mode="json") for r in records]
    assert parse_records(rows) == list(records)
    assert parse_records(records) == list(records)  # models pass through
    assert gc.isenabled()


def test_parse_records_names_the_row_and_field_and_restores_the_collector() -> None:
    record = generate_school(classes_per_grade=1, students_per_class=8).records[0]
    good = record.model_dump(mode="json")
    bad = record.model_dump(mode="json")
    bad["student"]["date_of_birth"] = "31/02/2012"
    with pytest.raises(ValidationError) as info:
        parse_records([good, bad])
    assert info.value.errors()[0]["loc"][:3] == (1, "student", "date_of_birth")
    assert gc.isenabled()


def test_parse_records_leaves_the_records_in_the_oldest_generation() -> None:
    rows = [
        r.model_dump(mode="json")
        for r in generate_school(classes_per_grade=1, students_per_class=8).records[:20]
    ]
    gc.collect()
    records = parse_records(rows)
    assert gc.get_count()[0] < 50  # not thousands of young objects left to scan
    assert all(gc.is_tracked(r) for r in records)
    assert any(r is records[0] for r in gc.get_objects(generation=2))


def test_parse_records_keeps_an_application_freeze() -> None:
    rows = [
        r.model_dump(mode="json")
        for r in generate_school(classes_per_grade=1, students_per_class=8).records[:5]
    ]
    frozen = [object(), []]
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        parse_records(rows)
        assert gc.get_freeze_count() == before  # nothing unfrozen
    finally:
        gc.unfreeze()
    assert frozen
