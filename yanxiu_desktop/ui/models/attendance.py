"""Table models of the attendance tab: the entry sheet (editable) and the term's hours per teacher."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from yanxiu_desktop.domain.attendance import NEEDS_APPROVAL, TIMED_STATUSES, Entry, SheetRow
from yanxiu_desktop.domain.hours import TeacherHours
from yanxiu_desktop.ui.models.base import Column, FixedColumnsModel, RowsTableModel

Index = QModelIndex | QPersistentModelIndex

# Single-key status codes of the entry grid (the legend on screen is built from this).
STATUS_KEYS: dict[str, str] = {
    "1": "出勤", " ": "出勤", "2": "迟到", "C": "迟到", "3": "早退", "T": "早退", "4": "公假", "G": "公假",
    "5": "事假", "S": "事假", "6": "病假", "B": "病假", "7": "缺席", "Q": "缺席", "X": "缺席",
}
LEGEND = "1/空格=出勤√　2/C=迟到　3/T=早退　4/G=公假　5/S=事假　6/B=病假　7/Q/X=缺席　↑↓移动　/=按拼音首字母跳转"
STATUS_COLOURS = {"迟到": "#fbe7b0", "早退": "#fbe7b0", "公假": "#d2e4f6", "事假": "#e8d9f3", "病假": "#e8d9f3",
                  "缺席": "#f6c9cc"}

COL_NO, COL_NAME, COL_SUBJECT, COL_STATUS, COL_MINUTES, COL_REASON, COL_APPROVER, COL_NOTE = range(8)
HEADERS = ("序号", "姓名", "学科", "考勤", "迟到/早退分钟", "请假事由", "批准人", "备注")
_TEXT_FIELDS = {COL_REASON: "leave_reason", COL_APPROVER: "approver", COL_NOTE: "note"}


class SheetModel(FixedColumnsModel):
    """One activity's sheet being typed in; ``dirty`` once anything differs from what is stored."""

    headers = HEADERS

    def __init__(self, parent=None):  # noqa: ANN001
        super().__init__(parent)
        self.rows: list[SheetRow] = []
        self._stored: list[SheetRow] = []
        # A cancelled, archived or not yet held activity: nothing can be typed (it could never be saved).
        self.read_only = False

    def set_rows(self, rows: Sequence[SheetRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._stored = copy.deepcopy(self.rows)
        self.endResetModel()

    def mark_saved(self) -> None:
        """What is shown has just been stored: no longer dirty (the caller reloads from the store later)."""
        self._stored = copy.deepcopy(self.rows)

    def revert(self) -> None:
        """Drop what was typed since the last load or save."""
        self.beginResetModel()
        self.rows = copy.deepcopy(self._stored)
        self.endResetModel()

    @property
    def dirty(self) -> bool:
        return any(a.entry() != b.entry() for a, b in zip(self.rows, self._stored, strict=True))

    def entries(self) -> list[Entry]:
        """What to save: every line with a status (unentered lines stay unentered)."""
        return [r.entry() for r in self.rows if r.status]

    def set_status(self, row: int, status: str) -> None:
        if self.read_only:
            return
        r = self.rows[row]
        r.status = status
        if status not in TIMED_STATUSES:
            r.late_minutes = None
        if status not in (*NEEDS_APPROVAL, "公假"):
            r.leave_reason, r.approver = "", ""
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def mark_all_present(self) -> int:
        n = 0
        for i, r in enumerate(self.rows):
            if not r.status and r.expected:
                self.set_status(i, "出勤")
                n += 1
        return n

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.read_only and index.column() in (COL_MINUTES, *_TEXT_FIELDS):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = self.rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if c == COL_NO:
                return str(index.row() + 1)
            if c == COL_NAME:
                return r.name + ("" if r.expected else "（不在应到名单）")
            if c == COL_SUBJECT:
                return r.subject
            if c == COL_STATUS:
                return ("出勤 √" if r.status == "出勤" else r.status) if r.status else "未录入"
            if c == COL_MINUTES:
                return "" if r.late_minutes is None else str(r.late_minutes)
            return getattr(r, _TEXT_FIELDS[c])
        if role == Qt.ItemDataRole.BackgroundRole and r.status in STATUS_COLOURS:
            return QBrush(QColor(STATUS_COLOURS[r.status]))
        if role == Qt.ItemDataRole.ForegroundRole and c == COL_STATUS and not r.status:
            return QBrush(QColor("#999999"))
        if role == Qt.ItemDataRole.TextAlignmentRole and c in (COL_NO, COL_STATUS, COL_MINUTES):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and r.status in NEEDS_APPROVAL and not (r.leave_reason and r.approver):
            return f"{r.status}须填写请假事由和批准人"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        r, c = self.rows[index.row()], index.column()
        text = str(value or "").strip()
        if c == COL_MINUTES:
            if not text:
                r.late_minutes = None
            elif text.isdigit():
                r.late_minutes = int(text)
                if r.status not in TIMED_STATUSES:
                    r.status = "迟到"  # typing minutes on a line means the teacher was late
            else:
                return False
        elif c in _TEXT_FIELDS:
            setattr(r, _TEXT_FIELDS[c], text)
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(HEADERS) - 1))
        return True


def hours_model(categories: Sequence[str]) -> RowsTableModel[TeacherHours]:
    """教师学时: one line per teacher, a column per category, 合计/应修/欠缺/出勤率/取消学时."""
    right = Qt.AlignmentFlag.AlignRight
    cols: list[Column[TeacherHours]] = [
        Column("姓名", lambda h: h.name, sort_key=lambda h: (h.pinyin, h.name)),
        *[Column(c, lambda h, c=c: h.hours(c), right) for c in categories],
        Column("合计", lambda h: h.total, right),
        Column("应修", lambda h: h.required, right),
        Column("欠缺", lambda h: h.shortfall or "", right),
        Column("出勤率", lambda h: "" if h.rate is None else f"{h.rate:.0%}", right),
        Column("取消学时（缺席三分之一以上）", lambda h: "、".join(h.lost_categories)),
    ]
    model: RowsTableModel[TeacherHours] = RowsTableModel(cols)
    model.row_colour = lambda h: QColor("#f6c9cc") if h.lost_categories else (
        QColor("#fbe7b0") if h.shortfall else None)
    return model
