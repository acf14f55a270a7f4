"""Term statistics: every figure the reports tab, ``yanxiu stats``, the district workbook and the term
summary PDF show, from one entry point, :func:`term_stats`.

The figures are plain dataclasses. Nothing here re-derives what another module owns: 学时 and 出勤率 come
from the hours/attendance modules, 听课 vs quota from ``quota``, portfolio progress from ``portfolio``,
cadence from ``plan_checks``; this module gathers, filters and totals them.

Filters: *group_id* keeps the group's members and the activities it organised; *subject* keeps teachers
of that 任教学科 and activities whose group (or presenter) is of that subject.

学时分段 follows the national training statistics form: ≤36, 37–72, 73–108, ≥109 学时; hours are not always
whole numbers, so a band is (previous upper edge, upper edge] — 36.5 counts in 37–72.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from yanxiu_desktop.domain import compliance
from yanxiu_desktop.domain import composition as comp_mod
from yanxiu_desktop.domain.assessment import AssessmentInput, AssessmentRow, assess
from yanxiu_desktop.domain.composition import Composition, Share, percent, rate
from yanxiu_desktop.domain.groups import GroupFacts
from yanxiu_desktop.domain.hours import FAIL, IN_PROGRESS, reaches
from yanxiu_desktop.domain.hours_credit import CreditRow, list_credits
from yanxiu_desktop.domain.policy import Policy, load_policy
from yanxiu_desktop.domain.rounding import half_up
from yanxiu_desktop.domain.semesters import end_date, semester_label
from yanxiu_desktop.domain.semesters import term_over as is_term_over
from yanxiu_desktop.domain.stats_activities import (
    AchievementItem,
    AchievementRow,
    ActivityMonthRow,
    ActivityRow,
    LabelCount,
    achievement_figures,
    activity_figures,
)
from yanxiu_desktop.store.db import database
from yanxiu_desktop.store.models import Semester

HOURS_BANDS: tuple[tuple[str, float | None], ...] = (
    ("36学时及以下", 36), ("37—72学时", 72), ("73—108学时", 108), ("109学时及以上", None),
)


# The per-teacher rows (HoursRow, AttendanceRow, ObservationStat) are slotted, not frozen: every refresh
# builds one of each per teacher, and a frozen dataclass sets each field through object.__setattr__
# (~3 µs a row, 1 ms of a large school's statistics). Treat them as read-only all the same.
@dataclass(slots=True)
class HoursRow:
    """学时汇总 for one teacher."""

    teacher_id: int
    name: str
    pinyin: str
    stage: str
    subject: str
    by_category: dict[str, float]
    total: float
    required: float
    lost_categories: tuple[str, ...]  # categories forfeited under the 1/3 absence rule
    credits: float  # 折合学分
    result: str  # 合格 | 不合格 (hours.hours_met) | 进行中 (term not over, not yet met)
    category_required: dict[str, float] = field(default_factory=dict)  # the policy's per-category 学时

    @property
    def shortfall(self) -> float:
        return round(max(0.0, self.required - self.total), 2)

    def category_pairs(self) -> list[tuple[float, float]]:
        """(earned, required) per category, as ``hours.hours_met`` reads them."""
        return [(self.by_category.get(n, 0.0), need) for n, need in self.category_required.items()]

    def short_categories(self) -> list[str]:
        """"自主研修 0/8" for each policy category below its requirement."""
        return [f"{n} {self.by_category.get(n, 0.0):g}/{need:g}" for n, need in self.category_required.items()
                if not reaches(self.by_category.get(n, 0.0), need)]

    def to_json(self) -> dict[str, Any]:
        names = [*self.category_required, *(n for n in self.by_category if n not in self.category_required)]
        return {"id": self.teacher_id, "teacher_id": self.teacher_id, "name": self.name, "stage": self.stage,
                "subject": self.subject, "total": self.total,
                "categories": [{"name": n, "required": self.category_required.get(n, 0.0),
                                "earned": self.by_category.get(n, 0.0), "lost": n in self.lost_categories}
                               for n in names],
                "required": self.required, "shortfall": self.shortfall, "credits": self.credits,
                "lost_categories": list(self.lost_categories), "result": self.result}


@dataclass(slots=True)
class AttendanceRow:
    """考勤统计 for one teacher."""

    id: int
    name: str
    expected: int
    present: int
    leave: int
    absent: int
    late: int
    early: int  # 早退 (like 迟到, counted in ``present``)
    counted: int  # the 出勤率 denominator (policy leaves e.g. 公假 out)
    rate: float | None  # 出勤率 0–1

    @property
    def teacher_id(self) -> int:
        return self.id

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "teacher_id": self.id, "name": self.name, "expected": self.expected,
                "present": self.present, "leave": self.leave, "absent": self.absent, "late": self.late,
                "early_leave": self.early, "counted": self.counted, "rate": self.rate}


@dataclass(frozen=True)
class GroupAttendanceRow:
    """出勤率 of one group's own activities (全校 activities under id 0)."""

    group_id: int
    name: str
    activities: int
    present: int
    counted: int
    rate: float | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.group_id, "name": self.name, "activities": self.activities, "present": self.present,
                "counted": self.counted, "rate": self.rate}


