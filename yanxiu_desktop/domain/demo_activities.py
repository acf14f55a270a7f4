"""Demo term of 研修活动: weekly group meetings, lectures, open lessons, holidays and 调休.

Built through the same domain functions as the GUI. Past activities are 已完成 (with a record for the larger
ones), future ones 计划, one is cancelled, so every later tab has something real to show.
"""

from __future__ import annotations

import datetime as dt
import random

from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import groups as groups_mod
from yanxiu_desktop.domain import semesters
from yanxiu_desktop.domain.calendar_days import set_holiday_range
from yanxiu_desktop.store.models import Activity, Group, Honour, Semester, Teacher

# (group name, weekday, start, end, every n weeks, place)
_MEETINGS = (
    ("语文教研组", 1, "15:30", "17:00", 1, "语文组办公室"),
    ("数学教研组", 2, "15:30", "17:00", 1, "数学组办公室"),
    ("英语教研组", 3, "15:30", "16:45", 1, "英语组办公室"),
    ("综合教研组", 3, "15:40", "17:10", 2, "会议室"),
    ("低年级语文备课组", 4, "15:30", "16:15", 2, "一年级办公室"),
    ("高年级数学备课组", 4, "15:30", "16:15", 2, "六年级办公室"),
)
_UNIT_THEMES = ("第一单元", "第二单元", "第三单元", "第四单元", "第五单元", "第六单元", "第七单元", "第八单元")
_ROTATION = (
    ("集体备课", "{unit}集体备课：教学目标与重难点"),
    ("听评课", "{unit}研讨课听评课"),
    ("集体备课", "{unit}作业设计与分层练习"),
    ("理论学习", "学习《义务教育课程标准（2022年版）》"),
    ("案例分析", "{unit}课堂教学案例分析"),
    ("读书交流", "《给教师的建议》读书交流"),
)


def _holidays(sem: Semester) -> None:
    start, end = sem.start_date, semesters.end_date(sem)

    def within(d: dt.date) -> bool:
        return start <= d <= end

    if sem.term == 1:
        first, last = dt.date(sem.year_start, 10, 1), dt.date(sem.year_start, 10, 7)
        set_holiday_range(sem, first, last, "国庆节")
        # 调休: the weekend day just before and just after the break become workdays.
        before = first - dt.timedelta(days=1)
        while before.weekday() < 5:
            before -= dt.timedelta(days=1)
        after = last + dt.timedelta(days=1)
        while after.weekday() < 5:
            after += dt.timedelta(days=1)
        for d in (before, after):
            acts.set_calendar_day(sem, d, "调休上班", "国庆节调休")
        new_year = dt.date(sem.year_start + 1, 1, 1)
        if within(new_year):
            acts.set_calendar_day(sem, new_year, "放假", "元旦")
    else:
        year = sem.year_start + 1
        if within(dt.date(year, 4, 5)):
            acts.set_calendar_day(sem, dt.date(year, 4, 5), "放假", "清明节")
        if within(dt.date(year, 5, 5)):
            set_holiday_range(sem, dt.date(year, 5, 1), dt.date(year, 5, 5), "劳动节")


def _teacher_on(sem: Semester, week: int, weekday: int) -> dt.date:
    return sem.start_date + dt.timedelta(days=7 * (week - 1) + weekday)


