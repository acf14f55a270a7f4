"""teachers (and, from the import feature, import-roster)."""

from __future__ import annotations

import argparse

from yanxiu_desktop.commands._common import print_json, print_table


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("teachers", help="列出教师（可按姓名、拼音或首字母搜索）")
    p.add_argument("--search", "-s", default="", help="姓名、拼音或拼音首字母，如 zsf")
    p.add_argument("--all", action="store_true", help="包括调出、退休的教师")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_teachers)


def cmd_teachers(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain.roster import teacher_rows

    rows = teacher_rows(args.search, include_inactive=args.all)
    if args.json:
        print_json([r.to_json() for r in rows])
    else:
        print_table(["编号", "姓名", "性别", "出生日期", "学科", "职称", "学历", "角色", "状态"],
                    [[r.id, r.name, r.gender, r.birth_date, r.subject, r.title, r.education, r.role, r.status]
                     for r in rows])
    return 0
