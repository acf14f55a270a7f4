"""hours, attendance, import-attendance, and `print signin` / `print activity-record`."""

from __future__ import annotations

import argparse
from pathlib import Path

from yanxiu_desktop.commands._common import EXIT_BAD_INPUT, err, print_json, print_table, write_atomic


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("hours", help="本学期每位教师的学时（按类别）、出勤率与达标情况")
    p.add_argument("--semester", type=int, required=True, metavar="ID", help="学期编号（见 yanxiu semesters）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_hours)

    p = sub.add_parser("attendance", help="一次活动的考勤（签到表录入结果）")
    p.add_argument("--activity", type=int, required=True, metavar="ID", help="活动编号")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_attendance)

    p = sub.add_parser("import-attendance", help="导入 Excel 考勤表（每行一位教师，每列一次活动）")
    p.add_argument("file", help="考勤表文件（.xlsx 或 .xls）")
    p.add_argument("--semester", type=int, required=True, metavar="ID")
    p.add_argument("--dry-run", action="store_true", help="只检查并显示结果，不写入")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)


def register_print(docs: argparse._SubParsersAction) -> None:
    p = docs.add_parser("signin", help="签到表：一次活动（空白或已填），或整个学期合成一个 PDF")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--activity", type=int, metavar="ID", help="活动编号")
    which.add_argument("--semester", type=int, metavar="ID", help="学期编号（与 --all 一起用）")
    p.add_argument("--all", action="store_true", help="本学期全部活动（已录入考勤的打印已填表）")
    p.add_argument("--blank", action="store_true", help="打印空白签到表（默认：已录入考勤则打印已填表）")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.set_defaults(func=cmd_print_signin)

    p = docs.add_parser("activity-record", help="校本研修活动记录表")
    p.add_argument("--activity", type=int, required=True, metavar="ID")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.set_defaults(func=cmd_print_record)


def _write_pdf(path: str, data: bytes) -> None:
    write_atomic(path, lambda tmp: tmp.write_bytes(data))
    err(f"已生成 {path}（{len(data) // 1024} KB）")


def cmd_print_signin(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain import attendance_docs as docs
    from yanxiu_desktop.domain.semesters import get_semester
    from yanxiu_desktop.store.models import Attendance

    if args.activity is not None:
        if args.all:
            err("--all 只能与 --semester 一起使用")
            return EXIT_BAD_INPUT
        blank = args.blank or not Attendance.select().where(Attendance.activity == args.activity).exists()
        _write_pdf(args.output, docs.signin_pdf(args.activity, blank=blank))
        return 0
    if not args.all:
        err("打印整个学期的签到表请加 --all（例如 print signin --semester 2 --all -o 签到表.pdf）")
        return EXIT_BAD_INPUT
    sem = get_semester(args.semester)
    _write_pdf(args.output, docs.term_signin_pdf(sem, filled_where_entered=not args.blank))
    return 0


def cmd_print_record(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain import attendance_docs as docs

    _write_pdf(args.output, docs.activity_record_pdf(args.activity))
    return 0


def cmd_hours(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain.hours import teacher_hours
    from yanxiu_desktop.domain.policy import load_policy
    from yanxiu_desktop.domain.semesters import get_semester, term_over

    sem = get_semester(args.semester)
    rows = teacher_hours(sem)
    if args.json:
        print_json([h.to_json(term_over=term_over(sem)) for h in rows])  # mid-term nobody has failed: 进行中
        return 0
    cats = load_policy(sem).category_names()
    extra = sorted({c for h in rows for c in h.categories} - set(cats))
    cats += extra
    print_table(["编号", "姓名", *cats, "合计", "应修", "欠缺", "出勤率", "取消学时类别"],
                [[h.teacher_id, h.name, *[f"{h.hours(c):g}" for c in cats], f"{h.total:g}", f"{h.required:g}",
                  f"{h.shortfall:g}", "" if h.rate is None else f"{h.rate:.1%}", "、".join(h.lost_categories)]
                 for h in rows])
    return 0


def cmd_attendance(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain import activities as acts
    from yanxiu_desktop.domain import attendance as att

    a = acts.get_activity(args.activity)
    rows = att.sheet(a)
    c = att.counts(rows)
    if args.json:
        print_json({"id": a.id, "theme": a.theme, "date": a.date, "status": a.status, "counts": c.to_json(),
                    "teachers": [{"id": r.teacher_id, "teacher_id": r.teacher_id, "name": r.name,
                                  "status": r.status, "late_minutes": r.late_minutes,
                                  "leave_reason": r.leave_reason, "approver": r.approver, "note": r.note,
                                  "expected": r.expected} for r in rows]})
        return 0
    print_table(["编号", "姓名", "学科", "考勤", "备注"],
                [[r.teacher_id, r.name, r.subject, r.status or "未录入", r.remark()] for r in rows])
    err(f"{acts.activity_label(a)}：应到 {c.expected} 人，实到 {c.present} 人，请假 {c.leave} 人，缺席 {c.absent} 人")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain.imports import commit_attendance
    from yanxiu_desktop.domain.semesters import get_semester
    from yanxiu_desktop.excel.attendance_import import preview_attendance

    sem = get_semester(args.semester)
    preview = preview_attendance(Path(args.file), sem)
    if preview.errors:
        for e in preview.errors:
            err(e)
        err(f"考勤表有 {len(preview.errors)} 处错误，未导入任何数据")
        if args.json:
            print_json(preview.to_json())
        return EXIT_BAD_INPUT
    for note in preview.notes:
        err(f"请核对：{note}")
    if args.dry_run:
        if args.json:
            print_json(preview.to_json())
        err(f"检查通过（未写入）：{preview.summary()}")
        return 0
    result = commit_attendance(preview)
    if args.json:
        print_json(result.to_json())
    err(result.summary())
    return 0
