"""导入研修活动安排表: choose a file → preview every row with its problems → import all or nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from yanxiu_desktop.domain.imports import commit_plan
from yanxiu_desktop.excel.plan_import import LABELS, PlanPreview, preview_plan
from yanxiu_desktop.store.models import Activity, Semester
from yanxiu_desktop.ui.dialogs.import_base import ImportDialog, html, red
from yanxiu_desktop.ui.models.import_preview import ERROR, NOTE, WARNING, PreviewLine, ProblemLine

INTRO = ("选择学期研修活动安排表（Excel 的 .xlsx 或 .xls），每行一项活动，需有“日期”和“主题”列；"
         "时间、形式、地点、主持人、主讲人、参加对象（小组名称或“全体教师”）、学时可有可无。"
         "日期可以不写年份（如“9月10日”）。已在日历中的活动会跳过；有任何错误时不会导入。")


class PlanImportDialog(ImportDialog):
    """``created`` holds the new activities after ``accept``."""

    file_caption = "选择安排表"
    failed_title = "未导入"

    def __init__(self, parent: QWidget | None, sem: Semester, path: str | Path | None = None):
        super().__init__(parent, "导入研修活动安排表", INTRO)
        self.sem = sem
        self.created: list[Activity] = []
        if path:
            self.load_file(path)

    def read_preview(self, path: Path) -> PlanPreview:
        return preview_plan(path, self.sem)

    def preview_lines(self, p: PlanPreview) -> tuple[list[str], list[PreviewLine]]:
        keys = p.columns
        lines = []
        for r in p.rows:
            bad = frozenset(i + 1 for i, k in enumerate(keys) if any(f"「{LABELS[k]}」" in e for e in r.errors))
            lines.append(PreviewLine(r.status, (str(r.row), *(r.shown.get(k, "") for k in keys)),
                                     tuple(r.errors + r.warnings), bad))
        return ["行号", *[LABELS[k] for k in keys]], lines

    def preview_problems(self, p: PlanPreview) -> list[ProblemLine]:
        out = []
        for i, r in enumerate(p.rows):
            out += [ProblemLine(f"工作表「{r.sheet}」{e}", i, ERROR) for e in r.errors]
            out += [ProblemLine(f"工作表「{r.sheet}」{w}", i, WARNING) for w in r.warnings]
        return out + [ProblemLine(note, -1, NOTE) for note in p.notes]

    def summary_html(self, p: PlanPreview) -> str:
        text = html(f"共 {len(p.rows)} 行：可导入 {len(p.to_create())} 项，"
                    f"已存在 {sum(r.duplicate for r in p.rows)} 项（跳过）")
        if p.errors:
            text += "<br>" + red(f"有 {len(p.errors)} 处错误，有错误时不会导入任何一行。请在 Excel 中改正后点“重新检查”。")
        return text

    def can_import(self, p: PlanPreview) -> bool:
        return not p.errors and bool(p.to_create())

    def commit(self, p: PlanPreview) -> str:
        self.created = commit_plan(self.sem, p)
        skipped = sum(r.duplicate for r in p.rows)
        return f"已导入 {len(self.created)} 项活动" + (f"，{skipped} 项已存在已跳过" if skipped else "")
