"""Planning warnings: clashes, holidays, group gaps, whole-school count — and that nothing is changed."""

from __future__ import annotations

import datetime as dt

from tests.domain import test_activities as base
from yanxiu_desktop.domain import activities as A
from yanxiu_desktop.domain import groups, semesters
from yanxiu_desktop.domain.calendar_days import set_holiday_range
from yanxiu_desktop.store.models import Activity

sem = base.sem  # the demo term without its demo plan


def _group(sem, name):
    return next(g for g in groups.list_groups(sem) if g.name == name)


def test_place_and_person_conflicts(sem):
    math, chinese = _group(sem, "数学教研组"), _group(sem, "语文教研组")
    host = groups.members(math)[0].teacher_id
    day = dt.date(2026, 9, 16)
    a = A.create_activity(sem, kind="集体备课", theme="数学备课", date=day, start_time="15:30", end_time="17:00",
                          place="会议室", group_id=math.id, host_id=host)
    b = A.create_activity(sem, kind="集体备课", theme="语文备课", date=day, start_time="16:00", end_time="17:00",
                          place="会议室", group_id=chinese.id, host_id=host)
    c = A.create_activity(sem, kind="读书交流", theme="不冲突", date=day, start_time="17:00", end_time="17:45",
                          place="会议室", group_id=chinese.id, host_id=host)
    kinds = {(w.kind, w.activity_ids) for w in A.plan_warnings(sem)}
    assert ("place", (a.id, b.id)) in kinds
    assert ("person", (a.id, b.id)) in kinds
    assert not any(c.id in ids for _, ids in kinds)  # back-to-back is fine
    # Term statistics hand over the activities they read as plain rows: the same warnings, host named.
    assert A.plan_warnings(sem, activities=A.activity_facts(sem)) == A.plan_warnings(sem)
    # The dialog's check on an unsaved activity sees the clash too.
    draft = Activity(semester=sem, kind="其他", theme="草稿", date=day, start_time="16:30", end_time="17:00",
                     place="会议室", status="计划")
    assert [w.kind for w in A.warnings_for(draft)] == ["place", "place"]
    # Warnings never change anything.
    assert A.get_activity(b.id).place == "会议室"


def test_outside_presenter_by_name_conflicts(sem):
    day = dt.date(2026, 9, 17)
    A.create_activity(sem, kind="专题讲座", theme="讲座一", date=day, start_time="09:00", end_time="10:00",
                      presenter_name="李教授", place="报告厅")
    b = A.create_activity(sem, kind="专题讲座", theme="讲座二", date=day, start_time="09:30", end_time="10:30",
                          presenter_name="李教授", place="阶梯教室")
    msgs = [w.message for w in A.warnings_for(b)]
    assert any("李教授" in m for m in msgs)


def test_group_gap_uses_term_calendar_and_whole_school_count(sem):
    set_holiday_range(sem, dt.date(2026, 10, 1), dt.date(2026, 10, 7), "国庆节")
    math = _group(sem, "数学教研组")
    A.create_series(sem, 2, "15:30", "17:00", 2, 19, kind="集体备课", theme="备课", group_id=math.id)
    warnings = A.plan_warnings(sem)
    math_gaps = [w for w in warnings if w.kind == "group_gap" and "数学教研组" in w.message]
    assert math_gaps == []  # weekly, the 国庆 week skipped does not count as a gap
    assert any(w.kind == "group_gap" and "语文教研组" in w.message for w in warnings)
    assert any(w.kind == "whole_school" for w in warnings)
    # Drop weeks 8–10: a gap of four weeks is reported with its dates.
    for a in A.list_activities(sem, group_id=math.id):
        if 8 <= semesters.week_of(sem, a.date) <= 10:
            A.cancel_activity(a.id, "测试")
    gaps = [w.message for w in A.plan_warnings(sem) if w.kind == "group_gap" and "数学教研组" in w.message]
    assert len(gaps) == 1 and "10月14日至11月11日" in gaps[0] and "28 天" in gaps[0]
    A.create_activity(sem, kind="专题讲座", theme="全校讲座", date=dt.date(2026, 11, 18), start_time="14:00",
                      end_time="15:30")
    assert not any(w.kind == "whole_school" for w in A.plan_warnings(sem))


def test_activity_on_holiday_warns(sem):
    set_holiday_range(sem, dt.date(2026, 10, 1), dt.date(2026, 10, 7), "国庆节")
    a = A.create_activity(sem, kind="其他", theme="假期里", date=dt.date(2026, 10, 2), start_time="09:00",
                          end_time="10:00")
    assert any(w.kind == "holiday" and "国庆节" in w.message for w in A.warnings_for(a))
