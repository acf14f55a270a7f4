"""demo, semesters, check."""

from __future__ import annotations

import argparse

from yanxiu_desktop.commands._common import EXIT_FAIL, err, parse_date, print_json, print_table


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="生成演示学校（教师、学期、小组、师徒结对…）")
    p.add_argument("--teachers", type=int, default=60, help="教师人数（默认 60）")
    p.add_argument("--seed", type=int, default=1, help="随机种子（同一种子生成相同数据）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("semesters", help="列出或新建学期")
    p.add_argument("--add", metavar="2025—2026-1", help="新建学期：学年-学期（1 或 2）")
    p.add_argument("--start", metavar="YYYY-MM-DD", help="第一周星期一的日期")
    p.add_argument("--weeks", type=int, default=20, help="周数（默认 20）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_semesters)

    p = sub.add_parser("check", help="检查数据库完整性与架构版本")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)


def cmd_demo(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain.demo import build_demo
    from yanxiu_desktop.domain.semesters import semester_label

    result = build_demo(teachers=args.teachers, seed=args.seed)
    summary = {"teachers": result.teachers, "groups": result.groups, "mentor_pairs": result.mentor_pairs,
               "semesters": [{"id": s.id, "name": semester_label(s)} for s in result.semesters],
               **result.extra}
    if args.json:
        print_json(summary)
    else:
        print(f"已生成演示学校：教师 {result.teachers} 人，学期 {len(result.semesters)} 个，"
              f"小组 {result.groups} 个，师徒结对 {result.mentor_pairs} 对")
        for k, v in result.extra.items():
            print(f"  {k}: {v}")
    return 0


def _semester_json(s) -> dict:
    from yanxiu_desktop.domain.semesters import end_date, semester_label, year_label

    return {"id": s.id, "name": semester_label(s), "school_year": year_label(s.year_start), "term": s.term,
            "start_date": s.start_date, "end_date": end_date(s), "weeks": s.weeks, "closed": bool(s.closed)}


def cmd_semesters(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain import semesters
    from yanxiu_desktop.domain.errors import ValidationError

    if args.add:
        if not args.start:
            raise ValidationError("新建学期需要 --start（第一周星期一的日期）")
        year, term = semesters.parse_semester_spec(args.add)
        sem = semesters.create_semester(year, term, parse_date(args.start), args.weeks)
        if args.json:
            print_json(_semester_json(sem))
        else:
            print(f"已新建 {semesters.semester_label(sem)}（编号 {sem.id}）")
        return 0
    rows = [_semester_json(s) for s in semesters.list_semesters()]
    if args.json:
        print_json(rows)
    else:
        print_table(["编号", "学期", "开学", "结束", "周数", "状态"],
                    [[r["id"], r["name"], r["start_date"], r["end_date"], r["weeks"],
                      "已归档" if r["closed"] else "进行中"] for r in rows])
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain.health import check_database

    report = check_database()
    if args.json:
        print_json(report.to_json())
    else:
        print(f"数据库：{report.path}")
        print(f"架构版本：{report.schema_version}（本程序支持 {report.latest_version}）")
        for line in report.details:
            print(line)
        if report.problems:
            for p in report.problems:
                err(f"问题：{p}")
        else:
            print("检查通过，未发现问题。")
    return 0 if report.ok else EXIT_FAIL
