"""研修活动: create, edit, cancel, list, and who is expected (应到) at each.

Every activity has 定时间、定内容、定主讲人、定地点 (seed 001). Expected participants are materialised as
``Participant`` rows so the staff can adjust the list by hand; a cancelled activity keeps its record and
earns nothing. Changes that affect 学时 (date, time, hours, category, status, participants) go to the audit
log in the same transaction.

Holidays/调休 live in ``calendar_days``, recurring series in ``recurrence``, planning warnings in
``plan_checks``; their public names are re-exported here so callers import one module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from yanxiu_desktop.domain import semesters
from yanxiu_desktop.domain.dates import minutes_between, parse_time
from yanxiu_desktop.domain.errors import NotFound, ValidationError
from yanxiu_desktop.domain.groups import GROUP_KINDS, MEMBER_ROLES
from yanxiu_desktop.domain.guards import ensure_semester_open, require_reason
from yanxiu_desktop.domain.names import sort_key
from yanxiu_desktop.domain.policy import Policy, load_policy
from yanxiu_desktop.domain.rounding import half_up
from yanxiu_desktop.domain.school import current_school
from yanxiu_desktop.store import audit
from yanxiu_desktop.store.db import transaction
from yanxiu_desktop.store.models import Activity, Group, Membership, Participant, Semester, Teacher

ACTIVITY_KINDS = (
    "集体备课", "专题讲座", "听评课", "公开课", "示范课", "研讨课", "同课异构", "理论学习", "读书交流",
    "案例分析", "经验交流", "课题研究", "外出学习汇报", "师德教育", "信息技术培训", "基本功训练", "论坛", "其他",
)
ACTIVITY_STATUSES = ("计划", "已完成", "取消")
PARTICIPANT_MODES = ("group", "all", "custom")
PARTICIPANT_MODE_LABELS = {"group": "本组成员", "all": "全体教师", "custom": "指定人员"}

# Fields a caller may set; the ones after the first tuple change what the activity earns and are audited.
FIELDS = ("kind", "theme", "date", "start_time", "end_time", "place", "host_id", "host_name", "presenter_id",
          "presenter_name", "group_id", "hours", "hours_category", "participants_mode", "participant_ids",
          "status", "note")
AUDITED = ("date", "start_time", "end_time", "hours", "hours_category", "status", "group_id")

# Which policy category a new activity falls in when none is given, by organising group kind.
_CATEGORY_HINTS = {
    "教研组": ("教研组", "高效课堂", "教研"), "备课组": ("教研组", "高效课堂", "教研"),
    "年级组": ("教研组", "教研"), "课题组": ("课题",), None: ("全校", "集中", "学校"),
}


def round_hours(value: float) -> float:
    """学时 as schools write them: to the nearest half, halves up (90 分钟 at 45 分钟/学时 → 2.0;
    50 分钟 at 40 → 1.25 → 1.5)."""
    return half_up(value, 0.5)


def hours_from_times(start_time: str, end_time: str, policy: Policy | None = None) -> float:
    if not start_time or not end_time:
        return 0.0
    policy = policy or load_policy()
    return round_hours(minutes_between(start_time, end_time) / policy.minutes_per_hour)


def default_category(policy: Policy, group: Group | None) -> str:
    """A sensible 学时类别 for a new activity (pre-filled in the dialog and on import)."""
    names = policy.category_names()
    if not names:
        return ""
    for hint in _CATEGORY_HINTS.get(group.kind if group else None, ()):
        for n in names:
            if hint in n:
                return n
    return names[0]


def get_activity(activity_id: int) -> Activity:
    a = Activity.get_or_none(Activity.id == activity_id)
    if a is None:
        raise NotFound(f"没有编号为 {activity_id} 的研修活动")
    return a


def activity_label(a: Activity) -> str:
    """"9月10日 集体备课「…」" — how a sheet or a message names one activity."""
    return f"{a.date.month}月{a.date.day}日 {a.kind}「{a.theme}」"


def host_label(a: Activity) -> str:
    return a.host.name if a.host_id else a.host_name


def presenter_label(a: Activity) -> str:
    return a.presenter.name if a.presenter_id else a.presenter_name


def audience_label(a: Activity) -> str:
    """参加对象 as printed on the 安排表."""
    if a.participants_mode == "all" or (a.group_id is None and a.participants_mode != "custom"):
        return "全体教师"
    if a.participants_mode == "custom":
        n = Participant.select().where(Participant.activity == a).count()
        return f"{a.group.name}指定人员（{n}人）" if a.group_id else f"指定人员（{n}人）"
    return f"{a.group.name}全体成员"


def time_label(a: Activity) -> str:
    return f"{a.start_time}—{a.end_time}" if a.start_time and a.end_time else a.start_time


def _teacher(tid: Any, field: str, problems: list[str]) -> Teacher | None:
    if tid in (None, ""):
        return None
    t = Teacher.get_or_none(Teacher.id == int(tid))
    if t is None:
        problems.append(f"{field}：没有编号为 {tid} 的教师")
    return t


def _time(value: Any, field: str, problems: list[str]) -> str:
    text = (value or "").strip() if isinstance(value, str) else ("" if value is None else str(value))
    if not text:
        return ""
    parsed = parse_time(text)
    if parsed is None:
        problems.append(f"{field}「{text}」无法识别，请写成 15:30")
        return ""
    return parsed


def prepare(semester: Semester, data: dict[str, Any], policy: Policy | None = None) -> dict[str, Any]:
    """Check and normalise a complete set of activity fields; raises ValidationError naming each field."""
    policy = policy or load_policy()
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown activity fields: {sorted(unknown)}")
    problems: list[str] = []
    out: dict[str, Any] = {}
    kind = (data.get("kind") or "").strip()
    if kind not in ACTIVITY_KINDS:
        problems.append(f"活动形式「{kind}」不在可选范围内（{'、'.join(ACTIVITY_KINDS)}）")
    out["kind"] = kind
    theme = " ".join((data.get("theme") or "").split())
    if not theme:
        problems.append("活动主题不能为空")
    elif len(theme) > 200:
        problems.append("活动主题太长（不超过 200 字）")
    out["theme"] = theme
    day = data.get("date")
    if isinstance(day, dt.datetime):
        day = day.date()
    if not isinstance(day, dt.date):
        problems.append("请填写活动日期")
    elif not semester.start_date <= day <= semesters.end_date(semester):
        problems.append(f"日期 {semesters.cn_date(day)} 不在本学期（{semesters.cn_date(semester.start_date)}"
                        f"至{semesters.cn_date(semesters.end_date(semester))}）之内")
    out["date"] = day
    start = _time(data.get("start_time"), "开始时间", problems)
    end = _time(data.get("end_time"), "结束时间", problems)
    if end and not start:
        problems.append("填写了结束时间，请同时填写开始时间")
    if start and end and end <= start:
        problems.append(f"结束时间 {end} 应晚于开始时间 {start}")
    out["start_time"], out["end_time"] = start, end
    out["place"] = (data.get("place") or "").strip()
    out["host"] = _teacher(data.get("host_id"), "主持人", problems)
    out["host_name"] = "" if out["host"] else (data.get("host_name") or "").strip()
    out["presenter"] = _teacher(data.get("presenter_id"), "主讲人", problems)
    out["presenter_name"] = "" if out["presenter"] else (data.get("presenter_name") or "").strip()
    group = None
    if data.get("group_id") not in (None, ""):
        group = Group.get_or_none(Group.id == int(data["group_id"]))
        if group is None or group.semester_id != semester.id:
            problems.append(f"组织小组：本学期没有编号为 {data['group_id']} 的小组")
            group = None
    out["group"] = group
    hours = data.get("hours")
    if hours in (None, ""):
        hours = hours_from_times(start, end, policy) if start and end and end > start else 0.0
    try:
        hours = float(hours)
    except (TypeError, ValueError):
        problems.append(f"学时「{hours}」不是数字")
        hours = 0.0
    if not 0 <= hours <= 24:
        problems.append(f"学时 {hours:g} 不合理（应在 0～24 之间）")
    out["hours"] = hours
    category = (data.get("hours_category") or "").strip()
    names = policy.category_names()
    if not category:
        category = default_category(policy, group)
    elif names and category not in names:
        problems.append(f"学时类别「{category}」不在制度规定的类别（{'、'.join(names)}）之中")
    out["hours_category"] = category
    mode = data.get("participants_mode") or "group"
    if mode not in PARTICIPANT_MODES:
        problems.append(f"参加对象方式「{mode}」无效")
    if mode == "group" and group is None:
        mode = "all"  # no organising group means 全校
    out["participants_mode"] = mode
    ids = [int(i) for i in (data.get("participant_ids") or [])]
    if mode == "custom":
        if not ids:
            problems.append("指定参加人员时至少选择一位教师")
        found = {t.id for t in Teacher.select(Teacher.id).where(Teacher.id.in_(ids))} if ids else set()
        missing = [str(i) for i in ids if i not in found]
        if missing:
            problems.append(f"参加人员：没有编号为 {'、'.join(missing)} 的教师")
    out["participant_ids"] = list(dict.fromkeys(ids))
    status = data.get("status") or "计划"
    if status not in ACTIVITY_STATUSES:
        problems.append(f"活动状态应为 {'、'.join(ACTIVITY_STATUSES)} 之一")
    out["status"] = status
    out["note"] = (data.get("note") or "").strip()
    if problems:
        raise ValidationError(problems)
    return out


def _participant_ids_for(semester: Semester, mode: str, group: Group | None, ids: list[int]) -> list[int]:
    if mode == "custom":
        return ids
    if mode == "group" and group is not None:
        q = (Membership.select(Membership.teacher).join(Teacher)
             .where((Membership.group == group) & (Teacher.status == "在职")))
        return [m.teacher_id for m in q]
    q = Teacher.select(Teacher.id).where((Teacher.school == semester.school) & (Teacher.status == "在职"))
    return [t.id for t in q]


def _write_participants(a: Activity, ids: list[int]) -> None:
    Participant.delete().where(Participant.activity == a).execute()
    if ids:
        Participant.insert_many([{"activity": a.id, "teacher": i} for i in ids]).execute()


def participant_ids(a: Activity | int) -> list[int]:
    """Ids of the teachers on an activity's 参加人员 (应到) list, ascending."""
    return sorted(p.teacher_id for p in Participant.select(Participant.teacher).where(Participant.activity == a))


