"""The scripts in ``examples/`` run as a new user runs them, and print what they should.

Each script runs once per module as a subprocess (``python examples/NAME.py --out DIR``)
in an empty working folder, so a script that writes outside ``--out`` or needs the
repository as its working directory fails here. Expected values are worked out by hand
from the inputs the scripts state, not copied from their output.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@dataclass(frozen=True)
class Run:
    out: Path
    stdout: str
    stderr: str

    def line(self, start: str) -> str:
        """The one output line that starts with ``start`` (after indentation)."""
        found = [ln.strip() for ln in self.stdout.splitlines() if ln.strip().startswith(start)]
        assert len(found) == 1, f"expected one line starting {start!r}, got {found}"
        return found[0]


def run_example(name: str, base: Path, *args: str) -> Run:
    cwd = base / "cwd"
    out = base / "out"
    cwd.mkdir()
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / name), "--out", str(out), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, f"{name} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    assert "Traceback" not in proc.stdout
    assert list(cwd.iterdir()) == [], f"{name} wrote into its working directory"
    return Run(out, proc.stdout, proc.stderr)


def test_every_example_is_tested() -> None:
    tested = {"evaluate_student.py", "school_deadlines.py", "review_records.py",
              "custom_sync_backend.py", "render_and_sign.py", "rollover.py"}  # fmt: skip
    assert {p.name for p in EXAMPLES.glob("*.py")} == tested


def test_every_example_documents_how_to_run_it() -> None:
    for path in EXAMPLES.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert text.startswith('"""'), path.name
        assert f".venv/bin/python examples/{path.name}" in text, path.name


# ------------------------------------------------------------------ evaluate_student


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return run_example("evaluate_student.py", tmp_path_factory.mktemp("evaluate"))


# (semester I, semester II, year) for each scored subject, worked by hand from the script's
# scores: ĐTBmhk = (ΣTX + 2·GK + 3·CK) / (n + 5), ĐTBmcn = (HK I + 2·HK II) / 3, each
# rounded half up once to one decimal (TT22 Art. 9 cl. 1(b)).
HAND_AVERAGES = {
    # (7+6.5+7+8 + 13 + 21)/9 = 62.5/9 = 6.94; (29.5 + 14 + 22.5)/9 = 7.33; 21.5/3 = 7.17
    "Ngữ văn": ("6,9", "7,3", "7,2"),
    # 71.5/9 = 7.94; 78/9 = 8.67; (7.9 + 17.4)/3 = 8.43
    "Toán": ("7,9", "8,7", "8,4"),
    # 73.5/9 = 8.17; 76/9 = 8.44; 25/3 = 8.33
    "Ngoại ngữ 1": ("8,2", "8,4", "8,3"),
    # two regular scores (35 periods): 58.5/7 = 8.36; 62/7 = 8.86; 26.2/3 = 8.73
    "Giáo dục công dân": ("8,4", "8,9", "8,7"),
    # 67/9 = 7.44; 70/9 = 7.78; 23/3 = 7.67
    "Lịch sử và Địa lí": ("7,4", "7,8", "7,7"),
    # 75/9 = 8.33; 78.5/9 = 8.72; 25.7/3 = 8.57
    "Khoa học tự nhiên": ("8,3", "8,7", "8,6"),
    # 58/7 = 8.29; 59.5/7 = 8.5; 25.3/3 = 8.43
    "Công nghệ": ("8,3", "8,5", "8,4"),
    # 3 regular scores (70 periods): 39.6/8 = 4.95 → 5.0; 50/8 = 6.25 → 6.3; 17.6/3 = 5.87
    "Tin học": ("5,0", "6,3", "5,9"),
}


def test_evaluate_student_prints_hand_computed_averages(evaluated: Run) -> None:
    for name, expected in HAND_AVERAGES.items():
        cells = evaluated.line(name + " ").removeprefix(name).split("|")
        assert tuple(c.strip() for c in cells) == expected, name
    for name in ("Giáo dục thể chất", "Nghệ thuật", "Nội dung giáo dục của địa phương"):
        assert evaluated.line(name).endswith("Đạt")


