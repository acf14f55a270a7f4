"""One writer per database: the lock file, stale locks, and the CLI refusing writes the GUI holds."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from yanxiu_desktop.cli import main
from yanxiu_desktop.store.lock import DatabaseLock, LockedError, is_stale, lock_path_for, read_holder


@pytest.fixture
def other_process() -> Iterator[subprocess.Popen]:
    """A live process that is not us (the 'other' program holding a lock)."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield proc
    proc.kill()
    proc.wait()


def _write_lock(db_path: Path, pid: int, kind: str = "gui", host: str | None = None) -> Path:
    path = lock_path_for(db_path)
    path.write_text(json.dumps({"pid": pid, "hostname": host or socket.gethostname(),
                                "started": dt.datetime.now().replace(microsecond=0).isoformat(sep=" "),
                                "kind": kind}), encoding="utf-8")  # as a running program writes it
    return path


def test_lock_names_holder_and_is_released(tmp_path: Path) -> None:
    db_path = tmp_path / "yanxiu.sqlite3"
    with DatabaseLock(db_path, "gui") as lock:
        holder = read_holder(lock.path)
        assert holder is not None and holder.pid == os.getpid() and holder.kind == "gui"
        assert holder.hostname == socket.gethostname()
        # The same process opening again (e.g. after a restore) is not a second writer.
        DatabaseLock(db_path, "gui").acquire()
    assert not lock_path_for(db_path).exists()


def test_second_writer_is_refused(tmp_path: Path, other_process: subprocess.Popen) -> None:
    db_path = tmp_path / "yanxiu.sqlite3"
    _write_lock(db_path, other_process.pid)
    with pytest.raises(LockedError, match="窗口程序") as exc:
        DatabaseLock(db_path, "cli").acquire()
    assert str(other_process.pid) in str(exc.value) and "锁文件" in str(exc.value)
    assert read_holder(lock_path_for(db_path)).pid == other_process.pid  # untouched


def test_stale_lock_is_taken_over(tmp_path: Path) -> None:
    db_path = tmp_path / "yanxiu.sqlite3"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    _write_lock(db_path, dead.pid)
    assert is_stale(read_holder(lock_path_for(db_path)))
    lock = DatabaseLock(db_path, "gui").acquire()
    assert read_holder(lock.path).pid == os.getpid()
    lock.release()
    # A half-written lock (power cut while writing it) is stale too.
    lock_path_for(db_path).write_bytes(b'{"pid": 12')
    DatabaseLock(db_path, "gui").acquire().release()


def test_lock_from_another_computer_is_respected(tmp_path: Path) -> None:
    db_path = tmp_path / "yanxiu.sqlite3"
    _write_lock(db_path, 1, host="教导处-旧电脑")
    with pytest.raises(LockedError, match="教导处-旧电脑"):
        DatabaseLock(db_path, "gui").acquire()


def test_cli_write_refused_while_gui_holds_database(demo_db: Path, other_process: subprocess.Popen,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from yanxiu_desktop.store.db import close_database

    close_database()
    _write_lock(demo_db, other_process.pid, "gui")
    rc = main(["--db", str(demo_db), "semesters", "--add", "2030—2031-1", "--start", "2030-09-02"])
    err = capsys.readouterr().err
    assert rc == 1 and "窗口程序" in err and "未做任何修改" in err
    # Reading still works while the GUI runs.
    assert main(["--db", str(demo_db), "semesters", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert main(["--db", str(demo_db), "restore", str(demo_db), "--yes"]) == 1
    assert "窗口程序" in capsys.readouterr().err
    assert read_holder(lock_path_for(demo_db)).pid == other_process.pid
    # Once the GUI has gone, the same command works and the CLI leaves no lock behind.
    lock_path_for(demo_db).unlink()
    assert main(["--db", str(demo_db), "semesters", "--add", "2030—2031-1", "--start", "2030-09-02"]) == 0
    assert not lock_path_for(demo_db).exists()


def test_a_lock_from_before_the_last_start_of_the_computer_is_stale() -> None:
    """After a power cut the process number in the lock may belong to some other program by now."""
    import os
    import socket

    from yanxiu_desktop.store.lock import LockHolder, booted_at

    boot = dt.datetime(2026, 11, 23, 7, 30)
    alive_pid = os.getpid()  # a running process, as a reused number would be
    before = LockHolder(alive_pid, socket.gethostname(), "2026-11-20 16:05:00", "gui")
    after = LockHolder(alive_pid, socket.gethostname(), "2026-11-23 08:00:00", "gui")
    assert is_stale(before, boot=boot)
    assert not is_stale(after, boot=boot)
    assert booted_at() is None or booted_at() < dt.datetime.now()


def test_a_write_protected_folder_is_named_as_such_not_as_damage(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    import sqlite3

    from yanxiu_desktop.store import backup
    from yanxiu_desktop.store import lock as lock_mod
    from yanxiu_desktop.store.db import StoreError

    db_path = tmp_path / "yanxiu.sqlite3"
    sqlite3.connect(db_path).execute("CREATE TABLE t (x)").connection.close()

    def refuse(*_a, **_k):  # noqa: ANN002, ANN003, ANN202 - as SQLite does where it cannot make its -shm
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(backup.sqlite3, "connect", refuse)
    monkeypatch.setattr(backup.os, "access", lambda *_a: False)
    assert backup.quick_check_file(db_path) == []  # not "damaged, restore from a backup"

    def no_write(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(lock_mod.os, "open", no_write)
    with pytest.raises(StoreError, match="文件夹是只读的"):
        DatabaseLock(db_path, "cli").acquire()
