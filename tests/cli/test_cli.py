"""The ``vnschool`` command: exit codes, messages, and the demo as a new user runs it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from vnschool_records.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--out", str(out), "--quick", "--lang", "en"]) == 0
    return out


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("demo", "deadlines", "review", "results", "render", "sync", "verify"):
        assert command in out


def test_deadlines_in_english_as_of_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deadlines", "--year", "2025-2026", "--as-of", "2026-01-20",
                       "--lang", "en")  # fmt: skip
    assert code == 0
    # HCMC 2025-26: semester-I review estimated Sat 17/01/2026 → +1 week = Sat 24/01 → Mon 26/01.
    assert "26/01/2026" in out
    assert "overdue" in out  # the opening-day deadline (27/08/2025) is long past


def test_deadlines_with_the_schools_own_dates_and_ics(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ics = tmp_path / "han.ics"
    code, out, _ = run(capsys, "deadlines", "--year", "2025-2026", "--semester-review",
                       "2026-01-14", "--as-of", "2026-01-15", "--ics", str(ics))  # fmt: skip
    assert code == 0
    # Wed 14/01 + 1 week = Wed 21/01/2026, a working day.
    assert "21/01/2026" in out
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("deadlines", "--year", "2030"), "not written like '2023-2024'"),
        (("deadlines", "--year", "2040-2041"), "no hcmc plan for 2040-2041"),
        (("deadlines", "--year", "2025-2026", "--as-of", "31/13/2026"), "is not written like"),
        (("review", "no-such-file.xlsx"), "no such file or folder"),
        (("results", "no-such-file.xlsx"), "no such file or folder"),
    ],
)
def test_user_errors_are_one_line_with_exit_code_2(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], fragment: str
) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2
    assert fragment in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_excel_97_2003_files_are_named_with_what_to_do(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "so-diem"
    folder.mkdir()
    book = folder / "6A1.xls"
    book.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))
    (folder / "6A2.xls").write_bytes(book.read_bytes())
    for target, fragment in (
        (folder, "no .xlsx workbook in this folder (2 Excel 97–2003 .xls file(s)"),
        (book, "It is an Office binary file: an Excel 97–2003 workbook (.xls)"),
    ):
        code, _, err = run(capsys, "review", str(target))
        assert code == 2
        assert fragment in " ".join(err.split())
        assert "save it as an Excel Workbook (.xlsx)" in " ".join(err.split())
        assert "Traceback" not in err


def test_usage_error_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "deadlines")  # --year missing
    assert code == 2


def test_demo_writes_what_its_readme_promises(demo_out: Path) -> None:
    readme = (demo_out / "README.txt").read_text(encoding="utf-8")
    for entry in ("deadlines.txt", "review/", "results/", "workbooks/", "documents/",
                  "rollover/", "csdl.sqlite"):  # fmt: skip
        assert entry in readme
        assert (demo_out / entry.rstrip("/").split(",")[0]).exists()
    assert len(list((demo_out / "workbooks").glob("*.xlsx"))) == 7
    assert (demo_out / "documents" / "signed" / "verification.txt").exists()
    lists = {p.name for p in (demo_out / "results").glob("list-*.tsv")}
    assert "list-Được_lên_lớp.tsv" in lists
    assert "list-Kiểm_tra_đánh_giá_lại_trong_hè.tsv" in lists


def test_review_of_clean_workbooks_exits_0(
    capsys: pytest.CaptureFixture[str], demo_out: Path, tmp_path: Path
) -> None:
    out_book = tmp_path / "findings.xlsx"
    code, out, _ = run(capsys, "review", str(demo_out / "workbooks"), "--out", str(out_book))
    assert code == 0
    assert "6A1" in out
    assert out_book.exists()


def test_review_finds_a_bad_cell_and_exits_1(
    capsys: pytest.CaptureFixture[str], demo_out: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    book = tmp_path / "6A1.xlsx"
    shutil.copy(demo_out / "workbooks" / "2025-2026_6A1.xlsx", book)
    wb = load_workbook(book)
    sheet = wb["Toán_HK1"]
    header_row = next(r for r in sheet.iter_rows() if any(c.value == "ĐĐGtx1" for c in r))
    column = next(c.column for c in header_row if c.value == "ĐĐGtx1")
    target = sheet.cell(row=header_row[0].row + 1, column=column)
    assert isinstance(target.value, (int, float))
    target.value = "7,25"  # two decimals: no circular allows it
    wb.save(book)
    code, out, _ = run(capsys, "review", str(book), "--lang", "en")
    assert code == 1
    assert f"{sheet.title}!{target.coordinate}" in out


def test_results_explains_one_student(capsys: pytest.CaptureFixture[str], demo_out: Path) -> None:
    book = demo_out / "workbooks" / "2025-2026_6A1.xlsx"
    code, out, _ = run(capsys, "results", str(book), "--explain", "7910000001", "--lang", "en")
    assert code == 0
    assert "Circular 22/2021/TT-BGDĐT" in out
    code, _, err = run(capsys, "results", str(book), "--explain", "nobody")
    assert code == 2
    assert "no student with that id or name" in err


def test_render_sync_and_verify(
    capsys: pytest.CaptureFixture[str], demo_out: Path, tmp_path: Path
) -> None:
    book = demo_out / "workbooks" / "2025-2026_6A1.xlsx"
    code, _, _ = run(capsys, "render", str(book), "--out", str(tmp_path / "pdf"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "pdf").iterdir()) == [
        "bang-tong-hop-6A1.pdf",
        "hoc-ba-6A1.pdf",
    ]
    db = tmp_path / "csdl.sqlite"
    code, out, _ = run(capsys, "sync", str(book), "--db", str(db), "--lang", "en")
    assert code == 0
    first = int(out.split(" changes")[0].split()[-1])
    assert first > 0
    code, out, _ = run(capsys, "sync", str(book), "--db", str(db), "--lang", "en")
    assert code == 0
    assert out.startswith("0 changes")
    signed = next((demo_out / "documents" / "signed").glob("signed-*.pdf"))
    ca = demo_out / "documents" / "signed" / "demo-ca.pem"
    code, out, _ = run(capsys, "verify", str(signed), "--trust", str(ca))
    assert code == 0
    assert out.count("hợp lệ") == 3


def test_sync_names_each_obligation_whose_data_it_sends_after_the_deadline(
    capsys: pytest.CaptureFixture[str], demo_out: Path, tmp_path: Path
) -> None:
    from vnschool_records.calendar import deadlines

    book = demo_out / "workbooks" / "2025-2026_6A1.xlsx"
    reviews = ("--semester-review", "2026-01-10", "--year-review", "2026-05-30")
    db = tmp_path / "late.sqlite"
    code, out, _ = run(capsys, "sync", str(book), "--db", str(db), *reviews, "--lang", "en")
    assert code == 0  # late data is sent and warned about, not refused
    plan = deadlines(
        "2025-2026",
        events={"semester_1_review": dt.date(2026, 1, 10), "year_end_review": dt.date(2026, 5, 30)},
        grade_levels={6},
    )
    assert dt.date.today() > max(d.value for d in plan)  # the CLI syncs as of today
    late = [line for line in out.splitlines() if "after the deadline of" in line]
    assert len(late) == 3
    for d, line in zip(plan, late, strict=True):
        assert f"after the deadline of {d.value:%d/%m/%Y}: {d.obligation.text_en}" in line
    assert "estimated" not in out  # both review dates were given
    # A date of one's own replaces the calendar's deadlines.
    code, out, _ = run(capsys, "sync", str(book), "--db", str(tmp_path / "own.sqlite"),
                       "--deadline", "2099-12-31", "--lang", "en")  # fmt: skip
    assert code == 0
    assert "deadline" not in out
    code, _, err = run(capsys, "sync", str(book), "--db", str(db), "--province", "Hà Nội")
    assert code == 2
    assert "the built-in plans cover HCM only" in err


def test_verify_reports_the_content_hash_and_refuses_a_changed_file(
    capsys: pytest.CaptureFixture[str], demo_out: Path, tmp_path: Path
) -> None:
    signed = next((demo_out / "documents" / "signed").glob("signed-*.pdf"))
    ca = demo_out / "documents" / "signed" / "demo-ca.pem"
    code, out, _ = run(capsys, "verify", str(signed), "--trust", str(ca), "--lang", "en")
    assert code == 0
    assert "Content hash matches the embedded data" in out
    data = bytearray(signed.read_bytes())
    at = data.index(b"/Producer")  # inside the first (signed) revision
    data[at + 1] = ord("p")
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))
    code, out, _ = run(capsys, "verify", str(changed), "--trust", str(ca), "--lang", "en")
    assert code == 1


def test_verify_without_trust_says_trust_was_not_checked(
    capsys: pytest.CaptureFixture[str], demo_out: Path
) -> None:
    signed = next((demo_out / "documents" / "signed").glob("signed-*.pdf"))
    code, out, err = run(capsys, "verify", str(signed), "--lang", "en")
    assert "Trust not checked" in out
    assert "Traceback" not in err
    assert code == 0


def test_sync_deadlines_for_a_year_the_calendar_lacks_or_dates_for_two_years(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import typer

    from vnschool_records.cli._app import Lang
    from vnschool_records.cli._commands import _calendar_deadlines
    from vnschool_records.testing import demo_school

    later = demo_school(1, school_year="2028-2029")  # a regulation, but no built-in plan
    assert _calendar_deadlines(later, {}, "hcmc", Lang.en) == []
    out = capsys.readouterr().out
    assert "No deadline check for school year 2028-2029" in out
    assert "use --deadline" in out
    both = demo_school(1, school_year="2024-2025") + demo_school(1, school_year="2025-2026")
    assert len(_calendar_deadlines(both, {}, "hcmc", Lang.en)) == 6  # three for each year
    with pytest.raises(typer.Exit) as info:
        _calendar_deadlines(both, {"year_end_review": dt.date(2025, 5, 24)}, "hcmc", Lang.en)
    assert info.value.exit_code == 2
    assert "sync each year on its own" in capsys.readouterr().err