def test_evaluate_student_results(evaluated: Run) -> None:
    # Training (Khá, Tốt) → Tốt by the table of Art. 8 cl. 2(b). Learning: 5 subjects ≥ 8.0
    # (Tốt needs 6, and Tin học 5.9 < 6.5) but all ≥ 5.0 and 7 ≥ 6.5 → Khá (Art. 9 cl. 2).
    # Both at least Đạt, 3 sessions missed → promoted (Art. 12); Khá → no title (Art. 15).
    assert evaluated.line("Training (rèn luyện):").endswith("Tốt")
    assert evaluated.line("Learning (học tập):").endswith("Khá")
    assert evaluated.line("Promotion:").endswith("Được lên lớp")
    assert evaluated.line("Award:").endswith("—")
    assert "TT22_2021" in evaluated.line("Phạm Ngọc Ánh, lớp 7A2, 2025-2026")


def test_evaluate_student_explains_the_rounding_case_in_both_languages(evaluated: Run) -> None:
    assert "(4,4 + 3,8 + 5,9 + 2×4,8 + 3×5,3) / 8 = 4,95 → 5,0" in evaluated.stdout
    assert "(4.4 + 3.8 + 5.9 + 2×4.8 + 3×5.3) / 8 = 4.95 → 5.0" in evaluated.stdout
    vi = (evaluated.out / "explanation-vi.txt").read_text(encoding="utf-8")
    en = (evaluated.out / "explanation-en.txt").read_text(encoding="utf-8")
    assert "Căn cứ: Thông tư 22/2021/TT-BGDĐT, Điều 12" in vi
    assert "(Khá, Tốt) → Tốt" in en
    assert "Source: Circular 22/2021/TT-BGDĐT, Art. 15" in en


# ------------------------------------------------------------------ school_deadlines


@pytest.fixture(scope="module")
def deadlines_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    base = tmp_path_factory.mktemp("deadlines")
    return run_example("school_deadlines.py", base, "--as-of", "2026-01-15")


def test_deadlines_are_counted_under_the_civil_code(deadlines_run: Run) -> None:
    # Opening day for grade 9 Wed 20/8/2025 (grades 6–8: Mon 25/8, whose deadline falls
    # later): + 1 week → Wed 27/8/2025; overdue on 15/1/2026 by 4+30+31+30+31+15 = 141 days.
    opening = deadlines_run.line("Wed 27/08/2025  1397.database-opening")
    assert "overdue by 141 days" in opening
    # Sơ kết Sat 10/1/2026 + 1 week = Sat 17/1, a weekend → Mon 19/1 (Art. 148 cl. 5);
    # from Thu 15/1: 4 calendar days, working days Fri 16 and Mon 19.
    sem1 = deadlines_run.line("Mon 19/01/2026  1397.gradebook-semester-1")
    assert "upcoming: 4 days left (2 working days)" in sem1
    # Tổng kết Sat 23/5/2026 + 1 week = Sat 30/5 → Mon 1/6/2026; 16+28+31+30+31+1 = 137 days.
    year_end = deadlines_run.line("Mon 01/06/2026  1397.gradebook-year-end")
    assert "upcoming: 137 days left" in year_end
    assert "[estimated]" not in deadlines_run.stdout  # the school gave both review dates
    assert "the period ends on the next working day, Mon 19/01/2026" in deadlines_run.stdout


def test_deadlines_ics_holds_one_event_per_deadline(deadlines_run: Run) -> None:
    icalendar = pytest.importorskip("icalendar")
    data = (deadlines_run.out / "deadlines-2025-2026.ics").read_bytes()
    cal = icalendar.Calendar.from_ical(data)
    events = {str(e["uid"]): e.decoded("dtstart").isoformat() for e in cal.walk("VEVENT")}
    assert events == {
        "1397.database-opening.2025-2026.g9@vnschool-records": "2025-08-27",
        "1397.gradebook-semester-1.2025-2026@vnschool-records": "2026-01-19",
        "1397.gradebook-year-end.2025-2026@vnschool-records": "2026-06-01",
    }
    # statuses are printed, not frozen into the calendar's descriptions
    assert b"overdue" not in data
    assert b"upcoming" not in data


def test_deadline_due_today_in_vietnamese(tmp_path: Path) -> None:
    run = run_example("school_deadlines.py", tmp_path, "--as-of", "2026-01-19", "--lang", "vi")
    assert "đến hạn hôm nay (19/01/2026)" in run.line("Mon 19/01/2026")


# ------------------------------------------------------------------ review_records


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return run_example("review_records.py", tmp_path_factory.mktemp("review"))


