import datetime as dt

import pytest

from yanxiu_desktop.domain import observations as obs_mod
from yanxiu_desktop.domain import roster, semesters
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.observations import ObservationInput
from yanxiu_desktop.store.models import AuditEntry, Observation, Setting


@pytest.fixture
def school(db):
    sem = semesters.create_semester(2025, 1, dt.date(2025, 9, 1), 20)
    a = roster.add_teacher(name="王丽", subject="语文", role="教研组长")
    b = roster.add_teacher(name="张三丰", subject="数学")
    return sem, a, b


def _inp(a, b, **kw) -> ObservationInput:
    base = dict(observer_id=a.id, observed_id=b.id if b else None, date=dt.date(2025, 10, 15), period=3,
                class_name="七年级(3)班", subject="数学", topic="一元一次方程", lesson_type="新授课",
                process=[["复习导入", "联系旧知，自然"], ["", ""], ["例题讲解", ""]],
                strengths="思路清楚", grade="良")
    base.update(kw)
    return ObservationInput(**base)


def test_create_and_list(school) -> None:
    sem, a, b = school
    o = obs_mod.create_observation(sem, _inp(a, b, rubric_id="five_items_100",
                                             scores={"goal": 9, "content": 13, "process": 22},
                                             st_samples="ttsd sst"))
    assert o.process == [["复习导入", "联系旧知，自然"], ["例题讲解", ""]]  # blank rows dropped
    assert o.total == 44 and o.rubric_version == "1"
    assert o.st_samples == "TTSTSST"
    assert Setting.get_or_none(Setting.key == "rubric_snapshot:five_items_100@1") is not None
    rows = obs_mod.list_observations(sem)
    assert rows[0].when == "2025年10月15日 第3节"
    assert rows[0].observed_name == "张三丰" and rows[0].observer_name == "王丽"
    assert rows[0].st_type
    assert obs_mod.list_observations(sem, b.id, "observer") == []
    assert len(obs_mod.list_observations(sem, b.id, "observed")) == 1
    assert obs_mod.last_observer_id() == a.id


def test_outside_teacher(school) -> None:
    sem, a, _ = school
    o = obs_mod.create_observation(sem, _inp(a, None, observed_id=None, observed_name="李 老师",
                                             observed_school="实验小学"))
    assert obs_mod.observed_label(o) == "李老师（实验小学）"


def test_every_bad_field_named_and_nothing_written(school) -> None:
    sem, a, _ = school
    with pytest.raises(ValidationError) as ei:
        obs_mod.create_observation(sem, _inp(a, a, date=dt.date(2026, 3, 1), period=13, grade="好",
                                             rubric_id="seven_items_100", scores={"goal": 12},
                                             st_samples="TX"))
    text = "\n".join(ei.value.problems)
    for word in ("授课教师与听课人", "听课日期", "节次", "等级", "教学目标", "S-T"):
        assert word in text
    assert Observation.select().count() == 0


def test_same_observer_same_period_refused(school) -> None:
    sem, a, b = school
    obs_mod.create_observation(sem, _inp(a, b))
    with pytest.raises(ValidationError, match="已有一条听课记录"):
        obs_mod.create_observation(sem, _inp(a, b, topic="别的课"))


def test_edit_and_delete_are_audited(school) -> None:
    sem, a, b = school
    o = obs_mod.create_observation(sem, _inp(a, b))
    assert AuditEntry.select().where(AuditEntry.table_name == "observation").count() == 0
    inp = obs_mod.input_from(o)
    inp.grade = "优"
    inp.topic = "一元一次方程（第2课时）"
    with pytest.raises(ValidationError, match="修改已保存的听课记录须填写修改原因"):
        obs_mod.update_observation(o.id, inp, reason="  ")
    assert obs_mod.get_observation(o.id).grade != "优"  # nothing half-written
    obs_mod.update_observation(o.id, inp, reason="按原始记录更正")
    fields = {e.field for e in AuditEntry.select().where(AuditEntry.table_name == "observation")}
    assert fields == {"grade", "topic"}
    with pytest.raises(ValidationError, match="删除听课记录须填写原因"):
        obs_mod.delete_observation(o.id)
    obs_mod.delete_observation(o.id, reason="重复录入")
    assert Observation.select().count() == 0
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert last.field == "deleted" and "张三丰" in last.old


def test_closed_term_refuses(school) -> None:
    sem, a, b = school
    sem.closed = True
    sem.save()
    with pytest.raises(ValidationError, match="归档"):
        obs_mod.create_observation(sem, _inp(a, b))


def test_demo_open_lessons_have_their_records(demo_db) -> None:  # noqa: ANN001
    """Everyone present at the demo's 公开课/示范课 wrote a 听课记录 linked to it, on the lesson's subject;
    the teacher's 成长档案 lists the lesson once, not once per observer."""
    from yanxiu_desktop.domain import portfolio_auto
    from yanxiu_desktop.domain.policy import load_policy
    from yanxiu_desktop.store.models import Activity, Attendance, Observation

    lessons = list(Activity.select().where(Activity.kind.in_(("公开课", "示范课")) & (Activity.status == "已完成")))
    assert lessons
    for lesson in lessons:
        present = {a.teacher_id for a in Attendance.select().where(
            (Attendance.activity == lesson) & Attendance.status.in_(load_policy().present_statuses))}
        present -= {lesson.presenter_id}
        linked = list(Observation.select().where(Observation.activity == lesson))
        assert {o.observer_id for o in linked} == present
        assert {(o.observed_id, o.date, o.subject) for o in linked} == {
            (lesson.presenter_id, lesson.date, lesson.presenter.subject)}
        assert lesson.presenter.subject in lesson.theme
        entries = portfolio_auto.auto_entries(lesson.presenter_id, lesson.semester)
        assert sum(1 for e in entries if e.kind == "公开课/示范课" and e.source_id == lesson.id) == 1
        linked_ids = {o.id for o in linked}
        assert not any(e.kind == "执教被听课" and e.source_id in linked_ids for e in entries)
