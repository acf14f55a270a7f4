from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from yanxiu_desktop.store import audit
from yanxiu_desktop.store.db import SchemaTooNewError, StoreError, close_database, database, open_database
from yanxiu_desktop.store.migrations import LATEST, STEPS, migrate, schema_version
from yanxiu_desktop.store.models import ALL_MODELS, School, Teacher


def test_pragmas_and_version(db: Path) -> None:
    conn = database.obj
    assert conn.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert schema_version(conn) == LATEST
    tables = {r[0] for r in conn.execute_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {m._meta.table_name for m in ALL_MODELS} <= tables


def test_reopen_is_idempotent(db_path: Path) -> None:
    open_database(db_path)
    School.create(name="甲校")
    close_database()
    open_database(db_path)
    assert [s.name for s in School.select()] == ["甲校"]
    close_database()


def test_newer_file_is_refused_untouched(db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    con.execute("CREATE TABLE x(a)")
    con.execute(f"PRAGMA user_version = {LATEST + 5}")
    con.commit()
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(SchemaTooNewError, match="更新版本"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "roster.sqlite3"
    bogus.write_bytes(b"PK\x03\x04 this is a zip file really")
    with pytest.raises(StoreError, match="不是研修通数据库"):
        open_database(bogus)
    assert bogus.read_bytes().startswith(b"PK")


def test_failed_migration_rolls_back(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_database(db_path)
    conn = database.obj

    def broken(db) -> None:
        db.execute_sql("CREATE TABLE half_done(a)")
        raise RuntimeError("boom")

    monkeypatch.setattr("yanxiu_desktop.store.migrations.STEPS", [*STEPS, (LATEST + 1, "broken", broken)])
    with pytest.raises(StoreError, match="已回滚"):
        migrate(conn)
    assert schema_version(conn) == LATEST
    names = {r[0] for r in conn.execute_sql("SELECT name FROM sqlite_master")}
    assert "half_done" not in names
    close_database()


def test_foreign_keys_enforced(db: Path) -> None:
    from peewee import IntegrityError

    with pytest.raises(IntegrityError):
        Teacher.create(school=999, name="无校")


def test_audit_log_append_only_and_chained(db: Path) -> None:
    audit.set_operator("王老师")
    audit.record("attendance", 1, "status", "出勤", "事假", "补交假条")
    audit.record("attendance", 1, "status", "事假", "出勤", "")
    assert audit.verify_chain() == []
    conn = database.obj
    with pytest.raises(Exception, match="append-only"):
        conn.execute_sql("UPDATE audit_entry SET new='缺席' WHERE id=1")
    with pytest.raises(Exception, match="append-only"):
        conn.execute_sql("DELETE FROM audit_entry WHERE id=2")
    # Someone edits the file with the triggers dropped: the chain notices.
    conn.execute_sql("DROP TRIGGER audit_entry_no_update")
    conn.execute_sql("UPDATE audit_entry SET new='缺席' WHERE id=1")
    problems = audit.verify_chain()
    assert [p.entry_id for p in problems] == [1]
    assert "改动" in problems[0].message
