"""Automatic portfolio entries appear as soon as activities, observations and attendance are recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from yanxiu_desktop.domain import portfolio_auto, roster, semesters
from yanxiu_desktop.store.models import Activity, Attendance, Observation


def test_entries_follow_activities_observations_and_attendance(db: Path) -> None:
    term = semesters.create_semester(2025, 1, dt.date(2025, 9, 1), 20)
    me, a, b = roster.add_teacher(name="李华"), roster.add_teacher(name="王芳"), roster.add_teacher(name="赵强")
    assert portfolio_auto.auto_entries(me.id, term) == []

    lecture = Activity.create(semester=term, kind="专题讲座", theme="大单元教学设计", date=dt.date(2025, 9, 17),
                              presenter=me, hours=2, status="已完成")
    lesson = Activity.create(semester=term, kind="公开课", theme="秋天的雨", date=dt.date(2025, 10, 9),
                             presenter=me, host=a, hours=1.5, status="已完成")
    Activity.create(semester=term, kind="集体备课", theme="第三单元", date=dt.date(2025, 10, 15), host=me,
                    status="计划")
    Activity.create(semester=term, kind="专题讲座", theme="取消的讲座", date=dt.date(2025, 10, 20),
                    presenter=me, status="取消")
    for obs in (a, b):  # both observed the open lesson: already listed as the lesson itself
        Observation.create(semester=term, observer=obs, observed=me, date=lesson.date, topic="秋天的雨",
                           activity=lesson)
    for obs in (a, b):  # an ordinary lesson two colleagues sat in on: one entry
        Observation.create(semester=term, observer=obs, observed=me, date=dt.date(2025, 11, 3), period=2,
                           class_name="三年级(1)班", topic="掌声", subject="语文")
    Observation.create(semester=term, observer=me, observed=b, date=dt.date(2025, 11, 5), topic="分数的意义",
                       subject="数学", grade="优")
    Attendance.create(activity=lecture, teacher=me, status="出勤")
    Attendance.create(activity=lesson, teacher=me, status="迟到")

    entries = portfolio_auto.auto_entries(me.id, term)
    kinds = [e.kind for e in entries]
    assert kinds == ["主讲", "公开课/示范课", "主持", "执教被听课", "听课", "研修学时"]
    by_kind = {e.kind: e for e in entries}
    assert by_kind["公开课/示范课"].title == "执教公开课《秋天的雨》"
    assert by_kind["主持"].title == "主持集体备课：第三单元" and "计划" in by_kind["主持"].detail
    assert "2 人听课" in by_kind["执教被听课"].detail and "三年级(1)班第2节" in by_kind["执教被听课"].detail
    assert by_kind["听课"].title == "听赵强《分数的意义》"
    assert by_kind["研修学时"].title == "参加校本研修活动 2 次，计 3.5 学时"
    assert by_kind["公开课/示范课"].to_json()["auto"] is True

    # The host sees the lesson as hosted; other terms see nothing.
    assert [e.kind for e in portfolio_auto.auto_entries(a.id, term)][:1] == ["主持"]
    spring = semesters.create_semester(2025, 2, dt.date(2026, 3, 2), 19)
    assert portfolio_auto.auto_entries(me.id, spring) == []
    assert portfolio_auto.observation_counts(me.id, term) == (1, 4)
    summary = portfolio_auto.attendance_summary(me.id, term)
    assert summary.present == 2 and summary.to_json()["by_status"] == [{"status": "出勤", "count": 1},
                                                             {"status": "迟到", "count": 1}]


def test_portfolio_hours_are_the_registers_hours(demo_db) -> None:  # noqa: ANN001
    """One piece of code per idea: the portfolio shows exactly what the 学时 register computes,
    including categories lost to the one-third absence rule."""
    from tests.conftest import DEMO_TODAY
    from yanxiu_desktop.domain import hours, portfolio_auto, semesters

    sem = semesters.current_semester(DEMO_TODAY)
    register = hours.teacher_hours(sem)
    assert any(h.lost_categories for h in register), "demo should include someone losing a category"
    for h in register:
        summary = portfolio_auto.attendance_summary(h.teacher_id, sem)
        assert summary.hours == h.total
        assert summary.lost_categories == h.lost_categories


def test_credits_appear_with_their_basis_and_in_the_total(db: Path) -> None:
    from yanxiu_desktop.domain import hours_credit

    term = semesters.create_semester(2025, 1, dt.date(2025, 9, 1), 20)
    me = roster.add_teacher(name="李华")
    lecture = Activity.create(semester=term, kind="专题讲座", theme="大单元教学设计", date=dt.date(2025, 9, 17),
                              hours=2, hours_category="学校培训", status="已完成")
    Attendance.create(activity=lecture, teacher=me, status="出勤")
    hours_credit.add_credits(term, [me.id], "自主研修", 4, dt.date(2025, 11, 14), "读书笔记一万字（已交）")
    entries = {e.kind: e for e in portfolio_auto.auto_entries(me.id, term)}
    credit = entries["学时认定"]
    assert (credit.title, credit.date, credit.detail) == ("自主研修认定 4 学时", dt.date(2025, 11, 14),
                                                          "读书笔记一万字（已交）")
    assert entries["研修学时"].title == "参加校本研修活动 1 次，计 6 学时（含学时认定 4 学时）"
    summary = portfolio_auto.attendance_summary(me.id, term)
    assert (summary.hours, summary.credited) == (6.0, 4.0)