@dataclass(slots=True)
class ObservationStat:
    """听课统计: records vs quota for one teacher."""

    teacher_id: int
    name: str
    role: str
    required: int
    done: int
    behind: bool
    expected_by_now: int
    term_over: bool = True

    @property
    def reached(self) -> bool:
        return self.done >= self.required

    @property
    def result(self) -> str:
        """达标; 未达标 once the term is over; 进行中 before that (as for 学时)."""
        return "达标" if self.reached else ("未达标" if self.term_over else IN_PROGRESS)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.teacher_id, "teacher_id": self.teacher_id, "name": self.name, "role": self.role,
                "required": self.required, "done": self.done, "reached": self.reached, "result": self.result,
                "behind": self.behind, "expected_by_now": self.expected_by_now}


@dataclass(frozen=True)
class Headline:
    """The sentence-sized numbers a 工作总结 quotes."""

    teachers: int
    activities: int  # not cancelled
    activities_done: int
    activities_cancelled: int
    hours_total: float
    hours_average: float | None
    hours_met: int
    hours_met_percent: int
    attendance_rate: float | None
    observations: int
    observations_reached: int
    observations_reached_percent: int
    achievements: int
    open_lessons: int
    sent_out: int  # teachers sent to 外出学习

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class TermStats:
    semester_id: int
    semester_name: str
    as_of: dt.date
    term_over: bool
    group_id: int | None
    subject: str | None
    categories: list[str]
    hours_per_credit: float
    headline: Headline
    hours: list[HoursRow]
    hours_bands: list[Share]
    attendance_by_teacher: list[AttendanceRow]
    attendance_by_group: list[GroupAttendanceRow]
    observations: list[ObservationStat]
    activities: list[ActivityRow]
    activities_by_kind: list[LabelCount]
    months: list[str]  # "9月" … in term order
    activities_by_month: list[ActivityMonthRow]
    achievements: list[AchievementRow]
    achievement_items: list[AchievementItem]
    open_lessons_by_subject: list[LabelCount]
    sent_out: list[LabelCount]  # teacher name → number of 外出学习 entries
    composition: Composition
    assessment: list[AssessmentRow]
    warnings: list[compliance.ComplianceWarning] = field(default_factory=list)
    hours_credits: list[CreditRow] = field(default_factory=list)  # 学时认定 of the teachers shown, by teacher

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.semester_id, "name": self.semester_name, "as_of": self.as_of.isoformat(),
            "term_over": self.term_over, "filter": {"group_id": self.group_id, "subject": self.subject},
            "categories": self.categories, "hours_per_credit": self.hours_per_credit,
            "headline": self.headline.to_json(),
            "hours": [r.to_json() for r in self.hours],
            "hours_bands": [s.to_json() for s in self.hours_bands],
            "attendance_by_teacher": [r.to_json() for r in self.attendance_by_teacher],
            "attendance_by_group": [r.to_json() for r in self.attendance_by_group],
            "observations": [r.to_json() for r in self.observations],
            "activities": [r.to_json() for r in self.activities],
            "activities_by_kind": [r.to_json() for r in self.activities_by_kind],
            "months": self.months,
            "activities_by_month": [r.to_json() for r in self.activities_by_month],
            "achievements": [r.to_json() for r in self.achievements],
            "achievement_items": [r.to_json() for r in self.achievement_items],
            "open_lessons_by_subject": [r.to_json() for r in self.open_lessons_by_subject],
            "sent_out": [r.to_json() for r in self.sent_out],
            "composition": self.composition.to_json(),
            "assessment": [r.to_json() for r in self.assessment],
            "warnings": [w.to_json() for w in self.warnings],
            "hours_credits": [c.to_json() for c in self.hours_credits],
        }


