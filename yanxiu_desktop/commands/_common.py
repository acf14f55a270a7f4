"""What every subcommand shares: opening the store, exit codes, JSON output, atomic output files."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from yanxiu_desktop.fileio import write_atomic  # noqa: F401 - subcommands import it from here

EXIT_OK, EXIT_FAIL, EXIT_BAD_INPUT = 0, 1, 2


def err(message: str) -> None:
    print(message, file=sys.stderr)


def open_store(args: argparse.Namespace) -> Path:
    from yanxiu_desktop.paths import default_db_path
    from yanxiu_desktop.store import audit
    from yanxiu_desktop.store.db import open_database

    path = Path(args.db) if getattr(args, "db", None) else default_db_path()
    _check_and_lock(args, path)
    open_database(path)
    if getattr(args, "held_by", None) is not None:
        # The GUI is the one writer: reads still work, any write fails before it changes a byte.
        from yanxiu_desktop.store.db import database

        database.obj.execute_sql("PRAGMA query_only = 1")
    audit.set_operator(getattr(args, "operator", "") or "命令行")
    return path


def _check_and_lock(args: argparse.Namespace, path: Path) -> None:
    """Quick check before opening (a damaged file is never opened half-way), then the writer lock."""
    from yanxiu_desktop.store.backup import DamagedDatabaseError, damaged_message, quick_check_file
    from yanxiu_desktop.store.lock import DatabaseLock, LockedError

    problems = quick_check_file(path)
    if problems:
        raise DamagedDatabaseError(damaged_message(path, problems))
    lock = DatabaseLock(path, "cli")
    try:
        args.lock = lock.acquire()
    except LockedError as exc:
        args.held_by = exc


def run_command(args: argparse.Namespace) -> int:
    """Run ``args.func(args)`` with the store open; map errors onto exit codes with Chinese messages."""
    from peewee import OperationalError

    from yanxiu_desktop.domain.errors import DomainError, ValidationError
    from yanxiu_desktop.store.db import StoreError, close_database

    try:
        if getattr(args, "needs_store", True):
            open_store(args)
        return int(args.func(args) or 0)
    except ValidationError as exc:
        for p in exc.problems:
            err(p)
        return EXIT_BAD_INPUT
    except DomainError as exc:
        err(str(exc))
        return EXIT_BAD_INPUT
    except StoreError as exc:
        err(str(exc))
        return EXIT_FAIL
    except OperationalError as exc:
        held = getattr(args, "held_by", None)
        if held is not None:
            err(f"{held}\n此命令需要修改数据，已拒绝执行，数据未做任何修改。")
        else:
            from yanxiu_desktop.store.faults import friendly_write_error

            err(friendly_write_error(exc) or f"数据库操作失败：{exc}。本次操作已撤销，原有数据未受影响。")
        return EXIT_FAIL
    except BrokenPipeError:
        # `yanxiu … | head` closed the pipe: not an error worth a message. Silence the final flush too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        err(f"文件操作失败：{exc}")
        return EXIT_FAIL
    finally:
        close_database()
        lock = getattr(args, "lock", None)
        if lock is not None:
            lock.release()


def _default(o: Any) -> Any:
    if isinstance(o, dt.date | dt.datetime | dt.time):
        return o.isoformat()
    if hasattr(o, "to_json"):
        return o.to_json()
    raise TypeError(type(o))


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_default)
    sys.stdout.write("\n")


def print_table(headers: list[str], rows: Iterable[Iterable[Any]]) -> None:
    """A plain tab-separated table (pastes cleanly into Excel/WPS)."""
    print("\t".join(headers))
    for row in rows:
        print("\t".join("" if v is None else str(v) for v in row))


def parse_date(text: str) -> dt.date:
    from yanxiu_desktop.domain.dates import parse_date as parse
    from yanxiu_desktop.domain.errors import ValidationError

    d = parse(text)
    if d is None:
        raise ValidationError(f"日期「{text}」无法识别，请写成 2025-09-01")
    return d
