from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from yanxiu_desktop.domain import groups as g
from yanxiu_desktop.domain import roster, semesters
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.store.models import AuditEntry, Membership, MentorPair, Teacher


def test_add_search_sort(db: Path) -> None:
    for name in ("张三丰", "曾小贤", "阿布", "单雄信", "欧阳锋"):
        roster.add_teacher(name=name, subject="语文")
    names = [t.name for t in roster.list_teachers()]
    assert names == ["阿布", "欧阳锋", "单雄信", "曾小贤", "张三丰"]  # a, ou, shan, zeng, zhang
    assert [t.name for t in roster.list_teachers("zsf")] == ["张三丰"]
    assert [t.name for t in roster.list_teachers("zxx")] == ["曾小贤"]
    assert [t.name for t in roster.list_teachers("sxx")] == ["单雄信"]
    assert [t.name for t in roster.list_teachers("oy")] == ["欧阳锋"]


def test_validation_names_fields(db: Path) -> None:
    with pytest.raises(ValidationError) as info:
        roster.add_teacher(name="  ", gender="X", birth_date=dt.date(1900, 1, 1), role="校长")
    text = "；".join(info.value.problems)
    assert "姓名" in text and "性别" in text and "出生日期" in text and "角色" in text
    assert Teacher.select().count() == 0


def test_retire_keeps_row_and_audits(db: Path) -> None:
    t = roster.add_teacher(name="李四", birth_date=dt.date(1960, 5, 1))
    roster.set_status(t.id, "退休", dt.date(2020, 6, 1), reason="到龄")
    assert Teacher.get_by_id(t.id).status == "退休"
    assert roster.list_teachers() == []
    assert [x.name for x in roster.list_teachers(include_inactive=True)] == ["李四"]
    entry = AuditEntry.get(AuditEntry.table_name == "teacher")
    assert (entry.field, entry.old, entry.new, entry.reason) == ("status", "在职", "退休", "到龄")


def test_leaving_drops_future_planned_activities(db: Path) -> None:
    from tests.attendance_helpers import make_activity, make_teachers, make_term
    from yanxiu_desktop.domain import activities as acts
    from yanxiu_desktop.domain import attendance as att
    from yanxiu_desktop.domain.hours import teacher_hours

    sem = make_term()
    leaver, stayer = make_teachers(2)
    both = [leaver, stayer]
    done = make_activity(sem, both, day=dt.date(2025, 9, 10), theme="已开")
    att.mark_all_present(done.id)  # → 已完成, 2 学时 each
    earlier = make_activity(sem, both, day=dt.date(2025, 10, 8), theme="此前计划")
    same_day = make_activity(sem, both, day=dt.date(2025, 10, 15), theme="当天")
    later = make_activity(sem, both, day=dt.date(2025, 11, 5), theme="以后")
    entered = make_activity(sem, both, day=dt.date(2025, 11, 12), theme="已录考勤")
    att.set_status(entered.id, leaver.id, "出勤")  # entered but still 计划: a signed sheet is history
    with pytest.raises(ValidationError, match="调出须填写原因"):
        roster.set_status(leaver.id, "调出", dt.date(2025, 10, 15))
    roster.set_status(leaver.id, "调出", dt.date(2025, 10, 15), reason="调往中心校")

    def expected(a) -> list[int]:
        return [t.id for t in acts.expected_teachers(a)]

    assert set(expected(done)) == set(expected(earlier)) == set(expected(entered)) == {leaver.id, stayer.id}
    assert expected(same_day) == expected(later) == [stayer.id]
    entries = list(AuditEntry.select().where((AuditEntry.table_name == "activity")
                                             & (AuditEntry.field == "participants")).order_by(AuditEntry.row_id))
    assert [(e.row_id, e.reason) for e in entries] == [(same_day.id, "调往中心校"), (later.id, "调往中心校")]
    assert json.loads(entries[1].old) == sorted([leaver.id, stayer.id]) and json.loads(entries[1].new) == [stayer.id]
    hours = {h.teacher_id: h.total for h in teacher_hours(sem)}
    assert hours[leaver.id] == 4.0 and hours[stayer.id] == 2.0  # 已完成 + the entered sheet; nothing later
    # Reinstated: nobody is added back automatically.
    roster.set_status(leaver.id, "在职", dt.date(2025, 10, 20))
    assert expected(later) == [stayer.id]


