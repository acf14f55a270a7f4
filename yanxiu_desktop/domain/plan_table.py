"""The 安排表 as plain rows, month by month: shared by the PDF and the xlsx export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import semesters
from yanxiu_desktop.store.models import Activity, Semester

WEEKDAY_SHORT = "一二三四五六日"


def month_label(month: int) -> str:
    return f"{semesters.cn_number(month)}月份"


def plan_row(sem: Semester, a: Activity) -> dict[str, Any]:
    """One 安排表 row as plain text (shared with the xlsx export)."""
    n = semesters.week_of(sem, a.date)
    theme = f"（已取消）{a.theme}" if a.status == "取消" else a.theme
    return {"week": semesters.week_label(n) if n else "", "date": f"{a.date.month}月{a.date.day}日"
            f"（{WEEKDAY_SHORT[a.date.weekday()]}）", "time": acts.time_label(a), "theme": theme,
            "kind": a.kind, "presenter": acts.presenter_label(a), "host": acts.host_label(a), "place": a.place,
            "audience": acts.audience_label(a), "hours": a.hours, "status": a.status}


def plan_months(sem: Semester) -> list[tuple[int, int, list[Activity]]]:
    """(year, month, activities) for each term month that has activities, in term order.

    Months are the term's own (semesters.month_of_date): Monday 8/31 of 第一周 prints under 九月份, as the
    quota and portfolio month counts treat it.
    """
    out: list[tuple[int, int, list[Activity]]] = []
    for a in acts.list_activities(sem):
        y, m = semesters.month_of_date(sem, a.date)
        if not out or (out[-1][0], out[-1][1]) != (y, m):
            out.append((y, m, []))
        out[-1][2].append(a)
    return out


@dataclass(frozen=True)
class PlanMonth:
    label: str  # 九月份
    rows: list[dict[str, Any]]  # plan_row() of each activity


@dataclass(frozen=True)
class PlanPrint:
    """The printed 安排表 as plain data (``pdf/plan.py`` draws it)."""

    school: str
    semester: str  # 2025—2026学年第一学期
    start: str  # 2025年9月1日
    weeks: int
    printed: str  # the date under 教导处
    months: list[PlanMonth]

    @property
    def count(self) -> int:
        """Activities that stand (a cancelled one is printed struck through but not counted, as the calendar)."""
        return sum(1 for m in self.months for r in m.rows if r["status"] != "取消")

    @property
    def cancelled_note(self) -> str:
        n = sum(1 for m in self.months for r in m.rows if r["status"] == "取消")
        return f"（另有 {n} 项已取消）" if n else ""


def plan_print_data(sem: Semester, today: dt.date | None = None) -> PlanPrint:
    """Everything the 安排表 PDF prints for *sem*, month by month."""
    from yanxiu_desktop.domain.school import current_school

    return PlanPrint(
        school=current_school().name, semester=semesters.semester_label(sem),
        start=semesters.cn_date(sem.start_date), weeks=sem.weeks,
        printed=semesters.cn_date(today or dt.date.today()),
        months=[PlanMonth(month_label(month), [plan_row(sem, a) for a in items])
                for _y, month, items in plan_months(sem)])
