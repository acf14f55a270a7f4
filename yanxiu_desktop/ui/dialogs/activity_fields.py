"""Form pieces the activity and recurring-activity dialogs share: kind, theme, group, people, hours."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QLineEdit, QTimeEdit, QWidget

from yanxiu_desktop.domain import groups as groups_mod
from yanxiu_desktop.domain.activities import ACTIVITY_KINDS, default_category, school_teachers
from yanxiu_desktop.domain.names import sort_key
from yanxiu_desktop.domain.policy import load_policy
from yanxiu_desktop.store.models import Activity, Group, Semester

OUTSIDE_HINT = "选择本校教师，或直接输入校外专家姓名"


def time_edit(text: str = "15:30") -> QTimeEdit:
    w = QTimeEdit()
    w.setDisplayFormat("HH:mm")
    w.setTime(QTime.fromString(text or "15:30", "HH:mm"))
    return w


class PersonBox(QComboBox):
    """A teacher by name (pinyin order), or any typed name for an outside host or expert."""

    def __init__(self, teachers: list[Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.lineEdit().setPlaceholderText(OUTSIDE_HINT)
        self.addItem("", None)
        for t in teachers:
            self.addItem(t.name, t.id)
        self.setCurrentIndex(0)

    def set_person(self, teacher_id: int | None, name: str) -> None:
        idx = self.findData(teacher_id) if teacher_id else -1
        if idx >= 0:
            self.setCurrentIndex(idx)
        else:
            self.setEditText(name)

    def person(self) -> tuple[int | None, str]:
        text = self.currentText().strip()
        if not text:
            return None, ""
        idx = self.findText(text)
        if idx > 0:
            return self.itemData(idx), ""
        return None, text


class CommonFields:
    """Builds the shared rows into a QFormLayout and reads them back as domain keyword arguments."""

    def __init__(self, sem: Semester, form: QFormLayout):
        self.sem = sem
        self.policy = load_policy()
        teachers = sorted(school_teachers(), key=lambda t: sort_key(t.pinyin, t.name))
        self.kind = QComboBox()
        self.kind.addItems(ACTIVITY_KINDS)
        self.theme = QLineEdit()
        self.theme.setPlaceholderText("活动主题（内容），如：第三单元集体备课")
        self.group = QComboBox()
        self.group.addItem("全校", None)
        self.groups: list[Group] = groups_mod.list_groups(sem)
        for g in self.groups:
            self.group.addItem(g.name, g.id)
        self.place = QComboBox()
        self.place.setEditable(True)
        places = sorted({a.place for a in Activity.select(Activity.place).where(Activity.semester == sem)
                         if a.place})
        self.place.addItems(["", *places])
        self.host = PersonBox(teachers)
        self.presenter = PersonBox(teachers)
        self.category = QComboBox()
        self.category.addItems(self.policy.category_names() or [""])
        self.group.currentIndexChanged.connect(self._default_category)
        self._default_category()
        form.addRow("活动形式", self.kind)
        form.addRow("活动主题", self.theme)
        form.addRow("组织（参加小组）", self.group)
        form.addRow("地点", self.place)
        form.addRow("主持人", self.host)
        form.addRow("主讲人/中心发言人", self.presenter)

    def add_hours_rows(self, form: QFormLayout) -> QDoubleSpinBox:
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0, 24)
        self.hours.setSingleStep(0.5)
        self.hours.setDecimals(1)
        self.hours.setSuffix(" 学时")
        form.addRow("学时", self.hours)
        form.addRow("学时类别", self.category)
        return self.hours

    def group_obj(self) -> Group | None:
        gid = self.group.currentData()
        return next((g for g in self.groups if g.id == gid), None)

    def _default_category(self) -> None:
        name = default_category(self.policy, self.group_obj())
        idx = self.category.findText(name)
        if idx >= 0:
            self.category.setCurrentIndex(idx)

    def load(self, a: Activity) -> None:
        self.kind.setCurrentText(a.kind)
        self.theme.setText(a.theme)
        self.group.setCurrentIndex(max(0, self.group.findData(a.group_id)))
        self.place.setEditText(a.place)
        self.host.set_person(a.host_id, a.host_name)
        self.presenter.set_person(a.presenter_id, a.presenter_name)
        if a.hours_category:
            self.category.setCurrentText(a.hours_category)

    def values(self) -> dict[str, Any]:
        host_id, host_name = self.host.person()
        presenter_id, presenter_name = self.presenter.person()
        return {"kind": self.kind.currentText(), "theme": self.theme.text(), "group_id": self.group.currentData(),
                "place": self.place.currentText().strip(), "host_id": host_id, "host_name": host_name,
                "presenter_id": presenter_id, "presenter_name": presenter_name,
                "hours_category": self.category.currentText()}
