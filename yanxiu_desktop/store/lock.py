"""One writer per database: a lock file next to it naming the holder (pid, computer, start time).

SQLite itself serialises single transactions, but two programs editing the same records interleave their
changes; staff also copy the file while the app runs. The lock makes the second program see who holds the
database. A lock whose process is gone (a power cut, a crash) is stale and is taken over.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from yanxiu_desktop.store.db import StoreError

KIND_LABELS = {"gui": "研修通窗口程序", "cli": "研修通命令行"}


class LockedError(StoreError):
    """Another live program holds the database."""

    def __init__(self, holder: LockHolder, lock_path: Path):
        self.holder = holder
        self.lock_path = lock_path
        super().__init__(holder_message(holder, lock_path))


@dataclass(frozen=True)
class LockHolder:
    pid: int
    hostname: str
    started: str
    kind: str

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def holder_message(holder: LockHolder, lock_path: Path) -> str:
    return (f"数据库正由{holder.label}使用（电脑 {holder.hostname}，进程 {holder.pid}，"
            f"自 {holder.started} 起）。同一时间只能有一个程序修改数据。\n"
            f"请先关闭正在运行的研修通再试。如确认那台电脑上的研修通已经关闭，可删除锁文件：{lock_path}")


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # pragma: no cover - Windows only
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return bool(ok) and code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # Linux: a zombie (exited, not yet reaped) holds nothing any more
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def read_holder(lock_path: Path) -> LockHolder | None:
    """The holder written in *lock_path*; None if there is no lock or it is unreadable (half-written)."""
    try:
        data = json.loads(lock_path.read_text(encoding="utf-8"))
        return LockHolder(int(data["pid"]), str(data["hostname"]), str(data["started"]), str(data["kind"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def booted_at() -> dt.datetime | None:
    """When this computer last started (local time), or None if it cannot be told."""
    try:
        if os.name == "nt":  # pragma: no cover - Windows only
            import ctypes

            uptime_ms = ctypes.windll.kernel32.GetTickCount64()
            return dt.datetime.now() - dt.timedelta(milliseconds=uptime_ms)
        with open("/proc/stat", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("btime "):
                    return dt.datetime.fromtimestamp(int(line.split()[1]))
    except (OSError, ValueError, AttributeError):
        pass
    return None


def is_stale(holder: LockHolder | None, boot: dt.datetime | None = None) -> bool:
    """A lock is stale when unreadable, or held by a process of this computer that no longer runs, or
    written before the computer last started (after a power cut the same process number often belongs to
    another program by then: Windows reuses them quickly).

    A holder on another computer (a database on a shared folder) cannot be checked: it is not stale.
    """
    if holder is None:
        return True
    if holder.hostname != socket.gethostname():
        return False
    boot = boot or booted_at()
    try:
        started = dt.datetime.fromisoformat(holder.started)
    except ValueError:
        started = None
    if boot is not None and started is not None and started < boot - dt.timedelta(minutes=1):
        return True
    return not pid_alive(holder.pid)


class DatabaseLock:
    def __init__(self, db_path: str | Path, kind: str = "gui"):
        self.db_path = Path(db_path)
        self.path = lock_path_for(self.db_path)
        self.kind = kind
        self.me = LockHolder(os.getpid(), socket.gethostname(),
                             dt.datetime.now().replace(microsecond=0).isoformat(sep=" "), kind)
        self.held = False

    def holder(self) -> LockHolder | None:
        return read_holder(self.path)

    def acquire(self) -> DatabaseLock:
        """Take the lock, taking over a stale one. Raises LockedError if a live program holds it."""
        payload = json.dumps(self.me.__dict__, ensure_ascii=False).encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except PermissionError as exc:  # a write-protected stick or folder: say so, it is not damage
                raise StoreError(f"数据库所在的文件夹是只读的（{self.path.parent}），无法打开数据库。请检查"
                                 "文件夹权限或U盘写保护开关，或把数据库复制到电脑上再打开。") from exc
            except FileExistsError:
                current = read_holder(self.path)
                if current is not None and current.pid == self.me.pid and current.hostname == self.me.hostname:
                    return self  # already ours (same process): leave it to its owner to release
                if not is_stale(current):
                    raise LockedError(current, self.path) from None
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
                continue
            try:
                os.write(fd, payload)
                os.fsync(fd)
            finally:
                os.close(fd)
            # Two programs taking over the same stale lock: only the one whose record stayed wins.
            if read_holder(self.path) == self.me:
                self.held = True
                return self
        current = read_holder(self.path)
        raise LockedError(current or self.me, self.path)

    def release(self) -> None:
        if self.held and read_holder(self.path) == self.me:
            with contextlib.suppress(OSError):
                self.path.unlink()
        self.held = False

    def __enter__(self) -> DatabaseLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
