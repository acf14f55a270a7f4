"""A read-only table model over a list of plain rows (dataclasses from the domain layer)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

R = TypeVar("R")
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    header: str
    value: Callable[[R], Any]
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    sort_key: Callable[[R], Any] | None = None  # e.g. pinyin for a name column
    tooltip: Callable[[R], str] | None = None

    @cached_property
    def alignment(self) -> int:
        return int(self.align | Qt.AlignmentFlag.AlignVCenter)


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class FixedColumnsModel(QAbstractTableModel):
    """Counts and horizontal headers of a hand-written model over ``self.rows`` with ``headers`` columns."""

    headers: Sequence[str] = ()
    rows: list[Any]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802, ANN201
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class RowsTableModel(QAbstractTableModel, Generic[R]):
    """Columns are declared once; rows are replaced wholesale after each query (cheap at school sizes)."""

    def __init__(self, columns: Sequence[Column[R]], parent=None):  # noqa: ANN001
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[R] = []
        self.row_colour: Callable[[R], QColor | None] | None = None

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, index: int) -> R | None:
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802, ANN201
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self.columns[section].header
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = DISPLAY):  # noqa: ANN201
        # Called ~10 times per cell shown or measured; plain int roles and one attribute read keep it cheap.
        if not index.isValid():
            return None
        if role == DISPLAY:
            return display(self.columns[index.column()].value(self.rows[index.row()]))
        if role == ALIGNMENT:
            return self.columns[index.column()].alignment
        if role == TOOLTIP:
            col = self.columns[index.column()]
            return col.tooltip(self.rows[index.row()]) if col.tooltip else None
        if role == BACKGROUND and self.row_colour:
            colour = self.row_colour(self.rows[index.row()])
            return QBrush(colour) if colour else None
        return None

    def column_texts(self, column: int, limit: int) -> list[str]:
        """What the first *limit* rows show in *column* (for sizing columns without model indexes)."""
        value = self.columns[column].value
        return [display(value(r)) for r in self.rows[:limit]]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return  # -1 = "no sort column" (Qt asks this when sorting is enabled with no indicator)
        col = self.columns[column]
        key = col.sort_key or col.value

        def safe(r: R) -> tuple[int, Any]:
            v = key(r)
            return (1, "") if v is None or v == "" else (0, v)

        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=safe, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()