def _specials(sem: Semester, staff: list[Teacher], by_name: dict[str, Group]) -> list[Activity]:
    leaders = [t for t in staff if t.role == "校级领导"] or staff[:1]
    honoured = {h.teacher_id: h.name for h in Honour.select()}
    novices = [t for t in staff if honoured.get(t.id) == "教坛新秀"]
    backbone = [t for t in staff if honoured.get(t.id) in ("骨干教师", "学科带头人")]
    it_teacher = next((t for t in staff if t.subject == "信息技术"), staff[0])
    made = []

    def add(week: int, weekday: int, **kw: object) -> None:
        made.append(acts.create_activity(sem, date=_teacher_on(sem, week, weekday), **kw))  # type: ignore[arg-type]

    add(1, 4, kind="师德教育", theme="新学期师德师风专题教育", start_time="15:00", end_time="16:30",
        place="多功能厅", host_id=leaders[0].id, presenter_id=leaders[0].id)
    add(4, 4, kind="专题讲座", theme="新课标背景下的大单元教学设计", start_time="14:30", end_time="16:00",
        place="多功能厅", host_id=leaders[-1].id, presenter_name="县教师进修学校 李敏")
    def teaching(subject: str, preferred: list[Teacher]) -> Teacher | None:
        """Who gives a 语文 or 数学 open lesson: an honoured teacher of that subject, else any."""
        return (next((t for t in preferred if t.subject == subject), None)
                or next((t for t in staff if t.subject == subject), None))

    chinese = by_name.get("语文教研组")
    novice = teaching("语文", novices)
    if novice and chinese:
        add(7, 1, kind="公开课", theme="《秋天的雨》（三年级语文）", start_time="09:00", end_time="09:40",
            place="录播教室", group_id=chinese.id, presenter_id=novice.id, hours=1)
    math = by_name.get("数学教研组")
    model = teaching("数学", backbone)
    if model and math:
        add(10, 2, kind="示范课", theme="《分数的初步认识》（三年级数学）示范课", start_time="10:00", end_time="10:40",
            place="录播教室", group_id=math.id, presenter_id=model.id, hours=1)
    add(12, 4, kind="信息技术培训", theme="希沃白板在课堂教学中的应用", start_time="15:00", end_time="16:30",
        place="计算机教室", presenter_id=it_teacher.id)
    head = by_name.get("班主任队伍建设研修工作小组")
    if head:
        add(14, 4, kind="经验交流", theme="班级管理经验交流会", start_time="15:00", end_time="16:30",
            place="会议室", group_id=head.id)
    if len(staff) > 3:
        add(16, 4, kind="外出学习汇报", theme="市级骨干教师培训学习汇报", start_time="15:00", end_time="16:00",
            place="多功能厅", presenter_id=(backbone or staff)[-1].id)
    topic = next((g for g in by_name.values() if g.kind == "课题组"), None)
    if topic:
        add(17, 2, kind="课题研究", theme="分层作业设计课题中期研讨", start_time="15:30", end_time="17:00",
            place="会议室", group_id=topic.id)
    return made


def build_demo_activities(sem: Semester, today: dt.date, seed: int = 1) -> int:
    """Fill *sem* with a realistic plan; returns how many activities were created."""
    rng = random.Random(seed)
    _holidays(sem)
    by_name = {g.name: g for g in groups_mod.list_groups(sem)}
    staff = acts.school_teachers()
    made: list[Activity] = []
    last_week = max(2, sem.weeks - 1)
    for name, weekday, start, end, every, place in _MEETINGS:
        g = by_name.get(name)
        if g is None:
            continue
        members = groups_mod.members(g)
        leader = members[0].teacher_id if members else None
        series = acts.create_series(sem, weekday, start, end, 2, last_week, every_n_weeks=every,
                                    kind="集体备课", theme=f"{name}集体备课", group_id=g.id, place=place,
                                    host_id=leader)
        offset = rng.randrange(len(_ROTATION))
        for i, a in enumerate(series):
            kind, theme = _ROTATION[(i + offset) % len(_ROTATION)]
            speaker = members[(i + 1) % len(members)].teacher_id if members else None
            acts.update_activity(a.id, kind=kind, presenter_id=speaker,
                                 theme=theme.format(unit=_UNIT_THEMES[(i // 2) % len(_UNIT_THEMES)]))
        made.extend(series)
    made.extend(_specials(sem, staff, by_name))
    cancelled = False
    for a in sorted(made, key=lambda x: x.date):
        if a.date < today:
            a = acts.get_activity(a.id)
            if not cancelled and a.group_id and a.group.name == "英语教研组" and a.date.month == 11:
                acts.cancel_activity(a.id, "县教研室来校调研，本次活动取消")
                cancelled = True
                continue
            acts.set_status(a.id, "已完成")
            if a.group_id is None or a.kind in ("公开课", "示范课"):
                acts.save_record(a.id, process=f"{a.kind}按计划进行，主讲人围绕“{a.theme}”作了讲解，随后分组研讨。",
                                 effect="教师参与积极，对相关教学问题形成了共识。",
                                 reflection="研讨时间略紧，下次活动应预留更多交流时间。", recorder="教导处")
            elif a.id % 6:  # group heads record most of their meetings; a few are missing (统计报表 warns)
                acts.save_record(a.id, process=f"组长主持{a.kind}：{a.theme}。中心发言后组员逐一交流，形成改进意见。",
                                 effect="明确了下阶段的教学改进措施。", reflection="", recorder=f"{a.group.name}组长")
    return len(made)
