"""考勤表 import: an earlier term's attendance kept in Excel as a matrix.

One row per teacher (姓名, optionally 学科 to tell two 张伟 apart), one column per activity whose header is
the date ("9月10日", "2025-09-10", a real date cell), optionally followed by the theme ("9.10 集体备课").
Cells: √ / 迟 / 退 / 公 / 事 / 病 / × or the full words; blank = not expected. Columns are matched to the
term's activities by date, and by theme when two share a date.

Same flow as every import: ``preview_attendance`` reads and checks and writes nothing; the caller shows
the preview; ``domain.imports.commit_attendance`` stores everything in one transaction or nothing (any
error refuses).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import attendance as att
from yanxiu_desktop.domain.dates import parse_month_day, split_month_day
from yanxiu_desktop.domain.names import normalize_name
from yanxiu_desktop.domain.semesters import end_date
from yanxiu_desktop.excel.reader import Sheet, cell_text, header_key, read_workbook
from yanxiu_desktop.store.models import Activity, Participant, Semester, Teacher

ERROR, NEW, UPDATE, UNCHANGED = "错误", "新增", "更新", "无变化"
CELL_CODES = {
    "√": "出勤", "✓": "出勤", "✔": "出勤", "v": "出勤", "V": "出勤", "到": "出勤",
    "迟": "迟到", "退": "早退", "公": "公假", "事": "事假", "病": "病假",
    "×": "缺席", "✗": "缺席", "✘": "缺席", "x": "缺席", "X": "缺席", "缺": "缺席", "旷": "缺席", "旷会": "缺席",
    **{s: s for s in att.STATUSES},
}
NAME_HEADERS = ("姓名", "教师姓名", "教师", "名字")
SUBJECT_HEADERS = ("学科", "任教学科")
IMPORT_REASON = "导入考勤表"


@dataclass
class MatrixColumn:
    index: int  # 0-based column in the sheet
    header: str
    date: dt.date | None = None
    theme: str = ""
    activity_id: int | None = None
    label: str = ""  # the matched activity, as the preview shows it
    problem: str = ""


@dataclass
class MatrixRow:
    number: int  # Excel row
    name: str
    teacher_id: int | None = None
    cells: dict[int, str] = field(default_factory=dict)  # activity id → status
    raw: list[str] = field(default_factory=list)  # one per activity column, as written
    problems: list[str] = field(default_factory=list)
    bad_columns: set[int] = field(default_factory=set)  # positions in ``raw``
    action: str = NEW
    joins: list[int] = field(default_factory=list)  # activities the teacher was not expected at
    notes: list[str] = field(default_factory=list)  # imported anyway, but worth a look (not errors)

    @property
    def status(self) -> str:
        return ERROR if self.problems else self.action

    def to_json(self) -> dict[str, Any]:
        return {"row": self.number, "name": self.name, "teacher_id": self.teacher_id,
                "status": {ERROR: "error", NEW: "new", UPDATE: "update", UNCHANGED: "unchanged"}[self.status],
                "cells": {str(k): v for k, v in self.cells.items()}, "problems": self.problems}


@dataclass
class AttendancePreview:
    path: Path
    semester_id: int
    sheet: str = ""
    columns: list[MatrixColumn] = field(default_factory=list)
    rows: list[MatrixRow] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        out = list(self.file_problems)
        out += [f"工作表「{self.sheet}」第 {c.index + 1} 列「{c.header}」：{c.problem}"
                for c in self.columns if c.problem]
        out += [f"第 {r.number} 行（{r.name}）：{p}" for r in self.rows for p in r.problems]
        return out

    @property
    def notes(self) -> list[str]:
        """What imports but deserves a look: expected teachers left blank, teachers added to a list."""
        return [f"第 {r.number} 行（{r.name}）：{n}" for r in self.rows if not r.problems for n in r.notes]

    def headers(self) -> list[str]:
        return ["行号", "姓名", *[c.header + (f"\n→ {c.label}" if c.label else "") for c in self.columns]]

    def counts(self) -> dict[str, int]:
        return {"rows": len(self.rows), "activities": sum(1 for c in self.columns if c.activity_id),
                "entries": sum(len(r.cells) for r in self.rows),
                "error_rows": sum(1 for r in self.rows if r.problems)}

    def summary(self) -> str:
        c = self.counts()
        leaves = sum(1 for r in self.rows for status in r.cells.values() if status in att.NEEDS_APPROVAL)
        note = (f"；其中事假/病假 {leaves} 条，考勤表上没有请假事由和批准人，导入后可在签到表中补填"
                if leaves else "")
        notes = f"；请核对 {len(self.notes)} 处（空格、加入应到名单）" if self.notes else ""
        return (f"共 {c['rows']} 位教师、{c['activities']} 次活动、{c['entries']} 条考勤；"
                f"有错误 {len(self.errors)} 处{note}{notes}")

    def to_json(self) -> dict[str, Any]:
        return {"file": str(self.path), "sheet": self.sheet, **self.counts(), "errors": self.errors,
                "notes": self.notes,
                "columns": [{"column": c.index + 1, "header": c.header, "activity_id": c.activity_id,
                             "label": c.label, "problem": c.problem} for c in self.columns],
                "rows": [r.to_json() for r in self.rows]}


@dataclass
class AttendanceImportResult:
    activities: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return (f"已导入 {self.activities} 次活动的考勤：新增 {self.created} 条，修改 {self.changed} 条，"
                f"无变化 {self.unchanged} 条")

    def to_json(self) -> dict[str, Any]:
        return {"activities": self.activities, "created": self.created, "changed": self.changed,
                "unchanged": self.unchanged}


def parse_status(value: Any) -> str | None:
    """"√" / "迟" / "事假" → the status; "" → None (not expected); anything else raises ValueError."""
    text = "".join(cell_text(value).split())
    if not text:
        return None
    if text in CELL_CODES:
        return CELL_CODES[text]
    raise ValueError(text)


def _header_date(value: Any, sem: Semester) -> tuple[dt.date | None, str] | None:
    """(date, theme) of an activity column's header; None when the header is not a date at all.

    A header that reads as a month and day but names no day of the term ("2月30日") gives (None, "").
    """
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    text = cell_text(value)
    parts = split_month_day(text)
    if parts is None:
        return None
    return parse_month_day(text, sem.start_date, end_date(sem)), parts[3]


def _find_header(sheet: Sheet, sem: Semester) -> tuple[int, int, int | None, list[MatrixColumn]] | None:
    """(row position, name column, subject column, activity columns) of the first header-like row."""
    start, end = sem.start_date, end_date(sem)
    for pos, row in enumerate(sheet.rows[:30]):
        keys = [header_key(v) for v in row.values]
        name_col = next((i for i, k in enumerate(keys) if k in NAME_HEADERS), None)
        if name_col is None:
            continue
        subject_col = next((i for i, k in enumerate(keys) if k in SUBJECT_HEADERS), None)
        cols = []
        for i, v in enumerate(row.values):
            if i in (name_col, subject_col) or not keys[i]:
                continue
            found = _header_date(v, sem)
            if found is None:
                continue
            d, theme = found
            header = f"{d.month}月{d.day}日" if isinstance(v, dt.date) and d else cell_text(v)
            problem = "" if d else f"表头「{header}」不是本学期（{start}～{end}）中的有效日期，请改正"
            cols.append(MatrixColumn(i, header, d, theme, problem=problem))
        if cols:
            return pos, name_col, subject_col, cols
    return None


def _match_columns(cols: list[MatrixColumn], sem: Semester, today: dt.date | None) -> None:
    by_date: dict[dt.date, list[Activity]] = {}
    for a in acts.list_activities(sem):
        by_date.setdefault(a.date, []).append(a)
    used: dict[int, str] = {}
    for c in cols:
        if c.date is None:
            continue  # its header is already reported
        cands = [a for a in by_date.get(c.date, []) if a.status != "取消"]
        if c.theme and len(cands) > 1:
            cands = [a for a in cands if c.theme in a.theme or a.theme in c.theme or c.theme == a.kind]
        if not cands:
            cancelled = [a for a in by_date.get(c.date, []) if a.status == "取消"]
            c.problem = (f"{c.date.month}月{c.date.day}日的活动已取消，不能导入考勤" if cancelled else
                         f"本学期 {c.date.month}月{c.date.day}日没有研修活动（请先在研修日历中添加）")
        elif len(cands) > 1:
            c.problem = (f"{c.date.month}月{c.date.day}日有 {len(cands)} 次活动，请在表头日期后写上主题以区分"
                         f"（如「{c.date.month}月{c.date.day}日 {cands[0].theme}」）")
        elif cands[0].id in used:
            c.problem = f"与「{used[cands[0].id]}」列对应同一次活动"
        elif problem := att.not_yet_held(cands[0], today):
            c.problem = problem
        else:
            c.activity_id, c.label = cands[0].id, acts.activity_label(cands[0])
            used[cands[0].id] = c.header


def preview_attendance(path: str | Path, semester: Semester, today: dt.date | None = None) -> AttendancePreview:
    """Read and check the matrix; writes nothing. Raises ImportFileError when the file cannot be read.
    A column for an activity after *today* (default: the real date) is an error: it has not happened."""
    path = Path(path)
    preview = AttendancePreview(path, semester.id)
    found = None
    for sheet in read_workbook(path):
        found = _find_header(sheet, semester)
        if found:
            preview.sheet = sheet.name
            break
    if found is None:
        preview.file_problems.append(f"文件「{path.name}」中找不到考勤表：需要一行表头，含「姓名」列和以日期"
                                     "（如 9月10日）为表头的活动列")
        return preview
    pos, name_col, subject_col, cols = found
    _match_columns(cols, semester, today)
    preview.columns = cols
    teachers: dict[str, list[Teacher]] = {}
    for t in Teacher.select():
        teachers.setdefault(t.name, []).append(t)
    expected: dict[int, set[int]] = {}
    for p in Participant.select().where(Participant.activity.in_([c.activity_id for c in cols if c.activity_id]
                                                                 or [0])):
        expected.setdefault(p.activity_id, set()).add(p.teacher_id)
    existing = {(r.activity_id, r.teacher_id): r.status for r in att.Attendance.select()
                .where(att.Attendance.activity.in_(list(expected) or [0]))}
    seen: dict[int, int] = {}
    for row in sheet.rows[pos + 1:]:
        vals = row.values
        name = normalize_name(cell_text(vals[name_col]) if name_col < len(vals) else "")
        raw = [cell_text(vals[c.index]) if c.index < len(vals) else "" for c in cols]
        if not name:
            if any(raw):
                preview.rows.append(MatrixRow(row.number, "", raw=raw, problems=["姓名为空"]))
            continue
        if name.startswith(("合计", "总计", "填表人", "制表人", "审核人")):
            continue
        mr = MatrixRow(row.number, name, raw=raw)
        matches = teachers.get(name, [])
        if subject_col is not None and len(matches) > 1 and subject_col < len(vals):
            subject = cell_text(vals[subject_col])
            matches = [t for t in matches if t.subject == subject] or matches
        if not matches:
            mr.problems.append(f"教师「{name}」不在花名册中")
        elif len(matches) > 1:
            mr.problems.append(f"有 {len(matches)} 位教师叫「{name}」，请加「学科」列区分")
        else:
            mr.teacher_id = matches[0].id
            if mr.teacher_id in seen:
                mr.problems.append(f"与第 {seen[mr.teacher_id]} 行是同一位教师")
            seen[mr.teacher_id] = row.number
        actions: set[str] = set()
        for j, (c, text) in enumerate(zip(cols, raw, strict=True)):
            try:
                status = parse_status(text)
            except ValueError:
                mr.problems.append(f"「{c.header}」列的「{text}」无法识别，应为 √、迟、退、公、事、病、× 或"
                                   f" {'、'.join(att.STATUSES)}")
                mr.bad_columns.add(j)
                continue
            if c.activity_id is None:
                continue
            if status is None:
                if (mr.teacher_id in expected.get(c.activity_id, set())
                        and (c.activity_id, mr.teacher_id) not in existing):
                    mr.notes.append(f"「{c.header}」列为空：在该活动应到名单中，导入后仍为未录入")
                continue
            mr.cells[c.activity_id] = status
            if mr.teacher_id is not None:
                if mr.teacher_id not in expected.get(c.activity_id, set()):
                    mr.joins.append(c.activity_id)
                    mr.notes.append(f"「{c.header}」：不在该活动应到名单中，导入后加入应到名单")
                old = existing.get((c.activity_id, mr.teacher_id))
                actions.add(NEW if old is None else (UNCHANGED if old == status else UPDATE))
        mr.action = UPDATE if UPDATE in actions else (NEW if NEW in actions else UNCHANGED)
        preview.rows.append(mr)
    if not preview.rows:
        preview.file_problems.append(f"工作表「{preview.sheet}」的表头下没有教师行")
    return preview
