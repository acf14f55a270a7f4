"""Writing previewed 花名册 rows (called by ``domain.imports.commit_roster`` inside its transaction)."""

from __future__ import annotations

from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.roster import add_teacher, set_honours, update_teacher
from yanxiu_desktop.domain.school import current_school
from yanxiu_desktop.excel.roster_import import NEW, UPDATE, ImportResult, PreviewRow
from yanxiu_desktop.store.models import Teacher


def apply_roster_rows(rows: list[PreviewRow], reason: str) -> ImportResult:
    """Add the 新增 rows and update the 更新 rows (audited with *reason* and the row number); rows with
    errors are skipped. Call inside a transaction."""
    result = ImportResult()
    keys = {(t.name, t.birth_date) for t in Teacher.select(Teacher.name, Teacher.birth_date)
            .where(Teacher.school == current_school())}
    for r in rows:
        if not r.ok:
            result.skipped += 1
            continue
        data = dict(r.data)
        honours = data.pop("honours", None)
        if r.action == NEW:
            if (data["name"], data.get("birth_date")) in keys:
                # Another import (or a double click) got there first; importing again would duplicate.
                raise ValidationError(f"{r.sheet} 第{r.row}行「{data['name']}」在预览之后已被添加，请重新预览。")
            t = add_teacher(**data, honours=honours or [])
            keys.add((t.name, t.birth_date))
            result.added += 1
        elif r.action == UPDATE:
            t = update_teacher(r.teacher_id, reason=f"{reason} 第{r.row}行", **data)
            if honours is not None and "honours" in r.changes:
                set_honours(t.id, honours)
            result.updated += 1
        else:
            result.unchanged += 1
            continue
        result.teacher_ids.append(t.id)
    return result
