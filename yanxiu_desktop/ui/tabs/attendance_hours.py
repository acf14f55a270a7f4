"""The 签到考勤 tab's 教师学时与出勤率 page: every teacher's 学时 by category, each group's 出勤率, one teacher's
sessions, and 学时认定 (granting hours for work without a sign-in sheet, withdrawing a wrong grant)."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QWidget,
)

from yanxiu_desktop.domain import hours as hours_mod
from yanxiu_desktop.domain import hours_credit
from yanxiu_desktop.domain.policy import load_policy
from yanxiu_desktop.ui.context import AppContext
from yanxiu_desktop.ui.dialogs.hours_credit import HoursCreditDialog
from yanxiu_desktop.ui.models.attendance import hours_model
from yanxiu_desktop.ui.models.base import Column, RowsTableModel
from yanxiu_desktop.ui.models.hours_credit import COL_BASIS, COL_ITEM, credit_model
from yanxiu_desktop.ui.widgets.common import fit_columns, read_only_table, run_with_reason, stacked

MAX_TEXT_WIDTH = 200  # 认定依据 and 档案材料 in the half-width 学时认定记录
TEACHER_HINT = "点击上表中的一位教师，查看其每次活动的考勤与学时认定"


class HoursPage(QSplitter):
    """Group rates over the 学时 table over one teacher's sessions and the 学时认定记录 (a vertical splitter)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.ctx = ctx
        self._teacher_id: int | None = None  # the teacher shown under the hours table
        self.hours = hours_model([])
        self.hours_table = QTableView()
        self.hours_table.setSortingEnabled(False)
        self.hours_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.hours_table.clicked.connect(self._show_teacher)
        self.sessions_model: RowsTableModel = RowsTableModel([
            Column("日期", lambda s: s.date), Column("活动", lambda s: s.theme), Column("类别", lambda s: s.category),
            Column("学时", lambda s: s.hours, Qt.AlignmentFlag.AlignRight), Column("考勤", lambda s: s.status),
            Column("计入学时", lambda s: s.earns, Qt.AlignmentFlag.AlignRight)])
        self.sessions_table = QTableView()
        self.sessions_table.setModel(self.sessions_model)
        self.teacher_label = QLabel(TEACHER_HINT)
        self.group_rates_model: RowsTableModel[hours_mod.GroupRate] = RowsTableModel([
            Column("小组", lambda g: g.name), Column("活动次数", lambda g: g.activities, Qt.AlignmentFlag.AlignRight),
            Column("实到人次", lambda g: g.present, Qt.AlignmentFlag.AlignRight),
            Column("应到人次（不含公假）", lambda g: g.denominator, Qt.AlignmentFlag.AlignRight),
            Column("出勤率", lambda g: "" if g.rate is None else f"{g.rate:.1%}", Qt.AlignmentFlag.AlignRight,
                   sort_key=lambda g: g.rate)])
        self.group_rates_table = QTableView()
        self.group_rates_table.setModel(self.group_rates_model)
        self.group_rates_table.setSortingEnabled(True)
        self.group_rates_table.verticalHeader().hide()
        self.group_rates_table.horizontalHeader().setStretchLastSection(True)
        rates_box = stacked(QLabel("各组出勤率（本组组织的活动；全校活动单列）"), self.group_rates_table)
        self.credit_btn = QPushButton("学时认定…")
        self.credit_btn.setToolTip("为自主研修（读书笔记、教育叙事、论文等）等没有签到表的研修认定学时；"
                                   "先在表中选中教师，可一次选多位")
        self.credit_btn.clicked.connect(self.credit_hours)
        hours_head = QHBoxLayout()
        hours_head.addWidget(QLabel("教师学时（点击一位教师查看明细）"))
        hours_head.addStretch(1)
        hours_head.addWidget(self.credit_btn)
        self.teacher_label.setWordWrap(True)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(stacked(self.teacher_label, self.sessions_table))
        lower.addWidget(self._credits_box())
        self.addWidget(rates_box)
        self.addWidget(stacked(hours_head, self.hours_table))
        self.addWidget(lower)
        for splitter, shares in ((lower, (1, 1)), (self, (2, 5, 4))):  # the 学时 table gets the room
            splitter.setSizes([share * 1000 for share in shares])  # proportions of whatever space there is
            for i, share in enumerate(shares):
                splitter.setStretchFactor(i, share)
        ctx.semester_changed.connect(self._forget_teacher)  # connected before the tab's reload

    def _forget_teacher(self, _sem: object) -> None:
        self._teacher_id = None

    def _credits_box(self) -> QWidget:
        """学时认定记录: the term's credits (one teacher's while a teacher is shown), and 撤销认定…."""
        self.credits_model = credit_model(self)
        self.credits_table = read_only_table(self.credits_model, single=True)
        self.credits_table.selectionModel().selectionChanged.connect(lambda *_: self._update_credit_buttons())
        self.credits_label = QLabel()
        self.all_credits_btn = QPushButton("显示全部教师")
        self.all_credits_btn.setToolTip("显示本学期全部教师的学时认定")
        self.all_credits_btn.clicked.connect(lambda: self.show_teacher(None))
        self.withdraw_btn = QPushButton("撤销认定…")
        self.withdraw_btn.setToolTip("撤销选中的一条学时认定（须说明原因，记入审计日志）")
        self.withdraw_btn.clicked.connect(self.withdraw_credit)
        head = QHBoxLayout()
        head.addWidget(self.credits_label, 1)
        head.addWidget(self.all_credits_btn)
        head.addWidget(self.withdraw_btn)
        return stacked(head, self.credits_table)

    def reload_credits(self) -> None:
        sem = self.ctx.semester
        rows = hours_credit.list_credits(sem, self._teacher_id) if sem is not None else []
        self.credits_model.set_rows(rows)
        fit_columns(self.credits_table)
        for col in (COL_BASIS, COL_ITEM):  # long titles: the tooltip has them whole
            self.credits_table.setColumnWidth(col, min(self.credits_table.columnWidth(col), MAX_TEXT_WIDTH))
        if self._teacher_id is None:
            self.credits_label.setText(f"学时认定记录（本学期全部，{len(rows)} 条）")
        else:
            h = self.hours_row(self._teacher_id)
            self.credits_label.setText(f"学时认定记录：{h.name if h else '所选教师'}（{len(rows)} 条）")
        self.all_credits_btn.setVisible(self._teacher_id is not None)
        self._update_credit_buttons()

    def _update_credit_buttons(self) -> None:
        sem = self.ctx.semester
        writable = sem is not None and not sem.closed
        self.credit_btn.setEnabled(writable)
        self.withdraw_btn.setEnabled(writable and self.selected_credit() is not None)

    def show_teacher(self, teacher_id: int | None) -> None:
        """Under the hours table: *teacher_id*'s sessions, figures and credits, or (None) every credit."""
        h = self.hours_row(teacher_id) if teacher_id is not None else None
        sem = self.ctx.semester
        self._teacher_id = h.teacher_id if h is not None and sem is not None else None
        if h is None or sem is None:
            self.hours_table.clearSelection()
            self.sessions_model.set_rows([])
            self.teacher_label.setText(TEACHER_HINT)
            self.reload_credits()
            return
        # A category lost to the one-third rule earns nothing, so its sessions show 0 (the column adds up).
        lost = {c.name for c in h.categories.values() if c.lost}
        self.sessions_model.set_rows([dataclasses.replace(s, earns=0.0) if s.category in lost else s
                                      for s in hours_mod.teacher_sessions(sem, h.teacher_id)])
        fit_columns(self.sessions_table)
        parts = [f"{c.name} {c.earned:g}/{c.required:g}" + ("（缺席三分之一以上，取消）" if c.lost else "")
                 for c in h.categories.values()]
        rate = "" if h.rate is None else f"，出勤率 {h.rate:.0%}"
        credited = sum(c.credited for c in h.categories.values())
        granted = f"（其中学时认定 {credited:g} 学时）" if credited else ""
        self.teacher_label.setText(f"{h.name}：合计 {h.total:g} 学时{granted}，应修 {h.required:g}{rate}；"
                                   + "；".join(parts))
        self.reload_credits()

    def hours_row(self, teacher_id: int) -> hours_mod.TeacherHours | None:
        return next((h for h in self.hours.rows if h.teacher_id == teacher_id), None)

    def selected_credit(self) -> hours_credit.CreditRow | None:
        rows = self.credits_table.selectionModel().selectedRows()
        return self.credits_model.row_at(rows[0].row()) if rows else None

    def selected_teacher_ids(self) -> list[int]:
        """The teachers selected in the hours table (the one clicked last first)."""
        rows = sorted({i.row() for i in self.hours_table.selectionModel().selectedRows()})
        ids = [h.teacher_id for r in rows if (h := self.hours.row_at(r)) is not None]
        if self._teacher_id in ids:
            ids.remove(self._teacher_id)
            ids.insert(0, self._teacher_id)
        return ids

    def credit_hours(self) -> HoursCreditDialog | None:
        """学时认定…, with the teachers selected in the hours table already ticked."""
        sem = self.ctx.semester
        if sem is None or sem.closed:
            return None
        dlg = HoursCreditDialog(self, sem, self.selected_teacher_ids())
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.accepted.connect(lambda: self._credited(dlg))
        dlg.open()
        return dlg

    def _credited(self, dlg: HoursCreditDialog) -> None:
        first = dlg.saved[0] if dlg.saved else None
        if first is not None:
            who = first.teacher.name if len(dlg.saved) == 1 else f" {len(dlg.saved)} 位教师"
            self.ctx.status_message.emit(f"已为{who}认定{first.category} {first.hours:g} 学时")
        self.ctx.changed("hours_credit")

    def withdraw_credit(self) -> None:
        c = self.selected_credit()
        if c is None:
            return
        if not run_with_reason(self, "撤销学时认定", f"撤销 {c.name} 的{c.category} {c.hours:g} 学时（{c.basis}）？\n"
                               "撤销后不计入学时，记入审计日志。\n撤销原因：",
                               lambda reason: hours_credit.withdraw_credit(c.id, reason), "学时认定未撤销"):
            return
        self.ctx.status_message.emit(f"已撤销 {c.name} 的{c.category} {c.hours:g} 学时")
        self.ctx.changed("hours_credit")

    def reload(self) -> None:
        """学时 and 出勤率 of the term (and the shown teacher's figures) from the database."""
        sem = self.ctx.semester
        rows = hours_mod.teacher_hours(sem) if sem is not None else []
        cats = load_policy(sem).category_names()
        cats += sorted({c for h in rows for c in h.categories} - set(cats))
        self.hours = hours_model(cats)
        self.hours.set_rows(rows)
        self.hours_table.setModel(self.hours)
        fit_columns(self.hours_table)
        self.group_rates_model.set_rows(hours_mod.group_rates(sem) if sem is not None else [])
        fit_columns(self.group_rates_table)
        self.show_teacher(self._teacher_id)  # the shown teacher's new figures (or every credit)
        if self._teacher_id is not None:
            self.hours_table.selectRow(self.hours.rows.index(self.hours_row(self._teacher_id)))


    def _show_teacher(self, index: QModelIndex) -> None:
        h = self.hours.row_at(index.row())
        if h is not None:
            self.show_teacher(h.teacher_id)
