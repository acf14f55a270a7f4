"""Small builders every tab and dialog shares, so tables and buttons look and behave the same everywhere."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QTableView


def read_only_table(model: QAbstractItemModel, *, fit_contents: bool = False, single: bool = False) -> QTableView:
    """A sortable, read-only, row-selecting table that keeps the domain's row order until a header is
    clicked (pinyin, newest first…). Column widths come from the first 100 rows, not 1,000: a large
    school's term has thousands of rows."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents if fit_contents
                                else QHeaderView.ResizeMode.Interactive)
    header.setResizeContentsPrecision(100)
    header.setStretchLastSection(True)
    return view


def save_cancel_buttons(dialog: QDialog, on_save: Callable[[], None], ok_text: str = "保存",
                        ok: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Save
                        ) -> QDialogButtonBox:
    """*ok_text* runs *on_save* (which accepts the dialog when the domain call succeeded); 取消 rejects."""
    buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    return buttons
