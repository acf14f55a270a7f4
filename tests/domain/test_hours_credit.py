"""学时认定: hours granted for 自主研修 and other work without a sign-in sheet count like activity hours."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.attendance_helpers import make_activity, make_teachers, make_term
from yanxiu_desktop.domain import attendance as att
from yanxiu_desktop.domain import hours_credit as hc
from yanxiu_desktop.domain import portfolio
from yanxiu_desktop.domain.errors import NotFound, ValidationError
from yanxiu_desktop.domain.hours import teacher_hours
from yanxiu_desktop.domain.stats import term_stats
from yanxiu_desktop.domain.term_close import close_term, reopen_term
from yanxiu_desktop.store.models import AuditEntry, HoursCredit

DAY = dt.date(2025, 11, 20)


def _hours(sem, tid):  # noqa: ANN001
    return next(h for h in teacher_hours(sem) if h.teacher_id == tid)


def test_credits_count_in_the_category_and_make_the_teacher_qualify(db) -> None:  # noqa: ANN001
    sem = make_term()
    ts = make_teachers(2)
    for i in range(8):  # 16 学时 学校培训 from activities
        att.mark_all_present(make_activity(sem, ts, dt.date(2025, 9, 10) + dt.timedelta(days=7 * i)).id)
    for i in range(4):
        att.mark_all_present(make_activity(sem, ts, dt.date(2025, 9, 11) + dt.timedelta(days=7 * i),
                                           category="高效课堂探究").id)
    before = _hours(sem, ts[0].id)
    assert (before.hours("自主研修"), before.total, before.qualified) == (0.0, 24.0, False)

    hc.add_credits(sem, [ts[0].id], "自主研修", 8, DAY, "读书笔记一万字（已交教导处）")
    hc.add_credits(sem, [t.id for t in ts], "小课题教研", 8, DAY, "小课题结题报告")
    h = _hours(sem, ts[0].id)
    assert (h.hours("自主研修"), h.hours("小课题教研"), h.total, h.qualified) == (8.0, 8.0, 40.0, True)
    assert h.categories["自主研修"].credited == 8.0 and h.categories["自主研修"].sessions == 0
    assert not _hours(sem, ts[1].id).qualified  # no 自主研修 for the second teacher
    row = next(r for r in term_stats(sem, today=dt.date(2026, 2, 1)).hours if r.teacher_id == ts[0].id)
    assert (row.by_category["自主研修"], row.total, row.result) == (8.0, 40.0, "合格")


def test_the_absence_rule_takes_session_hours_not_credits(db) -> None:  # noqa: ANN001
    sem = make_term()
    ts = make_teachers(2)
    a1 = make_activity(sem, ts, category="小课题教研")
    a2 = make_activity(sem, ts, dt.date(2025, 9, 17), category="小课题教研")
    att.mark_all_present(a1.id)
    att.mark_all_present(a2.id)
    att.set_status(a2.id, ts[0].id, "缺席", reason="补录")  # 1 of 2 sessions missed: the item's hours go
    hc.add_credits(sem, [ts[0].id], "小课题教研", 4, DAY, "小课题阶段小结")
    cat = _hours(sem, ts[0].id).categories["小课题教研"]
    assert (cat.lost, cat.before_rule, cat.credited, cat.earned) == (True, 2.0, 4.0, 4.0)


def test_a_credit_for_someone_without_attendance_still_shows(db) -> None:  # noqa: ANN001
    sem = make_term()
    (t,) = make_teachers(1)
    hc.add_credits(sem, [t.id], "自主研修", 2.5, DAY, "每周网络学习心得")
    assert _hours(sem, t.id).total == 2.5
    assert [h.total for h in teacher_hours(sem, teacher_ids=[t.id])] == [2.5]


def test_bad_input_names_every_field_and_writes_nothing(db) -> None:  # noqa: ANN001
    sem = make_term()
    ts = make_teachers(2)
    item = portfolio.create_item(ts[1].id, kind="读书笔记", title="《给教师的建议》读书笔记", semester=sem)
    with pytest.raises(ValidationError) as exc:
        hc.add_credits(sem, [], "体育锻炼", 0, dt.date(2026, 3, 1), "  ")
    text = "\n".join(exc.value.problems)
    for words in ("请选择要认定学时的教师", "学时类别“体育锻炼”不在本校制度的类别中", "认定学时应大于 0",
                  "认定日期 2026-03-01 不在2025—2026学年第一学期", "请填写认定依据"):
        assert words in text
    with pytest.raises(ValidationError, match="不超过 40（本校每学期要求的学时"):
        hc.add_credits(sem, [ts[0].id], "自主研修", 120, DAY, "读书笔记")
    with pytest.raises(ValidationError, match="没有编号为 999 的教师"):
        hc.add_credits(sem, [ts[0].id, 999], "自主研修", 2, DAY, "读书笔记")
    with pytest.raises(ValidationError, match="必须是这位教师本人的"):
        hc.add_credits(sem, [ts[0].id], "自主研修", 2, DAY, "读书笔记", portfolio_item_id=item.id)
    assert HoursCredit.select().count() == 0
    assert not AuditEntry.select().where(AuditEntry.table_name == "hours_credit").exists()


def test_withdraw_needs_a_reason_and_both_steps_are_audited(db) -> None:  # noqa: ANN001
    sem = make_term()
    ts = make_teachers(2)
    item = portfolio.create_item(ts[0].id, kind="读书笔记", title="《给教师的建议》读书笔记", semester=sem)
    (credit,) = hc.add_credits(sem, [ts[0].id], "自主研修", 8, DAY, "读书笔记", portfolio_item_id=item.id)
    hc.add_credits(sem, [ts[1].id], "自主研修", 4, DAY + dt.timedelta(days=1), "教育叙事")
    rows = hc.list_credits(sem)
    assert [(r.name, r.hours, r.portfolio_title) for r in rows] == [
        (ts[1].name, 4.0, ""), (ts[0].name, 8.0, "《给教师的建议》读书笔记")]  # newest first
    assert [r.name for r in hc.list_credits(sem, teacher_id=ts[0].id)] == [ts[0].name]
    with pytest.raises(ValidationError, match="请说明撤销"):
        hc.withdraw_credit(credit.id, " ")
    hc.withdraw_credit(credit.id, "重复录入")
    assert _hours(sem, ts[0].id).total == 0.0
    with pytest.raises(NotFound):
        hc.withdraw_credit(credit.id, "再撤一次")
    log = [(e.field, e.reason) for e in AuditEntry.select().where(
        (AuditEntry.table_name == "hours_credit") & (AuditEntry.row_id == credit.id)).order_by(AuditEntry.id)]
    assert log == [("created", ""), ("deleted", "重复录入")]


def test_a_closed_term_is_read_only(db) -> None:  # noqa: ANN001
    sem = make_term()
    (t,) = make_teachers(1)
    (credit,) = hc.add_credits(sem, [t.id], "自主研修", 8, DAY, "读书笔记")
    sem, _backup = close_term(sem.id)
    with pytest.raises(ValidationError, match="已结束归档"):
        hc.add_credits(sem, [t.id], "自主研修", 2, DAY, "教育叙事")
    with pytest.raises(ValidationError, match="已结束归档"):
        hc.withdraw_credit(credit.id, "录错了")
    reopen_term(sem.id, "补录学时认定")
    hc.withdraw_credit(credit.id, "录错了")
    assert HoursCredit.select().count() == 0


def test_the_same_material_or_the_same_grant_is_not_credited_twice(db) -> None:
    sem = make_term()
    ts = make_teachers(2)
    note = portfolio.create_item(ts[0].id, kind="读书笔记", title="《给教师的建议》读书笔记", semester=sem)
    (first,) = hc.add_credits(sem, [ts[0].id], "自主研修", 4, DAY, "读书笔记", portfolio_item_id=note.id)
    assert hc.credited_item_ids(sem, ts[0].id) == {note.id}
    with pytest.raises(ValidationError, match=f"已于 2025-11-20 认定 4 学时（认定编号 {first.id}），同一份材料不能重复认定"):
        hc.add_credits(sem, [ts[0].id], "自主研修", 4, DAY + dt.timedelta(days=1), "又一次", portfolio_item_id=note.id)
    hc.add_credits(sem, [ts[1].id], "小课题教研", 2, DAY, "课题组会议记录")
    with pytest.raises(ValidationError) as twice:  # a double click, or the same paper entered again
        hc.add_credits(sem, [ts[0].id, ts[1].id], "小课题教研", 2, DAY, "课题组会议记录")
    assert f"{ts[1].name}：已有一条相同的学时认定" in str(twice.value) and ts[0].name not in str(twice.value)
    assert HoursCredit.select().count() == 2  # the second grant wrote nothing, not even for ts[0]
    hc.add_credits(sem, [ts[1].id], "小课题教研", 2, DAY, "课题组会议记录（第二次）")  # told apart: fine
    hc.withdraw_credit(first.id, "认定错了")
    assert hc.credited_item_ids(sem, ts[0].id) == set()  # withdrawn: the material may be credited again
