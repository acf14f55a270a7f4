"""Table models for the roster, groups, members and mentor pairs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from yanxiu_desktop.domain.groups import GroupRow, MemberRow, MentorRow
from yanxiu_desktop.domain.roster import TeacherRow
from yanxiu_desktop.ui.models.base import Column, RowsTableModel

CENTER = Qt.AlignmentFlag.AlignCenter


def teacher_model(parent=None) -> RowsTableModel[TeacherRow]:  # noqa: ANN001
    m: RowsTableModel[TeacherRow] = RowsTableModel([
        Column("姓名", lambda r: r.name, sort_key=lambda r: (r.pinyin, r.name),
               tooltip=lambda r: f"{r.pinyin}（{r.initials}）"),
        Column("性别", lambda r: r.gender, CENTER),
        Column("出生日期", lambda r: r.birth_date, CENTER),
        Column("学科", lambda r: r.subject),
        Column("职称", lambda r: r.title),
        Column("学历", lambda r: r.education, CENTER),
        Column("角色", lambda r: r.role),
        Column("班主任", lambda r: r.head_teacher, CENTER),
        Column("荣誉", lambda r: r.honours),
        Column("状态", lambda r: r.status, CENTER),
    ], parent)
    m.row_colour = lambda r: QColor("#eeeeee") if r.status != "在职" else None
    return m


def group_model(parent=None) -> RowsTableModel[GroupRow]:  # noqa: ANN001
    return RowsTableModel([
        Column("类型", lambda r: r.kind),
        Column("名称", lambda r: r.name),
        Column("学科", lambda r: r.subject),
        Column("年级", lambda r: r.grade),
        Column("组长", lambda r: r.leader),
        Column("人数", lambda r: r.members, Qt.AlignmentFlag.AlignRight),
    ], parent)


def member_model(parent=None) -> RowsTableModel[MemberRow]:  # noqa: ANN001
    return RowsTableModel([
        Column("姓名", lambda r: r.name, sort_key=lambda r: (r.pinyin, r.name)),
        Column("学科", lambda r: r.subject),
        Column("组内职务", lambda r: r.role, CENTER),
    ], parent)


def mentor_model(parent=None) -> RowsTableModel[MentorRow]:  # noqa: ANN001
    return RowsTableModel([
        Column("师傅", lambda r: r.mentor),
        Column("徒弟", lambda r: r.mentee),
        Column("学科", lambda r: r.subject),
        Column("备注", lambda r: r.note),
    ], parent)
