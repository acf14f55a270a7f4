"""学时 and 出勤率 for a term, from the attendance entered and the school's policy.

Rules (all from ``Policy``):
- an activity counts once its attendance is entered; a cancelled (取消) activity earns nothing;
- a status in ``hours_statuses`` earns the activity's 学时 in its category, as stored: a blank 学时 was
  filled from the duration at ``minutes_per_hour`` when the activity was saved, and 0 学时 earns nothing;
- 分项考勤: whoever misses (``absence_rule_statuses``, leave included) a third or more of a category's
  sessions loses that category's hours — "三分之一以上" includes the boundary, as in Chinese legal usage;
- 出勤率 = present / sessions, with ``excluded_from_rate`` statuses (公假) left out of the denominator;
- 合格 (学时达标, :func:`hours_met`): the total reaches the required 学时 and, when the policy splits it
  into categories, every category's earned 学时 (after the 1/3 rule) reach that category's requirement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from operator import itemgetter
from typing import Any

from yanxiu_desktop.domain.hours_credit import credited_hours
from yanxiu_desktop.domain.policy import Policy, load_policy
from yanxiu_desktop.domain.school import MAIN_SCHOOL_ID_SQL
from yanxiu_desktop.store.models import Activity, Attendance, Group, Semester, Teacher

UNCATEGORISED = "未分类"
PASS, FAIL = "合格", "不合格"
# Before the term ends a teacher who has not yet met the requirement is not 不合格: the term is still running.
IN_PROGRESS = "进行中"
_EPS = 1e-9  # sums of fractional 学时 (1.3 + 1.7) must not fail by a rounding error


def reaches(earned: float, required: float) -> bool:
    """*earned* 学时 meet *required* (a total or one category's)."""
    return earned + _EPS >= required


def hours_met(total: float, required: float, categories: Iterable[tuple[float, float]] = ()) -> bool:
    """合格: *total* ≥ *required* and every (earned, required) category pair is met."""
    if not reaches(total, required):
        return False
    for earned, need in categories:  # a loop, not all(genexpr): statistics judge every teacher three times
        if not reaches(earned, need):
            return False
    return True


@dataclass(slots=True)
class CategoryHours:
    name: str
    required: float = 0.0
    earned: float = 0.0  # after the absence rule
    before_rule: float = 0.0
    sessions: int = 0
    missed: int = 0
    lost: bool = False  # the 1/3 rule took this category's hours away (from sessions; never credits)
    credited: float = 0.0  # 学时认定 (hours_credit), included in earned

    @property
    def shortfall(self) -> float:
        return max(0.0, self.required - self.earned)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "required": self.required, "earned": self.earned,
                "before_rule": self.before_rule, "credited": self.credited, "sessions": self.sessions,
                "missed": self.missed, "lost": self.lost, "shortfall": self.shortfall}


@dataclass(slots=True)
class TeacherHours:
    teacher_id: int
    name: str
    pinyin: str = ""
    categories: dict[str, CategoryHours] = field(default_factory=dict)
    required: float = 0.0
    sessions: int = 0
    present: int = 0
    rate_denominator: int = 0
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(c.earned for c in self.categories.values())

    @property
    def shortfall(self) -> float:
        return max(0.0, self.required - self.total)

    @property
    def lost_categories(self) -> list[str]:
        return [c.name for c in self.categories.values() if c.lost]

    @property
    def rate(self) -> float | None:
        """出勤率 (0–1), None when there is nothing to count."""
        return self.present / self.rate_denominator if self.rate_denominator else None

    @property
    def qualified(self) -> bool:
        """合格 under the policy the figures were computed with (see :func:`hours_met`)."""
        return hours_met(self.total, self.required, [(c.earned, c.required) for c in self.categories.values()])

    @property
    def result(self) -> str:
        return PASS if self.qualified else FAIL

    def result_on(self, term_over: bool) -> str:
        """合格; 不合格 once the term is over (or archived); before that 进行中, as nobody has failed yet."""
        return PASS if self.qualified else (FAIL if term_over else IN_PROGRESS)

    def hours(self, category: str) -> float:
        c = self.categories.get(category)
        return c.earned if c else 0.0

    def to_json(self, term_over: bool = True) -> dict[str, Any]:
        return {"id": self.teacher_id, "teacher_id": self.teacher_id, "name": self.name, "total": self.total,
                "required": self.required, "shortfall": self.shortfall, "result": self.result_on(term_over),
                "lost_categories": self.lost_categories, "sessions": self.sessions,
                "present": self.present,
                "attendance_rate": None if self.rate is None else round(self.rate, 4),
                "by_status": status_counts_json(self.by_status),
                "categories": [c.to_json() for c in self.categories.values()]}


