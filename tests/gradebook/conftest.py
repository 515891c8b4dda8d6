"""Fixtures for the grade-book tests: one class 6A1 (2023-2024, TT22) and its staff."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pytest

from vnschool_records.gradebook import DEFAULT_POLICY, Actor, GradeBook, Role, RolePolicy
from vnschool_records.models import ClassGroup, Student, subject_catalogue

VN = timezone(timedelta(hours=7))
START = datetime(2023, 9, 5, 7, 0, tzinfo=VN)


def ticking_clock(start: datetime = START) -> Callable[[], datetime]:
    """A deterministic clock: each call is one minute after the previous one."""
    state = {"now": start}

    def tick() -> datetime:
        state["now"] += timedelta(minutes=1)
        return state["now"]

    return tick


@dataclass(frozen=True)
class World:
    class_group: ClassGroup
    students: tuple[Student, ...]
    gv_toan: Actor  # subject teacher of Toán and GDTC in 6A1
    gv_van: Actor  # subject teacher of Ngữ văn in 6A1
    gv_toan_6a2: Actor  # teaches Toán, but in 6A2
    gvcn: Actor  # homeroom teacher of 6A1
    gvcn_6a2: Actor
    ht: Actor
    pht: Actor
    data_officer: Actor

    def by_role(self, role: Role) -> Actor:
        return {
            Role.SUBJECT_TEACHER: self.gv_toan,
            Role.HOMEROOM_TEACHER: self.gvcn,
            Role.PRINCIPAL: self.ht,
            Role.VICE_PRINCIPAL: self.pht,
            Role.DATA_OFFICER: self.data_officer,
        }[role]

    def new_book(
        self,
        *,
        policy: RolePolicy = DEFAULT_POLICY,
        created_by: Actor | None = None,
        students: tuple[Student, ...] | None = None,
    ) -> GradeBook:
        return GradeBook.create(
            class_group=self.class_group,
            students=students or self.students,
            subjects=subject_catalogue("2018", 6),
            created_by=created_by or self.ht,
            subject_teachers={"toan": "GV01", "gdtc": "GV01", "ngu_van": "GV02"},
            homeroom_teacher_id="GV04",
            policy=policy,
            clock=ticking_clock(),
        )


def make_world() -> World:
    cls = ClassGroup(
        name="6A1", grade_level=6, school_year="2023-2024", homeroom_teacher="Phạm Minh Châu"
    )
    students = (
        Student(
            student_id="HS001",
            full_name="Nguyễn Văn An",
            date_of_birth=date(2012, 3, 4),
            sex="Nam",
        ),
        Student(
            student_id="HS002",
            full_name="Trần Thị Bình",
            date_of_birth=date(2012, 7, 19),
            sex="Nữ",
        ),
        Student(
            student_id="HS003",
            full_name="Lê Hoàng Cường",
            date_of_birth=date(2012, 11, 30),
            sex="Nam",
        ),
    )
    teacher = Role.SUBJECT_TEACHER
    return World(
        class_group=cls,
        students=students,
        gv_toan=Actor(
            actor_id="GV01",
            name="Trần Thị Lan",
            role=teacher,
            subjects=("toan", "gdtc"),
            classes=("6A1", "6A2"),
        ),
        gv_van=Actor(
            actor_id="GV02",
            name="Đỗ Văn Minh",
            role=teacher,
            subjects=("ngu_van",),
            classes=("6A1",),
        ),
        gv_toan_6a2=Actor(
            actor_id="GV03", name="Võ Thị Hạnh", role=teacher, subjects=("toan",), classes=("6A2",)
        ),
        gvcn=Actor(
            actor_id="GV04", name="Phạm Minh Châu", role=Role.HOMEROOM_TEACHER, classes=("6A1",)
        ),
        gvcn_6a2=Actor(
            actor_id="GV05", name="Bùi Thị Hoa", role=Role.HOMEROOM_TEACHER, classes=("6A2",)
        ),
        ht=Actor(actor_id="HT01", name="Lê Văn Hùng", role=Role.PRINCIPAL),
        pht=Actor(actor_id="PHT01", name="Ngô Thị Thu", role=Role.VICE_PRINCIPAL),
        data_officer=Actor(actor_id="DL01", name="Hồ Quang Vinh", role=Role.DATA_OFFICER),
    )


@pytest.fixture(scope="session")
def world() -> World:
    return make_world()
