"""导入考勤表: an earlier term's attendance matrix from Excel → preview every row with its problems → import
all or nothing (``excel.attendance_import`` refuses while any error remains).

Reading the file writes nothing; every problem is named by 工作表, 行 and 列 (with the Excel column letter).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.utils import get_column_letter
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
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
from yanxiu_desktop.domain.imports import commit_attendance
from yanxiu_desktop.domain.semesters import semester_label
from yanxiu_desktop.excel.attendance_import import (
    UNCHANGED,
    AttendanceImportResult,
    AttendancePreview,
    MatrixColumn,
    preview_attendance,
)
from yanxiu_desktop.store.models import Semester
from yanxiu_desktop.ui.context import show_error
from yanxiu_desktop.ui.models.import_preview import ImportPreviewModel, PreviewLine

INTRO = ("选择以前用 Excel 记的考勤表：每位教师一行（“姓名”列，同名教师可加“学科”列区分），每次活动一列，"
         "表头写日期（如“9月10日”，同一天有两次活动时在日期后写主题）。单元格填 √ 迟 退 公 事 病 × "
         "或出勤、迟到、早退、公假、事假、病假、缺席；空白表示不用参加。先预览检查，有任何错误时不会导入。")
FIRST_DATA_COLUMN = 2  # 行号, 姓名, then one column per activity


def column_name(c: MatrixColumn) -> str:
    """"E 列「9月10日」" — the Excel letter and the header as written."""
    return f"{get_column_letter(c.index + 1)} 列「{c.header}」"


def problem_lines(p: AttendancePreview) -> list[tuple[str, int]]:
    """Every problem as (message naming sheet / row / column, preview row index or -1)."""
    sheet = f"工作表「{p.sheet}」" if p.sheet else ""
    out = [(msg, -1) for msg in p.file_problems]
    out += [(f"{sheet}{column_name(c)}：{c.problem}", -1) for c in p.columns if c.problem]
    for i, r in enumerate(p.rows):
        for msg in r.problems:
            col = next((p.columns[j] for j in sorted(r.bad_columns) if f"「{p.columns[j].header}」列" in msg), None)
            where = f"，{get_column_letter(col.index + 1)} 列" if col is not None else ""
            out.append((f"{sheet}第 {r.number} 行（{r.name or '姓名为空'}{where}）：{msg}", i))
    return out


class AttendanceImportDialog(QDialog):
    """``result`` holds the import summary after ``accept``."""

    def __init__(self, parent: QWidget | None, sem: Semester, path: str | Path | None = None):
        super().__init__(parent)
        self.sem = sem
        self.preview: AttendancePreview | None = None
        self.result: AttendanceImportResult | None = None
        self.setWindowTitle(f"导入考勤表 - {semester_label(sem)}")
        self.resize(1100, 680)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("尚未选择文件")
        choose = QPushButton("选择文件…")
        choose.clicked.connect(self.choose_file)
        self.reload_button = QPushButton("重新检查")
        self.reload_button.setToolTip("在 Excel 中改正后，重新读取同一个文件")
        self.reload_button.setEnabled(False)
        self.reload_button.clicked.connect(lambda: self.load_file(self.path_edit.text()))
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel("文件："))
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(choose)
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
        self.problem_list = QListWidget()
        self.problem_list.setAccessibleName("问题列表")
        self.problem_list.currentRowChanged.connect(self._show_problem_row)
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
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(file_row)
        lay.addWidget(self.summary)
        lay.addWidget(splitter, 1)
        lay.addWidget(buttons)
        self._problem_rows: list[int] = []
        if path:
            self.load_file(path)

    # -- loading ---------------------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择考勤表", self.path_edit.text() or str(Path.home()),
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
            self.preview = preview_attendance(path, self.sem)
        except DomainError as exc:
            self.model.set_lines([], [])
            self.problem_list.clear()
            self.summary.setText(f"<span style='color:#b00020'>无法导入：{_html(str(exc))}</span>")
            self._update_buttons()
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self._show_preview(self.preview)
        return True

    def _show_preview(self, p: AttendancePreview) -> None:
        bad_cols = {FIRST_DATA_COLUMN + j for j, c in enumerate(p.columns) if c.problem}
        lines = []
        for r in p.rows:
            bad = {FIRST_DATA_COLUMN + j for j in r.bad_columns} | bad_cols
            if r.problems and not r.bad_columns:
                bad.add(1)  # the problem is the teacher (not on the roster, a homonym, a repeat)
            lines.append(PreviewLine(r.status, (str(r.number), r.name, *r.raw), tuple(r.problems), frozenset(bad)))
        self.model.set_lines(p.headers(), lines)
        self.table.resizeColumnsToContents()
        self.problem_list.clear()
        found = problem_lines(p)
        self._problem_rows = [row for _msg, row in found]
        for msg, _row in found:
            item = QListWidgetItem(msg)
            item.setForeground(QColor("#a4001d"))
            self.problem_list.addItem(item)
        self.problem_title.setText(f"问题：{len(found)} 处（选中一条可定位到表格中的行）" if found else "没有发现问题")
        text = _html(p.summary())
        if p.errors:
            text += ("<br><span style='color:#b00020'>有错误时不会导入任何一条考勤。请在 Excel 中改正后点“重新检查”"
                     "（缺少的活动请先在研修日历中添加）。</span>")
        elif not self._importable():
            text += "<br>文件中的考勤与数据库完全一致，无需导入。"
        self.summary.setText(text)
        self._update_buttons()

    def _importable(self) -> bool:
        p = self.preview
        return bool(p and not p.errors and any(r.cells and r.action != UNCHANGED for r in p.rows))

    def _show_problem_row(self, index: int) -> None:
        if not 0 <= index < len(self._problem_rows) or self._problem_rows[index] < 0:
            return
        model_index = self.model.index(self._problem_rows[index], 0)
        self.table.selectionModel().select(
            model_index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(model_index)

    def _update_buttons(self) -> None:
        self.import_button.setEnabled(self._importable() and not self.sem.closed)

    # -- importing -------------------------------------------------------------------------------------
    def do_import(self) -> bool:
        """Store the previewed matrix in one transaction; accept() the dialog when done."""
        if self.preview is None or not self.import_button.isEnabled():
            return False
        try:
            self.result = commit_attendance(self.preview)
        except Exception as exc:  # shown to the user; the transaction has rolled back
            show_error(self, exc, "考勤表未导入")
            return False
        QMessageBox.information(self, "导入完成", self.result.summary())
        self.accept()
        return True


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
