"""导入花名册: choose a file → preview every row with its problems → import all-or-nothing.

Reading the file writes nothing (it is the dry run); 导入 stays disabled while any row has an error,
unless 仅导入无误的行 is ticked.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QWidget

from yanxiu_desktop.domain.imports import commit_roster
from yanxiu_desktop.excel.roster_fields import LABELS
from yanxiu_desktop.excel.roster_import import UNCHANGED, ImportResult, RosterPreview, preview_roster
from yanxiu_desktop.ui.dialogs.import_base import ImportDialog, html, red
from yanxiu_desktop.ui.models.import_preview import NOTE, PreviewLine, ProblemLine

INTRO = ("选择学校现有的教师花名册（Excel 的 .xlsx 或 WPS 常存的 .xls）。表格上方可以有标题行，"
         "表头可写“姓名/教师姓名”“出生年月/出生日期”“任教学科”“职称”等常见写法。"
         "先预览检查，确认无误后再导入；姓名和出生日期都相同的教师会被更新而不是重复添加。")


class RosterImportDialog(ImportDialog):
    """``result`` holds the import summary after ``accept``."""

    file_caption = "选择花名册"

    def __init__(self, parent: QWidget | None):
        super().__init__(parent, "导入花名册", INTRO)
        self.result: ImportResult | None = None
        self.skip_invalid = QCheckBox("仅导入无误的行（跳过有错误的行）")
        self.skip_invalid.setEnabled(False)
        self.skip_invalid.toggled.connect(self.update_buttons)
        self.options.addWidget(self.skip_invalid)

    def read_preview(self, path: Path) -> RosterPreview:
        return preview_roster(path)

    def preview_lines(self, preview: RosterPreview) -> tuple[list[str], list[PreviewLine]]:
        several = len({r.sheet for r in preview.rows}) > 1
        headers = (["工作表"] if several else []) + ["行号"] + [LABELS[f] for f in preview.fields]
        offset = len(headers) - len(preview.fields)
        lines = []
        for r in preview.rows:
            values = ([r.sheet] if several else []) + [str(r.row)] + [r.display(f) for f in preview.fields]
            bad = frozenset(offset + preview.fields.index(p.field) for p in r.problems if p.field in preview.fields)
            lines.append(PreviewLine(r.status, tuple(values), tuple(f"{p.level}：{p}" for p in r.problems), bad))
        return headers, lines

    def preview_problems(self, preview: RosterPreview) -> list[ProblemLine]:
        out = [ProblemLine(f"{p.level}　{p}", i, p.level) for i, r in enumerate(preview.rows) for p in r.problems]
        return out + [ProblemLine(f"说明　{note}", -1, NOTE) for note in preview.notes]

    def summary_html(self, preview: RosterPreview) -> str:
        text = html(preview.summary())
        if preview.errors:
            return text + "<br>" + red("有错误的行不能导入。请在 Excel 中改正后点“重新检查”，或勾选“仅导入无误的行”。")
        if all(r.action == UNCHANGED for r in preview.rows):
            text += "<br>文件中的教师与数据库完全一致，无需导入。"
        return text

    def update_buttons(self) -> None:
        self.skip_invalid.setEnabled(bool(self.preview and self.preview.errors))
        super().update_buttons()

    def can_import(self, preview: RosterPreview) -> bool:
        importable = any(r.ok and r.action != UNCHANGED for r in preview.rows)
        return importable and (not preview.errors or self.skip_invalid.isChecked())

    def commit(self, preview: RosterPreview) -> str:
        self.result = commit_roster(preview, skip_invalid=self.skip_invalid.isChecked())
        return self.result.summary()
