"""导入花名册: choose a file → preview every row with its problems → import all-or-nothing.

Reading the file writes nothing (it is the dry run); 导入 stays disabled while any row has an error,
unless 仅导入无误的行 is ticked.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain.errors import DomainError
from yanxiu_desktop.domain.imports import commit_roster
from yanxiu_desktop.excel.roster_fields import LABELS
from yanxiu_desktop.excel.roster_import import (
    ERROR,
    ImportResult,
    RosterPreview,
    preview_roster,
)
from yanxiu_desktop.ui.context import show_error
from yanxiu_desktop.ui.models.import_preview import ImportPreviewModel, PreviewLine

INTRO = ("选择学校现有的教师花名册（Excel 的 .xlsx 或 WPS 常存的 .xls）。表格上方可以有标题行，"
         "表头可写“姓名/教师姓名”“出生年月/出生日期”“任教学科”“职称”等常见写法。"
         "先预览检查，确认无误后再导入；姓名和出生日期都相同的教师会被更新而不是重复添加。")


class RosterImportDialog(QDialog):
    def __init__(self, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle("导入花名册")
        self.resize(1100, 680)
        self.preview: RosterPreview | None = None
        self.result: ImportResult | None = None

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
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
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)

        self.problem_list = QListWidget()
        self.problem_list.setAccessibleName("问题列表")
        self.problem_list.currentRowChanged.connect(self._show_problem_row)
        problems_box = QWidget()
        pl = QVBoxLayout(problems_box)
        pl.setContentsMargins(0, 0, 0, 0)
        self.problem_title = QLabel("问题")
        pl.addWidget(self.problem_title)
        pl.addWidget(self.problem_list)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(problems_box)
        splitter.setSizes([440, 160])

        self.skip_invalid = QCheckBox("仅导入无误的行（跳过有错误的行）")
        self.skip_invalid.setEnabled(False)
        self.skip_invalid.toggled.connect(self._update_buttons)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.do_import)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.skip_invalid)
        bottom.addStretch(1)
        bottom.addWidget(buttons)

        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(file_row)
        lay.addWidget(self.summary)
        lay.addWidget(splitter, 1)
        lay.addLayout(bottom)

    # -- loading ---------------------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择花名册", self.path_edit.text() or str(Path.home()),
                                              "Excel 表格 (*.xlsx *.xls *.xlsm);;所有文件 (*)")
        if path:
            self.load_file(path)

    def load_file(self, path: str | Path) -> bool:
        """Preview *path* (writes nothing). Returns False when the file cannot be read at all."""
        self.path_edit.setText(str(path))
        self.reload_button.setEnabled(True)
        self.preview = None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.preview = preview_roster(path)
        except DomainError as exc:
            QApplication.restoreOverrideCursor()
            self.model.set_lines([], [])
            self.problem_list.clear()
            self.summary.setText(f"<span style='color:#b00020'>无法导入：{_html(str(exc))}</span>")
            self._update_buttons()
            return False
        QApplication.restoreOverrideCursor()
        self._show_preview(self.preview)
        return True

    def _show_preview(self, preview: RosterPreview) -> None:
        sheets = {r.sheet for r in preview.rows}
        headers = (["工作表"] if len(sheets) > 1 else []) + ["行号"] + [LABELS[f] for f in preview.fields]
        offset = len(headers) - len(preview.fields)
        lines = []
        for r in preview.rows:
            values = ([r.sheet] if len(sheets) > 1 else []) + [str(r.row)] + [r.display(f) for f in preview.fields]
            bad = frozenset(offset + preview.fields.index(p.field) for p in r.problems if p.field in preview.fields)
            lines.append(PreviewLine(r.status, tuple(values), tuple(f"{p.level}：{p}" for p in r.problems), bad))
        self.model.set_lines(headers, lines)
        self.table.resizeColumnsToContents()

        self.problem_list.clear()
        self._problem_rows: list[int] = []
        for i, r in enumerate(preview.rows):
            for p in r.problems:
                item = QListWidgetItem(f"{p.level}　{p}")
                item.setForeground(QColor("#a4001d") if p.level == ERROR else QColor("#7a5a00"))
                self.problem_list.addItem(item)
                self._problem_rows.append(i)
        for note in preview.notes:
            self.problem_list.addItem(QListWidgetItem(f"说明　{note}"))
            self._problem_rows.append(-1)
        n_err, n_warn = len(preview.errors), len(preview.warnings)
        self.problem_title.setText(f"问题：错误 {n_err} 处，警告 {n_warn} 处（选中一条可定位到表格中的行）")
        text = _html(preview.summary())
        if n_err:
            text += ("<br><span style='color:#b00020'>有错误的行不能导入。请在 Excel 中改正后点“重新检查”，"
                     "或勾选“仅导入无误的行”。</span>")
        elif not any(r.action != "无变化" for r in preview.rows):
            text += "<br>文件中的教师与数据库完全一致，无需导入。"
        self.summary.setText(text)
        self._update_buttons()

    def _show_problem_row(self, index: int) -> None:
        rows = getattr(self, "_problem_rows", [])
        if not 0 <= index < len(rows) or rows[index] < 0:
            return
        model_index = self.model.index(rows[index], 0)
        self.table.selectionModel().select(
            model_index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(model_index)

    def _update_buttons(self) -> None:
        p = self.preview
        has_errors = bool(p and p.errors)
        self.skip_invalid.setEnabled(has_errors)
        importable = bool(p and any(r.ok and r.action != "无变化" for r in p.rows))
        self.import_button.setEnabled(importable and (not has_errors or self.skip_invalid.isChecked()))

    # -- importing -------------------------------------------------------------------------------------
    def do_import(self) -> bool:
        """Import the previewed rows in one transaction; accept() the dialog when done."""
        if self.preview is None or not self.import_button.isEnabled():
            return False
        try:
            self.result = commit_roster(self.preview, skip_invalid=self.skip_invalid.isChecked())
        except Exception as exc:  # shown to the user; the transaction has rolled back
            show_error(self, exc, "导入未完成")
            return False
        QMessageBox.information(self, "导入完成", self.result.summary())
        self.accept()
        return True


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
