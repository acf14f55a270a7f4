"""批量生成例会: "every Wednesday 15:30–17:00 for 数学教研组, weeks 2–18, skipping holidays" in one step."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain import recurrence, semesters
from yanxiu_desktop.domain.calendar_days import day_map
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.store.models import Activity, Semester
from yanxiu_desktop.ui.context import show_error
from yanxiu_desktop.ui.dialogs.activity_fields import CommonFields, time_edit
from yanxiu_desktop.ui.models.activities import DAY_HEADERS
from yanxiu_desktop.ui.widgets.common import initial_size, save_cancel_buttons


class SeriesDialog(QDialog):
    def __init__(self, parent: QWidget | None, sem: Semester):
        super().__init__(parent)
        self.sem = sem
        self.created: list[Activity] = []
        self.setWindowTitle("批量生成例会（重复活动）")
        initial_size(self, 560, 560)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.common = CommonFields(sem, form)
        self.weekday = QComboBox()
        self.weekday.addItems(DAY_HEADERS)
        self.weekday.setCurrentIndex(2)
        form.addRow("每周", self.weekday)
        self.start, self.end = time_edit("15:30"), time_edit("17:00")
        times = QHBoxLayout()
        times.addWidget(self.start)
        times.addWidget(QLabel("至"))
        times.addWidget(self.end)
        form.addRow("时间", times)
        weeks = QHBoxLayout()
        self.first_week, self.last_week = QSpinBox(), QSpinBox()
        for box, value in ((self.first_week, 2), (self.last_week, max(2, sem.weeks - 2))):
            box.setRange(1, sem.weeks)
            box.setValue(min(value, sem.weeks))
            box.setPrefix("第 ")
            box.setSuffix(" 周")
        weeks.addWidget(self.first_week)
        weeks.addWidget(QLabel("至"))
        weeks.addWidget(self.last_week)
        form.addRow("周次", weeks)
        self.every = QComboBox()
        self.every.addItem("每周一次", 1)
        self.every.addItem("两周一次（单周起）", 2)
        self.every.addItem("三周一次", 3)
        self.every.addItem("每月一次（四周）", 4)
        form.addRow("频次", self.every)
        self.skip = QCheckBox("遇放假日自动跳过")
        self.skip.setChecked(True)
        form.addRow("", self.skip)
        self.common.add_hours_rows(form)
        self.common.hours.setSpecialValueText("按时长计算")
        lay.addLayout(form)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        lay.addWidget(self.preview)
        buttons = save_cancel_buttons(self, self.save, "生成", QDialogButtonBox.StandardButton.Ok)
        lay.addWidget(buttons)
        self.buttons = buttons
        for sig in (self.weekday.currentIndexChanged, self.first_week.valueChanged, self.last_week.valueChanged,
                    self.every.currentIndexChanged, self.skip.toggled):
            sig.connect(self.refresh_preview)
        self.refresh_preview()

    def params(self) -> dict[str, Any]:
        v = self.common.values()
        hours = self.common.hours.value()
        v.update(weekday=self.weekday.currentIndex(), start_time=self.start.time().toString("HH:mm"),
                 end_time=self.end.time().toString("HH:mm"), first_week=self.first_week.value(),
                 last_week=self.last_week.value(), every_n_weeks=self.every.currentData(),
                 skip_holidays=self.skip.isChecked(), hours=hours or None)
        return v

    def refresh_preview(self) -> None:
        p = self.params()
        try:
            dates, skipped = recurrence.series_dates(self.sem, p["weekday"], p["first_week"], p["last_week"],
                                                     p["every_n_weeks"], p["skip_holidays"])
        except ValidationError as exc:
            self.preview.setText("；".join(exc.problems))
            return
        days = day_map(self.sem)
        text = f"将生成 {len(dates)} 次活动"
        if dates:
            text += f"：{semesters.cn_date(dates[0])} 起，至 {semesters.cn_date(dates[-1])}"
        if skipped:
            text += "；跳过放假日：" + "、".join(f"{d.month}月{d.day}日（{days[d].name or '放假'}）" for d in skipped)
        self.preview.setText(text)

    def save(self) -> None:
        try:
            self.common.check_people()
            self.created = recurrence.create_series(self.sem, **self.params())
        except Exception as exc:  # shown to the user; nothing was written
            show_error(self, exc, "未生成活动")
            return
        self.accept()
