"""The searchable audit log as the app and the CLI show it (newest first, labels in Chinese)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import fn

from yanxiu_desktop.store.models import AuditEntry

TABLE_LABELS = {
    "attendance": "考勤",
    "activity": "研修活动",
    "teacher": "教师",
    "semester": "学期",
    "observation": "听课记录",
    "portfolio_item": "档案材料",
    "setting": "制度设置",
    "group": "小组",
    "membership": "小组成员",
    "attachment": "附件",
    "attachment_link": "附件",
    "archive_loan": "档案借阅",
    "mentor_pair": "师徒结对",
    "calendar_day": "校历",
    "hours_credit": "学时认定",
}
# The fields users meet most often; others are shown as stored.
FIELD_LABELS = {
    "closed": "归档", "status": "状态", "created": "新建", "deleted": "删除", "lent": "借出",
    "returned_date": "归还日期", "hours": "学时", "theme": "主题", "date": "日期", "note": "备注",
}
_VALUE_LABELS = {"true": "是", "false": "否"}


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field)


def value_label(value: str | None) -> str:
    return "" if value is None else _VALUE_LABELS.get(value, value)


def table_label(table: str) -> str:
    return TABLE_LABELS.get(table, table)


@dataclass(frozen=True)
class AuditRow:
    id: int
    ts: dt.datetime
    operator: str
    table: str
    row_id: int
    field: str
    old: str | None
    new: str | None
    reason: str

    @property
    def table_label(self) -> str:
        return table_label(self.table)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "ts": self.ts, "operator": self.operator, "table": self.table,
                "row_id": self.row_id, "field": self.field, "old": self.old, "new": self.new,
                "reason": self.reason}


def audit_log(search: str = "", table: str | None = None, row_id: int | None = None,
              limit: int = 2000, offset: int = 0) -> list[AuditRow]:
    """Entries matching every word of *search* (operator, field, old, new, reason, table), optionally
    for one table or one record, newest first."""
    q = AuditEntry.select()
    if table:
        q = q.where(AuditEntry.table_name == table)
    if row_id is not None:
        q = q.where(AuditEntry.row_id == int(row_id))
    for word in search.split():
        # Chinese table names ("考勤") find their English keys too.
        keys = [k for k, v in TABLE_LABELS.items() if word in v]
        # instr(): a plain substring test, so % and _ typed by the user are not wildcards.
        cond = AuditEntry.table_name.in_(keys) if keys else None
        for col in (AuditEntry.operator, AuditEntry.field, AuditEntry.old, AuditEntry.new,
                    AuditEntry.reason, AuditEntry.table_name):
            c = fn.instr(fn.coalesce(col, ""), word) > 0
            cond = c if cond is None else cond | c
        q = q.where(cond)
    q = q.order_by(AuditEntry.id.desc()).limit(limit).offset(offset)
    return [AuditRow(e.id, e.ts, e.operator, e.table_name, e.row_id, e.field, e.old, e.new, e.reason)
            for e in q]


def audit_tables() -> list[str]:
    """Tables that have entries, for the log's filter box."""
    return [r.table_name for r in AuditEntry.select(AuditEntry.table_name).distinct()
            .order_by(AuditEntry.table_name)]
