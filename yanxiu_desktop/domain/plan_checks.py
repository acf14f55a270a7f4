"""Checks while planning. They only warn; nothing is ever moved or changed on the user's behalf."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from yanxiu_desktop.domain import semesters
from yanxiu_desktop.domain.calendar_days import DayRow, day_map, day_rows
from yanxiu_desktop.domain.policy import Policy, load_policy
from yanxiu_desktop.store.db import database
from yanxiu_desktop.store.models import Activity, CalendarDay, Semester

# Groups the cadence rule is about (seed 001: 教研组 一周一次 / 两周一次); 备课组 meet as they need.
CADENCE_GROUP_KINDS = ("教研组",)
_CADENCE_GROUPS = ("SELECT id, name FROM \"group\" WHERE semester_id = ? "
                   f"AND kind IN ({','.join('?' * len(CADENCE_GROUP_KINDS))}) ORDER BY sort_order")

WARNING_KINDS = {
    "place": "场地冲突", "person": "人员冲突", "holiday": "放假日", "group_gap": "小组活动间隔过长",
    "whole_school": "全校活动不足", "no_time": "未定时间",
}


@dataclass(frozen=True)
class PlanWarning:
    kind: str  # a key of WARNING_KINDS
    message: str
    activity_ids: tuple[int, ...] = field(default=())

    @property
    def kind_label(self) -> str:
        return WARNING_KINDS.get(self.kind, self.kind)

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "message": self.message, "activity_ids": list(self.activity_ids)}


def _span(a: Activity) -> tuple[str, str]:
    # An activity without a time is taken to fill the day: it may clash with anything that day.
    return (a.start_time or "00:00", a.end_time or a.start_time or "23:59")


def _overlap(a: Activity, b: Activity) -> bool:
    if a.date != b.date:
        return False
    (s1, e1), (s2, e2) = _span(a), _span(b)
    return s1 < e2 and s2 < e1


def _people(a: Activity) -> set[tuple[str, object]]:
    out: set[tuple[str, object]] = set()
    for tid, name in ((a.host_id, a.host_name), (a.presenter_id, a.presenter_name)):
        if tid:
            out.add(("id", tid))
        elif name:
            out.add(("name", name))
    return out


def _person_name(key: tuple[str, object], a: Activity) -> str:
    if key[0] == "name":
        return str(key[1])
    for tid, t in ((a.host_id, a.host if a.host_id else None), (a.presenter_id, a.presenter if a.presenter_id
                                                                 else None)):
        if tid == key[1] and t is not None:
            return t.name
    return str(key[1])


def _pair_warnings(a: Activity, b: Activity) -> list[PlanWarning]:
    out = []
    ids = tuple(i for i in (a.id, b.id) if i is not None)
    if a.place and a.place == b.place and _overlap(a, b):
        out.append(PlanWarning("place", f"{a.place}同时安排了两项活动：{activity_label(a)}、{activity_label(b)}",
                               ids))
    common = _people(a) & _people(b)
    if common and _overlap(a, b):
        names = "、".join(sorted(_person_name(k, a) for k in common))
        out.append(PlanWarning("person", f"{names}同一时间要参与两项活动：{activity_label(a)}、"
                               f"{activity_label(b)}", ids))
    return out


def _holiday_warning(a: Activity, days: Mapping[dt.date, CalendarDay | DayRow]) -> PlanWarning | None:
    row = days.get(a.date)
    if row is not None and row.kind == "放假":
        return PlanWarning("holiday", f"{activity_label(a)}安排在放假日（{row.name or '放假'}）",
                           (a.id,) if a.id else ())
    return None


def warnings_for(activity: Activity) -> list[PlanWarning]:
    """Warnings for one activity (saved or not yet saved), shown in the dialog before saving."""
    if activity.status == "取消" or activity.date is None:
        return []
    others = [o for o in list_activities(activity.semester, start=activity.date, end=activity.date)
              if o.id != activity.id and o.status != "取消"]
    out = [w for o in others for w in _pair_warnings(activity, o)]
    hol = _holiday_warning(activity, day_map(activity.semester))
    if hol:
        out.append(hol)
    if not activity.start_time:
        out.append(PlanWarning("no_time", f"{activity_label(activity)}还没有定时间", ()))
    return out


def _effective_days(first: dt.date, last: dt.date, holidays: set[dt.date]) -> int:
    """Days between two dates, not counting holidays in between (国庆 week is not a missed week)."""
    return (last - first).days - sum(1 for h in holidays if first < h < last)


def _group_gaps(sem: Semester, group_name: str, dates: list[dt.date], policy: Policy,
                holidays: set[dt.date]) -> list[PlanWarning]:
    interval = policy.group_interval_days
    # Week 1 is for handing in group plans (seed 001) and the last week for exams: both fall outside.
    window_start = sem.start_date + dt.timedelta(days=7)
    window_end = semesters.end_date(sem) - dt.timedelta(days=7)
    if window_end <= window_start:
        return []
    if not dates:
        return [PlanWarning("group_gap", f"「{group_name}」本学期还没有安排研修活动", ())]
    gaps: list[tuple[int, dt.date, dt.date]] = []
    points = [window_start - dt.timedelta(days=1), *sorted(set(dates)), window_end + dt.timedelta(days=1)]
    for first, last in itertools.pairwise(points):
        if first >= window_end or last <= window_start:
            continue
        gap = _effective_days(first, last, holidays)
        if gap > interval:
            gaps.append((gap, max(first, window_start), min(last, window_end)))
    if not gaps:
        return []
    # One warning per group: a biweekly group under a weekly rule should not fill the list by itself.
    gap, lo, hi = max(gaps, key=lambda g: g[0])
    span = f"{lo.month}月{lo.day}日至{hi.month}月{hi.day}日"
    rule = f"（制度要求间隔不超过 {interval} 天）"
    if len(gaps) == 1:
        text = f"「{group_name}」{span}之间 {gap} 天没有研修活动{rule}"
    else:
        text = f"「{group_name}」有 {len(gaps)} 段时间超过 {interval} 天没有研修活动，最长 {gap} 天（{span}）{rule}"
    return [PlanWarning("group_gap", text, ())]


def plan_warnings(semester: Semester, policy: Policy | None = None,
                  activities: Sequence[Any] | None = None) -> list[PlanWarning]:
    """Every planning warning for the term: clashes, holidays, group gaps, too few whole-school activities.
    *activities*: the term's activities when the caller already read them (``activity_facts.activity_facts``)."""
    policy = policy or load_policy(semester)
    acts = [a for a in (list_activities(semester) if activities is None else activities) if a.status != "取消"]
    days = day_rows(semester)
    holidays = {d for d, row in days.items() if row.kind == "放假"}
    out: list[PlanWarning] = []
    by_date: dict[dt.date, list[Activity]] = {}
    for a in acts:
        by_date.setdefault(a.date, []).append(a)
    for same_day in by_date.values():
        for i, a in enumerate(same_day):
            for b in same_day[i + 1:]:
                out.extend(_pair_warnings(a, b))
    for a in acts:
        hol = _holiday_warning(a, days)
        if hol:
            out.append(hol)
    by_group: dict[int, list[dt.date]] = {}
    for a in acts:
        if a.group_id is not None:
            by_group.setdefault(a.group_id, []).append(a.date)
    for gid, name in database.obj.execute_sql(_CADENCE_GROUPS, (semester.id, *CADENCE_GROUP_KINDS)):
        out.extend(_group_gaps(semester, name, by_group.get(gid, []), policy, holidays))
    whole = sum(1 for a in acts if a.group_id is None)
    if whole < policy.whole_school_per_term:
        out.append(PlanWarning("whole_school", f"本学期全校性研修活动只有 {whole} 次，制度要求至少 "
                               f"{policy.whole_school_per_term} 次", ()))
    return out


# Last, as activities.py imports this module at its end: either module may then be imported first
# (term_stats imports this one before anything has imported activities: `yanxiu stats` crashed).
from yanxiu_desktop.domain.activities import activity_label, list_activities  # noqa: E402
