"""Create or edit a group (教研组、备课组…)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QWidget

from yanxiu_desktop.domain import groups
from yanxiu_desktop.store.models import Group, Semester
from yanxiu_desktop.ui.context import show_error
from yanxiu_desktop.ui.widgets.common import save_cancel_buttons


class GroupDialog(QDialog):
    def __init__(self, parent: QWidget | None, semester: Semester, group: Group | None = None):
        super().__init__(parent)
        self.semester = semester
        self.group = group
        self.setWindowTitle("编辑小组" if group else "新建小组")
        form = QFormLayout(self)
        self.kind = QComboBox()
        self.kind.addItems(groups.GROUP_KINDS)
        self.kind.setCurrentText(group.kind if group else "教研组")
        self.name = QLineEdit(group.name if group else "")
        self.name.setPlaceholderText("如：数学教研组、三年级语文备课组")
        self.subject = QLineEdit(group.subject if group else "")
        self.grade = QLineEdit(group.grade if group else "")
        self.note = QLineEdit(group.note if group else "")
        form.addRow("类型", self.kind)
        form.addRow("名称*", self.name)
        form.addRow("学科", self.subject)
        form.addRow("年级", self.grade)
        form.addRow("备注", self.note)
        buttons = save_cancel_buttons(self, self.save)
        form.addRow(buttons)

    def save(self) -> None:
        args = (self.kind.currentText(), self.name.text(), self.subject.text(), self.grade.text(), self.note.text())
        try:
            if self.group is None:
                self.group = groups.create_group(self.semester, *args)
            else:
                self.group = groups.update_group(self.group.id, *args)
        except Exception as exc:  # noqa: BLE001 - shown to the user; nothing written
            show_error(self, exc)
            return
        self.accept()
