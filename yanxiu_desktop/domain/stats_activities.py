"""Term statistics about activities and achievements (研修活动一览, 成果统计); part of ``stats``.

Open lessons by subject count the term's 公开课/示范课/研讨课/同课异构 activities (not cancelled) under the
presenter's 任教学科, else the organising group's subject. Teachers sent to 外出学习 are those with a
外出学习汇报 portfolio item this term or who presented a 外出学习汇报 activity.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from yanxiu_desktop.domain.activity_facts import ActivityFacts
from yanxiu_desktop.domain.dates import stored_date
from yanxiu_desktop.domain.groups import GroupFacts
from yanxiu_desktop.domain.policy import Policy
from yanxiu_desktop.domain.portfolio import LEVELLED_KINDS, LEVELS
from yanxiu_desktop.domain.semesters import month_of_date, term_months
from yanxiu_desktop.store.db import database
from yanxiu_desktop.store.models import Semester

OPEN_LESSON_KINDS = ("公开课", "示范课", "研讨课", "同课异构")
SENT_OUT_KIND = "外出学习汇报"
WHOLE_SCHOOL = "全校"


@dataclass(frozen=True)
class LabelCount:
    label: str
    count: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.label, "count": self.count}


@dataclass(slots=True)  # not frozen: built per activity on every refresh of the statistics
class ActivityRow:
    """研修活动一览: one activity with its 应到/实到."""

    id: int
    date: dt.date
    kind: str
    theme: str
    group: str
    host: str
    presenter: str
    place: str
    hours: float
    category: str
    status: str
    expected: int
    present: int
    entered: int
    has_record: bool

    @property
    def rate(self) -> float | None:
        return round(self.present / self.entered, 4) if self.entered else None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "theme": self.theme, "date": self.date.isoformat(), "kind": self.kind,
                "group": self.group, "host": self.host, "presenter": self.presenter, "place": self.place,
                "hours": self.hours, "category": self.category, "status": self.status,
                "expected": self.expected, "present": self.present, "entered": self.entered,
                "has_record": self.has_record}


@dataclass(frozen=True)
class ActivityMonthRow:
    """Activities per group per month (not cancelled)."""

    group_id: int | None
    name: str
    counts: tuple[int, ...]  # aligned with TermStats.months

    @property
    def total(self) -> int:
        return sum(self.counts)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.group_id or 0, "name": self.name, "counts": list(self.counts), "total": self.total}


@dataclass(frozen=True)
class AchievementRow:
    """成果统计: one kind's items by level."""

    kind: str
    by_level: tuple[int, ...]  # aligned with LEVELS (校级…国家级); unlevelled items are in ``other``
    other: int

    @property
    def total(self) -> int:
        return sum(self.by_level) + self.other

    def to_json(self) -> dict[str, Any]:
        return {"name": self.kind, "by_level": [{"level": lv, "count": n}
                                                  for lv, n in zip(LEVELS, self.by_level, strict=True)],
                "unlevelled": self.other, "total": self.total}


@dataclass(slots=True)  # not frozen: built per item on every refresh of the statistics
class AchievementItem:
    id: int
    teacher_id: int
    name: str
    kind: str
    title: str
    date: dt.date | None
    level: str
    rank: str
    issuer: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "teacher_id": self.teacher_id, "name": self.name, "kind": self.kind,
                "title": self.title, "date": self.date.isoformat() if self.date else None, "level": self.level,
                "rank": self.rank, "issuer": self.issuer}


@dataclass
class ActivityFigures:
    rows: list[ActivityRow] = field(default_factory=list)
    raw: list[ActivityFacts] = field(default_factory=list)
    entered: set[int] = field(default_factory=set)
    by_kind: list[LabelCount] = field(default_factory=list)
    months: list[str] = field(default_factory=list)
    by_month: list[ActivityMonthRow] = field(default_factory=list)
    open_lessons: list[LabelCount] = field(default_factory=list)


@dataclass
class AchievementFigures:
    rows: list[AchievementRow] = field(default_factory=list)
    items: list[AchievementItem] = field(default_factory=list)
    sent_out: list[LabelCount] = field(default_factory=list)


def _select_activities(acts: Sequence[ActivityFacts], groups: Sequence[GroupFacts], group_id: int | None,
                       subject: str | None) -> list[ActivityFacts]:
    """The term's activities (*acts*) a group or subject filter keeps; *groups*: all the term's groups."""
    if group_id is not None:
        acts = [a for a in acts if a.group_id == group_id]
    if subject:
        group_subject = {g.id: g.subject for g in groups}
        acts = [a for a in acts if group_subject.get(a.group_id) == subject
                or (a.presenter is not None and a.presenter.subject == subject)]
    return list(acts)


