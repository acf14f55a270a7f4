"""学期校本研修活动安排表 as an A4 PDF, month by month, through the shared form engine (forms/plan.toml)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from yanxiu_desktop.domain import semesters
from yanxiu_desktop.domain.plan_table import month_label, plan_months, plan_row
from yanxiu_desktop.domain.school import current_school
from yanxiu_desktop.pdf.forms import Block, FormData, FormDef, load_form, render_form
from yanxiu_desktop.store.models import Semester


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
