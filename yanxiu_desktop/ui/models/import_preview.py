"""The preview table every import shows (花名册, 学期计划, 签到矩阵): one line per file row, a coloured
status, the problems as a tooltip, and the cells that have problems marked.

Importers turn their own preview rows into ``PreviewLine``s; the model knows nothing about teachers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from yanxiu_desktop.ui.models.base import Column, RowsTableModel

# Status words importers use; unknown statuses get no colour.
STATUS_COLOURS = {
    "错误": QColor("#f6c9cc"),
    "警告": QColor("#fbe7b0"),
    "新增": QColor("#d3ecd6"),
    "更新": QColor("#d2e4f6"),
    "无变化": QColor("#ececec"),
}
BAD_CELL = QColor("#ee9ca2")


@dataclass(frozen=True)
class PreviewLine:
    status: str
    values: tuple[str, ...]  # one per data column
    problems: tuple[str, ...] = ()  # full messages, shown as the tooltip
    bad_columns: frozenset[int] = frozenset()  # indexes into ``values`` whose cells have a problem


class ImportPreviewModel(RowsTableModel[PreviewLine]):
    """Columns: 状态 then ``headers``. ``set_lines(headers, lines)`` replaces both."""

    def __init__(self, headers: Sequence[str] = (), parent=None):  # noqa: ANN001
        super().__init__(self._columns(headers), parent)
        self.row_colour = lambda line: STATUS_COLOURS.get(line.status)

    @staticmethod
    def _columns(headers: Sequence[str]) -> list[Column[PreviewLine]]:
        tip = lambda line: "\n".join(line.problems)  # noqa: E731
        cols = [Column("状态", lambda line: line.status, Qt.AlignmentFlag.AlignCenter, tooltip=tip)]
        for i, h in enumerate(headers):
            cols.append(Column(h, lambda line, i=i: line.values[i] if i < len(line.values) else "", tooltip=tip))
        return cols

    def set_lines(self, headers: Sequence[str], lines: Sequence[PreviewLine]) -> None:
        self.beginResetModel()
        self.columns = self._columns(headers)
        self.rows = list(lines)
        self.endResetModel()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if index.isValid() and role == Qt.ItemDataRole.BackgroundRole:
            line = self.rows[index.row()]
            if index.column() - 1 in line.bad_columns:
                return QBrush(BAD_CELL)
        return super().data(index, role)