def status_counts_json(by_status: dict[str, int]) -> list[dict[str, Any]]:
    """{"出勤": 10} → [{"status": "出勤", "count": 10}] (JSON keys stay English)."""
    return [{"status": s, "count": n} for s, n in by_status.items()]


def activity_hours(a: Any) -> float:
    """The 学时 an activity earns, as stored: 0 means 0 (a blank was filled from the times on saving)."""
    return float(a.hours or 0.0)


def loses_category(missed: int, sessions: int, policy: Policy) -> bool:
    """累计缺席（含请假）三分之一以上: missed/sessions ≥ fraction, boundary included, exactly."""
    if not policy.absence_rule_enabled or sessions <= 0 or missed <= 0:
        return False
    return Fraction(missed, sessions) >= _rule_fraction(policy.absence_rule_fraction)


@lru_cache(maxsize=8)
def _rule_fraction(fraction: float) -> Fraction:
    """The policy's fraction as an exact ratio (1/3, not 0.333…), computed once per value."""
    return Fraction(fraction).limit_denominator(1000)


def _counted(semester: Semester):
    """The term's countable attendance: plain columns only (see ``_facts``)."""
    return (Attendance.select(Attendance.teacher, Attendance.status, Attendance.activity, Activity.date,
                              Activity.start_time, Activity.end_time, Activity.theme, Activity.kind, Activity.hours,
                              Activity.hours_category, Activity.group)
            .join(Activity)
            .where((Activity.semester == semester) & (Activity.status != "取消")))


@dataclass(slots=True)
class _ActivityFacts:
    id: int
    date: Any
    start_time: str
    end_time: str
    theme: str
    kind: str
    hours: float
    hours_category: str
    group_id: int | None


@dataclass(slots=True)
class _CountedRow:
    """What the figures read of one attendance row (the attributes of ``Attendance`` + ``.activity``)."""

    teacher_id: int
    status: str
    activity_id: int
    activity: _ActivityFacts


def _facts(query) -> Iterator[_CountedRow]:  # noqa: ANN001 - a _counted() query
    # Plain tuples, not model instances: peewee builds a joined model pair at ~50 µs a row, and a term of a
    # 200-teacher school has thousands of rows (teacher_hours 260 ms → ~30 ms, bench/stats.py).
    # Raw cursor rows (no per-value conversion); the date is converted once per activity.
    acts: dict[int, _ActivityFacts] = {}
    for tid, status, aid, day, start, end, theme, kind, hours, category, gid in query.model._meta.database.execute(
            query):
        a = acts.get(aid)
        if a is None:
            day = Activity.date.python_value(day)
            a = acts[aid] = _ActivityFacts(aid, day, start, end, theme, kind, float(hours or 0), category, gid)
        yield _CountedRow(tid, status, aid, a)


# (category, status, sessions, sum of the activities' 学时) — one group of a teacher's attendance rows
_Tally = tuple[str, str, int, float]

# The term's countable attendance (the rows of ``_counted``) summed in SQL: one row per (teacher,
# hours_category, status) with COUNT(*), the activities' stored 学时 (TOTAL: NULL as 0, like
# :func:`activity_hours`) and the group's first activity. Groups are taken in the order of their first
# activity, so categories and statuses appear in the order a scan of the rows by activity meets them, as
# ``compute`` over ``_counted`` rows does.
# Hand-written SQL: peewee spends about as long rendering these queries as SQLite takes to run them.
_COUNTED = ("FROM attendance t JOIN activity a ON a.id = t.activity_id "
            "WHERE a.semester_id = ? AND a.status != '取消'")
_AGGREGATES = ("SELECT t.teacher_id, a.hours_category, t.status, COUNT(*), TOTAL(a.hours), MIN(a.id) "
               f"{_COUNTED}{{teachers}} GROUP BY t.teacher_id, a.hours_category, t.status")
# Every teacher on the main school's staff (the school of ``current_school``) and anyone with counted
# attendance this term, in one query.
_TEACHERS = (f"SELECT id, name, pinyin FROM teacher WHERE (school_id = {MAIN_SCHOOL_ID_SQL} AND status = '在职') "
             "OR id IN ({ids})")
_TEACHERS_BY_ID = "SELECT id, name, pinyin FROM teacher WHERE id IN ({ids})"


