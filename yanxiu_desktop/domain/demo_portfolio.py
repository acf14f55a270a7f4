"""Demo portfolio: reflections, reading notes, 心得, case analyses, papers and awards for the demo staff.

Most teachers keep up with the policy; about one in five falls behind in the current term, so the
progress view has someone to point at. No attachments: a copied demo database would lack its archive.
"""

from __future__ import annotations

import datetime as dt
import random

from yanxiu_desktop.domain import lending, portfolio
from yanxiu_desktop.domain.semesters import end_date
from yanxiu_desktop.store.models import Semester, Teacher

BOOKS = ("给教师的建议", "教育的情调", "第56号教室的奇迹", "爱心与教育", "静悄悄的革命", "给教师的一百条新建议",
         "课堂观察：走向专业的听评课", "有效教学十讲", "人是如何学习的", "窗边的小豆豆")
LESSONS = ("秋天的雨", "掌声", "富饶的西沙群岛", "分数的初步认识", "长方形和正方形的面积", "观潮", "少年中国说",
           "植物的生长变化", "认识钟表", "圆的认识", "My family", "声音是怎样产生的")
XINDE = ("参加县级新课标培训心得", "“双减”背景下作业设计学习心得", "学习《义务教育课程方案》心得",
         "外出跟岗学习心得", "读书交流会心得", "集体备课活动心得")
CASES = ("一次课堂意外的处理", "后进生转化案例", "小组合作学习中的“搭便车”现象", "一节数学课的提问分析",
         "班级读书角建设案例")
PAPERS = ("农村小学低段识字教学的实践与思考", "浅谈小学数学分层作业设计", "信息技术与课堂教学深度融合的探索",
          "农村留守儿童心理健康教育初探", "以读促写：小学中段习作教学策略")
AWARDS = (("县级优质课评比", "示范县教育局"), ("教学设计评比", "市教育科学研究所"),
          ("课件制作比赛", "示范县教师发展中心"), ("论文评比", "省教育学会"), ("基本功大赛", "示范县教育局"))


def _day_in(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def build_demo_portfolio(rng: random.Random, sems: list[Semester], staff: list[Teacher], today: dt.date) -> int:
    """Create the demo items (inside the caller's transaction). Returns how many items were made."""
    made = 0
    lazy = set(t.id for t in rng.sample(staff, k=max(1, len(staff) // 5)))
    for sem in sems:
        first = sem.start_date
        last = min(end_date(sem), today)
        if last < first:
            continue
        current = end_date(sem) >= today
        share = (last - first).days / max(1, (end_date(sem) - first).days)
        for t in staff:
            keep_up = not (current and t.id in lazy)
            wanted = {"学习心得": 2, "案例评析": 2, "读书笔记": 1, "教学反思": 4}
            for kind, n in wanted.items():
                n = round(n * share + (0.49 if keep_up else -0.6))
                if not keep_up:
                    n = min(n, rng.randint(0, 1))
                for _ in range(max(0, n)):
                    title = {"学习心得": lambda: rng.choice(XINDE),
                             "案例评析": lambda: "案例评析：" + rng.choice(CASES),
                             "读书笔记": lambda: f"读《{rng.choice(BOOKS)}》有感",
                             "教学反思": lambda: f"《{rng.choice(LESSONS)}》教学反思"}[kind]()
                    portfolio.create_item(t.id, kind=kind, title=title, date=_day_in(rng, first, last),
                                          semester=sem, notes="")
                    made += 1
            if sem is sems[0] or rng.random() < 0.3:
                if rng.random() < 0.12:
                    portfolio.create_item(t.id, kind="论文", title=rng.choice(PAPERS),
                                          date=_day_in(rng, first, last), semester=sem,
                                          level=rng.choice(("县级", "县级", "市级", "省级")),
                                          rank=rng.choice(("一等奖", "二等奖", "三等奖", "")),
                                          issuer=rng.choice(("示范县教研室", "《小学教学研究》", "市教育学会")))
                    made += 1
                if rng.random() < 0.15:
                    name, issuer = rng.choice(AWARDS)
                    level = "市级" if "市" in issuer else "省级" if "省" in issuer else "县级"
                    rank = rng.choice(("一等奖", "二等奖", "三等奖"))
                    portfolio.create_item(t.id, kind="获奖", title=f"{name}{rank}", level=level, rank=rank,
                                          date=_day_in(rng, first, last), semester=sem, issuer=issuer)
                    made += 1
            if sem is sems[0] and rng.random() < 0.5:
                portfolio.create_item(t.id, kind="专业发展规划", title="个人三年专业发展规划（2025—2028）",
                                      date=first + dt.timedelta(days=rng.randint(3, 20)), semester=sem)
                made += 1
    names = [t.name for t in staff]
    lending.lend("2024—2025学年教研组活动记录", "县教研室 " + rng.choice(names), today - dt.timedelta(days=15),
                 today - dt.timedelta(days=8), note="县级检查调阅")
    lending.lend("课题“小学数学分层作业设计研究”过程性材料", rng.choice(names), today - dt.timedelta(days=3))
    old = lending.lend("教师个人成长档案袋（语文组）", rng.choice(names), today - dt.timedelta(days=40),
                       today - dt.timedelta(days=33))
    lending.return_loan(old.id, today - dt.timedelta(days=34))
    return made


def build_demo_credits(sem: Semester, today: dt.date) -> int:
    """学时认定 at the mid-term check: each 读书笔记 handed in this term so far earns 4 学时 自主研修
    (half the term's 8, seed 003), linked to the item. Returns how many credits were made."""
    from yanxiu_desktop.domain import hours_credit
    from yanxiu_desktop.domain.policy import load_policy
    from yanxiu_desktop.store.models import PortfolioItem

    if "自主研修" not in load_policy().category_names():
        return 0
    day = min(today, end_date(sem))
    made = 0
    items = (PortfolioItem.select().where((PortfolioItem.semester == sem) & (PortfolioItem.kind == "读书笔记")
                                          & (PortfolioItem.date <= day)).order_by(PortfolioItem.id))
    credited: set[int] = set()
    for item in items:
        if item.teacher_id in credited:
            continue
        credited.add(item.teacher_id)
        hours_credit.add_credits(sem, [item.teacher_id], "自主研修", 4, max(item.date, sem.start_date),
                                 f"读书笔记“{item.title}”（期中检查已交）", portfolio_item_id=item.id)
        made += 1
    return made
