"""The preview table every import shows (花名册, 学期计划, 签到矩阵): one line per file row, a coloured
status, the problems as a tooltip, and the cells that have problems marked; and the list of problems
under it (``ImportProblemModel``), each pointing at its line.

Importers turn their own preview rows into ``PreviewLine``s and ``ProblemLine``s; the models know nothing
about teachers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
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
ERROR, WARNING, NOTE = "错误", "警告", "说明"
PROBLEM_COLOURS = {ERROR: QColor("#a4001d"), WARNING: QColor("#7a5a00")}


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


@dataclass(frozen=True)
class ProblemLine:
    text: str  # the full message, naming sheet, row and column
    row: int = -1  # the preview line it is about; -1 for the file or a whole column
    level: str = ERROR  # 错误 (blocks the import) | 警告 | 说明


class ImportProblemModel(QAbstractListModel):
    """The problems of a preview, coloured by level; ``problem_at(i).row`` locates its preview line."""

    def __init__(self, parent=None):  # noqa: ANN001
        super().__init__(parent)
        self.problems: list[ProblemLine] = []

    def set_problems(self, problems: Sequence[ProblemLine]) -> None:
        self.beginResetModel()
        self.problems = list(problems)
        self.endResetModel()

    def problem_at(self, row: int) -> ProblemLine | None:
        return self.problems[row] if 0 <= row < len(self.problems) else None

    def texts(self) -> list[str]:
        return [p.text for p in self.problems]

    def count(self, level: str) -> int:
        return sum(p.level == level for p in self.problems)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.problems)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        p = self.problem_at(index.row()) if index.isValid() else None
        if p is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return p.text
        if role == Qt.ItemDataRole.ForegroundRole and p.level in PROBLEM_COLOURS:
            return QBrush(PROBLEM_COLOURS[p.level])
        return None