_current_participants = participant_ids


def known_places(semester: Semester) -> list[str]:
    """The places this term's activities were held in, sorted (suggestions for the place box)."""
    q = Activity.select(Activity.place).distinct().where((Activity.semester == semester) & (Activity.place != ""))
    return sorted(a.place for a in q)


def insert_prepared(semester: Semester, data: dict[str, Any], series_id: str = "") -> Activity:
    """Store one prepared activity with its participants; call inside a transaction."""
    fields = {k: v for k, v in data.items() if k != "participant_ids"}
    a = Activity.create(semester=semester, series_id=series_id, **fields)
    ids = _participant_ids_for(semester, a.participants_mode, data["group"], data["participant_ids"])
    _write_participants(a, ids)
    audit.record("activity", a.id, "创建", None,
                 {"date": a.date, "time": time_label(a), "hours": a.hours, "category": a.hours_category,
                  "status": a.status, "participants": len(ids), "theme": a.theme})
    return a


def create_activity(semester: Semester, *, kind: str, theme: str, date: dt.date, start_time: str = "",
                    end_time: str = "", place: str = "", host_id: int | None = None, host_name: str = "",
                    presenter_id: int | None = None, presenter_name: str = "", group_id: int | None = None,
                    hours: float | None = None, hours_category: str = "", participants_mode: str = "group",
                    participant_ids: list[int] | None = None, status: str = "计划",
                    note: str = "") -> Activity:
    ensure_semester_open(semester)
    data = prepare(semester, {k: v for k, v in locals().items() if k in FIELDS})
    with transaction():
        return insert_prepared(semester, data)


