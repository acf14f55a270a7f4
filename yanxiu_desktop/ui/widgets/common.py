"""Small builders every tab and dialog shares, so tables and buttons look and behave the same everywhere."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QInputDialog,
    QLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.ui.context import show_error

# What a window's frame and title bar take beyond its client size (Windows 10/11 at 100 %).
FRAME_WIDTH, FRAME_HEIGHT = 16, 40
CELL_PADDING = 14  # the style's text margins, the grid line and a little air
MAX_FIT_WIDTH = 420  # a long 备注 or 课题 wraps into a tooltip-sized column, not across the screen


def initial_size(window: QWidget, width: int, height: int) -> None:
    """Open at the preferred size, but never larger than the screen's free area: office PCs still run
    1024×768 and 1366×768, where an 800-px-high dialog would hide its own 保存 button under the taskbar."""
    parent = window.parentWidget()
    screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - FRAME_WIDTH)
        height = min(height, room.height() - FRAME_HEIGHT)
    window.resize(width, height)  # Qt still keeps the layout's minimum size


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


def _visual_width(text: str) -> int:
    """Characters counted as shown: a Chinese character is about two Latin ones wide."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def fit_columns(view: QTableView, sample_rows: int = 300) -> None:
    """Column widths from the widest text of the first *sample_rows* rows, measured once per column.

    Qt's ``resizeColumnsToContents`` lays out every sampled cell (≈ 30 ms for a 200-teacher roster, on the
    start-up path); picking the widest text in Python and measuring only that is ~10× cheaper and looks at
    three times as many rows."""
    model = view.model()
    header = view.horizontalHeader()
    metrics = view.fontMetrics()
    rows = min(model.rowCount(), sample_rows)
    for col in range(model.columnCount()):
        if view.isColumnHidden(col):
            continue
        texts = (model.column_texts(col, rows) if hasattr(model, "column_texts")
                 else (str(model.data(model.index(r, col)) or "") for r in range(rows)))
        lines = (line for text in texts for line in text.split("\n"))
        widest = max(lines, key=_visual_width, default="")
        width = metrics.horizontalAdvance(widest) + CELL_PADDING if widest else 0
        view.setColumnWidth(col, min(max(width, header.sectionSizeHint(col)), MAX_FIT_WIDTH))


def stacked(*parts: QWidget | QLayout) -> QWidget:
    """A borderless column of widgets and rows (a caption over a table), for one pane of a splitter."""
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, QWidget):
            lay.addWidget(part)
        else:
            lay.addLayout(part)
    return box


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


def run_with_reason(parent: QWidget, title: str, prompt: str, action: Callable[[str], object],
                    error_title: str = "操作未完成") -> bool:
    """Ask for the reason a cancellation, deletion or withdrawal needs (it goes to the audit log), then run
    *action* with it. A refusal from the domain (an empty reason, a closed term) is shown and nothing is
    written. True when the change was made."""
    reason, ok = QInputDialog.getText(parent, title, prompt)
    if not ok:
        return False
    try:
        action(reason.strip())
    except Exception as exc:  # noqa: BLE001 - shown to the user; nothing was written
        show_error(parent, exc, error_title)
        return False
    return True
