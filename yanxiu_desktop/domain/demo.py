"""A realistic demo school, built through the same domain functions the GUI uses.

The staff mix follows seed 004 (60 teachers: average age ≈35, 58% under 35, 38% 35–50, 3% over 50;
本科 60%; 中级职称 22%; one 县级学科带头人, one 骨干教师, five 县级教坛新秀), scaled to ``teachers``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from yanxiu_desktop.domain import groups as groups_mod
from yanxiu_desktop.domain import roster, semesters
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.school import current_school, rename_school
from yanxiu_desktop.paths import resource_path
from yanxiu_desktop.store.db import transaction
from yanxiu_desktop.store.models import Semester, Teacher

SUBJECTS = (("语文", 0.33), ("数学", 0.28), ("英语", 0.12), ("科学", 0.06), ("道德与法治", 0.05),
            ("音乐", 0.05), ("体育", 0.05), ("美术", 0.04), ("信息技术", 0.02))
GRADES = ("一年级", "二年级", "三年级", "四年级", "五年级", "六年级")


def _word_list(name: str) -> list[str]:
    words: list[str] = []
    for line in resource_path("demo", name).read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.extend(line.split())
    return words


@dataclass
class DemoResult:
    teachers: int = 0
    semesters: list[Semester] = field(default_factory=list)
    groups: int = 0
    mentor_pairs: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def _semester_for(today: dt.date) -> tuple[int, int]:
    if today.month >= 8:
        return today.year, 1
    if today.month == 1:
        return today.year - 1, 1
    return today.year - 1, 2


def _monday_near(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _make_names(rng: random.Random, n: int) -> list[str]:
    surnames, given, rare = _word_list("surnames.txt"), _word_list("given.txt"), _word_list("rare.txt")
    weights = [1 / (i + 4) for i in range(len(surnames))]
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        s = rng.choices(surnames, weights)[0]
        pool = rare if rng.random() < 0.04 else given
        g = rng.choice(pool) + (rng.choice(given) if rng.random() < 0.6 else "")
        name = s + g
        # Two real teachers may share a name; keep one pair so the duplicate handling is visible.
        if name in seen and len(names) != n // 2:
            continue
        seen.add(name)
        names.append(name)
    return names


def build_demo(teachers: int = 60, seed: int = 1, today: dt.date | None = None) -> DemoResult:
    """Fill an empty database with a demo school. Refuses to touch a database that has teachers."""
    if teachers < 10 or teachers > 2000:
        raise ValidationError("演示学校的教师人数应在 10～2000 之间")
    if Teacher.select().exists():
        raise ValidationError("数据库中已有教师数据，演示数据只能生成在空数据库中（请用 --db 指定新文件）")
    today = today or dt.date.today()
    rng = random.Random(seed)
    result = DemoResult()
    with transaction():
        rename_school("城关镇中心小学", county="示范县")
        current_school()
        y, t = _semester_for(today)
        prev_y, prev_t = (y - 1, 2) if t == 1 else (y, 1)
        prev_start = _monday_near(dt.date(prev_y + (1 if prev_t == 2 else 0), 3 if prev_t == 2 else 9, 2))
        cur_start = _monday_near(dt.date(y + (1 if t == 2 else 0), 3 if t == 2 else 9, 2))
        prev = semesters.create_semester(prev_y, prev_t, prev_start, 19 if prev_t == 2 else 20)
        cur = semesters.create_semester(y, t, cur_start, 20 if t == 1 else 19)
        result.semesters = [prev, cur]
        staff = _make_teachers(rng, teachers, today)
        result.teachers = len(staff)
        for sem in (prev, cur):
            g, p = _make_groups(rng, sem, staff, today)
            result.groups += g
            result.mentor_pairs += p
        # Later features add their demo data here (activities, attendance, observations, portfolio).
        from yanxiu_desktop.domain.demo_activities import build_demo_activities

        result.extra["activities"] = build_demo_activities(cur, today, seed)
        from yanxiu_desktop.domain.demo_attendance import build_demo_attendance

        result.extra["attendance"] = build_demo_attendance(cur, seed, today)
        from yanxiu_desktop.domain.demo_observations import make_observations

        result.extra["observations"] = make_observations(cur, today, seed)
        from yanxiu_desktop.domain.demo_portfolio import build_demo_portfolio

        result.extra["portfolio_items"] = build_demo_portfolio(random.Random(seed + 6), [prev, cur], staff, today)
        from yanxiu_desktop.domain.demo_portfolio import build_demo_credits

        result.extra["hours_credits"] = build_demo_credits(cur, today)
    return result


def _make_teachers(rng: random.Random, n: int, today: dt.date) -> list[Teacher]:
    names = _make_names(rng, n)
    # Ages: 58% under 35, 38% 35–50, the rest over 50 (seed 004), mean near 35.
    n_young = round(n * 0.58)
    n_mid = round(n * 0.38)
    ages = ([rng.randint(23, 34) for _ in range(n_young)] + [rng.randint(35, 49) for _ in range(n_mid)]
            + [rng.randint(51, 58) for _ in range(n - n_young - n_mid)])
    rng.shuffle(ages)
    subjects = [s for s, _ in SUBJECTS]
    weights = [w for _, w in SUBJECTS]
    made: list[Teacher] = []
    n_mid_title = round(n * 0.22)
    for i, (name, age) in enumerate(zip(names, ages, strict=True)):
        birth = dt.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
        start_age = rng.randint(21, 24)
        hire = dt.date(min(birth.year + start_age, today.year), 8, 31 if rng.random() < 0.8 else 1)
        if hire > today:
            hire = dt.date(today.year - 1, 8, 31)
        service = today.year - hire.year
        education = "本科" if i < round(n * 0.6) else ("专科" if rng.random() < 0.9 else "研究生")
        made.append(roster.add_teacher(
            name=name, gender="女" if rng.random() < 0.7 else "男", birth_date=birth,
            subject=rng.choices(subjects, weights)[0], stage="小学", education=education, hire_date=hire,
            title="二级教师" if service < 8 else "未定级" if service < 1 else "二级教师",
            staff_no=f"{2000 + i:05d}",
        ))
    rng.shuffle(made)
    # 中级职称 (一级教师) for the most senior 22%; a few 高级.
    by_age = sorted(made, key=lambda t: t.birth_date)
    for t in by_age[:n_mid_title]:
        t.title = "一级教师"
        t.save()
    for t in by_age[:max(1, n // 30)]:
        t.title = "高级教师"
        t.save()
    young = [t for t in made if roster.years_of_service(t, today) is not None
             and roster.years_of_service(t, today) < 1]
    for t in young:
        t.title = "未定级"
        t.save()
    # Roles: 2 校级领导, 3 中层, the rest decided by groups.
    seniors = by_age[: max(5, n // 12)]
    for t in seniors[:2]:
        t.role = "校级领导"
        t.save()
    for t in seniors[2:5]:
        t.role = "中层"
        t.save()
    for t in rng.sample(made, k=max(1, round(n * 0.45))):
        t.head_teacher = t.role == "教师"
        t.save()
    # Honours as in seed 004: 县级学科带头人 1, 骨干教师 1, 县级教坛新秀 5 (scaled).
    mid = [t for t in by_age[len(by_age) // 4: len(by_age) * 3 // 4]]
    roster.set_honours(mid[0].id, [{"name": "学科带头人", "level": "县级", "year": today.year - 2}])
    roster.set_honours(mid[1].id, [{"name": "骨干教师", "level": "县级", "year": today.year - 1}])
    youngest = sorted(made, key=lambda t: t.birth_date, reverse=True)
    for t in youngest[2: 2 + max(1, round(n * 5 / 60))]:
        roster.set_honours(t.id, [{"name": "教坛新秀", "level": "县级", "year": today.year - 1}])
    return made


def _make_groups(rng: random.Random, sem: Semester, staff: list[Teacher], today: dt.date) -> tuple[int, int]:
    by_subject: dict[str, list[Teacher]] = {}
    for t in staff:
        by_subject.setdefault(t.subject, []).append(t)
    leaders = [t for t in staff if t.role == "校级领导"]
    middle = [t for t in staff if t.role == "中层"]
    count = 0

    lead = groups_mod.create_group(sem, "领导小组", "校本研修领导小组")
    count += 1
    for i, t in enumerate(leaders + middle):
        groups_mod.set_member(lead.id, t.id, "组长" if i == 0 else "副组长" if i == 1 else "组员")
    for name in ("教师课堂教学能力研修工作小组", "班主任队伍建设研修工作小组"):
        g = groups_mod.create_group(sem, "工作小组", name)
        count += 1
        for i, t in enumerate(rng.sample(staff, k=min(6, len(staff)))):
            groups_mod.set_member(g.id, t.id, "组长" if i == 0 else "组员")

    research = {"语文教研组": ["语文"], "数学教研组": ["数学"], "英语教研组": ["英语"],
                "综合教研组": ["科学", "道德与法治", "音乐", "体育", "美术", "信息技术"]}
    for name, subjects in research.items():
        members = [t for s in subjects for t in by_subject.get(s, [])]
        if not members:
            continue
        g = groups_mod.create_group(sem, "教研组", name, subject="、".join(subjects[:1]) if len(subjects) == 1
                                    else "综合")
        count += 1
        head = sorted(members, key=lambda t: t.birth_date)[len(members) // 3]
        if head.role == "教师":
            head.role = "教研组长"
            head.save()
        for t in members:
            groups_mod.set_member(g.id, t.id, "组长" if t.id == head.id else "组员")

    for band, grades in (("低年级", GRADES[:2]), ("中年级", GRADES[2:4]), ("高年级", GRADES[4:])):
        for subject in ("语文", "数学"):
            pool = by_subject.get(subject, [])
            if len(pool) < 3:
                continue
            chosen = rng.sample(pool, k=min(len(pool), 4))
            g = groups_mod.create_group(sem, "备课组", f"{band}{subject}备课组", subject=subject,
                                        grade="、".join(grades))
            count += 1
            for i, t in enumerate(chosen):
                if i == 0 and t.role == "教师":
                    t.role = "备课组长"
                    t.save()
                groups_mod.set_member(g.id, t.id, "组长" if i == 0 else "组员")

    homeroom = [t for t in staff if t.head_teacher]
    for i, grade in enumerate(GRADES):
        g = groups_mod.create_group(sem, "年级组", f"{grade}组", grade=grade)
        count += 1
        members = homeroom[i::len(GRADES)]
        for j, t in enumerate(members):
            groups_mod.set_member(g.id, t.id, "组长" if j == 0 else "组员")

    topic = groups_mod.create_group(sem, "课题组", "“小学数学分层作业设计研究”课题组", subject="数学",
                                    note="县级课题")
    count += 1
    for i, t in enumerate(by_subject.get("数学", [])[:5]):
        groups_mod.set_member(topic.id, t.id, "组长" if i == 0 else "组员")

    pairs = 0
    newcomers = [t for t in staff if (roster.years_of_service(t, today) or 99) < 3]
    for mentee in newcomers[:6]:
        same = [t for t in by_subject.get(mentee.subject, [])
                if (roster.years_of_service(t, today) or 0) >= 10 and t.id != mentee.id]
        if not same:
            continue
        groups_mod.add_mentor_pair(sem, rng.choice(same).id, mentee.id, note="青蓝工程")
        pairs += 1
    return count, pairs
