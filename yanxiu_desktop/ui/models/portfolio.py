"""Table models of the portfolio tab: teachers' progress, one teacher's entries, the lending log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from yanxiu_desktop.domain.lending import LoanRow
from yanxiu_desktop.domain.portfolio import TeacherProgress
from yanxiu_desktop.domain.portfolio_auto import AutoEntry
from yanxiu_desktop.store.models import PortfolioItem
from yanxiu_desktop.ui.models.base import Column, Index, RowsTableModel

BEHIND = QColor(255, 228, 225)
OVERDUE_TEXT = QColor(200, 0, 0)
AUTO_TEXT = QColor(70, 90, 140)
Right = Qt.AlignmentFlag.AlignRight


@dataclass
class EntryRow:
    """A manual item or an automatic entry, side by side in one list."""

    source: str  # 手工 | 自动
    kind: str
    title: str
    date: dt.date | None
    level: str = ""
    rank: str = ""
    issuer: str = ""
    attachments: int = 0
    item_id: int | None = None

    @classmethod
    def of_item(cls, item: PortfolioItem, n_files: int) -> EntryRow:
        return cls("手工", item.kind, item.title, item.date, item.level, item.rank, item.issuer, n_files, item.id)

    @classmethod
    def of_auto(cls, e: AutoEntry) -> EntryRow:
        return cls("自动", e.kind, e.title, e.date, issuer=e.detail)


class ProgressModel(RowsTableModel[TeacherProgress]):
    """One row per teacher; a column per policy requirement ("done/required"); behind rows tinted."""

    def __init__(self, parent=None):  # noqa: ANN001
        super().__init__(self._columns([]), parent)
        self.row_colour = lambda r: BEHIND if r.behind else None

    @staticmethod
    def _columns(reqs: list) -> list[Column[TeacherProgress]]:
        cols: list[Column[TeacherProgress]] = [
            Column("姓名", lambda r: r.name, sort_key=lambda r: r.pinyin),
            Column("材料", lambda r: r.items, Right),
        ]
        for i, q in enumerate(reqs):
            cols.append(Column(q.kind, lambda r, i=i: f"{r.requirements[i].done}/{r.requirements[i].required}",
                               Qt.AlignmentFlag.AlignCenter, sort_key=lambda r, i=i: r.requirements[i].done,
                               tooltip=lambda r, i=i: f"{r.requirements[i].label}：截至今天应完成 "
                                                      f"{r.requirements[i].due}，已完成 {r.requirements[i].done}"))
        cols.append(Column("进度", lambda r: "落后" if r.behind else "正常"))
        return cols

    def set_rows(self, rows: list[TeacherProgress]) -> None:  # type: ignore[override]
        self.beginResetModel()
        self.columns = self._columns(rows[0].requirements if rows else [])
        self.rows = list(rows)
        self.endResetModel()


class EntriesModel(RowsTableModel[EntryRow]):
    def __init__(self, parent=None):  # noqa: ANN001
        super().__init__([
            Column("来源", lambda r: r.source, Qt.AlignmentFlag.AlignCenter),
            Column("类别", lambda r: r.kind),
            Column("标题", lambda r: r.title, tooltip=lambda r: r.title),
            Column("日期", lambda r: r.date),
            Column("级别", lambda r: r.level),
            Column("等次", lambda r: r.rank),
            Column("单位/说明", lambda r: r.issuer, tooltip=lambda r: r.issuer),
            Column("附件", lambda r: r.attachments or "", Right),
        ], parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            return QBrush(AUTO_TEXT) if self.rows[index.row()].source == "自动" else None
        return super().data(index, role)


class LoansModel(RowsTableModel[LoanRow]):
    """Overdue loans in red, as the office reads a paper log."""

    def __init__(self, parent=None):  # noqa: ANN001
        super().__init__([
            Column("借阅材料", lambda r: r.item, tooltip=lambda r: r.note or r.item),
            Column("借阅人", lambda r: r.borrower),
            Column("借出日期", lambda r: r.date_out),
            Column("应还日期", lambda r: r.due_date),
            Column("归还日期", lambda r: r.returned_date),
            Column("状态", lambda r: r.state),
            Column("备注", lambda r: r.note),
        ], parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            return QBrush(OVERDUE_TEXT) if self.rows[index.row()].overdue else None
        return super().data(index, role)
