"""新建/编辑研修活动: every field of an activity, the adjustable 参加人员 list, warnings before saving."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import groups as groups_mod
from yanxiu_desktop.domain import recurrence, roster, semesters
from yanxiu_desktop.store.models import Activity, Semester
from yanxiu_desktop.ui.context import show_error
from yanxiu_desktop.ui.dialogs.activity_fields import CommonFields, time_edit
from yanxiu_desktop.ui.models.participants import CheckableTeachersModel
from yanxiu_desktop.ui.widgets.common import initial_size, save_cancel_buttons
from yanxiu_desktop.ui.widgets.search_box import PinyinSearchBox

MODES = (("group", "本组成员"), ("all", "全体教师"), ("custom", "指定人员"))


def qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class ActivityDialog(QDialog):
    """Create (``activity=None``) or edit one activity. ``saved`` holds the result after ``accept``."""

    def __init__(self, parent: QWidget | None, sem: Semester, activity: Activity | None = None,
                 day: dt.date | None = None):
        super().__init__(parent)
        self.sem, self.activity = sem, activity
        self.saved: list[Activity] = []
        self.setWindowTitle("编辑研修活动" if activity else "新建研修活动")
        initial_size(self, 860, 620)
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        form = QFormLayout()
        self.common = CommonFields(sem, form)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy年M月d日 dddd")
        self.date.setDateRange(qdate(sem.start_date), qdate(semesters.end_date(sem)))
        self.date.setDate(qdate(day or max(sem.start_date, min(dt.date.today(), semesters.end_date(sem)))))
        self.week = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.date)
        row.addWidget(self.week)
        form.insertRow(2, "日期", row)
        self.start, self.end = time_edit("15:30"), time_edit("17:00")
        times = QHBoxLayout()
        times.addWidget(self.start)
        times.addWidget(QLabel("至"))
        times.addWidget(self.end)
        self.no_time = QCheckBox("时间待定")
        times.addWidget(self.no_time)
        form.insertRow(3, "时间", times)
        self.common.add_hours_rows(form)
        self.auto_hours = QCheckBox(f"按时长计算（1 学时 = {self.common.policy.minutes_per_hour} 分钟）")
        self.auto_hours.setChecked(True)
        form.addRow("", self.auto_hours)
        self.status = QComboBox()
        self.status.addItems(acts.ACTIVITY_STATUSES)
        form.addRow("状态", self.status)
        self.note = QLineEdit()
        form.addRow("备注", self.note)
        self.scope = QComboBox()
        self.scope.addItem("仅修改此次活动", "one")
        self.scope.addItem("修改此次及以后的同系列活动", "following")
        if activity is not None and activity.series_id:
            form.addRow("修改范围", self.scope)
        left.addLayout(form)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #b00020")
        left.addWidget(self.warnings)
        left.addStretch(1)
        outer.addLayout(left, 3)
        outer.addLayout(self._people_panel(), 2)
        buttons = save_cancel_buttons(self, self.save)
        left.addWidget(buttons)
        self.buttons = buttons
        self._initial: dict[str, Any] = {}
        if activity is not None:
            self._load(activity)
            self._initial = self.values()
        else:
            self._apply_mode()
        for sig in (self.date.dateChanged, self.start.timeChanged, self.end.timeChanged,
                    self.common.place.currentTextChanged, self.common.host.currentTextChanged,
                    self.common.presenter.currentTextChanged, self.no_time.toggled, self.auto_hours.toggled):
            sig.connect(self.refresh_checks)
        self.common.group.currentIndexChanged.connect(self._group_changed)
        self.refresh_checks()

    # -- participants ----------------------------------------------------------------
    def _people_panel(self) -> QVBoxLayout:
        box = QVBoxLayout()
        box.addWidget(QLabel("参加人员（应到）"))
        modes = QHBoxLayout()
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QRadioButton] = {}
        for i, (key, label) in enumerate(MODES):
            b = QRadioButton(label)
            self.mode_group.addButton(b, i)
            self.mode_buttons[key] = b
            modes.addWidget(b)
        self.mode_buttons["group"].setChecked(True)
        self.mode_group.idClicked.connect(lambda _i: self._apply_mode())
        box.addLayout(modes)
        self.people_search = PinyinSearchBox()
        self.people_search.search.connect(self._filter_people)
        self.people_search.returnPressed.connect(self.people_search.flush)
        box.addWidget(self.people_search)
        self.people_model = CheckableTeachersModel(roster.list_teachers(), self)
        self.people_model.toggled.connect(self._person_toggled)
        self.people = QTableView()
        self.people.setModel(self.people_model)
        self.people.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.people.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.people.verticalHeader().hide()
        self.people.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.people.horizontalHeader().setStretchLastSection(True)
        box.addWidget(self.people)
        self.people_count = QLabel()
        box.addWidget(self.people_count)
        return box

    def mode(self) -> str:
        return next(k for k, b in self.mode_buttons.items() if b.isChecked())

    def _set_checked(self, ids: set[int]) -> None:
        self.people_model.set_checked(ids)
        self._count()

    def checked_ids(self) -> list[int]:
        return self.people_model.checked_ids()

    def _apply_mode(self) -> None:
        mode = self.mode()
        group = self.common.group_obj()
        if mode == "group" and group is None:
            self.mode_buttons["all"].setChecked(True)
            mode = "all"
        if mode == "group" and group is not None:
            self._set_checked({m.teacher_id for m in groups_mod.members(group)})
        elif mode == "all":
            self._set_checked({t.id for t in self.people_model.teachers})
        self._count()

    def _group_changed(self) -> None:
        if self.common.group_obj() is not None and self.mode() == "all":
            self.mode_buttons["group"].setChecked(True)
        if self.mode() != "custom":
            self._apply_mode()

    def _person_toggled(self, _teacher_id: int, _on: bool) -> None:
        # Ticking or unticking anyone makes it a hand-picked list.
        self.mode_buttons["custom"].setChecked(True)
        self._count()

    def _count(self) -> None:
        self.people_count.setText(f"已选 {len(self.checked_ids())} 人")

    def _filter_people(self, text: str) -> None:
        self.people_model.set_filter(text)

    # -- load / read / save ------------------------------------------------------------
    def _load(self, a: Activity) -> None:
        self.common.load(a)
        self.date.setDate(qdate(a.date))
        if a.start_time:
            self.start.setTime(time_edit(a.start_time).time())
            self.end.setTime(time_edit(a.end_time or a.start_time).time())
        else:
            self.no_time.setChecked(True)
        self.common.hours.setValue(a.hours)
        self.auto_hours.setChecked(a.hours == acts.hours_from_times(a.start_time, a.end_time, self.common.policy)
                                   and bool(a.start_time))
        self.status.setCurrentText(a.status)
        self.note.setText(a.note)
        self.mode_buttons[a.participants_mode].setChecked(True)
        self._set_checked(set(acts.participant_ids(a)))

    def values(self) -> dict[str, Any]:
        v = self.common.values()
        v["date"] = pydate(self.date.date())
        timed = not self.no_time.isChecked()
        v["start_time"] = self.start.time().toString("HH:mm") if timed else ""
        v["end_time"] = self.end.time().toString("HH:mm") if timed else ""
        v["hours"] = None if self.auto_hours.isChecked() else self.common.hours.value()
        v["status"] = self.status.currentText()
        v["note"] = self.note.text()
        mode = self.mode()
        v["participants_mode"] = mode
        v["participant_ids"] = self.checked_ids() if mode == "custom" else []
        return v

    def refresh_checks(self) -> None:
        v = self.values()
        n = semesters.week_of(self.sem, v["date"])
        self.week.setText(semesters.week_label(n) if n else "")
        self.common.hours.setEnabled(not self.auto_hours.isChecked())
        if self.auto_hours.isChecked():
            self.common.hours.setValue(acts.hours_from_times(v["start_time"], v["end_time"], self.common.policy)
                                       if v["end_time"] > v["start_time"] else 0.0)
        draft = Activity(semester=self.sem, kind=v["kind"], theme=v["theme"] or "（未填主题）", date=v["date"],
                         start_time=v["start_time"], end_time=v["end_time"], place=v["place"],
                         host=v["host_id"], host_name=v["host_name"], presenter=v["presenter_id"],
                         presenter_name=v["presenter_name"], status=v["status"])
        if self.activity is not None:
            draft.id = self.activity.id
        found = acts.warnings_for(draft)
        self.warnings.setText("\n".join(f"⚠ {w.message}" for w in found))

    def save(self) -> None:
        v = self.values()
        try:
            self.common.check_people()
            if self.activity is None:
                self.saved = [acts.create_activity(self.sem, **v)]
            else:
                # Only what the user changed is written: "此次及以后" must not overwrite each later
                # occurrence's own theme or speaker, and an untouched hand-picked list stays.
                v = {k: val for k, val in v.items() if val != self._initial.get(k)}
                if self.auto_hours.isChecked() and {"start_time", "end_time"} & set(v):
                    v["hours"] = None
                if "participant_ids" in v and v.get("participants_mode", self.mode()) != "custom":
                    v.pop("participant_ids")
                self.saved = recurrence.update_series(self.activity.id, self.scope.currentData(), **v)
        except Exception as exc:  # shown to the user; nothing was written
            show_error(self, exc, "活动未保存")
            return
        self.accept()
