"""Add or edit a teacher (花名册 entry)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from yanxiu_desktop.domain import roster
from yanxiu_desktop.domain.policy import ROLES
from yanxiu_desktop.store.models import Honour, Teacher
from yanxiu_desktop.ui.context import show_error
from yanxiu_desktop.ui.widgets.common import save_cancel_buttons

_NO_DATE = QDate(1900, 1, 1)


def _date_edit(value: dt.date | None) -> QDateEdit:
    w = QDateEdit()
    w.setDisplayFormat("yyyy-MM-dd")
    w.setCalendarPopup(True)
    w.setMinimumDate(_NO_DATE)
    w.setSpecialValueText("（未填）")
    w.setDate(QDate(value.year, value.month, value.day) if value else _NO_DATE)
    return w


def _date_value(w: QDateEdit) -> dt.date | None:
    d = w.date()
    return None if d == _NO_DATE else dt.date(d.year(), d.month(), d.day())


def _combo(items: tuple[str, ...], value: str, editable: bool = False) -> QComboBox:
    c = QComboBox()
    c.setEditable(editable)
    c.addItems(["", *items] if "" not in items else list(items))
    if value and c.findText(value) < 0:
        c.addItem(value)
    c.setCurrentText(value)
    return c


def parse_honours(text: str) -> list[dict]:
    """"县级骨干教师、市级教坛新秀" → [{level: 县级, name: 骨干教师}, …]."""
    out = []
    for part in text.replace("；", "、").replace(";", "、").replace(",", "、").replace("，", "、").split("、"):
        part = part.strip()
        if not part:
            continue
        level = next((lv for lv in roster.LEVELS if part.startswith(lv)), "")
        out.append({"name": part[len(level):] or part, "level": level})
    return out


class TeacherDialog(QDialog):
    def __init__(self, parent: QWidget | None, teacher: Teacher | None = None):
        super().__init__(parent)
        self.teacher = teacher
        self.setWindowTitle("编辑教师" if teacher else "新增教师")
        t = teacher
        form = QFormLayout(self)
        self.name = QLineEdit(t.name if t else "")
        self.gender = _combo(roster.GENDERS, t.gender if t else "")
        self.birth = _date_edit(t.birth_date if t else None)
        self.subject = QLineEdit(t.subject if t else "")
        self.stage = _combo(roster.STAGES, t.stage if t else "", editable=True)
        self.title = _combo(roster.TITLES, t.title if t else "", editable=True)
        self.education = _combo(roster.EDUCATIONS, t.education if t else "", editable=True)
        self.hire = _date_edit(t.hire_date if t else None)
        self.role = _combo(ROLES, t.role if t else "教师")
        self.head = QCheckBox("担任班主任")
        self.head.setChecked(bool(t and t.head_teacher))
        self.staff_no = QLineEdit(t.staff_no if t else "")
        self.phone = QLineEdit(t.phone if t else "")
        # The ID number is shown masked; it is only revealed on request (screens get shared and photographed).
        self._id_number = t.id_number if t else ""
        self.id_number = QLineEdit(roster.mask_id_number(self._id_number) if self._id_number else "")
        self.id_number.setReadOnly(bool(self._id_number))
        reveal = QPushButton("修改")
        reveal.clicked.connect(self._reveal_id)
        id_row = QHBoxLayout()
        id_row.addWidget(self.id_number)
        id_row.addWidget(reveal)
        honours = Honour.select().where(Honour.teacher == t) if t else []
        self.honours = QLineEdit("、".join(f"{h.level}{h.name}" for h in honours))
        self.honours.setPlaceholderText("如：县级骨干教师、市级教坛新秀")
        self.note = QLineEdit(t.note if t else "")
        form.addRow("姓名*", self.name)
        form.addRow("性别", self.gender)
        form.addRow("出生日期", self.birth)
        form.addRow("任教学科", self.subject)
        form.addRow("学段", self.stage)
        form.addRow("职称", self.title)
        form.addRow("学历", self.education)
        form.addRow("参加工作时间", self.hire)
        form.addRow("角色", self.role)
        form.addRow("", self.head)
        form.addRow("荣誉", self.honours)
        form.addRow("工号", self.staff_no)
        form.addRow("身份证号", id_row)
        form.addRow("联系电话", self.phone)
        form.addRow("备注", self.note)
        buttons = save_cancel_buttons(self, self.save)
        form.addRow(buttons)

    def _reveal_id(self) -> None:
        self.id_number.setReadOnly(False)
        self.id_number.setText(self._id_number)
        self.id_number.setFocus()

    def values(self) -> dict:
        id_text = self.id_number.text().strip()
        if self.id_number.isReadOnly():
            id_text = self._id_number
        return {
            "name": self.name.text(), "gender": self.gender.currentText(), "birth_date": _date_value(self.birth),
            "subject": self.subject.text(), "stage": self.stage.currentText(), "title": self.title.currentText(),
            "education": self.education.currentText(), "hire_date": _date_value(self.hire),
            "role": self.role.currentText() or "教师", "head_teacher": self.head.isChecked(),
            "staff_no": self.staff_no.text(), "id_number": id_text, "phone": self.phone.text(),
            "note": self.note.text(),
        }

    def save(self) -> None:
        data = self.values()
        honours = parse_honours(self.honours.text())
        try:
            if self.teacher is None:
                self.teacher = roster.add_teacher(**data, honours=honours)
            else:
                roster.update_teacher(self.teacher.id, honours=honours, **data)
        except Exception as exc:  # noqa: BLE001 - shown to the user; the transaction rolled back
            show_error(self, exc)
            return
        self.accept()
