"""Evaluate one student (Đánh giá một học sinh): a grade-7 year under TT22/2021, explained.

Builds one student's year record by hand — the way a grade-book vendor fills it from its
own tables — evaluates it with :func:`vnschool_records.evaluate_year`, and prints the
subject averages, the training and learning results, promotion and award, and the full
explanation (inputs, arithmetic, rule, article) in Vietnamese and English.

Run: ``.venv/bin/python examples/evaluate_student.py [--out DIR]``
(writes ``explanation-vi.txt`` and ``explanation-en.txt`` under ``--out``; default: a temp dir).
"""

import argparse
import datetime as dt
import tempfile
from pathlib import Path

from vnschool_records import (
    Attendance,
    ClassGroup,
    CommentLevel,
    SchoolYear,
    Semester,
    Sex,
    Student,
    StudentYearRecord,
    Subject,
    SubjectAssessment,
    SubjectKind,
    TrainingLevel,
    evaluate_year,
    format_score,
    parse_score,
    subject_catalogue,
)

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--out", type=Path, default=None, help="output folder (default: temp dir)")
out = parser.parse_args().out or Path(tempfile.mkdtemp(prefix="evaluate-"))
out.mkdir(parents=True, exist_ok=True)

# Grade 7 follows the 2018 programme, so TT22/2021 applies (regulation_for picks it).
# The catalogue gives the programme's subjects and periods. Periods decide how many regular
# scores (ĐĐGtx) a subject needs (TT22 Art. 6 cl. 2: ≤35 → 2, ≤70 → 3, more → 4). This
# school's own teaching plan gives Tin học 2 periods a week (70 a year), so we override it:
# Subject values are plain data, and a school whose plan differs builds its own.
subjects = tuple(
    Subject(code="tin_hoc", name="Tin học", kind=SubjectKind.SCORED, periods_per_year=70)
    if s.code == "tin_hoc"
    else s
    for s in subject_catalogue("2018", 7)
)

# Scores as (regular scores, mid-term, end-of-term) for semester I and II, as teachers type
# them (decimal comma). parse_score turns each into an exact one-decimal Decimal and rejects
# anything outside 0–10; floats are never needed.
SCORES = {
    "ngu_van": ((("7", "6,5", "7", "8"), "6,5", "7"), (("7", "7", "8", "7,5"), "7", "7,5")),
    "toan": ((("8", "7", "9", "8,5"), "7,5", "8"), (("9", "8", "8", "9"), "8,5", "9")),
    "ngoai_ngu_1": ((("8", "9", "8", "7"), "8", "8,5"), (("9", "8", "9", "9"), "8,5", "8")),
    "gdcd": ((("8", "9"), "8", "8,5"), (("9", "9"), "8,5", "9")),
    "lich_su_dia_li": ((("7", "8", "7,5", "8"), "7", "7,5"), (("8", "8", "7", "8"), "7,5", "8")),
    "khtn": ((("8", "8,5", "9", "8"), "8", "8,5"), (("9", "8", "9", "8,5"), "8,5", "9")),
    "cong_nghe": ((("8", "9"), "8,5", "8"), (("8", "8"), "9", "8,5")),
    # The rounding case of TT22 Art. 9 cl. 1(b): (4.4+3.8+5.9 + 2×4.8 + 3×5.3) / 8 = 4.95 → 5.0.
    "tin_hoc": ((("4,4", "3,8", "5,9"), "4,8", "5,3"), (("6", "5,5", "7"), "6", "6,5")),
}
assessments = []
for code, semesters in SCORES.items():
    for semester, (regular, midterm, final) in zip(Semester, semesters, strict=True):
        assessments.append(
            SubjectAssessment(
                subject=code,
                semester=semester,
                regular=tuple(parse_score(x) for x in regular),
                midterm=parse_score(midterm),
                final=parse_score(final),
            )
        )
# Comment-assessed subjects (GDTC, Nghệ thuật, …): 2 regular levels + mid-term + end-of-term.
PASS = CommentLevel.PASS
for s in subjects:
    if s.kind is SubjectKind.COMMENT:
        for semester in Semester:
            assessments.append(
                SubjectAssessment(
                    subject=s.code,
                    semester=semester,
                    regular_levels=(PASS, PASS),
                    midterm_level=PASS,
                    final_level=PASS,
                )
            )

record = StudentYearRecord(
    student=Student(
        student_id="7912345678",
        full_name="Phạm Ngọc Ánh",
        date_of_birth=dt.date(2013, 4, 17),
        sex=Sex.FEMALE,
        personal_id="079313004217",  # 079 HCMC, 3 = female born 2000–2099, 13 = 2013
    ),
    class_group=ClassGroup(name="7A2", grade_level=7, school_year=SchoolYear.parse("2025-2026")),
    subjects=subjects,
    assessments=tuple(assessments),
    training_semester1=TrainingLevel.FAIR,  # Khá
    training_semester2=TrainingLevel.GOOD,  # Tốt
    attendance=(
        Attendance(semester=Semester.ONE, excused=2),
        Attendance(semester=Semester.TWO, excused=1),
    ),
)

result = evaluate_year(record)  # picks TT22/2021 for grade 7 in 2025-2026
names = {s.code: s.name for s in subjects}
print(
    f"{record.student.full_name}, lớp {record.class_group.name}, {record.school_year}:"
    f" {result.regulation.value}"
)
print("Subject averages (ĐTBmhk I | ĐTBmhk II | ĐTBmcn):")
for code, year_avg in result.year.subject_averages.items():
    s1 = result.semester1.subject_averages[code].value
    s2 = result.semester2.subject_averages[code].value
    print(
        f"  {names[code]:<36} {format_score(s1):>4} | {format_score(s2):>4} |"
        f" {format_score(year_avg.value):>4}"
    )
for code, level in result.year.comment_levels.items():
    print(f"  {names[code]:<36} {level.value.value}")
assert result.year.training is not None  # TT22 computes the year training result
print("Training (rèn luyện):", result.year.training.value.value)
print("Learning (học tập):  ", result.year.learning.value.value)
print("Promotion:           ", result.promotion.value.value)
print("Award:               ", result.award.value.value if result.award.value else "—")

# The full explanation of every result; the same text a teacher or a parent can be shown.
for lang in ("vi", "en"):
    text = result.explain(lang)
    (out / f"explanation-{lang}.txt").write_text(text + "\n", encoding="utf-8")
    print(f"\n===== explanation ({lang}) =====\n{text}")
print(f"\nwrote {out / 'explanation-vi.txt'} and {out / 'explanation-en.txt'}")
