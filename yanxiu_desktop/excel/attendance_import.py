"""考勤表 import: an earlier term's attendance kept in Excel as a matrix.

One row per teacher (姓名, optionally 学科 to tell two 张伟 apart), one column per activity whose header is
the date ("9月10日", "2025-09-10", a real date cell), optionally followed by the theme ("9.10 集体备课").
Cells: √ / 迟 / 退 / 公 / 事 / 病 / × or the full words; blank = not expected. Columns are matched to the
term's activities by date, and by theme when two share a date.

Same flow as every import: ``preview_attendance`` reads and checks and writes nothing; the caller shows
the preview; ``commit_attendance`` stores everything in one transaction or nothing (any error refuses).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import attendance as att
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.guards import ensure_semester_open
from yanxiu_desktop.domain.names import normalize_name
from yanxiu_desktop.excel.reader import Sheet, cell_text, header_key, read_workbook
from yanxiu_desktop.store.db import transaction
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
_DATE_HEAD = re.compile(r"^(?:(\d{4})\s*[年./\-])?\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*[日号]?\s*(.*)$", re.S)
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
        out += [f"第 {c.index + 1} 列「{c.header}」：{c.problem}" for c in self.columns if c.problem]
        out += [f"第 {r.number} 行（{r.name}）：{p}" for r in self.rows for p in r.problems]
        return out

    def headers(self) -> list[str]:
        return ["行号", "姓名", *[c.header + (f"\n→ {c.label}" if c.label else "") for c in self.columns]]

    def counts(self) -> dict[str, int]:
        return {"rows": len(self.rows), "activities": sum(1 for c in self.columns if c.activity_id),
                "entries": sum(len(r.cells) for r in self.rows),
                "error_rows": sum(1 for r in self.rows if r.problems)}

    def summary(self) -> str:
        c = self.counts()
        return (f"共 {c['rows']} 位教师、{c['activities']} 次活动、{c['entries']} 条考勤；"
                f"有错误 {len(self.errors)} 处")

    def to_json(self) -> dict[str, Any]:
        return {"file": str(self.path), "sheet": self.sheet, **self.counts(), "errors": self.errors,
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


def _header_date(value: Any, sem: Semester) -> tuple[dt.date | None, str]:
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    text = cell_text(value)
    m = _DATE_HEAD.match(text)
    if not m:
        return None, ""
    month, day = int(m.group(2)), int(m.group(3))
    if m.group(1):
        year = int(m.group(1))
    else:  # 学年 2025—2026: autumn months in 2025, the rest in 2026
        year = sem.year_start if month >= 8 else sem.year_start + 1
    try:
        return dt.date(year, month, day), m.group(4).strip(" ：:　")
    except ValueError:
        return None, ""


def _find_header(sheet: Sheet, sem: Semester) -> tuple[int, int, int | None, list[MatrixColumn]] | None:
    """(row position, name column, subject column, activity columns) of the first header-like row."""
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
            d, theme = _header_date(v, sem)
            if d is not None:
                cols.append(MatrixColumn(i, cell_text(v) if not isinstance(v, dt.date) else
                                         f"{d.month}月{d.day}日", d, theme))
        if cols:
            return pos, name_col, subject_col, cols
    return None


def _match_columns(cols: list[MatrixColumn], sem: Semester) -> None:
    by_date: dict[dt.date, list[Activity]] = {}
    for a in acts.list_activities(sem):
        by_date.setdefault(a.date, []).append(a)
    used: dict[int, str] = {}
    for c in cols:
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
        else:
            c.activity_id, c.label = cands[0].id, acts.activity_label(cands[0])
            used[cands[0].id] = c.header


def preview_attendance(path: str | Path, semester: Semester) -> AttendancePreview:
    """Read and check the matrix; writes nothing. Raises ImportFileError when the file cannot be read."""
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
    _match_columns(cols, semester)
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
            if status is None or c.activity_id is None:
                continue
            mr.cells[c.activity_id] = status
            if mr.teacher_id is not None:
                if mr.teacher_id not in expected.get(c.activity_id, set()):
                    mr.joins.append(c.activity_id)
                old = existing.get((c.activity_id, mr.teacher_id))
                actions.add(NEW if old is None else (UNCHANGED if old == status else UPDATE))
        mr.action = UPDATE if UPDATE in actions else (NEW if NEW in actions else UNCHANGED)
        preview.rows.append(mr)
    if not preview.rows:
        preview.file_problems.append(f"工作表「{preview.sheet}」的表头下没有教师行")
    return preview


def commit_attendance(preview: AttendancePreview) -> AttendanceImportResult:
    """Store the whole matrix in one transaction; refuses (writes nothing) while any error remains."""
    if preview.errors:
        raise ValidationError(preview.errors)
    sem = Semester.get_by_id(preview.semester_id)
    ensure_semester_open(sem)
    per_activity: dict[int, list[att.Entry]] = {}
    joins: dict[int, list[int]] = {}
    for r in preview.rows:
        assert r.teacher_id is not None
        for aid, status in r.cells.items():
            per_activity.setdefault(aid, []).append(att.Entry(r.teacher_id, status))
        for aid in r.joins:
            joins.setdefault(aid, []).append(r.teacher_id)
    result = AttendanceImportResult(activities=len(per_activity))
    with transaction():
        for aid, tids in joins.items():
            # The paper says they were expected: the matrix is the record of that term.
            Participant.insert_many([{"activity": aid, "teacher": t} for t in tids]).on_conflict_ignore().execute()
        for aid, entries in per_activity.items():
            existing = {r.teacher_id: r for r in att.Attendance.select().where(att.Attendance.activity == aid)}
            # Keep what was typed before (reason, approver) when the status is the same.
            for e in entries:
                old = existing.get(e.teacher_id)
                if old is not None and old.status == e.status:
                    e.late_minutes, e.leave_reason, e.approver, e.note = (
                        old.late_minutes, old.leave_reason, old.approver, old.note)
            r = att.save_sheet(aid, entries, reason=IMPORT_REASON, require_leave_details=False)
            result.created += r.created
            result.changed += r.changed
            result.unchanged += r.unchanged
    return result