def teacher_hours(semester: Semester, policy: Policy | None = None, teacher_ids: list[int] | None = None,
                  teachers: Sequence[Any] | None = None, until: dt.date | None = None) -> list[TeacherHours]:
    """Every teacher on staff (and anyone with attendance this term), by pinyin, with hours by category.

    *teacher_ids*: only those teachers. *teachers*: exactly these, already read (rows with ``id``, ``name``
    and ``pinyin``, e.g. ``roster.staff_rows``); the term's sums are then read unfiltered and the others'
    skipped, which is quicker than a 200-id ``IN`` list in SQL. *until*: only activities and 学时认定 dated
    up to that day (statistics "统计至" an earlier date)."""
    policy = policy or load_policy(semester)
    db = Attendance._meta.database
    sem_id = semester.id if isinstance(semester, Semester) else int(semester)
    people: Iterable[tuple[int, str, str]]
    day = (" AND a.date <= ?", (until.isoformat(),)) if until is not None else ("", ())
    if teacher_ids is None or teachers is not None:
        groups = db.execute_sql(_AGGREGATES.format(teachers=day[0]), (sem_id, *day[1])).fetchall()
        credits = credited_hours(sem_id, until=until)
        if teachers is not None:
            people = [(t.id, t.name, t.pinyin) for t in teachers]
        else:
            with_rows = list(dict.fromkeys([*(g[0] for g in groups), *(c[0] for c in credits)]))
            people = db.execute_sql(_TEACHERS.format(ids=",".join("?" * len(with_rows)) or "NULL"), with_rows)
    else:
        ids = [int(i) for i in teacher_ids]
        marks = ",".join("?" * len(ids)) or "NULL"
        groups = db.execute_sql(_AGGREGATES.format(teachers=f" AND t.teacher_id IN ({marks}){day[0]}"),
                                (sem_id, *ids, *day[1])).fetchall()
        credits = credited_hours(sem_id, ids, until)
        people = db.execute_sql(_TEACHERS_BY_ID.format(ids=marks), ids)
    required = float(policy.required_hours)
    policy_cats = [(c.name, float(c.required)) for c in policy.hours_categories]
    by_id: dict[int, TeacherHours] = {}
    for tid, name, pinyin in people:
        h = by_id[tid] = TeacherHours(tid, name, pinyin, required=required)
        for cname, need in policy_cats:
            h.categories[cname] = CategoryHours(cname, need)
    # The policy applied to those few sums (one per teacher, category and status), not to every row.
    rules = _status_rules(policy)
    flags = {st: rules(st) for st in {g[2] for g in groups}}
    for tid, category, status, n, hours, _first in sorted(groups, key=itemgetter(5)):
        h = by_id.get(tid)
        if h is not None:
            _add(h, category or UNCATEGORISED, status, n, hours, flags.__getitem__)
    out = list(by_id.values())
    for h in out:
        _apply_rule(h, policy)
    for tid, category, hours in credits:  # 学时认定: added after the rule, which judges sessions only
        h = by_id.get(tid)
        if h is None:
            continue
        cat = h.categories.get(category)
        if cat is None:
            cat = h.categories[category] = CategoryHours(category)
        cat.credited += hours
        cat.earned += hours
    out.sort(key=lambda h: (h.pinyin, h.name))
    return out


def compute(t: Teacher, rows: list[Any], policy: Policy) -> TeacherHours:
    """One teacher's figures from their attendance rows (``Attendance`` rows with ``.activity``, or the
    plain rows of ``_facts``)."""
    tallies: dict[tuple[str, str], list[Any]] = {}
    for r in rows:
        key = (r.activity.hours_category or UNCATEGORISED, r.status)
        tally = tallies.setdefault(key, [0, 0.0])
        tally[0] += 1
        tally[1] += activity_hours(r.activity)
    return _apply(t.id, t.name, t.pinyin, [(c, s, n, hrs) for (c, s), (n, hrs) in tallies.items()], policy)


def _status_rules(policy: Policy) -> Callable[[str], tuple[bool, bool, bool, bool]]:
    """status → (missed for the 1/3 rule, earns 学时, in the 出勤率 denominator, present), looked up once."""
    hours_statuses, missed = set(policy.hours_statuses), set(policy.absence_rule_statuses)
    excluded, present = set(policy.excluded_from_rate), set(policy.present_statuses)
    cache: dict[str, tuple[bool, bool, bool, bool]] = {}

    def rules(status: str) -> tuple[bool, bool, bool, bool]:
        r = cache.get(status)
        if r is None:
            counted = status not in excluded
            r = cache[status] = (status in missed, status in hours_statuses, counted, counted and status in present)
        return r

    return rules


