"""backup, restore, close-term, reopen-term, backups, audit-log."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from yanxiu_desktop.commands._common import EXIT_BAD_INPUT, err, print_json, print_table


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="立即备份（校验后存入备份文件夹）；-o 写成一个可拷到U盘的备份文件")
    p.add_argument("-o", "--output", metavar="FILE", help="单文件备份（数据库+附件，.yxbak），例如 E:/研修通备份.yxbak")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("backups", help="列出备份文件夹中的自动备份")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_backups)

    p = sub.add_parser("restore", help="从备份文件（.yxbak 或 .sqlite3）恢复；先显示备份内容")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--yes", action="store_true", help="不再询问，直接恢复")
    p.add_argument("--json", action="store_true")
    # The database may be damaged (why one restores): it is not opened, only replaced.
    p.set_defaults(func=cmd_restore, needs_store=False)

    p = sub.add_parser("close-term", help="结束学期并归档（先自动备份；归档后该学期只读）")
    p.add_argument("--semester", type=int, required=True, metavar="ID", help="学期编号（见 yanxiu semesters）")
    p.add_argument("--reason", default="", help="说明（可选，写入审计日志）")
    p.add_argument("--force", action="store_true", help="学期未结束或仍有“计划”状态的活动时，确认仍要归档")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_close_term)

    p = sub.add_parser("reopen-term", help="重新开启已归档的学期（必须说明原因）")
    p.add_argument("--semester", type=int, required=True, metavar="ID")
    p.add_argument("--reason", required=True, help="原因（写入审计日志）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_reopen_term)

    p = sub.add_parser("audit-log", help="查看审计日志（最新在前）")
    p.add_argument("--search", default="", help="关键词（操作人、内容、原因）")
    p.add_argument("--table", help="只看某类记录，如 attendance、semester")
    p.add_argument("--row", type=int, help="只看某条记录（与 --table 一起用）")
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_audit_log)


def _db_path(args: argparse.Namespace) -> Path:
    from yanxiu_desktop.paths import default_db_path

    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def cmd_backup(args: argparse.Namespace) -> int:
    from yanxiu_desktop.store.backup import backup_now
    from yanxiu_desktop.store.bundle import mark_external_backup, write_bundle

    path = _db_path(args)
    if args.output:
        info = write_bundle(args.output, path)
        if getattr(args, "held_by", None) is None:
            mark_external_backup()
        if args.json:
            print_json(info.to_json())
        else:
            print(f"已写入备份文件：{info.path}")
            for line in info.summary_lines()[1:]:
                print("  " + line)
        return 0
    b = backup_now("manual", path)
    if args.json:
        print_json(b.to_json())
    else:
        print(f"已备份并校验：{b.path}")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from yanxiu_desktop.store.backup import list_backups

    rows = list_backups(_db_path(args))
    if args.json:
        print_json([b.to_json() for b in rows])
    else:
        print_table(["时间", "原因", "大小(KB)", "文件"],
                    [[b.created, b.reason_label, round(b.size / 1024), b.path] for b in rows])
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from yanxiu_desktop.store.bundle import other_school_warning, read_bundle, restore
    from yanxiu_desktop.store.lock import DatabaseLock

    path = _db_path(args)
    info = read_bundle(args.file)
    if not args.json:
        print("备份内容：")
        for line in info.summary_lines():
            print("  " + line)
    warning = other_school_warning(info, path)
    if warning:
        err(warning)
    if not info.ok:
        if args.json:
            print_json(info.to_json())
        for p in info.problems:
            err(f"问题：{p}")
        err("备份文件校验未通过，未做任何修改。")
        return EXIT_BAD_INPUT
    if not args.yes:
        if not sys.stdin or not sys.stdin.isatty():
            err("恢复会替换当前数据库（原数据库会先另存为备份）。确认无误后请加 --yes 再运行。")
            return EXIT_BAD_INPUT
        answer = input(f"用这个备份替换 {path} 吗？原数据库会另存为备份。输入 y 确认：")
        if answer.strip().lower() not in ("y", "yes", "是"):
            err("已取消，未做任何修改。")
            return EXIT_BAD_INPUT
    with DatabaseLock(path, "cli"):
        result = restore(args.file, path)
    if args.json:
        print_json({**info.to_json(), "kept_as": str(result.kept_as) if result.kept_as else None,
                    "attachments_added": result.attachments_added})
    else:
        print(f"已恢复到 {path}")
        if result.kept_as:
            print(f"原数据库已另存为：{result.kept_as}")
        if result.attachments_added:
            print(f"补回附件文件 {result.attachments_added} 个")
    return 0


def cmd_close_term(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain.semesters import semester_label
    from yanxiu_desktop.domain.term_close import close_term

    sem, backup = close_term(args.semester, args.reason, force=args.force)
    if args.json:
        print_json({"id": sem.id, "name": semester_label(sem), "closed": True,
                    "backup": str(backup.path) if backup else None})
    else:
        print(f"{semester_label(sem)}已结束并归档，之后只能查看和打印。")
        if backup:
            print(f"归档前的备份：{backup.path}")
    return 0


def cmd_reopen_term(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain.semesters import semester_label
    from yanxiu_desktop.domain.term_close import reopen_term

    sem = reopen_term(args.semester, args.reason)
    if args.json:
        print_json({"id": sem.id, "name": semester_label(sem), "closed": False})
    else:
        print(f"{semester_label(sem)}已重新开启（原因已记入审计日志）。")
    return 0


def cmd_audit_log(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain.audit_log import audit_log, field_label, value_label

    if args.row is not None and not args.table:
        err("--row 需要和 --table 一起使用，例如 --table attendance --row 12")
        return EXIT_BAD_INPUT
    rows = audit_log(args.search, args.table, args.row, limit=args.limit)
    if args.json:
        print_json([r.to_json() for r in rows])
    else:
        print_table(["编号", "时间", "操作人", "记录", "字段", "原值", "新值", "原因"],
                    [[r.id, r.ts, r.operator, f"{r.table_label}#{r.row_id}", field_label(r.field, r.table),
                      value_label(r.old), value_label(r.new), r.reason] for r in rows])
    return 0
