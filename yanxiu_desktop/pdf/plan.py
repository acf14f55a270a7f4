"""学期校本研修活动安排表 as an A4 PDF, month by month, through the shared form engine (forms/plan.toml).

Draws a :class:`~yanxiu_desktop.domain.plan_table.PlanPrint` (``plan_table.plan_print_data(sem)``).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from yanxiu_desktop.pdf.forms import Block, FormData, FormDef, load_form, render_form

if TYPE_CHECKING:
    from yanxiu_desktop.domain.plan_table import PlanPrint


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


def plan_data(plan: PlanPrint) -> FormData:
    """The form's placeholders and one table per month (month_0, month_1, …)."""
    values: dict[str, Any] = {"school": plan.school, "semester": plan.semester, "start": plan.start,
                              "weeks": plan.weeks, "count": plan.count, "cancelled": plan.cancelled_note,
                              "printed": plan.printed}
    rows: dict[str, list[dict[str, Any]]] = {}
    for i, month in enumerate(plan.months):
        values[f"month_{i}"] = month.label
        rows[f"month_{i}"] = month.rows
    return FormData(values=values, rows=rows)


def render_plan(plan: PlanPrint) -> bytes:
    """The 安排表 PDF bytes (A4, embedded font, page numbers, the school's name)."""
    return render_form(_expand(load_form("plan"), len(plan.months)), plan_data(plan))