def hours_band(total: float) -> str:
    for label, upper in HOURS_BANDS:
        if upper is None or total <= upper + 1e-9:
            return label
    return HOURS_BANDS[-1][0]


def band_shares(totals: list[float]) -> list[Share]:
    counts = Counter(hours_band(t) for t in totals)
    return [Share(label, counts.get(label, 0), percent(counts.get(label, 0), len(totals)))
            for label, _ in HOURS_BANDS]


def credits(total: float, policy: Policy) -> float:
    """折合学分 at the policy's rate, to one decimal."""
    return half_up(total / policy.hours_per_credit, 0.1) if policy.hours_per_credit > 0 else 0.0


_MEMBERS = "SELECT teacher_id FROM membership WHERE group_id = ?"


def filtered_teachers(semester: Semester, group_id: int | None = None, subject: str | None = None,
                      staff: Sequence[Any] | None = None) -> list[Any]:
    """Active teachers in pinyin order (*staff*, if already read), narrowed by group membership and/or 任教学科."""
    from yanxiu_desktop.domain.roster import list_teachers

    teachers = list(staff) if staff is not None else list_teachers()
    if group_id is not None:
        members = {tid for (tid,) in database.obj.execute_sql(_MEMBERS, (group_id,))}
        teachers = [t for t in teachers if t.id in members]
    if subject:
        teachers = [t for t in teachers if t.subject == subject]
    return teachers


def subjects(semester: Semester) -> list[str]:
    """任教学科 of the active staff, for the subject filter."""
    from yanxiu_desktop.domain.roster import list_teachers

    return sorted({t.subject for t in list_teachers() if t.subject})


