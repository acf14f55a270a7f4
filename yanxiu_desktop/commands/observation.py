"""observations, quota, st, and `print observation`."""

from __future__ import annotations

import argparse
import datetime as dt

from yanxiu_desktop.commands._common import (
    TEACHER_HELP,
    err,
    parse_date,
    print_json,
    print_table,
    teacher_id,
    write_atomic,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("observations", help="列出某学期的听课记录")
    p.add_argument("--semester", type=int, required=True, metavar="ID", help="学期编号（见 yanxiu semesters）")
    p.add_argument("--teacher", metavar="NAME", help=f"只列出这位教师听的或被听的课。{TEACHER_HELP}")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_observations)

    p = sub.add_parser("quota", help="听课节数统计：完成/应听、月末统计、进度预警、师徒互听")
    p.add_argument("--semester", type=int, required=True, metavar="ID")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="统计截止日期（默认今天）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_quota)

    p = sub.add_parser("st", help="S-T 课堂分析：输入按时间顺序记录的 T/S 采样（D 按 T 计）")
    p.add_argument("--samples", required=True, metavar="TTSSD…")
    p.add_argument("--interval", type=int, default=30, help="采样间隔秒数（默认 30，也常用 15）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_st, needs_store=False)


def register_print(docs: argparse._SubParsersAction) -> None:
    p = docs.add_parser("observation", help="听课记录表（空白或已填写）")
    p.add_argument("--id", type=int, metavar="ID", help="听课记录编号")
    p.add_argument("--blank", action="store_true", help="打印空白听课记录表")
    p.add_argument("--rubric", metavar="RUBRIC_ID", help="空白表使用的评价表（默认按制度设置）")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.set_defaults(func=cmd_print_observation)


def cmd_observations(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain.observations import list_observations
    from yanxiu_desktop.domain.semesters import get_semester

    sem = get_semester(args.semester)
    rows = list_observations(sem, teacher_id(args.teacher) if args.teacher is not None else None)
    if args.json:
        out = []
        for r in rows:
            d = r.to_json()
            d["name"] = f"{r.observer_name}听{r.observed_name}《{r.topic}》"
            out.append(d)
        print_json(out)
    else:
        print_table(["编号", "时间", "听课人", "授课教师", "班级", "学科", "课题", "课型", "总分", "等级", "S-T"],
                    [[r.id, r.when, r.observer_name, r.observed_name, r.class_name, r.subject, r.topic,
                      r.lesson_type, "" if r.total is None else f"{r.total:g}", r.grade, r.st_type] for r in rows])
    return 0


def cmd_quota(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain.quota import month_label, quota_report
    from yanxiu_desktop.domain.semesters import get_semester, week_label

    sem = get_semester(args.semester)
    as_of = parse_date(args.as_of) if args.as_of else dt.date.today()
    rep = quota_report(sem, as_of)
    if args.json:
        print_json({"id": sem.id, "semester_id": sem.id, "as_of": rep.as_of, "week": rep.week,
                    "teaching_weeks": rep.teaching_weeks, "elapsed_teaching_weeks": rep.elapsed_teaching_weeks,
                    "teachers": [r.to_json() for r in rep.rows],
                    "mentor_pairs": [m.to_json() for m in rep.mentors]})
        return 0
    months = [month_label(m) for m in rep.months]
    print(rep.heading)
    print_table(["编号", "姓名", "角色", "应听", "已听", *months, "进度应达", "状态"],
                [[r.teacher_id, r.name, r.role + ("（新教师）" if r.new_teacher else ""), r.required, r.done,
                  *[r.by_month.get(m, 0) for m in rep.months], r.expected_by_now,
                  "已达标" if r.reached else
                  (f"自{week_label(r.behind_since_week)}起落后" if r.behind else "进度正常")] for r in rep.rows])
    if rep.mentors:
        print()
        print_table(["师傅", "徒弟", "师傅听徒弟", "徒弟听师傅", "要求"],
                    [[m.mentor_name, m.mentee_name, m.mentor_observed_mentee, m.mentee_observed_mentor, m.target]
                     for m in rep.mentors])
    behind = rep.behind
    if behind:
        err(f"共 {len(behind)} 位教师听课进度落后")
    return 0


def cmd_st(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain.st_analysis import DISCLAIMER, analyse

    r = analyse(args.samples, args.interval)
    if args.json:
        print_json(r.to_json())
    else:
        print(r.summary())
        print(DISCLAIMER)
    return 0


def cmd_print_observation(args: argparse.Namespace) -> int:
    from yanxiu_desktop.domain import rubrics
    from yanxiu_desktop.domain.errors import ValidationError
    from yanxiu_desktop.domain.observations import blank_print_data, observation_print_data
    from yanxiu_desktop.pdf.observation import render_observation

    if args.blank == (args.id is not None):
        raise ValidationError("请指定 --id 听课记录编号，或 --blank 打印空白表（二者选一）")
    if args.blank:
        rubric = rubrics.get_rubric(args.rubric) if args.rubric else rubrics.default_rubric()
        record = blank_print_data(rubric)
    else:
        record = observation_print_data(args.id)
    data = render_observation(record)
    path = write_atomic(args.output, lambda p: p.write_bytes(data))
    err(f"已生成 {path}")
    return 0