def _fields_of(a: Activity) -> dict[str, Any]:
    return {"kind": a.kind, "theme": a.theme, "date": a.date, "start_time": a.start_time,
            "end_time": a.end_time, "place": a.place, "host_id": a.host_id, "host_name": a.host_name,
            "presenter_id": a.presenter_id, "presenter_name": a.presenter_name, "group_id": a.group_id,
            "hours": a.hours, "hours_category": a.hours_category, "participants_mode": a.participants_mode,
            "participant_ids": _current_participants(a) if a.participants_mode == "custom" else [],
            "status": a.status, "note": a.note}


def apply_update(a: Activity, fields: dict[str, Any], reason: str = "") -> Activity:
    """Apply *fields* to a stored activity; call inside a transaction (``update_activity`` does)."""
    merged = _fields_of(a)
    merged.update(fields)
    data = prepare(a.semester, merged)
    before = {k: getattr(a, k) for k in AUDITED}
    before_people = _current_participants(a)
    for k, v in data.items():
        if k != "participant_ids":
            setattr(a, k, v)
    a.updated_at = dt.datetime.now().replace(microsecond=0)
    a.save()
    # The list is rebuilt only when who is expected was asked to change; a hand-adjusted list survives
    # edits of time, place or theme.
    if {"participants_mode", "group_id", "participant_ids"} & set(fields):
        ids = _participant_ids_for(a.semester, a.participants_mode, data["group"], data["participant_ids"])
        _write_participants(a, ids)
    for k in AUDITED:
        if before[k] != getattr(a, k):
            audit.record("activity", a.id, k, before[k], getattr(a, k), reason)
    after_people = _current_participants(a)
    if before_people != after_people:
        audit.record("activity", a.id, "participants", before_people, after_people, reason)
    return a


