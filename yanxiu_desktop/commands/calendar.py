"""activities, import-plan, and the 安排表 documents (`print plan`, `export plan`)."""

from __future__ import annotations

import argparse
from typing import Any

from yanxiu_desktop.commands._common import EXIT_BAD_INPUT, err, print_json, print_table, write_atomic


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("activities", help="列出一个学期的研修活动（按日期）")
    p.add_argument("--semester", type=int, required=True, metavar="ID", help="学期编号（见 yanxiu semesters）")
    p.add_argument("--group", type=int, metavar="ID", help="只看某个小组组织的活动")
    p.add_argument("--kind", help="只看某种形式，如 专题讲座")
    p.add_argument("--status", choices=("计划", "已完成", "取消"))
    p.add_argument("--warnings", action="store_true", help="同时列出计划检查提醒（冲突、间隔过长等）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_activities)

    p = sub.add_parser("import-plan", help="从 Excel 导入学期研修活动安排（有错误则全部不导入）")
    p.add_argument("file", help=".xlsx 或 .xls 文件")
    p.add_argument("--semester", type=int, required=True, metavar="ID")
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import_plan)


def register_print(docs: argparse._SubParsersAction) -> None:
    p = docs.add_parser("plan", help="学期校本研修活动安排表（A4 PDF）")
    p.add_argument("--semester", type=int, required=True, metavar="ID")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.set_defaults(func=cmd_print_plan)


def register_export(books: argparse._SubParsersAction) -> None:
    p = books.add_parser("plan", help="学期校本研修活动安排表（.xlsx）")
    p.add_argument("--semester", type=int, required=True, metavar="ID")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    p.set_defaults(func=cmd_export_plan)


def activity_json(a: Any) -> dict[str, Any]:
    from yanxiu_desktop.domain import activities as acts
    from yanxiu_desktop.domain import semesters
    from yanxiu_desktop.store.models import Participant

    return {"id": a.id, "theme": a.theme, "kind": a.kind, "date": a.date,
            "week": semesters.week_of(a.semester, a.date), "start_time": a.start_time or None,
            "end_time": a.end_time or None, "place": a.place, "host": acts.host_label(a),
            "host_id": a.host_id, "presenter": acts.presenter_label(a), "presenter_id": a.presenter_id,
            "group_id": a.group_id, "group": a.group.name if a.group_id else None, "hours": a.hours,
            "hours_category": a.hours_category, "participants_mode": a.participants_mode,
            "expected": Participant.select().where(Participant.activity == a).count(), "status": a.status,
            "series_id": a.series_id or None}


def cmd_activities(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain import activities as acts
    from yanxiu_desktop.domain import semesters

    sem = semesters.get_semester(args.semester)
    plan = acts.list_activities(sem, group_id=args.group, kind=args.kind, status=args.status)
    warnings = acts.plan_warnings(sem) if args.warnings else []
    if args.json:
        data: Any = [activity_json(a) for a in plan]
        if args.warnings:
            data = {"id": sem.id, "name": semesters.semester_label(sem), "activities": data,
                    "warnings": [w.to_json() for w in warnings]}
        print_json(data)
    else:
        print_table(["编号", "周次", "日期", "时间", "形式", "主题", "主讲人", "地点", "组织", "学时", "状态"],
                    [[a.id, semesters.week_label(semesters.week_of(sem, a.date) or 0), a.date, acts.time_label(a),
                      a.kind, a.theme, acts.presenter_label(a), a.place, a.group.name if a.group_id else "全校",
                      f"{a.hours:g}", a.status] for a in plan])
        for w in warnings:
            err(f"提醒：{w.message}")
    return 0


def cmd_import_plan(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain import semesters
    from yanxiu_desktop.domain.imports import commit_plan
    from yanxiu_desktop.excel.plan_import import preview_plan

    sem = semesters.get_semester(args.semester)
    preview = preview_plan(args.file, sem)
    for note in preview.notes:
        err(note)
    for r in preview.rows:
        for w in r.warnings:
            err(f"提醒：{w}")
    if preview.errors:
        for e in preview.errors:
            err(e)
        err(f"共 {len(preview.errors)} 处错误，未导入任何活动。")
        if args.json:  # as import-roster and import-attendance do: the errors as data too
            print_json({"id": sem.id, "name": semesters.semester_label(sem), "errors": preview.errors,
                        "notes": preview.notes})
        return EXIT_BAD_INPUT
    todo = preview.to_create()
    skipped = sum(r.duplicate for r in preview.rows)
    if args.dry_run:
        err(f"检查通过：可导入 {len(todo)} 项活动，{skipped} 项已存在将跳过（--dry-run，未写入）。")
        made: list[Any] = []
    else:
        made = commit_plan(sem, preview)
        err(f"已导入 {len(made)} 项活动，{skipped} 项已存在已跳过。")
    if args.json:
        print_json({"id": sem.id, "name": semesters.semester_label(sem), "dry_run": args.dry_run,
                    "to_create": len(todo), "skipped": skipped, "created": [activity_json(a) for a in made]})
    return 0


def cmd_print_plan(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain import semesters
    from yanxiu_desktop.domain.plan_table import plan_print_data
    from yanxiu_desktop.pdf.plan import render_plan

    sem = semesters.get_semester(args.semester)
    data = render_plan(plan_print_data(sem))
    write_atomic(args.output, lambda tmp: tmp.write_bytes(data))
    err(f"已生成：{args.output}")
    return 0


def cmd_export_plan(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain import semesters
    from yanxiu_desktop.excel.plan_export import write_plan_xlsx

    sem = semesters.get_semester(args.semester)
    write_atomic(args.output, lambda tmp: write_plan_xlsx(sem, tmp))
    err(f"已导出：{args.output}")
    return 0
