"""节假日与调休: the staff enter the term's holidays and make-up workdays from the county 校历."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain import semesters
from yanxiu_desktop.domain.calendar_days import (
    CALENDAR_DAY_KINDS,
    calendar_days,
    remove_calendar_day,
    set_calendar_day,
    set_holiday_range,
)
from yanxiu_desktop.store.db import transaction
from yanxiu_desktop.store.models import Semester
from yanxiu_desktop.ui.context import show_error
from yanxiu_desktop.ui.dialogs.activity import pydate, qdate
from yanxiu_desktop.ui.models.plan import calendar_day_model
from yanxiu_desktop.ui.widgets.common import initial_size


class HolidayDialog(QDialog):
    def __init__(self, parent: QWidget | None, sem: Semester):
        super().__init__(parent)
        self.sem = sem
        self.changed = False
        self.setWindowTitle("节假日与调休")
        initial_size(self, 640, 480)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("按县教育局校历录入本学期的放假日和调休上班日（周六、周日补课）。"))
        self.model = calendar_day_model(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        lay.addWidget(self.table)
        row = QHBoxLayout()
        self.first, self.last = QDateEdit(), QDateEdit()
        for w in (self.first, self.last):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy年M月d日")
            w.setDateRange(qdate(sem.start_date), qdate(semesters.end_date(sem)))
            w.setDate(qdate(sem.start_date))
        self.first.dateChanged.connect(lambda d: self.last.setDate(max(d, self.last.date())))
        self.kind = QComboBox()
        self.kind.addItems(CALENDAR_DAY_KINDS)
        self.name = QLineEdit()
        self.name.setPlaceholderText("名称，如 国庆节")
        self.name.setMinimumWidth(130)
        self.add_button = QPushButton("添加")
        self.add_button.clicked.connect(self.add)
        for w in (self.first, QLabel("至"), self.last, self.kind, self.name, self.add_button):
            row.addWidget(w)
        lay.addLayout(row)
        self.remove_button = QPushButton("删除所选日期")
        self.remove_button.clicked.connect(self.remove)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.remove_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        lay.addLayout(bottom)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(calendar_days(self.sem))
        self.table.resizeColumnsToContents()

    def add(self) -> None:
        first, last = pydate(self.first.date()), pydate(self.last.date())
        try:
            if self.kind.currentText() == "放假":
                set_holiday_range(self.sem, first, last, self.name.text())
            else:
                with transaction():  # a range of 调休 days is stored whole or not at all
                    for i in range((last - first).days + 1):
                        set_calendar_day(self.sem, first + dt.timedelta(days=i), "调休上班", self.name.text())
        except Exception as exc:  # shown to the user; nothing was written
            show_error(self, exc, "未添加")
            return
        self.changed = True
        self.reload()

    def remove(self) -> None:
        days = [self.model.rows[i.row()].date for i in self.table.selectionModel().selectedRows()]
        for day in days:
            remove_calendar_day(self.sem, day)
        if days:
            self.changed = True
            self.reload()