def term_stats(semester: Semester, group_id: int | None = None, subject: str | None = None,
               today: dt.date | None = None, policy: Policy | None = None, candidates: int | None = None,
               top_percent: float | None = None) -> TermStats:
    """Every figure of the term (see the module docstring for the filters)."""
    from yanxiu_desktop.domain import hours as hours_mod
    from yanxiu_desktop.domain import portfolio, quota, roster
    from yanxiu_desktop.domain.activity_facts import activity_facts, as_seen_on
    from yanxiu_desktop.domain.groups import group_facts
    from yanxiu_desktop.domain.plan_checks import plan_warnings

    policy = policy or load_policy(semester)
    today = today or dt.date.today()
    last = end_date(semester)
    term_over = is_term_over(semester, today)
    as_of = min(today, last)
    # Each table read once, as plain rows, and handed to every figure that needs it.
    staff = roster.staff_rows()
    teachers = filtered_teachers(semester, group_id, subject, staff)
    ids = {t.id for t in teachers}
    by_id = {t.id: t for t in teachers}
    term_groups = group_facts(semester)
    groups = _groups(term_groups, group_id, subject)
    # Everything as it stood on as_of ("统计至"): later meetings not yet held, later 学时认定 and 档案 items
    # not yet there (a no-op for today, as attendance is refused before an activity's day).
    acts_all = as_seen_on(activity_facts(semester), as_of)

    computed = hours_mod.teacher_hours(semester, policy, teachers=teachers, until=as_of)
    hours_rows = _hours_rows(by_id, computed, policy, term_over)
    att_teacher = [_teacher_attendance(h) for h in computed]
    wanted_groups = {g.id for g in groups} | ({0} if group_id is None and not subject else set())
    att_group = [GroupAttendanceRow(g.group_id, g.name, g.activities, g.present, g.denominator, _rate4(g.rate))
                 for g in hours_mod.group_rates(semester, policy, acts_all, {g.id: g.name for g in term_groups})
                 if g.group_id in wanted_groups]

    # Quotas and progress per teacher do not depend on the rest of the staff: only those shown are computed.
    qrep = quota.quota_report(semester, as_of=as_of, policy=policy, teachers=teachers, mentors=False,
                              month_figures=False)
    obs = [ObservationStat(r.teacher_id, r.name, r.role, r.required, r.done, r.behind, r.expected_by_now, term_over)
           for r in qrep.rows]

    acts = activity_figures(semester, acts_all, term_groups, groups, group_id, subject, policy)
    ach = achievement_figures(semester, ids, acts_all, until=as_of)
    progress = portfolio.progress(semester, today=as_of if not term_over else last + dt.timedelta(days=1),
                                  teachers=teachers, policy=policy, until=as_of)

    comp = comp_mod.compose(comp_mod.staff_members(teachers), semester.start_date)
    rows = _assessment(teachers, hours_rows, att_teacher, obs, progress, semester, policy, candidates,
                       top_percent, term_groups)
    if not term_over:  # same wording as 学时汇总: nobody has failed while the term is running
        rows = [dataclasses.replace(r, result=IN_PROGRESS) if r.result == FAIL else r for r in rows]

    plan = compliance.from_plan(plan_warnings(semester, policy, acts_all))
    if group_id is not None or subject:
        names = {g.name for g in groups}
        plan = [w for w in plan if w.kind == "group_cadence" and any(n in w.message for n in names)]
    warnings = plan
    weeks_done = max(0, min(semester.weeks, (as_of - semester.start_date).days // 7 + (1 if term_over else 0)))
    warnings += compliance.hours_warnings(hours_rows, term_over, weeks_done / semester.weeks)
    warnings += compliance.quota_warnings(obs, term_over)
    warnings += compliance.portfolio_warnings(progress)
    warnings += compliance.activity_warnings(acts.raw, acts.entered, today)

    totals = [r.total for r in hours_rows]
    met = sum(1 for r in hours_rows if r.result == "合格")
    # Pool the counts rather than averaging rates: one teacher expected twice weighs less than one expected 30×.
    counted = sum(r.counted for r in att_teacher)
    present = sum(r.present for r in att_teacher)
    reached = sum(1 for r in obs if r.reached)
    headline = Headline(
        teachers=len(teachers), activities=len([a for a in acts.rows if a.status != "取消"]),
        activities_done=sum(1 for a in acts.rows if a.status == "已完成"),
        activities_cancelled=sum(1 for a in acts.rows if a.status == "取消"),
        hours_total=round(sum(totals), 1), hours_average=round(sum(totals) / len(totals), 1) if totals else None,
        hours_met=met, hours_met_percent=percent(met, len(hours_rows)),
        attendance_rate=rate(present, counted),
        observations=sum(r.done for r in obs), observations_reached=reached,
        observations_reached_percent=percent(reached, len(obs)),
        achievements=len(ach.items), open_lessons=sum(r.count for r in acts.open_lessons),
        sent_out=len(ach.sent_out))
    return TermStats(
        semester_id=semester.id, semester_name=semester_label(semester), as_of=as_of, term_over=term_over,
        group_id=group_id, subject=subject or None, categories=_categories(policy, hours_rows),
        hours_per_credit=policy.hours_per_credit, headline=headline, hours=hours_rows,
        hours_bands=band_shares(totals), attendance_by_teacher=att_teacher, attendance_by_group=att_group,
        observations=obs, activities=acts.rows, activities_by_kind=acts.by_kind, months=acts.months,
        activities_by_month=acts.by_month, achievements=ach.rows, achievement_items=ach.items,
        open_lessons_by_subject=acts.open_lessons, sent_out=ach.sent_out, composition=comp, assessment=rows,
        warnings=warnings, hours_credits=sorted((c for c in list_credits(semester)
                                                 if c.teacher_id in ids and c.date <= as_of),
                                                key=lambda c: (c.pinyin, c.name, c.date, c.id)))


def _categories(policy: Policy, rows: list[HoursRow]) -> list[str]:
    """The policy's categories, then any other category an activity used (e.g. 未分类)."""
    names = policy.category_names()
    seen = set(names)
    for r in rows:
        for k in r.by_category:
            if k not in seen:
                names.append(k)
                seen.add(k)
    return names


def _rate4(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _hours_rows(by_id: dict[int, Any], computed: list[Any], policy: Policy, term_over: bool) -> list[HoursRow]:
    """学时汇总 rows from ``hours.teacher_hours`` (*by_id*: the teachers shown)."""
    category_required = {c.name: float(c.required) for c in policy.hours_categories}  # each row gets a copy
    # Each distinct sum rounded once: most teachers share their sums, and 折合学分 (half_up) works on
    # decimals, ~3 µs a call. Local to this call: nothing is kept between refreshes.
    round2 = functools.cache(functools.partial(round, ndigits=2))
    credits_of = functools.cache(functools.partial(credits, policy=policy))
    rows = []
    for h in computed:
        t = by_id[h.teacher_id]
        total = round2(h.total)
        rows.append(HoursRow(t.id, t.name, t.pinyin, t.stage, t.subject,
                             {name: round2(c.earned) for name, c in h.categories.items()}, total, h.required,
                             tuple(h.lost_categories), credits_of(total), h.result_on(term_over),
                             category_required.copy()))
    return rows


def _teacher_attendance(h: Any) -> AttendanceRow:
    """出勤 counts from the hours module's per-teacher tally (it owns what counts as present)."""
    by = h.by_status
    return AttendanceRow(h.teacher_id, h.name, h.sessions, h.present,
                         by.get("公假", 0) + by.get("事假", 0) + by.get("病假", 0), by.get("缺席", 0),
                         by.get("迟到", 0), by.get("早退", 0), h.rate_denominator, _rate4(h.rate))


def _groups(term_groups: list[GroupFacts], group_id: int | None, subject: str | None) -> list[GroupFacts]:
    """The groups a filter shows, of *term_groups* (``groups.group_facts``)."""
    groups = term_groups
    if group_id is not None:
        groups = [g for g in groups if g.id == group_id]
    if subject:
        groups = [g for g in groups if g.subject == subject]
    return groups


def _assessment(teachers: Sequence[Any], hours_rows: list[HoursRow], att: list[AttendanceRow],
                obs: list[ObservationStat], progress: list[Any], semester: Semester, policy: Policy,
                candidates: int | None, top_percent: float | None,
                term_groups: Sequence[GroupFacts]) -> list[AssessmentRow]:
    hours = {r.teacher_id: r for r in hours_rows}
    rates = {r.teacher_id: r.rate for r in att}
    observed = {r.teacher_id: r for r in obs}
    folio = {p.teacher_id: p for p in progress}
    group_names = _teaching_group_names(semester, term_groups)
    no_hours = tuple((0.0, float(c.required)) for c in policy.hours_categories)
    inputs = []
    for t in teachers:
        tid = t.id
        h, o, p = hours.get(tid), observed.get(tid), folio.get(tid)
        done = required = 0
        for q in (p.requirements if p else ()):
            done += min(q.done, q.required)
            required += q.required
        inputs.append(AssessmentInput(
            tid, t.name, h.total if h else 0.0, h.required if h else policy.required_hours, rates.get(tid),
            o.done if o else 0, o.required if o else policy.quota_for_role(t.role), done, required,
            group_names.get(tid, ""), t.pinyin, tuple(h.category_pairs()) if h else no_hours))
    kwargs: dict[str, Any] = {"candidates": candidates}
    if top_percent is not None:
        kwargs["top_percent"] = top_percent
    return assess(inputs, policy, **kwargs)


# Members of the term's 教研组 (group order comes from ``groups.group_facts``).
_TEACHING_MEMBERS = ("SELECT group_id, teacher_id FROM membership WHERE group_id IN "
                     "(SELECT id FROM \"group\" WHERE semester_id = ? AND kind = '教研组')")


def _teaching_group_names(semester: Semester, term_groups: Sequence[GroupFacts]) -> dict[int, str]:
    """teacher id → their 教研组 (the group a ranking is read by; the first in group order)."""
    members: dict[int, list[int]] = {}
    for gid, tid in database.obj.execute_sql(_TEACHING_MEMBERS, (semester.id,)):
        members.setdefault(gid, []).append(tid)
    out: dict[int, str] = {}
    for g in sorted((g for g in term_groups if g.kind == "教研组"), key=lambda g: (g.sort_order, g.name)):
        for tid in members.get(g.id, ()):
            out.setdefault(tid, g.name)
    return out
