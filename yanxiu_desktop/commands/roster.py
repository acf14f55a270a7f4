"""teachers, import-roster."""

from __future__ import annotations

import argparse

from yanxiu_desktop.commands._common import EXIT_BAD_INPUT, EXIT_OK, err, print_json, print_table


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("teachers", help="列出教师（可按姓名、拼音或首字母搜索）")
    p.add_argument("--search", "-s", default="", help="姓名、拼音或拼音首字母，如 zsf")
    p.add_argument("--all", action="store_true", help="包括调出、退休的教师")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_teachers)

    p = sub.add_parser("import-roster", help="从 Excel 花名册（.xlsx/.xls）导入教师：先检查，无误才导入")
    p.add_argument("file", metavar="FILE", help="花名册文件")
    p.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入数据库")
    p.add_argument("--skip-invalid", action="store_true", help="跳过有错误的行，导入其余无误的行")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import_roster)


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


def cmd_import_roster(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain.imports import commit_roster
    from yanxiu_desktop.excel.roster_import import preview_roster

    preview = preview_roster(args.file)
    for note in preview.notes:
        err(note)
    for problem in preview.problems:
        err(f"[{problem.level}] {problem}")
    err(preview.summary())
    out = {"dry_run": bool(args.dry_run), "preview": preview.to_json(), "result": None}
    code = EXIT_OK
    if preview.errors and not args.skip_invalid:
        err(f"有 {len(preview.errors)} 处错误，未导入任何数据。改正后重新导入，或加 --skip-invalid 只导入无误的行。")
        code = EXIT_BAD_INPUT
    elif args.dry_run:
        err("试运行（--dry-run）：没有写入任何数据。")
    else:
        result = commit_roster(preview, skip_invalid=args.skip_invalid)
        out["result"] = result.to_json()
        err(result.summary())
    if args.json:
        print_json(out)
    return code
