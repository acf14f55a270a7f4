"""Roster import (花名册导入): preview every row with its problems, then import all-or-nothing.

``preview_roster(path)`` reads the file and writes nothing (it is the dry run). Each row gets a status:
新增 (a new teacher), 更新 (name and birth date match a teacher already in the database), 无变化, 警告
(imported, but look at it) or 错误 (not imported). ``domain.imports.commit_roster(preview)`` stores the
rows in one transaction and refuses while any row has an error, unless ``skip_invalid`` asks to import
the others.

Teachers are matched by name AND birth date, because a school can have two 张伟. Empty cells never erase
what the database already knows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.roster import mask_id_number, validate_fields
from yanxiu_desktop.excel.reader import data_rows, find_header, read_workbook
from yanxiu_desktop.excel.roster_fields import CLEANERS, FIELDS, LABELS, SYNONYMS
from yanxiu_desktop.store.models import Honour, School, Teacher

ERROR, WARNING = "错误", "警告"
NEW, UPDATE, UNCHANGED = "新增", "更新", "无变化"


@dataclass(frozen=True)
class RowProblem:
    sheet: str
    row: int  # Excel row number
    column: str  # the column's header as written in the file
    message: str
    level: str = ERROR
    field: str = ""  # the roster field (name, birth_date…), so a preview can mark the cell

    def __str__(self) -> str:
        where = f"工作表「{self.sheet}」第{self.row}行" + (f"「{self.column}」" if self.column else "")
        return f"{where}：{self.message}"

    def to_json(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message,
                "level": "error" if self.level == ERROR else "warning", "field": self.field}


@dataclass
class PreviewRow:
    sheet: str
    row: int
    data: dict[str, Any]  # cleaned values, only the fields the file gives
    action: str = NEW  # 新增 | 更新 | 无变化
    teacher_id: int | None = None
    changes: list[str] = field(default_factory=list)  # fields an update changes
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.level == ERROR for p in self.problems)

    @property
    def status(self) -> str:
        if not self.ok:
            return ERROR
        if self.problems:
            return WARNING
        return self.action

    def display(self, fld: str) -> str:
        value = self.data.get(fld)
        if value is None:
            return ""
        if fld == "head_teacher":
            return "是" if value else "否"
        if fld == "honours":
            return "、".join(f"{h['level']}{h['name']}" for h in value)
        if fld == "id_number":
            return mask_id_number(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)

    def to_json(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "name": self.data.get("name") or "",
                "status": {ERROR: "error", WARNING: "warning", NEW: "new", UPDATE: "update",
                           UNCHANGED: "unchanged"}[self.status],
                "action": {NEW: "new", UPDATE: "update", UNCHANGED: "unchanged"}[self.action],
                "teacher_id": self.teacher_id, "changes": self.changes,
                "problems": [p.to_json() for p in self.problems]}


@dataclass
class RosterPreview:
    path: Path
    rows: list[PreviewRow]
    fields: list[str]  # fields found in the file, in display order
    notes: list[str] = field(default_factory=list)  # sheets skipped, columns not imported

    @property
    def problems(self) -> list[RowProblem]:
        return [p for r in self.rows for p in r.problems]

    @property
    def errors(self) -> list[RowProblem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[RowProblem]:
        return [p for p in self.problems if p.level == WARNING]

    def counts(self) -> dict[str, int]:
        ok = [r for r in self.rows if r.ok]
        return {"total": len(self.rows), "new": sum(r.action == NEW for r in ok),
                "update": sum(r.action == UPDATE for r in ok), "unchanged": sum(r.action == UNCHANGED for r in ok),
                "error_rows": len(self.rows) - len(ok), "warning_rows": sum(bool(r.problems) for r in ok)}

    def summary(self) -> str:
        c = self.counts()
        return (f"共 {c['total']} 行：新增 {c['new']}，更新 {c['update']}，无变化 {c['unchanged']}，"
                f"有错误 {c['error_rows']} 行（不会导入），可导入但有警告 {c['warning_rows']} 行")

    def to_json(self) -> dict[str, Any]:
        return {"file": str(self.path), **self.counts(), "notes": self.notes,
                "rows": [r.to_json() for r in self.rows]}


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    teacher_ids: list[int] = field(default_factory=list)

    def summary(self) -> str:
        text = f"已导入：新增 {self.added} 位教师，更新 {self.updated} 位，无变化 {self.unchanged} 位"
        return text + (f"；跳过有错误的 {self.skipped} 行" if self.skipped else "")

    def to_json(self) -> dict[str, Any]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "skipped": self.skipped, "teacher_ids": self.teacher_ids}


# -- preview ---------------------------------------------------------------------------------------------

def preview_roster(path: str | Path) -> RosterPreview:
    """Read and check the file; writes nothing. Raises ImportFileError when the file cannot be read."""
    path = Path(path)
    sheets = read_workbook(path)
    rows: list[PreviewRow] = []
    found: set[str] = set()
    notes: list[str] = []
    for sheet in sheets:
        header = find_header(sheet.rows, SYNONYMS, required=("name",))
        if header is None:
            if len(sheets) > 1:
                notes.append(f"工作表「{sheet.name}」没有找到含「姓名」的表头，已跳过")
            continue
        found.update(header.columns)
        if header.ignored:
            notes.append(f"工作表「{sheet.name}」中这些列不导入：{'、'.join(header.ignored)}")
        for rec in data_rows(sheet, header):
            rows.append(_clean_row(sheet.name, rec.number, rec.values, header.headers))
    if not found:
        names = "、".join(f"「{s.name}」" for s in sheets)
        raise ValidationError(
            f"在工作表{names}的前几行中没有找到表头。表头行应至少包含「姓名」和另一个列名"
            f"（如 性别、出生年月、任教学科、职称）。")
    _match(rows)
    return RosterPreview(path=path, rows=rows, fields=[f for f in FIELDS if f in found], notes=notes)


def _clean_row(sheet: str, number: int, values: dict[str, Any], headers: dict[str, str]) -> PreviewRow:
    row = PreviewRow(sheet=sheet, row=number, data={})
    row.data["_headers"] = headers  # which column header to name in later (matching) problems

    def problem(fld: str, message: str, level: str = ERROR) -> None:
        row.problems.append(RowProblem(sheet, number, headers.get(fld, LABELS[fld]), message, level, fld))

    for fld, raw in values.items():
        cleaned = CLEANERS[fld](raw)
        for m in cleaned.errors:
            problem(fld, m)
        for m in cleaned.warnings:
            problem(fld, m, WARNING)
        if cleaned.value is not None and not cleaned.errors:
            row.data[fld] = cleaned.value
    if not row.data.get("name"):
        problem("name", "姓名为空")
    # The domain's own checks (date ranges, name length…), one field at a time so each lands on its column.
    for fld in ("name", "birth_date", "hire_date"):
        if fld in row.data:
            for m in validate_fields({fld: row.data[fld]}):
                problem(fld, m)
    if "birth_date" in row.data and "hire_date" in row.data and row.ok:
        for m in validate_fields({"birth_date": row.data["birth_date"], "hire_date": row.data["hire_date"]}):
            problem("hire_date", m)
    idn, bd = row.data.get("id_number"), row.data.get("birth_date")
    if idn and bd and len(idn) == 18 and idn[6:12] != f"{bd.year:04d}{bd.month:02d}":
        problem("id_number", f"身份证号中的出生年月与出生日期 {bd.isoformat()} 不一致，请核对", WARNING)
    return row


def _match(rows: list[PreviewRow]) -> None:
    """Duplicates inside the file, then existing teachers: same name + birth date = the same person."""
    by_key: dict[tuple[str, dt.date | None], list[PreviewRow]] = {}
    by_name: dict[str, list[PreviewRow]] = {}
    for r in rows:
        name = r.data.get("name")
        if name:
            by_key.setdefault((name, r.data.get("birth_date")), []).append(r)
            by_name.setdefault(name, []).append(r)

    existing: dict[tuple[str, dt.date | None], list[dict[str, Any]]] = {}
    existing_names: dict[str, list[dict[str, Any]]] = {}
    # Not current_school(): it creates the school row on first use, and a preview must write nothing.
    school = School.select().where(School.parent.is_null()).order_by(School.id).first()
    teachers = Teacher.select().where(Teacher.school == school).dicts() if school else []
    for t in teachers:  # plain dicts: 10,000 model instances would cost a second
        existing.setdefault((t["name"], t["birth_date"]), []).append(t)
        existing_names.setdefault(t["name"], []).append(t)
    honours: dict[int, list[dict[str, Any]]] = {}
    for h in Honour.select().namedtuples():
        honours.setdefault(h.teacher, []).append({"name": h.name, "level": h.level, "year": h.year})

    for r in rows:
        headers = r.data.pop("_headers")
        name = r.data.get("name")
        if not name:
            continue
        col = headers.get("name", "姓名")
        bd = r.data.get("birth_date")
        twins = [o for o in by_key[(name, bd)] if o is not r]
        if twins:
            where = "、".join(_where(o, r) for o in twins)
            why = "姓名和出生日期都相同" if bd else "同名且都没有出生日期，无法区分"
            r.problems.append(RowProblem(r.sheet, r.row, col, f"与{where}重复（{why}）", field="name"))
            continue
        namesakes = [o for o in by_name[name] if o is not r]
        if namesakes:
            where = "、".join(_where(o, r) for o in namesakes)
            r.problems.append(RowProblem(r.sheet, r.row, col,
                                         f"与{where}同名但出生日期不同，将作为不同的教师导入", WARNING, "name"))
        same = existing.get((name, bd), [])
        if len(same) > 1:
            r.problems.append(RowProblem(r.sheet, r.row, col,
                                         "数据库中有多位同名且出生日期相同的教师，无法确定更新哪一位", field="name"))
        elif same:
            t = same[0]
            r.teacher_id = t["id"]
            r.changes = _changes(t, r.data, honours.get(t["id"], []))
            r.action = UPDATE if r.changes else UNCHANGED
        elif existing_names.get(name):
            known = "、".join(t["birth_date"].isoformat() if t["birth_date"] else "未填" for t in existing_names[name])
            r.problems.append(RowProblem(
                r.sheet, r.row, col,
                f"数据库中已有同名教师（出生日期 {known}），本行出生日期不同，将新增一位教师", WARNING, "name"))


def _where(other: PreviewRow, me: PreviewRow) -> str:
    return f"第{other.row}行" if other.sheet == me.sheet else f"工作表「{other.sheet}」第{other.row}行"


def _changes(t: dict[str, Any], data: dict[str, Any], current_honours: list[dict[str, Any]]) -> list[str]:
    changed = []
    for fld, value in data.items():
        if fld == "honours":
            key = lambda h: (h["name"], h["level"], h["year"])  # noqa: E731
            if sorted(map(key, value)) != sorted(map(key, current_honours)):
                changed.append(fld)
        elif t[fld] != value:
            changed.append(fld)
    return changed
