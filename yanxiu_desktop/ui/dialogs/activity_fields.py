"""Form pieces the activity and recurring-activity dialogs share: kind, theme, group, people, hours."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QLineEdit, QTimeEdit

from yanxiu_desktop.domain import groups as groups_mod
from yanxiu_desktop.domain.activities import (
    ACTIVITY_KINDS,
    default_category,
    host_label,
    known_places,
    presenter_label,
)
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.policy import load_policy
from yanxiu_desktop.domain.roster import list_teachers
from yanxiu_desktop.store.models import Activity, Group, Semester
from yanxiu_desktop.ui.widgets.teacher_combo import TeacherCombo

OUTSIDE_HINT = "本校教师：姓名、拼音或首字母；校外专家：直接输入姓名"


def time_edit(text: str = "15:30") -> QTimeEdit:
    w = QTimeEdit()
    w.setDisplayFormat("HH:mm")
    w.setTime(QTime.fromString(text or "15:30", "HH:mm"))
    return w


class CommonFields:
    """Builds the shared rows into a QFormLayout and reads them back as domain keyword arguments."""

    def __init__(self, sem: Semester, form: QFormLayout):
        self.sem = sem
        self.policy = load_policy()
        teachers = list_teachers()  # in pinyin order
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
        self.place.addItems(["", *known_places(sem)])
        self.host = TeacherCombo(teachers, placeholder=OUTSIDE_HINT)
        self.presenter = TeacherCombo(teachers, placeholder=OUTSIDE_HINT)
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
        self.host.set_teacher(a.host_id, host_label(a))
        self.presenter.set_teacher(a.presenter_id, presenter_label(a))
        if a.hours_category:
            self.category.setCurrentText(a.hours_category)

    def check_people(self) -> None:
        """Raise a ValidationError when 主持人 or 主讲人 is typed pinyin that names several teachers."""
        problems = [f"{label}：{box.problem()}" for label, box in (("主持人", self.host), ("主讲人", self.presenter))
                    if box.problem()]
        if problems:
            raise ValidationError(problems)

    def values(self) -> dict[str, Any]:
        host_id, host_name = self.host.person()
        presenter_id, presenter_name = self.presenter.person()
        return {"kind": self.kind.currentText(), "theme": self.theme.text(), "group_id": self.group.currentData(),
                "place": self.place.currentText().strip(), "host_id": host_id, "host_name": host_name,
                "presenter_id": presenter_id, "presenter_name": presenter_name,
                "hours_category": self.category.currentText()}
