"""Activities: creation rules, participants, status, audit, holidays and recurring series."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import DEMO_TODAY
from yanxiu_desktop.domain import activities as A
from yanxiu_desktop.domain import groups, semesters
from yanxiu_desktop.domain.calendar_days import set_holiday_range
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.store.models import Activity, Attendance, AuditEntry, CalendarDay, Participant, Teacher


@pytest.fixture
def sem(demo_db):
    """The demo's current term with its demo plan removed, so each test sees only what it creates."""
    s = semesters.current_semester(DEMO_TODAY)
    ids = [a.id for a in Activity.select(Activity.id).where(Activity.semester == s)]
    # Later features' demo data (attendance…) hang on these activities; they go first.
    Attendance.delete().where(Attendance.activity.in_(ids)).execute()
    Participant.delete().where(Participant.activity.in_(ids)).execute()
    Activity.delete().where(Activity.id.in_(ids)).execute()
    CalendarDay.delete().where(CalendarDay.semester == s).execute()
    return s


def _group(sem, name):
    return next(g for g in groups.list_groups(sem) if g.name == name)


def test_week_numbers_across_new_year_and_holiday(sem):
    # Term 1 starts Monday 2026-08-31; the new year falls in 第十八周 and week numbers run on through it.
    assert sem.start_date == dt.date(2026, 8, 31)
    assert semesters.week_of(sem, dt.date(2026, 12, 31)) == 18
    assert semesters.week_of(sem, dt.date(2027, 1, 1)) == 18
    assert semesters.week_of(sem, dt.date(2027, 1, 4)) == 19
    set_holiday_range(sem, dt.date(2026, 10, 1), dt.date(2026, 10, 7), "国庆节")
    A.set_calendar_day(sem, dt.date(2027, 1, 1), "放假", "元旦")
    # A holiday does not shift week numbers: 国庆 week is still 第五周, the week after 第六周.
    assert semesters.week_of(sem, dt.date(2026, 10, 1)) == 5
    assert semesters.week_of(sem, dt.date(2026, 10, 8)) == 6
    assert semesters.week_label(semesters.week_of(sem, dt.date(2027, 1, 1))) == "第十八周"
    assert not A.is_school_day(sem, dt.date(2027, 1, 1))


def test_create_group_activity_materialises_members_and_hours(sem):
    g = _group(sem, "数学教研组")
    a = A.create_activity(sem, kind="集体备课", theme="分数的意义 单元备课", date=dt.date(2026, 9, 9),
                          start_time="15:30", end_time="17:00", place="数学组办公室", group_id=g.id)
    assert a.hours == 2.0  # 90 分钟 at 45 分钟/学时
    assert a.hours_category in ("高效课堂探究", "学校培训")
    members = [m.teacher_id for m in groups.members(g)]
    expected = A.expected_teachers(a)
    assert sorted(t.id for t in expected) == sorted(members)
    assert expected[0].id == members[0]  # 组长 first
    assert AuditEntry.select().where((AuditEntry.table_name == "activity") & (AuditEntry.row_id == a.id)).exists()


def test_whole_school_activity_orders_by_teaching_group(sem):
    a = A.create_activity(sem, kind="专题讲座", theme="新课标解读", date=dt.date(2026, 9, 16),
                          start_time="14:30", end_time="16:00", presenter_name="县教研室 王老师")
    assert a.participants_mode == "all"
    expected = A.expected_teachers(a)
    assert len(expected) == Teacher.select().where(Teacher.status == "在职").count()
    teaching = [g for g in groups.list_groups(sem, "教研组")]
    first_group_members = {m.teacher_id for m in groups.members(teaching[0])}
    assert expected[0].id in first_group_members


def test_validation_names_every_field_and_writes_nothing(sem):
    before = Activity.select().count()
    with pytest.raises(ValidationError) as exc:
        A.create_activity(sem, kind="开会", theme=" ", date=dt.date(2030, 1, 1), start_time="17:00",
                          end_time="15:00", hours_category="不存在的类别")
    text = "\n".join(exc.value.problems)
    for word in ("活动形式", "主题", "不在本学期", "结束时间", "学时类别"):
        assert word in text
    assert Activity.select().count() == before


def test_cancel_keeps_record_and_custom_participants(sem):
    g = _group(sem, "语文教研组")
    a = A.create_activity(sem, kind="读书交流", theme="《给教师的建议》读书交流", date=dt.date(2026, 10, 14),
                          start_time="15:30", end_time="16:15", group_id=g.id)
    ids = [t.id for t in A.expected_teachers(a)][:3]
    A.set_participants(a.id, ids)
    assert sorted(p.teacher_id for p in Participant.select().where(Participant.activity == a.id)) == sorted(ids)
    A.update_activity(a.id, place="阶梯教室")  # an edit of place keeps the hand-picked list
    assert Participant.select().where(Participant.activity == a.id).count() == 3
    with pytest.raises(ValidationError, match="取消活动须填写原因"):
        A.cancel_activity(a.id, " ")
    assert A.get_activity(a.id).status != "取消"
    A.cancel_activity(a.id, "县里统一调研")
    a = A.get_activity(a.id)
    assert a.status == "取消" and "县里统一调研" in a.note
    with pytest.raises(ValidationError, match="已经取消"):  # a second 取消原因 would pile up in the note
        A.cancel_activity(a.id, "再取消一次")
    assert AuditEntry.select().where((AuditEntry.row_id == a.id) & (AuditEntry.field == "status")).exists()
    assert a in A.list_activities(sem, status="取消")


