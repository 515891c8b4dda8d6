"""Role policy (Phân quyền): who may do what in a class grade book, as data.

The default policy reads the responsibilities the assessment circulars give each person:

* subject teacher (giáo viên bộ môn, GVBM) — enters the scores and comment levels of the
  subjects and classes they teach and makes corrections of them (TT22/2021 Art. 19 cl. 1–2;
  TT58/2011 Art. 19);
* homeroom teacher (giáo viên chủ nhiệm, GVCN) — rates training/conduct, records attendance,
  confirms (xác nhận) subject teachers' corrections (TT22/2021 Art. 20; TT58/2011 Art. 20
  cl. 2);
* principal (hiệu trưởng, HT) — approves (phê chuẩn) corrections once confirmed, approves
  and closes the results (TT58/2011 Art. 21 cl. 3 and 6; TT22/2021 Art. 18);
* vice principal (phó hiệu trưởng, PHT) — acts as the principal assigns (school charter,
  TT32/2020/TT-BGDĐT); the default lets them approve and lock, a school can remove that;
* data officer (cán bộ phụ trách dữ liệu) — sets books up and exports them; never changes a
  score.

A school tightens the default by removing rules (:meth:`RolePolicy.without`) or by asking
for the principal's approval of every correction, locked or not
(``correction_approval="always"``).

>>> gvbm = Actor(actor_id="GV01", name="Trần Thị Lan", role=Role.SUBJECT_TEACHER,
...              subjects=("toan",), classes=("6A1",))
>>> DEFAULT_POLICY.decide(gvbm, Action.ENTER_SCORE, class_name="6A1", subject="toan").allowed
True
>>> DEFAULT_POLICY.decide(gvbm, Action.ENTER_SCORE, class_name="6A1", subject="ngu_van").allowed
False
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from vnschool_records.errors import PermissionDenied
from vnschool_records.models import Name, NfcStr

__all__ = [
    "DEFAULT_POLICY",
    "Action",
    "ActionDenied",
    "Actor",
    "Decision",
    "PolicyRule",
    "Role",
    "RolePolicy",
    "RuleScope",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Role(StrEnum):
    """Role (Vai trò) of a person acting on a grade book; the value is the school's abbreviation."""

    SUBJECT_TEACHER = "GVBM"
    HOMEROOM_TEACHER = "GVCN"
    PRINCIPAL = "HT"
    VICE_PRINCIPAL = "PHT"
    DATA_OFFICER = "CBDL"

    @property
    def label_vi(self) -> str:
        """The role's Vietnamese name."""
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.SUBJECT_TEACHER: "Giáo viên bộ môn",
    Role.HOMEROOM_TEACHER: "Giáo viên chủ nhiệm",
    Role.PRINCIPAL: "Hiệu trưởng",
    Role.VICE_PRINCIPAL: "Phó hiệu trưởng",
    Role.DATA_OFFICER: "Cán bộ phụ trách dữ liệu",
}


class Action(StrEnum):
    """Action (Thao tác) on a grade book that the role policy decides on."""

    CREATE_BOOK = "create_book"
    ENTER_SCORE = "enter_score"
    ENTER_COMMENT_LEVEL = "enter_comment_level"
    ENTER_REASSESSMENT = "enter_reassessment"
    ENTER_TRAINING = "enter_training"
    ENTER_ATTENDANCE = "enter_attendance"
    REQUEST_CORRECTION = "request_correction"
    CONFIRM_CORRECTION = "confirm_correction"
    APPROVE_CORRECTION = "approve_correction"
    REJECT_CORRECTION = "reject_correction"
    LOCK = "lock"
    UNLOCK = "unlock"
    EXPORT = "export"
    DECIDE_EXEMPTION = "decide_exemption"


class RuleScope(StrEnum):
    """Where a rule lets a role act."""

    SCHOOL = "school"
    """Any class of the school."""
    OWN_CLASS = "own_class"
    """A class listed in the actor's ``classes``."""
    HOMEROOM = "homeroom"
    """The class the actor is homeroom teacher of (listed in ``classes`` and, when the book
    names its homeroom teacher, that teacher)."""
    OWN_SUBJECT = "own_subject"
    """A subject in the actor's ``subjects`` in a class in their ``classes`` (and, when the
    book assigns the subject to a teacher, that teacher)."""
    AS_ENTERER = "as_enterer"
    """Whoever the policy lets make the original entry of the value concerned."""


