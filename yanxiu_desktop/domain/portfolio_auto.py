"""Portfolio entries nobody has to type: computed live from activities, observations and attendance.

They are never stored, so editing an activity or an observation changes the portfolio at once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from yanxiu_desktop.domain.hours import status_counts_json, teacher_hours
from yanxiu_desktop.domain.policy import load_policy
from yanxiu_desktop.store.models import Activity, HoursCredit, Observation, Semester, Teacher

# Activity kinds that are a lesson taught in front of colleagues.
OPEN_LESSON_KINDS = ("公开课", "示范课", "研讨课", "同课异构", "汇报课", "观摩课")
AUTO_KINDS = ("公开课/示范课", "主讲", "主持", "执教被听课", "听课", "学时认定", "研修学时")


def is_open_lesson(kind: str) -> bool:
    return any(k in kind for k in OPEN_LESSON_KINDS)


@dataclass
class AutoEntry:
    kind: str  # one of AUTO_KINDS
    title: str
    date: dt.date | None
    detail: str = ""
    source: str = ""  # activity | observation | attendance
    source_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": f"{self.source}:{self.source_id}" if self.source_id else self.source, "kind": self.kind,
                "title": self.title, "date": self.date, "detail": self.detail, "source": self.source,
                "source_id": self.source_id, "auto": True}


@dataclass
class AttendanceSummary:
    """One teacher's attendance and 学时 for the portfolio, as the official register counts them."""

    counts: Counter = field(default_factory=Counter)
    hours: float = 0.0  # every 学时, 学时认定 included
    present: int = 0
    lost_categories: list[str] = field(default_factory=list)
    credited: float = 0.0  # of which 学时认定

    def to_json(self) -> dict[str, Any]:
        return {"hours": round(self.hours, 2), "credited": round(self.credited, 2), "present": self.present,
                "recorded": sum(self.counts.values()), "by_status": status_counts_json(dict(self.counts)),
                "lost_categories": self.lost_categories}


def _sem_filter(model: Any, semester: Semester | None) -> Any:
    return True if semester is None else (model.semester == semester.id)


def attendance_summary(teacher_id: int, semester: Semester | None) -> AttendanceSummary:
    """The register's own figures (domain/hours: per-category rules, the 1/3 absence rule), summed over
    *semester* or, when None, over every term, so the portfolio never disagrees with the 学时登记表."""
    policy = load_policy(semester)
    out = AttendanceSummary()
    terms = [semester] if semester is not None else list(Semester.select())
    for term in terms:
        for h in teacher_hours(term, policy, teacher_ids=[teacher_id]):
            out.counts.update(h.by_status)
            out.hours += h.total
            out.present += h.present
            out.lost_categories += h.lost_categories
            out.credited += sum(c.credited for c in h.categories.values())
    return out


def _activity_detail(a: Activity) -> str:
    parts = [a.kind]
    if a.place:
        parts.append(a.place)
    if a.hours:
        parts.append(f"{a.hours:g} 学时")
    if a.status != "已完成":
        parts.append(a.status)
    return "，".join(parts)


def auto_entries(teacher_id: int, semester: Semester | None = None) -> list[AutoEntry]:
    """Everything the database knows the teacher did in the term (all terms when *semester* is None)."""
    entries: list[AutoEntry] = []
    acts = (Activity.select().where(((Activity.presenter == teacher_id) | (Activity.host == teacher_id))
                                    & (Activity.status != "取消") & _sem_filter(Activity, semester)))
    lesson_activity_ids: set[int] = set()
    for a in acts:
        if a.presenter_id == teacher_id:
            if is_open_lesson(a.kind):
                lesson_activity_ids.add(a.id)
                entries.append(AutoEntry("公开课/示范课", f"执教{a.kind}《{a.theme}》", a.date,
                                         _activity_detail(a), "activity", a.id))
            else:
                entries.append(AutoEntry("主讲", f"主讲{a.kind}：{a.theme}", a.date,
                                         _activity_detail(a), "activity", a.id))
        if a.host_id == teacher_id:
            entries.append(AutoEntry("主持", f"主持{a.kind}：{a.theme}", a.date, _activity_detail(a),
                                     "activity", a.id))

    # Lessons observed by colleagues: one entry per lesson, however many people sat in.
    received = (Observation.select(Observation, Teacher).join(Teacher, on=Observation.observer == Teacher.id)
                .where((Observation.observed == teacher_id) & _sem_filter(Observation, semester))
                .order_by(Observation.date, Observation.period))
    lessons: dict[tuple, list[Observation]] = {}
    for o in received:
        if o.activity_id in lesson_activity_ids:
            continue  # already listed as the open lesson itself
        lessons.setdefault((o.date, o.period, o.topic, o.class_name), []).append(o)
    for (day, period, topic, class_name), obs in lessons.items():
        who = "、".join(o.observer.name for o in obs[:5]) + ("等" if len(obs) > 5 else "")
        where = "".join(x for x in (class_name, f"第{period}节" if period else "") if x)
        title = f"执教《{topic}》" if topic else f"执教{obs[0].subject}课"
        entries.append(AutoEntry("执教被听课", title, day,
                                 f"{where + '，' if where else ''}{len(obs)} 人听课：{who}", "observation", obs[0].id))

    made = (Observation.select().where((Observation.observer == teacher_id) & _sem_filter(Observation, semester))
            .order_by(Observation.date))
    for o in made:
        whom = o.observed.name if o.observed_id else (o.observed_name or "校外教师")
        topic = f"《{o.topic}》" if o.topic else ""
        detail = "，".join(x for x in (o.subject, o.class_name, f"评价：{o.grade}" if o.grade else "") if x)
        entries.append(AutoEntry("听课", f"听{whom}{topic}", o.date, detail, "observation", o.id))

    credits = (HoursCredit.select().where((HoursCredit.teacher == teacher_id) & _sem_filter(HoursCredit, semester))
               .order_by(HoursCredit.date, HoursCredit.id))
    for c in credits:
        entries.append(AutoEntry("学时认定", f"{c.category}认定 {c.hours:g} 学时", c.date, c.basis, "hours_credit",
                                 c.id))

    summary = attendance_summary(teacher_id, semester)
    if summary.counts or summary.credited:
        status_text = "，".join(f"{s} {n}" for s, n in summary.counts.most_common())
        credited = f"（含学时认定 {summary.credited:g} 学时）" if summary.credited else ""
        entries.append(AutoEntry("研修学时", f"参加校本研修活动 {sum(summary.counts.values())} 次，"
                                 f"计 {summary.hours:g} 学时{credited}", None, status_text, "attendance", None))
    entries.sort(key=lambda e: (e.date is None, e.date or dt.date.min, AUTO_KINDS.index(e.kind)))
    return entries


def observation_counts(teacher_id: int, semester: Semester | None) -> tuple[int, int]:
    """(lessons observed by the teacher, observations of the teacher's lessons)."""
    made = Observation.select().where((Observation.observer == teacher_id)
                                      & _sem_filter(Observation, semester)).count()
    received = Observation.select().where((Observation.observed == teacher_id)
                                          & _sem_filter(Observation, semester)).count()
    return made, received