def test_update_recomputes_pinyin(db: Path) -> None:
    t = roster.add_teacher(name="张三")
    roster.update_teacher(t.id, name="覃三")
    t = Teacher.get_by_id(t.id)
    assert (t.pinyin, t.initials) == ("qin san", "qs")


def test_mask_id_number() -> None:
    assert roster.mask_id_number("410101198501011234") == "4101**********1234"


def test_groups_members_copy_and_mentors(db: Path) -> None:
    a = semesters.create_semester(2025, 1, dt.date(2025, 9, 1))
    b = semesters.create_semester(2025, 2, dt.date(2026, 3, 2))
    t1, t2, t3 = (roster.add_teacher(name=n, subject="数学") for n in ("王芳", "李强", "赵敏"))
    grp = g.create_group(a, "教研组", "数学教研组", subject="数学")
    with pytest.raises(ValidationError, match="已有名为"):
        g.create_group(a, "教研组", "数学教研组")
    with pytest.raises(ValidationError, match="小组类型"):
        g.create_group(a, "兴趣组", "围棋组")
    g.set_member(grp.id, t2.id)
    g.set_member(grp.id, t1.id, "组长")
    g.set_member(grp.id, t3.id, "副组长")
    assert [(m.name, m.role) for m in g.members(grp)] == [("王芳", "组长"), ("赵敏", "副组长"), ("李强", "组员")]
    assert g.leader_name(grp) == "王芳"
    g.add_mentor_pair(a, t1.id, t2.id)
    with pytest.raises(ValidationError, match="已结对"):
        g.add_mentor_pair(a, t1.id, t2.id)
    with pytest.raises(ValidationError, match="同一个人"):
        g.add_mentor_pair(a, t1.id, t1.id)
    with pytest.raises(ValidationError, match=f"本学期 {t1.name} 已是 {t2.name} 的师傅"):
        g.add_mentor_pair(a, t2.id, t1.id)

    roster.set_status(t3.id, "调出", reason="调往中心校")
    assert g.copy_groups(a, b) == (1, 2, 1)
    assert g.copy_groups(a, b) == (0, 0, 0)  # twice does not duplicate
    new = g.list_groups(b)[0]
    assert [(m.name, m.role) for m in g.members(new)] == [("王芳", "组长"), ("李强", "组员")]
    assert MentorPair.select().where(MentorPair.semester == b).count() == 1


def test_closed_semester_is_read_only(db: Path) -> None:
    a = semesters.create_semester(2025, 1, dt.date(2025, 9, 1))
    grp = g.create_group(a, "年级组", "一年级组")
    a.closed = True
    a.save()
    with pytest.raises(ValidationError, match="归档"):
        g.create_group(a, "年级组", "二年级组")
    t = roster.add_teacher(name="钱多")
    with pytest.raises(ValidationError, match="归档"):
        g.set_member(grp.id, t.id)
    assert Membership.select().count() == 0


def test_demo_mix_follows_seed_004(demo_db: Path) -> None:
    from tests.conftest import DEMO_TODAY

    teachers = roster.list_teachers()
    assert len(teachers) == 60
    ages = [roster.age_on(t, DEMO_TODAY) for t in teachers]
    assert sum(a < 35 for a in ages) == 35 and sum(35 <= a <= 50 for a in ages) == 23
    assert sum(t.education == "本科" for t in teachers) == 36
    assert 33 <= sum(ages) / len(ages) <= 38
    sem = semesters.current_semester(DEMO_TODAY)
    kinds = {grp.kind for grp in g.list_groups(sem)}
    assert kinds == set(g.GROUP_KINDS)
    assert g.mentor_pairs(sem)


def test_staff_rows_are_teacher_rows_without_honours(demo_db) -> None:
    from yanxiu_desktop.domain.roster import staff_rows, teacher_rows

    for inactive in (False, True):
        rows = teacher_rows(include_inactive=inactive)
        assert [tuple(r.__dict__.values())[:-1] for r in rows] == [tuple(s) for s in staff_rows(inactive)]
    assert any(r.honours for r in teacher_rows())
