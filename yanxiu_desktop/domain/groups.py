"""Groups per semester (领导小组 … 课题组), their members, and 师徒结对 pairs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from peewee import fn

from yanxiu_desktop.domain import planned_lists
from yanxiu_desktop.domain.errors import NotFound, ValidationError
from yanxiu_desktop.domain.guards import ensure_semester_open
from yanxiu_desktop.domain.names import sort_key
from yanxiu_desktop.store.db import database, transaction
from yanxiu_desktop.store.models import Activity, Group, Membership, MentorPair, Semester, Teacher

GROUP_KINDS = ("领导小组", "工作小组", "教研组", "备课组", "年级组", "课题组")
MEMBER_ROLES = ("组长", "副组长", "组员")
_ROLE_ORDER = {r: i for i, r in enumerate(MEMBER_ROLES)}


def get_group(group_id: int) -> Group:
    g = Group.get_or_none(Group.id == group_id)
    if g is None:
        raise NotFound(f"没有编号为 {group_id} 的小组")
    return g


_KIND_ORDER = {k: i for i, k in enumerate(GROUP_KINDS)}


def _group_order(g: Group | GroupFacts) -> tuple[int, int, str]:
    return (_KIND_ORDER.get(g.kind, 99), g.sort_order, g.name)


def list_groups(semester: Semester, kind: str | None = None) -> list[Group]:
    q = Group.select().where(Group.semester == semester)
    if kind:
        q = q.where(Group.kind == kind)
    return sorted(q, key=_group_order)


class GroupFacts(NamedTuple):
    """A group as plain values under ``Group``'s attribute names (what term statistics read of it)."""

    id: int
    kind: str
    name: str
    subject: str
    sort_order: int


def group_facts(semester: Semester) -> list[GroupFacts]:
    """The term's groups in :func:`list_groups` order, read as tuples in hand-written SQL (term statistics
    read them on every refresh)."""
    rows = database.obj.execute_sql(
        'SELECT id, kind, name, subject, sort_order FROM "group" WHERE semester_id = ?', (semester.id,))
    return sorted((GroupFacts(*r) for r in rows), key=_group_order)


def _validate(semester: Semester, kind: str, name: str, exclude_id: int | None = None) -> list[str]:
    problems = []
    if kind not in GROUP_KINDS:
        problems.append(f"小组类型「{kind}」不在 {'、'.join(GROUP_KINDS)} 之中")
    if not name.strip():
        problems.append("小组名称不能为空")
    else:
        q = Group.select().where((Group.semester == semester) & (Group.name == name.strip()))
        if exclude_id:
            q = q.where(Group.id != exclude_id)
        if q.exists():
            problems.append(f"本学期已有名为「{name.strip()}」的小组")
    return problems


def create_group(semester: Semester, kind: str, name: str, subject: str = "", grade: str = "",
                 note: str = "") -> Group:
    ensure_semester_open(semester)
    problems = _validate(semester, kind, name)
    if problems:
        raise ValidationError(problems)
    with transaction():
        order = (Group.select(fn.MAX(Group.sort_order)).where(Group.semester == semester).scalar() or 0) + 1
        return Group.create(semester=semester, kind=kind, name=name.strip(), subject=subject.strip(),
                            grade=grade.strip(), note=note, sort_order=order)


def update_group(group_id: int, kind: str, name: str, subject: str = "", grade: str = "",
                 note: str = "") -> Group:
    g = get_group(group_id)
    ensure_semester_open(g.semester)
    problems = _validate(g.semester, kind, name, exclude_id=g.id)
    if problems:
        raise ValidationError(problems)
    with transaction():
        g.kind, g.name, g.subject, g.grade, g.note = kind, name.strip(), subject.strip(), grade.strip(), note
        g.save()
    return g


def delete_group(group_id: int) -> None:
    g = get_group(group_id)
    ensure_semester_open(g.semester)
    if Activity.select().where(Activity.group == g).exists():
        raise ValidationError(f"「{g.name}」已有研修活动记录，不能删除")
    with transaction():
        Membership.delete().where(Membership.group == g).execute()
        g.delete_instance()


