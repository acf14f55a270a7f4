"""teacher_hours (aggregated in SQL) against a plain per-row computation on the demo school (whose
current term has 学时认定 credits for 自主研修 too)."""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from typing import Any

import pytest

from yanxiu_desktop.domain.hours import UNCATEGORISED, teacher_hours
from yanxiu_desktop.domain.policy import HoursCategory, Policy, load_policy
from yanxiu_desktop.domain.school import current_school
from yanxiu_desktop.store.models import Activity, Attendance, HoursCredit, Semester, Teacher


def _reference(semester: Semester, policy: Policy, teacher_ids: list[int] | None = None) -> dict[int, dict[str, Any]]:
    """Every figure of teacher_hours, one attendance row (model instances) at a time, then each credit."""
    rows = [r for r in Attendance.select().join(Activity).where(Activity.semester == semester)
            if r.activity.status != "取消" and (teacher_ids is None or r.teacher_id in teacher_ids)]
    credits = [c for c in HoursCredit.select().where(HoursCredit.semester == semester)
               if teacher_ids is None or c.teacher_id in teacher_ids]
    if teacher_ids is not None:
        teachers = list(Teacher.select().where(Teacher.id.in_(teacher_ids)))
    else:
        with_rows = {r.teacher_id for r in rows} | {c.teacher_id for c in credits}
        teachers = [t for t in Teacher.select()
                    if (t.school_id == current_school().id and t.status == "在职") or t.id in with_rows]
    frac = Fraction(policy.absence_rule_fraction).limit_denominator(1000)
    out = {}
    for t in teachers:
        cats = {c.name: {"required": float(c.required), "sessions": 0, "missed": 0, "before_rule": 0.0}
                for c in policy.hours_categories}
        by_status: dict[str, int] = {}
        present = denominator = 0
        for r in (r for r in rows if r.teacher_id == t.id):
            name = r.activity.hours_category or UNCATEGORISED
            c = cats.setdefault(name, {"required": 0.0, "sessions": 0, "missed": 0, "before_rule": 0.0})
            c["sessions"] += 1
            c["missed"] += r.status in policy.absence_rule_statuses
            if r.status in policy.hours_statuses:
                c["before_rule"] += float(r.activity.hours or 0.0)
            by_status[r.status] = by_status.get(r.status, 0) + 1
            if r.status not in policy.excluded_from_rate:
                denominator += 1
                present += r.status in policy.present_statuses
        for c in cats.values():
            c["lost"] = (policy.absence_rule_enabled and c["missed"] > 0
                         and Fraction(c["missed"], c["sessions"]) >= frac)
            c["earned"] = 0.0 if c["lost"] else c["before_rule"]
        for credit in (c for c in credits if c.teacher_id == t.id):  # after the rule, which judges sessions
            c = cats.setdefault(credit.category, {"required": 0.0, "sessions": 0, "missed": 0, "before_rule": 0.0,
                                                  "lost": False, "earned": 0.0})
            c["earned"] += credit.hours
        out[t.id] = {"name": t.name, "categories": cats, "by_status": by_status, "present": present,
                     "rate_denominator": denominator, "sessions": sum(c["sessions"] for c in cats.values()),
                     "required": float(policy.required_hours)}
    return out


def _check(semester: Semester, policy: Policy, teacher_ids: list[int] | None = None) -> int:
    ref = _reference(semester, policy, teacher_ids)
    got = teacher_hours(semester, policy, teacher_ids)
    assert sorted(h.teacher_id for h in got) == sorted(ref)
    for h in got:
        r = ref[h.teacher_id]
        assert (h.name, h.required, h.sessions, h.present, h.rate_denominator) == (
            r["name"], r["required"], r["sessions"], r["present"], r["rate_denominator"])
        assert h.by_status == r["by_status"]
        assert list(h.by_status) == list(r["by_status"])  # first-seen order, as the JSON lists them
        assert list(h.categories) == list(r["categories"])
        for name, c in h.categories.items():
            e = r["categories"][name]
            assert (c.name, c.required, c.sessions, c.missed, c.lost) == (
                name, e["required"], e["sessions"], e["missed"], e["lost"]), (h.name, name)
            assert c.before_rule == pytest.approx(e["before_rule"], abs=1e-9)
            assert c.earned == pytest.approx(e["earned"], abs=1e-9)
        assert h.total == pytest.approx(sum(c["earned"] for c in r["categories"].values()), abs=1e-9)
    return sum(h.sessions for h in got)


