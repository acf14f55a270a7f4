"""A small school for the statistics tests, built through the domain functions; figures computed by hand.

The school (term 2025-09-01, 6 weeks, over by TODAY):
  张三 语文 35 岁 本科 一级教师 班主任 县级骨干教师, 教师      — 语文教研组
  李四 数学 29 岁 本科 二级教师 班主任, 教师
  王五 语文 55 岁 专科 高级教师, 校级领导                     — 语文教研组
  赵六 数学 (no birth date) 研究生, no title, 教师
Policy: 8 学时 (全校研修 4 + 教研组研修 4), 1 学分 = 5 学时, 听课 教师 2 / 校级领导 4, 教学反思 2 per term,
weights 40/30/20/10, 1/3 absence rule.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from yanxiu_desktop.domain import activities, groups, portfolio, roster, semesters
from yanxiu_desktop.domain.attendance import Entry, save_sheet
from yanxiu_desktop.domain.observations import ObservationInput, create_observation
from yanxiu_desktop.domain.policy import HoursCategory, Policy, PortfolioRequirement, save_policy

TODAY = dt.date(2025, 10, 20)


def build_small_school() -> SimpleNamespace:
    save_policy(Policy(
        required_hours=8, hours_categories=[HoursCategory("全校研修", 4), HoursCategory("教研组研修", 4)],
        hours_per_credit=5, observation_quota={"校级领导": 4, "教师": 2}, new_teacher_years=0,
        group_interval_days=7, whole_school_per_term=1,
        portfolio_requirements=[PortfolioRequirement("教学反思", 2, "学期")]))
    sem = semesters.create_semester(2025, 1, dt.date(2025, 9, 1), weeks_count=6)
    a = roster.add_teacher(name="张三", subject="语文", birth_date=dt.date(1990, 3, 1), education="本科",
                           title="一级教师", head_teacher=True, hire_date=dt.date(2010, 8, 31),
                           honours=[{"name": "骨干教师", "level": "县级"}])
    b = roster.add_teacher(name="李四", subject="数学", birth_date=dt.date(1995, 9, 2), education="本科",
                           title="二级教师", head_teacher=True, hire_date=dt.date(2016, 8, 31))
    c = roster.add_teacher(name="王五", subject="语文", birth_date=dt.date(1970, 1, 1), education="专科",
                           title="高级教师", role="校级领导", hire_date=dt.date(1990, 8, 31))
    d = roster.add_teacher(name="赵六", subject="数学", education="研究生", hire_date=dt.date(2012, 8, 31))
    g = groups.create_group(sem, "教研组", "语文教研组", subject="语文")
    groups.set_members(g.id, [a.id, c.id])

    def act(**kw):
        return activities.create_activity(sem, start_time="15:30", end_time="17:00", **kw)

    act1 = act(kind="专题讲座", theme="新课标解读", date=dt.date(2025, 9, 3), hours=4, hours_category="全校研修",
               participants_mode="all")
    act2 = act(kind="集体备课", theme="第一单元", date=dt.date(2025, 9, 4), hours=2, hours_category="教研组研修",
               group_id=g.id)
    act3 = act(kind="公开课", theme="秋天", date=dt.date(2025, 9, 24), hours=2, hours_category="教研组研修",
               group_id=g.id, presenter_id=a.id)
    act4 = act(kind="理论学习", theme="师德规范", date=dt.date(2025, 9, 17), hours=2, hours_category="全校研修",
               participants_mode="all")
    act5 = act(kind="读书交流", theme="取消的", date=dt.date(2025, 9, 10), hours=2, hours_category="全校研修",
               participants_mode="all")
    activities.cancel_activity(act5.id, "下雨")
    save_sheet(act1.id, [Entry(a.id, "出勤"), Entry(b.id, "迟到", 5), Entry(c.id, "公假"), Entry(d.id, "缺席")])
    save_sheet(act2.id, [Entry(a.id, "出勤"), Entry(c.id, "出勤")])
    save_sheet(act3.id, [Entry(a.id, "出勤"), Entry(c.id, "事假", leave_reason="家事", approver="李校长")])
    activities.save_record(act1.id, "讲座", "好", "", "张三")
    activities.save_record(act2.id, "备课", "好", "", "张三")

    def observe(observer, observed, day):
        create_observation(sem, ObservationInput(observer_id=observer.id, observed_id=observed.id, date=day,
                                                 period=1, subject="语文", topic="课"))

    observe(a, b, dt.date(2025, 9, 8))
    observe(a, b, dt.date(2025, 9, 15))
    observe(b, a, dt.date(2025, 9, 9))
    for day in (10, 11, 12):
        observe(c, a, dt.date(2025, 9, day))

    def item(t, kind, title, level=""):
        portfolio.create_item(t.id, kind=kind, title=title, date=dt.date(2025, 9, 20), semester=sem.id, level=level)

    item(a, "教学反思", "反思一")
    item(a, "教学反思", "反思二")
    item(b, "教学反思", "反思一")
    item(a, "论文", "论文甲", "县级")
    item(b, "获奖", "优质课", "市级")
    item(c, "论文", "论文乙", "校级")
    item(d, "外出学习汇报", "省培汇报")
    return SimpleNamespace(sem=sem, a=a, b=b, c=c, d=d, g=g, acts=(act1, act2, act3, act4, act5))
