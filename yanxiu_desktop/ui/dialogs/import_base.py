"""What every import dialog shares (花名册, 研修活动安排表, 考勤表): choose a file → preview every row with
its problems (reading writes nothing) → 导入 in one go, or 重新检查 after correcting the file in Excel.

A subclass says how to read its file, what the table and the problem list show, when 导入 is allowed and
how to store the preview; the layout, loading, locating a problem's row and the messages live here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain.errors import DomainError
from yanxiu_desktop.store.db import StoreError
from yanxiu_desktop.ui.context import show_error
from yanxiu_desktop.ui.models.import_preview import (
    ERROR,
    WARNING,
    ImportPreviewModel,
    ImportProblemModel,
    PreviewLine,
    ProblemLine,
)
from yanxiu_desktop.ui.widgets.common import fit_columns, initial_size

FILE_FILTER = "Excel 表格 (*.xlsx *.xls *.xlsm);;所有文件 (*)"


def html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def red(text: str) -> str:
    return f"<span style='color:#b00020'>{text}</span>"


class ImportDialog(QDialog):
    """Subclasses set ``file_caption`` and implement the hooks below; ``preview`` holds the last preview."""

    file_caption = "选择文件"
    failed_title = "导入未完成"

    def __init__(self, parent: QWidget | None, title: str, intro: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        initial_size(self, 1100, 680)
        self.preview: Any = None

        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("尚未选择文件")
        self.choose_button = QPushButton("选择文件…")
        self.choose_button.clicked.connect(self.choose_file)
        self.reload_button = QPushButton("重新检查")
        self.reload_button.setToolTip("在 Excel 中改正后，重新读取同一个文件")
        self.reload_button.setEnabled(False)
        self.reload_button.clicked.connect(lambda: self.load_file(self.path_edit.text()))
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel("文件："))
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.reload_button)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = ImportPreviewModel(parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)

        self.problem_model = ImportProblemModel(self)
        self.problem_list = QListView()
        self.problem_list.setModel(self.problem_model)
        self.problem_list.setAccessibleName("问题列表")
        self.problem_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problem_list.selectionModel().currentChanged.connect(self._show_problem_row)
        self.problem_list.clicked.connect(self._show_problem_row)
        self.problem_title = QLabel("问题")
        problems_box = QWidget()
        pl = QVBoxLayout(problems_box)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.problem_title)
        pl.addWidget(self.problem_list)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(problems_box)
        splitter.setSizes([440, 160])

        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.do_import)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(self.reject)
        self.options = QHBoxLayout()  # a subclass may add its choices (仅导入无误的行) here
        bottom = QHBoxLayout()
        bottom.addLayout(self.options)
        bottom.addStretch(1)
        bottom.addWidget(buttons)

        lay = QVBoxLayout(self)
        lay.addWidget(intro_label)
        lay.addLayout(file_row)
        lay.addWidget(self.summary)
        lay.addWidget(splitter, 1)
        lay.addLayout(bottom)

    # -- hooks ------------------------------------------------------------------------------------------
    def read_preview(self, path: Path) -> Any:
        """Read and check *path*, writing nothing; raise DomainError when it cannot be read at all."""
        raise NotImplementedError

    def preview_lines(self, preview: Any) -> tuple[list[str], list[PreviewLine]]:
        """The table's headers (after 状态) and one line per file row."""
        raise NotImplementedError

    def preview_problems(self, preview: Any) -> list[ProblemLine]:
        raise NotImplementedError

    def summary_html(self, preview: Any) -> str:
        raise NotImplementedError

    def can_import(self, preview: Any) -> bool:
        """Whether 导入 is allowed now: something to store and no error left (or errors explicitly skipped)."""
        raise NotImplementedError

    def commit(self, preview: Any) -> str:
        """Store *preview* (one transaction, domain layer); returns the message shown afterwards."""
        raise NotImplementedError

    # -- loading ----------------------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.file_caption, self.path_edit.text() or str(Path.home()),
                                              FILE_FILTER)
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> bool:
        """Preview *path* (writes nothing). Returns False when the file cannot be read at all."""
        self.path_edit.setText(str(path))
        self.reload_button.setEnabled(True)
        self.preview = None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.preview = self.read_preview(Path(path))
        except DomainError as exc:
            self.model.set_lines([], [])
            self.problem_model.set_problems([])
            self.problem_title.setText("问题")
            self.summary.setText(red(f"无法导入：{html(str(exc))}"))
            self.update_buttons()
            return False
        finally:
            QApplication.restoreOverrideCursor()
        headers, lines = self.preview_lines(self.preview)
        self.model.set_lines(headers, lines)
        fit_columns(self.table)
        self.problem_model.set_problems(self.preview_problems(self.preview))
        self.problem_title.setText(self._problem_title())
        self.summary.setText(self.summary_html(self.preview))
        self.update_buttons()
        return True

    def _problem_title(self) -> str:
        m = self.problem_model
        n_err, n_warn = m.count(ERROR), m.count(WARNING)
        if not (n_err or n_warn):
            return "没有发现问题" if not m.problems else "说明"
        counts = f"错误 {n_err} 处" + (f"，警告 {n_warn} 处" if n_warn else "")
        return f"问题：{counts}（选中一条可定位到表格中的行）"

    def _show_problem_row(self, index: QModelIndex) -> None:
        problem = self.problem_model.problem_at(index.row()) if index.isValid() else None
        if problem is None or not 0 <= problem.row < self.model.rowCount():
            return
        target = self.model.index(problem.row, 0)
        self.table.selectionModel().select(
            target, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(target)

    def update_buttons(self) -> None:
        self.import_button.setEnabled(self.preview is not None and self.can_import(self.preview))

    # -- importing --------------------------------------------------------------------------------------
    def do_import(self) -> bool:
        """Store the previewed file in one transaction (after a verified backup); accept() when done."""
        if self.preview is None or not self.import_button.isEnabled():
            return False
        try:
            message = self.commit(self.preview)
        except StoreError as exc:  # the backup before the import failed, or the database is damaged
            QMessageBox.warning(self, self.failed_title, str(exc))
            return False
        except Exception as exc:  # shown to the user; the transaction has rolled back
            show_error(self, exc, self.failed_title)
            return False
        QMessageBox.information(self, "导入完成", message)
        self.accept()
        return True