def test_teacher_hours_matches_per_row_reference(demo_db) -> None:
    policy = load_policy()
    counted = 0
    for sem in Semester.select():
        counted += _check(sem, policy)
    assert counted > 0  # the demo has attendance entered
    assert HoursCredit.select().count() > 0  # and 学时认定 for 自主研修


def test_teacher_hours_other_policy_and_teacher_subset(demo_db) -> None:
    # A different split: a category outside the policy's list, 公假 earning hours, a half rule.
    base = load_policy()
    policy = dataclasses.replace(
        base, hours_categories=[HoursCategory("全校研修", 10.0)], absence_rule_fraction=0.5,
        hours_statuses=[*base.hours_statuses, "公假"], excluded_from_rate=[])
    some = [t.id for t in Teacher.select().order_by(Teacher.id).limit(9)]
    for sem in Semester.select():
        _check(sem, policy)
        _check(sem, policy, some)
        _check(sem, policy, [])


def test_cancelled_activity_and_boundary(demo_db) -> None:
    """Cancelled activities earn nothing; missing exactly a third forfeits the category."""
    sem = (Semester.select().join(Activity).join(Attendance).distinct().order_by(Semester.start_date).first())
    act = Activity.select().where(Activity.semester == sem).join(Attendance).distinct().first()
    Activity.update(status="取消").where(Activity.id == act.id).execute()
    _check(sem, load_policy())
    # Three sessions of a fresh category for one teacher, one missed: exactly 1/3 → lost.
    t = Teacher.select().where(Teacher.status == "在职").first()
    for i, status in enumerate(["出勤", "出勤", "事假"]):
        a = Activity.create(semester=sem, kind="专题讲座", theme=f"边界{i}", date=sem.start_date, hours=1.5,
                            hours_category="边界类", status="已完成")
        Attendance.create(activity=a, teacher=t, status=status)
    _check(sem, load_policy())
    h = next(h for h in teacher_hours(sem, load_policy(), [t.id]))
    c = h.categories["边界类"]
    assert (c.sessions, c.missed, c.before_rule, c.lost, c.earned) == (3, 1, 3.0, True, 0.0)


def test_given_teachers_and_group_rates_from_activity_facts(demo_db) -> None:
    """Term statistics hand teacher_hours the staff rows and group_rates the activities they already read:
    the figures are those of the stand-alone calls and of a per-row count."""
    from yanxiu_desktop.domain.activities import activity_facts
    from yanxiu_desktop.domain.hours import group_rates
    from yanxiu_desktop.domain.roster import staff_rows

    policy = load_policy()
    staff = staff_rows()
    excluded, present = set(policy.excluded_from_rate), set(policy.present_statuses)
    for sem in Semester.select():
        by_ids = teacher_hours(sem, policy, [t.id for t in staff])
        assert [h.to_json() for h in teacher_hours(sem, policy, teachers=staff)] == [h.to_json() for h in by_ids]
        rates = group_rates(sem, policy)
        assert group_rates(sem, policy, activity_facts(sem)) == rates
        expected: dict[int, list[Any]] = {}
        for r in Attendance.select().join(Activity).where((Activity.semester == sem) & (Activity.status != "取消")):
            e = expected.setdefault(r.activity.group_id or 0, [set(), 0, 0])
            e[0].add(r.activity_id)
            if r.status not in excluded:
                e[2] += 1
                e[1] += r.status in present
        assert {g.group_id: (g.activities, g.present, g.denominator) for g in rates} == {
            gid: (len(acts), p, d) for gid, (acts, p, d) in expected.items() if d}
