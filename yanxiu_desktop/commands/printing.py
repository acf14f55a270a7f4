"""`yanxiu print DOCUMENT …` and `yanxiu export WORKBOOK …`: one parser each, documents from many areas.

A document module has ``register_print(subparsers)`` and/or ``register_export(subparsers)`` adding its
own sub-subcommand (e.g. ``print signin``); list it below.
"""

from __future__ import annotations

import argparse
import importlib

PRINT_MODULES: tuple[str, ...] = (
    "yanxiu_desktop.commands.portfolio",
    "yanxiu_desktop.commands.observation",
    "yanxiu_desktop.commands.attendance",
    "yanxiu_desktop.commands.calendar",
    "yanxiu_desktop.commands.reports",
)
EXPORT_MODULES: tuple[str, ...] = ("yanxiu_desktop.commands.calendar", "yanxiu_desktop.commands.reports")


def register(sub: argparse._SubParsersAction) -> None:
    if PRINT_MODULES:
        p = sub.add_parser("print", help="生成打印用 PDF（签到表、安排表、听课记录表…）")
        docs = p.add_subparsers(dest="document", metavar="DOCUMENT", required=True)
        for name in PRINT_MODULES:
            importlib.import_module(name).register_print(docs)
    if EXPORT_MODULES:
        p = sub.add_parser("export", help="导出 Excel 统计表")
        books = p.add_subparsers(dest="workbook", metavar="WORKBOOK", required=True)
        for name in EXPORT_MODULES:
            importlib.import_module(name).register_export(books)
