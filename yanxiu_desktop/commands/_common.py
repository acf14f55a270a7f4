"""What every subcommand shares: opening the store, exit codes, JSON output, atomic output files."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from yanxiu_desktop.fileio import write_atomic  # noqa: F401 - subcommands import it from here

EXIT_OK, EXIT_FAIL, EXIT_BAD_INPUT = 0, 1, 2
TEACHER_HELP = "教师姓名、拼音、拼音首字母或编号（见 yanxiu teachers）；同名教师请用编号"


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


# -- teachers named on the command line ----------------------------------------------------
def _candidates(teachers: Sequence[Any]) -> str:
    return "、".join(f"编号 {t.id}（{t.subject or '未填学科'}{'' if t.status == '在职' else '，' + t.status}）"
                    for t in teachers)


def _find_teacher(text: str) -> tuple[int | None, str]:
    """(teacher id, "") or (None, the problem in Chinese) for what was typed after ``--teacher``."""
    from yanxiu_desktop.domain.errors import NotFound
    from yanxiu_desktop.domain.names import normalize_name
    from yanxiu_desktop.domain.roster import find_by_name, get_teacher, list_teachers

    query = normalize_name(text)
    if not query:
        return None, "请填写教师姓名或编号"
    if query.isdigit():
        try:
            return get_teacher(int(query)).id, ""
        except NotFound as exc:
            return None, str(exc)
    if not query.isascii():
        found = find_by_name(query) or find_by_name(query, include_inactive=True)
        near = [] if found else list_teachers(query)
    else:  # pinyin: the whole reading or the initials, never a mere prefix, as hours go to this person
        key = query.lower()
        near = list_teachers(query)
        found = [t for t in near if key in (t.pinyin.replace(" ", ""), t.initials)]
    if len(found) == 1:
        return found[0].id, ""
    if found:
        return None, (f"「{text}」对应 {len(found)} 位教师：{_candidates(found)}，请改用编号，"
                      f"如 --teacher {found[0].id}")
    hint = f"，是否是：{'、'.join(f'{t.name}（编号 {t.id}）' for t in near[:5])}" if near else ""
    return None, f"没有找到教师「{text}」{hint}（可用 yanxiu teachers --search 查找）"


def resolve_teachers(texts: Sequence[str]) -> tuple[list[int], list[str]]:
    """Teacher ids for ``--teacher`` values, and a problem for each one that is unknown or ambiguous."""
    ids: list[int] = []
    problems: list[str] = []
    for text in texts:
        tid, problem = _find_teacher(text)
        if tid is None:
            problems.append(problem)
        else:
            ids.append(tid)
    return ids, problems


def teacher_id(text: str) -> int:
    """The one teacher ``--teacher`` names; a ValidationError (exit 2) says why not otherwise."""
    from yanxiu_desktop.domain.errors import ValidationError

    ids, problems = resolve_teachers([text])
    if problems:
        raise ValidationError(problems)
    return ids[0]