def update_activity(activity_id: int, reason: str = "", **fields: Any) -> Activity:
    a = get_activity(activity_id)
    ensure_semester_open(a.semester)
    with transaction():
        return apply_update(a, fields, reason)


def set_status(activity_id: int, status: str, reason: str = "") -> Activity:
    return update_activity(activity_id, reason=reason, status=status)


def cancel_activity(activity_id: int, reason: str = "") -> Activity:
    """取消 (with its reason): the record stays (and shows on the plan as 取消); it earns no 学时."""
    a = get_activity(activity_id)
    ensure_semester_open(a.semester)
    if a.status == "取消":
        raise ValidationError(f"{activity_label(a)}已经取消")
    reason = require_reason(reason, "取消活动须填写原因（例如：停电、上级临时通知开会），原因写入活动备注和审计日志")
    with transaction():
        note = f"{a.note}；取消原因：{reason}" if a.note else f"取消原因：{reason}"
        return apply_update(a, {"status": "取消", "note": note}, reason)


def set_participants(activity_id: int, teacher_ids: list[int], reason: str = "") -> Activity:
    """Hand-pick who is expected; the activity becomes a 指定人员 activity."""
    return update_activity(activity_id, reason=reason, participants_mode="custom",
                           participant_ids=list(teacher_ids))


def save_record(activity_id: int, process: str, effect: str, reflection: str, recorder: str) -> Activity:
    """活动记录 (过程、效果、反思、记录人) for the 校本研修活动记录表."""
    a = get_activity(activity_id)
    ensure_semester_open(a.semester)
    with transaction():
        a.process, a.effect, a.reflection = process.strip(), effect.strip(), reflection.strip()
        a.recorder = recorder.strip()
        a.updated_at = dt.datetime.now().replace(microsecond=0)
        a.save()
    return a


