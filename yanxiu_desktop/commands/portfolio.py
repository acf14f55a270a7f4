"""`yanxiu portfolio --teacher ID`, `yanxiu portfolio --behind`, `yanxiu print portfolio …`."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from yanxiu_desktop.commands._common import (
    TEACHER_HELP,
    err,
    print_json,
    print_table,
    teacher_id,
    write_atomic,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("portfolio", help="查看教师成长档案（手工材料与自动记录）或未达标名单")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--teacher", metavar="NAME", help=TEACHER_HELP)
    who.add_argument("--behind", action="store_true", help="列出档案材料未达到进度要求的教师")
    p.add_argument("--semester", type=int, metavar="ID", help="学期编号（默认：当前学期）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_portfolio)


def register_print(docs: argparse._SubParsersAction) -> None:
    p = docs.add_parser("portfolio", help="个人成长档案（校本研修报告册）PDF")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--teacher", metavar="NAME", help=f"一位教师：{TEACHER_HELP}")
    who.add_argument("--all", action="store_true", help="全校在职教师，合成一个 PDF")
    p.add_argument("--semester", type=int, metavar="ID", help="学期编号（默认：当前学期）")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.set_defaults(func=cmd_print_portfolio)


def _semester(args: argparse.Namespace):  # noqa: ANN202 - a Semester row
    from yanxiu_desktop.domain.errors import ValidationError
    from yanxiu_desktop.domain.semesters import current_semester, get_semester

    if args.semester is not None:
        return get_semester(args.semester)
    sem = current_semester()
    if sem is None:
        raise ValidationError("没有当前学期，请用 --semester 指定学期编号")
    return sem


def cmd_portfolio(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain import portfolio, portfolio_auto
    from yanxiu_desktop.domain.roster import get_teacher
    from yanxiu_desktop.domain.semesters import semester_label

    sem = _semester(args)
    if args.behind:
        rows = [r for r in portfolio.progress(sem) if r.behind]
        if args.json:
            print_json([{"id": r.teacher_id, "teacher_id": r.teacher_id, "name": r.name,
                         "requirements": [q.to_json() for q in r.requirements]} for r in rows])
        else:
            print_table(["编号", "姓名", "未达进度"],
                        [[r.teacher_id, r.name, "；".join(q.behind_text for q in r.behind)]
                         for r in rows])
            err(f"{semester_label(sem)}：{len(rows)} 位教师档案材料未达到进度要求")
        return 0

    t = get_teacher(teacher_id(args.teacher))
    items = portfolio.list_items(t.id, sem)
    auto = portfolio_auto.auto_entries(t.id, sem)
    prog = portfolio.progress(sem, teacher_ids=[t.id])
    reqs = prog[0].requirements if prog else []
    if args.json:
        from yanxiu_desktop.domain.attachments import link_counts

        counts = link_counts("portfolio_item", [i.id for i in items])
        print_json({
            "id": t.id, "teacher_id": t.id, "name": t.name, "semester_id": sem.id,
            "semester": semester_label(sem),
            "items": [{"id": i.id, "title": i.title, "kind": i.kind, "date": i.date, "level": i.level,
                       "rank": i.rank, "issuer": i.issuer, "notes": i.notes, "attachments": counts.get(i.id, 0),
                       "auto": False} for i in items],
            "auto_entries": [e.to_json() for e in auto],
            "requirements": [r.to_json() for r in reqs],
        })
        return 0
    print_table(["编号", "类别", "标题", "日期", "级别", "等次", "发表/颁发单位", "来源"],
                [[i.id, i.kind, i.title, i.date, i.level, i.rank, i.issuer, "手工"] for i in items]
                + [["", e.kind, e.title, e.date, "", "", e.detail, "自动"] for e in auto])
    for r in reqs:
        err(f"{r.label}：已完成 {r.done}，截至今天应完成 {r.due}，全学期 {r.required}"
            + ("（落后）" if r.behind else ""))
    return 0


def cmd_print_portfolio(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain import portfolio_booklet

    sem = _semester(args)
    if args.all:
        def report(done: int, total: int, name: str) -> bool:
            if name:
                err(f"[{done + 1}/{total}] {name}")
            return True

        pdf = portfolio_booklet.render_school(sem, progress=report)
    else:
        pdf = portfolio_booklet.render_teacher(teacher_id(args.teacher), sem, dt.date.today())
    out = write_atomic(args.output, lambda tmp: Path(tmp).write_bytes(pdf))
    err(f"已生成 {out}（{len(pdf) // 1024} KB）")
    return 0
