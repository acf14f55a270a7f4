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

    Homonyms (two teachers with one name) are labelled with their subject (or staff number) so the right
    one can be picked. Pinyin or initials typed without choosing from the list ("zsf", "zhangsanfeng") are
    read as the one teacher they spell out; if they spell out several, ``problem()`` says so.
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
        model = QStandardItemModel(self)
        for t, label in zip(self.teachers, _labels(self.teachers), strict=True):
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
        # Leaving the box with "zsf" typed shows 张三丰, so what will be saved is visible.
        self.lineEdit().editingFinished.connect(self._resolve_typed)

    def _candidates(self, text: str) -> list[int]:
        """Rows that *text* names exactly: the bare name of a homonym, or full pinyin / initials."""
        key = text.replace(" ", "").lower()
        if not key:
            return []
        if not key.isascii():
            return [i for i, t in enumerate(self.teachers) if t.name == text]
        return [i for i, t in enumerate(self.teachers)
                if key in (t.initials.lower(), t.pinyin.replace(" ", "").lower())]

    def _row(self) -> int:
        text = self.currentText().strip()
        if not text:
            return -1
        cur = self.currentIndex()
        if cur >= 0 and self.itemText(cur) == text:
            return cur
        idx = self.findText(text, Qt.MatchFlag.MatchExactly)
        if idx >= 0:
            return idx
        found = self._candidates(text)
        return found[0] if len(found) == 1 else -1

    def _resolve_typed(self) -> None:
        row = self._row()
        if row >= 0 and row != self.currentIndex():
            self.setCurrentIndex(row)

    def teacher_id(self) -> int | None:
        row = self._row()
        return self.itemData(row) if row >= 0 else None

    def problem(self) -> str:
        """Why the typed text cannot be saved as it is ("" when it can)."""
        text = self.currentText().strip()
        if self._row() < 0 and len(self._candidates(text)) > 1:
            names = "、".join(self.itemText(i) for i in self._candidates(text)[:5])  # homonyms show the subject
            return f"“{text}”对应多位教师（{names}），请从下拉列表中选择"
        return ""

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


def _labels(teachers: Sequence[Any]) -> list[str]:
    """Names, with the subject (or staff number, or id) added where two teachers share a name."""
    names = [t.name for t in teachers]
    out = []
    for t in teachers:
        if names.count(t.name) == 1:
            out.append(t.name)
            continue
        same = [o for o in teachers if o.name == t.name]
        unique_subject = t.subject and sum(o.subject == t.subject for o in same) == 1
        out.append(f"{t.name}（{t.subject if unique_subject else t.staff_no or f'编号{t.id}'}）")
    return out
