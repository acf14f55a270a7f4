"""教师与小组: the roster (花名册) on the left, this term's groups, members and 师徒结对 on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain import groups, roster, semesters
from yanxiu_desktop.ui.context import AppContext, show_error
from yanxiu_desktop.ui.models.roster import group_model, member_model, mentor_model, teacher_model
from yanxiu_desktop.ui.widgets.common import fit_columns, read_only_table, run_with_reason
from yanxiu_desktop.ui.widgets.search_box import PinyinSearchBox


def button(text: str, slot, tip: str = "") -> QPushButton:  # noqa: ANN001
    b = QPushButton(text)
    b.clicked.connect(slot)
    if tip:
        b.setToolTip(tip)
    return b


class GroupsTab(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._roster_panel())
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self._groups_panel())
        right.addWidget(self._members_panel())
        right.addWidget(self._mentors_panel())
        right.setSizes([320, 260, 180])
        split.addWidget(right)
        split.setSizes([640, 600])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(split)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=lambda: self.search.setFocus())
        ctx.semester_changed.connect(lambda _s: self.refresh_groups())
        ctx.data_changed.connect(self._on_changed)
        self.refresh_roster()
        self.refresh_groups()

    # -- panels ------------------------------------------------------------------
    def _roster_panel(self) -> QWidget:
        box = QGroupBox("教师名册")
        lay = QVBoxLayout(box)
        top = QHBoxLayout()
        self.search = PinyinSearchBox()
        self.search.search.connect(lambda _t: self.refresh_roster())
        self.search.returnPressed.connect(self.search.flush)
        self.show_inactive = QCheckBox("显示调出/退休")
        self.show_inactive.toggled.connect(lambda _c: self.refresh_roster())
        # The count sits beside the search (not beside the buttons) so the panel fits a 1024-px screen.
        self.roster_count = QLabel()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_inactive)
        top.addWidget(self.roster_count)
        lay.addLayout(top)
        self.teachers = teacher_model(self)
        self.teacher_view = read_only_table(self.teachers)
        self.teacher_view.doubleClicked.connect(lambda _i: self.edit_teacher())
        lay.addWidget(self.teacher_view)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(button("新增教师…", self.add_teacher))
        row.addWidget(button("编辑…", self.edit_teacher))
        row.addWidget(button("调出/退休…", self.retire_teacher, "教师不会被删除，历史考勤与学时仍保留"))
        row.addWidget(button("恢复在职", self.reinstate_teacher))
        row.addWidget(button("加入所选小组", self.add_selected_to_group, "把左侧选中的教师加入右侧选中的小组"))
        lay.addLayout(row)
        return box

    def _groups_panel(self) -> QWidget:
        box = QGroupBox("本学期小组")
        lay = QVBoxLayout(box)
        top = QHBoxLayout()
        self.kind_filter = QComboBox()
        self.kind_filter.addItems(["全部类型", *groups.GROUP_KINDS])
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.refresh_groups())
        top.addWidget(QLabel("类型："))
        top.addWidget(self.kind_filter)
        top.addStretch(1)
        self.no_term = QLabel("还没有学期：请先在菜单“学期 → 新建学期”中建立本学期。")
        self.no_term.setStyleSheet("color: #b00")
        top.addWidget(self.no_term)
        lay.addLayout(top)
        self.group_rows = group_model(self)
        self.group_view = read_only_table(self.group_rows)
        self.group_view.doubleClicked.connect(lambda _i: self.edit_group())
        self.group_view.selectionModel().selectionChanged.connect(lambda *_a: self.refresh_members())
        self.group_view.horizontalHeader().setStretchLastSection(False)
        self.group_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.group_view)
        row = QHBoxLayout()
        row.addStretch(1)
        self.group_buttons = [
            button("新建小组…", self.add_group),
            button("编辑…", self.edit_group),
            button("删除", self.delete_group),
            button("复制上学期小组", self.copy_groups, "把上一学期的小组、在职成员和师徒结对复制到本学期"),
        ]
        for b in self.group_buttons:
            row.addWidget(b)
        lay.addLayout(row)
        return box

    def _members_panel(self) -> QWidget:
        self.members_box = QGroupBox("小组成员")
        lay = QVBoxLayout(self.members_box)
        self.member_rows = member_model(self)
        self.member_view = read_only_table(self.member_rows)
        lay.addWidget(self.member_view)
        row = QHBoxLayout()
        row.addStretch(1)
        self.member_buttons = [
            button("添加成员…", self.add_members),
            button("设为组长", lambda: self.set_role("组长")),
            button("设为副组长", lambda: self.set_role("副组长")),
            button("设为组员", lambda: self.set_role("组员")),
            button("移出小组", self.remove_member),
        ]
        for b in self.member_buttons:
            row.addWidget(b)
        lay.addLayout(row)
        return self.members_box

    def _mentors_panel(self) -> QWidget:
        box = QGroupBox("师徒结对（青蓝工程）")
        lay = QVBoxLayout(box)
        self.mentor_rows = mentor_model(self)
        self.mentor_view = read_only_table(self.mentor_rows)
        lay.addWidget(self.mentor_view)
        row = QHBoxLayout()
        row.addStretch(1)
        self.mentor_buttons = [button("新增结对…", self.add_mentor_pair), button("解除结对", self.remove_mentor_pair)]
        for b in self.mentor_buttons:
            row.addWidget(b)
        lay.addLayout(row)
        return box

    # -- refresh -------------------------------------------------------------------
    def _on_changed(self, area: str) -> None:
        if area in ("teachers", "all"):
            self.refresh_roster()
        if area in ("teachers", "groups", "semesters", "all"):
            self.refresh_groups()

    def refresh_roster(self) -> None:
        rows = roster.teacher_rows(self.search.text().strip(), include_inactive=self.show_inactive.isChecked())
        self.teachers.set_rows(rows)
        fit_columns(self.teacher_view)
        active = sum(r.status == "在职" for r in rows)
        self.roster_count.setText(f"共 {len(rows)} 人（在职 {active} 人）")

    def refresh_groups(self) -> None:
        sem = self.ctx.semester
        self.no_term.setVisible(sem is None)
        editable = sem is not None and not sem.closed
        for b in (*self.group_buttons, *self.member_buttons, *self.mentor_buttons):
            b.setEnabled(editable)
        keep = self.current_group_id()
        if sem is None:
            self.group_rows.set_rows([])
            self.mentor_rows.set_rows([])
        else:
            kind = self.kind_filter.currentText()
            rows = groups.group_rows(sem)
            if kind != "全部类型":
                rows = [r for r in rows if r.kind == kind]
            self.group_rows.set_rows(rows)
            self.mentor_rows.set_rows(groups.mentor_rows(sem))
        fit_columns(self.group_view)
        self._select_group(keep)
        self.refresh_members()

    def _select_group(self, group_id: int | None) -> None:
        for i, r in enumerate(self.group_rows.rows):
            if r.id == group_id:
                self.group_view.selectRow(i)
                return
        if self.group_rows.rows:
            self.group_view.selectRow(0)

    def refresh_members(self) -> None:
        gid = self.current_group_id()
        if gid is None:
            self.member_rows.set_rows([])
            self.members_box.setTitle("小组成员")
            return
        g = groups.get_group(gid)
        self.member_rows.set_rows(groups.members(g))
        self.members_box.setTitle(f"小组成员：{g.name}（{self.member_rows.rowCount()} 人）")

    # -- selection helpers ---------------------------------------------------------
    @staticmethod
    def _selected(view: QTableView, model) -> list:  # noqa: ANN001
        rows = sorted({i.row() for i in view.selectionModel().selectedRows()})
        return [model.rows[r] for r in rows]

    def current_group_id(self) -> int | None:
        sel = self._selected(self.group_view, self.group_rows)
        return sel[0].id if sel else None

    def selected_teacher_ids(self) -> list[int]:
        return [r.id for r in self._selected(self.teacher_view, self.teachers)]

    # -- roster actions ----------------------------------------------------------------
    def add_teacher(self) -> None:
        from yanxiu_desktop.ui.dialogs.teacher import TeacherDialog

        if TeacherDialog(self).exec():
            self.ctx.changed("teachers")

    def edit_teacher(self) -> None:
        from yanxiu_desktop.ui.dialogs.teacher import TeacherDialog

        ids = self.selected_teacher_ids()
        if not ids:
            return
        if TeacherDialog(self, roster.get_teacher(ids[0])).exec():
            self.ctx.changed("teachers")

    def retire_teacher(self) -> None:
        ids = self.selected_teacher_ids()
        if not ids:
            return
        t = roster.get_teacher(ids[0])
        status, ok = QInputDialog.getItem(self, "调出/退休", f"{t.name} 的新状态：", ["调出", "退休"], 0, False)
        if not ok:
            return
        if not run_with_reason(self, "调出/退休", f"{t.name}{status}的原因（必填，写入操作记录）：",
                               lambda reason: roster.set_status(t.id, status, reason=reason)):
            return
        self.ctx.changed("teachers")
        self.ctx.status_message.emit(f"{t.name} 已标记为{status}，历史记录保留")

    def reinstate_teacher(self) -> None:
        ids = self.selected_teacher_ids()
        if not ids:
            return
        try:
            roster.set_status(ids[0], "在职", reason="恢复在职")
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.ctx.changed("teachers")

    def add_selected_to_group(self) -> None:
        gid = self.current_group_id()
        ids = self.selected_teacher_ids()
        if gid is None or not ids:
            QMessageBox.information(self, "加入小组", "请先在左侧选中教师，并在右侧选中一个小组。")
            return
        self._add_members(gid, ids)

    # -- group actions -------------------------------------------------------------------
    def add_group(self) -> None:
        from yanxiu_desktop.ui.dialogs.group import GroupDialog

        if self.ctx.semester is None:
            return
        dlg = GroupDialog(self, self.ctx.semester)
        if dlg.exec():
            self.ctx.changed("groups")
            self._select_group(dlg.group.id)

    def edit_group(self) -> None:
        from yanxiu_desktop.ui.dialogs.group import GroupDialog

        gid = self.current_group_id()
        if gid is None or self.ctx.semester is None:
            return
        if GroupDialog(self, self.ctx.semester, groups.get_group(gid)).exec():
            self.ctx.changed("groups")

    def delete_group(self) -> None:
        gid = self.current_group_id()
        if gid is None:
            return
        g = groups.get_group(gid)
        if QMessageBox.question(self, "删除小组", f"确定删除「{g.name}」吗？成员名单一并删除。") \
                != QMessageBox.StandardButton.Yes:
            return
        try:
            groups.delete_group(gid)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.ctx.changed("groups")

    def copy_groups(self) -> None:
        sem = self.ctx.semester
        if sem is None:
            return
        prev = semesters.previous_semester(sem)
        if prev is None:
            QMessageBox.information(self, "复制上学期小组", "没有更早的学期可以复制。")
            return
        try:
            n_groups, n_members, n_pairs = groups.copy_groups(prev, sem)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.ctx.changed("groups")
        QMessageBox.information(
            self, "复制上学期小组",
            f"已从{semesters.semester_label(prev)}复制小组 {n_groups} 个、成员 {n_members} 人次、"
            f"师徒结对 {n_pairs} 对。\n已存在的同名小组未重复复制；调出、退休的教师未复制。")

    # -- member actions -------------------------------------------------------------------
    def add_members(self) -> None:
        from yanxiu_desktop.ui.dialogs.teacher_picker import TeacherPicker

        gid = self.current_group_id()
        if gid is None:
            return
        have = {m.teacher_id for m in self.member_rows.rows}
        picker = TeacherPicker(self, "添加小组成员", multi=True, exclude_ids=have)
        if picker.exec():
            self._add_members(gid, picker.selected_ids())

    def _add_members(self, gid: int, ids: list[int]) -> None:
        try:
            groups.set_members(gid, ids, "组员", keep_existing_role=True)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
        self.ctx.changed("groups")

    def set_role(self, role: str) -> None:
        gid = self.current_group_id()
        sel = self._selected(self.member_view, self.member_rows)
        if gid is None or not sel:
            return
        try:
            groups.set_members(gid, [m.teacher_id for m in sel], role)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
        self.ctx.changed("groups")

    def remove_member(self) -> None:
        gid = self.current_group_id()
        sel = self._selected(self.member_view, self.member_rows)
        if gid is None or not sel:
            return
        try:
            groups.remove_members(gid, [m.teacher_id for m in sel])
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
        self.ctx.changed("groups")

    # -- mentor pairs -------------------------------------------------------------------------
    def add_mentor_pair(self) -> None:
        from yanxiu_desktop.ui.dialogs.teacher_picker import TeacherPicker

        sem = self.ctx.semester
        if sem is None:
            return
        mentor = TeacherPicker(self, "选择师傅", multi=False)
        if not mentor.exec() or not mentor.selected_ids():
            return
        mentee = TeacherPicker(self, "选择徒弟", multi=False, exclude_ids=set(mentor.selected_ids()))
        if not mentee.exec() or not mentee.selected_ids():
            return
        try:
            groups.add_mentor_pair(sem, mentor.selected_ids()[0], mentee.selected_ids()[0])
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.ctx.changed("groups")

    def remove_mentor_pair(self) -> None:
        sel = self._selected(self.mentor_view, self.mentor_rows)
        if not sel:
            return
        try:
            groups.remove_mentor_pair(sel[0].id)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.ctx.changed("groups")
