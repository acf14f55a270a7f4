"""审计日志: the searchable, read-only log of every change that affects hours, pay or titles."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain.audit_log import audit_tables, table_label
from yanxiu_desktop.ui.models.audit import AuditTableModel
from yanxiu_desktop.ui.widgets.common import initial_size


class AuditLogDialog(QDialog):
    """The whole log, or (with *table* and *row_id*) the history of one record."""

    def __init__(self, parent: QWidget | None = None, table: str | None = None, row_id: int | None = None,
                 title: str = ""):
        super().__init__(parent)
        self.row_id = row_id
        self.setWindowTitle(title or ("修改记录" if row_id is not None else "审计日志"))
        initial_size(self, 980, 560)
        lay = QVBoxLayout(self)
        note = QLabel("审计日志只能追加、不能修改或删除；每条记录都与前一条用校验值相连，"
                      "被改动过的记录会在“检查数据库”时发现。")
        note.setWordWrap(True)
        lay.addWidget(note)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索：操作人、姓名、内容、原因…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("搜索审计日志")
        bar.addWidget(self.search, 3)
        self.table_box = QComboBox()
        self.table_box.addItem("全部记录", None)
        for t in audit_tables():
            self.table_box.addItem(table_label(t), t)
        if table:
            idx = self.table_box.findData(table)
            if idx < 0:
                self.table_box.addItem(table_label(table), table)
                idx = self.table_box.count() - 1
            self.table_box.setCurrentIndex(idx)
        self.table_box.setEnabled(row_id is None)
        bar.addWidget(self.table_box, 1)
        lay.addLayout(bar)
        self.model = AuditTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(False)
        lay.addWidget(self.view, 1)
        self.count_label = QLabel()
        lay.addWidget(self.count_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.search.textChanged.connect(self.reload)
        self.table_box.currentIndexChanged.connect(self.reload)
        self.reload()
        for col, width in enumerate((150, 80, 110, 90, 160, 160, 200, 60)):
            self.view.setColumnWidth(col, width)

    def reload(self) -> None:
        self.model.load(self.search.text(), self.table_box.currentData(), self.row_id)
        n = self.model.rowCount()
        self.count_label.setText(f"共 {n} 条" + ("（只显示最新的 2000 条，请用搜索缩小范围）" if n >= 2000 else ""))


def show_record_log(parent: QWidget | None, table: str, row_id: int, title: str = "") -> None:
    """The history of one record (e.g. one attendance row), for a 修改记录… button in any tab."""
    AuditLogDialog(parent, table=table, row_id=row_id, title=title).exec()
