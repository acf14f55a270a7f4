"""A tickable list of teachers (the 参加人员 of an activity), filtered by Chinese, pinyin or initials."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal

from yanxiu_desktop.domain.names import matches
from yanxiu_desktop.ui.models.base import FixedColumnsModel

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("姓名", "学科")


class CheckableTeachersModel(FixedColumnsModel):
    """Rows are teachers (anything with id, name, pinyin, initials, subject) in the given order.

    The filter only hides rows: ticks of hidden teachers are kept. ``toggled`` is emitted when the user
    ticks or unticks someone, not for ``set_checked``.
    """

    headers = HEADERS
    toggled = Signal(int, bool)

    def __init__(self, teachers: Sequence[Any], parent=None):  # noqa: ANN001
        super().__init__(parent)
        self.teachers = list(teachers)
        self.rows: list[Any] = list(self.teachers)
        self._checked: set[int] = set()
        self._filter = ""

    # -- filter and ticks ------------------------------------------------------------------
    def set_filter(self, text: str) -> None:
        self._filter = text.strip()
        self.beginResetModel()
        self.rows = [t for t in self.teachers if matches(self._filter, t.name, t.pinyin, t.initials)]
        self.endResetModel()

    def set_checked(self, ids: Iterable[int]) -> None:
        self._checked = {t.id for t in self.teachers} & set(ids)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])

    def checked_ids(self) -> list[int]:
        """Ticked teachers in list order (hidden ones included)."""
        return [t.id for t in self.teachers if t.id in self._checked]

    def is_checked(self, teacher_id: int) -> bool:
        return teacher_id in self._checked

    # -- Qt model ------------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.isValid() and index.column() == 0 else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        t = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return t.name if index.column() == 0 else t.subject
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            return Qt.CheckState.Checked if t.id in self._checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return f"{t.pinyin}（{t.initials}）"
        if role == Qt.ItemDataRole.UserRole:
            return t.id
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        on = Qt.CheckState(value) == Qt.CheckState.Checked
        tid = self.rows[index.row()].id
        if on == (tid in self._checked):
            return True
        if on:
            self._checked.add(tid)
        else:
            self._checked.discard(tid)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.toggled.emit(tid, on)
        return True