def test_review_finds_each_planted_error_where_it_was_planted(reviewed: Run) -> None:
    pid = reviewed.line("- error personal-id-invalid at 3.student.personal_id:")
    assert "1314709751" in pid
    assert pid.endswith("[Decree 137/2015/NĐ-CP, Art. 13]")
    # record 1's assessments run ngu_van I, ngu_van II, toan I, toan II: toan II is index 3
    final = reviewed.line("- error assessment-missing-final at 1.assessments.3.final:")
    assert "Toán, semester II" in final
    assert final.endswith("[Circular 22/2021/TT-BGDĐT, Art. 7]")
    assert reviewed.line("repaired:").startswith("repaired: 'Vò Thanh DiÖp' → 'Vũ Thanh Diệp'")
    assert reviewed.line("kept record 0 is now named").endswith("'Vũ Thanh Diệp'")


def test_review_counts_and_raise_for_findings(reviewed: Run) -> None:
    untouched = reviewed.line("untouched school:")
    warnings = int(re.search(r"(\d+) warning\(s\)", untouched)[1])  # type: ignore[index]
    assert "ok=True" in untouched
    assert "did not raise" in untouched
    # the two planted errors; the TCVN3 name adds one warning to the school's own
    header = reviewed.line("Data review:")
    assert header == (
        f"Data review: {warnings + 3} findings (2 errors, {warnings + 1} warnings, 0 info)"
        " in 48 records."
    )
    assert reviewed.line("48 records reviewed; ok (no errors): False")
    assert reviewed.line("raise_for_findings() raised").endswith(
        "UnresolvedFindingsError: 2 codes ['assessment-missing-final', 'personal-id-invalid']"
    )
    assert reviewed.line("raise_for_findings('warning') raised:").startswith(
        f"raise_for_findings('warning') raised: {warnings} finding(s)"
    )
    vi = (reviewed.out / "review-vi.txt").read_text(encoding="utf-8")
    assert vi.startswith("Rà soát dữ liệu: ")
    assert "Lớp 6A1" in vi


# ------------------------------------------------------------------ custom_sync_backend


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return run_example("custom_sync_backend.py", tmp_path_factory.mktemp("sync"))


def test_sync_example_passes_every_contract_test(synced: Run) -> None:
    from vnschool_records.testing import BackendContractTests

    contract = [n for n in dir(BackendContractTests) if n.startswith("test_")]
    assert len(contract) >= 8
    assert synced.line("contract tests:") == (
        f"contract tests: {{'passed': {len(contract)}}} (pytest exit code 0)"
    )


def test_sync_example_syncs_retries_and_sends_only_changes(synced: Run) -> None:
    first = synced.line("first sync:")
    fields = dict(re.findall(r"(\w+)=(\S+)", first))
    assert fields["ok"] == "True"
    assert fields["accepted"] == fields["planned"]
    assert int(fields["planned"]) > 32 * 10  # 32 students, each with a full score set
    # two 503s, RetryPolicy(base_delay=1.0, multiplier 2): waits 1.0 s, then 2.0 s
    assert fields["retries"] == "2"
    assert "waited=[1.0, 2.0]" in first
    assert synced.line("second sync, nothing changed:").endswith("planned=0")
    # one corrected end-of-term score: that score, its semester result and the year result
    third = synced.line("after one correction:")
    assert "planned=3 accepted=3" in third
    keys = re.search(r"keys=(\[.*\])", third)[1]  # type: ignore[index]
    assert re.fullmatch(
        r"\['score/2025-2026/(\d+)/ngu_van/1/ck', 'semester_result/2025-2026/\1/1', "
        r"'year_result/2025-2026/\1'\]",
        keys,
    )
    assert (synced.out / "journal.sqlite").is_file()
    assert synced.line("journal:").endswith(f"holds {fields['planned']} records")


# ------------------------------------------------------------------ render_and_sign


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return run_example("render_and_sign.py", tmp_path_factory.mktemp("sign"))


