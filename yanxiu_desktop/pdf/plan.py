"""学期校本研修活动安排表 as an A4 PDF, month by month, through the shared form engine (forms/plan.toml)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import semesters
from yanxiu_desktop.domain.school import current_school
from yanxiu_desktop.pdf.forms import Block, FormData, FormDef, load_form, render_form
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
    """(year, month, activities) for each month that has activities, in term order."""
    out: list[tuple[int, int, list[Activity]]] = []
    for a in acts.list_activities(sem):
        if not out or (out[-1][0], out[-1][1]) != (a.date.year, a.date.month):
            out.append((a.date.year, a.date.month, []))
        out[-1][2].append(a)
    return out


def _expand(form: FormDef, n_months: int) -> FormDef:
    """Repeat the month heading + table pair once per month (sources month_0, month_1, …)."""
    blocks = list(form.blocks)
    idx = next((i for i, b in enumerate(blocks) if b.type == "table" and b.get("source") == "month"), None)
    if idx is None:
        return form
    head = blocks[idx - 1] if idx > 0 and blocks[idx - 1].type == "lines" else None
    start = idx - 1 if head is not None else idx
    repeated: list[Block] = []
    for m in range(n_months):
        if head is not None:
            lines = [t.replace("{month}", f"{{month_{m}}}") for t in head.get("lines", [])]
            repeated.append(dataclasses.replace(head, opts={**head.opts, "lines": lines}))
        repeated.append(dataclasses.replace(blocks[idx], opts={**blocks[idx].opts, "source": f"month_{m}"}))
    return dataclasses.replace(form, blocks=(*blocks[:start], *repeated, *blocks[idx + 1:]))


def plan_data(sem: Semester, today: dt.date | None = None) -> tuple[int, FormData]:
    months = plan_months(sem)
    values: dict[str, Any] = {
        "school": current_school().name, "semester": semesters.semester_label(sem),
        "start": semesters.cn_date(sem.start_date), "weeks": sem.weeks,
        "count": sum(len(m[2]) for m in months),
        "printed": semesters.cn_date(today or dt.date.today()),
    }
    rows: dict[str, list[dict[str, Any]]] = {}
    for i, (_y, month, items) in enumerate(months):
        values[f"month_{i}"] = month_label(month)
        rows[f"month_{i}"] = [plan_row(sem, a) for a in items]
    return len(months), FormData(values=values, rows=rows)


def render_plan(sem: Semester, today: dt.date | None = None) -> bytes:
    """The 安排表 PDF bytes (A4, embedded font, page numbers, the school's name)."""
    n, data = plan_data(sem, today)
    return render_form(_expand(load_form("plan"), n), data)