def test_list_filters_by_teacher_involved(sem):
    g = _group(sem, "英语教研组")
    presenter = groups.members(_group(sem, "数学教研组"))[0]
    a = A.create_activity(sem, kind="公开课", theme="Unit 3 公开课", date=dt.date(2026, 11, 4),
                          start_time="09:00", end_time="09:40", group_id=g.id, presenter_id=presenter.teacher_id)
    assert a in A.list_activities(sem, teacher_id=presenter.teacher_id)
    assert a in A.list_activities(sem, kind="公开课", group_id=g.id)
    assert a not in A.list_activities(sem, kind="专题讲座")
    # Several teachers at once (a pinyin initial in the calendar filter): the same as one query each.
    some = [*[m.teacher_id for m in groups.members(g)][:3], presenter.teacher_id]
    assert A.activity_ids_of_teachers(sem, some) == {x.id for t in some for x in A.list_activities(sem, teacher_id=t)}
    assert A.activity_ids_of_teachers(sem, []) == set()


def test_series_skips_holidays_and_edits_one_or_following(sem):
    set_holiday_range(sem, dt.date(2026, 10, 1), dt.date(2026, 10, 7), "国庆节")
    g = _group(sem, "数学教研组")
    acts = A.create_series(sem, 2, "15:30", "17:00", 2, 18, kind="集体备课", theme="单元集体备课",
                           group_id=g.id, place="会议室")
    dates = [a.date for a in acts]
    assert dt.date(2026, 9, 30) in dates and dt.date(2026, 10, 7) not in dates
    assert len(acts) == 16 and len({a.series_id for a in acts}) == 1
    assert all(a.date.weekday() == 2 for a in acts)
    # Moving the meetings from the one before 9月30日 on to Thursdays would put 9月30日's on 10月1日 (国庆节):
    # refused whole, nothing moved.
    before = acts[dates.index(dt.date(2026, 9, 30)) - 1]
    with pytest.raises(ValidationError, match="会落在放假日：10月1日（国庆节）"):
        A.update_series(before.id, "following", date=before.date + dt.timedelta(days=1))
    assert A.get_activity(before.id).date == before.date
    # One occurrence moves to Thursday; the others stay.
    A.update_series(acts[3].id, "one", date=acts[3].date + dt.timedelta(days=1), place="录播室")
    assert A.get_activity(acts[3].id).date.weekday() == 3
    assert A.get_activity(acts[4].id).place == "会议室"
    # From week 12 on: 16:00–17:30 and one day later, every later occurrence.
    idx = next(i for i, a in enumerate(acts) if semesters.week_of(sem, a.date) == 12)
    A.update_series(acts[idx].id, "following", start_time="16:00", end_time="17:30",
                    date=acts[idx].date + dt.timedelta(days=1))
    after = [A.get_activity(a.id) for a in acts]
    assert all(a.start_time == "16:00" and a.date.weekday() == 3 for a in after[idx:])
    assert all(a.start_time == "15:30" for a in after[:idx])


def test_series_every_two_weeks_all_or_nothing(sem):
    g = _group(sem, "语文教研组")
    acts = A.create_series(sem, 3, "15:30", "17:00", 2, 10, every_n_weeks=2, kind="听评课", theme="听评课",
                           group_id=g.id)
    assert [semesters.week_of(sem, a.date) for a in acts] == [2, 4, 6, 8, 10]
    before = Activity.select().count()
    with pytest.raises(ValidationError):
        A.create_series(sem, 3, "15:30", "17:00", 2, 10, kind="听评课", theme="", group_id=g.id)
    assert Activity.select().count() == before


def test_calendar_day_rules(sem):
    with pytest.raises(ValidationError):
        A.set_calendar_day(sem, dt.date(2026, 9, 30), "调休上班", "不是周末")
    A.set_calendar_day(sem, dt.date(2026, 9, 26), "调休上班", "国庆调休")
    assert A.is_school_day(sem, dt.date(2026, 9, 26))
    A.remove_calendar_day(sem, dt.date(2026, 9, 26))
    assert not A.is_school_day(sem, dt.date(2026, 9, 26))
    assert dt.date(2026, 9, 26) not in {c.date for c in A.calendar_days(sem)}


def test_closed_term_refuses_writes(sem):
    sem.closed = True
    sem.save()
    with pytest.raises(ValidationError):
        A.create_activity(sem, kind="其他", theme="x", date=dt.date(2026, 9, 9))


def test_demo_term_has_a_realistic_plan(demo_db):
    s = semesters.current_semester(DEMO_TODAY)
    plan = A.list_activities(s)
    assert len(plan) > 50
    assert {a.status for a in plan} == {"已完成", "计划", "取消"}
    assert all(a.status != "计划" for a in plan if a.date < DEMO_TODAY)
    assert any(a.group_id is None for a in plan) and any(a.kind == "公开课" for a in plan)
    assert any(c.name == "国庆节" for c in A.calendar_days(s))
    assert any(c.kind == "调休上班" for c in A.calendar_days(s))
    assert not any(a.date.month == 10 and a.date.day <= 7 for a in plan)
