"""School deadlines (Thời hạn của trường): a THCS school's 2025-2026 deadlines, with status.

Computes the deadlines of Công văn 1397/GDĐT-TrH for a school in Ho Chi Minh City that
teaches grades 6–9 and holds its own semester-I review (sơ kết học kì I) and year-end
review (tổng kết năm học) on dates it chose. Each deadline is counted under the Civil Code
(Art. 147–148: the event day is not counted; a last day that is a day off moves to the next
working day), prints with its status as of ``--as-of``, and goes into an ``.ics`` file a
calendar app can subscribe to.

Run: ``.venv/bin/python examples/school_deadlines.py --as-of 2026-01-15 [--out DIR]``
"""

import argparse
import datetime as dt
import tempfile
from pathlib import Path

from vnschool_records.calendar import deadlines, to_ics

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument(
    "--as-of",
    type=dt.date.fromisoformat,
    default=dt.date(2026, 1, 15),
    help="report each deadline's status on this day (YYYY-MM-DD)",
)
parser.add_argument("--lang", choices=("vi", "en"), default="en")
parser.add_argument("--out", type=Path, default=None, help="output folder (default: temp dir)")
args = parser.parse_args()
out = args.out or Path(tempfile.mkdtemp(prefix="deadlines-"))
out.mkdir(parents=True, exist_ok=True)

# The school's own review dates. The opening days (tựu trường) come from the city's
# built-in plan for 2025-2026; the school only supplies what the plan cannot know.
# Keys are AnchorEvent values; a missing review date would be estimated (and flagged).
events = {
    "semester_1_review": dt.date(2026, 1, 10),  # Sat 10/1/2026
    "year_end_review": dt.date(2026, 5, 23),  # Sat 23/5/2026
}
# No `as_of` here: a deadline computed with `as_of` carries that day's status inside its
# explanation, which would then be frozen into the .ics descriptions. Ask each deadline
# for its status separately instead.
found = deadlines(
    "2025-2026",
    events=events,
    grade_levels=(6, 7, 8, 9),  # selects the opening days that concern this school
    province="hcmc",
)

print(f"Deadlines 2025-2026 for a THCS school (grades 6–9), as of {args.as_of:%d/%m/%Y}:")
for d in found:
    status = d.status_as_of(args.as_of)  # state, calendar days and working days left
    estimated = " [estimated]" if d.estimated else ""
    text = d.obligation.text_en if args.lang == "en" else d.obligation.text_vi
    print(
        f"  {d.due:%a %d/%m/%Y}  {d.obligation.id:<28} {status.describe(args.lang)}"
        f"{estimated}\n      {text}"
    )

# Every deadline explains itself: the anchor, the counting, each move over a day off, and
# the articles. Show the next one still to come.
upcoming = [d for d in found if d.due >= args.as_of]
if upcoming:
    print(f"\nHow the next deadline was computed:\n{upcoming[0].explain(args.lang)}")

# One all-day event per deadline, with stable UIDs (re-importing updates, not duplicates).
# A fixed DTSTAMP makes the file reproducible; omit `stamp` to use the current time.
ics_path = out / "deadlines-2025-2026.ics"
stamp = dt.datetime.combine(args.as_of, dt.time(), tzinfo=dt.UTC)
ics_path.write_bytes(to_ics(found, lang=args.lang, stamp=stamp))
print(f"\nwrote {ics_path} ({len(found)} events)")
