"""Writing previewed 花名册 rows (called by ``domain.imports.commit_roster`` inside its transaction).

The same checks and audit as ``roster.add_teacher`` / ``roster.update_teacher`` one teacher at a time, but
in bulk: a school's 10,000-row roster is stored with a few statements per column set instead of several
ORM round trips per teacher (~7 s → well under a second).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from yanxiu_desktop.domain import planned_lists
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.roster import (
    AUDITED,
    EDITABLE,
    apply_fields,  # the one place fields are normalised
    validate_fields,
)
from yanxiu_desktop.domain.school import current_school
from yanxiu_desktop.excel.roster_import import NEW, UPDATE, ImportResult, PreviewRow
from yanxiu_desktop.store import audit
from yanxiu_desktop.store.db import database
from yanxiu_desktop.store.models import Honour, Teacher

CHUNK = 500  # rows per INSERT (SQLite allows 32,766 variables per statement; a teacher row has ~20)


def apply_roster_rows(rows: list[PreviewRow], reason: str) -> ImportResult:
    """Add the 新增 rows and update the 更新 rows (audited with *reason* and the row number); rows with
    errors are skipped. Call inside a transaction."""
    result = ImportResult(skipped=sum(not r.ok for r in rows),
                          unchanged=sum(r.ok and r.action not in (NEW, UPDATE) for r in rows))
    todo = [r for r in rows if r.ok]
    for r in todo:
        problems = validate_fields({k: v for k, v in r.data.items() if k != "honours"})
        if problems:
            raise ValidationError([f"{r.sheet} 第{r.row}行：{p}" for p in problems])
    added = _add(current_school().id, [r for r in todo if r.action == NEW])
    updated = _update([r for r in todo if r.action == UPDATE], reason)
    result.added, result.updated = len(added), len(updated)
    result.teacher_ids = added + updated
    return result


def _normalised(data: dict[str, Any]) -> dict[str, Any]:
    """The column values ``roster`` would store for *data* (names normalised, text trimmed, pinyin)."""
    t = Teacher()
    t.name = ""
    apply_fields(t, data)
    cols = [k for k in EDITABLE if k in data] + (["pinyin", "initials"] if "name" in data else [])
    return {k: getattr(t, k) for k in cols}


def _add(school_id: int, rows: list[PreviewRow]) -> list[int]:
    keys = {(t.name, t.birth_date) for t in Teacher.select(Teacher.name, Teacher.birth_date)
            .where(Teacher.school == school_id)}
    records = []
    for r in rows:
        if (r.data["name"], r.data.get("birth_date")) in keys:
            # Another import (or a double click) got there first; importing again would duplicate.
            raise ValidationError(f"{r.sheet} 第{r.row}行「{r.data['name']}」在预览之后已被添加，请重新预览。")
        record = Teacher(school=school_id, **_normalised({k: v for k, v in r.data.items() if k != "honours"}))
        records.append({f.name: record.__data__.get(f.name) for f in Teacher._meta.sorted_fields if f.name != "id"})
    last = Teacher.select(Teacher.id).order_by(Teacher.id.desc()).scalar() or 0
    for i in range(0, len(records), CHUNK):
        Teacher.insert_many(records[i:i + CHUNK]).execute()
    # Name + birth date is unique among the new rows (the preview refuses twins), so it finds each id.
    ids = {(t.name, t.birth_date): t.id for t in Teacher.select(Teacher.id, Teacher.name, Teacher.birth_date)
           .where(Teacher.id > last)}
    out = [ids[(rec["name"], rec["birth_date"])] for rec in records]
    _insert_honours((tid, r.data.get("honours") or []) for tid, r in zip(out, rows, strict=True))
    planned_lists.join_school(out, dt.date.today(), "导入花名册：新教师入职")
    return out


def _update(rows: list[PreviewRow], reason: str) -> list[int]:
    if not rows:
        return []
    wanted = {r.teacher_id for r in rows}
    before = {t["id"]: t for t in Teacher.select().dicts() if t["id"] in wanted}
    now = dt.datetime.now().replace(microsecond=0)
    by_columns: dict[tuple[str, ...], list[list[Any]]] = {}
    for r in rows:
        assert r.teacher_id is not None
        if r.teacher_id not in before:
            raise ValidationError(f"{r.sheet} 第{r.row}行「{r.data.get('name', '')}」对应的教师已不存在，请重新预览。")
        values = _normalised({k: v for k, v in r.data.items() if k != "honours"})
        values["updated_at"] = now
        cols = tuple(values)
        by_columns.setdefault(cols, []).append(
            [Teacher._meta.fields[c].db_value(values[c]) for c in cols] + [r.teacher_id])
        old = before[r.teacher_id]
        for k in AUDITED:
            if k in values and old[k] != values[k]:
                audit.record("teacher", r.teacher_id, k, old[k], values[k], f"{reason} 第{r.row}行")
    table = Teacher._meta.table_name
    for cols, params in by_columns.items():
        sets = ", ".join(f'"{Teacher._meta.fields[c].column_name}" = ?' for c in cols)
        database.obj.cursor().executemany(f'UPDATE "{table}" SET {sets} WHERE "id" = ?', params)
    new_honours = [(r.teacher_id, r.data["honours"]) for r in rows
                   if r.data.get("honours") is not None and "honours" in r.changes]
    if new_honours:
        Honour.delete().where(Honour.teacher.in_([tid for tid, _ in new_honours])).execute()
        _insert_honours(new_honours)
    return [r.teacher_id for r in rows]


def _insert_honours(pairs: Iterable[tuple[int | None, list[dict[str, Any]]]]) -> None:
    records = []
    for tid, honours in pairs:
        for h in honours:
            if not h.get("name"):
                raise ValidationError("荣誉名称不能为空")
            records.append({"teacher": tid, "name": h["name"], "level": h.get("level", ""), "year": h.get("year")})
    for i in range(0, len(records), CHUNK):
        Honour.insert_many(records[i:i + CHUNK]).execute()
