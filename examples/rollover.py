"""Year rollover (Kết chuyển năm học): move a school to 2026-2027 with the grade-6 intake.

Evaluates a demo THCS school's 2025-2026 year, plans the rollover with an admissions list
(tuyển sinh lớp 6) that contains one student the school already has — resubmitted in
capitals, with no personal id — and prints the preview: for every old class how many
students go which way, for every new class its count before, incoming and after, which
must reconcile. Every old student appears once, undecided ones included (never dropped).
Then applies the plan twice to show that a re-run enrols nobody twice.

Run: ``.venv/bin/python examples/rollover.py [--out DIR]``
(writes ``roster-2026-2027.json`` under ``--out``; default: a temp dir).
"""

import argparse
import tempfile
from pathlib import Path

from vnschool_records import evaluate_year
from vnschool_records.demo import generate_admissions, generate_school
from vnschool_records.rollover import apply, plan_rollover, preview

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--out", type=Path, default=None, help="output folder (default: temp dir)")
out = parser.parse_args().out or Path(tempfile.mkdtemp(prefix="rollover-"))
out.mkdir(parents=True, exist_ok=True)

demo = generate_school(
    level="THCS", school_year="2025-2026", classes_per_grade=2, students_per_class=10, seed=5
)
results = [evaluate_year(r) for r in demo.records]  # promotion decides who moves up

# The admissions list from the enrolment office: Admission(student, grade_level=6, class)
# values. Its last entry is a student already at the school, typed again with no id.
admissions = generate_admissions(demo, 12, seed=5)

# A pure function: nothing is changed until apply(). Records give the old roster; results
# give each student's outcome and its reason (and article); class names go 6A1 → 7A1.
plan = plan_rollover(demo.records, results, "2026-2027", admissions=admissions)
print(
    f"Rollover {plan.old_year} → {plan.next_year}: {len(plan.items)} students, "
    f"{len(admissions)} admissions"
)
print("outcomes:", {o.name.lower(): n for o, n in plan.counts().items()})

shown = preview(plan)  # counts per class before/after, computed on what apply() returns
print("\nPreview (old classes: before → outcomes; new classes: before + incoming = after):")
for line in shown.lines("en"):
    print("  " + line)
print(f"reconciles: {shown.reconciles}")

print("\nAdmissions not enrolled:")
for c in plan.conflicts:
    print(f"  {c.kind}: {c.admission.student.full_name} → {c.reason_en}")
print("Students left where they are, to decide after the summer:")
for i in plan.not_moved:
    print(f"  {i.student_id} {i.student.full_name} ({i.from_class}): {i.reason_en}")

# Apply, then apply the same plan again to the result: a re-run changes nothing.
roster = apply(plan)
again = apply(plan, roster)
print(
    f"\napplied: {len(roster.enrolments)} enrolments in {len(roster.class_counts())} classes;"
    f" applying twice changes nothing: {again == roster}"
)
path = out / f"roster-{plan.next_year}.json"
path.write_text(roster.model_dump_json(indent=1), encoding="utf-8")
print(f"wrote {path}")
raise SystemExit(0 if shown.reconciles and again == roster else 1)
