"""Small builders for attendance tests: a term, teachers and activities through the domain API."""

from __future__ import annotations

import datetime as dt

from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import roster, semesters
from yanxiu_desktop.store.models import Activity, Semester, Teacher

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def make_term() -> Semester:
    return semesters.create_semester(2025, 1, dt.date(2025, 9, 1))


def make_teachers(n: int) -> list[Teacher]:
    out = []
    for i in range(n):
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)] + GIVEN[i % len(GIVEN)]
        out.append(roster.add_teacher(name=name, subject=("语文", "数学", "道德与法治")[i % 3]))
    return out


def make_activity(sem: Semester, teachers: list[Teacher], day: dt.date = dt.date(2025, 9, 10),
                  category: str = "学校培训", hours: float = 2.0, theme: str = "集体备课") -> Activity:
    return acts.create_activity(sem, kind="集体备课", theme=theme, date=day, start_time="15:30",
                                end_time="17:00", place="三楼会议室", hours=hours, hours_category=category,
                                participants_mode="custom", participant_ids=[t.id for t in teachers])
