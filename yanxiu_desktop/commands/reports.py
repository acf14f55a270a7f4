"""stats, assessment, `export district` and `print summary`: the term's figures from term_stats."""

from __future__ import annotations

import argparse
from pathlib import Path

from yanxiu_desktop.commands._common import err, parse_date, print_json, print_table, write_atomic


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--semester", type=int, required=True, metavar="ID", help="学期编号（见 yanxiu semesters）")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="统计截止日期（默认今天）")


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--group", type=int, metavar="ID", help="只统计这个小组")
    p.add_argument("--subject", metavar="学科", help="只统计这个任教学科")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="学期统计：学时、考勤、听课、活动、成果、教师结构、考核、预警")
    _common(p)
    _filters(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("assessment", help="量化考核排名与先进个人候选")
    _common(p)
    _filters(p)
    p.add_argument("--top", type=int, metavar="N", help="先进个人候选人数（默认前 10%%）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_assessment)


def register_export(books: argparse._SubParsersAction) -> None:
    p = books.add_parser("district", help="报送县教育局的统计表（学时汇总、考勤、听课、教师结构…）")
    _common(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    p.set_defaults(func=cmd_export_district)


def register_print(docs: argparse._SubParsersAction) -> None:
    p = docs.add_parser("summary", help="学期校本研修统计摘要（带图表，供工作总结引用）")
    _common(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.set_defaults(func=cmd_print_summary)


def _stats(args: argparse.Namespace, **kw):  # noqa: ANN202 - TermStats, imported lazily
    from yanxiu_desktop.domain.errors import ValidationError
    from yanxiu_desktop.domain.groups import get_group
    from yanxiu_desktop.domain.semesters import get_semester
    from yanxiu_desktop.domain.stats import term_stats

    sem = get_semester(args.semester)
    group = getattr(args, "group", None)
    if group is not None and get_group(group).semester_id != sem.id:
        raise ValidationError(f"小组 {group} 不属于所选学期")
    today = parse_date(args.as_of) if args.as_of else None
    return term_stats(sem, group_id=group, subject=getattr(args, "subject", None), today=today, **kw)


def _check_suffix(path: str, suffix: str) -> bool:
    if Path(path).suffix.lower() != suffix:
        err(f"输出文件应以 {suffix} 结尾：{path}")
        return False
    return True


def cmd_stats(args: argparse.Namespace) -> int:
    st = _stats(args)
    if args.json:
        print_json(st.to_json())
        return 0
    h = st.headline
    rate = "—" if h.attendance_rate is None else f"{h.attendance_rate:.1%}"
    print(f"{st.semester_name}（统计至 {st.as_of.isoformat()}）")
    print(f"教师 {h.teachers} 人；研修活动 {h.activities} 次（已完成 {h.activities_done}，取消 {h.activities_cancelled}）；"
          f"人均学时 {h.hours_average or 0:g}，达标 {h.hours_met} 人（{h.hours_met_percent}%）；出勤率 {rate}；"
          f"听课 {h.observations} 节，达标 {h.observations_reached} 人；成果 {h.achievements} 项；"
          f"公开课 {h.open_lessons} 节；外出学习 {h.sent_out} 人")
    print_table(["编号", "姓名", *st.categories, "合计", "折合学分", "考核结果"],
                [[r.teacher_id, r.name, *(f"{r.by_category.get(c, 0):g}" for c in st.categories), f"{r.total:g}",
                  f"{r.credits:g}", r.result] for r in st.hours])
    for w in st.warnings:
        err(f"【{w.kind_label}】{w.message}")
    return 0


def cmd_assessment(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain.errors import ValidationError

    if args.top is not None and args.top < 0:
        raise ValidationError("--top 不能为负数")
    st = _stats(args, candidates=args.top)
    if args.json:
        print_json([r.to_json() for r in st.assessment])
        return 0

    def fmt(v: float | None) -> str:
        return "—" if v is None else f"{v:g}"

    print_table(["名次", "编号", "姓名", "教研组", "学时", "出勤", "听课", "档案", "总分", "考核结果", "先进个人候选"],
                [[r.rank, r.teacher_id, r.name, r.group, fmt(r.hours_score), fmt(r.attendance_score),
                  fmt(r.observation_score), fmt(r.portfolio_score), fmt(r.score), r.result,
                  "是" if r.candidate else ""] for r in st.assessment])
    return 0


def cmd_export_district(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain.school import current_school
    from yanxiu_desktop.excel.district import load_hours_layout, write_district

    if not _check_suffix(args.output, ".xlsx"):
        return 2
    layout = load_hours_layout()  # a bad county template fails before any work is done
    st = _stats(args)
    school = current_school().name
    path = write_atomic(args.output, lambda tmp: write_district(st, tmp, school, layout))
    err(f"已导出 {path}（{len(st.hours)} 位教师）")
    return 0


def cmd_print_summary(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain.school import current_school
    from yanxiu_desktop.pdf.summary import render_summary

    if not _check_suffix(args.output, ".pdf"):
        return 2
    st = _stats(args)
    data = render_summary(st, current_school().name)
    path = write_atomic(args.output, lambda tmp: tmp.write_bytes(data))
    err(f"已生成 {path}")
    return 0
