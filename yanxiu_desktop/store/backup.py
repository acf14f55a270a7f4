"""Verified automatic backups of the one database file, with Anki-like retention.

A backup is written with ``VACUUM INTO`` (a consistent snapshot, WAL included, compacted) to a temporary
name in the database's backup folder, opened again and checked (``integrity_check``, ``foreign_key_check``,
``user_version``), fsynced and only then renamed to its real name. A half-written or unverified file never
carries a backup's name.

Retention keeps the newest 10, one per day for 12 days, one per week for 10 weeks and one per month for
9 months. Pruning happens only after a new backup verified AND the live database passed ``quick_check``:
a damaged live file (whose "backups" would be damaged too) never pushes good backups out.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from yanxiu_desktop.paths import backup_dir
from yanxiu_desktop.store.db import StoreError, current_path

RECENT, DAILY, WEEKLY, MONTHLY = 10, 12, 10, 9

REASONS = {
    "manual": "手动备份",
    "start": "启动时",
    "close": "关闭时",
    "timer": "定时（有改动）",
    "import": "导入前",
    "migrate": "升级数据库前",
    "term_close": "结束学期前",
    "restore": "恢复前（被替换的数据库）",
    "external": "备份到U盘",
}
# Backups taken just before something irreversible are never pruned automatically.
PROTECTED_REASONS = frozenset({"migrate", "restore"})

_NAME = re.compile(r"^(\d{8})-(\d{6})(?:-(\d+))?-([a-z_]+)\.sqlite3$")
_REQUIRED_TABLES = ("school", "semester", "teacher", "audit_entry", "setting")


class BackupError(StoreError):
    """A backup could not be made or verified; the live database is untouched."""


class DamagedDatabaseError(StoreError):
    """The live database file failed its check; it must not be opened or backed up over good copies."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    seq: int
    reason: str
    size: int

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, self.reason)

    def to_json(self) -> dict:
        return {"id": self.path.name, "name": self.path.name, "path": str(self.path),
                "created": self.created.isoformat(), "reason": self.reason, "size": self.size}


def _uri(path: Path, mode: str = "ro") -> str:
    return f"{Path(path).resolve().as_uri()}?mode={mode}"


def verify_file(path: str | Path, expect_version: int | None = None) -> list[str]:
    """Problems found in a database file (empty list: a sound 研修通 database). Never writes to it."""
    from yanxiu_desktop.store.migrations import LATEST

    path = Path(path)
    try:
        with path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return [f"{path.name} 不是研修通数据库文件"]
        con = sqlite3.connect(_uri(path), uri=True)
    except (OSError, sqlite3.Error) as exc:
        return [f"无法读取 {path.name}：{exc}"]
    problems: list[str] = []
    try:
        rows = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            problems.extend(f"完整性检查：{r}" for r in rows[:10])
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
        problems.extend(f"外键不一致：表 {r[0]} 第 {r[1]} 行引用了不存在的 {r[2]}" for r in fk[:10])
        version = con.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error as exc:
        return [f"{path.name} 已损坏：{exc}"]
    finally:
        con.close()
    if expect_version is not None and version != expect_version:
        problems.append(f"架构版本 {version} 与原数据库的 {expect_version} 不一致")
    if not 1 <= version <= LATEST:
        problems.append(f"架构版本 {version} 不是本程序能打开的版本（1～{LATEST}）")
    missing = [t for t in _REQUIRED_TABLES if t not in tables]
    if missing:
        problems.append(f"缺少数据表：{'、'.join(missing)}（不是研修通数据库？）")
    return problems


def quick_check_file(path: str | Path) -> list[str]:
    """``PRAGMA quick_check`` on a file before anything opens it for writing. Empty list: fine."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return []
    with path.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            return []  # not a database at all: open_database refuses it with its own message
    try:
        # Not read-only: a WAL file left by a crash must be recovered into the check's view.
        con = sqlite3.connect(str(path), timeout=5)
        try:
            rows = [r[0] for r in con.execute("PRAGMA quick_check").fetchall()]
        finally:
            con.close()
    except sqlite3.Error as exc:
        if not os.access(path.parent, os.W_OK):
            # A write-protected stick or folder: SQLite cannot make its -shm/-wal there. That is not
            # damage; opening the file says 只读 in its own words, without sending the user to restore.
            return []
        return [f"数据库文件无法读取：{exc}"]
    return [] if rows == ["ok"] else rows[:10]


class BackgroundQuickCheck:
    """``quick_check_file`` started on its own thread as soon as the program knows the file, so the check
    (~0.1 s for ten years of data) runs while Qt and the window code load instead of before them; sqlite3
    lets go of the GIL while it works. ``result()`` waits for it: nothing opens the file before that."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._problems: list[str] = []
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="quick-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._problems = quick_check_file(self.path)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller of result()
            self._error = exc

    def result(self) -> list[str]:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._problems


