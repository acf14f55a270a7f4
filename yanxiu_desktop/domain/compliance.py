"""Compliance warnings for the reports tab: who and what does not meet the school's rules yet.

Nothing here computes a figure of its own: group cadence comes from ``plan_checks``, hours from the hours
module, the 听课 pace from ``quota``, portfolio progress from ``portfolio`` — this module only picks out the
rows that fall short and words them for the 教导处.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from yanxiu_desktop.domain.hours import hours_met, reaches

WARNING_KINDS = {
    "group_cadence": "小组活动频次不足",
    "whole_school": "全校活动不足",
    "hours_short": "学时不足",
    "quota_short": "听课不足",
    "portfolio_short": "档案材料不足",
    "no_record": "缺活动记录",
    "no_attendance": "未录入考勤",
}
# plan_checks kinds that are about cadence (the rest — clashes, holidays — belong to the calendar tab).
_PLAN_KINDS = {"group_gap": "group_cadence", "whole_school": "whole_school"}


@dataclass(slots=True)  # not frozen: a refresh of the statistics builds hundreds
class ComplianceWarning:
    kind: str  # a key of WARNING_KINDS
    message: str
    teacher_id: int | None = None
    activity_id: int | None = None

    @property
    def kind_label(self) -> str:
        return WARNING_KINDS.get(self.kind, self.kind)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "kind_label": self.kind_label, "message": self.message,
                "teacher_id": self.teacher_id, "activity_id": self.activity_id}


def from_plan(plan_warnings: Iterable[Any]) -> list[ComplianceWarning]:
    """Cadence warnings out of plan_checks.plan_warnings (group gaps, too few whole-school activities)."""
    return [ComplianceWarning(_PLAN_KINDS[w.kind], w.message) for w in plan_warnings if w.kind in _PLAN_KINDS]


def hours_warnings(rows: Iterable[Any], term_over: bool, elapsed_fraction: float) -> list[ComplianceWarning]:
    """Teachers short of 学时 (``stats.HoursRow``): at term end, every one not 合格 (the total or a category
    below its requirement); before it, against the pro-rata share of the total."""
    out = []
    for r in rows:
        if term_over:
            if not hours_met(r.total, r.required, r.category_pairs()):
                gap = f"，差 {r.required - r.total:g}" if not reaches(r.total, r.required) else ""
                short = r.short_categories()
                parts = f"；分项未达标：{'、'.join(short)}" if short else ""
                out.append(ComplianceWarning("hours_short", f"{r.name}：学时 {r.total:g}，要求 {r.required:g}"
                                             f"{gap}{parts}", r.teacher_id))
        elif r.required > 0:
            due = round(r.required * elapsed_fraction, 1)
            if not reaches(r.total, due):
                out.append(ComplianceWarning("hours_short", f"{r.name}：学时 {r.total:g}，按进度此时应有 {due:g}"
                                             f"（全学期要求 {r.required:g}）", r.teacher_id))
    return out


def quota_warnings(rows: Iterable[Any], term_over: bool) -> list[ComplianceWarning]:
    out = []
    for r in rows:
        if term_over and r.done < r.required:
            out.append(ComplianceWarning("quota_short", f"{r.name}：听课 {r.done} 节，要求 {r.required} 节",
                                         r.teacher_id))
        elif not term_over and r.behind:
            out.append(ComplianceWarning("quota_short", f"{r.name}：听课 {r.done} 节，按进度此时应有 "
                                         f"{r.expected_by_now} 节（全学期 {r.required} 节）", r.teacher_id))
    return out


def portfolio_warnings(rows: Iterable[Any]) -> list[ComplianceWarning]:
    out = []
    for r in rows:
        behind = r.behind
        if behind:
            what = "；".join(q.behind_text for q in behind)
            out.append(ComplianceWarning("portfolio_short", f"{r.name}：{what}", r.teacher_id))
    return out


def activity_warnings(activities: Sequence[Any], entered: set[int], today: dt.date) -> list[ComplianceWarning]:
    """Past, not cancelled activities with no process record, or with no attendance entered.

    *activities* are Activity rows; *entered* the ids of activities with at least one attendance entry.
    An activity dated today may still be under way, so only days before *today* count.
    """
    from yanxiu_desktop.domain.activities import activity_label

    out = []
    for a in activities:
        if a.status == "取消" or a.date >= today:
            continue
        if not (a.process or "").strip():
            out.append(ComplianceWarning("no_record", f"{activity_label(a)}：没有填写活动过程记录",
                                         activity_id=a.id))
        if a.id not in entered:
            out.append(ComplianceWarning("no_attendance", f"{activity_label(a)}：还没有录入考勤",
                                         activity_id=a.id))
    return out
