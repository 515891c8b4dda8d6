"""iCalendar export (Xuất lịch .ics): deadlines for a school's calendar app.

One all-day ``VEVENT`` per deadline, with a stable ``UID`` (obligation, school year, grade
group), the obligation as summary and the explanation as description. Needs the optional
extra ``calendar`` (the ``icalendar`` package), imported only when called.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from vnschool_records._explain import check_lang
from vnschool_records.calendar._obligations import Deadline, _status_steps
from vnschool_records.errors import MissingExtraError

__all__ = ["to_ics"]


def to_ics(
    deadlines: Iterable[Deadline],
    *,
    lang: str = "vi",
    name: str = "Hạn hồ sơ, dữ liệu",
    stamp: dt.datetime | None = None,
) -> bytes:
    """The deadlines as an iCalendar file (RFC 5545), UTF-8 bytes.

    Args:
        deadlines: The deadlines to export (each one all-day event on its due date).
        lang: Language of summaries and descriptions (``"vi"`` or ``"en"``).
        name: Calendar name shown by calendar apps (``X-WR-CALNAME``).
        stamp: ``DTSTAMP`` of every event; must be timezone-aware. Default: now (UTC).
            Pass a fixed value for reproducible files.

    Raises:
        MissingExtraError: ``icalendar`` is not installed (``pip install
            'vnschool-records[calendar]'``).
    """
    checked = check_lang(lang)
    try:
        import icalendar  # lazy: optional extra, imported only here
    except ImportError as exc:
        raise MissingExtraError("calendar") from exc
    if stamp is None:
        stamp = dt.datetime.now(dt.UTC)
    elif stamp.tzinfo is None or stamp.utcoffset() is None:
        raise ValueError("stamp must be a timezone-aware datetime (e.g. tzinfo=datetime.UTC)")
    cal = icalendar.Calendar()
    cal.add("prodid", "-//vnschool-records//calendar//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for d in deadlines:
        ev = icalendar.Event()
        ev.add("uid", d.uid)
        ev.add("dtstamp", stamp.astimezone(dt.UTC))
        ev.add("dtstart", d.value)
        ev.add("dtend", d.value + dt.timedelta(days=1))
        text = d.obligation.text_en if checked == "en" else d.obligation.text_vi
        prefix = ("[estimated] " if checked == "en" else "[dự kiến] ") if d.estimated else ""
        ev.add("summary", prefix + text)
        ev.add("description", _timeless_explanation(d, checked))
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    data: bytes = cal.to_ical()
    return data


def _timeless_explanation(deadline: Deadline, lang: str) -> str:
    """The explanation without "overdue by … as of …": a calendar file outlives that day."""
    explanation = deadline.explanation()
    dated = set(_status_steps(deadline.status))
    steps = tuple(s for s in explanation.steps if s not in dated)
    return dataclasses.replace(explanation, steps=steps).render(lang)