def activity_figures(semester: Semester, acts: Sequence[ActivityFacts], term_groups: Sequence[GroupFacts],
                     groups: Sequence[GroupFacts], group_id: int | None, subject: str | None, policy: Policy
                     ) -> ActivityFigures:
    """研修活动一览 and its summaries. *acts*: every activity of the term (``activity_facts.activity_facts``);
    *term_groups*: every group of the term, *groups* those shown."""
    excluded, present = set(policy.excluded_from_rate), set(policy.present_statuses)
    acts = _select_activities(acts, term_groups, group_id, subject)
    out = ActivityFigures(raw=acts, entered={a.id for a in acts if a.statuses})
    group_names = {g.id: g.name for g in term_groups}
    for a in acts:
        host = a.host.name if a.host is not None else a.host_name
        presenter = a.presenter.name if a.presenter is not None else a.presenter_name
        by_status = a.statuses.items()
        out.rows.append(ActivityRow(a.id, a.date, a.kind, a.theme, group_names.get(a.group_id, WHOLE_SCHOOL),
                                    host, presenter, a.place, float(a.hours or 0), a.hours_category, a.status,
                                    a.expected, sum(n for s, n in by_status if s in present),
                                    sum(n for s, n in by_status if s not in excluded),  # the 出勤率 denominator
                                    bool((a.process or "").strip())))
    live = [a for a in acts if a.status != "取消"]
    out.by_kind = [LabelCount(k, n) for k, n in Counter(a.kind for a in live).most_common()]
    months = term_months(semester)
    out.months = [f"{m}月" for _, m in months]
    slots = {ym: i for i, ym in enumerate(months)}

    slot_of = [(a.group_id, slots.get(month_of_date(semester, a.date))) for a in live]

    def month_counts(group: int | None) -> tuple[int, ...]:
        c = [0] * len(months)
        for gid, i in slot_of:
            if gid == group and i is not None:
                c[i] += 1
        return tuple(c)

    if group_id is None and not subject:
        out.by_month.append(ActivityMonthRow(None, WHOLE_SCHOOL, month_counts(None)))
    for g in groups:
        out.by_month.append(ActivityMonthRow(g.id, g.name, month_counts(g.id)))
    group_subject = {g.id: g.subject for g in term_groups}
    lesson_subjects: Counter[str] = Counter()
    for a in live:
        if a.kind in OPEN_LESSON_KINDS:
            t = a.presenter
            lesson_subjects[(t.subject if t and t.subject else group_subject.get(a.group_id)) or "其他"] += 1
    out.open_lessons = [LabelCount(s, n) for s, n in lesson_subjects.most_common()]
    return out


# The term's items of the counted kinds with their teacher's name, oldest first.
_ITEMS = ("SELECT i.id, i.teacher_id, t.name, i.kind, i.title, i.date, i.level, i.rank, i.issuer "
          "FROM portfolio_item i JOIN teacher t ON t.id = i.teacher_id "
          "WHERE i.semester_id = ? AND i.kind IN ({kinds}){until} ORDER BY i.date, i.id")


def achievement_figures(semester: Semester, teacher_ids: set[int], acts: Sequence[ActivityFacts],
                        until: dt.date | None = None) -> AchievementFigures:
    """成果统计 of *teacher_ids*; *acts*: every activity of the term (``activity_facts.activity_facts``);
    *until*: only items dated up to that day."""
    # Only what is counted here: a term's reflections and notes are thousands of rows.
    kinds = [*sorted(LEVELLED_KINDS), SENT_OUT_KIND]
    cut = (until.isoformat(),) if until else ()
    items = [AchievementItem(iid, tid, name, kind, title, stored_date(day), level, rank, issuer)
             for iid, tid, name, kind, title, day, level, rank, issuer in database.obj.execute_sql(
                 _ITEMS.format(kinds=",".join("?" * len(kinds)),
                               until=" AND (i.date IS NULL OR i.date <= ?)" if until else ""),
                 (semester.id, *kinds, *cut))
             if tid in teacher_ids]
    out = AchievementFigures()
    levelled = [i for i in items if i.kind in LEVELLED_KINDS]
    for kind in sorted({i.kind for i in levelled}, key=lambda k: (k not in ("论文", "获奖"), k)):
        mine = [i for i in levelled if i.kind == kind]
        out.rows.append(AchievementRow(kind, tuple(sum(1 for i in mine if i.level == lv) for lv in LEVELS),
                                       sum(1 for i in mine if i.level not in LEVELS)))
    out.items = levelled
    sent: Counter[str] = Counter(i.name for i in items if i.kind == SENT_OUT_KIND)
    reported = set(sent)
    for a in acts:
        if (a.kind == SENT_OUT_KIND and a.status != "取消" and a.presenter_id in teacher_ids
                and a.presenter.name not in reported):  # the report and the item are the same trip: count it once
            sent[a.presenter.name] += 1
    out.sent_out = [LabelCount(name, n) for name, n in sorted(sent.items(), key=lambda kv: (-kv[1], kv[0]))]
    return out
