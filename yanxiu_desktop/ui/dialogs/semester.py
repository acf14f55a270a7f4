"""新建学期: 学年, 第一/第二学期, the Monday of 第一周, and optionally last term's groups."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from yanxiu_desktop.domain import semesters
from yanxiu_desktop.store.models import Semester
from yanxiu_desktop.ui.context import show_error
from yanxiu_desktop.ui.widgets.common import save_cancel_buttons


class SemesterDialog(QDialog):
    def __init__(self, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle("新建学期")
        self.created: Semester | None = None
        year, term, monday = semesters.suggest_next()
        form = QFormLayout(self)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.year_label = QLabel()
        self.term = QComboBox()
        self.term.addItems(["第一学期", "第二学期"])
        self.term.setCurrentIndex(term - 1)
        self.start = QDateEdit(QDate(monday.year, monday.month, monday.day))
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd dddd")
        self.weeks = QSpinBox()
        self.weeks.setRange(1, 30)
        self.weeks.setValue(20)
        self.copy = QCheckBox("复制上学期的小组、成员和师徒结对")
        self.copy.setChecked(bool(semesters.list_semesters()))
        self.copy.setEnabled(bool(semesters.list_semesters()))
        self.year.valueChanged.connect(self._update_label)
        self._update_label()
        form.addRow("学年起始年份", self.year)
        form.addRow("学年", self.year_label)
        form.addRow("学期", self.term)
        form.addRow("第一周星期一", self.start)
        form.addRow("周数", self.weeks)
        form.addRow("", self.copy)
        buttons = save_cancel_buttons(self, self.save, "新建", QDialogButtonBox.StandardButton.Ok)
        form.addRow(buttons)

    def _update_label(self) -> None:
        self.year_label.setText(semesters.year_label(self.year.value()) + "学年")

    def save(self) -> None:
        d = self.start.date()
        source = semesters.list_semesters()[0] if self.copy.isChecked() else None
        try:
            sem = semesters.create_semester(self.year.value(), self.term.currentIndex() + 1,
                                            dt.date(d.year(), d.month(), d.day()), self.weeks.value(),
                                            copy_groups_from=source)
        except Exception as exc:  # noqa: BLE001 - shown to the user; rolled back
            show_error(self, exc)
            return
        self.created = sem
        self.accept()