class Actor(BaseModel):
    """Actor (Người thao tác): a person acting in one role, with the subjects and classes assigned.

    A person with two roles (a homeroom teacher who also teaches Toán) acts through two
    ``Actor`` values with the same ``actor_id``. ``classes`` and ``subjects`` are empty for
    roles whose rules have school scope.
    """

    model_config = _FROZEN

    actor_id: NfcStr = Field(min_length=1)
    name: Name = Field(min_length=1)
    role: Role
    subjects: tuple[str, ...] = ()
    classes: tuple[NfcStr, ...] = ()

    def describe(self) -> str:
        """``"GV01 (Trần Thị Lan, GVBM)"``."""
        return f"{self.actor_id} ({self.name}, {self.role.value})"


class PolicyRule(BaseModel):
    """One permission: a role may do an action within a scope, because of a cited provision."""

    model_config = _FROZEN

    action: Action
    role: Role
    scope: RuleScope
    citation: NfcStr

    @property
    def name(self) -> str:
        """``"enter_score/GVBM/own_subject"``: how messages name the rule."""
        return f"{self.action.value}/{self.role.value}/{self.scope.value}"


@dataclass(frozen=True, slots=True)
class Decision:
    """The policy's answer: allowed or not, the rule that decided, and why."""

    allowed: bool
    rule: str
    reason: str


class ActionDenied(PermissionDenied):
    """Refusal (Từ chối): the role policy does not let this actor do this action here.

    Carries ``actor``, ``action`` and ``rule`` (the rule's name, or ``"no rule"``).
    """

    def __init__(self, actor: Actor, action: Action, rule: str, reason: str) -> None:
        self.actor = actor
        self.action = action
        self.rule = rule
        super().__init__(
            f"{actor.describe()} may not {action.value}: {reason} [rule {rule}]; "
            "nothing was changed"
        )


_ENTRY_ACTIONS = frozenset(
    {
        Action.ENTER_SCORE,
        Action.ENTER_COMMENT_LEVEL,
        Action.ENTER_REASSESSMENT,
        Action.ENTER_TRAINING,
        Action.ENTER_ATTENDANCE,
    }
)