def _add(h: TeacherHours, category: str, status: str, n: int, hours: float,
         rules: Callable[[str], tuple[bool, bool, bool, bool]]) -> None:
    """Count *n* sessions of *category* with *status*, worth *hours* 学时 in all, into *h*."""
    cat = h.categories.get(category)
    if cat is None:
        cat = h.categories[category] = CategoryHours(category)
    cat.sessions += n
    h.sessions += n
    h.by_status[status] = h.by_status.get(status, 0) + n
    is_missed, earns, counted, is_present = rules(status)
    if is_missed:
        cat.missed += n
    if earns:
        cat.before_rule += hours or 0.0  # a blank 学时 earns nothing
    if counted:
        h.rate_denominator += n
        if is_present:
            h.present += n


def _apply_rule(h: TeacherHours, policy: Policy) -> None:
    """The 1/3 absence rule, category by category, once every session is counted."""
    for cat in h.categories.values():
        cat.lost = cat.missed > 0 and loses_category(cat.missed, cat.sessions, policy)
        cat.earned = 0.0 if cat.lost else cat.before_rule


def _apply(teacher_id: int, name: str, pinyin: str, tallies: Iterable[_Tally], policy: Policy) -> TeacherHours:
    """The policy applied to one teacher's attendance, summed by category and status (in first-seen order)."""
    h = TeacherHours(teacher_id, name, pinyin, required=float(policy.required_hours))
    for c in policy.hours_categories:
        h.categories[c.name] = CategoryHours(c.name, float(c.required))
    rules = _status_rules(policy)
    for category, status, n, hours in tallies:
        _add(h, category, status, n, hours, rules)
    _apply_rule(h, policy)
    return h


@dataclass
class GroupRate:
    group_id: int
    name: str
    activities: int
    present: int
    denominator: int

    @property
    def rate(self) -> float | None:
        return self.present / self.denominator if self.denominator else None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.group_id, "name": self.name, "activities": self.activities,
                "present": self.present, "denominator": self.denominator,
                "attendance_rate": None if self.rate is None else round(self.rate, 4)}


def group_rates(semester: Semester, policy: Policy | None = None, activities: Sequence[Any] | None = None,
                group_names: dict[int, str] | None = None) -> list[GroupRate]:
    """出勤率 of each group's own activities (全校 activities are listed under 全校, id 0); cancelled
    activities count for nobody. *activities* (``activity_facts.activity_facts``) and *group_names*: when the
    caller already read them (term statistics)."""
    from yanxiu_desktop.domain.activity_facts import activity_facts

    policy = policy or load_policy(semester)
    excluded, present = set(policy.excluded_from_rate), set(policy.present_statuses)
    sem_id = semester.id if isinstance(semester, Semester) else int(semester)
    held: dict[int, int] = {}  # group → its activities with attendance entered
    stats: dict[int, list[int]] = {}
    for a in (activity_facts(sem_id) if activities is None else activities):
        if a.status == "取消" or not a.statuses:
            continue
        gid = a.group_id or 0
        held[gid] = held.get(gid, 0) + 1
        tally = stats.setdefault(gid, [0, 0])
        for status, n in a.statuses.items():
            if status in excluded:
                continue
            tally[1] += n
            if status in present:
                tally[0] += n
    if group_names is None:
        group_names = {g.id: g.name for g in Group.select(Group.id, Group.name).where(Group.semester == sem_id)}
    out = [GroupRate(gid, group_names.get(gid, "全校") if gid else "全校", held[gid], p, d)
           for gid, (p, d) in sorted(stats.items()) if d]  # a group whose rows are all 公假 has no rate
    out.sort(key=lambda g: (g.group_id != 0, g.name))
    return out


@dataclass(frozen=True)
class TeacherSession:
    activity_id: int
    date: Any
    theme: str
    kind: str
    category: str
    hours: float
    status: str
    earns: float  # before the absence rule


def teacher_sessions(semester: Semester, teacher_id: int, policy: Policy | None = None) -> list[TeacherSession]:
    """One teacher's entered attendance this term, by date (the per-teacher view)."""
    policy = policy or load_policy(semester)
    rows = (_counted(semester).where(Attendance.teacher == teacher_id)
            .order_by(Activity.date, Activity.start_time))
    hs = set(policy.hours_statuses)
    out = []
    for r in _facts(rows):
        a = r.activity
        hours = activity_hours(a)
        out.append(TeacherSession(a.id, a.date, a.theme, a.kind, a.hours_category or UNCATEGORISED, hours,
                                  r.status, hours if r.status in hs else 0.0))
    return out
