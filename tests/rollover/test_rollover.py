"""Year rollover: every student once with a reason, intake identity checks, idempotent apply."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnschool_records.errors import RolloverError
from vnschool_records.models import (
    ClassGroup,
    CommentLevel,
    Semester,
    Student,
    StudentYearRecord,
    SubjectAssessment,
    TrainingLevel,
    subject_catalogue,
)
from vnschool_records.regulations import PromotionOutcome, evaluate_year
from vnschool_records.rollover import (
    Admission,
    Enrolment,
    EnrolmentStatus,
    RolloverOutcome,
    Roster,
    apply,
    plan_rollover,
    preview,
    reapply,
)

Y = "2023-2024"
P = PromotionOutcome


def _student(sid: str, name: str, born: date, pid: str | None = None) -> Student:
    return Student(student_id=sid, full_name=name, date_of_birth=born, sex="Nữ", personal_id=pid)


def _class(name: str, grade: int, year: str = Y) -> ClassGroup:
    return ClassGroup(name=name, grade_level=grade, school_year=year, school_code="79000001")


C6, C9, C12 = _class("6A1", 6), _class("9A2", 9), _class("12C1", 12)
STUDENTS = {
    "A": _student("A", "Nguyễn Thị Hoà", date(2012, 1, 5), "079312000001"),
    "B": _student("B", "Trần Văn Bình", date(2012, 2, 6)),
    "C": _student("C", "Lê Thị Chi", date(2012, 3, 7)),
    "D": _student("D", "Phạm Văn Dũng", date(2012, 4, 8)),
    "E": _student("E", "Võ Thị Em", date(2009, 5, 9)),
    "F": _student("F", "Đỗ Văn Phúc", date(2009, 6, 10)),
    "G": _student("G", "Bùi Thị Giang", date(2009, 7, 11)),
    "H": _student("H", "Hồ Văn Hải", date(2009, 8, 12)),
    "I": _student("I", "Ngô Thị Yến", date(2006, 9, 13)),
}


def _roster() -> Roster:
    s = STUDENTS
    return Roster(
        school_year=Y,
        enrolments=(
            Enrolment(student=s["A"], class_group=C6),
            Enrolment(student=s["B"], class_group=C6),
            Enrolment(student=s["C"], class_group=C6),
            Enrolment(student=s["D"], class_group=C6),
            Enrolment(student=s["E"], class_group=C9),
            Enrolment(
                student=s["F"],
                class_group=C9,
                status=EnrolmentStatus.TRANSFERRED_OUT,
                note="QĐ 12/QĐ-THCS",
            ),
            Enrolment(student=s["G"], class_group=C9, status=EnrolmentStatus.LEFT),
            Enrolment(student=s["H"], class_group=C9),
            Enrolment(student=s["I"], class_group=C12),
        ),
    )


RESULTS = {
    "A": P.PROMOTED,
    "B": P.RETAINED,
    "C": P.REASSESSMENT,
    # D has no result yet
    "E": P.COMPLETED,
    "H": P.PRINCIPAL_DECIDES,
    "I": P.PROMOTED,
}


def test_every_student_once_with_outcome_and_reason() -> None:
    plan = plan_rollover(_roster(), RESULTS, "2024-2025")
    got = {i.student_id: (i.outcome, i.to_class, i.to_grade) for i in plan.items}
    assert got == {
        "A": (RolloverOutcome.PROMOTED, "7A1", 7),
        "B": (RolloverOutcome.RETAINED, "6A1", 6),
        "C": (RolloverOutcome.PENDING_SUMMER, None, None),
        "D": (RolloverOutcome.UNDECIDED, None, None),
        "E": (RolloverOutcome.COMPLETED, None, None),
        "F": (RolloverOutcome.TRANSFERRED_OUT, None, None),
        "G": (RolloverOutcome.LEFT, None, None),
        "H": (RolloverOutcome.UNDECIDED, None, None),
        "I": (RolloverOutcome.COMPLETED, None, None),
    }
    assert [i.student_id for i in plan.not_moved] == ["C", "D", "H"]
    assert plan.item("D").reason_en == "No year result yet"
    assert plan.item("F").reason_vi == "Chuyển trường trong năm học (QĐ 12/QĐ-THCS)"
    assert "individual education plan" in plan.item("H").reason_en
    assert sum(plan.counts().values()) == 9


def test_preview_counts_reconcile() -> None:
    plan = plan_rollover(_roster(), RESULTS, "2024-2025")
    view = preview(plan)
    assert view.reconciles
    six = view.old_classes[0]
    assert (six.class_name, six.before) == ("6A1", 4)
    assert six.outcomes == {
        RolloverOutcome.PROMOTED: 1,
        RolloverOutcome.RETAINED: 1,
        RolloverOutcome.PENDING_SUMMER: 1,
        RolloverOutcome.UNDECIDED: 1,
    }
    assert [(c.class_name, c.before, c.incoming, c.after) for c in view.new_classes] == [
        ("6A1", 0, 1, 1),
        ("7A1", 0, 1, 1),
    ]
    assert view.lines("vi")[-1] == "7A1: 0 + 1 = 1"


def test_apply_is_idempotent_and_places_students() -> None:
    plan = plan_rollover(_roster(), RESULTS, "2024-2025")
    once = apply(plan)
    assert once.school_year.label == "2024-2025"
    assert once.class_counts() == {"6A1": 1, "7A1": 1}
    assert once.find("A").class_group.grade_level == 7
    assert once.find("A").class_group.school_code == "79000001"
    assert apply(plan, once) == once
    # after the summer, C is promoted: re-plan and apply again; A and B do not move
    after_summer = plan_rollover(_roster(), {**RESULTS, "C": P.PROMOTED}, "2024-2025")
    twice = apply(after_summer, once)
    assert twice.class_counts() == {"6A1": 1, "7A1": 2}
    assert apply(after_summer, twice) == twice


def test_apply_refuses_a_conflicting_roster_and_changes_nothing() -> None:
    plan = plan_rollover(_roster(), RESULTS, "2024-2025")
    hand_moved = Roster(
        school_year="2024-2025",
        enrolments=(Enrolment(student=STUDENTS["A"], class_group=_class("7A3", 7, "2024-2025")),),
    )
    with pytest.raises(RolloverError, match="student A is already in 7A3"):
        apply(plan, hand_moved)
    wrong_grade = Roster(
        school_year="2024-2025",
        enrolments=(
            Enrolment(
                student=_student("Z", "Mai Văn Zũ", date(2011, 1, 1)),
                class_group=_class("7A1", 8, "2024-2025"),
            ),
        ),
    )
    with pytest.raises(RolloverError, match="class 7A1 is grade 8"):
        apply(plan, wrong_grade)
    with pytest.raises(RolloverError, match="rolls into 2024-2025"):
        apply(plan, Roster(school_year="2025-2026"))


def test_class_map_and_name_derivation() -> None:
    odd = _class("Chuyên Toán", 10)
    roster = Roster.from_pairs([(STUDENTS["A"], odd)])
    with pytest.raises(RolloverError, match="give a class_map"):
        plan_rollover(roster, {"A": P.PROMOTED}, "2024-2025")
    plan = plan_rollover(roster, {"A": P.PROMOTED}, "2024-2025", class_map={"Chuyên Toán": "11CT"})
    assert plan.items[0].to_class == "11CT"
    plan = plan_rollover(roster, {"A": P.PROMOTED}, "2024-2025", class_map=lambda c: f"11-{c.name}")
    assert plan.items[0].to_class == "11-Chuyên Toán"
    with pytest.raises(RolloverError, match="no next-year class for Chuyên Toán"):
        plan_rollover(roster, {"A": P.PROMOTED}, "2024-2025", class_map={"x": "y"})


def test_misuse_is_refused() -> None:
    with pytest.raises(RolloverError, match="the next school year is 2024-2025"):
        plan_rollover(_roster(), RESULTS, "2025-2026")
    with pytest.raises(RolloverError, match="not on the 2023-2024 roster: X"):
        plan_rollover(_roster(), {**RESULTS, "X": P.PROMOTED}, "2024-2025")
    with pytest.raises(RolloverError, match="no enrolments"):
        plan_rollover([], {}, "2024-2025")
    with pytest.raises(RolloverError, match="enrolled twice"):
        plan_rollover([(STUDENTS["A"], C6), (STUDENTS["A"], C9)], {}, "2024-2025")


# ---------------------------------------------------------------- intake


def _admit(student: Student, grade: int = 6, cls: str = "6A2") -> Admission:
    return Admission(student=student, grade_level=grade, class_name=cls)


def test_intake_checks_identity() -> None:
    s = STUDENTS
    admissions = [
        # the same girl, typed with the other tone placement and no personal id: duplicate
        _admit(_student("N1", "nguyễn thị HÒA", date(2012, 1, 5))),
        # same personal id as A, but another birth date: conflict, check by hand
        _admit(_student("N2", "Nguyễn Thị Hoa", date(2012, 9, 9), "079312000001")),
        # same name and birth date as B, but both have distinct personal ids? B has none: dup
        _admit(_student("N3", "Trần Văn Bình", date(2012, 2, 6), "079212000003")),
        # a genuinely new student
        _admit(_student("N4", "Đặng Thị Lan", date(2013, 4, 4), "079313000004")),
        # listed twice in the admissions list
        _admit(_student("N5", "Đặng Thị Lan", date(2013, 4, 4), "079313000004")),
        # a student id already used by someone else
        _admit(_student("C", "Mai Văn Khôi", date(2013, 5, 5))),
        # E completed grade 9 here and continues to grade 10
        _admit(s["E"], grade=10, cls="10A1"),
        # I completed grade 12: admitting her to grade 10 would enrol her twice
        _admit(s["I"], grade=10, cls="10A1"),
    ]
    plan = plan_rollover(_roster(), RESULTS, "2024-2025", admissions=admissions)
    assert [i.student_id for i in plan.intake] == ["N4", "E"]
    assert plan.item("E").outcome is RolloverOutcome.COMPLETED  # the old-year item
    assert "continues from grade 9" in plan.intake[1].reason_en
    conflicts = {
        c.admission.student.student_id: (c.kind, c.matched_student_id) for c in plan.conflicts
    }
    assert conflicts == {
        "N1": ("duplicate", "A"),
        "N2": ("conflict", "A"),
        "N3": ("duplicate", "B"),
        "N5": ("duplicate", "N4"),
        "C": ("conflict", "C"),
        "I": ("duplicate", "I"),
    }
    assert "not enrolled twice" in plan.conflicts[0].reason_en
    roster = apply(plan)
    assert roster.find("N4").class_group.name == "6A2"
    assert roster.find("E").class_group.name == "10A1"
    assert roster.find("N1") is None
    view = preview(plan)
    assert view.reconciles
    assert view.outcome_totals[RolloverOutcome.ADMITTED] == 2


def test_twins_with_distinct_personal_ids_are_both_enrolled() -> None:
    twin1 = _student("T1", "Lê Minh Anh", date(2013, 6, 1), "079213000011")
    twin2 = _student("T2", "Lê Minh Anh", date(2013, 6, 1), "079213000012")
    plan = plan_rollover(_roster(), RESULTS, "2024-2025", admissions=[_admit(twin1), _admit(twin2)])
    assert [i.student_id for i in plan.intake] == ["T1", "T2"]


def test_intake_is_checked_against_the_existing_next_year_roster() -> None:
    already = Roster(
        school_year="2024-2025",
        enrolments=(
            Enrolment(
                student=_student("N4", "Đặng Thị Lan", date(2013, 4, 4), "079313000004"),
                class_group=_class("6A2", 6, "2024-2025"),
            ),
        ),
    )
    again = _admit(_student("N9", "Đặng Thị Lan", date(2013, 4, 4), "079313000004"))
    plan = plan_rollover(_roster(), RESULTS, "2024-2025", admissions=[again], existing=already)
    assert plan.intake == ()
    assert plan.conflicts[0].matched_student_id == "N4"


# ---------------------------------------------------------------- corrections of the old year


def test_reapply_after_a_correction_of_the_old_year() -> None:
    first = plan_rollover(_roster(), RESULTS, "2024-2025")
    roster = apply(first)
    # B's result was corrected through the old year's grade book: now promoted.
    corrected = plan_rollover(_roster(), {**RESULTS, "B": P.PROMOTED}, "2024-2025")
    fixed = reapply(first, corrected, roster)
    assert fixed.find("B").class_group.name == "7A1"
    assert fixed.class_counts() == {"7A1": 2}
    assert reapply(first, corrected, fixed) == fixed
    # A correction the other way removes the placement.
    undone = reapply(corrected, first, fixed)
    assert undone == roster
    # A student moved by hand is not moved again silently.
    hand = Roster(
        school_year="2024-2025",
        enrolments=(
            roster.find("A"),
            Enrolment(student=STUDENTS["B"], class_group=_class("6A3", 6, "2024-2025")),
        ),
    )
    with pytest.raises(RolloverError, match="student B is in 6A3"):
        reapply(first, corrected, hand)


# ---------------------------------------------------------------- real year results


def _full_record(student: Student, cls: ClassGroup, score: str) -> StudentYearRecord:
    assessments = []
    subjects = subject_catalogue("2018", cls.grade_level)
    for subject in subjects:
        periods = subject.periods_per_year
        # TT22 Art. 6 cl. 2: 2 regular assessments up to 35 periods (and for comment
        # subjects), 3 up to 70, 4 above.
        n = 2 if periods <= 35 or not subject.scored else 3 if periods <= 70 else 4
        for semester in Semester:
            if subject.scored:
                assessments.append(
                    SubjectAssessment(
                        subject=subject.code,
                        semester=semester,
                        regular=(score,) * n,
                        midterm=score,
                        final=score,
                    )
                )
            else:
                assessments.append(
                    SubjectAssessment(
                        subject=subject.code,
                        semester=semester,
                        regular_levels=(CommentLevel.PASS,) * n,
                        midterm_level=CommentLevel.PASS,
                        final_level=CommentLevel.PASS,
                    )
                )
    return StudentYearRecord(
        student=student,
        class_group=cls,
        subjects=subjects,
        assessments=tuple(assessments),
        training_semester1=TrainingLevel.GOOD,
        training_semester2=TrainingLevel.GOOD,
    )


def test_plan_from_evaluated_year_results() -> None:
    records = [
        _full_record(STUDENTS["A"], C6, "7"),  # all 7.0 → Khá, promoted (TT22 Art. 12 cl. 1)
        _full_record(STUDENTS["B"], C6, "3"),  # all 3.0 → Chưa đạt → summer re-assessment
    ]
    results = [evaluate_year(r) for r in records]
    plan = plan_rollover(records, results, "2024-2025")
    a, b = plan.items
    assert (a.outcome, a.to_class, a.citation) == (
        RolloverOutcome.PROMOTED,
        "7A1",
        "TT22/2021/TT-BGDĐT Art. 12 cl. 1",
    )
    assert b.outcome is RolloverOutcome.PENDING_SUMMER
    assert b.reason_vi.startswith("Kiểm tra, đánh giá lại trong hè: ")
    assert "Toán" in b.reason_vi  # subjects by name, not by code
    assert "toan" not in b.reason_en
    with pytest.raises(RolloverError, match="two year results"):
        plan_rollover(records, [*results, results[0]], "2024-2025")


# ---------------------------------------------------------------- properties


@st.composite
def schools(draw):
    n_classes = draw(st.integers(1, 6))
    classes = [
        _class(f"{g}A{i}", g)
        for i, g in enumerate(
            draw(st.lists(st.integers(6, 12), min_size=n_classes, max_size=n_classes))
        )
    ]
    size = draw(st.integers(0, 40))
    enrolments, results = [], {}
    for k in range(size):
        student = _student(f"S{k}", f"Học Sinh {k}", date(2010, 1, 1 + k % 28))
        cls = draw(st.sampled_from(classes))
        status = draw(st.sampled_from(list(EnrolmentStatus)))
        enrolments.append(Enrolment(student=student, class_group=cls, status=status))
        outcome = draw(st.one_of(st.none(), st.sampled_from(list(PromotionOutcome))))
        if outcome is not None:
            results[student.student_id] = outcome
    admitted = [
        _admit(_student(f"N{k}", f"Tân Sinh {k % 5}", date(2013, 1, 1 + k % 3)), grade=6, cls="6N")
        for k in range(draw(st.integers(0, 8)))
    ]
    return Roster(school_year=Y, enrolments=tuple(enrolments)), results, admitted


@settings(max_examples=60, deadline=None)
@given(school=schools())
def test_rollover_conserves_students_and_apply_is_idempotent(school) -> None:
    roster, results, admitted = school
    plan = plan_rollover(roster, results, "2024-2025", admissions=admitted)
    # every old student exactly once
    assert sorted(i.student_id for i in plan.items) == sorted(
        e.student_id for e in roster.enrolments
    )
    old_outcomes = {o: n for o, n in plan.counts().items() if o is not RolloverOutcome.ADMITTED}
    assert sum(old_outcomes.values()) == len(roster.enrolments)
    # every admission either enrolled or listed as a conflict
    assert len(plan.intake) + len(plan.conflicts) == len(admitted)
    once = apply(plan)
    assert apply(plan, once) == once
    assert len(once.enrolments) == len(plan.placements)
    view = preview(plan)
    assert view.reconciles
    assert view.new_total_after == len(once.enrolments)
    assert preview(plan, once).new_total_after == len(once.enrolments)
