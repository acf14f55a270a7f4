"""Demo attendance for the demo term's completed activities: mostly 出勤, a realistic few late, on leave
or absent, and two teachers who miss a third of one category's sessions (the 1/3 rule takes its 学时)."""

from __future__ import annotations

import datetime as dt
import random

from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain.attendance import Entry, save_sheet
from yanxiu_desktop.domain.hours import UNCATEGORISED
from yanxiu_desktop.store.models import Semester

_LEAVE_REASONS = {"公假": ("参加县教研活动", "外出培训", "产假"), "事假": ("家中有事", "孩子生病需照顾", "办理证件"),
                  "病假": ("感冒发烧", "住院治疗", "胃病复查")}
_APPROVERS = ("教导主任", "校长", "教研组长")


def _random_entry(rng: random.Random, tid: int) -> Entry:
    x = rng.random()
    if x < 0.90:
        return Entry(tid, "出勤")
    if x < 0.94:
        return Entry(tid, "迟到", late_minutes=rng.choice((5, 8, 10, 15, None)))
    if x < 0.955:
        return Entry(tid, "早退", late_minutes=rng.choice((10, 20, None)))
    if x < 0.97:
        return Entry(tid, "公假", leave_reason=rng.choice(_LEAVE_REASONS["公假"]))
    if x < 0.985:
        return Entry(tid, "事假", leave_reason=rng.choice(_LEAVE_REASONS["事假"]), approver=rng.choice(_APPROVERS))
    if x < 0.993:
        return Entry(tid, "病假", leave_reason=rng.choice(_LEAVE_REASONS["病假"]), approver=rng.choice(_APPROVERS))
    return Entry(tid, "缺席")


def build_demo_attendance(sem: Semester, seed: int = 1, today: dt.date | None = None) -> int:
    """Enter every completed activity's sheet (held by the demo's *today*); returns how many rows were stored."""
    rng = random.Random(seed * 31 + 4)
    done = [a for a in acts.list_activities(sem) if a.status == "已完成"]
    sheets: dict[int, dict[int, Entry]] = {}
    by_category: dict[tuple[int, str], list[int]] = {}
    for a in done:
        sheet = {t.id: _random_entry(rng, t.id) for t in acts.expected_teachers(a)}
        sheets[a.id] = sheet
        for tid in sheet:
            by_category.setdefault((tid, a.hours_category or UNCATEGORISED), []).append(a.id)
    # Random absences alone would trip the 1/3 rule for many (a category may have three sessions):
    # keep everyone under it, then let two chosen teachers miss exactly a third (boundary included).
    missed = {"缺席", "事假", "病假"}
    for (tid, _cat), ids in by_category.items():
        misses = [aid for aid in ids if sheets[aid][tid].status in missed]
        while misses and 3 * len(misses) >= len(ids):
            sheets[misses.pop()][tid] = Entry(tid, "出勤")
    candidates = sorted(k for k, ids in by_category.items() if len(ids) >= 3)
    for tid, _cat in rng.sample(candidates, k=min(2, len(candidates))):
        ids = by_category[(tid, _cat)]
        for aid in rng.sample(ids, k=-(-len(ids) // 3)):
            sheets[aid][tid] = Entry(tid, "事假", leave_reason=rng.choice(_LEAVE_REASONS["事假"]),
                                     approver=rng.choice(_APPROVERS))
    for aid, sheet in sheets.items():
        save_sheet(aid, sheet.values(), today=today)
    return sum(len(s) for s in sheets.values())
