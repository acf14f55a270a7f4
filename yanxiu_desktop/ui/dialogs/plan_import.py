"""导入研修活动安排表: choose a file → preview every row with its problems → import all or nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yanxiu_desktop.domain.imports import commit_plan
from yanxiu_desktop.excel.plan_import import LABELS, PlanPreview, preview_plan
from yanxiu_desktop.store.models import Activity, Semester
from yanxiu_desktop.ui.context import show_error
from yanxiu_desktop.ui.models.import_preview import ImportPreviewModel, PreviewLine


class PlanImportDialog(QDialog):
    def __init__(self, parent: QWidget | None, sem: Semester, path: str | Path | None = None):
        super().__init__(parent)
        self.sem = sem
        self.preview: PlanPreview | None = None
        self.created: list[Activity] = []
        self.setWindowTitle("导入研修活动安排表")
        self.resize(1000, 600)
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.path.setPlaceholderText("选择 Excel 文件（.xlsx / .xls），每行一项活动，需有“日期”和“主题”列")
        browse = QPushButton("选择文件…")
        browse.clicked.connect(self.browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        lay.addLayout(row)
        self.model = ImportPreviewModel((), self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        lay.addWidget(self.view, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导入")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.commit)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._ok_enabled(False)
        if path:
            self.load(Path(path))

    def _ok_enabled(self, on: bool) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(on)

    def browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择安排表", str(Path.home()), "Excel 文件 (*.xlsx *.xls)")
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        self.path.setText(str(path))
        try:
            self.preview = preview_plan(path, self.sem)
        except Exception as exc:  # a file that cannot be read: message, nothing written
            show_error(self, exc, "无法读取文件")
            self.preview = None
            self._ok_enabled(False)
            return
        p = self.preview
        keys = p.columns
        lines = []
        for r in p.rows:
            problems = tuple(r.errors + r.warnings)
            bad = frozenset(i for i, k in enumerate(keys) if any(f"「{LABELS[k]}」" in e for e in r.errors))
            lines.append(PreviewLine(r.status, tuple(r.shown.get(k, "") for k in keys), problems, bad))
        self.model.set_lines(["行号", *[LABELS[k] for k in keys]],
                             [PreviewLine(x.status, (str(r.row), *x.values), x.problems,
                                          frozenset(i + 1 for i in x.bad_columns))
                              for x, r in zip(lines, p.rows, strict=True)])
        self.view.resizeColumnsToContents()
        todo = len(p.to_create())
        text = [f"共 {len(p.rows)} 行：可导入 {todo} 项，已存在 {sum(r.duplicate for r in p.rows)} 项（跳过）"]
        if p.errors:
            text.append(f"有 {len(p.errors)} 处错误，请在 Excel 中改正后重新选择文件（有错误时不会导入任何一行）：")
            text.extend(p.errors[:8])
        text.extend(p.notes)
        self.summary.setText("\n".join(text))
        self._ok_enabled(not p.errors and todo > 0)

    def commit(self) -> None:
        if self.preview is None:
            return
        try:
            self.created = commit_plan(self.sem, self.preview)
        except Exception as exc:  # shown to the user; nothing was written
            show_error(self, exc, "未导入")
            return
        self.accept()
