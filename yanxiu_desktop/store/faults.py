"""Turning a failed write (full disk, read-only folder, pulled USB stick) into words a user can act on.

SQLite rolls the failed transaction back, so every message can honestly say that what was stored before
is intact; it also says what to do next.
"""

from __future__ import annotations

import errno

_KEPT = "本次修改没有保存（已撤销），之前保存的数据都完好。"


def friendly_write_error(exc: BaseException) -> str | None:
    """A Chinese message for a storage failure, or None if *exc* is not one.

    On a full disk SQLite rolls the transaction back itself, so the ORM's own rollback then fails with
    "no transaction is active" and hides the cause: the whole exception chain is looked at.
    """
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        message = _message(exc)
        if message:
            return message
        exc = exc.__cause__ or exc.__context__
    return None


def _message(exc: BaseException) -> str | None:
    text = str(exc).lower()
    if "database or disk is full" in text or getattr(exc, "errno", None) == errno.ENOSPC:
        return f"磁盘空间不足，{_KEPT}请清理磁盘空间（或把数据移到空间充足的磁盘）后再试。"
    if "readonly" in text or "read-only" in text or getattr(exc, "errno", None) in (errno.EROFS, errno.EACCES):
        return (f"数据库文件或它所在的文件夹是只读的，{_KEPT}请检查文件夹权限或U盘写保护开关，"
                "或关闭正在使用数据库的其他程序后再试。")
    if "disk i/o error" in text or getattr(exc, "errno", None) == errno.EIO:
        return (f"读写磁盘出错（U盘被拔出或硬盘故障？），{_KEPT}请插好U盘后重试，"
                "并用“数据 → 检查数据库…”确认数据完好。")
    if "database is locked" in text:
        return f"数据库正被其他程序占用，{_KEPT}请稍后再试，或关闭其他正在使用它的程序。"
    return None
