"""Append-only, hash-chained audit log for anything that affects pay, hours or titles.

Each entry's hash covers its content and the previous entry's hash, so editing or deleting a row in the
file by hand breaks the chain, and `verify_chain` names the first broken entry. Triggers refuse UPDATE
and DELETE on the table from any SQL client.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from peewee import SqliteDatabase

_operator = ""


def set_operator(name: str) -> None:
    """Who is at the keyboard this session (asked once by the GUI, ``--operator`` in the CLI)."""
    global _operator
    _operator = name.strip()


def operator() -> str:
    return _operator


def install_triggers(db: SqliteDatabase) -> None:
    db.execute_sql(
        "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
    )
    db.execute_sql(
        "CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _digest(prev: str, ts: str, op: str, table: str, row: int, field: str, old: str | None,
            new: str | None, reason: str) -> str:
    payload = json.dumps([prev, ts, op, table, row, field, old, new, reason], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(table: str, row_id: int, field: str, old: Any, new: Any, reason: str = "") -> None:
    """Append one entry. Call inside the same transaction as the change it describes."""
    from yanxiu_desktop.store.models import AuditEntry

    last = AuditEntry.select(AuditEntry.hash).order_by(AuditEntry.id.desc()).first()
    prev = last.hash if last else ""
    ts = dt.datetime.now().replace(microsecond=0)
    old_t, new_t = _text(old), _text(new)
    digest = _digest(prev, ts.isoformat(), _operator, table, int(row_id), field, old_t, new_t, reason)
    AuditEntry.create(ts=ts, operator=_operator, table_name=table, row_id=int(row_id), field=field,
                      old=old_t, new=new_t, reason=reason, prev_hash=prev, hash=digest)


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int
    message: str


def verify_chain() -> list[ChainProblem]:
    """Recompute every hash; an altered, inserted or removed row shows up as a problem."""
    from yanxiu_desktop.store.models import AuditEntry

    problems: list[ChainProblem] = []
    prev = ""
    for e in AuditEntry.select().order_by(AuditEntry.id).iterator():
        ts = e.ts.isoformat() if isinstance(e.ts, dt.datetime) else str(e.ts)
        expect = _digest(prev, ts, e.operator, e.table_name, e.row_id, e.field, e.old, e.new, e.reason)
        if e.prev_hash != prev:
            problems.append(ChainProblem(e.id, f"审计记录 #{e.id} 与前一条不衔接（可能有记录被删除或插入）"))
        elif e.hash != expect:
            problems.append(ChainProblem(e.id, f"审计记录 #{e.id} 的内容被改动过"))
        prev = e.hash
    return problems