class RolePolicy(BaseModel):
    """Role policy (Quy định phân quyền): the permission rules and the correction approval rule.

    ``correction_approval`` says when a confirmed correction needs the principal's approval
    before it changes the value: ``"when_locked"`` (the default: only once the value's scope
    is locked, i.e. after the book was closed — TT58/2011 Art. 21 cl. 3 and 6) or
    ``"always"``.
    """

    model_config = _FROZEN

    name: NfcStr = "default"
    rules: tuple[PolicyRule, ...]
    correction_approval: Literal["when_locked", "always"] = "when_locked"

    def without(
        self,
        *,
        action: Action | None = None,
        role: Role | None = None,
        name: str | None = None,
    ) -> RolePolicy:
        """A tighter policy: this one minus every rule matching ``action`` and/or ``role``.

        >>> p = DEFAULT_POLICY.without(action=Action.UNLOCK, role=Role.VICE_PRINCIPAL)
        >>> [r.role.value for r in p.rules if r.action is Action.UNLOCK]
        ['HT']
        """
        if action is None and role is None:
            raise ValueError("without() needs an action, a role or both")
        kept = tuple(
            r
            for r in self.rules
            if not ((action is None or r.action is action) and (role is None or r.role is role))
        )
        return self.model_copy(update={"rules": kept, "name": name or f"{self.name} (tightened)"})

    def rules_for(self, action: Action, role: Role) -> tuple[PolicyRule, ...]:
        """The rules giving ``role`` the right to ``action``, in order."""
        return tuple(r for r in self.rules if r.action is action and r.role is role)

    def decide(
        self,
        actor: Actor,
        action: Action,
        *,
        class_name: str,
        subject: str | None = None,
        subject_teacher_id: str | None = None,
        homeroom_teacher_id: str | None = None,
        entry_action: Action | None = None,
    ) -> Decision:
        """Whether ``actor`` may do ``action`` on ``class_name`` (and ``subject``).

        ``subject_teacher_id`` and ``homeroom_teacher_id`` are the book's own assignments;
        when given, an actor's claim to teach the subject or lead the class must match them.
        ``entry_action`` is the entry that made the value concerned, for
        :attr:`RuleScope.AS_ENTERER` rules (corrections).
        """
        rules = self.rules_for(action, actor.role)
        if not rules:
            return Decision(
                False,
                "no rule",
                f"policy {self.name!r} gives role {actor.role.value} no right to {action.value}",
            )
        reasons: list[str] = []
        for rule in rules:
            ok, why = self._scope_ok(
                rule.scope,
                actor,
                class_name=class_name,
                subject=subject,
                subject_teacher_id=subject_teacher_id,
                homeroom_teacher_id=homeroom_teacher_id,
                entry_action=entry_action,
            )
            if ok:
                return Decision(True, rule.name, f"allowed by {rule.name} ({rule.citation})")
            reasons.append(why)
        return Decision(False, rules[-1].name, "; ".join(reasons) + f" ({rules[-1].citation})")

    def _scope_ok(
        self,
        scope: RuleScope,
        actor: Actor,
        *,
        class_name: str,
        subject: str | None,
        subject_teacher_id: str | None,
        homeroom_teacher_id: str | None,
        entry_action: Action | None,
    ) -> tuple[bool, str]:
        if scope is RuleScope.SCHOOL:
            return True, ""
        if class_name not in actor.classes:
            return False, f"class {class_name} is not among the actor's classes {actor.classes}"
        if scope is RuleScope.OWN_CLASS:
            return True, ""
        if scope is RuleScope.HOMEROOM:
            if homeroom_teacher_id is not None and homeroom_teacher_id != actor.actor_id:
                return False, f"the homeroom teacher of {class_name} is {homeroom_teacher_id}"
            return True, ""
        if scope is RuleScope.OWN_SUBJECT:
            if subject is None:
                return False, "the value belongs to no subject"
            if subject not in actor.subjects:
                return (
                    False,
                    f"subject {subject} is not among the actor's subjects {actor.subjects}",
                )
            if subject_teacher_id is not None and subject_teacher_id != actor.actor_id:
                return False, f"{subject} in {class_name} is assigned to {subject_teacher_id}"
            return True, ""
        # AS_ENTERER: the right to correct follows the right to enter.
        if entry_action is None or entry_action not in _ENTRY_ACTIONS:
            return False, "no entry action to follow"
        inner = self.decide(
            actor,
            entry_action,
            class_name=class_name,
            subject=subject,
            subject_teacher_id=subject_teacher_id,
            homeroom_teacher_id=homeroom_teacher_id,
        )
        return inner.allowed, f"only who may {entry_action.value} may correct it: {inner.reason}"

    def check(
        self,
        actor: Actor,
        action: Action,
        *,
        class_name: str,
        subject: str | None = None,
        subject_teacher_id: str | None = None,
        homeroom_teacher_id: str | None = None,
        entry_action: Action | None = None,
    ) -> Decision:
        """Like :meth:`decide`, but raise :class:`ActionDenied` when refused."""
        decision = self.decide(
            actor,
            action,
            class_name=class_name,
            subject=subject,
            subject_teacher_id=subject_teacher_id,
            homeroom_teacher_id=homeroom_teacher_id,
            entry_action=entry_action,
        )
        if not decision.allowed:
            raise ActionDenied(actor, action, decision.rule, decision.reason)
        return decision


_T22_19 = "TT22/2021/TT-BGDĐT Art. 19 cl. 1–2; TT58/2011/TT-BGDĐT Art. 19"
_T_REASSESS = "TT22/2021/TT-BGDĐT Art. 14; TT58/2011/TT-BGDĐT Art. 16 and Art. 21 cl. 4"
_T20 = "TT22/2021/TT-BGDĐT Art. 20; TT58/2011/TT-BGDĐT Art. 20"
_T_CONFIRM = "TT58/2011/TT-BGDĐT Art. 20 cl. 2; TT22/2021/TT-BGDĐT Art. 20"
_T_APPROVE = "TT58/2011/TT-BGDĐT Art. 21 cl. 3"
_T_CLOSE = "TT58/2011/TT-BGDĐT Art. 21 cl. 6; TT22/2021/TT-BGDĐT Art. 18"
_T_DEPUTY = "as assigned by the principal (Điều lệ trường trung học, TT32/2020/TT-BGDĐT)"
_T_RECORDS = "TT32/2020/TT-BGDĐT Art. 21 cl. 4 (school records kept electronically)"
_T_EXEMPT = (
    "TT58/2011/TT-BGDĐT Art. 12; TT22/2021/TT-BGDĐT Art. 10"
    " (the principal grants an exemption for a semester or the year)"
)

