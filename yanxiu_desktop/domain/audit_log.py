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
# Every audited field in Chinese (the log, the CLI, an activity's 修改记录), one place for all of them.
FIELD_LABELS = {
    "created": "新建", "deleted": "删除", "closed": "归档", "reopened": "重新开启", "lent": "借出",
    "status": "状态", "note": "备注", "notes": "备注", "date": "日期", "hours": "学时", "theme": "主题",
    "name": "名称", "kind": "类别", "subject": "学科", "title": "标题", "policy": "制度设置",
    # teacher
    "gender": "性别", "birth_date": "出生日期", "stage": "学段", "education": "学历", "hire_date": "参加工作时间",
    "role": "角色", "head_teacher": "班主任", "staff_no": "教职工号", "id_number": "身份证号", "phone": "电话",
    "status_date": "调出/退休日期",
    # activity
    "start_time": "开始时间", "end_time": "结束时间", "place": "地点", "host_id": "主持人", "host_name": "主持人",
    "presenter_id": "主讲人", "presenter_name": "主讲人", "group_id": "组织小组", "hours_category": "学时类别",
    "participants_mode": "参加范围", "participants": "参加人员", "process": "活动过程", "effect": "活动效果",
    "reflection": "反思", "recorder": "记录人",
    # attendance
    "late_minutes": "迟到/早退分钟", "leave_reason": "请假事由", "approver": "批准人",
    # observation
    "observed_id": "授课教师", "observed_name": "授课教师", "observed_school": "授课教师学校", "period": "节次",
    "class_name": "班级", "topic": "课题", "lesson_type": "课型", "activity_id": "关联活动",
    "strengths": "优点", "weaknesses": "不足", "suggestions": "建议", "grade": "等级", "rubric_id": "评价量表",
    "scores": "评分", "total": "总分", "st_samples": "S-T 采样", "st_interval": "S-T 采样间隔",
    # portfolio item, loan, hours credit, groups
    "level": "级别", "rank": "等次", "issuer": "发表/颁发单位", "semester_id": "学期", "item": "借阅材料",
    "borrower": "借阅人", "date_out": "借出日期", "due_date": "应还日期", "returned_date": "归还日期",
    "category": "学时类别", "basis": "认定依据", "grade_name": "年级", "mentor_id": "师傅", "mentee_id": "徒弟",
}
# A few words mean something narrower in one table.
_TABLE_FIELD_LABELS = {
    ("attendance", "status"): "考勤状态", ("activity", "status"): "活动状态", ("teacher", "name"): "姓名",
    ("teacher", "subject"): "任教学科", ("teacher", "title"): "职称", ("activity", "kind"): "活动形式",
    ("portfolio_item", "kind"): "材料类别", ("group", "grade"): "年级", ("teacher", "status"): "在职状态",
}
_VALUE_LABELS = {"true": "是", "false": "否"}


def field_label(field: str, table: str | None = None) -> str:
    """The Chinese name of an audited field (the stored name when it is already Chinese or unknown)."""
    return _TABLE_FIELD_LABELS.get((table or "", field)) or FIELD_LABELS.get(field, field)


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
