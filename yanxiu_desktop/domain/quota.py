"""听课 quotas: done vs required per teacher, the month-end count, pace forecast and mentor pairs.

Required per term is the largest of: the role's quota (policy.observation_quota), for teachers in their
first ``new_teacher_years`` years ``new_teacher_per_week`` × teaching weeks, and, when the school counts
monthly, ``observations_per_month`` × teaching months.

Teaching weeks come from the term calendar: a week with fewer than three working days (国庆 week, a
holiday the school entered as 放假; a 调休上班 weekend day counts as working) is not a teaching week.
Pace: by the end of week N a teacher should have floor(required × teaching weeks so far / all teaching
weeks) records (for new teachers at least ``new_teacher_per_week`` × teaching weeks so far).
A teacher is behind when their records to date are fewer than the pace of the last completed week, "behind
since week N" when the records dated up to each Sunday from week N on were fewer than that week's pace.
Months are the term's (``semesters.term_months``); a record counts in the month of its week
(``semesters.month_of_date``: a lesson heard on Monday 31 August counts toward September).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from peewee import fn

from yanxiu_desktop.domain import roster
from yanxiu_desktop.domain.calendar_days import day_rows
from yanxiu_desktop.domain.policy import Policy, load_policy
from yanxiu_desktop.domain.semesters import (
    Week,
    month_of_date,
    month_of_week,
    term_months,
    week_label,
    week_of,
    weeks,
)
from yanxiu_desktop.store.db import database
from yanxiu_desktop.store.models import CalendarDay, Observation, Semester, Teacher

MIN_WORKING_DAYS = 3
# Each teacher's record dates up to the day judged, one row per teacher (~5,000 records a term for a large
# school): the dates are ISO text, so they sort and compare as strings, no date objects.
_DATES = ("SELECT observer_id, group_concat(date) FROM observation WHERE semester_id = ? AND date <= ? "
          "GROUP BY observer_id")


def _off_days(sem: Semester) -> dict[dt.date, str]:
    return {d: row.kind for d, row in day_rows(sem).items()}


def working_days(sem: Semester, week: Week, off: dict[dt.date, str] | None = None) -> int:
    """School days of *week*: Monday–Friday unless 放假, plus 调休上班 weekend days. *off*: the term's
    calendar days when the caller already read them."""
    if off is None:
        off = {d.date: d.kind for d in CalendarDay.select().where(
            (CalendarDay.semester == sem) & (CalendarDay.date.between(week.monday, week.sunday)))}
    n = 0
    for i in range(7):
        day = week.monday + dt.timedelta(days=i)
        kind = off.get(day)
        if kind == "调休上班" or (i < 5 and kind != "放假"):
            n += 1
    return n


def teaching_weeks(sem: Semester) -> list[Week]:
    off = _off_days(sem)  # one query for the term, not one a week
    return [w for w in weeks(sem) if working_days(sem, w, off) >= MIN_WORKING_DAYS]


def month_label(ym: tuple[int, int]) -> str:
    return f"{ym[1]}月"


def is_new_teacher(t: Teacher, sem: Semester, policy: Policy) -> bool:
    years = roster.years_of_service(t, sem.start_date)
    return years is not None and years < policy.new_teacher_years


@dataclass
class TeacherQuota:
    teacher_id: int
    name: str
    role: str
    new_teacher: bool
    required: int
    done: int
    by_month: dict[tuple[int, int], int]
    month_required: dict[tuple[int, int], int]  # per teaching month (0 = no monthly rule for this teacher)
    months_short: list[tuple[int, int]]  # completed months below monthly_required
    expected_by_now: int
    behind: bool
    behind_since_week: int | None
    projected: int | None  # at the present rate, records by term end

    @property
    def reached(self) -> bool:
        return self.done >= self.required

    def to_json(self) -> dict[str, Any]:
        return {"teacher_id": self.teacher_id, "name": self.name, "role": self.role,
                "new_teacher": self.new_teacher, "required": self.required, "done": self.done,
                "reached": self.reached, "months": [{"month": f"{y}-{m:02d}", "done": n, "required": self.month_required.get((y, m), 0)}
                           for (y, m), n in self.by_month.items()],
                "months_short": [f"{y}-{m:02d}" for y, m in self.months_short],
                "expected_by_now": self.expected_by_now, "behind": self.behind,
                "behind_since_week": self.behind_since_week, "projected": self.projected}


@dataclass
class MentorQuota:
    pair_id: int
    mentor_id: int
    mentor_name: str
    mentee_id: int
    mentee_name: str
    mentor_observed_mentee: int
    mentee_observed_mentor: int
    target: int

    @property
    def reached(self) -> bool:
        return min(self.mentor_observed_mentee, self.mentee_observed_mentor) >= self.target

    def to_json(self) -> dict[str, Any]:
        return {"id": self.pair_id, "name": f"{self.mentor_name}—{self.mentee_name}",
                "mentor_id": self.mentor_id, "mentor_name": self.mentor_name, "mentee_id": self.mentee_id,
                "mentee_name": self.mentee_name, "mentor_observed_mentee": self.mentor_observed_mentee,
                "mentee_observed_mentor": self.mentee_observed_mentor, "target": self.target,
                "reached": self.reached}


@dataclass
class QuotaReport:
    as_of: dt.date
    week: int  # the last completed week judged (0 before the term's first Sunday)
    teaching_weeks: int
    elapsed_teaching_weeks: int
    months: list[tuple[int, int]]
    rows: list[TeacherQuota] = field(default_factory=list)
    mentors: list[MentorQuota] = field(default_factory=list)

    @property
    def behind(self) -> list[TeacherQuota]:
        return [r for r in self.rows if r.behind]

    @property
    def heading(self) -> str:
        """What the figures mean, for the screen and the command line alike: counts run to the day, the
        pace is that of the last completed week (a Monday must not read as "week 12" on its own)."""
        pace = f"进度按{week_label(self.week)}末计" if self.week else "第一周尚未结束，暂不判断进度"
        return (f"听课节数统计至 {self.as_of.isoformat()}，{pace}（本学期 {self.teaching_weeks} 个教学周，"
                f"已过 {self.elapsed_teaching_weeks} 周）")


def _expected(required: int, per_week: int, elapsed: int, total: int) -> int:
    if total <= 0:
        return 0
    return max(required * elapsed // total, per_week * elapsed)


def _judged_week(sem: Semester, as_of: dt.date) -> int:
    """The last week whose Sunday is on or before *as_of*."""
    if as_of < sem.start_date:
        return 0
    w = week_of(sem, as_of)
    if w is None:
        return sem.weeks
    return w if as_of.weekday() == 6 else w - 1


def quota_report(sem: Semester, as_of: dt.date | None = None, policy: Policy | None = None,
                 teachers: Sequence[Any] | None = None, mentors: bool = True,
                 month_figures: bool = True) -> QuotaReport:
    """*teachers*: the teachers to report on when the caller already read them (default: the active staff;
    ``roster.staff_rows`` will do). Term statistics read only totals and pace: *mentors* False leaves the
    师徒结对 figures out, *month_figures* False the per-month ones (``by_month``, ``month_required`` and
    ``months_short`` stay empty)."""
    policy = policy or load_policy(sem)
    as_of = as_of or dt.date.today()
    all_weeks = weeks(sem)
    teaching = {w.number for w in teaching_weeks(sem)}
    total_tw = len(teaching)
    judged = _judged_week(sem, as_of)
    months = term_months(sem)
    tw_in_month = {ym: 0 for ym in months}
    # A month is judged once its last teaching week is over (教导处 counts at month end).
    last_week_of_month: dict[tuple[int, int], int] = {}
    for w in all_weeks:
        ym = month_of_week(w)
        if w.number in teaching:
            tw_in_month[ym] += 1
        if w.number in teaching or not tw_in_month[ym]:
            last_week_of_month[ym] = w.number
    teaching_months = [ym for ym in months if tw_in_month[ym]]
    completed_months = [ym for ym in months if last_week_of_month[ym] <= judged]
    elapsed_by_week = [0] * (sem.weeks + 1)
    for n in range(1, sem.weeks + 1):
        elapsed_by_week[n] = elapsed_by_week[n - 1] + (1 if n in teaching else 0)

    dates_by_teacher = {observer_id: sorted(days.split(",")) for observer_id, days
                        in database.obj.execute_sql(_DATES, (sem.id, as_of.isoformat()))}
    sundays = [w.sunday.isoformat() for w in all_weeks]
    # A day in the term's weeks counts in its week's month (``month_of_date``), and each month's weeks are
    # consecutive: a teacher's sorted dates split at each month's last Sunday. Days outside the weeks keep
    # their calendar month.
    month_ends = list({month_of_week(w): sundays[w.number - 1] for w in all_weeks}.items())
    first_day, last_day = sem.start_date.isoformat(), sundays[-1] if sundays else ""
    monthly = policy.observations_per_month
    # A month without a teaching week (all 放假) asks for nothing.
    month_need_by_pace = {per_week: {ym: max(monthly, per_week * tw_in_month[ym]) if tw_in_month[ym] else 0
                                     for ym in months} for per_week in {0, policy.new_teacher_per_week}}

    elapsed = elapsed_by_week[judged]
    report = QuotaReport(as_of, judged, total_tw, elapsed, months)
    rows = report.rows
    pace: dict[tuple[int, int], list[int]] = {}  # (required, per week) → records expected by week 0 … judged
    for t in (teachers if teachers is not None else roster.list_teachers()):
        new = is_new_teacher(t, sem, policy)
        per_week = policy.new_teacher_per_week if new else 0
        required = max(policy.quota_for_role(t.role), per_week * total_tw, monthly * len(teaching_months))
        days = dates_by_teacher.get(t.id, [])
        done = len(days)
        by_month: dict[tuple[int, int], int] = {}
        month_need: dict[tuple[int, int], int] = {}
        short: list[tuple[int, int]] = []
        if month_figures:
            by_month = dict.fromkeys(months, 0)
            lo, hi = bisect_left(days, first_day), bisect_right(days, last_day)
            i = lo
            for ym, last_sunday in month_ends:
                j = bisect_right(days, last_sunday, i, hi)
                by_month[ym] = j - i
                i = j
            for d in (*days[:lo], *days[hi:]):
                key = month_of_date(sem, dt.date.fromisoformat(d))
                by_month[key] = by_month.get(key, 0) + 1
            month_need = month_need_by_pace[per_week].copy()
            short = [ym for ym in completed_months if by_month[ym] < month_need[ym]]

        expected = pace.get((required, per_week))
        if expected is None:
            expected = pace[required, per_week] = [_expected(required, per_week, elapsed_by_week[n], total_tw)
                                                   for n in range(judged + 1)]
        behind_since = None
        # Records up to today count (a teacher who caught up since last Sunday is not behind), then the
        # weeks back: records up to week n's Sunday against the pace of week n, for 自第N周起落后.
        if done < expected[judged]:
            for n in range(judged, 0, -1):
                if bisect_right(days, sundays[n - 1]) < expected[n]:
                    behind_since = n
                else:
                    break
        rows.append(TeacherQuota(t.id, t.name, t.role, new, required, done, by_month, month_need, short,
                                 expected[judged], behind_since is not None, behind_since,
                                 round(done * total_tw / elapsed) if elapsed else None))
    if mentors:
        report.mentors = mentor_quota(sem, policy, as_of)
    return report


def mentor_quota(sem: Semester, policy: Policy, as_of: dt.date | None = None) -> list[MentorQuota]:
    """师徒结对: how often each side attended the other's lessons this term."""
    from yanxiu_desktop.domain.groups import mentor_pairs

    pairs = sorted(mentor_pairs(sem), key=lambda p: p.id)
    if not pairs:
        return []
    people = {p.mentor_id for p in pairs} | {p.mentee_id for p in pairs}
    q = (Observation.select(Observation.observer, Observation.observed, fn.COUNT(Observation.id))
         .where((Observation.semester == sem) & Observation.observer.in_(people) & Observation.observed.in_(people))
         .group_by(Observation.observer, Observation.observed))
    if as_of is not None:
        q = q.where(Observation.date <= as_of)
    seen = {(a, b): n for a, b, n in q.tuples()}
    return [MentorQuota(p.id, p.mentor_id, p.mentor.name, p.mentee_id, p.mentee.name,
                        seen.get((p.mentor_id, p.mentee_id), 0), seen.get((p.mentee_id, p.mentor_id), 0),
                        policy.mentor_observations)
            for p in pairs]
