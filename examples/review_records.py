"""Review records (Rà soát dữ liệu): find planted errors in a school's records before a sync.

Takes a demo school's records, plants three errors schools really send — a personal id
whose leading zeros Excel dropped, a missing end-of-term score, and a name typed with an
old TCVN3 (.VnTime) font — then runs :func:`vnschool_records.validate`. Prints the
principal's summary, every error with its location and the article it comes from, and
shows that :meth:`Report.raise_for_findings` raises only when asked and only at or above
the severity given. Validation never raises on bad records: problems are values.

Run: ``.venv/bin/python examples/review_records.py [--out DIR]``
(writes ``review-vi.txt`` and ``review-en.txt`` under ``--out``; default: a temp dir).
"""

import argparse
import tempfile
from pathlib import Path

from vnschool_records.demo import generate_school
from vnschool_records.validation import UnresolvedFindingsError, validate

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--out", type=Path, default=None, help="output folder (default: temp dir)")
out = parser.parse_args().out or Path(tempfile.mkdtemp(prefix="review-"))
out.mkdir(parents=True, exist_ok=True)

demo = generate_school(
    level="THCS", school_year="2025-2026", classes_per_grade=1, students_per_class=12, seed=7
)

# validate() takes models or raw dicts (what a vendor's database or an import gives), so we
# plant the errors in plain dicts. Records are immutable models; model_dump() copies one.
records = [r.model_dump() for r in demo.records]
# 1. Record 0: "Vũ Thanh Diệp" as an old .xls typed with a TCVN3 font stores it.
records[0]["student"]["full_name"] = "Vò Thanh DiÖp"
# 2. Record 1: the Toán end-of-term score (ĐĐGck) of semester II was never entered.
toan_2 = next(a for a in records[1]["assessments"] if a["subject"] == "toan" and a["semester"] == 2)
toan_2["final"] = None
# 3. Record 3: personal id 001314709751 saved as a number by Excel: leading zeros lost.
records[3]["student"]["personal_id"] = "1314709751"

report = validate(records)
print(f"{len(report.records)} records reviewed; ok (no errors): {report.ok}")
print("findings per code:", dict(report.counts()))
print()
print(report.summary("en"))  # what the principal reads: per class, per rule family

print("\nErrors, with location (record index, then field path) and source:")
for f in report.filter(min_severity="error"):
    print(f"  - {f.format('en')}")
    print(f"    student {f.student_id}, class {f.class_name}; found: {f.value!r}")

# Text problems are repaired on the way in (and reported as warnings): the record the
# report keeps already holds the Unicode name; the finding says what it was and is now.
for f in report.filter(code="text-legacy-encoding"):
    print(f"\nrepaired: {f.value!r} → {f.ctx.get('fixed')!r}  ({f.message('en')})")
    print(f"  kept record 0 is now named {report.records[0].student.full_name!r}")

# raise_for_findings: for a script that must stop. UnresolvedFindingsError is an
# errors.FindingsError (and a ValueError); `.findings` holds the offending findings.
try:
    report.raise_for_findings()  # default: errors only
except UnresolvedFindingsError as exc:
    codes = sorted({f.code for f in exc.findings})
    print(f"\nraise_for_findings() raised {type(exc).__name__}: {len(codes)} codes {codes}")
clean = validate(demo.records)  # the untouched school: warnings only (long absences)
clean.raise_for_findings()  # no error findings → returns quietly
print(
    f"untouched school: ok={clean.ok}, {clean.count('warning')} warning(s);"
    " raise_for_findings() did not raise"
)
try:
    clean.raise_for_findings("warning")  # a stricter script can stop on warnings too
except UnresolvedFindingsError as exc:
    print(
        f"raise_for_findings('warning') raised: {len(exc.findings)} finding(s) at or above"
        f" {exc.min_severity.value}"
    )

for lang in ("vi", "en"):
    (out / f"review-{lang}.txt").write_text(report.summary(lang) + "\n", encoding="utf-8")
print(f"\nwrote {out / 'review-vi.txt'} and {out / 'review-en.txt'}")
