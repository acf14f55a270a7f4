"""学时认定: grant 学时 for work without a sign-in sheet (自主研修 读书笔记, 教育叙事, 小课题…) to one or more
teachers at once. Nothing is stored unless every field is right; the problems are listed and the input kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain import groups as groups_mod
from yanxiu_desktop.domain import hours as hours_mod
from yanxiu_desktop.domain import hours_credit, portfolio, roster
from yanxiu_desktop.domain.policy import load_policy
from yanxiu_desktop.domain.semesters import end_date, semester_label
from yanxiu_desktop.store.models import HoursCredit, Semester
from yanxiu_desktop.ui.context import show_error
from yanxiu_desktop.ui.dialogs.activity import pydate, qdate
from yanxiu_desktop.ui.models.participants import CheckableTeachersModel
from yanxiu_desktop.ui.widgets.common import initial_size, read_only_table, save_cancel_buttons
from yanxiu_desktop.ui.widgets.search_box import PinyinSearchBox

DEFAULT_CATEGORY = "自主研修"
HINT_STYLE = "color: gray"
NAMES_SHOWN = 8  # who is ticked, under the list (a filter may hide them)


class HoursCreditDialog(QDialog):
    """Tick the teachers, fill in 类别 / 学时 / 日期 / 认定依据, 保存. ``saved`` holds the new credits."""

    def __init__(self, parent: QWidget | None, sem: Semester, teacher_ids: Iterable[int] = (),
                 today: dt.date | None = None):
        super().__init__(parent)
        self.sem = sem
        self.saved: list[HoursCredit] = []
        self.policy = load_policy()
        self.setWindowTitle(f"学时认定 — {semester_label(sem)}")
        initial_size(self, 820, 520)

        outer = QHBoxLayout()
        outer.addLayout(self._people_panel(list(teacher_ids)), 2)
        outer.addLayout(self._form(today or dt.date.today()), 3)
        note = QLabel("认定的学时计入教师学时汇总和统计报表。认定有误时，在“学时认定记录”中撤销后重新认定。")
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        lay = QVBoxLayout(self)
        if sem.closed:
            closed = QLabel("该学期已结束归档，不能再认定学时（如需认定请先重新开启学期）。")
            closed.setStyleSheet("color: #b00020")
            lay.addWidget(closed)
        lay.addLayout(outer, 1)
        lay.addWidget(note)
        self.buttons = save_cancel_buttons(self, self.save)
        lay.addWidget(self.buttons)
        self._teachers_changed()
        self.category.currentTextChanged.connect(self._update_hint)
        self.people_search.setFocus()

    # -- who ---------------------------------------------------------------------------------
    def _people_panel(self, preselected: list[int]) -> QVBoxLayout:
        teachers = roster.list_teachers()
        missing = set(preselected) - {t.id for t in teachers}
        if missing:  # someone no longer on staff who still has hours this term
            teachers += [t for t in roster.list_teachers(include_inactive=True) if t.id in missing]
        self.people_model = CheckableTeachersModel(teachers, self)
        self.people_model.set_checked(preselected)
        self.people_model.toggled.connect(lambda _tid, _on: self._teachers_changed())
        self.people_search = PinyinSearchBox()
        self.people_search.search.connect(self.people_model.set_filter)
        self.people_search.returnPressed.connect(self.people_search.flush)
        self.people = read_only_table(self.people_model, fit_contents=True)  # the tick box fits too
        self.people.setSortingEnabled(False)  # the roster's pinyin order
        self.all_btn = QPushButton("全选")
        self.none_btn = QPushButton("清空")
        self.all_btn.clicked.connect(lambda: self._tick({t.id for t in self.people_model.teachers}))
        self.none_btn.clicked.connect(lambda: self._tick(set(), replace=True))
        self.group_box = QComboBox()
        self.group_box.addItem("按小组勾选…", None)
        for g in groups_mod.list_groups(self.sem):
            self.group_box.addItem(g.name, g.id)
        self.group_box.setToolTip("勾选一个小组（如课题组）的全部成员，已勾选的教师保留")
        self.group_box.activated.connect(self._tick_group)
        quick = QHBoxLayout()
        quick.addWidget(self.all_btn)
        quick.addWidget(self.none_btn)
        quick.addWidget(self.group_box, 1)
        self.people_count = QLabel()
        box = QVBoxLayout()
        box.addWidget(QLabel("认定给哪些教师（勾选，可多选）"))
        box.addWidget(self.people_search)
        box.addLayout(quick)
        box.addWidget(self.people, 1)
        box.addWidget(self.people_count)
        self._first = preselected[0] if preselected else None
        return box

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        rows = [i for i, t in enumerate(self.people_model.rows) if t.id == self._first]
        if rows:  # once the list has its size: the teacher chosen in the hours table is in sight
            self.people.scrollTo(self.people_model.index(rows[0], 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        self._first = None

    def _tick(self, ids: set[int], replace: bool = False) -> None:
        self.people_model.set_checked(ids if replace else ids | set(self.checked_ids()))
        self._teachers_changed()

    def _tick_group(self, index: int) -> None:
        gid = self.group_box.itemData(index)
        if gid is not None:
            self._tick({m.teacher_id for m in groups_mod.members(groups_mod.get_group(gid))})
        self.group_box.setCurrentIndex(0)

    def checked_ids(self) -> list[int]:
        return self.people_model.checked_ids()

    # -- what --------------------------------------------------------------------------------
    def _form(self, today: dt.date) -> QFormLayout:
        self.category = QComboBox()
        names = self.policy.category_names()
        self.category.addItems(names)
        self.category.setEditable(not names)  # a policy without categories: any name
        if DEFAULT_CATEGORY in names:
            self.category.setCurrentText(DEFAULT_CATEGORY)
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0, hours_credit.MAX_HOURS)
        self.hours.setDecimals(1)
        self.hours.setSingleStep(0.5)
        self.hours.setSuffix(" 学时")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(HINT_STYLE)
        first, last = self.sem.start_date, end_date(self.sem)
        self.date = QDateEdit(qdate(min(max(today, first), last)))
        self.date.setDateRange(qdate(first), qdate(last))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.basis = QComboBox()
        self.basis.setEditable(True)
        self.basis.addItems(hours_credit.BASIS_SUGGESTIONS)
        self.basis.setCurrentIndex(-1)
        self.basis.lineEdit().setPlaceholderText("如：读书笔记一万字，已交教导处")
        self.item = QComboBox()
        self.item.activated.connect(self._item_chosen)
        form = QFormLayout()
        for label, field in (("学时类别", self.category), ("认定学时", self.hours), ("", self.hint),
                             ("认定日期", self.date), ("认定依据", self.basis), ("依据的档案材料", self.item)):
            form.addRow(label, field)
        return form

    def _teachers_changed(self) -> None:
        ids = self.checked_ids()
        names = [t.name for t in self.people_model.teachers if t.id in set(ids)]
        shown = "、".join(names[:NAMES_SHOWN]) + ("等" if len(names) > NAMES_SHOWN else "")
        self.people_count.setText(f"已选 {len(ids)} 人" + (f"：{shown}" if names else ""))
        self.item.clear()
        if len(ids) == 1:
            self.item.addItem("（不关联档案材料）", None)
            done = hours_credit.credited_item_ids(self.sem, ids[0])
            for it in portfolio.list_items(teacher_id=ids[0], semester=self.sem):
                if it.id in done:  # already earned its 学时: offering it again invites a double count
                    continue
                self.item.addItem(f"{it.date.isoformat() if it.date else ''} {it.kind}：{it.title}".strip(), it.id)
            self.item.setEnabled(self.item.count() > 1)
            if self.item.count() == 1:
                self.item.setItemText(0, "（这位教师本学期没有档案材料）")
        else:
            self.item.addItem("（只选一位教师时可关联）", None)
            self.item.setEnabled(False)
        self._update_hint()

    def _item_chosen(self, index: int) -> None:
        """Choosing the material fills an empty 认定依据 with it (still editable)."""
        item_id = self.item.itemData(index)
        if item_id is not None and not self.basis.currentText().strip():
            it = portfolio.get_item(item_id)
            self.basis.setEditText(f"{it.kind}“{it.title}”")

    def _update_hint(self) -> None:
        name = self.category.currentText()
        need = next((c.required for c in self.policy.hours_categories if c.name == name), 0.0)
        parts = [f"本校制度：{name}每学期要求 {need:g} 学时"] if need else []
        ids = self.checked_ids()
        if len(ids) == 1 and name:
            rows = hours_mod.teacher_hours(self.sem, self.policy, teacher_ids=ids)
            if rows:
                parts.append(f"{rows[0].name}本学期已有 {rows[0].hours(name):g} 学时")
        self.hint.setText("；".join(parts))

    # -- save --------------------------------------------------------------------------------
    def values(self) -> dict:
        return {"teacher_ids": self.checked_ids(), "category": self.category.currentText(),
                "hours": self.hours.value(), "day": pydate(self.date.date()), "basis": self.basis.currentText(),
                "portfolio_item_id": self.item.currentData() if self.item.isEnabled() else None}

    def save(self) -> None:
        try:
            self.saved = hours_credit.add_credits(self.sem, **self.values())
        except Exception as exc:  # shown to the user; nothing was written
            show_error(self, exc, "学时认定未保存")
            return
        self.accept()
