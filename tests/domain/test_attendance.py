"""Attendance entry, audit and the credit-hour rules on hand-computed cases."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.attendance_helpers import make_activity, make_teachers, make_term
from yanxiu_desktop.domain import activities as acts
from yanxiu_desktop.domain import attendance as att
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.hours import loses_category, teacher_hours
from yanxiu_desktop.domain.policy import load_policy, preset
from yanxiu_desktop.store.models import Activity, Attendance, AuditEntry


def _hours_of(sem, tid):
    return next(h for h in teacher_hours(sem) if h.teacher_id == tid)


def test_mark_all_present_then_exceptions_audited(db) -> None:
    sem = make_term()
    ts = make_teachers(5)
    a = make_activity(sem, ts)
    assert att.mark_all_present(a.id) == 5
    assert acts.get_activity(a.id).status == "已完成"
    assert not AuditEntry.select().where(AuditEntry.table_name == "attendance").exists()
    att.set_status(a.id, ts[0].id, "事假", leave_reason="家中有事", approver="王主任", reason="补交请假条")
    entries = list(AuditEntry.select().where(AuditEntry.table_name == "attendance").order_by(AuditEntry.id))
    assert [(e.field, e.old, e.new, e.reason) for e in entries] == [
        ("status", "出勤", "事假", "补交请假条"), ("leave_reason", "", "家中有事", "补交请假条"),
        ("approver", "", "王主任", "补交请假条")]
    hist = att.attendance_history(a.id)
    assert any(h.teacher == ts[0].name and h.old == "出勤" and h.new == "事假" for h in hist)
    c = att.counts(att.sheet(a))
    assert (c.expected, c.present, c.leave, c.absent) == (5, 4, 1, 0)


def test_bad_sheet_writes_nothing(db) -> None:
    sem = make_term()
    ts = make_teachers(3)
    a = make_activity(sem, ts[:2])
    with pytest.raises(ValidationError) as exc:
        att.save_sheet(a.id, [att.Entry(ts[0].id, "出勤"), att.Entry(ts[1].id, "病假"),
                              att.Entry(ts[2].id, "出勤"), att.Entry(ts[0].id, "迟到", late_minutes=5)])
    text = "\n".join(exc.value.problems)
    assert f"{ts[1].name}：病假须填写请假事由" in text and f"{ts[1].name}：病假须填写批准人" in text
    assert f"{ts[2].name}：不在本次活动的应到名单中" in text
    assert "同一张签到表中出现了两次" in text
    assert Attendance.select().count() == 0


def test_cancelled_activity_refuses_and_earns_nothing(db) -> None:
    sem = make_term()
    ts = make_teachers(2)
    a = make_activity(sem, ts)
    att.mark_all_present(a.id)
    assert _hours_of(sem, ts[0].id).total == 2.0
    acts.cancel_activity(a.id, "停电")
    assert _hours_of(sem, ts[0].id).total == 0.0
    with pytest.raises(ValidationError, match="已取消"):
        att.set_status(a.id, ts[0].id, "缺席")


def test_one_third_boundary_included_and_gongjia_outside_rate(db) -> None:
    sem = make_term()
    ts = make_teachers(2)
    days = [dt.date(2025, 9, d) for d in (10, 17, 24)]
    items = [make_activity(sem, ts, day=d, category="学校培训", hours=2.0, theme=f"培训{i}") for i, d in enumerate(days)]
    small = make_activity(sem, ts, day=dt.date(2025, 10, 8), category="自主研修", hours=1.5, theme="自主")
    for a in [*items, small]:
        att.mark_all_present(a.id)
    # Teacher 0 misses exactly 1 of 3 学校培训 sessions (事假 counts): 1/3 → the category is lost.
    att.set_status(items[0].id, ts[0].id, "事假", leave_reason="病人陪护", approver="校长", reason="补交假条")
    # Teacher 1 is on 公假 once and late once: not lost, 公假 out of the 出勤率 denominator.
    att.set_status(items[1].id, ts[1].id, "公假", leave_reason="县里开会", reason="核对签到表")
    att.set_status(items[2].id, ts[1].id, "迟到", late_minutes=10, reason="核对签到表")
    h0, h1 = _hours_of(sem, ts[0].id), _hours_of(sem, ts[1].id)
    assert h0.lost_categories == ["学校培训"]
    assert h0.categories["学校培训"].before_rule == 4.0 and h0.hours("学校培训") == 0.0
    assert h0.total == 1.5 and h0.shortfall == load_policy().required_hours - 1.5
    assert h0.rate == pytest.approx(3 / 4)
    assert h1.lost_categories == [] and h1.hours("学校培训") == 4.0 and h1.total == 5.5
    assert h1.rate == 1.0 and h1.rate_denominator == 3


def test_rule_fraction_exact() -> None:
    p = preset("fenxiang_40")
    assert loses_category(1, 3, p) and loses_category(2, 6, p) and loses_category(3, 9, p)
    assert not loses_category(1, 4, p) and not loses_category(2, 7, p)
    p.absence_rule_enabled = False
    assert not loses_category(3, 3, p)


def test_zero_hours_activity_earns_nothing(db) -> None:
    sem = make_term()
    ts = make_teachers(2)
    # 15:30–17:00 is 90 minutes = 2 学时 at 45 minutes, but the activity was saved with 0 学时.
    zero = make_activity(sem, ts, hours=0.0, theme="零学时")
    blank = acts.create_activity(sem, kind="集体备课", theme="留空", date=dt.date(2025, 9, 17), start_time="15:30",
                                 end_time="17:00", hours_category="学校培训", participants_mode="custom",
                                 participant_ids=[t.id for t in ts])
    assert zero.hours == 0.0 and blank.hours == 2.0  # a blank 学时 is filled from the times on saving
    att.mark_all_present(zero.id)
    assert _hours_of(sem, ts[0].id).total == 0.0
    att.mark_all_present(blank.id)
    h = _hours_of(sem, ts[0].id)
    assert h.total == 2.0 and h.categories["学校培训"].sessions == 2


def test_qualified_needs_every_category_under_16888(db) -> None:
    from yanxiu_desktop.domain.stats import term_stats

    policy = preset("fenxiang_40")  # 学校培训 16 + 自主研修 8 + 高效课堂探究 8 + 小课题教研 8 = 40
    sem = make_term()
    one, spread, lost = make_teachers(3)

    def activity(day: int, category: str, hours: float, people: list) -> Activity:
        a = make_activity(sem, people, day=dt.date(2025, 10, day), category=category, hours=hours,
                          theme=f"{category}{day}")
        att.mark_all_present(a.id)
        return a

    # 40 学时 all in 学校培训: total met, three categories at 0 → 不合格.
    for day in (13, 14, 15, 16, 17):
        activity(day, "学校培训", 8.0, [one])
    # 8 + 8 学校培训, 8 each in the three others → 合格.
    activity(20, "学校培训", 8.0, [spread, lost])
    activity(21, "学校培训", 8.0, [spread, lost])
    activity(22, "自主研修", 8.0, [spread, lost])
    activity(23, "高效课堂探究", 8.0, [spread, lost])
    activity(24, "小课题教研", 8.0, [spread, lost])
    # lost: absent from 1 of 3 学校培训 sessions → 学校培训 forfeited (1/3 rule); 16 more 自主研修 hours make
    # the total 0 + 24 + 8 + 8 = 40 again, still 不合格.
    missed = activity(27, "学校培训", 8.0, [lost])
    att.set_status(missed.id, lost.id, "缺席", reason="核对签到表")
    activity(28, "自主研修", 16.0, [lost])

    hours = {h.teacher_id: h for h in teacher_hours(sem, policy)}
    assert [hours[t.id].total for t in (one, spread, lost)] == [40.0, 40.0, 40.0]
    assert hours[lost.id].lost_categories == ["学校培训"]
    assert [hours[t.id].result for t in (one, spread, lost)] == ["不合格", "合格", "不合格"]
    st = term_stats(sem, today=dt.date(2025, 11, 1), policy=policy)
    by_id = {r.teacher_id: r.result for r in st.hours}
    assessed = {r.teacher_id: r.result for r in st.assessment}
    # Mid-term the shortfalls read 进行中; the same teachers are 不合格 once the term is over (below).
    assert [by_id[t.id] for t in (one, spread, lost)] == ["进行中", "合格", "进行中"]
    assert [assessed[t.id] for t in (one, spread, lost)] == ["进行中", "合格", "进行中"]
    assert st.headline.hours_met == 1
    over = term_stats(sem, today=dt.date(2026, 2, 1), policy=policy)  # term end: every 不合格 is warned
    over_by = {r.teacher_id: r.result for r in over.hours}
    assert [over_by[t.id] for t in (one, spread, lost)] == ["不合格", "合格", "不合格"]
    assert {r.teacher_id: r.result for r in over.assessment}[one.id] == "不合格"
    short = {w.teacher_id: w.message for w in over.warnings if w.kind == "hours_short"}
    assert short[one.id] == f"{one.name}：学时 40，要求 40；分项未达标：自主研修 0/8、高效课堂探究 0/8、小课题教研 0/8"
    assert short[lost.id] == f"{lost.name}：学时 40，要求 40；分项未达标：学校培训 0/16"
    assert spread.id not in short


def test_a_sheet_before_the_day_changes_without_reason_and_overlong_lateness_are_refused(db) -> None:
    sem = make_term()
    ts = make_teachers(2)
    a = make_activity(sem, ts, day=dt.date(2025, 10, 15), category="学校培训", hours=2.0, theme="读书交流")
    with pytest.raises(ValidationError, match=r"还没有举行.*10月15日.*今天是 10月14日"):
        att.save_sheet(a.id, [att.Entry(ts[0].id, "出勤")], today=dt.date(2025, 10, 14))
    assert not Attendance.select().where(Attendance.activity == a.id).exists()
    att.save_sheet(a.id, [att.Entry(t.id, "出勤") for t in ts], today=dt.date(2025, 10, 15))  # the day itself
    with pytest.raises(ValidationError, match="修改原因"):
        att.save_sheet(a.id, [att.Entry(ts[0].id, "缺席"), att.Entry(ts[1].id, "出勤")], reason=" ")
    assert {r.status for r in Attendance.select().where(Attendance.activity == a.id)} == {"出勤"}
    audited_before = AuditEntry.select().count()
    att.set_status(a.id, ts[0].id, "缺席", reason="签到表核对有误")
    assert AuditEntry.select().count() > audited_before
    # 15:30—17:00 is 90 minutes: 500 minutes late is a typo
    timed = make_activity(sem, ts, day=dt.date(2025, 10, 22), category="学校培训", hours=2.0, theme="专题讲座")
    Activity.update(start_time="15:30", end_time="17:00").where(Activity.id == timed.id).execute()
    with pytest.raises(ValidationError, match=f"{ts[1].name}：迟到/早退分钟数应在 1～90 之间（活动共 90 分钟）"):
        att.save_sheet(timed.id, [att.Entry(ts[1].id, "迟到", late_minutes=500)])


def test_an_imported_leave_without_its_note_does_not_block_correcting_another_line(db) -> None:
    sem = make_term()
    ts = make_teachers(2)
    a = make_activity(sem, ts, day=dt.date(2025, 10, 15), theme="集体备课")
    # as the 考勤表 import stores it: 事假 with no reason and no approver
    att.save_sheet(a.id, [att.Entry(ts[0].id, "事假"), att.Entry(ts[1].id, "出勤")], require_leave_details=False)
    att.save_sheet(a.id, [att.Entry(ts[0].id, "事假"), att.Entry(ts[1].id, "迟到", late_minutes=5)],
                   reason="核对签到表")
    assert Attendance.get(Attendance.teacher == ts[1].id).status == "迟到"
    with pytest.raises(ValidationError, match=f"{ts[1].name}：病假须填写请假事由"):  # a new leave still needs it
        att.save_sheet(a.id, [att.Entry(ts[0].id, "事假"), att.Entry(ts[1].id, "病假")], reason="核对")
