"""Keep the 应到 lists of activities not yet held in step with the staff and the groups.

An activity's expected list (``Participant``) is fixed when it is planned, so a 签到表 printed next week
names the right people even after someone leaves. The list must still follow the school until the meeting:

- a teacher who joins the school is expected at the whole-school activities still to come;
- a teacher who joins a group is expected at that group's activities still to come, and one who leaves a
  group, the school or retires is no longer expected at them.

Only 计划 activities on or after the day of the change, in open terms, without attendance entered for that
teacher, are touched; 已完成, past, cancelled and archived ones keep the list they were held with. Every
change is one audited ``participants`` change per activity. Call inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from peewee import Expression

from yanxiu_desktop.store import audit
from yanxiu_desktop.store.models import Activity, Attendance, Group, Participant, Semester


def _planned_from(day: dt.date, where: Expression) -> list[int]:
    q = (Activity.select(Activity.id).join(Semester)
         .where((Activity.status == "计划") & (Activity.date >= day) & (Semester.closed == False)  # noqa: E712
                & where))
    return [aid for (aid,) in q.tuples()]


def _change(activity_ids: Iterable[int], teacher_ids: list[int], join: bool, reason: str) -> int:
    """Add (*join*) or remove *teacher_ids* on each activity, audited; returns how many lists changed."""
    changed = 0
    for aid in activity_ids:
        before = sorted(tid for (tid,) in Participant.select(Participant.teacher)
                        .where(Participant.activity == aid).tuples())
        entered = {tid for (tid,) in Attendance.select(Attendance.teacher)
                   .where(Attendance.activity == aid).tuples()}
        if join:
            todo = [tid for tid in teacher_ids if tid not in before]
            if todo:
                Participant.insert_many([{"activity": aid, "teacher": tid} for tid in todo]).execute()
            after = sorted([*before, *todo])
        else:
            todo = [tid for tid in teacher_ids if tid in before and tid not in entered]
            if todo:
                Participant.delete().where((Participant.activity == aid) & Participant.teacher.in_(todo)).execute()
            after = [tid for tid in before if tid not in todo]
        if todo:
            audit.record("activity", aid, "participants", before, after, reason)
            changed += 1
    return changed


def _whole_school() -> Expression:
    return (Activity.participants_mode == "all") | (Activity.group.is_null() & (Activity.participants_mode != "custom"))


def join_school(teacher_ids: list[int], day: dt.date, reason: str = "新教师入职") -> int:
    """New staff: expected at every whole-school activity from *day* on."""
    return _change(_planned_from(day, _whole_school()), teacher_ids, True, reason) if teacher_ids else 0


def join_group(group: Group, teacher_ids: list[int], day: dt.date, reason: str = "") -> int:
    """New members of *group*: expected at the group's own activities (those for its whole membership)."""
    ids = _planned_from(day, (Activity.group == group) & (Activity.participants_mode == "group"))
    return _change(ids, teacher_ids, True, reason or f"加入「{group.name}」") if teacher_ids else 0


def leave_group(group: Group, teacher_ids: list[int], day: dt.date, reason: str = "") -> int:
    """Members who left *group*: no longer expected at the group's own activities still to come."""
    ids = _planned_from(day, (Activity.group == group) & (Activity.participants_mode == "group"))
    return _change(ids, teacher_ids, False, reason or f"退出「{group.name}」") if teacher_ids else 0


def leave_everything(teacher_id: int, day: dt.date, reason: str) -> int:
    """A teacher who left the school or retired: off every planned list from *day* on."""
    ids = _planned_from(day, Activity.id.in_(Participant.select(Participant.activity)
                                             .where(Participant.teacher == teacher_id)))
    return _change(ids, [teacher_id], False, reason)
