"""Table models for the reports tab: one RowsTableModel per TermStats table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from yanxiu_desktop.domain.assessment import AssessmentRow
from yanxiu_desktop.domain.compliance import ComplianceWarning
from yanxiu_desktop.domain.composition import Share
from yanxiu_desktop.domain.portfolio import LEVELS
from yanxiu_desktop.domain.stats import AttendanceRow, GroupAttendanceRow, HoursRow, ObservationStat
from yanxiu_desktop.domain.stats_activities import AchievementRow, ActivityMonthRow, ActivityRow
from yanxiu_desktop.ui.models.base import Column, RowsTableModel

C = Qt.AlignmentFlag.AlignCenter
SHORT = QColor("#F8D7DA")
GOOD = QColor("#D4EDDA")


def pct(rate: float | None) -> str:
    return "" if rate is None else f"{rate * 100:.1f}%"


def hours_model(categories: list[str], parent=None) -> RowsTableModel[HoursRow]:  # noqa: ANN001
    cols: list[Column[HoursRow]] = [Column("姓名", lambda r: r.name, sort_key=lambda r: r.pinyin),
                                    Column("学段", lambda r: r.stage, C), Column("任教学科", lambda r: r.subject, C)]
    for name in categories:
        cols.append(Column(name, lambda r, n=name: r.by_category.get(n, 0.0), C))
    cols += [Column("合计", lambda r: r.total, C), Column("应修", lambda r: r.required, C),
             Column("欠缺", lambda r: r.shortfall, C), Column("折合学分", lambda r: r.credits, C),
             Column("考核结果", lambda r: r.result, C),
             Column("取消学时类别", lambda r: "、".join(r.lost_categories))]
    m = RowsTableModel(cols, parent)
    m.row_colour = lambda r: SHORT if r.result == "不合格" else None
    return m


def attendance_model(parent=None) -> RowsTableModel[AttendanceRow]:  # noqa: ANN001
    m = RowsTableModel([
        Column("姓名", lambda r: r.name), Column("应到（次）", lambda r: r.expected, C),
        Column("实到（含迟到、早退）", lambda r: r.present, C), Column("迟到", lambda r: r.late, C),
        Column("早退", lambda r: r.early, C), Column("请假", lambda r: r.leave, C), Column("缺席", lambda r: r.absent, C),
        Column("出勤率", lambda r: pct(r.rate), C, sort_key=lambda r: r.rate),
    ], parent)
    m.row_colour = lambda r: SHORT if r.absent else None
    return m


def group_attendance_model(parent=None) -> RowsTableModel[GroupAttendanceRow]:  # noqa: ANN001
    return RowsTableModel([
        Column("小组", lambda r: r.name), Column("活动（次）", lambda r: r.activities, C),
        Column("实到人次", lambda r: r.present, C), Column("应到人次（不含公假）", lambda r: r.counted, C),
        Column("出勤率", lambda r: pct(r.rate), C, sort_key=lambda r: r.rate),
    ], parent)


def observation_model(parent=None) -> RowsTableModel[ObservationStat]:  # noqa: ANN001
    m = RowsTableModel([
        Column("姓名", lambda r: r.name), Column("职务", lambda r: r.role, C),
        Column("要求节数", lambda r: r.required, C), Column("已听节数", lambda r: r.done, C),
        Column("差额", lambda r: max(0, r.required - r.done), C),
        Column("是否达标", lambda r: r.result, C),
        Column("进度", lambda r: "落后" if r.behind else "", C),
    ], parent)
    m.row_colour = lambda r: SHORT if r.behind else None
    return m


def activity_model(parent=None) -> RowsTableModel[ActivityRow]:  # noqa: ANN001
    return RowsTableModel([
        Column("日期", lambda r: r.date, C), Column("类型", lambda r: r.kind, C), Column("主题", lambda r: r.theme),
        Column("组织小组", lambda r: r.group), Column("主讲人", lambda r: r.presenter, C),
        Column("学时", lambda r: r.hours, C), Column("状态", lambda r: r.status, C),
        Column("应到", lambda r: r.expected, C), Column("实到", lambda r: r.present, C),
        Column("活动记录", lambda r: "有" if r.has_record else "无", C),
    ], parent)


def month_model(months: list[str], parent=None) -> RowsTableModel[ActivityMonthRow]:  # noqa: ANN001
    cols: list[Column[ActivityMonthRow]] = [Column("小组", lambda r: r.name)]
    cols += [Column(m, lambda r, i=i: r.counts[i], C) for i, m in enumerate(months)]
    cols.append(Column("合计", lambda r: r.total, C))
    return RowsTableModel(cols, parent)


def achievement_model(parent=None) -> RowsTableModel[AchievementRow]:  # noqa: ANN001
    cols: list[Column[AchievementRow]] = [Column("成果类别", lambda r: r.kind)]
    cols += [Column(lv, lambda r, i=i: r.by_level[i], C) for i, lv in enumerate(LEVELS)]
    cols += [Column("未定级", lambda r: r.other, C), Column("合计", lambda r: r.total, C)]
    return RowsTableModel(cols, parent)


def composition_model(parent=None) -> RowsTableModel[tuple[str, Share]]:  # noqa: ANN001
    return RowsTableModel([
        Column("项目", lambda r: r[0]), Column("类别", lambda r: r[1].label),
        Column("人数", lambda r: r[1].count, C), Column("占比", lambda r: f"{r[1].percent}%", C,
                                                      sort_key=lambda r: r[1].percent),
    ], parent)


def _score(v: Any) -> Any:
    return "—" if v is None else v


def assessment_model(parent=None) -> RowsTableModel[AssessmentRow]:  # noqa: ANN001
    m = RowsTableModel([
        Column("名次", lambda r: r.rank, C), Column("姓名", lambda r: r.name), Column("教研组", lambda r: r.group),
        Column("学时得分", lambda r: r.hours_score, C),
        Column("出勤得分", lambda r: _score(r.attendance_score), C, sort_key=lambda r: r.attendance_score),
        Column("听课得分", lambda r: r.observation_score, C),
        Column("档案得分", lambda r: _score(r.portfolio_score), C, sort_key=lambda r: r.portfolio_score),
        Column("总分", lambda r: r.score, C), Column("考核结果", lambda r: r.result, C),
        Column("先进个人候选", lambda r: "是" if r.candidate else "", C),
    ], parent)
    m.row_colour = lambda r: GOOD if r.candidate else None
    return m


def warning_model(parent=None) -> RowsTableModel[ComplianceWarning]:  # noqa: ANN001
    return RowsTableModel([Column("类型", lambda w: w.kind_label, C), Column("说明", lambda w: w.message)], parent)
