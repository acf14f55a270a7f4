"""Table models for 听课记录, 听课统计 (quota with month-end counts) and 师徒互听."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from yanxiu_desktop.domain.observations import ObservationRow
from yanxiu_desktop.domain.quota import MentorQuota, QuotaReport, TeacherQuota, month_label
from yanxiu_desktop.domain.semesters import week_label
from yanxiu_desktop.ui.models.base import Column, RowsTableModel

CENTER = Qt.AlignmentFlag.AlignCenter
RIGHT = Qt.AlignmentFlag.AlignRight
BEHIND = QColor("#fde2e1")
REACHED = QColor("#e3f4e1")


def observation_model(parent=None) -> RowsTableModel[ObservationRow]:  # noqa: ANN001
    return RowsTableModel([
        Column("听课时间", lambda r: r.when, sort_key=lambda r: (r.date, r.period or 0)),
        Column("听课人", lambda r: r.observer_name),
        Column("授课教师", lambda r: r.observed_name + (f"（{r.observed_school}）" if r.observed_school else "")),
        Column("班级", lambda r: r.class_name),
        Column("学科", lambda r: r.subject),
        Column("课题", lambda r: r.topic),
        Column("课型", lambda r: r.lesson_type, CENTER),
        Column("总分", lambda r: r.total, RIGHT),
        Column("等级", lambda r: r.grade, CENTER),
        Column("S-T", lambda r: r.st_type, CENTER),
        Column("关联活动", lambda r: r.activity_theme),
    ], parent)


def _status(r: TeacherQuota) -> str:
    if r.reached:
        return "已达标"
    if r.behind:
        return f"自{week_label(r.behind_since_week or 1)}起落后"
    return "进度正常"


def quota_columns(months_of_term: list[tuple[int, int]]) -> list[Column[TeacherQuota]]:
    months = [
        Column(month_label(ym), (lambda r, ym=ym: r.by_month.get(ym, 0)), CENTER,
               tooltip=(lambda r, ym=ym: f"本月应听 {r.month_required.get(ym, 0)} 节"
                        if r.month_required.get(ym) else ""))
        for ym in months_of_term
    ]
    return [
        Column("姓名", lambda r: r.name),
        Column("角色", lambda r: r.role + ("（新教师）" if r.new_teacher else "")),
        Column("应听", lambda r: r.required, RIGHT),
        Column("已听", lambda r: r.done, RIGHT),
        *months,
        Column("进度应达", lambda r: r.expected_by_now, RIGHT,
               tooltip=lambda r: "按教学周数折算，截至统计周应完成的节数"),
        Column("预计期末", lambda r: r.projected, RIGHT),
        Column("状态", _status, sort_key=lambda r: (not r.behind, r.reached, r.behind_since_week or 99)),
        Column("未达月份", lambda r: "、".join(month_label(m) for m in r.months_short)),
    ]


def quota_model(parent=None) -> RowsTableModel[TeacherQuota]:  # noqa: ANN001
    m: RowsTableModel[TeacherQuota] = RowsTableModel(quota_columns([]), parent)
    m.row_colour = lambda r: BEHIND if r.behind else (REACHED if r.reached else None)
    return m


def set_quota(model: RowsTableModel[TeacherQuota], report: QuotaReport) -> None:
    model.beginResetModel()
    model.columns = quota_columns(report.months)
    model.rows = list(report.rows)
    model.endResetModel()


def mentor_quota_model(parent=None) -> RowsTableModel[MentorQuota]:  # noqa: ANN001
    m: RowsTableModel[MentorQuota] = RowsTableModel([
        Column("师傅", lambda r: r.mentor_name),
        Column("徒弟", lambda r: r.mentee_name),
        Column("师傅听徒弟", lambda r: r.mentor_observed_mentee, CENTER),
        Column("徒弟听师傅", lambda r: r.mentee_observed_mentor, CENTER),
        Column("每学期要求", lambda r: r.target, CENTER),
        Column("状态", lambda r: "已达标" if r.reached else "未达标", CENTER),
    ], parent)
    m.row_colour = lambda r: REACHED if r.reached else None
    return m
