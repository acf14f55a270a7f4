"""Table models of the calendar tab's side lists: holidays/调休 of the term and the planning warnings."""

from __future__ import annotations

import datetime as dt

from yanxiu_desktop.domain.plan_checks import PlanWarning
from yanxiu_desktop.domain.semesters import WEEKDAYS
from yanxiu_desktop.store.models import CalendarDay
from yanxiu_desktop.ui.models.base import Column, RowsTableModel


def day_label(d: dt.date) -> str:
    """10月1日（星期三）: how the 校历 names a day (the term makes the year plain)."""
    return f"{d.month}月{d.day}日（{WEEKDAYS[d.weekday()]}）"


def calendar_day_model(parent=None) -> RowsTableModel[CalendarDay]:  # noqa: ANN001
    return RowsTableModel([
        Column("日期", lambda c: day_label(c.date), sort_key=lambda c: c.date,
               tooltip=lambda c: c.date.isoformat()),
        Column("类型", lambda c: c.kind),
        Column("名称", lambda c: c.name),
    ], parent)


def plan_warning_model(parent=None) -> RowsTableModel[PlanWarning]:  # noqa: ANN001
    return RowsTableModel([
        Column("类型", lambda w: w.kind_label),
        Column("提醒", lambda w: w.message, tooltip=lambda w: w.message),
    ], parent)
