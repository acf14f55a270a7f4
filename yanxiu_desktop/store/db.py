"""Opening the one SQLite file: pragmas, schema version check, one writer connection."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from peewee import DatabaseProxy, SqliteDatabase

# Models bind to this proxy; open_database() points it at the real file.
database = DatabaseProxy()

PRAGMAS = {
    "journal_mode": "wal",
    # FULL: a committed write survives a power cut (the records decide pay).
    "synchronous": "full",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "cache_size": -16000,
}


class StoreError(Exception):
    """A storage problem with a message fit to show the user (Chinese)."""


class SchemaTooNewError(StoreError):
    pass


def open_database(path: str | Path, *, migrate: bool = True) -> SqliteDatabase:
    """Open (creating if needed) the database at *path*, bring its schema up to date, bind the models."""
    path = Path(path)
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > 0:
            _check_header(path)
    db = SqliteDatabase(str(path), pragmas=PRAGMAS, autoconnect=True)
    try:
        db.connect(reuse_if_open=True)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"无法打开数据库文件 {path}：{exc}") from exc
    database.initialize(db)
    if migrate:
        from yanxiu_desktop.store.migrations import migrate as run_migrations

        def backup_first(old: int, new: int) -> None:
            # An upgrade rewrites tables: a verified copy of the old file comes first, or no upgrade.
            if str(path) != ":memory:":
                from yanxiu_desktop.store.backup import backup_now

                backup_now("migrate", path, do_prune=False)

        try:
            run_migrations(db, before=backup_first)
        except Exception:
            db.close()
            raise
    return db


def _check_header(path: Path) -> None:
    """Refuse a foreign or too-new file before any pragma (WAL) rewrites its header."""
    with path.open("rb") as fh:
        head = fh.read(16)
    if head != b"SQLite format 3\x00":
        raise StoreError(f"文件 {path} 不是研修通数据库（不是 SQLite 文件），未做任何修改。")
    from yanxiu_desktop.store.migrations import LATEST

    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"数据库文件 {path} 已损坏，无法读取：{exc}") from exc
    if version > LATEST:
        raise SchemaTooNewError(
            f"此数据库由更新版本的研修通创建（架构版本 {version}），当前程序只支持到版本 {LATEST}。"
            "请安装新版程序后再打开，文件未做任何修改。"
        )


def close_database() -> None:
    obj = database.obj
    if obj is not None and not obj.is_closed():
        obj.close()


def current_path() -> Path | None:
    obj = database.obj
    if obj is None:
        return None
    return Path(obj.database)


@contextmanager
def transaction() -> Iterator[None]:
    """Every unit of work is one transaction: all of it is stored, or none."""
    with database.atomic():
        yield
