"""`yanxiu` command line: thin callers of the same domain functions the GUI uses.

Conventions (DESIGN.md "Command line"): Chinese messages on stderr; exit 0 on success, 2 on bad input
(every bad row or field named), 1 on other failures; ``--json`` prints English snake_case keys.
Each area's subcommands live in ``yanxiu_desktop/commands/<area>.py`` with ``register(subparsers)``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from yanxiu_desktop import __version__

# Order is the order in `yanxiu --help`.
COMMAND_MODULES = (
    "yanxiu_desktop.commands.basics",
    "yanxiu_desktop.commands.roster",
    "yanxiu_desktop.commands.printing",
    "yanxiu_desktop.commands.safety",
    "yanxiu_desktop.commands.observation",
    "yanxiu_desktop.commands.portfolio",
    "yanxiu_desktop.commands.attendance",
    "yanxiu_desktop.commands.hours_credit",
    "yanxiu_desktop.commands.calendar",
    "yanxiu_desktop.commands.reports",
)


def build_parser() -> argparse.ArgumentParser:
    from yanxiu_desktop.commands import zh_argparse

    zh_argparse.install()
    parser = argparse.ArgumentParser(prog="yanxiu", description="研修通命令行：校本研修管理")
    parser.add_argument("--db", metavar="PATH", help="数据库文件（默认：环境变量 YANXIU_DB 或用户数据目录）")
    parser.add_argument("--operator", metavar="NAME", default="命令行", help="操作人（写入审计日志）")
    parser.add_argument("--version", action="version", version=f"研修通 {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _safe_streams() -> None:
    """Redirected output on a Windows whose code page is not 936 would crash on Chinese text: replace instead."""
    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if enc not in ("utf8", "gbk", "gb18030", "cp936") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    from yanxiu_desktop.commands._common import run_command

    _safe_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    return run_command(args)


if __name__ == "__main__":
    raise SystemExit(main())