_S, _C, _P, _V, _D = (
    Role.SUBJECT_TEACHER,
    Role.HOMEROOM_TEACHER,
    Role.PRINCIPAL,
    Role.VICE_PRINCIPAL,
    Role.DATA_OFFICER,
)


def _rule(action: Action, role: Role, scope: RuleScope, citation: str) -> PolicyRule:
    return PolicyRule(action=action, role=role, scope=scope, citation=citation)


DEFAULT_POLICY = RolePolicy(
    name="default (TT22/2021 Art. 18–20; TT58/2011 Art. 19–21)",
    rules=(
        _rule(Action.CREATE_BOOK, _P, RuleScope.SCHOOL, _T_CLOSE),
        _rule(Action.CREATE_BOOK, _V, RuleScope.SCHOOL, _T_DEPUTY),
        _rule(Action.CREATE_BOOK, _D, RuleScope.SCHOOL, _T_RECORDS),
        _rule(Action.ENTER_SCORE, _S, RuleScope.OWN_SUBJECT, _T22_19),
        _rule(Action.ENTER_COMMENT_LEVEL, _S, RuleScope.OWN_SUBJECT, _T22_19),
        _rule(Action.ENTER_REASSESSMENT, _S, RuleScope.OWN_SUBJECT, _T_REASSESS),
        _rule(Action.ENTER_TRAINING, _C, RuleScope.HOMEROOM, _T20),
        _rule(Action.ENTER_ATTENDANCE, _C, RuleScope.HOMEROOM, _T20),
        _rule(Action.REQUEST_CORRECTION, _S, RuleScope.AS_ENTERER, _T22_19),
        _rule(Action.REQUEST_CORRECTION, _C, RuleScope.AS_ENTERER, _T20),
        _rule(Action.CONFIRM_CORRECTION, _C, RuleScope.HOMEROOM, _T_CONFIRM),
        _rule(Action.APPROVE_CORRECTION, _P, RuleScope.SCHOOL, _T_APPROVE),
        _rule(Action.APPROVE_CORRECTION, _V, RuleScope.SCHOOL, _T_DEPUTY),
        _rule(Action.REJECT_CORRECTION, _C, RuleScope.HOMEROOM, _T_CONFIRM),
        _rule(Action.REJECT_CORRECTION, _P, RuleScope.SCHOOL, _T_APPROVE),
        _rule(Action.REJECT_CORRECTION, _V, RuleScope.SCHOOL, _T_DEPUTY),
        _rule(Action.LOCK, _P, RuleScope.SCHOOL, _T_CLOSE),
        _rule(Action.LOCK, _V, RuleScope.SCHOOL, _T_DEPUTY),
        _rule(Action.UNLOCK, _P, RuleScope.SCHOOL, _T_CLOSE),
        _rule(Action.UNLOCK, _V, RuleScope.SCHOOL, _T_DEPUTY),
        _rule(Action.EXPORT, _S, RuleScope.OWN_CLASS, _T22_19),
        _rule(Action.EXPORT, _C, RuleScope.HOMEROOM, _T20),
        _rule(Action.EXPORT, _P, RuleScope.SCHOOL, _T_CLOSE),
        _rule(Action.EXPORT, _V, RuleScope.SCHOOL, _T_DEPUTY),
        _rule(Action.EXPORT, _D, RuleScope.SCHOOL, _T_RECORDS),
        _rule(Action.DECIDE_EXEMPTION, _P, RuleScope.SCHOOL, _T_EXEMPT),
    ),
)
"""The default role policy, read from TT22/2021 Art. 18–20 and TT58/2011 Art. 19–21."""
