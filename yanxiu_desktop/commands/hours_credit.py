"""`yanxiu hours-credit list|add|withdraw`: 学时认定 for 自主研修 and other work without a sign-in sheet."""

from __future__ import annotations

import argparse
import datetime as dt

from yanxiu_desktop.commands._common import (
    TEACHER_HELP,
    err,
    parse_date,
    print_json,
    print_table,
    resolve_teachers,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("hours-credit", help="学时认定：为自主研修等无签到表的研修认定学时（添加、列出、撤销）")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    a = actions.add_parser("list", help="列出一个学期的学时认定（最新在前）")
    a.add_argument("--semester", type=int, required=True, metavar="ID", help="学期编号（见 yanxiu semesters）")
    a.add_argument("--teacher", metavar="NAME", help=f"只列出这位教师的认定。{TEACHER_HELP}")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=cmd_list)

    a = actions.add_parser("add", help="为一位或几位教师认定同样的学时（有错误则全部不写入）")
    a.add_argument("--semester", type=int, required=True, metavar="ID", help="学期编号（见 yanxiu semesters）")
    a.add_argument("--teacher", action="append", required=True, metavar="NAME",
                   help=f"{TEACHER_HELP}；可重复，如 --teacher 张三 --teacher 李四")
    a.add_argument("--category", required=True, metavar="类别", help="学时类别，须是本校制度中的类别，如 自主研修")
    a.add_argument("--hours", type=float, required=True, metavar="H", help="认定学时，如 8 或 2.5")
    a.add_argument("--basis", required=True, metavar="TEXT", help="认定依据，如：读书笔记（一万字左右）、教育叙事")
    a.add_argument("--date", metavar="YYYY-MM-DD", help="认定日期，须在该学期之内（默认今天）")
    a.add_argument("--item", type=int, metavar="ID", help="依据的成长档案材料编号（只能用于一位教师，见 yanxiu portfolio）")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=cmd_add)

    a = actions.add_parser("withdraw", help="撤销一条学时认定（必须说明原因，写入审计日志）")
    a.add_argument("id", type=int, metavar="ID", help="学时认定编号（见 yanxiu hours-credit list）")
    a.add_argument("--reason", required=True, help="撤销原因（写入审计日志）")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=cmd_withdraw)


def cmd_list(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain.errors import ValidationError
    from yanxiu_desktop.domain.hours_credit import list_credits
    from yanxiu_desktop.domain.semesters import get_semester, semester_label

    sem = get_semester(args.semester)
    teacher_id = None
    if args.teacher:
        ids, problems = resolve_teachers([args.teacher])
        if problems:
            raise ValidationError(problems)
        teacher_id = ids[0]
    rows = list_credits(sem, teacher_id)
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    print_table(["编号", "日期", "姓名", "类别", "学时", "认定依据", "档案材料"],
                [[r.id, r.date, r.name, r.category, f"{r.hours:g}", r.basis, r.portfolio_title] for r in rows])
    err(f"{semester_label(sem)}：学时认定 {len(rows)} 条，共 {sum(r.hours for r in rows):g} 学时")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain import hours_credit
    from yanxiu_desktop.domain.errors import ValidationError
    from yanxiu_desktop.domain.semesters import get_semester, semester_label

    sem = get_semester(args.semester)
    ids, problems = resolve_teachers(args.teacher)
    try:
        day = parse_date(args.date) if args.date else dt.date.today()
        date_problems = hours_credit.date_problems(sem, day)
    except ValidationError as exc:
        date_problems = exc.problems
    if problems or date_problems:  # every problem in one go: the other fields are checked too
        raise ValidationError(problems + date_problems
                              + hours_credit.field_problems(sem, args.category, args.hours, args.basis))
    made = hours_credit.add_credits(sem, ids, args.category, args.hours, day, args.basis,
                                    portfolio_item_id=args.item)
    if args.json:
        new = {c.id for c in made}
        print_json([r.to_json() for r in hours_credit.list_credits(sem) if r.id in new])
        return 0
    c = made[0]
    print(f"已添加 {len(made)} 条学时认定（{semester_label(sem)}，{c.date.isoformat()}）："
          f"{'、'.join(x.teacher.name for x in made)}，{c.category} 各 {c.hours:g} 学时，依据：{c.basis}")
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain.hours_credit import get_credit, withdraw_credit

    credit = get_credit(args.id)
    label = f"{credit.teacher.name} {credit.category} {credit.hours:g} 学时：{credit.basis}"
    withdraw_credit(credit.id, args.reason)
    if args.json:
        print_json({"id": credit.id, "teacher_id": credit.teacher_id, "name": credit.teacher.name,
                    "withdrawn": True, "reason": args.reason.strip()})
    else:
        print(f"已撤销学时认定 {credit.id}（{label}），原因已记入审计日志。")
    return 0
