"""Choose a teacher by typing Chinese, pinyin or initials ("zsf" offers 张三丰); free text = an outside person."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1


class _PinyinCompleter(QCompleter):
    """Matches on "name pinyin initials" but puts only the name into the box."""

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")

    def splitPath(self, path: str) -> list[str]:
        return [path.replace(" ", "").lower()]


class TeacherCombo(QComboBox):
    """Items are the roster in pinyin order; ``teacher_id()`` is None when the text is not a roster name.

    Homonyms (two teachers with one name) are labelled with their subject so the right one can be picked.
    """

    def __init__(self, teachers: Sequence[Any] | None = None, parent: QWidget | None = None,
                 placeholder: str = "输入姓名、拼音或首字母", allow_blank: bool = True):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.lineEdit().setPlaceholderText(placeholder)
        if teachers is None:
            from yanxiu_desktop.domain.roster import list_teachers

            teachers = list_teachers()
        self.teachers = list(teachers)
        names = [t.name for t in self.teachers]
        model = QStandardItemModel(self)
        for t in self.teachers:
            label = t.name if names.count(t.name) == 1 else f"{t.name}（{t.subject or t.staff_no or t.id}）"
            item = QStandardItem(label)
            item.setData(t.id, Qt.ItemDataRole.UserRole)
            item.setData(f"{t.name}{t.pinyin.replace(' ', '')}{t.initials}".lower(), SEARCH_ROLE)
            model.appendRow(item)
            self.addItem(label, t.id)
        comp = _PinyinCompleter(model, self)
        comp.setCompletionRole(SEARCH_ROLE)
        comp.setFilterMode(Qt.MatchFlag.MatchContains)
        comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        comp.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(comp)
        self.allow_blank = allow_blank
        self.setCurrentIndex(-1)

    def teacher_id(self) -> int | None:
        idx = self.findText(self.currentText().strip(), Qt.MatchFlag.MatchExactly)
        return self.itemData(idx) if idx >= 0 else None

    def set_teacher(self, teacher_id: int | None, text: str = "") -> None:
        idx = self.findData(teacher_id) if teacher_id else -1
        self.setCurrentIndex(idx)
        if idx < 0:
            self.setEditText(text)

    def person(self) -> tuple[int | None, str]:
        """(teacher id, "") for a roster teacher, (None, typed name) for an outside person."""
        text = self.currentText().strip()
        if not text:
            return None, ""
        tid = self.teacher_id()
        return (tid, "") if tid is not None else (None, text)