def set_member(group_id: int, teacher_id: int, role: str = "组员") -> Membership:
    """Add a teacher to a group, or change their role in it."""
    return set_members(group_id, [teacher_id], role)[0]


def set_members(group_id: int, teacher_ids: list[int], role: str = "组员",
                keep_existing_role: bool = False) -> list[Membership]:
    """Add several teachers (or change their role) in one transaction; all or none."""
    if role not in MEMBER_ROLES:
        raise ValidationError(f"组内角色应为 {'、'.join(MEMBER_ROLES)} 之一")
    g = get_group(group_id)
    ensure_semester_open(g.semester)
    teachers = {t.id: t for t in Teacher.select().where(Teacher.id.in_(teacher_ids))}
    problems = [f"没有编号为 {tid} 的教师" for tid in teacher_ids if tid not in teachers]
    problems += [f"{t.name} 已{t.status}，不能加入小组" for t in teachers.values() if t.status != "在职"]
    if problems:
        raise ValidationError(problems)
    out: list[Membership] = []
    joined: list[int] = []
    with transaction():
        for tid in teacher_ids:
            m = Membership.get_or_none((Membership.group == g) & (Membership.teacher == tid))
            if m is None:
                m = Membership.create(group=g, teacher=teachers[tid], role=role)
                joined.append(tid)
            elif not keep_existing_role and m.role != role:
                m.role = role
                m.save()
            out.append(m)
        planned_lists.join_group(g, joined, dt.date.today())
    return out


def remove_members(group_id: int, teacher_ids: list[int]) -> None:
    g = get_group(group_id)
    ensure_semester_open(g.semester)
    with transaction():
        Membership.delete().where((Membership.group == g) & (Membership.teacher.in_(teacher_ids))).execute()
        planned_lists.leave_group(g, list(teacher_ids), dt.date.today())


def remove_member(group_id: int, teacher_id: int) -> None:
    remove_members(group_id, [teacher_id])


@dataclass(frozen=True)
class MemberRow:
    teacher_id: int
    name: str
    pinyin: str
    initials: str
    subject: str
    role: str


def members(group: Group) -> list[MemberRow]:
    """组长 first, then 副组长, then members by pinyin."""
    q = (Membership.select(Membership, Teacher).join(Teacher).where(Membership.group == group))
    rows = [MemberRow(m.teacher.id, m.teacher.name, m.teacher.pinyin, m.teacher.initials, m.teacher.subject,
                      m.role) for m in q]
    rows.sort(key=lambda r: (_ROLE_ORDER.get(r.role, 9), *sort_key(r.pinyin, r.name)))
    return rows


def leader_name(group: Group) -> str:
    m = (Membership.select(Membership, Teacher).join(Teacher)
         .where((Membership.group == group) & (Membership.role == "组长")).first())
    return m.teacher.name if m else ""


def member_counts(semester: Semester) -> dict[int, int]:
    q = (Membership.select(Membership.group, fn.COUNT(Membership.id).alias("n")).join(Group)
         .where(Group.semester == semester).group_by(Membership.group))
    return {row.group_id: row.n for row in q}


def copy_groups(source: Semester, target: Semester, include_mentors: bool = True) -> tuple[int, int, int]:
    """"Copy last term's groups" in one step: groups, members still 在职, and mentor pairs.

    Groups whose name already exists in *target* are left alone (copying twice does not duplicate).
    Returns (groups copied, memberships copied, mentor pairs copied).
    """
    ensure_semester_open(target)
    if source.id == target.id:
        raise ValidationError("来源学期和目标学期相同")
    existing = {g.name for g in Group.select(Group.name).where(Group.semester == target)}
    n_groups = n_members = n_pairs = 0
    with transaction():
        for g in list_groups(source):
            if g.name in existing:
                continue
            new = Group.create(semester=target, kind=g.kind, name=g.name, subject=g.subject, grade=g.grade,
                               note=g.note, sort_order=g.sort_order)
            n_groups += 1
            q = (Membership.select(Membership, Teacher).join(Teacher)
                 .where((Membership.group == g) & (Teacher.status == "在职")))
            for m in q:
                Membership.create(group=new, teacher=m.teacher, role=m.role)
                n_members += 1
        if include_mentors:
            have = {(p.mentor_id, p.mentee_id) for p in MentorPair.select().where(MentorPair.semester == target)}
            q = (MentorPair.select().where(MentorPair.semester == source))
            for p in q:
                if (p.mentor_id, p.mentee_id) in have:
                    continue
                if p.mentor.status != "在职" or p.mentee.status != "在职":
                    continue
                MentorPair.create(semester=target, mentor=p.mentor, mentee=p.mentee, subject=p.subject,
                                  note=p.note)
                n_pairs += 1
    return n_groups, n_members, n_pairs


