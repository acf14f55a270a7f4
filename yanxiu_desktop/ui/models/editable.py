"""A small editable table model for lists of settings rows (学时类别, 听课要求, 档案要求)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class EditColumn:
    header: str
    kind: type  # str, int or float: what the cell accepts
    choices: tuple[str, ...] = ()  # shown as a hint in the tooltip


class EditableRowsModel(QAbstractTableModel):
    """Rows are plain lists; a cell that cannot be parsed is refused and the view keeps the old value."""

    def __init__(self, columns: list[EditColumn], rows: list[list[Any]] | None = None, parent=None):  # noqa: ANN001
        super().__init__(parent)
        self.columns = columns
        self.rows: list[list[Any]] = [list(r) for r in rows or []]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return f"{value:g}" if isinstance(value, float) else value
        if role == Qt.ItemDataRole.ToolTipRole and self.columns[index.column()].choices:
            return "可选：" + "、".join(self.columns[index.column()].choices)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        col = self.columns[index.column()]
        try:
            parsed = col.kind(str(value).strip()) if col.kind is not str else str(value).strip()
        except ValueError:
            return False
        if col.choices and parsed not in col.choices:
            return False
        self.rows[index.row()][index.column()] = parsed
        self.dataChanged.emit(index, index)
        return True

    def add_row(self, row: list[Any]) -> None:
        n = len(self.rows)
        self.beginInsertRows(QModelIndex(), n, n)
        self.rows.append(list(row))
        self.endInsertRows()

    def remove_row(self, i: int) -> None:
        if 0 <= i < len(self.rows):
            self.beginRemoveRows(QModelIndex(), i, i)
            del self.rows[i]
            self.endRemoveRows()

    def set_rows(self, rows: list[list[Any]]) -> None:
        self.beginResetModel()
        self.rows = [list(r) for r in rows]
        self.endResetModel()
