"""Demo 听课记录 for the current demo term: most teachers on pace, about one in five behind, mentor pairs
observing each other, some records scored on the default 评价表 and some with S-T samples."""

from __future__ import annotations

import datetime as dt
import random

from yanxiu_desktop.domain import observations, roster, rubrics
from yanxiu_desktop.domain.policy import load_policy
from yanxiu_desktop.domain.semesters import end_date
from yanxiu_desktop.store.models import Activity, Attendance, CalendarDay, MentorPair, Semester, Teacher

TOPICS = {
    "语文": ("《秋天的雨》", "《富饶的西沙群岛》", "《搭船的鸟》", "习作：我来编童话", "《大青树下的小学》",
             "《司马光》", "口语交际：名字里的故事", "《金色的草地》"),
    "数学": ("两位数乘两位数", "认识分数", "长方形和正方形的周长", "时、分、秒", "万以内的加法和减法",
             "倍的认识", "测量：毫米、分米", "解决问题的策略"),
    "英语": ("Unit 3 Look at me", "Unit 4 We love animals", "Unit 5 Let's eat!", "Unit 6 Happy birthday"),
    "科学": ("水和空气", "天气日历", "植物的生长变化", "声音是怎样产生的"),
    "道德与法治": ("我们的班规我们订", "家人的爱", "安全记心上", "这些是大家的"),
    "体育": ("立定跳远", "前滚翻", "50米快速跑", "小篮球：运球"),
    "音乐": ("《在钟表店里》", "《小雨沙沙》", "歌曲《我们的田野》", "打击乐器的演奏"),
    "美术": ("色彩的明与暗", "我设计的服装", "会动的小纸人", "身边的线条"),
    "信息技术": ("认识键盘", "画图：绘制美丽的图画", "文件的保存"),
    "综合实践": ("我的家乡特产", "校园植物观察", "垃圾分类我先行"),
}
GENERIC_TOPICS = ("新授课", "单元复习", "练习讲评")
PROCESS = (("复习导入，出示学习目标", "目标明确，导入自然"), ("学生自学导学提纲，小组交流", "给足了自学时间"),
           ("教师精讲重点，板书推导过程", "板书工整，条理清楚"), ("分层练习：基础题、提高题", "练习有梯度"),
           ("小组展示，师生评价", "评价及时，有激励性"), ("课堂小结，布置作业", "作业分层，可选择"))
STRENGTHS = ("教学目标明确，重难点突出；学生参与面广。", "导学提纲设计合理，小组合作有实效。",
             "教态亲切，语言简练，课堂气氛活跃。", "练习设计有层次，当堂反馈及时。")
WEAKNESSES = ("个别学困生关注不够。", "小组展示时间偏长，练习时间不足。", "板书略显零乱。",
              "提问面较窄，集中在前排学生。")
SUGGESTIONS = ("多给学困生展示机会。", "控制讲授时间，留足当堂训练。", "板书提前设计，突出知识结构。",
               "提问照顾全体，分层设问。")
OPEN_LESSONS = ("公开课", "示范课")
CLASSES = ("一年级", "二年级", "三年级", "四年级", "五年级", "六年级")


def _lesson_topic(theme: str) -> str:
    """《秋天的雨》（三年级语文） → 《秋天的雨》: the 课题 of an open lesson's theme."""
    start, end = theme.find("《"), theme.find("》")
    return theme[start:end + 1] if 0 <= start < end else theme


def _school_days(sem: Semester, until: dt.date) -> list[dt.date]:
    off = {d.date for d in CalendarDay.select().where((CalendarDay.semester == sem) & (CalendarDay.kind == "放假"))}
    days = []
    d = sem.start_date
    while d <= until:
        if d.weekday() < 5 and d not in off:
            days.append(d)
        d += dt.timedelta(days=1)
    return days


def _st_samples(rng: random.Random, n: int = 80) -> str:
    style = rng.choice(("T", "S", "D", "M"))
    p_t = {"T": 0.8, "S": 0.25, "D": 0.5, "M": 0.55}[style]
    stay = {"T": 0.85, "S": 0.8, "D": 0.35, "M": 0.75}[style]
    out = ["T"]
    for _ in range(n - 1):
        out.append(out[-1] if rng.random() < stay else ("T" if rng.random() < p_t else "S"))
    return "".join(out)