def add_mentor_pair(semester: Semester, mentor_id: int, mentee_id: int, subject: str = "",
                    note: str = "") -> MentorPair:
    ensure_semester_open(semester)
    if mentor_id == mentee_id:
        raise ValidationError("师傅和徒弟不能是同一个人")
    mentor = Teacher.get_or_none(Teacher.id == mentor_id)
    mentee = Teacher.get_or_none(Teacher.id == mentee_id)
    if mentor is None or mentee is None:
        raise NotFound("师傅或徒弟不在教师名册中")
    if MentorPair.select().where((MentorPair.semester == semester) & (MentorPair.mentor == mentor)
                                 & (MentorPair.mentee == mentee)).exists():
        raise ValidationError(f"{mentor.name} 与 {mentee.name} 本学期已结对")
    if MentorPair.select().where((MentorPair.semester == semester) & (MentorPair.mentor == mentee)
                                 & (MentorPair.mentee == mentor)).exists():  # each the other's 师傅: a slip
        raise ValidationError(f"本学期 {mentee.name} 已是 {mentor.name} 的师傅，不能再反过来结对")
    with transaction():
        return MentorPair.create(semester=semester, mentor=mentor, mentee=mentee,
                                 subject=subject or mentee.subject, note=note)


def remove_mentor_pair(pair_id: int) -> None:
    p = MentorPair.get_or_none(MentorPair.id == pair_id)
    if p is None:
        raise NotFound(f"没有编号为 {pair_id} 的师徒结对")
    ensure_semester_open(p.semester)
    with transaction():
        p.delete_instance()


def mentor_pairs(semester: Semester) -> list[MentorPair]:
    """With both teachers read in the same query (a query per pair made the groups tab slow to open)."""
    mentor, mentee = Teacher.alias(), Teacher.alias()
    q = (MentorPair.select(MentorPair, mentor, mentee)
         .join(mentor, on=(MentorPair.mentor == mentor.id), attr="mentor").switch(MentorPair)
         .join(mentee, on=(MentorPair.mentee == mentee.id), attr="mentee")
         .where(MentorPair.semester == semester))
    return sorted(q, key=lambda p: sort_key(p.mentor.pinyin, p.mentor.name))


def groups_of_teacher(semester: Semester, teacher_id: int) -> list[Group]:
    return list(Group.select().join(Membership)
                .where((Group.semester == semester) & (Membership.teacher == teacher_id)))


@dataclass(frozen=True)
class GroupRow:
    id: int
    kind: str
    name: str
    subject: str
    grade: str
    leader: str
    members: int
    note: str


def group_rows(semester: Semester) -> list[GroupRow]:
    """One query for leaders and counts: the groups table shows them for every group."""
    counts = member_counts(semester)
    leaders: dict[int, str] = {}
    q = (Membership.select(Membership.group, Teacher.name).join(Teacher).switch(Membership).join(Group)
         .where((Group.semester == semester) & (Membership.role == "组长")))
    for m in q:
        leaders.setdefault(m.group_id, m.teacher.name)
    return [GroupRow(g.id, g.kind, g.name, g.subject, g.grade, leaders.get(g.id, ""), counts.get(g.id, 0), g.note)
            for g in list_groups(semester)]


@dataclass(frozen=True)
class MentorRow:
    id: int
    mentor_id: int
    mentor: str
    mentee_id: int
    mentee: str
    subject: str
    note: str


def mentor_rows(semester: Semester) -> list[MentorRow]:
    return [MentorRow(p.id, p.mentor_id, p.mentor.name, p.mentee_id, p.mentee.name, p.subject, p.note)
            for p in mentor_pairs(semester)]
