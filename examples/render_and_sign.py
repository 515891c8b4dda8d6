"""Render and sign an extract (Trích lục hồ sơ học tập có chữ ký số): PDF, three signatures.

Renders one grade-9 student's learning-record extract covering every year the school holds
(grades 6–9), signs it as the homeroom teacher, the principal and the school seal (PAdES,
each an incremental update so earlier signatures stay valid), verifies it, prints the
verification report and writes the PDF. The certificates are throw-away demo ones from a
CA made on the spot; real schools sign with the certificates their province issues (often
on a USB token: ``vnschool_records.signing.Pkcs11Signer``).

Run: ``.venv/bin/python examples/render_and_sign.py [--out DIR]``
(writes ``extract-signed.pdf`` and ``demo-ca.pem`` under ``--out``; default: a temp dir).
Needs the ``sign`` and ``render`` extras (pyHanko, fpdf2): ``pip install "vnschool-records[all]"``.
"""

import argparse
import datetime as dt
import tempfile
from pathlib import Path

from vnschool_records import evaluate_year
from vnschool_records.demo import Profile, generate_school
from vnschool_records.render import ExtractYearInput, build_extract_view, render_extract
from vnschool_records.signing import (
    HOMEROOM,
    PRINCIPAL,
    SCHOOL_SEAL,
    demo_signers,  # throw-away keys, for demos only
    sign_sequence,
    verify,
)

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--out", type=Path, default=None, help="output folder (default: temp dir)")
out = parser.parse_args().out or Path(tempfile.mkdtemp(prefix="extract-"))
out.mkdir(parents=True, exist_ok=True)

# with_history=True adds the earlier years the school holds for each student.
demo = generate_school(
    level="THCS",
    school_year="2025-2026",
    classes_per_grade=1,
    students_per_class=8,
    seed=11,
    with_history=True,
)
record = next(
    r
    for r in demo.records
    if r.grade_level == 9 and demo.profiles[r.student.student_id] is Profile.OUTSTANDING
)
sid = record.student.student_id
years = [h for h in demo.history if h.student.student_id == sid] + [record]

# One ExtractYearInput per year: the record and its evaluated results (each year under the
# regulation that applied to it). The view formats every string; drawing only places them.
inputs = [ExtractYearInput(r, evaluate_year(r)) for r in years]
view = build_extract_view(demo.school, inputs, number=12, issued_on=dt.date(2026, 6, 2))
vn = dt.timezone(dt.timedelta(hours=7))
pdf = render_extract(view, created_at=dt.datetime(2026, 6, 2, 8, 0, tzinfo=vn))
print(f"{view.title}: {record.student.full_name} ({sid}), {len(view.years)} school years:")
for r, i in zip(years, inputs, strict=True):
    learning = i.result.year.learning.value.value
    print(
        f"  {r.school_year} lớp {r.class_group.name}: {i.result.regulation.value}, "
        f"học tập {learning}, {i.result.promotion.value.value}"
    )
print(
    f"number {view.verification.document_number}; content hash "
    f"{view.verification.content_hash[:16]}… (matches: {view.hash_matches()})"
)

# Sign in the usual order. demo_signers() makes three PKCS#12 signers and their CA (PEM).
teacher, principal, seal, ca_pem = demo_signers()
signed = sign_sequence(pdf, [(teacher, HOMEROOM), (principal, PRINCIPAL), (seal, SCHOOL_SEAL)])
path = out / "extract-signed.pdf"
path.write_bytes(signed)

# Verify: who signed, when, intact, trusted (only with the CA given as a trust root), and
# whether anything but further signatures was added after each signature.
report = verify(signed, trust_roots=[ca_pem])
print("\nVerification:")
print(report.describe())
for s in report.signatures:
    print(
        f"  {s.field_name}: intact={s.intact} valid={s.valid} trusted={s.trusted} "
        f"coverage={s.coverage} later_changes={s.later_changes}"
    )
print(f"all signatures valid: {report.all_valid}")
# Without the CA: intact and valid, but nobody vouches for the signers. (pyHanko currently
# logs each failed certificate path, with a traceback, to stderr here; the result is fine.)
untrusted = verify(signed)
print(f"without the demo CA as trust root, trusted: {[s.trusted for s in untrusted.signatures]}")
ca_path = out / "demo-ca.pem"  # to check the file again: vnschool verify FILE --trust CA
ca_path.write_bytes(ca_pem)
print(f"\nwrote {path} ({len(signed)} bytes; unsigned {len(pdf)} bytes) and {ca_path}")
raise SystemExit(0 if report.all_valid else 1)