def make_observations(sem: Semester, today: dt.date, seed: int = 1) -> int:
    """Fill *sem* with records up to *today*; returns how many were made."""
    rng = random.Random(seed * 7919 + 5)
    policy = load_policy()
    rubric = rubrics.get_rubric(policy.rubric)
    until = min(today, end_date(sem))
    days = _school_days(sem, until)
    if not days:
        return 0
    staff = [t for t in Teacher.select().where(Teacher.status == "在职")]
    if len(staff) < 2:
        return 0
    term_days = len(_school_days(sem, end_date(sem))) or 1
    share = len(days) / term_days
    by_subject: dict[str, list[Teacher]] = {}
    for t in staff:
        by_subject.setdefault(t.subject, []).append(t)
    used: set[tuple[int, dt.date, int]] = set()
    made = 0

    def add(observer: Teacher, observed: Teacher, day: dt.date, lesson: Activity | None = None) -> None:
        nonlocal made
        free = [p for p in range(1, 8) if (observer.id, day, p) not in used]
        if not free:
            return
        period = rng.choice(free)
        used.add((observer.id, day, period))
        topics = (_lesson_topic(lesson.theme),) if lesson else TOPICS.get(observed.subject, GENERIC_TOPICS)
        grade = next((g for g in CLASSES if lesson and g in lesson.theme), None)
        # One open lesson is taught to one class; an ordinary visit to any class.
        class_name = (f"{grade or CLASSES[lesson.id % len(CLASSES)]}({lesson.id % 3 + 1})班" if lesson
                      else f"{rng.choice(CLASSES)}({rng.randint(1, 3)})班")
        scored = rng.random() < 0.4
        scores = {}
        if scored:
            for item in rubric.items:
                levels = item.level_scores or (item.max, item.max * 0.85, item.max * 0.7, item.max * 0.5)
                # Most lessons observed are 良 or 优; a 差 is rare.
                scores[item.key] = rng.choices(levels, weights=(4, 6, 2, 0.3)[:len(levels)])[0]
        total = rubric.total(scores) if scored else None
        band = rubric.band(total)
        steps = rng.sample(PROCESS, k=rng.randint(3, 5))
        steps.sort(key=PROCESS.index)
        observations.create_observation(sem, observations.ObservationInput(
            observer_id=observer.id, observed_id=observed.id, date=day, period=period,
            class_name=class_name, subject=observed.subject,
            topic=rng.choice(topics), lesson_type=rng.choice(observations.LESSON_TYPES[:4]),
            process=[list(s) for s in steps], strengths=rng.choice(STRENGTHS), weaknesses=rng.choice(WEAKNESSES),
            suggestions=rng.choice(SUGGESTIONS),
            grade=band.level if band else rng.choice(("优", "良", "良", "中")),
            rubric_id=rubric.id if scored else "", scores=scores,
            st_samples=_st_samples(rng) if rng.random() < 0.12 else "",
            activity_id=lesson.id if lesson else None))
        made += 1

    for t in staff:
        required = policy.quota_for_role(t.role)
        years = roster.years_of_service(t, sem.start_date)
        if years is not None and years < policy.new_teacher_years:
            required = max(required, policy.new_teacher_per_week * sem.weeks)
        # About one teacher in five falls behind; the rest keep pace or run a little ahead.
        pace = rng.uniform(0.2, 0.65) if rng.random() < 0.2 else rng.uniform(0.95, 1.25)
        count = round(required * share * pace)
        peers = [p for p in by_subject.get(t.subject, []) if p.id != t.id] or [p for p in staff if p.id != t.id]
        for day in sorted(rng.choices(days, k=count)):
            pool = peers if rng.random() < 0.75 else staff
            observed = rng.choice([p for p in pool if p.id != t.id])
            add(t, observed, day)
    for pair in MentorPair.select().where(MentorPair.semester == sem):
        n = round(policy.mentor_observations * share * rng.uniform(0.5, 1.1))
        for day in rng.choices(days, k=n):
            add(pair.mentor, pair.mentee, day)
        for day in rng.choices(days, k=n):
            add(pair.mentee, pair.mentor, day)
    # Everyone who sat in on an open lesson (公开课, 示范课) writes a 听课记录 linked to it.
    lessons = Activity.select().where((Activity.semester == sem) & Activity.kind.in_(OPEN_LESSONS)
                                      & (Activity.date <= until) & Activity.presenter.is_null(False))
    for lesson in lessons:
        present = (Attendance.select(Attendance.teacher).where(
            (Attendance.activity == lesson) & Attendance.status.in_(policy.present_statuses)))
        for observer in Teacher.select().where(Teacher.id.in_(present) & (Teacher.id != lesson.presenter_id)):
            add(observer, lesson.presenter, lesson.date, lesson)
    return made
