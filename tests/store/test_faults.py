"""A full disk or a read-only folder: the failing write says so clearly and nothing stored is lost."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from peewee import OperationalError

from yanxiu_desktop.cli import main
from yanxiu_desktop.domain import roster
from yanxiu_desktop.paths import backup_dir
from yanxiu_desktop.store import backup as bk
from yanxiu_desktop.store import bundle
from yanxiu_desktop.store.db import PRAGMAS, close_database, database
from yanxiu_desktop.store.faults import friendly_write_error
from yanxiu_desktop.store.models import Teacher


def _names(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return {r[0] for r in con.execute("SELECT name FROM teacher")}
    finally:
        con.close()


def test_full_disk_fails_the_write_and_keeps_everything_stored(demo_db: Path) -> None:
    conn = database.obj
    pages = conn.execute_sql("PRAGMA page_count").fetchone()[0]
    conn.execute_sql(f"PRAGMA max_page_count = {pages}")  # the disk is full from now on
    stored: list[str] = []
    with pytest.raises(OperationalError) as exc:
        for i in range(2000):
            roster.add_teacher(name=f"新老师{i}", note="很长的备注" * 300)
            stored.append(f"新老师{i}")
    assert "磁盘空间不足" in friendly_write_error(exc.value)
    assert "之前保存的数据都完好" in friendly_write_error(exc.value)
    failed = f"新老师{len(stored)}"
    conn.execute_sql("PRAGMA max_page_count = 1073741823")
    names = {t.name for t in Teacher.select()}
    assert set(stored) <= names and failed not in names
    close_database()
    assert set(stored) <= _names(demo_db)


def test_cli_on_a_full_disk_exits_1_with_a_clear_message(db: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    pages = database.obj.execute_sql("PRAGMA page_count").fetchone()[0]
    close_database()
    monkeypatch.setitem(PRAGMAS, "max_page_count", pages)
    assert main(["--db", str(db), "demo", "--teachers", "60"]) == 1
    assert "磁盘空间不足" in capsys.readouterr().err
    assert _names(db) == set()  # all or nothing: no half-built demo school


def test_read_only_database_refuses_writes_and_keeps_data(demo_db: Path) -> None:
    before = Teacher.select().count()
    # SQLite reports a read-only file and a read-only handle alike (SQLITE_READONLY).
    database.obj.execute_sql("PRAGMA query_only = 1")
    with pytest.raises(OperationalError) as exc:
        roster.add_teacher(name="只读时录入")
    assert "只读" in friendly_write_error(exc.value)
    database.obj.execute_sql("PRAGMA query_only = 0")
    assert Teacher.select().count() == before


def test_unwritable_backup_folder_gives_a_clear_error(demo_db: Path) -> None:
    backup_dir(demo_db).write_text("not a folder")
    with pytest.raises(bk.BackupError, match="数据库本身未受影响"):
        bk.backup_now("manual")
    assert Teacher.select().count() == 60


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_backup_folder(demo_db: Path) -> None:
    folder = backup_dir(demo_db)
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(bk.BackupError, match="数据库本身未受影响"):
            bk.backup_now("manual")
    finally:
        folder.chmod(0o755)


def test_usb_stick_missing_or_full(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_folder = tmp_path / "E盘"
    not_a_folder.write_text("")
    with pytest.raises(bk.BackupError, match="无法写入"):
        bundle.write_bundle(not_a_folder / "备份.yxbak", demo_db)

    def full(*_a, **_k) -> None:  # noqa: ANN002, ANN003
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("zipfile.ZipFile.write", full)
    usb = tmp_path / "usb"
    with pytest.raises(bk.BackupError, match="空间不足"):
        bundle.write_bundle(usb / "备份.yxbak", demo_db)
    assert list(usb.iterdir()) == []  # no half-written bundle under any name