def damaged_message(path: Path, problems: list[str]) -> str:
    """What a user reads when the file is damaged: what happened and the way out."""
    good = list_backups(path)
    way_out = (f"请用“数据 → 从备份恢复…”（或命令 yanxiu restore）恢复最近的完好备份：\n{good[0].path}"
               if good else "没有找到自动备份；如有U盘备份（.yxbak 文件），请用“从备份恢复…”恢复。")
    detail = "\n".join(problems[:5])
    return (f"数据库文件已损坏，为避免进一步损坏，程序没有打开它：\n{path}\n\n{detail}\n\n{way_out}\n"
            "损坏的文件会在恢复时另存为备份，不会被删除。")


def _parse(path: Path) -> BackupInfo | None:
    m = _NAME.match(path.name)
    if not m:
        return None
    try:
        created = dt.datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S")
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(path, created, int(m.group(3) or 1), m.group(4), size)


def list_backups(db_path: str | Path | None = None) -> list[BackupInfo]:
    """The verified backups of *db_path* (default: the open database), newest first."""
    path = Path(db_path) if db_path else current_path()
    if path is None:
        return []
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    infos = [i for i in (_parse(p) for p in folder.iterdir() if p.is_file()) if i]
    return sorted(infos, key=lambda i: (i.created, i.seq), reverse=True)


def retained(infos: Iterable[BackupInfo], recent: int = RECENT, daily: int = DAILY, weekly: int = WEEKLY,
             monthly: int = MONTHLY) -> set[BackupInfo]:
    """Which backups the retention rule keeps: newest *recent*, then the newest one of each of the last
    *daily* days, *weekly* ISO weeks and *monthly* months that have a backup; protected ones always."""
    ordered = sorted(infos, key=lambda i: (i.created, i.seq), reverse=True)
    keep = set(ordered[:recent])
    keep.update(i for i in ordered if i.reason in PROTECTED_REASONS)
    buckets = (
        (daily, lambda d: d.date()),
        (weekly, lambda d: d.isocalendar()[:2]),
        (monthly, lambda d: (d.year, d.month)),
    )
    for limit, period in buckets:
        seen: set = set()
        for info in ordered:
            key = period(info.created)
            if key in seen:
                continue
            if len(seen) >= limit:
                break
            seen.add(key)
            keep.add(info)
    return keep


def prune(db_path: str | Path | None = None) -> list[Path]:
    """Delete backups the retention rule no longer keeps — only while the live database checks out."""
    path = Path(db_path) if db_path else current_path()
    if path is None or quick_check_file(path):
        return []
    infos = list_backups(path)
    keep = retained(infos)
    removed: list[Path] = []
    for info in infos:
        if info not in keep:
            try:
                info.path.unlink()
                removed.append(info.path)
            except OSError:
                pass  # a backup we cannot delete is harmless; try again next time
    return removed


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles for this and needs none."""
    if os.name == "nt":
        return
    try:
        _fsync(path)
    except OSError:
        pass


def snapshot(db_path: Path, target: Path) -> int:
    """Write a consistent, verified copy of *db_path* to *target* (atomically). Returns its user_version.

    Raises BackupError if the copy cannot be written or does not verify; *target* is then not created.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(".~" + target.name + ".tmp")
    try:
        con = sqlite3.connect(str(db_path), timeout=10)
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if tmp.exists():
                tmp.unlink()
            con.execute("VACUUM INTO ?", (str(tmp),))
        finally:
            con.close()
        problems = verify_file(tmp, expect_version=version)
        if problems:
            raise BackupError("备份文件校验未通过，已丢弃：" + "；".join(problems))
        _fsync(tmp)
        os.replace(tmp, target)
        fsync_dir(target.parent)
        return version
    except sqlite3.Error as exc:
        raise BackupError(f"备份失败（磁盘已满或文件夹不可写？）：{exc}。数据库本身未受影响。") from exc
    except OSError as exc:
        raise BackupError(f"备份失败：无法写入 {target.parent}（{exc}）。数据库本身未受影响。") from exc
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def _target(folder: Path, now: dt.datetime, reason: str) -> tuple[Path, int]:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    # Several backups in one second (any reasons) are told apart and ordered by a sequence number.
    same = [i.seq for i in (_parse(p) for p in folder.glob(f"{stamp}-*.sqlite3")) if i]
    seq = max(same, default=0) + 1
    name = f"{stamp}-{reason}.sqlite3" if seq == 1 else f"{stamp}-{seq}-{reason}.sqlite3"
    return folder / name, seq


def backup_now(reason: str = "manual", db_path: str | Path | None = None, *,
               now: dt.datetime | None = None, do_prune: bool = True) -> BackupInfo:
    """Make a verified backup of the database (default: the open one) and apply retention."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    path = Path(db_path) if db_path else current_path()
    if path is None or str(path) == ":memory:":
        raise BackupError("没有打开数据库文件，无法备份")
    problems = quick_check_file(path)
    if problems:
        raise DamagedDatabaseError(damaged_message(path, problems))
    now = (now or dt.datetime.now()).replace(microsecond=0)
    folder = backup_dir(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"无法创建备份文件夹 {folder}：{exc}。数据库本身未受影响。") from exc
    target, seq = _target(folder, now, reason)
    snapshot(path, target)
    info = BackupInfo(target, now, seq, reason, target.stat().st_size)
    if do_prune:
        prune(path)
    return info
