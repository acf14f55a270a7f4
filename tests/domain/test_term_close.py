"""结束学期并归档: a forced backup first, then the term is read-only everywhere until reopened with a reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from yanxiu_desktop.domain import groups, term_close
from yanxiu_desktop.domain.audit_log import audit_log
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.semesters import list_semesters
from yanxiu_desktop.store import backup as bk
from yanxiu_desktop.store.models import Activity, Group, Observation, Semester, Teacher


def _term() -> Semester:
    return list_semesters()[-1]  # the older demo term


def test_close_backs_up_first_then_refuses_writes(demo_db: Path) -> None:
    sem = _term()
    group = Group.select().where(Group.semester == sem).first()
    closed, info = term_close.close_term(sem.id, "已报送县教育局")
    assert closed.closed and closed.closed_at is not None
    assert info is not None and info.reason == "term_close" and bk.verify_file(info.path) == []
    sem = Semester.get_by_id(sem.id)
    with pytest.raises(ValidationError, match="已结束归档"):
        groups.create_group(sem, "教研组", "新成立的组")
    with pytest.raises(ValidationError, match="已结束归档"):
        groups.set_member(group.id, Teacher.select().first().id, "组员")
    with pytest.raises(ValidationError, match="已经归档"):
        term_close.close_term(sem.id)
    rows = audit_log(table="semester", row_id=sem.id)
    assert [(r.old, r.new, r.reason) for r in rows] == [("false", "true", "已报送县教育局")]


def test_closed_term_refuses_activities_attendance_observations(demo_db: Path) -> None:
    activities = pytest.importorskip("yanxiu_desktop.domain.activities")
    attendance = pytest.importorskip("yanxiu_desktop.domain.attendance")
    observations = pytest.importorskip("yanxiu_desktop.domain.observations")
    sem = _term()
    teacher = Teacher.select().first()
    act = activities.create_activity(sem, kind="专题讲座", theme="新课标解读", date=sem.start_date,
                                     participants_mode="all")
    obs = Observation.select().where(Observation.semester == sem).first()
    term_close.close_term(sem.id, force=True)  # the new 计划 activity would otherwise hold the close up
    sem = Semester.get_by_id(sem.id)
    with pytest.raises(ValidationError, match="已结束归档"):
        activities.create_activity(sem, kind="集体备课", theme="补录的活动", date=sem.start_date)
    with pytest.raises(ValidationError, match="已结束归档"):
        activities.update_activity(act.id, reason="改主题", theme="改过的主题")
    with pytest.raises(ValidationError, match="已结束归档"):
        attendance.save_sheet(act.id, [attendance.Entry(teacher.id, "出勤")])
    if obs is not None:
        with pytest.raises(ValidationError, match="已结束归档"):
            observations.delete_observation(obs.id, reason="删掉")
    with pytest.raises(ValidationError, match="已结束归档"):
        observations.create_observation(sem, observations.ObservationInput(observer_id=teacher.id,
                                                                             date=sem.start_date))
    assert Activity.get_by_id(act.id).theme == act.theme


def test_reopen_needs_a_reason_and_is_logged(demo_db: Path) -> None:
    sem = _term()
    term_close.close_term(sem.id)
    for blank in ("", "   "):
        with pytest.raises(ValidationError, match="必须填写原因"):
            term_close.reopen_term(sem.id, blank)
    assert Semester.get_by_id(sem.id).closed
    reopened = term_close.reopen_term(sem.id, "县教育局要求更正第三周考勤")
    assert not reopened.closed and reopened.closed_at is None
    groups.create_group(Semester.get_by_id(sem.id), "教研组", "补建的组")  # writable again
    with pytest.raises(ValidationError, match="没有归档"):
        term_close.reopen_term(sem.id, "再开一次")
    newest = audit_log(table="semester", row_id=sem.id)[0]
    assert (newest.field, newest.old, newest.new) == ("closed", "true", "false")
    assert newest.reason == "县教育局要求更正第三周考勤"
    assert [r.id for r in audit_log(search="第三周")] == [newest.id]
    assert newest.id in [r.id for r in audit_log(search="学期")]  # Chinese table name finds it
    assert isinstance(newest.ts, dt.datetime)


def test_close_is_refused_when_the_backup_fails(demo_db: Path) -> None:
    from yanxiu_desktop.paths import backup_dir

    backup_dir(demo_db).write_text("")  # the backup folder cannot be created
    with pytest.raises(bk.BackupError):
        term_close.close_term(_term().id)
    assert not Semester.get_by_id(_term().id).closed


def test_closing_a_running_term_or_one_with_planned_activities_needs_confirmation(demo_db: Path) -> None:
    from tests.conftest import DEMO_TODAY

    current = list_semesters()[0]
    before = len(bk.list_backups())
    with pytest.raises(ValidationError) as refused:
        term_close.close_term(current.id, today=DEMO_TODAY)
    text = str(refused.value)
    assert "到 2027年1月17日 才结束（今天是第十三周）" in text and "“计划”状态" in text and "--force" in text
    assert not Semester.get_by_id(current.id).closed and len(bk.list_backups()) == before  # nothing done
    assert term_close.closing_concerns(_term(), today=DEMO_TODAY) == []  # the finished demo term: no concern
    closed, _info = term_close.close_term(current.id, "县里提前要求归档", today=DEMO_TODAY, force=True)
    assert closed.closed


def test_an_archived_term_keeps_the_rules_it_was_reported_with(demo_db: Path) -> None:
    from yanxiu_desktop.domain import policy as pol
    from yanxiu_desktop.domain.hours import teacher_hours

    old, current = _term(), list_semesters()[0]
    term_close.close_term(old.id, "已报送县教育局")
    before = {h.teacher_id: (h.total, h.required, h.result) for h in teacher_hours(old)}
    changed = pol.preset("zhidu_60")  # the school adopts new rules afterwards
    changed.absence_rule_enabled = False
    pol.save_policy(changed)
    assert {h.teacher_id: (h.total, h.required, h.result) for h in teacher_hours(old)} == before
    assert pol.load_policy(old).required_hours != 60 and pol.load_policy(current).required_hours == 60
    assert {h.required for h in teacher_hours(current)} == {60}  # the running term follows the new rules
    term_close.reopen_term(old.id, "更正一条考勤")  # reopening to correct keeps the term's own rules
    assert {h.teacher_id: (h.total, h.required, h.result) for h in teacher_hours(old)} == before
