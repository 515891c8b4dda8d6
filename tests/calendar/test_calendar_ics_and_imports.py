"""iCalendar export and the lightness of `import vnschool_records.calendar`."""

import datetime as dt
import subprocess
import sys

import icalendar
import pytest

from vnschool_records.calendar import deadlines, to_ics
from vnschool_records.errors import MissingExtraError

STAMP = dt.datetime(2025, 8, 1, 0, 0, tzinfo=dt.UTC)


def test_one_all_day_event_per_deadline_with_stable_uid():
    ds = deadlines("2023-2024")
    data = to_ics(ds, stamp=STAMP)
    assert data == to_ics(deadlines("2023-2024"), stamp=STAMP)  # reproducible
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 3
    first = events[0]
    assert str(first["UID"]) == "1397.database-opening.2023-2024@vnschool-records"
    assert first.decoded("DTSTART") == dt.date(2023, 9, 5)
    assert first.decoded("DTEND") == dt.date(2023, 9, 6)
    assert not isinstance(first.decoded("DTSTART"), dt.datetime)  # all-day
    assert "Nghỉ bù Quốc khánh" in str(first["DESCRIPTION"])
    assert str(events[1]["SUMMARY"]).startswith("[dự kiến] ")
    en = icalendar.Calendar.from_ical(to_ics(ds, lang="en", stamp=STAMP))
    assert "Moved over Mon 04/09/2023" in str(next(iter(en.walk("VEVENT")))["DESCRIPTION"])


def test_stamp_must_be_aware():
    with pytest.raises(ValueError, match="timezone-aware"):
        to_ics([], stamp=dt.datetime(2025, 8, 1))


def test_missing_extra(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "icalendar", None)
    with pytest.raises(MissingExtraError, match=r"vnschool-records\[calendar\]"):
        to_ics(deadlines("2023-2024"))


def test_import_does_not_load_holidays_or_icalendar():
    code = (
        "import sys, datetime as dt\n"
        "import vnschool_records.calendar as c\n"
        "c.deadlines('2023-2024', as_of=dt.date(2023, 9, 1))\n"
        "c.period_end(dt.date(2025, 1, 18), weeks=1)\n"
        "print(sorted(m for m in ('holidays', 'icalendar', 'dateutil') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"