def test_extract_covers_every_year_the_school_holds(signed: Run) -> None:
    # a grade-9 student of 2025-2026 was in grades 6, 7, 8 in the three years before
    for year, grade in (("2022-2023", 6), ("2023-2024", 7), ("2024-2025", 8)):
        assert "Được lên lớp" in signed.line(f"{year} lớp {grade}A1: TT22_2021")
    assert "Hoàn thành chương trình" in signed.line("2025-2026 lớp 9A1: TT22_2021")
    assert "4 school years" in signed.line("HỒ SƠ XÁC NHẬN QUÁ TRÌNH, KẾT QUẢ HỌC TẬP:")
    assert signed.line("number 12/XN-THCS;").endswith("(matches: True)")


def test_signed_extract_verifies_in_signing_order(signed: Run) -> None:
    for field in ("GVCN", "HieuTruong", "DauTruong"):
        assert "intact=True valid=True trusted=True" in signed.line(f"{field}: intact=")
    assert "coverage=entire_file later_changes=none" in signed.line("DauTruong: intact=")
    assert "later_changes=signatures" in signed.line("GVCN: intact=")
    assert signed.line("all signatures valid:") == "all signatures valid: True"
    assert signed.line("without the demo CA").endswith("[False, False, False]")
    # check the written file independently of the script
    signing = pytest.importorskip("vnschool_records.signing")
    pdf = (signed.out / "extract-signed.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    report = signing.verify(pdf, trust_roots=[(signed.out / "demo-ca.pem").read_bytes()])
    assert [s.field_name for s in report.signatures] == ["GVCN", "HieuTruong", "DauTruong"]
    assert report.all_valid
    assert all(s.trusted for s in report.signatures)


# ------------------------------------------------------------------ rollover


@pytest.fixture(scope="module")
def rolled(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return run_example("rollover.py", tmp_path_factory.mktemp("rollover"))


def test_rollover_preview_reconciles(rolled: Run) -> None:
    old = re.findall(r"^\s+(\d)A(\d): (\d+) → (.+)$", rolled.stdout, re.M)
    new = re.findall(r"^\s+(\d)A(\d): (\d+) \+ (\d+) = (\d+)$", rolled.stdout, re.M)
    assert len(old) == 8  # grades 6–9, two classes each
    assert len(new) == 8
    totals: dict[str, int] = {}
    moved_to: dict[str, int] = {}
    for grade, k, before, outcomes in old:
        counts = {o: int(n) for o, n in (part.rsplit(" ", 1) for part in outcomes.split(", "))}
        assert sum(counts.values()) == int(before) == 10
        for outcome, n in counts.items():
            totals[outcome] = totals.get(outcome, 0) + n
        up = f"{int(grade) + 1}A{k}"
        moved_to[up] = moved_to.get(up, 0) + counts.get("promoted", 0)
        here = f"{grade}A{k}"
        moved_to[here] = moved_to.get(here, 0) + counts.get("retained", 0)
    assert sum(totals.values()) == 80
    assert "promoted" not in dict(o.rsplit(" ", 1) for o in old[-1][3].split(", "))  # grade 9
    outcomes_line = json.loads(rolled.line("outcomes:").removeprefix("outcomes:").replace("'", '"'))
    assert outcomes_line == {**totals, "admitted": 11}  # 12 admissions, one a duplicate
    admitted = {"6A1": 6, "6A2": 5}  # the 11 enrolled admissions alternate 6A1, 6A2
    for grade, k, before, incoming, after in new:
        name = f"{grade}A{k}"
        assert int(before) == 0
        assert int(incoming) == int(after) == moved_to.get(name, 0) + admitted.get(name, 0), name
    enrolled = sum(int(a) for *_, a in new)
    assert enrolled == totals["promoted"] + totals["retained"] + 11
    assert rolled.line("reconciles:") == "reconciles: True"


def test_rollover_catches_the_duplicate_and_is_idempotent(rolled: Run) -> None:
    duplicate = rolled.line("duplicate:")
    assert duplicate.startswith("duplicate: TRẦN QUỐC LONG → Same person as student ")
    assert "(Trần Quốc Long, 03/01/2014): not enrolled twice" in duplicate
    applied = rolled.line("applied:")
    assert applied.endswith("applying twice changes nothing: True")
    count = int(re.search(r"applied: (\d+) enrolments", applied)[1])  # type: ignore[index]
    roster = json.loads((rolled.out / "roster-2026-2027.json").read_text(encoding="utf-8"))
    assert len(roster["enrolments"]) == count
    ids = [e["student"]["student_id"] for e in roster["enrolments"]]
    assert len(set(ids)) == len(ids)  # nobody enrolled twice
