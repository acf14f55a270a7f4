"""Choose one or more teachers with the pinyin filter (reused wherever a list of people is picked)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain.roster import teacher_rows
from yanxiu_desktop.ui.models.roster import teacher_model
from yanxiu_desktop.ui.widgets.common import fit_columns, initial_size
from yanxiu_desktop.ui.widgets.search_box import PinyinSearchBox


class TeacherPicker(QDialog):
    def __init__(self, parent: QWidget | None, title: str, multi: bool = True,
                 exclude_ids: set[int] | None = None, extra: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        initial_size(self, 640, 520)
        self.exclude = exclude_ids or set()
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search = PinyinSearchBox()
        self.search.search.connect(self.refresh)
        self.search.returnPressed.connect(self.search.flush)
        top.addWidget(self.search)
        lay.addLayout(top)
        self.model = teacher_model(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                                   else QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.doubleClicked.connect(lambda _i: self.accept())
        lay.addWidget(self.view)
        hint = QLabel("按住 Ctrl 或 Shift 可多选" if multi else "双击或按“确定”选择")
        hint.setStyleSheet("color: gray")
        lay.addWidget(hint)
        if extra is not None:
            lay.addWidget(extra)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.refresh("")
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self, text: str) -> None:
        self.model.set_rows([r for r in teacher_rows(text) if r.id not in self.exclude])
        fit_columns(self.view)
        if self.model.rowCount():
            self.view.selectRow(0)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.rows[r].id for r in rows]