def list_activities(semester: Semester, group_id: int | None = None, kind: str | None = None,
                    teacher_id: int | None = None, status: str | None = None, start: dt.date | None = None,
                    end: dt.date | None = None) -> list[Activity]:
    """Ordered by date and time. *teacher_id* finds activities the teacher attends, hosts or presents."""
    q = Activity.select().where(Activity.semester == semester)
    if group_id is not None:
        q = q.where(Activity.group == group_id)
    if kind:
        q = q.where(Activity.kind == kind)
    if status:
        q = q.where(Activity.status == status)
    if start:
        q = q.where(Activity.date >= start)
    if end:
        q = q.where(Activity.date <= end)
    if teacher_id is not None:
        attends = Participant.select(Participant.activity).where(Participant.teacher == teacher_id)
        q = q.where((Activity.id.in_(attends)) | (Activity.host == teacher_id)
                    | (Activity.presenter == teacher_id))
    return list(q.order_by(Activity.date, Activity.start_time, Activity.id))


def activity_ids_of_teachers(semester: Semester, teacher_ids: Iterable[int]) -> set[int]:
    """Ids of the term's activities any of *teacher_ids* attends, hosts or presents, in one query (a
    pinyin initial typed in the calendar's filter matches dozens of teachers)."""
    ids = list(teacher_ids)
    if not ids:
        return set()
    attends = Participant.select(Participant.activity).where(Participant.teacher.in_(ids))
    q = (Activity.select(Activity.id).where((Activity.semester == semester)
                                           & (Activity.id.in_(attends) | Activity.host.in_(ids)
                                              | Activity.presenter.in_(ids))))
    return {aid for (aid,) in q.tuples()}


def _teaching_group_rank(semester: Semester) -> dict[int, tuple[int, str]]:
    """teacher id → (position of their 教研组, its name); a sign-in sheet for all staff goes by 教研组."""
    kind_order = {k: i for i, k in enumerate(GROUP_KINDS)}
    q = (Membership.select(Membership, Group).join(Group)
         .where((Group.semester == semester) & (Group.kind == "教研组")))
    rank: dict[int, tuple[int, str]] = {}
    for m in q:
        key = (kind_order["教研组"] * 1000 + m.group.sort_order, m.group.name)
        if m.teacher_id not in rank or key < rank[m.teacher_id]:
            rank[m.teacher_id] = key
    return rank


def expected_teachers(a: Activity) -> list[Teacher]:
    """应到 in sign-in-sheet order: the organising group's 组长/副组长/组员 then pinyin; all staff by 教研组."""
    teachers = list(Teacher.select().join(Participant).where(Participant.activity == a))
    if a.group_id is not None:
        roles = {m.teacher_id: m.role for m in Membership.select().where(Membership.group == a.group_id)}
        order = {r: i for i, r in enumerate(MEMBER_ROLES)}
        teachers.sort(key=lambda t: (order.get(roles.get(t.id, ""), 9), *sort_key(t.pinyin, t.name)))
    else:
        rank = _teaching_group_rank(a.semester)
        teachers.sort(key=lambda t: (rank.get(t.id, (10**9, "")), *sort_key(t.pinyin, t.name)))
    return teachers


def school_teachers() -> list[Teacher]:
    return list(Teacher.select().where((Teacher.school == current_school()) & (Teacher.status == "在职")))


# Split modules: imported last because they build on the helpers above.
from yanxiu_desktop.domain.activity_facts import ActivityFacts, PersonRef, activity_facts, as_seen_on  # noqa: E402,F401
from yanxiu_desktop.domain.calendar_days import (  # noqa: E402
    CALENDAR_DAY_KINDS,
    calendar_days,
    is_school_day,
    remove_calendar_day,
    set_calendar_day,
)
from yanxiu_desktop.domain.plan_checks import PlanWarning, plan_warnings, warnings_for  # noqa: E402
from yanxiu_desktop.domain.recurrence import create_series, series_dates, update_series  # noqa: E402

__all__ = [
    "ACTIVITY_KINDS", "ACTIVITY_STATUSES", "CALENDAR_DAY_KINDS", "PARTICIPANT_MODES", "PlanWarning",
    "activity_label", "calendar_days", "cancel_activity", "create_activity", "create_series",
    "expected_teachers", "get_activity", "is_school_day", "list_activities", "plan_warnings",
    "remove_calendar_day", "save_record", "series_dates", "set_calendar_day", "set_participants",
    "set_status", "update_activity", "update_series", "warnings_for",
]
