"""What every subcommand shares: opening the store, exit codes, JSON output, atomic output files."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAIL, EXIT_BAD_INPUT = 0, 1, 2


def err(message: str) -> None:
    print(message, file=sys.stderr)


def open_store(args: argparse.Namespace) -> Path:
    from yanxiu_desktop.paths import default_db_path
    from yanxiu_desktop.store import audit
    from yanxiu_desktop.store.db import open_database

    path = Path(args.db) if getattr(args, "db", None) else default_db_path()
    open_database(path)
    audit.set_operator(getattr(args, "operator", "") or "命令行")
    return path


def run_command(args: argparse.Namespace) -> int:
    """Run ``args.func(args)`` with the store open; map errors onto exit codes with Chinese messages."""
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
    except OSError as exc:
        err(f"文件操作失败：{exc}")
        return EXIT_FAIL
    finally:
        close_database()


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


def write_atomic(path: str | Path, writer: Callable[[Path], None]) -> Path:
    """Write via a temp file in the same folder, then rename: a crash never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".~" + path.name, dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        writer(tmp_path)
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
    return path


def parse_date(text: str) -> dt.date:
    from yanxiu_desktop.domain.dates import parse_date as parse
    from yanxiu_desktop.domain.errors import ValidationError

    d = parse(text)
    if d is None:
        raise ValidationError(f"日期「{text}」无法识别，请写成 2025-09-01")
    return d
