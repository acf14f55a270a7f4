"""导入考勤表: an earlier term's attendance matrix from Excel → preview every row with its problems → import
all or nothing (``domain.imports.commit_attendance`` refuses while any error remains).

Reading the file writes nothing; every problem is named by 工作表, 行 and 列 (with the Excel column letter).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.utils import get_column_letter
from PySide6.QtWidgets import QWidget

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
from yanxiu_desktop.ui.dialogs.import_base import ImportDialog, html, red
from yanxiu_desktop.ui.models.import_preview import PreviewLine, ProblemLine

INTRO = ("选择以前用 Excel 记的考勤表：每位教师一行（“姓名”列，同名教师可加“学科”列区分），每次活动一列，"
         "表头写日期（如“9月10日”，同一天有两次活动时在日期后写主题）。单元格填 √ 迟 退 公 事 病 × "
         "或出勤、迟到、早退、公假、事假、病假、缺席；空白表示不用参加。先预览检查，有任何错误时不会导入。")
FIRST_DATA_COLUMN = 2  # 行号, 姓名, then one column per activity


def column_name(c: MatrixColumn) -> str:
    """"E 列「9月10日」" — the Excel letter and the header as written."""
    return f"{get_column_letter(c.index + 1)} 列「{c.header}」"


def problem_lines(p: AttendancePreview) -> list[ProblemLine]:
    """Every problem, its message naming sheet / row / column, pointing at its preview row (or -1)."""
    sheet = f"工作表「{p.sheet}」" if p.sheet else ""
    out = [ProblemLine(msg) for msg in p.file_problems]
    out += [ProblemLine(f"{sheet}{column_name(c)}：{c.problem}") for c in p.columns if c.problem]
    for i, r in enumerate(p.rows):
        for msg in r.problems:
            col = next((p.columns[j] for j in sorted(r.bad_columns) if f"「{p.columns[j].header}」列" in msg), None)
            where = f"，{get_column_letter(col.index + 1)} 列" if col is not None else ""
            out.append(ProblemLine(f"{sheet}第 {r.number} 行（{r.name or '姓名为空'}{where}）：{msg}", i))
    return out


class AttendanceImportDialog(ImportDialog):
    """``result`` holds the import summary after ``accept``."""

    file_caption = "选择考勤表"
    failed_title = "考勤表未导入"

    def __init__(self, parent: QWidget | None, sem: Semester, path: str | Path | None = None):
        super().__init__(parent, f"导入考勤表 - {semester_label(sem)}", INTRO)
        self.sem = sem
        self.result: AttendanceImportResult | None = None
        if path:
            self.load_file(path)

    def read_preview(self, path: Path) -> AttendancePreview:
        return preview_attendance(path, self.sem)

    def preview_lines(self, p: AttendancePreview) -> tuple[list[str], list[PreviewLine]]:
        bad_cols = {FIRST_DATA_COLUMN + j for j, c in enumerate(p.columns) if c.problem}
        lines = []
        for r in p.rows:
            bad = {FIRST_DATA_COLUMN + j for j in r.bad_columns} | bad_cols
            if r.problems and not r.bad_columns:
                bad.add(1)  # the problem is the teacher (not on the roster, a homonym, a repeat)
            lines.append(PreviewLine(r.status, (str(r.number), r.name, *r.raw), tuple(r.problems), frozenset(bad)))
        return p.headers(), lines

    def preview_problems(self, p: AttendancePreview) -> list[ProblemLine]:
        return problem_lines(p)

    def summary_html(self, p: AttendancePreview) -> str:
        text = html(p.summary())
        if p.errors:
            return text + "<br>" + red("有错误时不会导入任何一条考勤。请在 Excel 中改正后点“重新检查”"
                                       "（缺少的活动请先在研修日历中添加）。")
        if not self._has_changes(p):
            text += "<br>文件中的考勤与数据库完全一致，无需导入。"
        if p.notes:  # imported as written, but the office should have seen them
            text += "<br>请核对：" + "<br>".join(html(n) for n in p.notes[:20])
            if len(p.notes) > 20:
                text += f"<br>……共 {len(p.notes)} 处"
        return text

    @staticmethod
    def _has_changes(p: AttendancePreview) -> bool:
        return any(r.cells and r.action != UNCHANGED for r in p.rows)

    def can_import(self, p: AttendancePreview) -> bool:
        return not p.errors and self._has_changes(p) and not self.sem.closed

    def commit(self, p: AttendancePreview) -> str:
        self.result = commit_attendance(p)
        return self.result.summary()
